"""seed_demo fills the database with the whole journey, once, and only on purpose."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Province, User
from accounts.staff import STAFF_GROUP_NAME
from contacts.models import Contact, DirectoryEntry, LeadSource, Organization
from contacts.timeline import events_for
from followups.models import FollowUp, Learning, ThankYouNote, Touchpoint
from infointerview.management.commands import seed_demo
from infointerview.management.commands.seed_demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    STAFF_EMAIL,
    STAFF_PASSWORD,
)
from interviews.models import Interview, InterviewRequest
from tests.staff import enrol_on_the_second_step

pytestmark = pytest.mark.django_db


def seed(**options):
    # The tests run with DEBUG off, where the command needs --force.
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture
def student():
    seed()
    return User.objects.get(email=DEMO_EMAIL)


def test_the_demo_student_has_a_profile_and_a_self_assessment(student):
    assert student.check_password(DEMO_PASSWORD)
    assert not student.is_staff
    assert student.program == "Arts Management"
    assert student.province == Province.ON
    assert "theatre manager" in student.target_occupation_list
    assert student.interests and student.strengths and student.values


def test_the_demo_student_has_a_contact_at_every_stage(student):
    contacts = Contact.objects.for_user(student)

    assert set(contacts.stage_counts()) == set(Contact.Stage.values)


def test_the_demo_student_has_a_lead_from_every_source(student):
    sources = Contact.objects.for_user(student).values_list("lead_source", flat=True)

    assert set(sources) == set(LeadSource.values)


def test_a_referral_chain_runs_two_deep(student):
    third = Contact.objects.for_user(student).get(
        referred_by__referred_by__isnull=False
    )
    second = third.referred_by
    first = second.referred_by

    assert third.lead_source == second.lead_source == LeadSource.REFERRAL
    assert first.lead_source != LeadSource.REFERRAL
    assert first.referred_by is None
    assert {first.owner, second.owner, third.owner} == {student}


def test_one_request_waits_for_an_answer_and_another_was_accepted(student):
    requests = InterviewRequest.objects.for_user(student)
    waiting = requests.get(status=InterviewRequest.Status.SENT)
    accepted = requests.filter(status=InterviewRequest.Status.ACCEPTED)

    assert waiting.sent_at is not None
    assert waiting.contact.stage == Contact.Stage.REQUESTED
    assert accepted.exists()
    assert all(r.answered_at >= r.sent_at for r in accepted)


def test_an_upcoming_lunch_interview_has_bank_questions_and_some_preparation(
    student,
):
    interview = Interview.objects.for_user(student).upcoming().get()
    ahead = interview.starts_at - timezone.now()

    assert datetime.timedelta(days=1) < ahead < datetime.timedelta(days=7)
    assert interview.part_of_day() == Interview.PartOfDay.LUNCH
    assert interview.contact.stage == Contact.Stage.SCHEDULED
    assert 0 < interview.prep_done < interview.prep_total
    questions = list(interview.questions.select_related("question"))
    assert len(questions) >= 3
    assert all(q.question and q.text == q.question.text for q in questions)


def test_a_completed_interview_has_answered_questions_notes_and_a_learning(student):
    completed = Interview.objects.for_user(student).filter(
        status=Interview.Status.COMPLETED, starts_at__lt=timezone.now()
    )

    interview = completed.filter(questions__answer__gt="").distinct().first()
    assert interview is not None
    assert interview.notes
    assert interview.completed_at is not None
    assert Learning.objects.filter(interview=interview).exists()


def test_a_thank_you_note_was_sent_and_mentions_what_was_learned(student):
    note = ThankYouNote.objects.for_user(student).filter(
        status=ThankYouNote.Status.SENT
    )[0]

    assert note.missing_learning_error() is None
    assert note.sent_at <= note.due_at
    assert note.interview.contact.stage in {
        Contact.Stage.THANKED,
        Contact.Stage.IN_NETWORK,
    }


def test_follow_ups_are_due_today_overdue_and_done(student):
    followups = FollowUp.objects.for_user(student)
    today = timezone.localdate()

    assert followups.open().filter(due_on=today).exists()
    assert followups.overdue(today).exists()
    assert followups.filter(done_at__isnull=False).exists()


def test_touchpoints_share_an_article_and_an_achievement(student):
    touchpoints = Touchpoint.objects.for_user(student)
    article = touchpoints.get(kind=Touchpoint.Kind.ARTICLE)

    assert article.link.startswith("https://")
    assert touchpoints.filter(kind=Touchpoint.Kind.ACHIEVEMENT).exists()
    assert article.contact.last_contacted_on is not None


def test_the_student_has_their_own_organizations(student):
    names = set(Organization.objects.for_user(student).values_list("name", flat=True))

    assert {"Massey Hall", "Soulpepper Theatre", "Canadian Opera Company"} <= names


def test_the_shared_directory_has_entries_from_both_offices(student):
    entries = DirectoryEntry.objects.select_related("organization")

    assert entries.count() >= 6
    assert {e.source for e in entries} == set(DirectoryEntry.Source.values)
    assert all(e.organization.owner is None for e in entries)
    assert (
        Contact.objects.for_user(student).filter(directory_entry__isnull=False).exists()
    )


def test_the_staff_user_can_open_the_directory_in_the_admin(client):
    seed()
    staff = User.objects.get(email=STAFF_EMAIL)

    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name=STAFF_GROUP_NAME).exists()
    # django-axes counts a sign-in against the request it came with.
    assert client.login(
        request=HttpRequest(), email=STAFF_EMAIL, password=STAFF_PASSWORD
    )
    enrol_on_the_second_step(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/contacts/directoryentry/").status_code == 200


def test_running_it_twice_creates_nothing_new():
    seed()
    after_first = row_counts()

    out = seed()

    assert row_counts() == after_first
    assert after_first["contacts.Contact"] > 0
    assert "left alone" in out


def test_reset_recreates_the_demo_without_duplicates(student):
    after_first = row_counts()

    seed(reset=True)

    assert row_counts() == after_first
    assert User.objects.get(email=DEMO_EMAIL).pk != student.pk


def test_it_refuses_to_run_without_force_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())

    assert not User.objects.filter(email__in=[DEMO_EMAIL, STAFF_EMAIL]).exists()


def test_it_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    assert User.objects.filter(email=DEMO_EMAIL).exists()


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch):
    before = row_counts()

    def fail(journey):
        raise RuntimeError("the demo broke half-way")

    monkeypatch.setattr(seed_demo, "JOURNEYS", [*seed_demo.JOURNEYS, fail])
    with pytest.raises(RuntimeError):
        seed()

    assert row_counts() == before


def test_it_prints_how_to_log_in():
    out = seed()

    assert "http://127.0.0.1:8000/" in out
    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in out
    assert f"{STAFF_EMAIL} / {STAFF_PASSWORD}" in out


def test_each_contact_was_added_before_anything_happened_with_them(student):
    for contact in Contact.objects.for_user(student).select_related("organization"):
        events = events_for(contact)
        assert events[-1].title.startswith("Added as a lead"), contact
        assert contact.created_at < timezone.now() - datetime.timedelta(days=1)
        if contact.stage == Contact.Stage.LEAD:
            assert contact.stage_changed_at == contact.created_at


def test_who_else_could_i_speak_with_is_each_interviews_last_question(student):
    interviews = Interview.objects.for_user(student).prefetch_related(
        "questions__question"
    )
    asked_who_else = 0
    for interview in interviews:
        asked = sorted(interview.questions.all(), key=lambda q: (q.position, q.id))
        keys = [q.question.key if q.question else None for q in asked]
        if "who_else" in keys:
            asked_who_else += 1
            assert keys[-1] == "who_else", interview
    assert asked_who_else >= 3
