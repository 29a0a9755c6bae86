"""Career-centre staff run the site from the Django admin; students cannot."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from contacts.models import ImportBatch
from followups.models import ReminderDigest
from interviews.models import MessageTemplate
from tests import factories

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]
# A resume is the student's own upload, an import the student's own file.
NOT_ADDED_BY_STAFF = {
    "accounts.Resume",
    "contacts.ImportBatch",
    "followups.ReminderDigest",  # made by send_reminders only
}


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def some_of_everything(user):
    """A row of every model, so list columns and change pages really render."""
    interview = factories.InterviewFactory(owner=user)
    learning = factories.LearningFactory(interview=interview)
    note = factories.ThankYouNoteFactory(interview=interview)
    note.learnings.add(learning)
    factories.InterviewQuestionFactory(interview=interview)
    factories.InterviewRequestFactory(owner=user, contact=interview.contact)
    factories.FollowUpFactory(owner=user, contact=interview.contact)
    factories.TouchpointFactory(owner=user, contact=interview.contact)
    factories.DirectoryEntryFactory()
    factories.ResumeFactory(owner=user)
    factories.QuestionFactory()
    Group.objects.create(name="Volunteers")
    ImportBatch.objects.create(owner=user, source="csv", filename="contacts.csv")
    MessageTemplate.objects.create(
        owner=user, kind="email", body="Hello {contact_name}"
    )
    ReminderDigest.objects.create(user=user, day=datetime.date(2026, 3, 2))


def test_every_model_is_in_the_admin():
    labels = set(IDS)
    assert {
        "accounts.User",
        "accounts.Resume",
        "contacts.Organization",
        "contacts.Contact",
        "contacts.DirectoryEntry",
        "interviews.InterviewRequest",
        "interviews.Interview",
        "interviews.Question",
        "followups.Learning",
        "followups.ThankYouNote",
        "followups.FollowUp",
        "followups.Touchpoint",
    } <= labels


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_staff_open_every_changelist_search_and_change_page(
    staff_client, some_of_everything, model, model_admin
):
    assert staff_client.get(url(model, "changelist")).status_code == 200
    if model_admin.search_fields:
        response = staff_client.get(url(model, "changelist"), {"q": "theatre"})
        assert response.status_code == 200
    obj = model._default_manager.first()
    assert staff_client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_staff_open_every_add_page_but_a_students_own_files(
    staff_client, model, model_admin
):
    response = staff_client.get(url(model, "add"))
    if model._meta.label in NOT_ADDED_BY_STAFF:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_a_student_is_refused_every_admin_page(owner_client, model, model_admin):
    for view in ("changelist", "add"):
        response = owner_client.get(url(model, view))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitors_are_sent_to_log_in_from_the_admin(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_see_how_many_students_added_each_directory_entry(staff_client):
    entry = factories.DirectoryEntryFactory(first_name="Maya", last_name="Singh")
    for _ in range(3):
        factories.ContactFactory(directory_entry=entry, lead_source="career_centre")

    response = staff_client.get(url(entry.__class__, "changelist"))

    row = response.context["cl"].result_list.get(pk=entry.pk)
    assert row.students_total == 3


def test_staff_can_add_a_question_to_the_shared_bank(staff_client):
    from interviews.models import Question

    response = staff_client.post(
        url(Question, "add"),
        {
            "text": "What does a season look like at {organization}?",
            "category": "day_to_day",
            "position": 20,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    question = Question.objects.get(text__startswith="What does a season")
    assert question.owner is None


def test_the_admin_refuses_a_question_with_an_unknown_placeholder(staff_client):
    from interviews.models import Question

    response = staff_client.post(
        url(Question, "add"),
        {"text": "What is the {salary}?", "category": "advice", "position": 1},
    )

    assert response.status_code == 200
    assert "Unknown placeholder" in str(response.context["adminform"].form.errors)


@pytest.fixture
def career_centre_client(client):
    from accounts.staff import ensure_staff_group

    member = factories.UserFactory(email="maya@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    client.force_login(member)
    return client


def test_career_centre_staff_cannot_make_themselves_superuser(career_centre_client):
    from accounts.models import User

    member = User.objects.get(email="maya@college.example")
    change = url(User, "change", member.pk)
    form = career_centre_client.get(change).context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "groups" not in form.fields
    response = career_centre_client.post(
        change,
        {
            "email": member.email,
            "first_name": "Maya",
            "province": "ON",
            "time_zone": "America/Toronto",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "resumes-TOTAL_FORMS": "0",
            "resumes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert not member.is_superuser
    assert member.first_name == "Maya"


def test_career_centre_staff_cannot_change_other_staff_or_their_passwords(
    career_centre_client, staff_user
):
    from accounts.models import User

    # They may look (view permission) but the page offers no save.
    page = career_centre_client.get(url(User, "change", staff_user.pk))
    assert page.context["has_change_permission"] is False
    password_url = reverse("admin:auth_user_password_change", args=[staff_user.pk])
    password_url = password_url.replace("auth/user", "accounts/user")
    response = career_centre_client.post(
        password_url,
        {"password1": "hijacked-password-9", "password2": "hijacked-password-9"},
    )
    assert response.status_code == 403
    staff_user.refresh_from_db()
    assert not staff_user.check_password("hijacked-password-9")


def test_career_centre_staff_can_update_a_students_account(career_centre_client, user):
    from accounts.models import User

    response = career_centre_client.get(url(User, "change", user.pk))
    assert response.status_code == 200


def test_career_centre_staff_keep_the_directory(career_centre_client):
    from contacts.models import DirectoryEntry

    assert career_centre_client.get(url(DirectoryEntry, "add")).status_code == 200
    assert (
        career_centre_client.get(url(DirectoryEntry, "changelist")).status_code == 200
    )
