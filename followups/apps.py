from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self):
        from contacts import timeline
        from followups import timeline as followups_timeline

        # Add this app's events to a contact's timeline; contacts, the lower
        # app, cannot import them itself.
        timeline.register(followups_timeline.learning_events)
        timeline.register(followups_timeline.thank_you_events)
        timeline.register(followups_timeline.followup_events)
        timeline.register(followups_timeline.touchpoint_events)
