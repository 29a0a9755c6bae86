"""Career-centre staff: the group's permissions and the command that makes staff."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from accounts.models import User
from accounts.staff import STAFF_GROUP_NAME, ensure_staff_group
from tests.factories import UserFactory
from tests.staff import enrol_on_the_second_step

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "velvet-curtain-rehearsal"


def member_of(group):
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    # A fresh instance: permissions are cached on the object.
    return User.objects.get(pk=user.pk)


def group_permissions():
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    return set(group.permissions.values_list("pk", flat=True))


def create_staff_user(*args, **options):
    out = io.StringIO()
    call_command("create_staff_user", *args, stdout=out, **options)
    return out.getvalue()


def test_the_staff_group_runs_the_directory_the_bank_and_the_campus_wording():
    staff = member_of(ensure_staff_group())

    for perm in [
        "contacts.add_directoryentry",
        "contacts.delete_organization",
        "interviews.change_question",
        "interviews.change_messagetemplate",
    ]:
        assert staff.has_perm(perm), perm


def test_the_staff_group_only_views_students_activity():
    staff = member_of(ensure_staff_group())

    for perm in [
        "interviews.view_interviewrequest",
        "interviews.view_interview",
        "followups.view_thankyounote",
        "interviews.view_sendinglimithit",
    ]:
        assert staff.has_perm(perm), perm
    for perm in [
        "contacts.view_contact",
        "contacts.change_contact",
        "contacts.view_importbatch",
        "interviews.change_interview",
        "interviews.view_interviewquestion",
        "followups.view_learning",
        "followups.view_followup",
        "followups.view_touchpoint",
        "followups.delete_thankyounote",
        "interviews.view_sentemail",
        "interviews.delete_sendinglimithit",
    ]:
        assert not staff.has_perm(perm), perm


def test_the_staff_group_may_view_accounts_and_reports_but_not_delete_accounts():
    staff = member_of(ensure_staff_group())

    assert staff.has_perm("accounts.view_user")
    assert staff.has_perm("accounts.change_user")
    assert staff.has_perm("accounts.view_reports")
    assert not staff.has_perm("accounts.delete_user")
    assert not staff.has_perm("accounts.add_user")
    assert not staff.has_perm("accounts.view_resume")
    assert not staff.has_perm("accounts.change_resume")
    assert not staff.has_perm("accounts.delete_resume")
    assert not staff.has_perm("auth.change_group")


def test_ensure_staff_group_twice_keeps_one_group_with_the_same_permissions():
    ensure_staff_group()
    first = group_permissions()

    ensure_staff_group()

    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1
    assert group_permissions() == first


def test_ensure_staff_group_brings_a_hand_edited_group_back_to_the_staff_permissions():
    group = ensure_staff_group()
    expected = group_permissions()
    group.permissions.remove(Permission.objects.get(codename="add_directoryentry"))
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    ensure_staff_group()

    assert group_permissions() == expected


def test_create_staff_user_with_the_environment_password_makes_a_staff_member(
    monkeypatch,
):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG_PASSWORD)

    out = create_staff_user("Pat.Lee@Example.org", first_name="Pat", last_name="Lee")

    user = User.objects.get(email="pat.lee@example.org")
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password(STRONG_PASSWORD)
    assert (user.first_name, user.last_name) == ("Pat", "Lee")
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP_NAME]
    assert "Created" in out


def test_the_new_staff_member_can_log_in_to_the_admin(client, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG_PASSWORD)
    create_staff_user("pat.lee@example.org")

    # django-axes counts a sign-in against the request it came with.
    assert client.login(
        request=HttpRequest(), email="pat.lee@example.org", password=STRONG_PASSWORD
    )
    enrol_on_the_second_step(client, User.objects.get(email="pat.lee@example.org"))
    assert client.get("/admin/contacts/directoryentry/").status_code == 200


def test_create_staff_user_turns_an_existing_user_into_staff(monkeypatch):
    existing = UserFactory(email="sam@example.org", first_name="Sam")
    monkeypatch.setenv("STAFF_PASSWORD", STRONG_PASSWORD)

    out = create_staff_user("SAM@example.org", last_name="Rivera")

    user = User.objects.get()
    assert user.pk == existing.pk
    assert user.is_staff
    assert user.check_password(STRONG_PASSWORD)
    assert (user.first_name, user.last_name) == ("Sam", "Rivera")
    assert user.groups.filter(name=STAFF_GROUP_NAME).exists()
    assert "Updated" in out


def test_create_staff_user_asks_for_the_password_twice_without_the_variable(
    monkeypatch,
):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    answers = iter([STRONG_PASSWORD, STRONG_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    create_staff_user("pat.lee@example.org")

    assert User.objects.get().check_password(STRONG_PASSWORD)
    assert next(answers, None) is None


def test_create_staff_user_refuses_passwords_that_differ(monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    answers = iter([STRONG_PASSWORD, "velvet-curtain-rehearsals"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="differ"):
        create_staff_user("pat.lee@example.org")

    assert not User.objects.exists()
    assert not Group.objects.exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "too common"),
        ("short1", "too short"),
        ("4167770123", "entirely numeric"),
        ("pat.lee@example.org", "too similar"),
    ],
)
def test_create_staff_user_refuses_a_weak_password(monkeypatch, password, reason):
    monkeypatch.setenv("STAFF_PASSWORD", password)

    with pytest.raises(CommandError, match=reason):
        create_staff_user("pat.lee@example.org")

    assert not User.objects.exists()


def test_create_staff_user_keeps_the_old_password_when_the_new_one_is_refused(
    monkeypatch,
):
    UserFactory(email="sam@example.org", password="an-old-good-password")
    monkeypatch.setenv("STAFF_PASSWORD", "password")

    with pytest.raises(CommandError):
        create_staff_user("sam@example.org")

    user = User.objects.get()
    assert not user.is_staff
    assert user.check_password("an-old-good-password")


def test_create_staff_user_refuses_something_that_is_not_an_email(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG_PASSWORD)

    with pytest.raises(CommandError, match="not an email address"):
        create_staff_user("pat.lee")

    assert not User.objects.exists()
