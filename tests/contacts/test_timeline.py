"""A contact's timeline: every kind of event, from every app, newest first."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Channel
from followups.models import Touchpoint
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    LearningFactory,
    ThankYouNoteFactory,
)

pytestmark = pytest.mark.django_db

# Far from Toronto (the site's zone), so that a day in the student's zone is
# not the same as a day in the site's.
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def at(day, hour, minute=0):
    """A moment of June 2026 in Vancouver."""
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=VANCOUVER)


def travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def contact(user):
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])
    with travel(at(1, 9)):
        return ContactFactory(owner=user)


def log_touchpoint(contact, day, *, logged_at):
    with travel(logged_at):
        Touchpoint.objects.log(
            contact=contact,
            kind=Touchpoint.Kind.CHECK_IN,
            happened_on=datetime.date(2026, 6, day),
        )


def timeline(client, contact):
    response = client.get(reverse("contacts:detail", args=[contact.pk]))
    return [(str(event.kind), str(event.title)) for event in response.context["events"]]


def test_it_lists_every_kind_of_event_newest_first(owner_client, user, contact):
    # Met at an open house the day they were added: a touchpoint of that day.
    log_touchpoint(contact, 1, logged_at=at(1, 17))
    with travel(at(2, 9)):
        sent = InterviewRequestFactory(owner=user, contact=contact)
    sent.mark_sent(at(2, 10))
    sent.mark_accepted(at(3, 9, 30))
    with travel(at(4, 12)):
        interview = InterviewFactory(
            owner=user, contact=contact, starts_at=at(5, 8), notes="Start in FOH."
        )
    with travel(at(5, 9)):
        interview.complete()
    with travel(at(5, 20)):
        learning = LearningFactory(interview=interview, text="Start in front of house.")
    note = ThankYouNoteFactory(interview=interview, body="Starting in front of house")
    note.learnings.add(learning)
    note.mark_sent("email", at(6, 8))
    done = FollowUpFactory(
        owner=user, contact=contact, title="Send my resume", due_on=at(7, 0).date()
    )
    done.mark_done(at(7, 12))
    FollowUpFactory(
        owner=user, contact=contact, title="Check in", due_on=datetime.date(2026, 6, 12)
    )
    # Late in the evening in Vancouver, already the next day in Toronto.
    with travel(at(10, 22)):
        InterviewRequestFactory(owner=user, contact=contact, channel=Channel.TELEPHONE)
    # A call today, logged after the draft; dated by the day only.
    log_touchpoint(contact, 10, logged_at=at(10, 22, 15))

    with travel(at(10, 22, 30)):
        events = timeline(owner_client, contact)

    # How the note went ("by email from Infointerview") is the followups app's
    # wording; here its place in the order is what counts.
    kind, title = events[4]
    assert title.startswith("Thank-you note sent")
    events[4] = (kind, "Thank-you note sent")
    assert events == [
        ("Follow-up", "Check in"),  # due on the 12th
        ("Touchpoint", "Checked in"),  # the 10th, no time: first of its day
        ("Request", "Telephone request drafted"),  # the 10th, 22:00
        ("Follow-up", "Send my resume"),  # done the 7th
        ("Thank-you", "Thank-you note sent"),  # the 6th
        ("Learning", str(learning.get_kind_display())),  # the 5th, 20:00
        ("Notes", "Notes from the conversation"),  # the 5th, 09:00
        ("Interview", "In-person interview — completed"),  # the 5th, 08:00
        ("Answer", "Accepted"),  # the 3rd
        ("Request", "Email request sent"),  # the 2nd
        ("Touchpoint", "Checked in"),  # the 1st, no time
        ("Lead", "Added as a lead (Professor)"),  # the 1st, 09:00
    ]


def test_a_touchpoint_logged_today_comes_before_the_lead_added_today(
    owner_client, user, contact
):
    log_touchpoint(contact, 1, logged_at=at(1, 9, 5))

    with travel(at(1, 9, 10)):
        events = timeline(owner_client, contact)

    assert [kind for kind, _title in events] == ["Touchpoint", "Lead"]


def test_a_day_is_the_students_day_not_the_sites(owner_client, user, contact):
    # 23:30 on the 3rd in Vancouver is already the 4th in Toronto and in UTC.
    with travel(at(3, 23, 30)):
        InterviewRequestFactory(owner=user, contact=contact)
    log_touchpoint(contact, 4, logged_at=at(4, 8))
    log_touchpoint(contact, 3, logged_at=at(4, 8, 5))

    with travel(at(4, 9)):
        events = timeline(owner_client, contact)

    assert events == [
        ("Touchpoint", "Checked in"),  # the 4th
        ("Touchpoint", "Checked in"),  # the 3rd, before the evening's draft
        ("Request", "Email request drafted"),  # the 3rd, 23:30
        ("Lead", "Added as a lead (Professor)"),
    ]
