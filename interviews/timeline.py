"""What the interviews app adds to a contact's timeline (see contacts/timeline.py)."""

from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from contacts.timeline import Event
from interviews.models import InterviewRequest


def request_events(contact):
    events = []
    for request in contact.requests.all():
        channel = request.get_channel_display()
        url = reverse("interviews:request_detail", args=[request.pk])
        if request.sent_at is None:
            events.append(
                Event(
                    request.created_at,
                    _("Request"),
                    _("%(channel)s request drafted") % {"channel": channel},
                    request.subject,
                    url,
                )
            )
            continue
        events.append(
            Event(
                request.sent_at,
                _("Request"),
                _("%(channel)s request sent") % {"channel": channel},
                request.subject,
                url,
            )
        )
        # Each call that reached them or their voicemail, read from the
        # request's own log (no query more). The student's notes on a call
        # stay on the request's page.
        events.extend(
            Event(call.when, _("Call"), capfirst(call.said), "", url)
            for call in request.calls()
            if call.when is not None and call.reached_them
        )
        if request.answered_at:
            events.append(
                Event(
                    request.answered_at,
                    _("Answer"),
                    request.get_status_display(),
                    Truncator(request.answer_notes).words(30),
                )
            )
        elif request.status in (
            InterviewRequest.Status.NO_REPLY,
            InterviewRequest.Status.WITHDRAWN,
        ):
            events.append(
                Event(request.updated_at, _("Request"), request.get_status_display())
            )
    return events


def interview_events(contact):
    events = []
    for interview in contact.interviews.all():
        url = reverse("interviews:detail", args=[interview.pk])
        events.append(
            Event(
                interview.starts_at,
                _("Interview"),
                _("%(kind)s — %(status)s")
                % {
                    "kind": interview.kind_of_interview,
                    "status": interview.get_status_display().lower(),
                },
                interview.location,
                url,
            )
        )
        if interview.notes:
            events.append(
                Event(
                    interview.completed_at or interview.ends_at,
                    _("Notes"),
                    _("Notes from the conversation"),
                    Truncator(interview.notes).words(40),
                )
            )
    return events
