from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.ownership import install_triggers

        # Sent once for this app after every migrate, when all tables exist.
        post_migrate.connect(install_triggers, sender=self)
