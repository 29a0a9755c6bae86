"""The requests page: every request of the student, by status and channel,
waiting longest first, reached from the navigation and the dashboard."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from interviews.models import InterviewRequest
from tests.factories import ContactFactory, InterviewRequestFactory
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# Tuesday 1 December 2026, in the morning.
TUESDAY = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TORONTO)
URL = reverse("interviews:request_list")


def sent(owner, days_before, name, channel="email", **fields):
    contact = ContactFactory(owner=owner, first_name=name, last_name="Example")
    request = InterviewRequestFactory(
        owner=owner, contact=contact, channel=channel, **fields
    )
    request.mark_sent(TUESDAY - datetime.timedelta(days=days_before))
    return request


def listed(response):
    return [item.contact.first_name for item, _waited in response.context["rows"]]


def test_open_requests_are_listed_waiting_longest_first_with_drafts_after(
    owner_client, user
):
    sent(user, 2, "Recent")
    sent(user, 10, "Oldest")
    sent(user, 5, "Middle")
    InterviewRequestFactory(
        owner=user, contact=ContactFactory(owner=user, first_name="Drafted")
    )
    answered = sent(user, 20, "Answered")
    answered.mark_declined()

    with signed_in_at(owner_client, user, TUESDAY):
        response = owner_client.get(URL)

    assert listed(response) == ["Oldest", "Middle", "Recent", "Drafted"]
    html = response.content.decode()
    assert "Draft — not sent yet" in html


def test_each_row_links_to_its_request_and_says_how_long_it_waited(owner_client, user):
    # Sent on Friday 27 November: Monday and Tuesday are two business days.
    request = sent(user, 4, "Priya")
    request.contact.organization.name = "Massey Hall"
    request.contact.organization.save()

    with signed_in_at(owner_client, user, TUESDAY):
        response = owner_client.get(URL)

    html = response.content.decode()
    assert reverse("interviews:request_detail", args=[request.pk]) in html
    assert "Priya Example" in html
    assert "Massey Hall" in html
    assert "Email" in html
    assert "2 business days" in html
    assert response.context["rows"][0][1] == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "declined"}, ["Declined"]),
        ({"status": "all"}, ["Declined", "Letter", "Email"]),
        ({"channel": "mail"}, ["Letter"]),
        ({"status": "all", "channel": "email"}, ["Declined", "Email"]),
        ({"status": "draft"}, []),
    ],
)
def test_filters_by_status_and_channel(owner_client, user, params, expected):
    sent(user, 9, "Declined").mark_declined()
    sent(user, 6, "Letter", channel="mail")
    sent(user, 3, "Email")

    with signed_in_at(owner_client, user, TUESDAY):
        response = owner_client.get(URL, params)

    assert listed(response) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "maybe"}, "status"), ({"channel": "pigeon"}, "channel")],
)
def test_a_bad_filter_is_a_field_error_not_a_crash(owner_client, user, params, field):
    sent(user, 3, "Waiting")

    response = owner_client.get(URL, params)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert listed(response) == ["Waiting"]


def test_only_my_own_requests_are_listed(owner_client, user, other_user):
    sent(user, 3, "Mine")
    sent(other_user, 5, "Theirs")

    response = owner_client.get(URL, {"status": "all"})

    assert listed(response) == ["Mine"]
    assert "Theirs" not in response.content.decode()


def test_a_long_list_is_paged(owner_client, user):
    for day in range(30):
        sent(user, day + 1, f"Person{day}")

    response = owner_client.get(URL)
    assert len(response.context["rows"]) == 25
    second = owner_client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 5


def test_the_page_runs_as_many_queries_for_30_requests_as_for_3(owner_client, user):
    def make(n):
        for day in range(n):
            sent(user, day + 1, "Someone")
            InterviewRequestFactory(owner=user)

    make(3)
    few = queries_for(owner_client, URL, status="all")
    make(27)
    many = queries_for(owner_client, URL, status="all")

    assert many == few


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_is_only_read(owner_client):
    assert owner_client.post(URL).status_code == 405


def test_the_navigation_leads_to_the_requests_and_marks_it_alone(owner_client):
    html = owner_client.get(URL).content.decode()

    assert f'aria-current="page" href="{URL}"' in html
    assert html.count('aria-current="page"') == 1


def test_a_request_page_is_under_requests_in_the_navigation(owner_client, user):
    request = sent(user, 3, "Priya")

    html = owner_client.get(
        reverse("interviews:request_detail", args=[request.pk])
    ).content.decode()

    assert f'aria-current="page" href="{URL}"' in html
    assert html.count('class="nav-link active"') == 1


def test_the_dashboards_waiting_requests_link_to_the_requests_page(owner_client, user):
    sent(user, 0, "Priya")

    with signed_in_at(owner_client, user, TUESDAY):
        html = owner_client.get(reverse("home")).content.decode()

    assert f'<a href="{URL}?status=sent">1 request is waiting' in html
