"""django-axes, under a name career-centre staff recognise in the admin.
Named in INSTALLED_APPS; a module of its own, as accounts/apps.py must hold
one app config that is not marked default=False."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class SignInLockoutsConfig(AxesConfig):
    verbose_name = _("Sign-in lockouts")
