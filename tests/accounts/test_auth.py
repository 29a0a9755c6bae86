"""Sign up, log in and out, and reset a forgotten password — all by email."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "New.Student@Example.com",
        "first_name": "Nia",
        "last_name": "Okafor",
        "password1": "stage-manager-2027",
        "password2": "stage-manager-2027",
    }
    return data | overrides


def test_signing_up_creates_the_account_and_asks_to_confirm_the_address(client):
    response = client.post(reverse("accounts:signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "new.student@example.com"
    assert user.first_name == "Nia"
    assert user.check_password("stage-manager-2027")
    assert not user.email_confirmed


def test_signing_up_with_an_address_in_other_capitals_makes_no_second_account(
    client,
):
    UserFactory(email="taken@example.com")

    response = client.post(
        reverse("accounts:signup"), signup_data(email="TAKEN@example.com")
    )

    # The same answer as a new address: the form does not tell who has an
    # account (tests/accounts/test_sign_up.py).
    assert response["Location"] == reverse("accounts:signup_sent")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"password2": "something-else-2027"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password2"),
    ],
)
def test_bad_signup_input_gets_a_field_error_and_keeps_what_was_typed(
    client, overrides, field
):
    response = client.post(reverse("accounts:signup"), signup_data(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert 'value="Okafor"' in response.content.decode()
    assert not User.objects.exists()


def test_a_signed_in_user_visiting_signup_goes_to_the_dashboard(owner_client):
    response = owner_client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_signup_refuses_other_methods(client):
    assert client.put(reverse("accounts:signup")).status_code == 405


def test_logging_in_by_email_ignores_its_capitals(client, user, password):
    response = client.post(
        reverse("login"), {"username": "OWNER@example.com", "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_a_wrong_password_is_refused_with_a_message(client, user):
    response = client.post(
        reverse("login"), {"username": user.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not response.context["user"].is_authenticated


def test_logging_in_returns_to_the_page_asked_for(client, user, password):
    response = client.post(
        reverse("login") + "?next=/contacts/",
        {"username": user.email, "password": password, "next": "/contacts/"},
    )
    assert response["Location"] == "/contacts/"


def test_logging_out_takes_a_post_and_ends_the_session(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405

    response = owner_client.post(reverse("logout"))

    assert response.status_code == 302
    assert owner_client.get(reverse("contacts:list")).status_code == 302
    assert "What to do next" not in owner_client.get(reverse("home")).content.decode()


def test_a_forgotten_password_can_be_reset_through_the_emailed_link(client, user):
    response = client.post(reverse("password_reset"), {"email": "Owner@Example.com"})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Infointerview" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

    # The link redirects once to a URL without the token, then takes the form.
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "box-office-2028", "new_password2": "box-office-2028"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("box-office-2028")


def test_a_reset_request_for_an_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_changing_the_password_needs_the_old_one(owner_client, user, password):
    url = reverse("password_change")
    response = owner_client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "front-of-house-9",
            "new_password2": "front-of-house-9",
        },
    )
    assert "old_password" in response.context["form"].errors

    response = owner_client.post(
        url,
        {
            "old_password": password,
            "new_password1": "front-of-house-9",
            "new_password2": "front-of-house-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("front-of-house-9")
