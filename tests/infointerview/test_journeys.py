"""The journeys students share: career-centre staff read them in the admin only
while the student shares, and each opening is recorded for the student."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import JourneyVisit
from accounts.staff import ensure_staff_group
from contacts.models import Contact, LeadSource
from interviews.models import InterviewRequest
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    InterviewRequestFactory,
    LearningFactory,
    ThankYouNoteFactory,
    TouchpointFactory,
    UserFactory,
)
from tests.queries import queries_for
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

LIST = reverse("journeys:list")


def detail(student):
    return reverse("journeys:detail", args=[student.pk])


@pytest.fixture
def member(db):
    member = UserFactory(
        email="advisor@example.com",
        first_name="Ada",
        last_name="Advisor",
        is_staff=True,
    )
    member.groups.add(ensure_staff_group())
    return member


@pytest.fixture
def member_client(client, member):
    return sign_in_staff(client, member)


@pytest.fixture
def sharing(user):
    user.share_journey()
    return user


def some_journey(student, rows):
    """`rows` of each kind a journey holds, each contact with its own story."""
    for n in range(rows):
        contact = ContactFactory(owner=student, stage=Contact.Stage.INTERVIEWED)
        InterviewRequestFactory(owner=student, contact=contact, answer_notes=f"Yes {n}")
        interview = InterviewFactory(owner=student, contact=contact)
        InterviewQuestionFactory(interview=interview, answer=f"Answer {n}")
        LearningFactory(interview=interview)
        ThankYouNoteFactory(interview=interview)
        FollowUpFactory(owner=student, contact=contact, interview=interview)
        TouchpointFactory(owner=student, contact=contact, note=f"Note {n}")


def test_staff_read_a_sharing_students_journey(member_client, sharing):
    sharing.interests = "Festivals and live theatre"
    sharing.save(update_fields=["interests"])
    contact = ContactFactory(
        owner=sharing,
        first_name="Priya",
        last_name="Raman",
        lead_source=LeadSource.FRIEND,
    )
    InterviewRequestFactory(
        owner=sharing,
        contact=contact,
        status=InterviewRequest.Status.ACCEPTED,
        sent_at=timezone.now() - datetime.timedelta(days=2),
        answered_at=timezone.now() - datetime.timedelta(days=1),
        message="Could we talk for twenty minutes?",
        answer_notes="Happy to, next Tuesday.",
    )
    interview = InterviewFactory(
        owner=sharing, contact=contact, notes="Start in box office"
    )
    InterviewQuestionFactory(
        interview=interview, text="How did you start?", answer="Ushering"
    )
    LearningFactory(interview=interview, text="Volunteer at festivals first")
    ThankYouNoteFactory(interview=interview, body="Thank you for the tour.")
    FollowUpFactory(owner=sharing, contact=contact, title="Send the article")
    TouchpointFactory(owner=sharing, contact=contact, note="Sent the festival review")

    response = member_client.get(detail(sharing))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Festivals and live theatre",
        "Priya Raman",
        "Friend",
        "Could we talk for twenty minutes?",
        "Happy to, next Tuesday.",
        "Start in box office",
        "How did you start?",
        "Ushering",
        "Volunteer at festivals first",
        "Thank you for the tour.",
        "Send the article",
        "Sent the festival review",
    ):
        assert text in html, text
    assert "<form" not in html.split('id="content-main"')[1]  # read only
    assert " style=" not in html and "<style" not in html


def test_each_opening_is_recorded_and_shown_on_the_students_profile(
    client, member, sharing
):
    opened_at = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=datetime.UTC)
    with time_machine.travel(opened_at, tick=False):
        sign_in_staff(client, member)
        assert client.get(detail(sharing)).status_code == 200

    visit = JourneyVisit.objects.get()
    assert (visit.student, visit.staff, visit.staff_name) == (
        sharing,
        member,
        f"Ada Advisor ({member.email})",
    )
    assert visit.visited_at == opened_at

    client.force_login(sharing)
    profile = client.get(reverse("accounts:profile"))
    assert list(profile.context["journey_visits"]) == [visit]
    assert "Ada Advisor" in profile.content.decode()


def test_the_list_shows_the_students_sharing_now(member_client, sharing, other_user):
    UserFactory(first_name="Staffer", is_staff=True).share_journey()

    response = member_client.get(LIST)

    assert response.status_code == 200
    assert response.context["students"] == [sharing]
    html = response.content.decode()
    assert sharing.email in html and detail(sharing) in html
    assert other_user.email not in html
    assert not JourneyVisit.objects.exists()


def test_the_list_shows_only_account_fields(member_client, sharing):
    sharing.interests = "A private interest"
    sharing.save(update_fields=["interests"])
    ContactFactory(owner=sharing, first_name="Priya")

    html = member_client.get(LIST).content.decode()

    assert "A private interest" not in html and "Priya" not in html


def test_the_admin_index_links_to_the_shared_journeys(member_client):
    assert LIST in member_client.get(reverse("admin:index")).content.decode()


def test_a_stopped_share_is_refused_at_once(member_client, sharing):
    assert member_client.get(detail(sharing)).status_code == 200
    sharing.stop_sharing_journey()

    assert member_client.get(detail(sharing)).status_code == 404
    assert JourneyVisit.objects.count() == 1


def test_a_share_is_refused_after_the_end_of_its_last_day(client, member, user):
    user.time_zone = "America/Vancouver"  # UTC-7 in June
    user.save(update_fields=["time_zone"])
    user.share_journey(
        until=datetime.date(2026, 6, 10),
        now=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    last_minute = datetime.datetime(2026, 6, 11, 6, 59, tzinfo=datetime.UTC)
    with time_machine.travel(last_minute, tick=False):
        sign_in_staff(client, member)
        assert client.get(detail(user)).status_code == 200
    with time_machine.travel(last_minute + datetime.timedelta(minutes=1), tick=False):
        sign_in_staff(client, member)
        assert client.get(detail(user)).status_code == 404
    assert JourneyVisit.objects.count() == 1


def test_a_student_who_never_shared_is_not_found(member_client, user):
    assert member_client.get(detail(user)).status_code == 404
    assert not JourneyVisit.objects.exists()


@pytest.mark.parametrize("who", ["staff account", "unknown"])
def test_a_staff_account_or_an_unknown_pk_is_not_found(member_client, member, who):
    pk = member.pk if who == "staff account" else member.pk + 1000
    member.share_journey()

    response = member_client.get(reverse("journeys:detail", args=[pk]))

    assert response.status_code == 404
    assert not JourneyVisit.objects.exists()


@pytest.mark.parametrize("page", ["list", "detail"])
def test_a_student_is_sent_to_the_admin_login(stranger_client, sharing, page):
    url = LIST if page == "list" else detail(sharing)

    response = stranger_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not JourneyVisit.objects.exists()


@pytest.mark.parametrize("page", ["list", "detail"])
def test_anonymous_visitors_are_sent_to_log_in(client, sharing, page):
    response = client.get(LIST if page == "list" else detail(sharing))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_the_accounts_permission_are_refused(client, sharing):
    bare = UserFactory(is_staff=True)
    sign_in_staff(client, bare)

    assert client.get(LIST).status_code == 403
    assert client.get(detail(sharing)).status_code == 403
    assert not JourneyVisit.objects.exists()


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_journeys_are_only_read(member_client, sharing, page):
    response = member_client.post(LIST if page == "list" else detail(sharing))

    assert response.status_code == 405
    assert not JourneyVisit.objects.exists()


def test_a_journeys_queries_do_not_grow_with_its_rows(member_client, user, other_user):
    user.share_journey()
    other_user.share_journey()
    some_journey(user, 3)
    some_journey(other_user, 30)

    small = queries_for(member_client, detail(user))
    large = queries_for(member_client, detail(other_user))

    assert small == large


def test_the_lists_queries_do_not_grow_with_the_students_sharing(member_client):
    for _ in range(3):
        UserFactory().share_journey()
    few = queries_for(member_client, LIST)
    for _ in range(27):
        UserFactory().share_journey()

    assert queries_for(member_client, LIST) == few
