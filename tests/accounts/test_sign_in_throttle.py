"""Sign-in is throttled: after LOGIN_FAILURE_LIMIT wrong passwords for one
account, or from one address, it is refused for LOGIN_LOCKOUT_MINUTES, the
right password included (django-axes; the rules in accounts/security.py)."""

import contextlib
import datetime
import ipaddress
import os
import re
import sqlite3
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts.security import client_ip
from tests.factories import PASSWORD, UserFactory
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOME = "203.0.113.7"
LIMIT = django_settings.LOGIN_FAILURE_LIMIT
# A fixed moment: the lockout's minutes are counted from it, whatever today is.
MOMENT = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)


def sign_in(client, email, password="not-the-password", where="login", **extra):
    extra.setdefault("REMOTE_ADDR", HOME)
    return client.post(
        reverse(where), {"username": email, "password": password}, **extra
    )


def fail(client, email, times, where="login", **extra):
    """Wrong passwords, each answered with the form again until the last."""
    return [sign_in(client, email, where=where, **extra) for _ in range(times)]


def signed_in(client):
    return client.get(reverse("accounts:profile")).status_code == 200


def locked_out(response):
    return (
        response.status_code == 429
        and "Too many sign-in attempts" in response.content.decode()
    )


@pytest.mark.parametrize("where", ["login", "admin:login"])
def test_after_the_limit_even_the_right_password_is_refused(client, user, where):
    answers = fail(client, user.email, LIMIT, where=where)

    assert [r.status_code for r in answers[:-1]] == [200] * (LIMIT - 1)
    assert locked_out(answers[-1])
    response = sign_in(client, user.email, PASSWORD, where=where)
    assert locked_out(response)
    assert not signed_in(client)


def test_before_the_limit_the_right_password_still_works(client, user):
    fail(client, user.email, LIMIT - 1)

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lockout_page_says_how_long_to_wait_and_where_to_reset(client, user):
    response = fail(client, user.email, LIMIT)[-1]

    html = response.content.decode()
    minutes = django_settings.LOGIN_LOCKOUT_MINUTES
    assert f"wait {minutes} minutes" in html
    assert reverse("password_reset") in html
    assert response["Retry-After"] == str(minutes * 60)


def test_the_lockout_page_does_not_tell_whether_the_account_exists(client, user):
    # Each from an address of its own: only the account is counted.
    real = fail(client, user.email, LIMIT, REMOTE_ADDR="198.51.100.1")[-1]
    unknown = fail(client, "nobody@example.com", LIMIT, REMOTE_ADDR="198.51.100.2")[-1]

    def page(response):
        return re.sub(r'nonce="[^"]*"', "", response.content.decode())

    assert (real.status_code, unknown.status_code) == (429, 429)
    assert page(real) == page(unknown)
    assert user.email not in page(real)


def test_capitals_and_spaces_in_the_email_share_one_count(client, user):
    typed = ["Owner@Example.com", " owner@example.com ", "OWNER@EXAMPLE.COM"]
    for n in range(LIMIT):
        # From a new address each time: the account alone is counted here.
        sign_in(client, typed[n % len(typed)], REMOTE_ADDR=f"198.51.100.{n + 1}")

    response = sign_in(client, user.email, PASSWORD, REMOTE_ADDR="192.0.2.99")

    assert locked_out(response)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {
        "owner@example.com"
    }


