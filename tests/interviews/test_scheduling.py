"""Scheduling, moving and cancelling interviews, in the user's own time zone."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from interviews.models import Interview
from tests.factories import ContactFactory, InterviewFactory, InterviewRequestFactory
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
SCHEDULE = reverse("interviews:schedule")


def a_weekday_ahead(days=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def when(day=None, start="12:00", end="12:30", **more):
    return {
        "date": (day or a_weekday_ahead()).isoformat(),
        "start": start,
        "end": end,
    } | more


@pytest.fixture
def accepted(user):
    interview_request = InterviewRequestFactory(owner=user)
    interview_request.mark_sent()
    interview_request.mark_accepted()
    return interview_request


def test_an_accepted_request_is_scheduled_at_lunch_in_the_users_zone(
    owner_client, user, accepted
):
    day = a_weekday_ahead()

    response = owner_client.post(
        f"{SCHEDULE}?request={accepted.pk}",
        when(day, format="in_person", location="178 Victoria St"),
    )

    interview = Interview.objects.get()
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])
    assert interview.request == accepted
    assert interview.contact == accepted.contact
    assert interview.starts_at == datetime.datetime.combine(
        day, datetime.time(12, 0), tzinfo=TORONTO
    )
    assert interview.duration_minutes == 30
    accepted.contact.refresh_from_db()
    assert accepted.contact.stage == Contact.Stage.SCHEDULED
    page = owner_client.get(response["Location"]).content.decode()
    assert "Over lunch" in page
    assert "noon</time> – 12:30 p.m." in page


def test_the_form_suggests_thirty_minutes_at_lunch(owner_client, accepted):
    form = owner_client.get(f"{SCHEDULE}?request={accepted.pk}").context["form"]
    assert (form.initial["start"], form.initial["end"]) == (
        datetime.time(12, 0),
        datetime.time(12, 30),
    )
    assert "contact" not in form.fields


def test_an_interview_can_be_scheduled_directly_with_a_contact(owner_client, user):
    contact = ContactFactory(owner=user)

    owner_client.post(
        SCHEDULE,
        when(
            start="07:30",
            end="08:00",
            contact=contact.pk,
            format="telephone",
            location="416-555-0100",
        ),
    )

    interview = Interview.objects.get()
    assert interview.contact == contact
    assert interview.request is None
    assert interview.part_of_day() == Interview.PartOfDay.BEFORE_WORK


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (when(day=datetime.date(2020, 1, 6)), "date", "in the future"),
        (when(start="13:00", end="12:30"), "end", "after the start"),
        (when(start="12:00", end="12:00"), "end", "after the start"),
        (when(start="08:00", end="20:00"), "end", "under 3 hours"),
        (when(start="12:00", end="12:03"), "end", "at least 5 minutes"),
        (when(date="next tuesday"), "date", "valid date"),
        (when(format="video", location="zoom"), "location", "meeting link"),
    ],
)
def test_bad_times_get_a_clear_error_and_nothing_is_scheduled(
    owner_client, accepted, data, field, message
):
    data = {"format": "in_person", "location": "Café Nuit"} | data

    response = owner_client.post(f"{SCHEDULE}?request={accepted.pk}", data)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "Café Nuit" in response.content.decode() or field == "location"
    assert not Interview.objects.exists()


# A date far ahead is a typo (9999 for 2026): the form says so rather than
# storing it, and the user's typing is kept.
PINNED_NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        ("9999-12-31", "23:30", "23:59"),
        ("9999-12-31", "10:00", "10:30"),
        ("2028-12-01", "10:00", "10:30"),
    ],
)
def test_a_date_more_than_two_years_ahead_is_refused_with_what_was_typed(
    client, user, day, start, end
):
    contact = ContactFactory(owner=user)
    with signed_in_at(client, user, PINNED_NOW):
        response = client.post(
            f"{SCHEDULE}?contact={contact.pk}",
            {"date": day, "start": start, "end": end, "format": "telephone"},
        )

    assert response.status_code == 200
    assert "within the next 2 years" in str(response.context["form"].errors["date"])
    assert f'value="{day}"' in response.content.decode()
    assert not Interview.objects.exists()


def test_a_date_just_within_two_years_is_scheduled(client, user):
    contact = ContactFactory(owner=user)
    with signed_in_at(client, user, PINNED_NOW):
        response = client.post(
            SCHEDULE,
            when(datetime.date(2028, 11, 30), contact=contact.pk, format="telephone"),
        )

    assert response.status_code == 302
    assert Interview.objects.count() == 1


def test_moving_to_a_date_years_ahead_is_refused(client, user):
    with time_machine.travel(PINNED_NOW, tick=False):
        interview = InterviewFactory(owner=user)
    before = interview.starts_at
    with signed_in_at(client, user, PINNED_NOW):
        response = client.post(
            reverse("interviews:reschedule", args=[interview.pk]),
            when(datetime.date(9999, 12, 31), start="23:30", end="23:59"),
        )

    assert response.status_code == 200
    assert "within the next 2 years" in str(response.context["form"].errors["date"])
    assert 'value="9999-12-31"' in response.content.decode()
    interview.refresh_from_db()
    assert interview.starts_at == before


def test_a_contact_of_someone_else_cannot_be_scheduled(owner_client, other_user):
    theirs = ContactFactory(owner=other_user)

    response = owner_client.post(SCHEDULE, when(contact=theirs.pk, format="in_person"))

    assert "your own contacts" in str(response.context["form"].errors["contact"])
    assert not Interview.objects.exists()


@pytest.mark.parametrize("status", ["draft", "sent"])
def test_only_an_accepted_request_can_be_scheduled(owner_client, user, status):
    interview_request = InterviewRequestFactory(owner=user)
    if status == "sent":
        interview_request.mark_sent()

    url = f"{SCHEDULE}?request={interview_request.pk}"
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, when(format="in_person")).status_code == 404


def test_someone_elses_accepted_request_is_not_found(owner_client, other_user):
    theirs = InterviewRequestFactory(owner=other_user)
    theirs.mark_sent()
    theirs.mark_accepted()

    url = f"{SCHEDULE}?request={theirs.pk}"
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, when(format="in_person")).status_code == 404
    assert not Interview.objects.exists()


def test_a_request_already_scheduled_goes_to_its_interview(
    owner_client, user, accepted
):
    interview = InterviewFactory(owner=user, contact=accepted.contact, request=accepted)

    response = owner_client.get(f"{SCHEDULE}?request={accepted.pk}")

    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])


def test_an_overlap_with_another_interview_is_warned_about(owner_client, user):
    day = a_weekday_ahead()
    other = InterviewFactory(
        owner=user,
        starts_at=datetime.datetime.combine(day, datetime.time(12, 15), tzinfo=TORONTO),
    )
    contact = ContactFactory(owner=user)

    response = owner_client.post(
        SCHEDULE, when(day, contact=contact.pk, format="in_person"), follow=True
    )

    html = response.content.decode()
    assert f"overlaps your interview with {other.contact.full_name}" in html
    assert "(at 12:15 p.m.)." in html
    assert "p.m.." not in html
    assert Interview.objects.count() == 2


def test_an_interview_made_in_toronto_shows_right_in_vancouver(owner_client, user):
    day = a_weekday_ahead()
    contact = ContactFactory(owner=user)
    owner_client.post(SCHEDULE, when(day, contact=contact.pk, format="telephone"))
    interview = Interview.objects.get()

    user.time_zone = "America/Vancouver"
    user.save()
    response = owner_client.get(reverse("interviews:detail", args=[interview.pk]))

    local = timezone.localtime(interview.starts_at, VANCOUVER)
    assert local.hour == 9
    assert "America/Vancouver" in response.content.decode()
    assert response.context["part_of_day"] == Interview.PartOfDay.MORNING


def test_a_time_after_the_daylight_saving_change_is_the_right_instant(
    owner_client, user
):
    # Clocks in Toronto go back on the first Sunday of November.
    year = timezone.localdate().year + 1
    first = datetime.date(year, 11, 1)
    change = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    contact = ContactFactory(owner=user)

    for day in (
        change - datetime.timedelta(days=1),
        change + datetime.timedelta(days=1),
    ):
        owner_client.post(SCHEDULE, when(day, contact=contact.pk, format="in_person"))

    before, after = Interview.objects.order_by("starts_at")
    assert before.starts_at.astimezone(datetime.UTC).hour == 16  # EDT, UTC-4
    assert after.starts_at.astimezone(datetime.UTC).hour == 17  # EST, UTC-5


# Moving and cancelling


def test_moving_keeps_the_earlier_time_in_the_history(owner_client, user):
    interview = InterviewFactory(owner=user)
    earlier = interview.starts_at
    day = a_weekday_ahead(20)

    response = owner_client.post(
        reverse("interviews:reschedule", args=[interview.pk]),
        when(day, start="16:30", end="17:00", location="Lobby"),
        follow=True,
    )

    interview.refresh_from_db()
    assert interview.starts_at == datetime.datetime.combine(
        day, datetime.time(16, 30), tzinfo=TORONTO
    )
    assert interview.sequence == 1
    assert interview.location == "Lobby"
    assert [r.previous_starts_at for r in interview.reschedules.all()] == [earlier]
    assert "Earlier times" in response.content.decode()


@pytest.mark.parametrize(
    "link", ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "zoom"]
)
def test_moving_a_video_call_refuses_what_is_no_web_link(owner_client, user, link):
    interview = InterviewFactory(
        owner=user, format=Interview.Format.VIDEO, location="https://meet.example/a"
    )

    response = owner_client.post(
        reverse("interviews:reschedule", args=[interview.pk]),
        when(a_weekday_ahead(20), location=link),
    )

    assert "meeting link" in str(response.context["form"].errors["location"])
    interview.refresh_from_db()
    assert interview.location == "https://meet.example/a"
    assert interview.sequence == 0


def test_moving_a_video_call_takes_a_new_link(owner_client, user):
    interview = InterviewFactory(owner=user, format=Interview.Format.VIDEO)

    owner_client.post(
        reverse("interviews:reschedule", args=[interview.pk]),
        when(a_weekday_ahead(20), location="https://meet.example/new"),
    )

    interview.refresh_from_db()
    assert interview.location == "https://meet.example/new"


def test_moving_into_the_past_is_refused(owner_client, user):
    interview = InterviewFactory(owner=user)
    before = interview.starts_at

    response = owner_client.post(
        reverse("interviews:reschedule", args=[interview.pk]),
        when(datetime.date(2021, 5, 5)),
    )

    assert "in the future" in str(response.context["form"].errors["date"])
    interview.refresh_from_db()
    assert interview.starts_at == before


def test_cancelling_needs_a_reason_and_keeps_it(owner_client, user):
    interview = InterviewFactory(owner=user)
    url = reverse("interviews:cancel", args=[interview.pk])

    response = owner_client.post(url, {"reason": ""})
    assert "reason" in response.context["form"].errors

    owner_client.post(url, {"reason": "She is travelling."})
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.cancel_reason == "She is travelling."


def test_a_cancelled_interview_cannot_be_moved(owner_client, user):
    interview = InterviewFactory(owner=user)
    interview.cancel("No longer needed.")
    before = interview.starts_at

    owner_client.post(reverse("interviews:reschedule", args=[interview.pk]), when())

    interview.refresh_from_db()
    assert interview.starts_at == before


# The interviews page


def test_the_interviews_page_filters_by_status_format_and_name(owner_client, user):
    past = timezone.now() - datetime.timedelta(days=5)
    InterviewFactory(owner=user, contact=ContactFactory(owner=user, first_name="Ada"))
    done = InterviewFactory(
        owner=user,
        starts_at=past,
        format="telephone",
        contact=ContactFactory(owner=user, first_name="Bo"),
    )
    done.complete()

    response = owner_client.get(reverse("interviews:list"), {"status": "completed"})
    assert list(response.context["upcoming"]) == []
    assert list(response.context["page"].object_list) == [done]

    response = owner_client.get(reverse("interviews:list"), {"q": "ada"})
    assert [i.contact.first_name for i in response.context["upcoming"]] == ["Ada"]

    response = owner_client.get(reverse("interviews:list"), {"format": "telephone"})
    assert list(response.context["page"].object_list) == [done]


def test_the_interviews_page_runs_as_many_queries_for_60_as_for_3(owner_client, user):
    past = timezone.now() - datetime.timedelta(days=5)

    def add(n):
        for _ in range(n):
            InterviewFactory(owner=user)
            InterviewFactory(owner=user, starts_at=past)

    add(3)
    few = queries_for(owner_client, reverse("interviews:list"))
    add(57)

    assert queries_for(owner_client, reverse("interviews:list")) == few


# The four checks for each view of an interview

INTERVIEW_VIEWS = [
    ("interviews:detail", "get", "post"),
    ("interviews:reschedule", "get", "put"),
    ("interviews:cancel", "get", "put"),
]


@pytest.mark.parametrize(("name", "method", "wrong"), INTERVIEW_VIEWS)
def test_another_users_interview_is_not_found_and_unchanged(
    owner_client, other_user, name, method, wrong
):
    theirs = InterviewFactory(owner=other_user)
    before = theirs.starts_at
    url = reverse(name, args=[theirs.pk])

    assert getattr(owner_client, method)(url).status_code == 404
    response = owner_client.post(url, when(reason="Mine now"))
    assert response.status_code in (404, 405)
    theirs.refresh_from_db()
    assert (theirs.starts_at, theirs.status) == (before, Interview.Status.SCHEDULED)


@pytest.mark.parametrize(("name", "method", "wrong"), INTERVIEW_VIEWS)
def test_an_unknown_interview_is_not_found(owner_client, name, method, wrong):
    assert (
        getattr(owner_client, method)(reverse(name, args=[999999])).status_code == 404
    )


@pytest.mark.parametrize(("name", "method", "wrong"), INTERVIEW_VIEWS)
def test_the_wrong_method_is_refused(owner_client, user, name, method, wrong):
    interview = InterviewFactory(owner=user)
    assert (
        getattr(owner_client, wrong)(reverse(name, args=[interview.pk])).status_code
        == 405
    )


@pytest.mark.parametrize(("name", "method", "wrong"), INTERVIEW_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name, method, wrong):
    interview = InterviewFactory(owner=user)
    response = client.get(reverse(name, args=[interview.pk]))
    assert response["Location"].startswith(reverse("login"))


def test_schedule_refuses_other_methods(owner_client):
    assert owner_client.delete(SCHEDULE).status_code == 405


def test_a_request_object_of_an_unknown_kind_is_not_found(owner_client):
    assert owner_client.get(f"{SCHEDULE}?request=abc").status_code == 404
