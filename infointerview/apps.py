from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfointerviewConfig(AppConfig):
    """The top layer: the home page, the dashboard and the demo data."""

    name = "infointerview"
    verbose_name = _("Infointerview")