def test_one_address_trying_many_accounts_is_locked_out_for_all(
    client, user, other_user
):
    for n in range(LIMIT):
        sign_in(client, f"guess{n}@example.com")

    assert locked_out(sign_in(client, user.email, PASSWORD))
    # The accounts themselves are not locked: from elsewhere, they sign in.
    response = sign_in(client, other_user.email, PASSWORD, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 302


def test_in_a_shared_network_the_address_is_not_counted(client, user, settings):
    settings.LOGIN_SHARED_NETWORKS = (ipaddress.ip_network("10.20.0.0/16"),)
    lab = {"REMOTE_ADDR": "10.20.4.17"}
    for n in range(LIMIT * 2):
        sign_in(client, f"classmate{n}@example.com", **lab)

    assert sign_in(client, user.email, PASSWORD, **lab).status_code == 302


def test_in_a_shared_network_an_account_still_locks(client, user, settings):
    settings.LOGIN_SHARED_NETWORKS = (ipaddress.ip_network("10.20.0.0/16"),)
    for n in range(LIMIT):
        sign_in(client, user.email, REMOTE_ADDR=f"10.20.4.{n + 1}")

    assert locked_out(sign_in(client, user.email, PASSWORD, REMOTE_ADDR="10.20.9.9"))


def test_the_lockout_ends_after_the_cool_off(client, user):
    minutes = django_settings.LOGIN_LOCKOUT_MINUTES
    with time_machine.travel(MOMENT, tick=False) as clock:
        fail(client, user.email, LIMIT)

        clock.move_to(MOMENT + datetime.timedelta(minutes=minutes - 1))
        assert locked_out(sign_in(client, user.email, PASSWORD))

        clock.move_to(MOMENT + datetime.timedelta(minutes=minutes, seconds=1))
        assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_trying_on_during_the_lockout_does_not_make_it_longer(client, user):
    minutes = django_settings.LOGIN_LOCKOUT_MINUTES
    with time_machine.travel(MOMENT, tick=False) as clock:
        fail(client, user.email, LIMIT)
        for minute in range(1, minutes):
            clock.move_to(MOMENT + datetime.timedelta(minutes=minute))
            assert locked_out(sign_in(client, user.email))

        clock.move_to(MOMENT + datetime.timedelta(minutes=minutes, seconds=1))
        assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_signing_in_clears_the_accounts_failures(client, user):
    fail(client, user.email, LIMIT - 1)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))

    answers = fail(client, user.email, LIMIT - 1)

    assert [r.status_code for r in answers] == [200] * (LIMIT - 1)


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(
    client, user, other_user
):
    # Otherwise one account of one's own would let one guess without end.
    fail(client, other_user.email, LIMIT - 1)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))

    assert locked_out(sign_in(client, "someone.else@example.com"))
    assert locked_out(sign_in(client, user.email, PASSWORD))


def test_a_new_password_lifts_the_lock_on_the_account(client, user):
    fail(client, user.email, LIMIT)

    user.set_password("a-new-password-for-spring")
    user.save()

    response = sign_in(client, user.email, "a-new-password-for-spring")
    assert response.status_code == 302


# The client's address


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "", "203.0.113.7"),
        # Without a proxy of ours, the header is the client's own writing.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # A client's own X-Forwarded-For stands left of what our proxy adds.
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", None),
        (0, "::ffff:203.0.113.7", "", "203.0.113.7"),
    ],
)
def test_the_client_address_is_the_nth_from_the_right_behind_n_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )

    assert client_ip(request) == expected


def test_a_forged_x_forwarded_for_does_not_escape_the_address_count(client, user):
    for n in range(LIMIT):
        sign_in(client, f"guess{n}@example.com", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = sign_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}


def test_behind_our_proxy_a_forged_left_part_does_not_escape_either(
    client, user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(LIMIT):
        sign_in(
            client,
            f"guess{n}@example.com",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {HOME}",
            **proxy,
        )

    assert locked_out(
        sign_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR=HOME, **proxy)
    )
    # Another client behind the same proxy is not locked.
    elsewhere = sign_in(
        client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy
    )
    assert elsewhere.status_code == 302


# Staff lift a lock


