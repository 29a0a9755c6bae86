"""The 3B7 routine's advice for each sent request, on fixed dates.

March 2026 has no holidays in any province: Monday the 2nd to Wednesday the
11th is seven business days.
"""

import datetime

import pytest
from django.utils import timezone

from interviews.models import InterviewRequest
from interviews.waiting import Advice, waiting_requests
from tests.factories import ContactFactory, InterviewRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2026, 3, 2)


def sent(user, on, at=datetime.time(10, 0), **fields):
    """A request the user sent on a day of their own calendar."""
    return InterviewRequestFactory(
        owner=user,
        status=InterviewRequest.Status.SENT,
        sent_at=datetime.datetime.combine(on, at, tzinfo=user.zone),
        **fields,
    )


def advice(user, today):
    return [item.advice for item in waiting_requests(user, today=today)]


def test_after_two_business_days_there_is_nothing_to_do(user):
    sent(user, MONDAY)

    [item] = waiting_requests(user, today=D(2026, 3, 4))

    assert item.business_days == 2
    assert item.advice == Advice.WAIT
    assert not item.is_action
    assert item.message == ""


def test_after_three_business_days_it_suggests_someone_else_there(user):
    contact = ContactFactory(owner=user, organization__name="Massey Hall")
    sent(user, MONDAY, contact=contact)

    [item] = waiting_requests(user, today=D(2026, 3, 5))

    assert item.business_days == 3
    assert item.advice == Advice.TRY_OTHERS
    assert item.is_action
    assert item.message == "No answer yet: try someone else at Massey Hall."


def test_without_an_organization_it_suggests_another_one(user):
    sent(user, MONDAY, contact=ContactFactory(owner=user, organization=None))

    [item] = waiting_requests(user, today=D(2026, 3, 5))

    assert item.message == "No answer yet: try someone at another organization."


def test_after_seven_business_days_it_suggests_following_up_once(user):
    contact = ContactFactory(owner=user, first_name="Ada", last_name="Lovelace")
    sent(user, MONDAY, contact=contact)

    [item] = waiting_requests(user, today=D(2026, 3, 11))

    assert item.business_days == 7
    assert item.advice == Advice.FOLLOW_UP
    assert item.message == "Follow up once with Ada Lovelace."
    assert advice(user, D(2026, 3, 10)) == [Advice.TRY_OTHERS]
    assert advice(user, D(2026, 4, 30)) == [Advice.FOLLOW_UP]


def test_the_numbers_come_from_the_users_settings(user):
    user.try_others_after_days = 2
    user.follow_up_after_days = 5
    user.save()
    sent(user, MONDAY)

    assert advice(user, D(2026, 3, 3)) == [Advice.WAIT]
    assert advice(user, D(2026, 3, 4)) == [Advice.TRY_OTHERS]
    assert advice(user, D(2026, 3, 6)) == [Advice.TRY_OTHERS]
    assert advice(user, D(2026, 3, 9)) == [Advice.FOLLOW_UP]


def test_weekends_are_not_counted(user):
    sent(user, D(2026, 3, 5))  # a Thursday

    # Four days later, but only Friday and Monday were business days.
    [item] = waiting_requests(user, today=D(2026, 3, 9))

    assert item.business_days == 2
    assert item.advice == Advice.WAIT


def test_family_day_counts_for_an_ontario_student_and_not_a_quebec_one(db):
    ontario = UserFactory(province="ON")
    quebec = UserFactory(province="QC")
    wednesday = D(2026, 2, 11)
    sent(ontario, wednesday)
    sent(quebec, wednesday)

    family_day = D(2026, 2, 16)
    assert advice(ontario, family_day) == [Advice.WAIT]
    assert advice(quebec, family_day) == [Advice.TRY_OTHERS]


def test_june_24_counts_for_a_quebec_student_and_not_an_ontario_one(db):
    ontario = UserFactory(province="ON")
    quebec = UserFactory(province="QC")
    tuesday = D(2026, 6, 16)
    sent(ontario, tuesday)
    sent(quebec, tuesday)

    thursday = D(2026, 6, 25)
    assert advice(ontario, thursday) == [Advice.FOLLOW_UP]
    assert advice(quebec, thursday) == [Advice.TRY_OTHERS]


