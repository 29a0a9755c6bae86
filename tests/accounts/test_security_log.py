"""Sign-in events go to the infointerview.security log: the event, the
account's id (or "unknown") and the client's address; never the email
address typed, never a password."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.staff import ensure_staff_group
from tests.factories import PASSWORD, UserFactory
from tests.staff import code_for, confirmed_device, sign_in_staff

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
WRONG = "hunter2-is-not-it"
NEW_PASSWORD = "front-of-house-at-seven"


@pytest.fixture
def log(caplog):
    """The log lines of every logger, django-axes's included."""
    caplog.set_level(logging.INFO)
    return caplog


def security_lines(log):
    return [r.getMessage() for r in log.records if r.name == "infointerview.security"]


def nothing_private_in(log, *words):
    text = "\n".join(r.getMessage() for r in log.records) + log.text
    return all(word.lower() not in text.lower() for word in words)


def sign_in(client, email, password, where="login"):
    return client.post(
        reverse(where),
        {"username": email, "password": password},
        REMOTE_ADDR=ADDRESS,
    )


def test_a_sign_in_and_a_sign_out_are_logged(client, user, log):
    sign_in(client, user.email, PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)

    assert security_lines(log) == [
        f"sign-in for user {user.pk} from {ADDRESS}",
        f"sign-out for user {user.pk} from {ADDRESS}",
    ]
    assert nothing_private_in(log, user.email, PASSWORD)


def test_a_failed_sign_in_names_the_account_by_its_id(client, user, log):
    sign_in(client, "Owner@Example.com", WRONG)

    assert security_lines(log) == [f"sign-in failed for user {user.pk} from {ADDRESS}"]
    assert nothing_private_in(log, user.email, WRONG)


def test_a_failed_sign_in_for_no_account_says_unknown(client, log):
    sign_in(client, "nobody@example.com", WRONG)

    assert security_lines(log) == [f"sign-in failed for user unknown from {ADDRESS}"]
    assert nothing_private_in(log, "nobody@example.com", WRONG)


def test_a_lockout_is_logged(client, user, settings, log):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, user.email, WRONG)
    sign_in(client, user.email, PASSWORD)

    lines = security_lines(log)
    failed = f"sign-in failed for user {user.pk} from {ADDRESS}"
    locked = f"sign-in locked out for user {user.pk} from {ADDRESS}"
    assert lines.count(failed) == settings.LOGIN_FAILURE_LIMIT + 1
    # At the limit, and at the refused attempt after it.
    assert lines.count(locked) == 2
    assert f"sign-in for user {user.pk} from {ADDRESS}" not in lines
    assert nothing_private_in(log, user.email, WRONG, PASSWORD)


def test_a_password_change_is_logged(owner_client, user, log):
    response = owner_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == 302
    changed = f"password changed for user {user.pk} from {ADDRESS}"
    assert security_lines(log) == [changed]
    assert nothing_private_in(log, user.email, PASSWORD, NEW_PASSWORD)


def test_a_refused_password_change_is_not_logged_as_a_change(owner_client, log):
    owner_client.post(
        reverse("password_change"),
        {
            "old_password": WRONG,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert not any("password changed" in line for line in security_lines(log))


def test_a_password_change_in_the_admin_is_logged(client, staff_user, log):
    sign_in_staff(client, staff_user)

    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == 302
    assert security_lines(log)[-1] == (
        f"password changed for user {staff_user.pk} from {ADDRESS}"
    )


# The second step


@pytest.fixture
def member():
    member = UserFactory(email="desk@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    return member


SECOND_STEP = reverse("accounts:two_factor")


def test_enrolling_an_app_is_logged(client, member, log):
    client.force_login(member)
    client.get(SECOND_STEP)
    device = member.totpdevice_set.get()
    log.clear()

    client.post(SECOND_STEP, {"code": code_for(device)}, REMOTE_ADDR=ADDRESS)

    assert security_lines(log) == [
        f"two-factor device enrolled for user {member.pk} from {ADDRESS}",
        f"two-factor sign-in for user {member.pk} from {ADDRESS}",
    ]


def test_a_wrong_code_is_logged(client, member, log):
    device = confirmed_device(member)
    client.force_login(member)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    client.post(SECOND_STEP, {"code": wrong}, REMOTE_ADDR=ADDRESS)

    assert security_lines(log)[-1] == (
        f"two-factor code failed for user {member.pk} from {ADDRESS}"
    )
    assert nothing_private_in(log, wrong, device.key)


def test_removing_an_app_is_logged_with_who_removed_it(client, staff_user, member, log):
    device = confirmed_device(member)
    sign_in_staff(client, staff_user)

    client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
        {"post": "yes"},
        REMOTE_ADDR=ADDRESS,
    )

    assert security_lines(log)[-1] == (
        f"two-factor device removed for user {member.pk} by user {staff_user.pk} "
        f"from {ADDRESS}"
    )


def test_removing_apps_from_the_list_logs_each(client, staff_user, member, log):
    other = UserFactory(email="front@college.example", is_staff=True)
    devices = [confirmed_device(member), confirmed_device(other)]
    sign_in_staff(client, staff_user)
    log.clear()

    client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [d.pk for d in devices],
            "post": "yes",
        },
    )

    removed = [line for line in security_lines(log) if "device removed" in line]
    assert len(removed) == 2
    assert {f"for user {member.pk} ", f"for user {other.pk} "} == {
        line[line.index("for user") : line.index(" by")] + " " for line in removed
    }


def test_log_lines_name_the_address_behind_our_proxy(user, settings, log):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2")

    client.post(
        reverse("login"),
        {"username": user.email, "password": WRONG},
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ADDRESS}",
        REMOTE_ADDR="10.0.0.2",
    )

    assert security_lines(log) == [f"sign-in failed for user {user.pk} from {ADDRESS}"]
