"""What the followups app adds to a contact's timeline (see contacts/timeline.py)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from contacts.timeline import Event
from followups.models import Learning, ThankYouNote
from interviews.models import Interview


def learning_events(contact):
    return [
        Event(
            learning.created_at,
            _("Learning"),
            learning.get_kind_display(),
            Truncator(learning.text).words(40),
        )
        for learning in Learning.objects.filter(interview__contact=contact)
    ]


# Whole sentences rather than a lower-cased choice label, which turned the
# product's name into "infointerview" (and cannot be translated well).
SENT_VIA_TITLES = {
    ThankYouNote.SentVia.EMAIL: _("Thank-you note sent by email from Infointerview"),
    ThankYouNote.SentVia.EMAIL_APP: _("Thank-you note sent from my own email"),
    ThankYouNote.SentVia.MAIL: _("Thank-you note sent by mail or by hand"),
}


def thank_you_events(contact):
    events = []
    notes = ThankYouNote.objects.filter(interview__contact=contact).select_related(
        "interview"
    )
    for note in notes:
        if not note.sent_at and note.interview.status != Interview.Status.COMPLETED:
            continue  # reopened: the note waits, nothing is due
        if note.sent_at:
            title = SENT_VIA_TITLES.get(note.sent_via, _("Thank-you note sent"))
            events.append(Event(note.sent_at, _("Thank-you"), title, note.subject))
        else:
            events.append(
                Event(
                    note.due_at, _("Thank-you"), _("Thank-you note due"), note.subject
                )
            )
    return events


def followup_events(contact):
    return [
        Event(
            followup.done_at or followup.due_on,
            _("Follow-up"),
            followup.title,
            _("Done") if followup.done_at else _("Due"),
        )
        for followup in contact.followups.all()
    ]


def touchpoint_events(contact):
    return [
        Event(
            touchpoint.happened_on,
            _("Touchpoint"),
            touchpoint.get_kind_display(),
            Truncator(touchpoint.note).words(40),
            touchpoint.link,
        )
        for touchpoint in contact.touchpoints.all()
    ]
