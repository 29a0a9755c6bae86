"""Sharing the journey with the career centre: the student's choice, off by
default, until a day they pick or until they stop; each staff visit shown."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import JourneyVisit, User
from tests.factories import UserFactory
from tests.interviews.pinned import signed_in_at

pytestmark = pytest.mark.django_db

SHARE = reverse("accounts:journey_share")
STOP = reverse("accounts:journey_stop")
PROFILE = reverse("accounts:profile")
PRIVACY = reverse("accounts:privacy")

# A Wednesday in June, far from any change of clocks: Vancouver is UTC-7.
NOON_UTC = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)
JUNE_10 = datetime.date(2026, 6, 10)


@pytest.fixture
def vancouver_student(user):
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])
    return user


def at(hour, minute=0, day=10):
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=datetime.UTC)


def test_sharing_is_off_by_default(owner_client, user):
    assert not user.is_sharing_journey()
    html = owner_client.get(PROFILE).content.decode()
    assert "Share my journey" in html
    assert STOP not in html


def test_a_student_shares_their_journey_until_they_stop(owner_client, user):
    response = owner_client.post(SHARE, {"until": ""})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_sharing_journey()
    assert user.journey_shared_until is None
    assert STOP in owner_client.get(PROFILE).content.decode()


def test_a_student_shares_until_a_day_they_choose(client, vancouver_student):
    with signed_in_at(client, vancouver_student, NOON_UTC):
        response = client.post(SHARE, {"until": "2026-06-30"})

        assert response.status_code == 302
        vancouver_student.refresh_from_db()
        assert vancouver_student.journey_shared_until == datetime.date(2026, 6, 30)
        assert vancouver_student.journey_shared_at == NOON_UTC
        assert vancouver_student.is_sharing_journey()


def test_the_share_ends_at_the_end_of_the_last_day_in_the_students_zone(
    vancouver_student,
):
    vancouver_student.share_journey(until=JUNE_10, now=NOON_UTC)

    # Midnight after 10 June in Vancouver is 07:00 on 11 June in UTC.
    assert vancouver_student.is_sharing_journey(at(6, 59, day=11))
    assert not vancouver_student.is_sharing_journey(at(7, 0, day=11))


def test_the_same_day_ends_earlier_for_a_student_further_east(user):
    user.time_zone = "America/Halifax"  # UTC-3 in June
    user.share_journey(until=JUNE_10, now=NOON_UTC)

    assert user.is_sharing_journey(at(2, 59, day=11))
    assert not user.is_sharing_journey(at(3, 0, day=11))


def test_today_in_the_students_zone_may_be_the_last_day_when_utc_is_already_tomorrow(
    client, vancouver_student
):
    evening_in_vancouver = at(3, day=11)  # 20:00 on 10 June in Vancouver
    with signed_in_at(client, vancouver_student, evening_in_vancouver):
        response = client.post(SHARE, {"until": "2026-06-10"})

        assert response.status_code == 302
        vancouver_student.refresh_from_db()
        assert vancouver_student.is_sharing_journey()


def test_changing_the_last_day_keeps_when_the_share_began(vancouver_student):
    vancouver_student.share_journey(now=NOON_UTC)
    vancouver_student.share_journey(until=datetime.date(2026, 7, 1), now=at(15))

    assert vancouver_student.journey_shared_at == NOON_UTC
    assert vancouver_student.journey_shared_until == datetime.date(2026, 7, 1)


def test_stopping_ends_the_share_at_once(owner_client, user):
    user.share_journey()

    response = owner_client.post(STOP)

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_sharing_journey()
    assert user.journey_shared_at is None and user.journey_shared_until is None


def test_a_shared_staff_or_deactivated_account_is_not_open_to_staff(user):
    user.share_journey()
    assert user.is_sharing_journey()

    user.is_active = False
    assert not user.is_sharing_journey()
    user.is_active, user.is_staff = True, True
    assert not user.is_sharing_journey()


def test_the_students_sharing_now_leave_out_ended_and_stopped_shares(user):
    sharing = UserFactory(first_name="Sharing")
    sharing.share_journey(now=NOON_UTC)
    ended = UserFactory(first_name="Ended")
    ended.share_journey(until=datetime.date(2026, 6, 9), now=at(1, day=9))
    stopped = UserFactory(first_name="Stopped")
    stopped.share_journey(now=NOON_UTC)
    stopped.stop_sharing_journey()
    staff = UserFactory(first_name="Staff", is_staff=True)
    staff.share_journey(now=NOON_UTC)

    assert User.objects.sharing_journey(NOON_UTC) == [sharing]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2026-06-09", "from today to a year from now"),
        ("2027-06-11", "from today to a year from now"),
        ("next friday", "Enter a date"),
    ],
    ids=["yesterday", "more than a year ahead", "not a date"],
)
def test_a_last_day_outside_the_next_year_is_a_form_error_that_keeps_what_was_typed(
    client, vancouver_student, typed, error
):
    with signed_in_at(client, vancouver_student, NOON_UTC):
        response = client.post(SHARE, {"until": typed})

    assert response.status_code == 200
    assert error in response.context["share_form"].errors["until"][0]
    assert f'value="{typed}"' in response.content.decode()
    vancouver_student.refresh_from_db()
    assert not vancouver_student.is_sharing_journey()


def test_a_year_from_today_is_the_furthest_last_day(client, vancouver_student):
    with signed_in_at(client, vancouver_student, NOON_UTC):
        response = client.post(SHARE, {"until": "2027-06-10"})

    assert response.status_code == 302
    vancouver_student.refresh_from_db()
    assert vancouver_student.journey_shared_until == datetime.date(2027, 6, 10)


@pytest.mark.parametrize("url", [SHARE, STOP])
def test_the_sharing_choice_is_changed_only_by_post(owner_client, url):
    assert owner_client.get(url).status_code == 405


@pytest.mark.parametrize("url", [SHARE, STOP])
def test_anonymous_visitors_are_sent_to_log_in_to_share(client, url):
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_profile_lists_who_looked_newest_first_in_the_students_time(
    owner_client, vancouver_student
):
    member = UserFactory(first_name="Ada", last_name="Advisor", is_staff=True)
    with time_machine.travel(at(16), tick=False):
        JourneyVisit.record(vancouver_student, member)
    with time_machine.travel(at(18, day=11), tick=False):
        JourneyVisit.record(vancouver_student, member)
    JourneyVisit.record(UserFactory(), member)  # another student's

    response = owner_client.get(PROFILE)

    visits = list(response.context["journey_visits"])
    assert [v.visited_at for v in visits] == [at(18, day=11), at(16)]
    html = response.content.decode()
    assert "Ada Advisor" in html
    # 16:00 UTC is 9 a.m. in Vancouver.
    assert 'datetime="2026-06-10T09:00:00-07:00"' in html


def test_the_profile_shows_only_the_latest_visits(owner_client, user):
    member = UserFactory(is_staff=True)
    JourneyVisit.objects.bulk_create(
        JourneyVisit(student=user, staff=member, staff_name="Ada") for _ in range(60)
    )

    response = owner_client.get(PROFILE)

    assert len(response.context["journey_visits"]) == 50


def test_a_visit_keeps_the_staff_members_name_when_their_account_goes(user):
    member = UserFactory(
        first_name="Ada",
        last_name="Advisor",
        email="ada@college.example",
        is_staff=True,
    )
    JourneyVisit.record(user, member)

    member.delete()

    visit = JourneyVisit.objects.get(student=user)
    assert visit.staff is None
    # The address too, which staff cannot change: a name could be anyone's.
    assert visit.staff_name == "Ada Advisor (ada@college.example)"


def test_the_privacy_page_opens_without_logging_in(client):
    response = client.get(PRIVACY)

    assert response.status_code == 200
    html = response.content.decode()
    assert "fewer than 5" in html
    assert "never see" in html


def test_the_privacy_page_opens_for_a_signed_in_student(owner_client):
    response = owner_client.get(PRIVACY)

    assert response.status_code == 200
    assert f"{PROFILE}#journey-sharing" in response.content.decode()


def test_the_privacy_page_is_only_read(client):
    assert client.post(PRIVACY).status_code == 405


def test_the_profile_links_to_what_the_career_centre_can_see(owner_client):
    assert PRIVACY in owner_client.get(PROFILE).content.decode()


def test_the_profile_offers_the_chosen_last_day_to_change(client, vancouver_student):
    with signed_in_at(client, vancouver_student, NOON_UTC):
        vancouver_student.share_journey(until=datetime.date(2026, 6, 30))

        html = client.get(PROFILE).content.decode()

    assert 'value="2026-06-30"' in html
    assert "Change the last day" in html
