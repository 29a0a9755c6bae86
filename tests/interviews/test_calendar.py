"""Calendars: an interview's .ics file and the private feed, read back in full."""

import datetime
import zoneinfo
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from interviews.calendar import feed_calendar, interview_calendar
from interviews.models import Interview
from tests.factories import ContactFactory, InterviewFactory, OrganizationFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
UTC = datetime.UTC
RENEW_URL = reverse("accounts:calendar_renew")
REVOKE_URL = reverse("accounts:calendar_revoke")
PROFILE_URL = reverse("accounts:profile")


@pytest.fixture
def interview(user):
    contact = ContactFactory(
        owner=user,
        first_name="Marcus",
        last_name="Reid",
        job_title="General Manager",
        organization=OrganizationFactory(owner=user, name="Massey Hall"),
    )
    return InterviewFactory(
        owner=user,
        contact=contact,
        starts_at=datetime.datetime(2027, 3, 4, 8, 30, tzinfo=TORONTO),
        duration_minutes=25,
        location="178 Victoria St, Toronto",
    )


def events_of(ics):
    return Calendar.from_ical(ics).events


def only_event(ics):
    [event] = events_of(ics)
    return event


def alarms_of(event):
    return event.walk("VALARM")


def utc(moment):
    return moment.astimezone(UTC)


def feed_url(token):
    return reverse("interviews:feed", args=[token])


# The calendar itself.


def test_the_event_carries_the_interview_field_by_field(interview):
    ics = interview_calendar(interview)

    calendar = Calendar.from_ical(ics)
    assert calendar["METHOD"] == "PUBLISH"
    assert "Infointerview" in calendar["PRODID"]
    event = only_event(ics)
    assert event["UID"] == f"{interview.uid}@infointerview"
    assert event["SEQUENCE"] == 0
    assert event.start == interview.starts_at
    assert event.end == interview.starts_at + datetime.timedelta(minutes=25)
    assert event.start.utcoffset() == datetime.timedelta(hours=-5)
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert event["DTEND"].params["TZID"] == "America/Toronto"
    assert b"DTSTART;TZID=America/Toronto:20270304T083000" in ics
    assert event.DTSTAMP.tzinfo is not None
    assert event["SUMMARY"] == "Information interview with Marcus Reid"
    assert event["LOCATION"] == "178 Victoria St, Toronto"
    assert event["STATUS"] == "CONFIRMED"


def test_the_description_says_who_how_where_and_that_it_is_not_a_job_interview(
    interview,
):
    description = only_event(interview_calendar(interview))["DESCRIPTION"]

    assert "Marcus Reid" in description
    assert "General Manager" in description
    assert "Massey Hall" in description
    assert "Format: In person" in description
    assert "Where: 178 Victoria St, Toronto" in description
    assert "information interview, not a job interview" in description


@pytest.mark.parametrize(
    ("format", "location", "line"),
    [
        (Interview.Format.TELEPHONE, "416-555-0142", "Telephone: 416-555-0142"),
        (
            Interview.Format.VIDEO,
            "https://meet.example.com/abc-defg",
            "Video link: https://meet.example.com/abc-defg",
        ),
    ],
)
def test_the_description_names_the_number_or_the_link(
    interview, format, location, line
):
    interview.format = format
    interview.location = location

    event = only_event(interview_calendar(interview))

    assert event["LOCATION"] == location
    assert interview.get_format_display() in event["DESCRIPTION"]
    assert line in event["DESCRIPTION"]


def test_a_contact_without_a_title_or_organization_leaves_those_lines_out(user):
    contact = ContactFactory(owner=user, job_title="", organization=None)
    interview = InterviewFactory(owner=user, contact=contact, location="")

    event = only_event(interview_calendar(interview))

    assert "Job title" not in event["DESCRIPTION"]
    assert "Organization" not in event["DESCRIPTION"]
    assert "LOCATION" not in event


