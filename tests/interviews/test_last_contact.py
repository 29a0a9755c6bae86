"""Every exchange with a person is their "last contact", on the owner's own day,
and never a day that has not come yet."""

import contextlib
import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups.models import Touchpoint
from interviews.models import InterviewRequest, InvalidTransition
from tests.factories import ContactFactory, InterviewFactory, InterviewRequestFactory
from tests.interviews.pinned import signed_in_at

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# Friday 27 November 2026, late morning in Toronto.
FRIDAY = datetime.datetime(2026, 11, 27, 11, 0, tzinfo=TORONTO)
FRIDAY_DAY = FRIDAY.date()


@pytest.fixture
def contact(user):
    return ContactFactory(
        owner=user,
        first_name="Priya",
        last_name="Raman",
        email="priya@example.org",
        phone="416-555-0100",
        mailing_address="178 Victoria St\nToronto ON  M5B 1T7",
    )


def last_contact(contact):
    contact.refresh_from_db()
    return contact.last_contacted_on


def sent_on(day_offset, contact, channel="email"):
    """A request sent `day_offset` days before Friday, at ten."""
    request = InterviewRequestFactory(
        owner=contact.owner, contact=contact, channel=channel
    )
    request.mark_sent(FRIDAY.replace(hour=10) - datetime.timedelta(days=day_offset))
    contact.last_contacted_on = None
    contact.save()
    return request


@pytest.mark.parametrize("channel", ["email", "mail"])
def test_a_request_marked_sent_is_a_contact_that_day(owner_client, contact, channel):
    draft = InterviewRequestFactory(
        owner=contact.owner, contact=contact, channel=channel
    )

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(reverse("interviews:request_sent", args=[draft.pk]))

    assert last_contact(contact) == FRIDAY_DAY


def test_a_request_sent_from_infointerview_is_a_contact_that_day(
    owner_client, contact, smtp_server
):
    draft = InterviewRequestFactory(owner=contact.owner, contact=contact)

    owner_client.post(reverse("interviews:request_send", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Status.SENT
    # The owner's own day of the sending, as the rule computes it.
    expected = draft.sent_at.astimezone(contact.owner.zone).date()
    assert last_contact(contact) == expected


@pytest.mark.parametrize("outcome", ["voicemail", "accepted", "declined"])
def test_a_call_that_left_a_message_or_reached_them_is_a_contact(
    owner_client, contact, outcome
):
    call = InterviewRequestFactory(
        owner=contact.owner, contact=contact, channel="telephone"
    )

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(
            reverse("interviews:request_call", args=[call.pk]), {"outcome": outcome}
        )

    assert last_contact(contact) == FRIDAY_DAY


def test_a_call_nobody_answered_is_not_a_contact(owner_client, contact):
    call = InterviewRequestFactory(
        owner=contact.owner, contact=contact, channel="telephone"
    )

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(
            reverse("interviews:request_call", args=[call.pk]), {"outcome": "no_answer"}
        )

    assert last_contact(contact) is None


def test_a_later_call_to_a_request_already_sent_is_a_contact(owner_client, contact):
    call = sent_on(3, contact, channel="telephone")

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(
            reverse("interviews:request_call", args=[call.pk]), {"outcome": "accepted"}
        )

    assert last_contact(contact) == FRIDAY_DAY


@pytest.mark.parametrize("status", ["accepted", "declined"])
def test_their_answer_is_a_contact_on_the_day_it_came(owner_client, contact, status):
    request = sent_on(3, contact)

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(
            reverse("interviews:request_answer", args=[request.pk]), {"status": status}
        )

    assert last_contact(contact) == FRIDAY_DAY


@pytest.mark.parametrize("status", ["no_reply", "withdrawn"])
def test_closing_a_request_without_an_answer_is_not_a_contact(
    owner_client, contact, status
):
    request = sent_on(3, contact)

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(
            reverse("interviews:request_answer", args=[request.pk]), {"status": status}
        )

    assert last_contact(contact) is None


def test_following_up_is_a_contact(owner_client, contact):
    request = sent_on(8, contact)

    with signed_in_at(owner_client, contact.owner, FRIDAY):
        owner_client.post(reverse("interviews:request_followed_up", args=[request.pk]))

    assert last_contact(contact) == FRIDAY_DAY


def test_a_request_sent_late_in_the_evening_counts_on_the_owners_own_day(
    owner_client, user, contact
):
    user.time_zone = "America/Vancouver"
    user.save()
    draft = InterviewRequestFactory(owner=user, contact=contact)
    # 22:30 on Friday in Vancouver is already Saturday in Toronto and in UTC.
    friday_night = datetime.datetime(
        2026, 11, 27, 22, 30, tzinfo=zoneinfo.ZoneInfo("America/Vancouver")
    )

    with signed_in_at(owner_client, contact.owner, friday_night):
        owner_client.post(reverse("interviews:request_sent", args=[draft.pk]))

    assert last_contact(contact) == FRIDAY_DAY


def test_the_latest_exchange_is_kept(owner_client, contact):
    contact.last_contacted_on = FRIDAY_DAY
    contact.save()
    request = InterviewRequestFactory(owner=contact.owner, contact=contact)

    # Marked sent on Friday, for a letter posted on Monday: the later day stays.
    request.mark_sent(FRIDAY - datetime.timedelta(days=4))

    assert last_contact(contact) == FRIDAY_DAY


# No day in the future, by whichever exchange


def test_a_day_after_the_owners_today_is_never_stored(user, contact):
    # Friday 22:00 in Toronto is already Saturday in UTC.
    friday_night = datetime.datetime(2026, 11, 27, 22, 0, tzinfo=TORONTO)

    with time_machine.travel(friday_night, tick=False):
        assert not contact.record_contact(datetime.date(2026, 11, 28))
        assert not contact.record_contact(friday_night + datetime.timedelta(hours=3))
        assert contact.record_contact(friday_night)

    assert last_contact(contact) == FRIDAY_DAY


def test_a_future_touchpoint_goes_through_the_same_rule(user, contact):
    with time_machine.travel(FRIDAY, tick=False):
        Touchpoint.objects.log(
            contact=contact,
            kind=Touchpoint.Kind.CHECK_IN,
            happened_on=FRIDAY_DAY + datetime.timedelta(days=3),
        )

    assert last_contact(contact) is None


def test_an_interview_in_the_future_is_never_a_last_contact(user, contact):
    interview = InterviewFactory(
        owner=user, contact=contact, starts_at=FRIDAY + datetime.timedelta(days=4)
    )

    # Completing it early may be refused altogether; either way, no future day.
    with (
        time_machine.travel(FRIDAY, tick=False),
        contextlib.suppress(InvalidTransition, ValidationError),
    ):
        interview.complete()

    assert last_contact(contact) is None
