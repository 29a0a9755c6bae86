"""What happens after the conversation: the rules that span several models."""

import datetime
import re

from django.db import transaction
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Contact, LeadSource
from followups.models import FollowUp, ThankYouNote
from interviews import drafting
from interviews.models import MessageTemplate

LEAD_PURSUE_AFTER = datetime.timedelta(days=2)

# The sentence of a thank-you template that holds {learning}, with the space
# before it: "... on Monday. What stayed with me most: {learning}"
_LEARNING_SENTENCE = re.compile(r"[ \t]*[^.!?\n]*\{learning\}[^.!?\n]*[.!?]?")


@transaction.atomic
def complete_interview(interview, when=None):
    """The conversation took place: a thank-you is now due within a day."""
    interview.complete(when)
    note = start_thank_you(interview)
    due_at = ThankYouNote.due_for(interview)
    if note.due_at != due_at:
        # Completed again after a reopen and a move: due after the new time.
        note.due_at = due_at
        note.save(update_fields=["due_at", "updated_at"])
    local_due = timezone.localtime(note.due_at, interview.owner.zone).date()
    FollowUp.objects.get_or_create(
        owner=interview.owner,
        contact=interview.contact,
        interview=interview,
        kind=FollowUp.Kind.THANK_YOU,
        defaults={
            "title": _("Send the thank-you note to %(name)s")
            % {"name": interview.contact.full_name},
            "due_on": local_due,
        },
    )
    return note


class NoteAlreadySent(ValueError):
    """The thank-you went out: the conversation certainly took place."""


@transaction.atomic
def reopen_interview(interview):
    """Undo "it took place" while the thank-you has not gone out.

    The note keeps whatever the student wrote (it is theirs, and useful when
    the interview does take place), but it is a draft again and nothing says
    it is due: the reminder to send it is removed.
    """
    note = ThankYouNote.objects.filter(interview=interview).first()
    if note is not None and note.status == ThankYouNote.Status.SENT:
        raise NoteAlreadySent("The thank-you note was sent.")
    interview.reopen()
    FollowUp.objects.filter(
        interview=interview, kind=FollowUp.Kind.THANK_YOU, done_at__isnull=True
    ).delete()
    if note is not None and note.status == ThankYouNote.Status.READY:
        note.status = ThankYouNote.Status.DRAFT
        note.save(update_fields=["status", "updated_at"])


def start_thank_you(interview):
    """The interview's thank-you note, drafted from the user's wording."""
    note, created = ThankYouNote.objects.get_or_create(
        interview=interview,
        defaults={"due_at": ThankYouNote.due_for(interview)},
    )
    if created:
        note.subject, note.body = draft_thank_you(interview, [], ask=False)
        note.save(update_fields=["subject", "body"])
    return note


def draft_thank_you(interview, learnings, ask):
    """(subject, body) of a thank-you mentioning the learnings picked."""
    user, contact = interview.owner, interview.contact
    values = drafting.values_for(contact, user)
    values["interview_date"] = format_date(
        timezone.localtime(interview.starts_at, user.zone), "l j F"
    )
    values["learning"] = " ".join(learning.text.strip() for learning in learnings)
    values["keep_in_mind"] = (
        _(
            "If a position that suits my background comes up, I would be grateful "
            "if you kept me in mind."
        )
        if ask
        else ""
    )
    subject, body = drafting.template_text(user, MessageTemplate.Kind.THANK_YOU)
    if not values["learning"]:
        # Nothing picked yet: the sentence that would say it waits, rather
        # than showing a raw {learning} in the draft.
        body = _LEARNING_SENTENCE.sub("", body)
    body = drafting.fill(body, values)
    if not ask:
        # The keep-in-mind sentence is optional: no stray blank is left behind.
        body = body.replace("{keep_in_mind}", "").replace(" \n", "\n")
    return drafting.fill(subject, values), body


def _plain(text):
    """Text as compared for "untouched": browsers send CRLF, and trailing
    spaces are not an edit."""
    lines = str(text).replace("\r\n", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def is_as_drafted(interview, subject, body, learnings, ask):
    """Whether a note's text is exactly what drafting gives for that pick, so
    that redrafting it loses nothing the student wrote."""
    drafted = draft_thank_you(interview, learnings, ask)
    return (_plain(subject), _plain(body)) == tuple(_plain(t) for t in drafted)


@transaction.atomic
def add_leads(interview, rows):
    """New contacts the interviewee suggested, each referred by them, each
    with a follow-up to pursue the lead. rows: dicts of contact fields."""
    referrer = interview.contact
    today = timezone.localdate(timezone.now(), interview.owner.zone)
    created = []
    for row in rows:
        organization = row.pop("organization", None)
        lead = Contact(
            owner=interview.owner,
            lead_source=LeadSource.REFERRAL,
            referred_by=referrer,
            found_through=_("Suggested by %(name)s") % {"name": referrer.full_name},
            organization=organization,
            **row,
        )
        lead.full_clean(exclude=["organization"])
        lead.save()
        FollowUp.objects.create(
            owner=interview.owner,
            contact=lead,
            interview=interview,
            kind=FollowUp.Kind.PURSUE_LEAD,
            title=_("Contact %(name)s (suggested by %(referrer)s)")
            % {"name": lead.full_name, "referrer": referrer.full_name},
            due_on=today + LEAD_PURSUE_AFTER,
        )
        created.append(lead)
    return created
