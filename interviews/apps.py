from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self):
        from contacts import timeline
        from interviews import timeline as interviews_timeline

        # Add this app's events to a contact's timeline; contacts, the lower
        # app, cannot import them itself.
        timeline.register(interviews_timeline.request_events)
        timeline.register(interviews_timeline.interview_events)
