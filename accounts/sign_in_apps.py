"""django-axes and django-otp's TOTP app, under names career-centre staff
recognise in the admin. Named in INSTALLED_APPS; a module of their own, as
accounts/apps.py must hold one app config that is not marked default=False."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class SignInLockoutsConfig(AxesConfig):
    verbose_name = _("Sign-in lockouts")


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Authenticator apps")
