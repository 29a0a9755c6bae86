"""Sign-up confirms the address before anything is sent in the student's name,
and answers an address that has an account exactly as it answers a new one."""

import datetime
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEmail, User
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import DirectoryEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "stage-manager-2027"
LINK = re.compile(r"https?://\S+/accounts/confirm/\S+/")


def sign_up(client, email="nia@college.example", password=PASSWORD, **headers):
    data = {
        "email": email,
        "first_name": "Nia",
        "last_name": "Okafor",
        "password1": password,
        "password2": password,
    }
    return client.post(reverse("accounts:signup"), data, headers=headers)


def security_lines(caplog):
    return "\n".join(
        record.getMessage()
        for record in caplog.records
        if record.name == "infointerview.security"
    )


def body(message):
    return message.get_content()


def confirmation_link(message):
    return LINK.search(body(message)).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


def test_signing_up_makes_an_unconfirmed_account_and_emails_a_link(client, smtp_server):
    response = sign_up(client, email="Nia@College.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "nia@college.example"
    assert user.check_password(PASSWORD)
    assert not user.email_confirmed
    # Not signed in: the next step is in the mailbox.
    assert client.get(reverse("home")).context["user"].is_anonymous
    [message] = smtp_server.messages
    assert message["To"] == "nia@college.example"
    assert "Confirm your email address" in message["Subject"]
    assert confirmation_link(message)


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_an_email(
    client, smtp_server
):
    owner = UserFactory(email="taken@college.example")
    first = sign_up(client, email="fresh@college.example")
    again = sign_up(client, email="TAKEN@college.example", password="another-one-99")

    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    assert (
        client.get(again["Location"]).content == client.get(first["Location"]).content
    )
    assert User.objects.filter(email="taken@college.example").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(FACTORY_PASSWORD)
    fresh, told = smtp_server.messages
    assert told["To"] == "taken@college.example"
    assert "already have" in told["Subject"]
    assert "/accounts/login/" in body(told)
    assert "/accounts/password_reset/" in body(told)
    assert not LINK.search(body(told))


def test_an_address_with_an_unconfirmed_account_gets_a_confirmation_link_again(
    client, smtp_server
):
    UserFactory(email="started@college.example", email_confirmed_at=None)

    sign_up(client, email="started@college.example")

    [message] = smtp_server.messages
    assert confirmation_link(message)
    assert User.objects.count() == 1


def test_the_link_asks_for_the_password_then_confirms_and_signs_in(client, smtp_server):
    sign_up(client)
    link = path_of(confirmation_link(smtp_server.messages[0]))

    page = client.get(link)
    assert page.status_code == 200
    assert "password" in page.context["form"].fields

    response = client.post(link, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get()
    assert user.email_confirmed
    assert client.get(reverse("home")).context["user"] == user


def test_whoever_opens_the_link_without_the_password_cannot_confirm(
    client, smtp_server
):
    # Someone signs up with a stranger's address; the stranger opens the
    # link: without the password the account stays unconfirmed.
    sign_up(client)
    link = path_of(confirmation_link(smtp_server.messages[0]))

    response = client.post(link, {"password": "a-guess-of-mine"})

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.get().email_confirmed
    assert client.get(reverse("home")).context["user"].is_anonymous


def test_signed_in_as_the_account_one_click_confirms(client, smtp_server):
    student = UserFactory(email_confirmed_at=None)
    client.force_login(student)
    client.post(reverse("accounts:confirm_email_again"))
    link = path_of(confirmation_link(smtp_server.messages[0]))

    assert client.get(link).context["form"] is None
    client.post(link)

    student.refresh_from_db()
    assert student.email_confirmed


@pytest.mark.parametrize(
    "spoil",
    ["used", "email_changed", "password_changed"],
)
def test_a_link_works_once_and_only_for_the_same_address_and_password(
    client, smtp_server, spoil
):
    sign_up(client)
    link = path_of(confirmation_link(smtp_server.messages[0]))
    user = User.objects.get()
    if spoil == "used":
        client.post(link, {"password": PASSWORD})
        client.logout()
    elif spoil == "email_changed":
        User.objects.filter(pk=user.pk).update(email="other@college.example")
    else:
        user.set_password("a-new-password-77")
        user.save()

    response = client.get(link)

    assert response.status_code == 200
    assert response.context["expired"]
    assert client.post(link, {"password": PASSWORD}).context["expired"]


@pytest.mark.parametrize("uid", ["Zm9v", "!!!", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA"])
def test_a_made_up_link_is_a_page_that_says_so(client, uid):
    response = client.get(reverse("accounts:confirm_email", args=[uid, "a-b"]))

    assert response.status_code == 200
    assert response.context["expired"]


def test_the_link_page_refuses_other_methods(client):
    url = reverse("accounts:confirm_email", args=["MQ", "a-b"])
    assert client.put(url).status_code == 405


def test_with_domains_set_only_those_and_their_subdomains_may_sign_up(
    client, smtp_server, settings
):
    settings.SIGNUP_EMAIL_DOMAINS = ["college.example"]

    assert sign_up(client, email="a@college.example").status_code == 302
    assert sign_up(client, email="b@mail.college.example").status_code == 302
    for outside in ("c@example.org", "d@evilcollege.example", "e@college.example.org"):
        response = sign_up(client, email=outside)
        assert response.status_code == 200
        assert "college.example" in str(response.context["form"].errors["email"])
        assert 'value="Okafor"' in response.content.decode()
    assert User.objects.count() == 2


def test_one_address_gets_three_account_emails_an_hour_and_the_page_does_not_tell(
    client, smtp_server, time_machine, caplog
):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
    UserFactory(email="taken@college.example")
    answers = []
    with caplog.at_level(logging.WARNING, logger="infointerview.security"):
        for _ in range(5):
            answers.append(sign_up(client, email="taken@college.example")["Location"])

    assert set(answers) == {reverse("accounts:signup_sent")}
    assert len(smtp_server.messages) == 3
    assert "hourly limit" in security_lines(caplog)
    assert "taken@" not in security_lines(caplog)

    time_machine.move_to(datetime.datetime(2026, 3, 2, 10, 1, tzinfo=datetime.UTC))
    sign_up(client, email="taken@college.example")
    assert len(smtp_server.messages) == 4


def test_one_client_asks_for_at_most_twenty_account_emails_an_hour(
    client, smtp_server, settings
):
    settings.ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR = 4
    for n in range(6):
        sign_up(client, email=f"spray{n}@college.example")

    assert len(smtp_server.messages) == 4


def test_account_emails_hold_only_keyed_hashes_and_go_after_a_day(
    client, smtp_server, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
    sign_up(client, email="nia@college.example")
    row = AccountEmail.objects.get()
    assert "nia" not in row.address_digest
    assert "127.0.0.1" not in row.client_digest

    time_machine.move_to(datetime.datetime(2026, 3, 3, 9, 1, tzinfo=datetime.UTC))
    sign_up(client, email="other@college.example")
    assert AccountEmail.objects.count() == 1


def test_when_the_mail_server_is_down_the_page_says_to_try_again(
    client, smtp_server_down
):
    response = sign_up(client)

    assert response["Location"] == reverse("accounts:signup_sent")
    page = client.get(response["Location"])
    assert "could not be sent" in page.content.decode()


def test_a_form_checked_before_another_sign_up_won_the_address_finds_that_account(
    smtp_server,
):
    from accounts.forms import SignupForm

    form = SignupForm(
        {
            "email": "race@college.example",
            "first_name": "Nia",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    assert form.is_valid()
    winner = UserFactory(email="race@college.example")

    assert form.sign_up() == (winner, False)


def test_an_unconfirmed_student_sees_how_to_confirm_and_can_ask_again(
    client, smtp_server
):
    student = UserFactory(email_confirmed_at=None)
    client.force_login(student)

    page = client.get(reverse("home")).content.decode()
    assert 'id="confirm-email"' in page

    response = client.post(
        reverse("accounts:confirm_email_again"), {"next": reverse("contacts:list")}
    )
    assert response["Location"] == reverse("contacts:list")
    [message] = smtp_server.messages
    assert message["To"] == student.email


def test_a_confirmed_student_sees_no_reminder_to_confirm(owner_client):
    assert (
        'id="confirm-email"' not in owner_client.get(reverse("home")).content.decode()
    )


def test_asking_again_needs_a_post_and_a_signed_in_student(client, user):
    url = reverse("accounts:confirm_email_again")
    assert client.post(url)["Location"].startswith(reverse("login"))
    client.force_login(user)
    assert client.get(url).status_code == 405


def test_an_unconfirmed_student_takes_no_place_in_a_directory_persons_month(client):
    student = UserFactory(email_confirmed_at=None)
    entry = DirectoryEntryFactory(monthly_limit=1)
    client.force_login(student)

    response = client.post(reverse("directory:add", args=[entry.pk]), follow=True)

    assert "Confirm your email address first" in response.content.decode()
    assert not student.contacts.exists()
    assert entry.count_added_this_month() == 0


def test_a_password_reset_confirms_the_address(client, smtp_server):
    student = UserFactory(email="forgot@college.example", email_confirmed_at=None)
    client.post(reverse("password_reset"), {"email": "forgot@college.example"})
    [message] = smtp_server.messages
    link = path_of(re.search(r"https?://\S+/accounts/reset/\S+/", body(message))[0])

    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "brand-new-pass-31", "new_password2": "brand-new-pass-31"},
    )

    student.refresh_from_db()
    assert student.check_password("brand-new-pass-31")
    assert student.email_confirmed


def test_reset_emails_are_limited_per_address_and_logged_by_id(
    client, smtp_server, caplog
):
    student = UserFactory(email="forgot@college.example")
    with caplog.at_level(logging.INFO, logger="infointerview.security"):
        answers = [
            client.post(reverse("password_reset"), {"email": "FORGOT@college.example"})
            for _ in range(5)
        ]
        client.post(reverse("password_reset"), {"email": "nobody@college.example"})

    assert {answer["Location"] for answer in answers} == {
        reverse("password_reset_done")
    }
    assert len(smtp_server.messages) == 3
    logged = security_lines(caplog)
    assert f"user {student.pk}" in logged
    assert "no account" in logged
    assert "held back" in logged
    assert "forgot@" not in logged.lower()
    assert "nobody@" not in logged


def test_deleting_the_account_removes_its_account_email_records(
    client, smtp_server, password
):
    student = UserFactory(email="leaving@college.example")
    client.post(reverse("password_reset"), {"email": "leaving@college.example"})
    assert AccountEmail.objects.count() == 1

    student.delete_with_files()

    assert not AccountEmail.objects.exists()


def test_the_confirmation_link_points_at_site_url_when_set(
    client, smtp_server, settings
):
    settings.SITE_URL = "https://careers.college.example"

    sign_up(client, host="testserver")

    assert confirmation_link(smtp_server.messages[0]).startswith(
        "https://careers.college.example/accounts/confirm/"
    )


def test_the_links_are_valid_for_the_reset_timeout(client, smtp_server, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    sign_up(client)
    link = path_of(confirmation_link(smtp_server.messages[0]))

    time_machine.shift(datetime.timedelta(days=4))

    assert client.get(link).context["expired"]


def test_a_name_is_kept_on_one_line(client, smtp_server):
    sign_up(client)
    client.post(
        reverse("accounts:signup"),
        {
            "email": "crafted@college.example",
            "first_name": "Eve\r\nBcc: x@evil.example",
            "last_name": "Ok\tafor\u0007",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    crafted = User.objects.get(email="crafted@college.example")
    assert (crafted.first_name, crafted.last_name) == (
        "Eve Bcc: x@evil.example",
        "Ok afor",
    )
