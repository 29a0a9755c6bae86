"""Asking by telephone: the call back a voicemail promises falls due on its
day, a "yes" on the phone goes straight to scheduling, and the student's own
call notes never pass for the contact's words."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from infointerview.next_actions import due_today
from interviews.models import InterviewRequest
from tests.factories import ContactFactory, InterviewRequestFactory
from tests.interviews.pinned import signed_in_at

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TORONTO)


# Friday 27 November 2026: two business days on is Tuesday 1 December.
FRIDAY = datetime.date(2026, 11, 27)
MONDAY = datetime.date(2026, 11, 30)
TUESDAY = datetime.date(2026, 12, 1)


@pytest.fixture
def call(user):
    contact = ContactFactory(
        owner=user, first_name="Owen", last_name="MacLeod", phone="519-555-0107"
    )
    return InterviewRequestFactory(owner=user, contact=contact, channel="telephone")


def log_call(client, call, outcome, when, notes=""):
    with signed_in_at(client, call.owner, when):
        return client.post(
            reverse("interviews:request_call", args=[call.pk]),
            {"outcome": outcome, "notes": notes},
        )


def todo(client, call, when):
    with signed_in_at(client, call.owner, when):
        response = client.get(reverse("home"))
    return {action.title: action for action in response.context["todo"]}


def test_a_voicemail_makes_the_call_back_due_on_the_day_it_names(owner_client, call):
    log_call(owner_client, call, "voicemail", at(FRIDAY))

    call.refresh_from_db()
    assert call.follow_up_on == TUESDAY
    # Monday at 23:59 it is not due yet; on Tuesday morning it is.
    monday_night = at(TUESDAY, 0) - datetime.timedelta(minutes=1)
    assert "Call Owen MacLeod back" not in todo(owner_client, call, monday_night)
    due = todo(owner_client, call, at(TUESDAY, 8))["Call Owen MacLeod back"]
    assert (due.due, due.overdue) == (TUESDAY, False)
    assert due.url == (
        reverse("interviews:request_detail", args=[call.pk]) + "#call-heading"
    )
    later = todo(owner_client, call, at(TUESDAY + datetime.timedelta(days=1)))
    assert later["Call Owen MacLeod back"].overdue


def test_until_the_call_back_day_the_request_is_only_waiting(owner_client, call):
    log_call(owner_client, call, "voicemail", at(FRIDAY))

    with signed_in_at(
        owner_client, call.owner, at(FRIDAY + datetime.timedelta(days=3))
    ):
        response = owner_client.get(reverse("home"))

    assert response.context["todo"] == []
    assert response.context["still_waiting"] == 1


def test_the_call_back_day_skips_the_provinces_holidays(owner_client, call):
    # Thursday 24 December 2026: Christmas, and Boxing Day observed on
    # Monday 28 December, are not business days in Ontario.
    log_call(owner_client, call, "voicemail", at(datetime.date(2026, 12, 24)))

    call.refresh_from_db()
    assert call.follow_up_on == datetime.date(2026, 12, 30)


def test_the_call_back_day_is_the_one_the_voicemail_script_names(owner_client, call):
    # The script drafted on Friday names the same day the reminder falls due.
    # Drafted for another contact: this one's request is already open, and
    # the day depends only on the day and the student's province.
    other = ContactFactory(owner=call.owner, phone="519-555-0108")
    with signed_in_at(owner_client, call.owner, at(FRIDAY)):
        response = owner_client.get(
            reverse("interviews:request_create", args=[other.pk]) + "?channel=telephone"
        )
    log_call(owner_client, call, "voicemail", at(FRIDAY))

    call.refresh_from_db()
    assert "Tuesday 1 December" in response.context["form"].initial["voicemail"]
    assert call.follow_up_on == TUESDAY


def test_the_morning_reminder_email_lists_the_call_back(owner_client, user, call):
    log_call(owner_client, call, "voicemail", at(FRIDAY))

    titles = [action.title for action in due_today(user, at(TUESDAY, 7))]

    assert titles == ["Call Owen MacLeod back"]


@pytest.mark.parametrize(
    ("what", "data"),
    [
        ("request_answer", {"status": "accepted"}),
        ("request_answer", {"status": "declined"}),
        ("request_answer", {"status": "withdrawn"}),
        ("request_answer", {"status": "no_reply"}),
        ("request_call", {"outcome": "no_answer"}),
        ("request_call", {"outcome": "declined"}),
    ],
)
def test_the_call_back_is_no_longer_due_once_answered_withdrawn_or_called(
    owner_client, call, what, data
):
    log_call(owner_client, call, "voicemail", at(FRIDAY))
    with signed_in_at(
        owner_client, call.owner, at(FRIDAY + datetime.timedelta(days=3))
    ):
        owner_client.post(reverse(f"interviews:{what}", args=[call.pk]), data)

    assert "Call Owen MacLeod back" not in todo(owner_client, call, at(TUESDAY, 8))


def test_a_second_voicemail_moves_the_call_back(owner_client, call):
    log_call(owner_client, call, "voicemail", at(FRIDAY))
    log_call(owner_client, call, "voicemail", at(TUESDAY))

    call.refresh_from_db()
    assert call.follow_up_on == datetime.date(2026, 12, 3)
    assert "Call Owen MacLeod back" not in todo(owner_client, call, at(TUESDAY, 15))


def test_they_agreed_on_the_phone_goes_straight_to_scheduling(owner_client, call):
    response = log_call(
        owner_client, call, "accepted", at(FRIDAY), notes="Tuesday at 8 suits him."
    )

    assert response["Location"] == (
        f"{reverse('interviews:schedule')}?request={call.pk}"
    )
    call.refresh_from_db()
    assert (call.status, call.answer_notes) == (
        Status.ACCEPTED,
        "Tuesday at 8 suits him.",
    )


def test_my_voicemail_note_is_not_shown_as_their_words(owner_client, call):
    log_call(owner_client, call, "voicemail", at(FRIDAY), notes="Left my number twice.")
    detail = reverse("interviews:request_detail", args=[call.pk])

    response = owner_client.get(detail)

    assert response.context["answer_form"]["notes"].value() in (None, "")
    html = response.content.decode()
    assert "What they said</h2>" not in html
    calls = html[html.index('id="calls-heading"') :]
    assert "Left my number twice." in calls

    # Their yes, without words of their own, borrows none of mine.
    owner_client.post(
        reverse("interviews:request_answer", args=[call.pk]), {"status": "accepted"}
    )
    call.refresh_from_db()
    assert "Left my number" not in call.answer_notes
    timeline = owner_client.get(
        reverse("contacts:detail", args=[call.contact.pk])
    ).content.decode()
    assert "Left my number" not in timeline


def test_a_call_without_an_outcome_keeps_what_was_typed(owner_client, call):
    response = owner_client.post(
        reverse("interviews:request_call", args=[call.pk]),
        {"notes": "Her assistant said to try Monday."},
    )

    assert response.status_code == 200
    assert "outcome" in response.context["call_form"].errors
    assert "Her assistant said to try Monday." in response.content.decode()
    call.refresh_from_db()
    assert (call.status, call.call_log) == (Status.DRAFT, "")


def test_an_answer_without_a_choice_keeps_what_was_typed(owner_client, call):
    call.mark_sent()

    response = owner_client.post(
        reverse("interviews:request_answer", args=[call.pk]),
        {"status": "maybe", "notes": "She will check her calendar."},
    )

    assert response.status_code == 200
    assert "status" in response.context["answer_form"].errors
    assert "She will check her calendar." in response.content.decode()


def test_a_closed_request_takes_no_more_calls(owner_client, call):
    call.mark_sent()
    call.withdraw()

    response = log_call(owner_client, call, "voicemail", at(FRIDAY))

    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.call_log, call.follow_up_on) == (
        Status.WITHDRAWN,
        "",
        None,
    )


# Their answer starts empty


def test_their_answer_starts_with_nothing_chosen(owner_client, call):
    call.mark_sent()

    html = owner_client.get(
        reverse("interviews:request_detail", args=[call.pk])
    ).content.decode()

    select = re.search(r'<select name="status".*?</select>', html, re.DOTALL)[0]
    assert re.search(r'<option value=""[^>]*selected', select)
    assert not re.search(r'<option value="accepted"[^>]*selected', select)
    assert "required" in select


def test_an_answer_left_unchosen_is_refused_keeping_the_notes(owner_client, call):
    call.mark_sent()

    response = owner_client.post(
        reverse("interviews:request_answer", args=[call.pk]),
        {"status": "", "notes": "She will check her calendar."},
    )

    assert response.status_code == 200
    assert response.context["answer_form"].errors["status"] == ["Choose their answer."]
    html = response.content.decode()
    assert "Choose their answer." in html
    assert "She will check her calendar." in html
    call.refresh_from_db()
    assert call.status == Status.SENT


# The log of calls, and the timeline


def test_the_calls_are_dated_as_everything_else_in_the_students_zone(
    owner_client, call
):
    # Sunday 29 November 2026, 20:49 in Toronto: already the 30th in UTC.
    evening = datetime.datetime(2026, 11, 29, 20, 49, tzinfo=TORONTO)
    log_call(owner_client, call, "voicemail", evening, notes="Left my number.")

    with signed_in_at(owner_client, call.owner, evening):
        html = owner_client.get(
            reverse("interviews:request_detail", args=[call.pk])
        ).content.decode()

    calls = html[html.index('id="calls-heading"') :]
    calls = calls[: calls.index("</article>")]
    assert "29 Nov 2026, 8:49 p.m." in calls
    assert "Voicemail left. Left my number." in calls
    assert "2026-11-29" not in calls.split('datetime="')[0]
    assert "20:49" not in re.sub(r'datetime="[^"]*"', "", calls)


def test_a_voicemail_shows_on_the_contacts_timeline(owner_client, call):
    evening = datetime.datetime(2026, 11, 29, 20, 49, tzinfo=TORONTO)
    log_call(owner_client, call, "voicemail", evening, notes="Left my number.")
    log_call(owner_client, call, "no_answer", at(TUESDAY), notes="Rang out.")

    with signed_in_at(owner_client, call.owner, at(TUESDAY, 12)):
        response = owner_client.get(reverse("contacts:detail", args=[call.contact.pk]))

    titles = [(e.kind, e.title, e.when) for e in response.context["events"]]
    assert ("Call", "Voicemail left.", evening) in titles
    # A call that reached nobody is no exchange with them.
    assert not any(title.startswith("No answer") for _kind, title, _ in titles)
    assert "Voicemail left." in response.content.decode()
