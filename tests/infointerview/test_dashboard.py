"""The dashboard's "Waiting for an answer": the 3B7 routine's next actions.

The page counts from the real today, so each request is sent a chosen number
of business days before it, walked back here day by day: the tests pass on
any day they run, weekends and holidays included.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.business_days import business_days_between, is_business_day
from interviews.models import InterviewRequest
from tests.factories import ContactFactory, InterviewRequestFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def business_days_ago(user, n):
    """The latest business day with n business days after it up to today."""
    today = timezone.localdate(timezone=user.zone)
    day = today
    while not (
        is_business_day(day, user.province)
        and business_days_between(day, today, user.province) == n
    ):
        day -= datetime.timedelta(days=1)
    return day


def at(user, day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=user.zone)


def sent(user, days_ago, **fields):
    fields.setdefault(
        "contact", ContactFactory(owner=user, first_name="Ada", last_name="Lovelace")
    )
    return InterviewRequestFactory(
        owner=user,
        status=InterviewRequest.Status.SENT,
        sent_at=at(user, business_days_ago(user, days_ago)),
        **fields,
    )


def dashboard(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, response.content.decode()


def test_after_two_business_days_there_is_nothing_to_do_yet(owner_client, user):
    sent(user, 2)

    response, html = dashboard(owner_client)

    assert response.context["waiting_actions"] == []
    assert response.context["still_waiting"] == 1
    assert "Waiting for an answer" in html
    assert "1 request is waiting, too soon to act on." in html
    assert "Ada Lovelace" not in html


def test_after_three_it_points_to_others_at_the_organization(owner_client, user):
    contact = ContactFactory(
        owner=user,
        first_name="Ada",
        last_name="Lovelace",
        organization__name="Massey Hall",
    )
    request = sent(user, 3, contact=contact)

    response, html = dashboard(owner_client)

    [item] = response.context["waiting_actions"]
    assert item.request == request
    detail = reverse("interviews:request_detail", args=[request.pk])
    assert f'href="{detail}">Ada Lovelace</a>' in html
    assert "No answer yet: try someone else at Massey Hall." in html
    others = f"{reverse('contacts:list')}?organization={contact.organization.pk}"
    assert f'href="{others}"' in html
    assert "3 business days without an answer." in html
    assert reverse("interviews:request_followed_up", args=[request.pk]) not in html


def test_without_an_organization_it_points_to_the_directory(owner_client, user):
    sent(user, 4, contact=ContactFactory(owner=user, organization=None))

    _response, html = dashboard(owner_client)

    assert "No answer yet: try someone at another organization." in html
    assert f'btn-sm" href="{reverse("directory:list")}"' in html


def test_after_seven_it_offers_the_one_follow_up(owner_client, user):
    request = sent(user, 7)

    _response, html = dashboard(owner_client)

    assert "Follow up once with Ada Lovelace." in html
    assert "7 business days without an answer." in html
    followed_up = reverse("interviews:request_followed_up", args=[request.pk])
    assert f'method="post" action="{followed_up}"' in html
    assert "I followed up" in html
    assert "csrfmiddlewaretoken" in html


def test_every_action_can_close_the_request_as_no_reply(owner_client, user):
    request = sent(user, 3)

    _response, html = dashboard(owner_client)

    answer = reverse("interviews:request_answer", args=[request.pk])
    form = re.search(rf'<form method="post" action="{answer}">(.*?)</form>', html, re.S)
    assert form is not None
    assert 'name="status" value="no_reply"' in form.group(1)
    assert "Mark no reply" in form.group(1)


def test_the_numbers_come_from_the_users_settings(owner_client, user):
    user.try_others_after_days = 1
    user.follow_up_after_days = 2
    user.save()
    sent(user, 1)

    response, html = dashboard(owner_client)

    assert [item.advice for item in response.context["waiting_actions"]] == [
        "try_others"
    ]
    assert "1 business day without an answer." in html


def test_after_the_follow_up_it_waits_then_suggests_no_reply(owner_client, user):
    request = sent(user, 9)
    request.mark_followed_up(when=at(user, business_days_ago(user, 2), hour=11))

    response, html = dashboard(owner_client)
    assert response.context["waiting_actions"] == []
    assert "I followed up" not in html

    request.followed_up_at = at(user, business_days_ago(user, 7), hour=11)
    request.save(update_fields=["followed_up_at"])

    response, html = dashboard(owner_client)
    assert [item.advice for item in response.context["waiting_actions"]] == ["no_reply"]
    assert "No answer to your follow-up either" in html
    assert "I followed up" not in html


def test_closed_requests_and_other_peoples_never_show(owner_client, user, other_user):
    for close in ("mark_accepted", "mark_declined", "mark_no_reply", "withdraw"):
        getattr(sent(user, 8), close)()
    sent(other_user, 8)

    response, html = dashboard(owner_client)

    assert response.context["waiting_actions"] == []
    assert response.context["still_waiting"] == 0
    assert "Waiting for an answer" not in html


def test_the_greeting_and_stage_counts_stay(owner_client, user):
    sent(user, 7)

    response, html = dashboard(owner_client)

    assert "Hello, Olivia" in html
    assert response.context["contact_count"] == 1
    assert "Contacts by stage" in html


def test_the_section_has_no_inline_script_or_style(owner_client, user):
    sent(user, 3)
    sent(user, 7)

    _response, html = dashboard(owner_client)

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " on" + "click=" not in html


# (sent, followed up) so many business days ago: trying others, following up,
# marking no reply, then a few that only wait.
STATES = [(3, None), (8, None), (12, 8), (1, None), (5, None), (10, 2), (15, None)]


def make_requests(user, n):
    """Requests in every state of the routine, half of them at no organization."""
    for i in range(n):
        sent_days, followed_up_days = STATES[i % len(STATES)]
        fields = (
            {"contact": ContactFactory(owner=user, organization=None)} if i % 2 else {}
        )
        request = sent(user, sent_days, **fields)
        if followed_up_days is not None:
            request.mark_followed_up(
                when=at(user, business_days_ago(user, followed_up_days))
            )


def test_the_dashboard_runs_as_many_queries_for_60_requests_as_for_3(
    owner_client, user
):
    url = reverse("home")
    make_requests(user, 3)
    few = queries_for(owner_client, url)

    make_requests(user, 57)
    many = queries_for(owner_client, url)

    assert many == few
    # Every kind of row was on the page, and the rows that only wait too.
    context = owner_client.get(url).context
    advice = {item.advice for item in context["waiting_actions"]}
    assert advice == {"try_others", "follow_up", "no_reply"}
    assert context["still_waiting"] == 16