def test_two_display_alarms_remind_a_day_and_an_hour_before(interview):
    ics = interview_calendar(interview)

    alarms = alarms_of(only_event(ics))
    assert [alarm["ACTION"] for alarm in alarms] == ["DISPLAY", "DISPLAY"]
    assert [alarm.TRIGGER for alarm in alarms] == [
        datetime.timedelta(days=-1),
        datetime.timedelta(hours=-1),
    ]
    assert all("Marcus Reid" in alarm["DESCRIPTION"] for alarm in alarms)
    assert b"TRIGGER:-P1D" in ics
    assert b"TRIGGER:-PT1H" in ics


def test_the_owners_zone_comes_with_its_daylight_saving_rules(interview):
    calendar = Calendar.from_ical(interview_calendar(interview))

    [vtimezone] = calendar.timezones
    assert vtimezone.tz_name == "America/Toronto"
    # Read the rules from the VTIMEZONE itself, not from the tz database.
    rules = vtimezone.to_tz(lookup_tzid=False)
    winter = datetime.datetime(2027, 3, 4, 8, 30, tzinfo=rules)
    summer = datetime.datetime(2027, 7, 4, 8, 30, tzinfo=rules)
    assert winter.utcoffset() == datetime.timedelta(hours=-5)
    assert summer.utcoffset() == datetime.timedelta(hours=-4)


def test_text_is_escaped_by_the_library(user):
    contact = ContactFactory(owner=user, first_name="Ana; Maria", last_name="O'Neil")
    location = "Room 4, Floor 2; side door\nEND:VEVENT\nBEGIN:VEVENT\\"
    interview = InterviewFactory(owner=user, contact=contact, location=location)

    ics = interview_calendar(interview)

    event = only_event(ics)
    assert event["LOCATION"] == location
    assert event["SUMMARY"] == "Information interview with Ana; Maria O'Neil"
    assert b"Room 4\\, Floor 2\\; side door\\nEND:VEVENT\\nBEGIN:VEVENT\\\\" in ics


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(interview):
    before = only_event(interview_calendar(interview))
    later = datetime.datetime(2027, 3, 11, 12, 0, tzinfo=TORONTO)

    interview.reschedule(later, duration_minutes=30)

    after = only_event(interview_calendar(interview))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start == later
    assert after.end == later + datetime.timedelta(minutes=30)


def test_a_cancelled_interview_is_cancelled_with_a_higher_sequence(interview):
    before = only_event(interview_calendar(interview))

    interview.cancel("They are travelling.")

    after = only_event(interview_calendar(interview))
    assert after["STATUS"] == "CANCELLED"
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    # No reminder for a conversation that will not happen.
    assert alarms_of(after) == []


def test_a_completed_interview_stays_confirmed(interview):
    with time_machine.travel(interview.ends_at, tick=False):
        interview.complete(when=interview.ends_at)

    assert only_event(interview_calendar(interview))["STATUS"] == "CONFIRMED"


def test_the_owners_zone_is_used_whatever_zone_is_active(interview):
    # As for a request served while another zone is active (a Vancouver user,
    # or a server set to another zone): the event stays in the owner's.
    with timezone.override(VANCOUVER):
        event = only_event(interview_calendar(interview))

    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert event.start == interview.starts_at
    assert (event.start.hour, event.start.minute) == (8, 30)


def test_an_interview_made_in_toronto_keeps_its_instant_for_an_owner_now_in_vancouver(
    interview, user
):
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])
    interview.owner.refresh_from_db()

    ics = interview_calendar(interview)

    event = only_event(ics)
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert event.start == interview.starts_at
    assert (event.start.hour, event.start.minute) == (5, 30)
    assert [tz.tz_name for tz in Calendar.from_ical(ics).timezones] == [
        "America/Vancouver"
    ]


def test_interviews_either_side_of_the_fall_back_keep_their_instants(user):
    # Clocks in Toronto go back from 2:00 EDT to 1:00 EST on 2026-11-01.
    before = InterviewFactory(
        owner=user, starts_at=datetime.datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    )
    after = InterviewFactory(
        owner=user, starts_at=datetime.datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    )

    ics = feed_calendar(user, [before, after])

    first, second = events_of(ics)
    assert first.start == before.starts_at
    assert second.start == after.starts_at
    assert first.start.utcoffset() == datetime.timedelta(hours=-4)
    assert second.start.utcoffset() == datetime.timedelta(hours=-5)
    assert b"DTSTART;TZID=America/Toronto:20261101T000000" in ics
    assert b"DTSTART;TZID=America/Toronto:20261101T100000" in ics
    rules = Calendar.from_ical(ics).timezones[0].to_tz(lookup_tzid=False)
    assert first.start.replace(tzinfo=rules) == before.starts_at
    assert second.start.replace(tzinfo=rules) == after.starts_at


