"""The morning reminder email (`manage.py send_reminders`): one a day to each
user who wants it and has something due, in their own day, never twice."""

import contextlib
import datetime
import io
import os
import re
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from followups.models import FollowUp, ReminderDigest
from infointerview import reminders
from infointerview.next_actions import due_today
from tests.factories import (
    FollowUpFactory,
    InterviewFactory,
    ThankYouNoteFactory,
    UserFactory,
)
from tests.smtp import RecordingHandler, running_smtp_server

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://infointerview.example.org"
APP_ADDRESS = "noreply@infointerview.localhost"
TODAY = datetime.date(2026, 5, 12)
YESTERDAY = TODAY - datetime.timedelta(days=1)
# In May, Toronto is UTC-4 and Vancouver UTC-7.
TORONTO_9AM = "2026-05-12T09:00-04:00"
TORONTO_6AM = "2026-05-12T06:00-04:00"  # 03:00 in Vancouver
VANCOUVER_9AM = "2026-05-12T09:00-07:00"
NEXT_MORNING = "2026-05-13T09:00-04:00"


@pytest.fixture
def maya():
    return UserFactory(
        email="maya@example.com", first_name="Maya", wants_reminders=True
    )


def follow_up_due(user, title="Send Marcus my resume", due_on=TODAY):
    return FollowUpFactory(
        owner=user, kind=FollowUp.Kind.SEND_RESUME, title=title, due_on=due_on
    )


def thank_you_due_today(user):
    """A note for yesterday's interview, due at 10:30 Toronto time today."""
    interview = InterviewFactory(
        owner=user,
        starts_at=datetime.datetime(2026, 5, 11, 14, 0, tzinfo=datetime.UTC),
        contact__first_name="Seán",
        contact__last_name="O'Brien",
    )
    interview.complete(when=interview.ends_at)
    return ThankYouNoteFactory(interview=interview)


def send_reminders(*args, now=TORONTO_9AM):
    out = io.StringIO()
    call_command(
        "send_reminders", f"--now={now}", f"--site-url={SITE}", *args, stdout=out
    )
    return out.getvalue()


def send_reminders_failing(*args, now=TORONTO_9AM):
    with pytest.raises(CommandError) as failure:
        send_reminders(*args, now=now)
    return failure.value


def recipients():
    return [address for message in mail.outbox for address in message.to]


def digests():
    return list(ReminderDigest.objects.values_list("user__email", "day"))


# Who gets it


def test_it_goes_only_to_active_users_who_want_it_and_have_something_due(maya):
    follow_up_due(maya)
    for fields in [
        {"email": "no-thanks@example.com", "wants_reminders": False},
        {"email": "gone@example.com", "wants_reminders": True, "is_active": False},
    ]:
        follow_up_due(UserFactory(**fields))
    UserFactory(email="nothing-due@example.com", wants_reminders=True)

    output = send_reminders()

    assert recipients() == ["maya@example.com"]
    assert digests() == [("maya@example.com", TODAY)]
    assert "reminders: 1 sent, 0 skipped (already sent today), 0 failed" in output


def test_a_follow_up_due_tomorrow_or_done_sends_nothing(maya):
    follow_up_due(maya, due_on=TODAY + datetime.timedelta(days=1))
    follow_up_due(maya).mark_done()

    output = send_reminders()

    assert mail.outbox == []
    assert digests() == []
    assert "reminders: 0 sent, 0 skipped" in output


def test_an_overdue_follow_up_is_in_the_email_and_marked_overdue(maya):
    follow_up_due(maya, title="Share the article", due_on=YESTERDAY)

    send_reminders()

    [message] = mail.outbox
    assert "Share the article (overdue)" in message.body


# What arrives


def test_the_email_arrives_with_the_count_and_a_link_for_each_item(smtp_server, maya):
    note = thank_you_due_today(maya)
    follow_up_due(maya)

    send_reminders()

    [message] = smtp_server.messages
    assert [a.addr_spec for a in message["To"].addresses] == ["maya@example.com"]
    assert message["From"].addresses[0].addr_spec == APP_ADDRESS
    assert message["Subject"] == "Infointerview: 2 things to do today"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    # Plain text: the apostrophe and accent arrive as typed, not as HTML.
    assert "Thank Seán O'Brien" in body
    assert "Due by 12 May 2026, 10:30 a.m., within a day of the conversation." in body
    assert f"{SITE}/followups/thank-you/{note.interview_id}/" in body
    assert "Send Marcus my resume" in body
    assert "Send my resume — " in body


def test_a_link_goes_to_the_dashboard_for_an_action_done_by_post(maya):
    # Marking a follow-up done is a POST; a link in an email can only GET.
    follow_up = follow_up_due(maya)

    send_reminders()

    body = mail.outbox[0].body
    assert f"/followups/{follow_up.pk}/done/" not in body
    assert re.search(rf"Send Marcus my resume\n.*\n +{re.escape(SITE)}/\n", body)


