"""Keeping the network: who is due for a check-in, what to say, and what a
touchpoint changes."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from contacts.models import Contact
from followups.models import FollowUp, Learning, Touchpoint

# Thanked contacts are in the network: the cadence runs from then on.
NETWORK_STAGES = (Contact.Stage.THANKED, Contact.Stage.IN_NETWORK)


@dataclass(frozen=True)
class CheckIn:
    contact: Contact
    due_on: datetime.date
    last_contact: datetime.date | None
    reason: str


@dataclass(frozen=True)
class Member:
    """A contact in the network and when to get in touch with them next."""

    contact: Contact
    next_on: datetime.date | None  # None: they asked not to be contacted
    check_in: CheckIn | None  # set when a check-in is due, with what to say

    @property
    def is_due(self):
        return self.check_in is not None


@dataclass(frozen=True)
class Logged:
    touchpoint: Touchpoint
    joined_network: bool
    checkins_closed: int


def in_network(user):
    return Contact.objects.for_user(user).filter(stage__in=NETWORK_STAGES)


def next_checkin_on(contact, zone):
    """The last contact plus the cadence; without a recorded contact, the
    cadence runs from the stage change (the thank-you, usually).

    None for someone outside the network or who asked not to be contacted.
    """
    if contact.stage not in NETWORK_STAGES or contact.keep_in_touch_days is None:
        return None
    last = contact.last_contacted_on or timezone.localdate(
        contact.stage_changed_at, zone
    )
    return last + datetime.timedelta(days=contact.keep_in_touch_days)


def checkins_due(user, today, contacts=None):
    """Contacts in the network whose keep-in-touch cadence has run out, the
    longest waiting first.

    Two queries: the contacts (unless the caller has them already), and the
    latest things learned from the due ones, for a reason to write that is
    about them, not about the student.
    """
    if contacts is None:
        contacts = (
            in_network(user)
            .filter(keep_in_touch_days__isnull=False)
            .select_related("organization")
        )
    due = []
    for contact in contacts:
        due_on = next_checkin_on(contact, user.zone)
        if due_on is not None and due_on <= today:
            due.append((contact, due_on))
    learned = _latest_learning_by_contact(user, [contact for contact, _d in due])
    return sorted(
        (
            CheckIn(
                contact,
                due_on,
                contact.last_contacted_on,
                _reason(learned.get(contact.pk)),
            )
            for contact, due_on in due
        ),
        key=lambda check_in: check_in.due_on,
    )


def network_members(user, today):
    """Everyone in the network: those due first (the longest waiting first),
    then by the next check-in, and those not to be contacted last. Two
    queries, whatever the size of the network."""
    contacts = list(
        in_network(user)
        .select_related("organization")
        .order_by("last_name", "first_name", "id")
    )
    due = {
        check_in.contact.pk: check_in
        for check_in in checkins_due(user, today, contacts)
    }
    members = [
        Member(contact, next_checkin_on(contact, user.zone), due.get(contact.pk))
        for contact in contacts
    ]
    # A stable sort: people due on the same day stay in name order.
    return sorted(members, key=lambda m: (m.next_on is None, m.next_on or today))


def suggestion_for(user, contact):
    """What to write to one contact about (one query)."""
    return _reason(_latest_learning_by_contact(user, [contact]).get(contact.pk))


@transaction.atomic
def log_touchpoint(user, contact, *, today, kind, happened_on, link="", note=""):
    """Record a touchpoint and what follows from it: a thanked contact who
    hears from the student again is in the network, and the check-in it
    answers is done."""
    touchpoint = Touchpoint.objects.log(
        contact=contact, kind=kind, happened_on=happened_on, link=link, note=note
    )
    joined = contact.stage == Contact.Stage.THANKED and contact.advance_to(
        Contact.Stage.IN_NETWORK
    )
    answered = (
        FollowUp.objects.for_user(user)
        .due(today)
        .filter(contact=contact, kind=FollowUp.Kind.CHECK_IN)
    )
    closed = 0
    for follow_up in answered:
        follow_up.mark_done()
        closed += 1
    return Logged(touchpoint, joined, closed)


def _latest_learning_by_contact(user, contacts):
    """{contact pk: the text of the latest thing learned from them}."""
    if not contacts:
        return {}
    rows = (
        Learning.objects.for_user(user)
        .filter(interview__contact__in=contacts)
        .order_by("created_at", "id")
        .values_list("interview__contact_id", "text")
    )
    # Later rows overwrite earlier ones: the latest learning wins.
    return dict(rows)


def _reason(learning_text):
    if learning_text is not None:
        return _(
            "Share an article or news about something they told you: “%(topic)s”"
        ) % {"topic": Truncator(learning_text).words(12)}
    return _(
        "Share news of your own: a new course, a co-op placement, a graduation — "
        "and thank them again for their advice."
    )
