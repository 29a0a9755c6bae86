"""Career-centre staff run the site from the Django admin; students cannot.

What staff may see of students is tested page by page, the way an auditor
would, in test_admin_privacy.py; here, what each admin page lets staff do.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.staff import ensure_staff_group
from contacts.models import DirectoryEntry, Organization
from followups.models import ReminderDigest
from interviews import drafting
from interviews.models import MessageTemplate, Question, SendingLimitHit
from tests import factories
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)
IDS = [model._meta.label for model, _ in MODEL_ADMINS]
# What the career centre keeps: these open, change and add.
RUN_BY_STAFF = {
    "auth.Group",
    "contacts.DirectoryEntry",
    "contacts.Organization",
    "interviews.MessageTemplate",
    "interviews.Question",
}
# Students' activity: a list of statuses and dates, no page per row.
ACTIVITY = {
    "interviews.InterviewRequest",
    "interviews.Interview",
    "interviews.SendingLimitHit",
    "followups.ThankYouNote",
}
# Signing in: lockouts staff lift, and superusers' view of authenticator apps
# (tests/accounts/test_sign_in_throttle.py, test_two_factor.py).
SIGN_IN = {"axes.AccessAttempt", "otp_totp.TOTPDevice"}


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture
def some_of_everything(user):
    """A row of every model, so list columns and pages really render."""
    interview = factories.InterviewFactory(owner=user)
    learning = factories.LearningFactory(interview=interview)
    note = factories.ThankYouNoteFactory(interview=interview)
    note.learnings.add(learning)
    factories.InterviewRequestFactory(owner=user, contact=interview.contact)
    SendingLimitHit.objects.create(owner=user, limit=SendingLimitHit.Limit.SITE_HOUR)
    factories.DirectoryEntryFactory()
    factories.QuestionFactory()
    Organization.objects.create(name="Massey Hall")
    MessageTemplate.objects.create(kind="email", body="Dear {contact_first_name},")
    ReminderDigest.objects.create(user=user, day=datetime.date(2026, 3, 2))
    from django.contrib.auth.models import Group

    Group.objects.create(name="Volunteers")


@pytest.fixture
def member():
    """A career-centre staff member, as create_staff_user makes one."""
    member = factories.UserFactory(email="maya@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    return member


@pytest.fixture
def member_client(client, member):
    return sign_in_staff(client, member)


def test_the_admin_holds_what_the_career_centre_runs_and_students_activity():
    assert set(IDS) == {
        *RUN_BY_STAFF,
        *ACTIVITY,
        *SIGN_IN,
        "accounts.User",
        "followups.ReminderDigest",
    }


@pytest.mark.parametrize(
    "label",
    [
        "accounts.Resume",
        "contacts.Contact",
        "contacts.ImportBatch",
        "interviews.InterviewQuestion",
        "interviews.Reschedule",
        "followups.Learning",
        "followups.FollowUp",
        "followups.Touchpoint",
    ],
)
def test_what_only_a_student_writes_has_no_admin_page(label):
    assert label not in IDS


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_staff_open_every_list_and_search_it(
    staff_client, some_of_everything, model, model_admin
):
    assert staff_client.get(url(model, "changelist")).status_code == 200
    if model_admin.search_fields:
        response = staff_client.get(url(model, "changelist"), {"q": "theatre"})
        assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_only_what_staff_run_has_add_and_change_pages(
    member_client, staff_client, some_of_everything, model, model_admin
):
    label = model._meta.label
    obj = model_admin.get_queryset(None).first() if label in RUN_BY_STAFF else None
    if label == "auth.Group":
        # Groups hand out rights: superusers only.
        client, obj = staff_client, model.objects.first()
    else:
        client = member_client
    add = client.get(url(model, "add")).status_code
    if label in RUN_BY_STAFF:
        assert add == 200
        assert client.get(url(model, "change", obj.pk)).status_code == 200
    elif label in ACTIVITY:
        assert add == 403
        row = model._default_manager.first()
        assert client.get(url(model, "change", row.pk)).status_code == 403
        assert client.get(url(model, "history", row.pk)).status_code == 403
        assert client.get(url(model, "delete", row.pk)).status_code == 403


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


def test_the_admin_home_leads_to_the_career_centres_own_pages(member_client):
    html = member_client.get(reverse("admin:index")).content.decode()

    assert 'id="career-centre"' in html
    for name in ("directoryentry", "question", "messagetemplate"):
        assert (
            f"/admin/{'contacts' if name == 'directoryentry' else 'interviews'}/{name}/"
            in html
        )


# The directory, the bank and the campus wording.


def test_staff_see_how_many_students_added_each_directory_entry(member_client):
    entry = factories.DirectoryEntryFactory(first_name="Maya", last_name="Singh")
    for _ in range(3):
        factories.ContactFactory(directory_entry=entry, lead_source="career_centre")

    response = member_client.get(url(DirectoryEntry, "changelist"))

    row = response.context["cl"].result_list.get(pk=entry.pk)
    assert row.students_total == 3


def test_career_centre_staff_keep_the_directory(member_client):
    assert member_client.get(url(DirectoryEntry, "add")).status_code == 200
    assert member_client.get(url(DirectoryEntry, "changelist")).status_code == 200


def test_staff_see_only_the_directorys_organizations(member_client, user):
    factories.OrganizationFactory(owner=user, name="My aunt's bakery")
    shared = Organization.objects.create(name="Massey Hall")

    response = member_client.get(url(Organization, "changelist"))

    assert list(response.context["cl"].result_list) == [shared]
    mine = Organization.objects.get(owner=user)
    assert member_client.get(url(Organization, "change", mine.pk)).status_code == 302


def test_staff_can_add_a_question_to_the_shared_bank(member_client):
    response = member_client.post(
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


def test_the_bank_in_the_admin_is_the_shared_one_only(member_client, user):
    shared = factories.QuestionFactory(text="What is a typical day like?")
    own = factories.QuestionFactory(owner=user, text="Do they ever sleep?")

    response = member_client.get(url(Question, "changelist"), {"all": ""})

    listed = list(response.context["cl"].result_list)
    assert shared in listed
    assert own not in listed
    assert all(question.owner_id is None for question in listed)


def test_the_admin_refuses_a_question_with_an_unknown_placeholder(member_client):
    response = member_client.post(
        url(Question, "add"),
        {"text": "What is the {salary}?", "category": "advice", "position": 1},
    )

    assert response.status_code == 200
    assert "Unknown placeholder" in str(response.context["adminform"].form.errors)


def test_staff_write_the_campus_wording_students_start_from(member_client, user):
    contact = factories.ContactFactory(owner=user, first_name="Priya")

    response = member_client.post(
        url(MessageTemplate, "add"),
        {
            "kind": "email",
            "subject": "A question from a Humber student",
            "body": "Dear {contact_first_name}, I study at Humber.",
        },
    )

    assert response.status_code == 302
    wording = MessageTemplate.objects.get()
    assert wording.owner is None
    drafted = drafting.draft(contact, user, "email")
    assert drafted["subject"] == "A question from a Humber student"
    assert drafted["message"] == "Dear Priya, I study at Humber."


def test_a_students_own_wording_wins_over_the_campus_wording(user):
    contact = factories.ContactFactory(owner=user, first_name="Priya")
    MessageTemplate.objects.create(kind="email", body="Campus: {contact_first_name}")
    MessageTemplate.objects.create(
        owner=user, kind="email", body="Mine: {contact_first_name}"
    )

    assert drafting.draft(contact, user, "email")["message"] == "Mine: Priya"
    other = factories.UserFactory()
    theirs = factories.ContactFactory(owner=other, first_name="Lena")
    assert drafting.draft(theirs, other, "email")["message"] == "Campus: Lena"


def test_the_students_wording_page_starts_from_the_campus_wording(owner_client):
    MessageTemplate.objects.create(kind="letter", body="Campus letter, {my_name}.")

    html = owner_client.get(reverse("interviews:templates")).content.decode()

    assert "Campus letter, {my_name}." in html


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Dear {contact_first_name}, about {salary}.", "Unknown placeholder"),
        ("", "This field is required"),
    ],
)
def test_campus_wording_is_checked_like_a_students(member_client, body, error):
    response = member_client.post(
        url(MessageTemplate, "add"), {"kind": "email", "subject": "", "body": body}
    )

    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors)
    assert not MessageTemplate.objects.exists()


def test_the_campus_has_one_wording_of_each_kind(member_client):
    MessageTemplate.objects.create(kind="email", body="The first one.")

    response = member_client.post(
        url(MessageTemplate, "add"), {"kind": "email", "body": "A second one."}
    )

    assert response.status_code == 200
    assert "already has wording of this kind" in str(
        response.context["adminform"].form.errors
    )


def test_the_campus_wording_list_leaves_out_students_own_wording(member_client, user):
    MessageTemplate.objects.create(owner=user, kind="email", body="My own words.")
    campus = MessageTemplate.objects.create(kind="email", body="Campus words.")

    response = member_client.get(url(MessageTemplate, "changelist"))

    assert list(response.context["cl"].result_list) == [campus]


# Lists accept only the filters they offer.


@pytest.mark.parametrize(
    ("model", "forged"),
    [
        (User, {"calendar_digest__regex": "^a"}),
        (User, {"calendar_seed__startswith": "a"}),
        (User, {"password__startswith": "md5"}),
        (User, {"interests__icontains": "theatre"}),
        (User, {"contacts__email__icontains": "@"}),
        (DirectoryEntry, {"contacts__notes__icontains": "x"}),
        (Question, {"owner__isnull": "False"}),
    ],
)
def test_a_forged_filter_is_removed_with_a_message_and_logged(
    member_client, user, caplog, model, forged
):
    user.renew_calendar_token()
    changelist = url(model, "changelist")

    with caplog.at_level("WARNING", logger="infointerview.security"):
        response = member_client.get(changelist, {**forged, "q": "a"}, follow=True)

    assert response.redirect_chain == [(f"{changelist}?q=a", 302)]
    [name] = forged
    assert f"cannot be filtered by “{name}”" in response.content.decode()
    assert name in caplog.text


def test_a_forged_filter_on_an_activity_list_is_refused_too(member_client, user):
    factories.InterviewRequestFactory(owner=user, message="zq-private")
    changelist = url(factories.InterviewRequestFactory._meta.model, "changelist")

    response = member_client.get(changelist, {"message__icontains": "zq"})

    assert response.status_code == 302
    assert response["Location"] == changelist


def test_the_filters_a_list_offers_still_filter(member_client, user):
    factories.UserFactory(province="QC")
    changelist = url(User, "changelist")

    province = member_client.get(changelist, {"province__exact": "QC"})
    joined = member_client.get(changelist, {"is_active__exact": "1"})

    assert province.status_code == 200
    assert [u.province for u in province.context["cl"].result_list] == ["QC"]
    assert joined.status_code == 200


def test_the_date_drill_down_of_a_list_still_works(member_client, user):
    factories.InterviewFactory(owner=user)
    changelist = url(factories.InterviewFactory._meta.model, "changelist")

    response = member_client.get(changelist, {"starts_at__year": "2026"})

    assert response.status_code == 200


# Accounts: staff cannot become a student.


def test_career_centre_staff_cannot_change_their_own_account_here(
    member_client, member
):
    change = url(User, "change", member.pk)
    page = member_client.get(change)

    assert page.context["has_change_permission"] is False
    response = member_client.post(
        change,
        {
            "email": member.email,
            "first_name": "Jordan",
            "last_name": "Ellis",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.is_superuser
    assert member.first_name != "Jordan"


def test_a_superuser_manages_staff_accounts_but_not_their_history(staff_client, member):
    change = url(User, "change", member.pk)
    form = staff_client.get(change).context["adminform"].form

    assert "is_staff" in form.fields
    assert "first_name" in form.fields
    assert "last_login" not in form.fields
    assert "date_joined" not in form.fields


def test_career_centre_staff_cannot_change_other_staff_or_their_passwords(
    member_client, staff_user
):
    # They may look (view permission) but the page offers no save.
    page = member_client.get(url(User, "change", staff_user.pk))
    assert page.context["has_change_permission"] is False
    password_url = f"/admin/accounts/user/{staff_user.pk}/password/"
    response = member_client.post(
        password_url,
        {"password1": "hijacked-password-9", "password2": "hijacked-password-9"},
    )
    assert response.status_code == 403
    staff_user.refresh_from_db()
    assert not staff_user.check_password("hijacked-password-9")


def test_a_students_account_page_is_read_only_with_their_activity(member_client, user):
    contact = factories.ContactFactory(owner=user, stage="requested")
    request = factories.InterviewRequestFactory(owner=user, contact=contact)
    request.mark_sent()

    response = member_client.get(url(User, "change", user.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    html = response.content.decode()
    assert user.email in html
    assert "Requested: 1" in html
    assert "Sent: 1" in html
    assert 'name="_save"' not in html
    assert "/password/" not in html


@pytest.mark.parametrize("client_fixture", ["member_client", "staff_client"])
def test_nobody_changes_a_students_email_or_name_in_the_admin(
    request, client_fixture, user
):
    client = request.getfixturevalue(client_fixture)
    change = url(User, "change", user.pk)

    response = client.post(
        change,
        {"email": "attacker@example.com", "first_name": "Mallory"},
        follow=True,
    )

    assert response.redirect_chain == [(change, 302)]
    assert "nothing was changed" in response.content.decode()
    user.refresh_from_db()
    assert (user.email, user.first_name) == ("owner@example.com", "Olivia")


@pytest.mark.parametrize("client_fixture", ["member_client", "staff_client"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_sets_a_students_password_in_the_admin(
    request, client_fixture, method, user, password
):
    client = request.getfixturevalue(client_fixture)
    password_url = f"/admin/accounts/user/{user.pk}/password/"

    response = getattr(client, method)(
        password_url,
        {"password1": "hijacked-password-9", "password2": "hijacked-password-9"},
        follow=True,
    )

    assert response.redirect_chain == [(url(User, "change", user.pk), 302)]
    assert "send them a password-reset link" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def act(client, action, *users):
    return client.post(
        url(User, "changelist"),
        {"action": action, "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def test_staff_send_a_student_a_password_reset_link_at_their_own_address(
    member_client, member, user
):
    response = act(member_client, "send_password_reset", user)

    assert response.status_code == 200
    [email] = mail.outbox
    assert email.to == ["owner@example.com"]
    assert "/accounts/reset/" in email.body
    entry = LogEntry.objects.get(object_id=str(user.pk))
    assert entry.user == member
    assert "password-reset link" in entry.get_change_message()


def test_the_reset_link_staff_send_points_at_the_sites_own_address(
    member_client, user, settings
):
    settings.SITE_URL = "https://careers.example.edu/"

    act(member_client, "send_password_reset", user)

    [email] = mail.outbox
    assert "https://careers.example.edu/accounts/reset/" in email.body


def test_staff_deactivate_and_reactivate_a_student_and_each_is_recorded(
    member_client, user
):
    act(member_client, "deactivate", user)
    user.refresh_from_db()
    assert not user.is_active

    act(member_client, "reactivate", user)
    user.refresh_from_db()
    assert user.is_active
    messages = [e.get_change_message() for e in LogEntry.objects.order_by("pk")]
    assert messages == ["Deactivated.", "Reactivated."]


def test_a_deactivated_student_can_no_longer_sign_in(client, member, user, password):
    sign_in_staff(client, member)
    act(client, "deactivate", user)
    client.logout()

    # django-axes counts a sign-in against the request it came with.
    assert not client.login(request=HttpRequest(), email=user.email, password=password)


def test_staff_actions_leave_staff_accounts_alone(member_client, staff_user):
    response = act(member_client, "deactivate", staff_user)

    staff_user.refresh_from_db()
    assert staff_user.is_active
    assert "left as it is" in response.content.decode()
    assert not mail.outbox


def test_no_account_is_deleted_from_the_admin(staff_client, user):
    assert staff_client.get(url(User, "delete", user.pk)).status_code == 403
    html = staff_client.get(url(User, "changelist")).content.decode()
    assert "delete_selected" not in html


def test_a_students_account_page_links_to_the_journey_they_share(member_client, user):
    page = url(User, "change", user.pk)
    assert "Not shared" in member_client.get(page).content.decode()

    user.share_journey()

    html = member_client.get(page).content.decode()
    assert reverse("journeys:detail", args=[user.pk]) in html


def test_staff_see_whether_each_thank_you_went_out_and_how_long_after(
    member_client, user
):
    note = factories.ThankYouNoteFactory(interview__owner=user)
    sent = note.interview.ends_at + datetime.timedelta(hours=30)
    type(note).objects.filter(pk=note.pk).update(
        status="sent", sent_at=sent, sent_via="email"
    )

    response = member_client.get(url(type(note), "changelist"))

    html = response.content.decode()
    assert "30 hours" in html
    assert 'alt="False"' in html  # not within a day
    assert "Thank you for your time." not in html


@pytest.mark.parametrize(("model", "model_admin"), MODEL_ADMINS, ids=IDS)
def test_every_list_in_the_admin_accepts_only_the_filters_it_offers(model, model_admin):
    from accounts.admin_privacy import StrictFiltersMixin

    assert isinstance(model_admin, StrictFiltersMixin)


AUTOCOMPLETE = reverse("admin:autocomplete")


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("interviews", "interviewrequest", "contact"),
        ("interviews", "interview", "request"),
        ("followups", "learning", "interview"),
        ("followups", "touchpoint", "contact"),
        ("followups", "thankyounote", "interview"),
        ("contacts", "contact", "referred_by"),
        ("contacts", "contact", "organization"),
        ("interviews", "interviewquestion", "interview"),
        ("accounts", "resume", "owner"),
        ("nowhere", "nothing", "owner"),
    ],
)
@pytest.mark.parametrize("client_fixture", ["member_client", "staff_client"])
def test_the_autocomplete_answers_no_chooser_the_admin_does_not_offer(
    request, client_fixture, user, app_label, model_name, field_name
):
    client = request.getfixturevalue(client_fixture)
    factories.InterviewRequestFactory(owner=user, contact__first_name="Priya")

    response = client.get(
        AUTOCOMPLETE,
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": "",
        },
    )

    assert response.status_code == 403
    assert "Priya" not in response.content.decode()


def test_the_autocomplete_still_offers_the_directorys_organizations(
    member_client, user
):
    factories.OrganizationFactory(owner=user, name="My aunt's bakery")
    Organization.objects.create(name="Massey Hall")

    response = member_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "contacts",
            "model_name": "directoryentry",
            "field_name": "organization",
            "term": "",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Massey Hall"]