def test_the_email_says_how_to_turn_it_off(maya):
    follow_up_due(maya)

    send_reminders()

    body = mail.outbox[0].body
    assert "To stop them, turn off" in body
    assert f"{SITE}/accounts/profile/" in body


def test_one_item_is_one_thing(maya):
    follow_up_due(maya)

    send_reminders()

    assert mail.outbox[0].subject == "Infointerview: 1 thing to do today"
    assert "One thing is due today:" in mail.outbox[0].body


def test_the_site_url_comes_from_the_environment_by_default(monkeypatch, maya):
    monkeypatch.setenv("SITE_URL", "https://careers.example.edu/")
    follow_up_due(maya)

    call_command("send_reminders", f"--now={TORONTO_9AM}", stdout=io.StringIO())

    assert "https://careers.example.edu/accounts/profile/" in mail.outbox[0].body


def test_a_site_url_that_is_not_a_web_address_is_refused(maya):
    with pytest.raises(CommandError, match="must start with https://"):
        call_command("send_reminders", "--site-url=infointerview.example.org")


def test_a_now_that_is_not_a_time_is_refused(maya):
    with pytest.raises(CommandError, match="not an ISO 8601 time"):
        call_command("send_reminders", "--now=tomorrow morning")


# Once a day


def test_running_twice_the_same_day_sends_one_email(maya):
    follow_up_due(maya)

    send_reminders()
    second = send_reminders(now="2026-05-12T15:00-04:00")

    assert len(mail.outbox) == 1
    assert "reminders: 0 sent, 1 skipped (already sent today), 0 failed" in second
    digest = ReminderDigest.objects.get()
    assert (digest.day, digest.item_count) == (TODAY, 1)
    assert digest.sent_at is not None


def test_the_next_day_sends_again(maya):
    follow_up_due(maya)
    send_reminders()

    send_reminders(now=NEXT_MORNING)

    assert len(mail.outbox) == 2
    assert digests() == [
        ("maya@example.com", TODAY + datetime.timedelta(days=1)),
        ("maya@example.com", TODAY),
    ]


def test_a_day_claimed_by_another_run_is_skipped(maya):
    follow_up_due(maya)
    # The other run's claim, made after this run read who had one.
    assert reminders.claim(maya, TODAY) is not None

    assert reminders.claim(maya, TODAY) is None
    actions = due_today(maya, reminders.parse_now(TORONTO_9AM))
    assert reminders.deliver(maya, TODAY, actions, SITE) == "skipped"
    assert mail.outbox == []


# When the mail server fails


def test_a_mail_server_that_is_down_leaves_no_claim_and_a_later_run_sends(
    settings, smtp_server_down, maya, caplog
):
    follow_up_due(maya)

    error = send_reminders_failing()

    assert error.returncode == 1
    assert digests() == []
    assert "Reminder to user" in caplog.text
    with running_smtp_server(settings, RecordingHandler()) as server:
        output = send_reminders(now="2026-05-12T10:00-04:00")
    assert "1 sent" in output
    assert len(server.messages) == 1
    assert digests() == [("maya@example.com", TODAY)]


