"""Staff sign in to the admin with a second factor: after their password, a
code from an authenticator app (django-otp's TOTP, accounts/two_factor.py).
Students never meet this step."""

import base64
import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.staff import ensure_staff_group
from tests.factories import PASSWORD, UserFactory
from tests.staff import code_for, confirmed_device, sign_in_staff

pytestmark = pytest.mark.django_db

SECOND_STEP = reverse("accounts:two_factor")
ADMIN = reverse("admin:index")
MOMENT = datetime.datetime(2026, 3, 10, 14, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture
def member():
    """Career-centre staff, not a superuser."""
    member = UserFactory(email="desk@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    return member


@pytest.fixture
def password_only(client, member):
    """The staff member, signed in with the password and nothing more."""
    client.force_login(member)
    return client


def a_wrong_code(device):
    return "000000" if code_for(device) != "000000" else "111111"


def admin_pages():
    """An example address of every named page under admin/: the admin's,
    the shared journeys' and the reports'."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, route, pattern.namespace or namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                if "(?P<app_label>" in route:  # the admin's one regex
                    yield (
                        f"{namespace}:{pattern.name}",
                        reverse(f"{namespace}:{pattern.name}", args=["accounts"]),
                    )
                    continue
                path = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
                yield f"{namespace}:{pattern.name}", path

    for resolver in get_resolver().url_patterns:
        if str(resolver.pattern).startswith("admin/"):
            yield from walk(
                resolver.url_patterns, str(resolver.pattern), resolver.namespace
            )


# Signing out needs no second step; signing in is where it begins.
PAGES = sorted(
    (name, path) for name, path in set(admin_pages()) if name != "admin:logout"
)


def test_the_walk_finds_the_admin_the_journeys_and_the_reports():
    names = {name for name, _ in PAGES}
    assert {"admin:index", "admin:accounts_user_changelist", "admin:login"} <= names
    assert {"journeys:list", "journeys:detail", "reports:index"} <= names
    assert len(PAGES) > 60


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[n for n, _ in PAGES])
def test_staff_with_only_a_password_are_sent_to_the_second_step(
    password_only, member, name, path
):
    response = password_only.get(path, follow=True)

    assert response.redirect_chain, name
    assert response.redirect_chain[-1][0].startswith(SECOND_STEP + "?next=")
    assert response.templates[0].name == "accounts/second_step.html"


def test_with_the_second_step_passed_the_admin_opens(client, member):
    sign_in_staff(client, member)

    assert client.get(ADMIN).status_code == 200
    assert client.get(reverse("reports:index")).status_code == 200


def test_staff_with_only_a_password_still_open_their_own_pages(password_only):
    for name in ("home", "accounts:profile", "contacts:list"):
        assert password_only.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize(
    ("where", "then"), [("login", reverse("home")), ("admin:login", ADMIN)]
)
def test_after_the_password_staff_go_to_the_second_step(client, member, where, then):
    response = client.post(
        reverse(where), {"username": member.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{SECOND_STEP}?next={then.replace('/', '%2F')}"


def test_a_student_signs_in_without_a_second_step(client, user):
    response = client.post(
        reverse("login"), {"username": user.email, "password": PASSWORD}
    )

    assert response["Location"] == reverse("home")


def test_the_first_time_staff_set_up_their_app_from_a_qr_code(password_only, member):
    response = password_only.get(SECOND_STEP, {"next": "/admin/reports/"})

    assert response.status_code == 200
    assert response.context["enrolling"]
    device = TOTPDevice.objects.get(user=member)
    assert not device.confirmed
    html = response.content.decode()
    qr = re.search(r'<img src="([^"]*)"[^>]*alt="QR code', html).group(1)
    assert qr.startswith("data:image/svg+xml")
    secret = base64.b32encode(device.bin_key).decode()
    assert response.context["secret"].replace(" ", "") == secret

    response = password_only.post(
        SECOND_STEP, {"code": code_for(device), "next": "/admin/reports/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/reports/"
    device.refresh_from_db()
    assert device.confirmed
    assert password_only.get(ADMIN).status_code == 200


def test_reloading_the_set_up_page_keeps_the_same_key(password_only, member):
    first = password_only.get(SECOND_STEP).context["secret"]
    again = password_only.get(SECOND_STEP).context["secret"]

    assert first == again
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_the_set_up_page_keeps_to_the_content_security_policy(password_only):
    response = password_only.get(SECOND_STEP)

    html = response.content.decode()
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html
    policy = response["Content-Security-Policy"]
    assert "data:" in re.search(r"img-src ([^;]*)", policy).group(1)


def test_a_wrong_code_is_refused(password_only, member):
    password_only.get(SECOND_STEP)
    device = TOTPDevice.objects.get(user=member)

    response = password_only.post(SECOND_STEP, {"code": a_wrong_code(device)})

    assert response.status_code == 200
    assert "not the code your app shows" in str(response.context["form"].errors)
    device.refresh_from_db()
    assert not device.confirmed
    assert password_only.get(ADMIN).status_code == 302


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_what_is_not_six_digits_is_a_form_error(password_only, code):
    response = password_only.post(SECOND_STEP, {"code": code})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_a_code_typed_with_a_space_is_accepted(password_only, member):
    device = confirmed_device(member)
    code = code_for(device)

    response = password_only.post(SECOND_STEP, {"code": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302


def test_once_set_up_staff_give_a_code_and_never_see_the_key_again(
    password_only, member
):
    device = confirmed_device(member)

    response = password_only.get(SECOND_STEP)

    assert not response.context["enrolling"]
    html = response.content.decode()
    assert base64.b32encode(device.bin_key).decode()[:8] not in html
    assert "<img" not in html
    response = password_only.post(SECOND_STEP, {"code": code_for(device)})
    assert response["Location"] == ADMIN
    assert password_only.get(ADMIN).status_code == 200


def test_a_code_is_used_once(client, member):
    device = confirmed_device(member)
    with time_machine.travel(MOMENT, tick=False):
        code = code_for(device)
        client.force_login(member)
        assert client.post(SECOND_STEP, {"code": code}).status_code == 302
        client.post(reverse("logout"))

        client.force_login(member)
        assert client.post(SECOND_STEP, {"code": code}).status_code == 200


def test_wrong_codes_make_the_next_attempt_wait(client, member):
    device = confirmed_device(member)
    with time_machine.travel(MOMENT, tick=False) as clock:
        client.force_login(member)
        client.post(SECOND_STEP, {"code": a_wrong_code(device)})

        # Even the right code waits for django-otp's throttle: 1 s, then 2, 4...
        response = client.post(SECOND_STEP, {"code": code_for(device)})
        assert response.status_code == 200
        assert "wait 1 second" in str(response.context["form"].errors)

        clock.shift(datetime.timedelta(seconds=2))
        assert client.post(SECOND_STEP, {"code": code_for(device)}).status_code == 302


def test_passing_the_second_step_gives_the_session_a_new_key(password_only, member):
    device = confirmed_device(member)
    before = password_only.session.session_key

    password_only.post(SECOND_STEP, {"code": code_for(device)})

    assert password_only.session.session_key != before
    assert password_only.session[SESSION_KEY] == str(member.pk)


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/admin/", "//elsewhere.example/"]
)
def test_the_second_step_goes_on_only_to_our_own_pages(password_only, member, next_url):
    device = confirmed_device(member)

    response = password_only.post(
        SECOND_STEP, {"code": code_for(device), "next": next_url}
    )

    assert response["Location"] == ADMIN


def test_a_verified_staff_member_visiting_the_step_goes_straight_on(client, member):
    sign_in_staff(client, member)

    response = client.get(SECOND_STEP, {"next": "/admin/journeys/"})

    assert response["Location"] == "/admin/journeys/"


def test_a_student_cannot_reach_the_second_step(owner_client, user):
    assert owner_client.get(SECOND_STEP).status_code == 404
    assert owner_client.post(SECOND_STEP, {"code": "123456"}).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_the_second_step_refuses_other_methods(password_only):
    assert password_only.put(SECOND_STEP).status_code == 405


# A lost phone


@pytest.fixture
def superuser_client(client, staff_user):
    return sign_in_staff(client, staff_user)


def test_a_superuser_removes_a_lost_phones_app_and_its_owner_sets_up_another(
    superuser_client, member, caplog
):
    from django.test import Client

    phone = Client()
    sign_in_staff(phone, member)
    device = TOTPDevice.objects.get(user=member)
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])

    with caplog.at_level("INFO", logger="infointerview.security"):
        response = superuser_client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert f"two-factor device removed for user {member.pk} by user" in caplog.text
    # The sessions it verified are no longer enough for the admin...
    assert phone.get(ADMIN, follow=True).context["enrolling"]


def test_the_devices_admin_never_shows_the_key(superuser_client, member):
    device = confirmed_device(member)
    secret = base64.b32encode(device.bin_key).decode()

    for url in (
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
    ):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert device.key not in html and secret[:16] not in html, url
    add = superuser_client.get(reverse("admin:otp_totp_totpdevice_add"))
    assert add.status_code == 403


def test_staff_who_are_not_superusers_cannot_see_or_remove_apps(client, member):
    device = confirmed_device(member)
    sign_in_staff(client, member)

    devices = reverse("admin:otp_totp_totpdevice_changelist")
    assert client.get(devices).status_code == 403
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
