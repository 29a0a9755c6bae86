from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from axes.signals import user_locked_out

        from accounts import security
        from accounts.ownership import drop_triggers, install_triggers

        # Sent once for this app before and after every migrate: the
        # same-owner triggers are out of the way while tables are rebuilt and
        # back once every table exists (see accounts/ownership.py).
        pre_migrate.connect(drop_triggers, sender=self)
        post_migrate.connect(install_triggers, sender=self)
        # Infrastructure, not the domain's flow: the sign-in views are
        # Django's and django-axes's, and these signals are the hooks they
        # offer for the security log (accounts/security.py).
        user_logged_in.connect(security.log_sign_in, dispatch_uid="log-sign-in")
        user_logged_out.connect(security.log_sign_out, dispatch_uid="log-sign-out")
        user_login_failed.connect(
            security.log_failed_sign_in, dispatch_uid="log-failed-sign-in"
        )
        user_locked_out.connect(security.log_lockout, dispatch_uid="log-lockout")


class PrivateAdminConfig(admin_apps.AdminConfig):
    """Django's admin, run by accounts.admin_privacy.PrivateAdminSite."""

    default = False  # named in INSTALLED_APPS; AccountsConfig is this app's

    default_site = "accounts.admin_privacy.PrivateAdminSite"
