"""A student deletes their account: every row, every file, every session."""

import pathlib

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import Resume, User
from tests.factories import PASSWORD
from tests.infointerview.everything import give_a_row_of_everything
from tests.infointerview.test_admin_privacy import rows_of, students_models

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/delete/"


def rows_left(student):
    return {
        model._meta.label: rows_of(model, student).count()
        for model in students_models()
        if rows_of(model, student).exists()
    }


def media_files():
    return {
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in pathlib.Path(settings.MEDIA_ROOT).rglob("*")
        if path.is_file()
    }


@pytest.fixture
def everyone(user, other_user):
    give_a_row_of_everything(user)
    give_a_row_of_everything(other_user)
    return user, other_user


def test_the_address_is_the_named_one():
    assert reverse("accounts:delete") == URL


def test_the_page_asks_for_the_password(owner_client):
    response = owner_client.get(URL)

    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()
    assert reverse("export") in response.content.decode()


def test_the_profile_offers_to_delete_the_account(owner_client):
    assert URL in owner_client.get(reverse("accounts:profile")).content.decode()


def test_a_wrong_password_deletes_nothing(owner_client, everyone):
    user, _other = everyone
    before = rows_left(user)
    files = media_files()

    response = owner_client.post(URL, {"password": "not-the-password"})

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert rows_left(user) == before
    assert media_files() == files
    assert owner_client.get(reverse("accounts:profile")).status_code == 200


def test_guesses_at_the_delete_page_count_towards_the_sign_in_lock(
    client, user, password
):
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"password": "a-guess"})
    client.logout()

    response = client.post(
        reverse("login"), {"username": user.email, "password": password}
    )

    assert response.status_code == 429
    assert User.objects.filter(pk=user.pk).exists()


@pytest.fixture
def own_media_folder(settings, tmp_path):
    """A media folder of this test's own: others' leftovers, under the same
    user ids, would keep a deleted student's folder from emptying."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_the_right_password_deletes_every_row_file_and_session_of_the_student(
    client, own_media_folder, everyone, django_capture_on_commit_callbacks
):
    user, other = everyone
    others_rows = rows_left(other)
    theirs = {r.file.name for r in Resume.objects.filter(owner=user)}
    others_files = {r.file.name for r in Resume.objects.filter(owner=other)}
    assert theirs <= media_files()
    # Signed in on a phone too, and the other student signed in elsewhere.
    phone, elsewhere = Client(), Client()
    phone.force_login(user)
    elsewhere.force_login(other)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert rows_left(user) == {}
    assert rows_left(other) == others_rows
    assert not theirs & media_files()
    assert others_files <= media_files()
    # Not even their folder, empty, named after the account.
    media = pathlib.Path(settings.MEDIA_ROOT)
    assert (media / "resumes" / str(other.pk)).is_dir()
    assert not (media / "resumes" / str(user.pk)).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk)
        for s in Session.objects.all()
    )
    assert Session.objects.filter(session_key=elsewhere.session.session_key).exists()
    # Signed out, here and on the phone.
    for browser in (client, phone):
        response = browser.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_staff_account_cannot_delete_itself(staff_client, staff_user):
    response = staff_client.post(URL, {"password": PASSWORD}, follow=True)

    assert User.objects.filter(pk=staff_user.pk).exists()
    assert "cannot delete itself" in response.content.decode()
    profile = staff_client.get(reverse("accounts:profile")).content.decode()
    assert URL not in profile


def test_anonymous_visitors_are_sent_to_log_in(client):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_page_takes_only_get_and_post(owner_client):
    assert owner_client.put(URL).status_code == 405