@pytest.mark.parametrize(
    "close", ["mark_accepted", "mark_declined", "mark_no_reply", "withdraw"]
)
def test_a_closed_request_never_nags(user, close):
    request = sent(user, MONDAY)
    getattr(request, close)()
    InterviewRequestFactory(owner=user)  # a draft, never sent

    assert waiting_requests(user, today=D(2026, 4, 30)) == []


def test_after_the_follow_up_it_is_no_longer_asked_for(user):
    request = sent(user, MONDAY)
    assert advice(user, D(2026, 3, 11)) == [Advice.FOLLOW_UP]

    request.mark_followed_up(
        when=datetime.datetime(2026, 3, 11, 9, 0, tzinfo=user.zone)
    )

    [item] = waiting_requests(user, today=D(2026, 3, 11))
    assert item.advice == Advice.WAIT
    assert item.followed_up_on == D(2026, 3, 11)
    assert advice(user, D(2026, 3, 19)) == [Advice.WAIT]  # 6 business days on


def test_a_week_of_business_days_after_the_follow_up_it_suggests_no_reply(user):
    contact = ContactFactory(owner=user, first_name="Ada", last_name="Lovelace")
    request = sent(user, MONDAY, contact=contact)
    request.mark_followed_up(
        when=datetime.datetime(2026, 3, 11, 9, 0, tzinfo=user.zone)
    )

    [item] = waiting_requests(user, today=D(2026, 3, 20))

    assert item.advice == Advice.NO_REPLY
    assert "Ada Lovelace" in item.message
    assert "no reply" in item.message


def test_the_week_after_a_late_follow_up_counts_from_the_follow_up(user):
    request = sent(user, MONDAY)
    # Followed up a month late: the person still gets a week to answer it.
    request.mark_followed_up(when=datetime.datetime(2026, 4, 1, 9, 0, tzinfo=user.zone))

    assert advice(user, D(2026, 4, 2)) == [Advice.WAIT]
    assert advice(user, D(2026, 4, 13)) == [Advice.NO_REPLY]  # Good Friday skipped
    assert advice(user, D(2026, 4, 10)) == [Advice.WAIT]


def test_the_sent_date_is_the_users_own(db):
    vancouver = UserFactory(province="BC", time_zone="America/Vancouver")
    # Half past eleven at night in Vancouver is already the next day in
    # Toronto (the server's zone) and in UTC.
    friday = sent(vancouver, D(2026, 3, 6), at=datetime.time(23, 30))
    thursday = sent(vancouver, D(2026, 3, 5), at=datetime.time(23, 30))

    items = waiting_requests(vancouver, today=D(2026, 3, 6))

    by_request = {item.request: item for item in items}
    assert by_request[friday].sent_on == D(2026, 3, 6)
    assert by_request[thursday].sent_on == D(2026, 3, 5)
    assert by_request[thursday].business_days == 1
    assert by_request[friday].business_days == 0


def test_today_is_the_users_own_by_default(user, monkeypatch):
    # 02:30 in UTC on a Friday is still Thursday evening in Toronto.
    now = datetime.datetime(2026, 3, 6, 2, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    sent(user, D(2026, 3, 5))

    [item] = waiting_requests(user)

    assert item.business_days == 0


def test_another_users_requests_never_show(user, other_user):
    sent(other_user, MONDAY)

    assert waiting_requests(user, today=D(2026, 4, 30)) == []


def test_the_longest_waiting_come_first(user):
    recent = sent(user, D(2026, 3, 9))
    oldest = sent(user, D(2026, 2, 2))
    middle = sent(user, MONDAY)

    items = waiting_requests(user, today=D(2026, 3, 12))

    assert [item.request for item in items] == [oldest, middle, recent]
    days = [item.business_days for item in items]
    assert days == sorted(days, reverse=True)


def test_it_reads_everything_in_one_query(user, django_assert_num_queries):
    for day in (D(2026, 2, 2), MONDAY, D(2026, 3, 9)):
        sent(user, day)
    sent(user, MONDAY, contact=ContactFactory(owner=user, organization=None))

    with django_assert_num_queries(1):
        items = waiting_requests(user, today=D(2026, 3, 12))
        messages = [item.message for item in items]

    assert len(messages) == 4