@pytest.fixture
def member(db):
    from accounts.staff import ensure_staff_group

    member = UserFactory(email="desk@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    return member


ATTEMPTS = reverse("admin:axes_accessattempt_changelist")


def test_staff_see_who_is_locked_out_but_not_what_was_typed(client, user, member):
    fail(client, user.email, LIMIT)
    fail(client, "hunter2-typed-in-the-email-box", 1, REMOTE_ADDR="198.51.100.3")

    html = sign_in_staff(client, member).get(ATTEMPTS).content.decode()

    assert user.email in html
    assert HOME in html
    assert "hunter2" not in html
    assert "not an account" in html


@pytest.mark.parametrize("term", ["Owner@Example.com", HOME])
def test_staff_find_a_lock_by_the_whole_email_or_address(client, user, member, term):
    fail(client, user.email, 1)
    fail(client, "someone@example.com", 1, REMOTE_ADDR="198.51.100.4")
    sign_in_staff(client, member)

    found = client.get(ATTEMPTS, {"q": term}).context["cl"].result_list

    assert [attempt.username for attempt in found] == [user.email]
    # Part of an address finds nothing: the list is not a way to guess one.
    partial = client.get(ATTEMPTS, {"q": user.email[:5]}).context["cl"]
    assert not partial.result_list


def test_staff_unlock_an_account_and_it_is_logged(client, user, member, caplog):
    fail(client, user.email, LIMIT)
    sign_in_staff(client, member)
    attempt = AccessAttempt.objects.get()

    with caplog.at_level("INFO", logger="infointerview.security"):
        response = client.post(
            ATTEMPTS, {"action": "unlock", "_selected_action": [attempt.pk]}
        )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert (
        f"sign-in unlocked for user {user.pk} at address {HOME} by user {member.pk}"
        in caplog.text
    )
    client.post(reverse("logout"))
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_an_attempt_has_no_page_of_its_own_and_is_removed_only_by_unlock(
    client, user, member
):
    fail(client, user.email, 1)
    attempt = AccessAttempt.objects.get()
    sign_in_staff(client, member)

    for view in ("change", "delete", "history"):
        url = reverse(f"admin:axes_accessattempt_{view}", args=[attempt.pk])
        assert client.get(url).status_code == 403, view
    assert client.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    html = client.get(ATTEMPTS).content.decode()
    assert 'value="delete_selected"' not in html
    assert AccessAttempt.objects.exists()


# Two app servers share one count


def sign_in_elsewhere(database_url, email, password, times):
    """`times` sign-ins in a process of its own, as on another app server;
    prints each answer's status code."""
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "from django.test import Client\n"
        "client = Client(REMOTE_ADDR='203.0.113.7')\n"
        "email, password, times = sys.argv[1:]\n"
        "for _ in range(int(times)):\n"
        "    data = {'username': email, 'password': password}\n"
        "    print(client.post('/accounts/login/', data).status_code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-c", script, email, password, str(times)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def shared_database_url(tmp_path):
    """A database the other processes can open: PostgreSQL's test database,
    or, for SQLite's in-memory one (private to this process), a file copy of
    it opened with the production settings (WAL, a busy timeout)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
            # In WAL mode before either process opens it: two connections
            # switching the journal mode at once lock each other out.
            target.execute("PRAGMA journal_mode=WAL").fetchall()
        return f"sqlite:///{path}"
    login = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        login += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{login}@{host}/{db['NAME']}"


def answers(run):
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stdout + stderr
    return [int(line) for line in stdout.split()]


# Committed rows, which the other processes can see (and SQLite can copy).
@pytest.mark.django_db(transaction=True)
def test_two_app_servers_at_once_count_the_same_failures(tmp_path):
    UserFactory(email="owner@example.com")
    database = shared_database_url(tmp_path)
    each = LIMIT // 2 + 1  # together more than the limit, alone fewer

    runs = [
        sign_in_elsewhere(database, "owner@example.com", "wrong-password", each)
        for _ in range(2)
    ]
    together = [code for run in runs for code in answers(run)]
    after = answers(sign_in_elsewhere(database, "owner@example.com", PASSWORD, 1))

    # Had each counted its own, every wrong password would get the form back.
    assert together.count(200) <= LIMIT - 1
    assert together.count(429) >= 2 * each - (LIMIT - 1)
    assert after == [429]