def test_times_in_the_repeated_hour_keep_their_instants(user):
    # 1:45 EDT, then 1:15 and 1:30 EST: the local clock reads 1:xx twice.
    first_time = datetime.datetime(2026, 11, 1, 5, 45, tzinfo=UTC)
    second_time = datetime.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    across = InterviewFactory(owner=user, starts_at=first_time, duration_minutes=30)
    repeated = InterviewFactory(owner=user, starts_at=second_time)

    crossing, later = events_of(feed_calendar(user, [across, repeated]))

    # Python never finds a time in the repeated hour equal to one in another
    # zone (PEP 495), so compare in UTC.
    assert utc(crossing.start) == first_time
    assert utc(crossing.end) == first_time + datetime.timedelta(minutes=30)
    assert crossing.end > crossing.start
    assert utc(later.start) == second_time
    assert utc(later.end) == second_time + datetime.timedelta(minutes=30)


# The .ics download.


def test_the_owner_downloads_the_interview_as_an_ics_file(owner_client, interview):
    response = owner_client.get(reverse("interviews:ics", args=[interview.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="interview-marcus-reid-2027-03-04.ics"'
    )
    assert "private" in response["Cache-Control"]
    assert only_event(response.content)["UID"] == f"{interview.uid}@infointerview"


def test_the_file_name_uses_the_owners_local_date(owner_client, user):
    # 02:30 UTC on the 5th is still the 4th in Toronto.
    interview = InterviewFactory(
        owner=user,
        contact=ContactFactory(owner=user, first_name="Zoë", last_name="Côté"),
        starts_at=datetime.datetime(2027, 3, 5, 2, 30, tzinfo=UTC),
    )

    response = owner_client.get(reverse("interviews:ics", args=[interview.pk]))

    disposition = unquote(response["Content-Disposition"])
    assert disposition.endswith("''interview-zoë-côté-2027-03-04.ics")


def test_another_users_interview_is_not_found(stranger_client, interview):
    response = stranger_client.get(reverse("interviews:ics", args=[interview.pk]))
    assert response.status_code == 404


def test_an_unknown_interview_is_not_found(owner_client):
    response = owner_client.get(reverse("interviews:ics", args=[999_999]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_ics(client, interview):
    url = reverse("interviews:ics", args=[interview.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_posting_to_the_ics_is_not_allowed(owner_client, interview):
    response = owner_client.post(reverse("interviews:ics", args=[interview.pk]))
    assert response.status_code == 405


# The private feed.


def test_the_feed_opens_without_logging_in_with_only_the_users_interviews(
    client, user, other_user, interview
):
    mine = InterviewFactory(owner=user)
    theirs = InterviewFactory(owner=other_user)
    other_user.renew_calendar_token()
    token = user.renew_calendar_token()

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == f"Infointerview — {user}"
    uids = {str(event["UID"]) for event in calendar.events}
    assert uids == {f"{interview.uid}@infointerview", f"{mine.uid}@infointerview"}
    assert f"{theirs.uid}@infointerview" not in uids
    assert [tz.tz_name for tz in calendar.timezones] == ["America/Toronto"]
    # Programs that support it poll hourly.
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
    assert b"X-PUBLISHED-TTL:PT1H" in response.content


def test_the_feed_leaves_out_interviews_older_than_a_year_but_keeps_cancelled_ones(
    client, user
):
    now = timezone.now()
    old = InterviewFactory(owner=user, starts_at=now - datetime.timedelta(days=400))
    recent = InterviewFactory(owner=user, starts_at=now - datetime.timedelta(days=300))
    cancelled = InterviewFactory(owner=user)
    cancelled.cancel()

    calendar = Calendar.from_ical(
        client.get(feed_url(user.renew_calendar_token())).content
    )

    by_uid = {str(event["UID"]): event for event in calendar.events}
    assert f"{old.uid}@infointerview" not in by_uid
    assert f"{recent.uid}@infointerview" in by_uid
    # Kept, so that subscribed calendars take the interview off.
    assert by_uid[f"{cancelled.uid}@infointerview"]["STATUS"] == "CANCELLED"


def test_the_feed_is_neither_cached_nor_given_a_cookie_or_a_session(
    client, user, interview
):
    response = client.get(feed_url(user.renew_calendar_token()))

    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert not Session.objects.exists()


def test_a_feed_without_interviews_is_an_empty_calendar(client, user):
    response = client.get(feed_url(user.renew_calendar_token()))

    assert response.status_code == 200
    assert Calendar.from_ical(response.content).events == []


def test_a_revoked_token_is_not_found(client, user, interview):
    token = user.renew_calendar_token()
    user.revoke_calendar_token()

    assert client.get(feed_url(token)).status_code == 404


def test_a_renewed_token_replaces_the_old_one(client, user, interview):
    old = user.renew_calendar_token()
    new = user.renew_calendar_token()

    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_an_unknown_or_empty_token_is_not_found(client, user):
    user.renew_calendar_token()

    assert client.get(feed_url("not-a-real-token")).status_code == 404
    assert client.get("/interviews/calendar/.ics").status_code == 404


def test_the_database_holds_neither_the_feed_address_nor_what_gives_it(client, user):
    token = user.renew_calendar_token()

    row = User.objects.filter(pk=user.pk).values().get()
    assert not any(token in str(value) for value in row.values())
    # The seed and the digest are each a keyed hash away from the address.
    assert user.calendar_seed != token
    assert user.calendar_digest != token
    assert client.get(feed_url(token)).status_code == 200


def test_a_feed_made_before_addresses_were_derived_still_works_but_is_not_shown(
    client, owner_client, user
):
    from accounts.models import calendar_digest

    legacy = "an-address-made-by-an-earlier-version-0123456789"
    User.objects.filter(pk=user.pk).update(calendar_digest=calendar_digest(legacy))

    assert client.get(feed_url(legacy)).status_code == 200
    page = owner_client.get(PROFILE_URL).content.decode()
    assert legacy not in page
    assert "make a new one" in page


def test_a_deactivated_accounts_feed_is_not_found(client, user):
    token = user.renew_calendar_token()
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(feed_url(token)).status_code == 404


def test_posting_to_the_feed_is_not_allowed(client, user):
    response = client.post(feed_url(user.renew_calendar_token()))
    assert response.status_code == 405


def test_the_feed_does_not_run_a_query_per_interview(client, user):
    url = feed_url(user.renew_calendar_token())
    InterviewFactory.create_batch(3, owner=user)
    few = queries_for(client, url)

    InterviewFactory.create_batch(27, owner=user)
    many = queries_for(client, url)

    assert many == few


# An interview stored before dates were bounded (in year 9999, say) must not
# break the calendar: it is left out, with a warning in the log.


def far_future_interview(user):
    interview = InterviewFactory(
        owner=user, starts_at=datetime.datetime(9999, 12, 31, 10, 0, tzinfo=TORONTO)
    )
    interview.cancel("Typed the wrong year.")
    return interview


def test_the_feed_leaves_out_an_interview_that_cannot_be_written(
    client, user, interview, caplog
):
    far = far_future_interview(user)

    with caplog.at_level("WARNING", logger="interviews.calendar"):
        response = client.get(feed_url(user.renew_calendar_token()))

    assert response.status_code == 200
    uids = {str(event["UID"]) for event in Calendar.from_ical(response.content).events}
    assert uids == {f"{interview.uid}@infointerview"}
    assert f"interview {far.pk}" in caplog.text


def test_the_ics_of_an_interview_that_cannot_be_written_is_an_empty_calendar(
    owner_client, user, caplog
):
    far = far_future_interview(user)

    with caplog.at_level("WARNING", logger="interviews.calendar"):
        response = owner_client.get(reverse("interviews:ics", args=[far.pk]))

    assert response.status_code == 200
    assert events_of(response.content) == []
    assert f"interview {far.pk}" in caplog.text


# Creating, renewing and stopping the feed.


def test_creating_the_feed_gives_the_user_a_token(owner_client, user):
    response = owner_client.post(RENEW_URL)

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert user.calendar_token
    [message] = get_messages(response.wsgi_request)
    assert "calendar feed is ready" in str(message)


def test_a_new_address_replaces_the_token(owner_client, user):
    old = user.renew_calendar_token()

    response = owner_client.post(RENEW_URL)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.calendar_token and user.calendar_token != old
    [message] = get_messages(response.wsgi_request)
    assert "old one no longer works" in str(message)


def test_stopping_the_feed_removes_the_token(owner_client, user):
    user.renew_calendar_token()

    response = owner_client.post(REVOKE_URL)

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert user.calendar_token is None
    [message] = get_messages(response.wsgi_request)
    assert "calendar feed is stopped" in str(message)


@pytest.mark.parametrize("url", [RENEW_URL, REVOKE_URL])
def test_renewing_or_stopping_by_get_is_not_allowed(owner_client, user, url):
    token = user.renew_calendar_token()

    assert owner_client.get(url).status_code == 405
    user.refresh_from_db()
    assert user.calendar_token == token


@pytest.mark.parametrize("url", [RENEW_URL, REVOKE_URL])
def test_an_anonymous_visitor_is_sent_to_log_in_to_change_the_feed(client, url):
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# The profile page.


def test_the_profile_page_shows_the_full_feed_address(owner_client, user):
    token = user.renew_calendar_token()

    response = owner_client.get(PROFILE_URL)

    html = response.content.decode()
    address = response.wsgi_request.build_absolute_uri(feed_url(token))
    assert address == f"http://testserver/interviews/calendar/{token}.ics"
    assert f'value="{address}" readonly' in html
    assert "From URL" in html and "Subscribe from web" in html
    assert f'action="{RENEW_URL}"' in html
    assert f'action="{REVOKE_URL}"' in html
    assert "Create my calendar feed" not in html


def test_the_profile_page_offers_to_create_the_feed(owner_client, user):
    html = owner_client.get(PROFILE_URL).content.decode()

    assert "Your interview calendar" in html
    assert "Create my calendar feed" in html
    assert f'action="{RENEW_URL}"' in html
    assert f'action="{REVOKE_URL}"' not in html
    assert "/interviews/calendar/" not in html


# How to reach them, and the number to call


def test_the_event_carries_the_contacts_telephone_and_email(user, client):
    contact = ContactFactory(owner=user, phone="519-555-0107", email="owen@example.org")
    interview = InterviewFactory(owner=user, contact=contact)

    single = only_event(interview_calendar(interview))["DESCRIPTION"]
    feed = Calendar.from_ical(client.get(feed_url(user.renew_calendar_token())).content)
    (in_feed,) = [str(event["DESCRIPTION"]) for event in feed.events]

    for description in (single, in_feed):
        assert "Their telephone: 519-555-0107" in description
        assert "Their email: owen@example.org" in description


def test_a_telephone_interview_with_no_number_given_calls_the_contacts(user):
    contact = ContactFactory(owner=user, phone="519-555-0107")
    interview = InterviewFactory(
        owner=user, contact=contact, format=Interview.Format.TELEPHONE, location=""
    )

    event = only_event(interview_calendar(interview))

    assert event["LOCATION"] == "519-555-0107"
    assert "Telephone: 519-555-0107" in event["DESCRIPTION"]


def test_a_calls_description_names_the_number_once(user):
    contact = ContactFactory(owner=user, phone="519-555-0107", email="o@example.org")
    interview = InterviewFactory(
        owner=user, contact=contact, format=Interview.Format.TELEPHONE, location=""
    )

    description = str(only_event(interview_calendar(interview))["DESCRIPTION"])

    assert description.count("519-555-0107") == 1
    assert "Telephone: 519-555-0107" in description
    assert "Their email: o@example.org" in description
