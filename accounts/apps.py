from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.ownership import drop_triggers, install_triggers

        # Sent once for this app before and after every migrate: the
        # same-owner triggers are out of the way while tables are rebuilt and
        # back once every table exists (see accounts/ownership.py).
        pre_migrate.connect(drop_triggers, sender=self)
        post_migrate.connect(install_triggers, sender=self)


class PrivateAdminConfig(admin_apps.AdminConfig):
    """Django's admin, run by accounts.admin_privacy.PrivateAdminSite."""

    default = False  # named in INSTALLED_APPS; AccountsConfig is this app's

    default_site = "accounts.admin_privacy.PrivateAdminSite"