class RefusingOne(RecordingHandler):
    """A server that does not know one of the mailboxes."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "gone@example.com":
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_one_refused_address_does_not_stop_the_others(settings, maya, caplog):
    gone = UserFactory(email="gone@example.com", wants_reminders=True)
    follow_up_due(gone)
    follow_up_due(maya)

    with running_smtp_server(settings, RefusingOne()) as server:
        error = send_reminders_failing()

    assert error.returncode == 1
    assert [m["To"] for m in server.messages] == ["maya@example.com"]
    assert digests() == [("maya@example.com", TODAY)]
    # The log says who by id, never by address.
    [line] = [r.getMessage() for r in caplog.records if r.name == reminders.__name__]
    assert f"user {gone.pk}" in line
    assert "550" in line
    assert "gone@example.com" not in line


def test_the_summary_is_printed_when_a_send_fails(smtp_server_down, maya):
    follow_up_due(maya)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 reminder"):
        call_command(
            "send_reminders", f"--now={TORONTO_9AM}", f"--site-url={SITE}", stdout=out
        )

    assert "reminders: 0 sent, 0 skipped (already sent today), 1 failed" in (
        out.getvalue()
    )


# Each user's own day


def test_nobody_is_mailed_before_six_in_their_own_zone(maya):
    vancouver = UserFactory(
        email="van@example.com", wants_reminders=True, time_zone="America/Vancouver"
    )
    follow_up_due(vancouver)
    follow_up_due(maya)

    send_reminders(now=TORONTO_6AM)
    assert recipients() == ["maya@example.com"]

    send_reminders(now=VANCOUVER_9AM)
    assert recipients() == ["maya@example.com", "van@example.com"]


def test_the_hour_can_be_changed(maya):
    vancouver = UserFactory(
        email="van@example.com", wants_reminders=True, time_zone="America/Vancouver"
    )
    follow_up_due(vancouver)

    send_reminders("--not-before-hour=3", now=TORONTO_6AM)

    assert recipients() == ["van@example.com"]


def test_the_day_is_the_users_own(maya):
    # 23:00 UTC on the 12th is already 08:00 on the 13th in Tokyo.
    tokyo = UserFactory(
        email="tokyo@example.com", wants_reminders=True, time_zone="Asia/Tokyo"
    )
    follow_up_due(tokyo, due_on=TODAY + datetime.timedelta(days=1))

    send_reminders(now="2026-05-12T23:00Z")

    assert recipients() == ["tokyo@example.com"]
    assert digests() == [("tokyo@example.com", TODAY + datetime.timedelta(days=1))]


# Dry run


def test_a_dry_run_sends_nothing_and_claims_nothing(maya):
    follow_up_due(maya)

    output = send_reminders("--dry-run")

    assert mail.outbox == []
    assert digests() == []
    assert "maya@example.com: Infointerview: 1 thing to do today" in output
    assert "Send Marcus my resume" in output
    assert "1 would be sent, 0 skipped" in output


def test_a_dry_run_shows_who_already_had_it(maya):
    follow_up_due(maya)
    send_reminders()

    output = send_reminders("--dry-run")

    assert "maya@example.com: already sent today" in output
    assert len(mail.outbox) == 1


# Two runs at once


def database_for_threads(tmp_path):
    """Settings for the threads' own connections to this test's database.

    SQLite's in-memory test database is a shared cache, where a second writer
    fails at once ("database table is locked") instead of waiting its turn as
    in a real file: the threads get a file copy, opened with the production
    options (WAL, a busy timeout, IMMEDIATE transactions).
    """
    if connection.vendor != "sqlite":
        return dict(connection.settings_dict)
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    return {**connection.settings_dict, "NAME": str(path)}


def open_connection(database):
    backend = load_backend(database["ENGINE"])
    return backend.DatabaseWrapper(dict(database), alias="default")


def claim_in_threads(database, user, day, count=2):
    """Each thread claims the same day on its own connection, all at once."""
    start = threading.Barrier(count)
    results = []

    def claim():
        try:
            connections["default"] = open_connection(database)
            start.wait(timeout=10)
            results.append(reminders.claim(user, day))
        except Exception as error:  # Shown in the assertion, not lost.
            results.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=claim) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def digest_days(database, user):
    db = open_connection(database)
    try:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT day FROM followups_reminderdigest WHERE user_id = %s",
                [user.pk],
            )
            return [str(day) for (day,) in cursor.fetchall()]
    finally:
        db.close()


# Committed rows, which the other connections can see (and SQLite can copy).
# Not serialized_rollback: its restore collides with the content types that
# another transactional test's flush re-creates. pytest-django runs these
# tests after all the others, so the flush cannot take data from those.
@pytest.mark.django_db(transaction=True)
def test_two_threads_claiming_the_same_day_one_wins(tmp_path):
    user = UserFactory(email="race@example.com", wants_reminders=True)
    database = database_for_threads(tmp_path)

    results = claim_in_threads(database, user, TODAY)

    winners = [result for result in results if isinstance(result, ReminderDigest)]
    assert (len(winners), results.count(None)) == (1, 1), results
    assert digest_days(database, user) == [TODAY.isoformat()]


def database_url():
    db = connection.settings_dict
    login = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        login += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    return (
        f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def start_run(port):
    """`manage.py send_reminders` in a process of its own, on the test database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "DEBUG": "off",
        "SECRET_KEY": "race-test-secret-key-not-for-production-0123456789",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "send_reminders",
            f"--now={TORONTO_9AM}",
            f"--site-url={SITE}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def counts(output):
    sent, skipped = re.search(r"(\d+) sent, (\d+) skipped", output).groups()
    return int(sent), int(skipped)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two processes need a database server; SQLite's in-memory test "
    "database is private to this process (the thread test covers SQLite).",
)
@pytest.mark.django_db(transaction=True)
def test_two_machines_at_once_send_each_user_one_email(settings):
    users = [
        UserFactory(email=f"racer{n}@example.com", wants_reminders=True)
        for n in range(12)
    ]
    for user in users:
        follow_up_due(user)

    with running_smtp_server(settings, RecordingHandler()) as server:
        port = settings.MAILERS["default"]["OPTIONS"]["port"]
        runs = [start_run(port), start_run(port)]
        outputs = [run.communicate(timeout=120) for run in runs]

    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stdout + stderr
    received = sorted(address for e in server.envelopes for address in e.rcpt_tos)
    assert received == sorted(user.email for user in users)
    assert ReminderDigest.objects.filter(sent_at__isnull=False).count() == len(users)
    # Between them, the two runs sent each email once and skipped it once.
    sent, skipped = map(sum, zip(*(counts(out) for out, _ in outputs), strict=True))
    assert (sent, skipped) == (len(users), len(users))
