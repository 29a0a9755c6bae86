"""The settings come from the environment and refuse values they cannot read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "k3!x9-production-like-secret-with-enough-length-and-variety-0987",
    "ALLOWED_HOSTS": "infointerview.example.org",
    "HTTPS": "on",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run(args, env, tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    clean |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"} | env
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(env, tmp_path):
    return run(["-c", "import infointerview.settings"], env, tmp_path)


def setting(name, env, tmp_path):
    """The value of one setting, printed by a fresh process under `env`."""
    result = run(
        ["-c", f"from infointerview import settings; print(settings.{name})"],
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_debug_https_is_on_unless_turned_off(tmp_path):
    production = {k: v for k, v in PRODUCTION.items() if k != "HTTPS"}

    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production,
        tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert setting("SECURE_SSL_REDIRECT", production, tmp_path) == "True"
    assert setting("SESSION_COOKIE_SECURE", production, tmp_path) == "True"


def test_with_debug_https_is_off_unless_turned_on(tmp_path):
    debug = {"DEBUG": "on"}

    assert setting("SECURE_SSL_REDIRECT", debug, tmp_path) == "False"
    assert setting("SECURE_SSL_REDIRECT", debug | {"HTTPS": "on"}, tmp_path) == "True"


def test_the_idle_minutes_set_the_session_age(tmp_path):
    env = PRODUCTION | {"SESSION_IDLE_MINUTES": "30"}

    assert setting("SESSION_COOKIE_AGE", env, tmp_path) == "1800"
    assert setting("SESSION_SAVE_EVERY_REQUEST", env, tmp_path) == "True"


def test_the_deploy_check_fails_when_https_is_off(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION | {"HTTPS": "off"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


def test_production_settings_load(tmp_path):
    assert load_settings(PRODUCTION, tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"HTTPS": "yes please"}, "is not a boolean"),
        ({"TIME_ZONE": "America/Nowhere"}, "is not a time zone"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "SQLite or PostgreSQL"),
        ({"EMAIL_URL": "carrier-pigeon://coop"}, "EMAIL_URL cannot be read"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "is not a whole number"),
        ({"SESSION_IDLE_MINUTES": "0"}, "must be at least 1"),
        ({"EMAILS_PER_STUDENT_PER_DAY": "0"}, "EMAILS_PER_STUDENT_PER_DAY='0'"),
        ({"EMAILS_PER_SITE_PER_HOUR": "lots"}, "is not a whole number"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "must be at least 1"),
        ({"LOGIN_LOCKOUT_MINUTES": "a while"}, "is not a whole number"),
        ({"LOGIN_SHARED_NETWORKS": "10.20.0.0/16,lab"}, "'lab', which is not"),
        ({"LOGIN_SHARED_NETWORKS": "10.20.1.0/16"}, "has host bits set"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "must be at least 0"),
        (
            {"SECRET_KEY": "django-insecure-development-key-only-for-debug-mode"},
            "development SECRET_KEY",
        ),
    ],
)
def test_a_bad_setting_stops_the_app_with_a_clear_message(tmp_path, env, message):
    result = load_settings(PRODUCTION | env, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_behind_a_tls_proxy_the_client_address_comes_from_one_proxy(tmp_path):
    assert setting("TRUSTED_PROXY_COUNT", PRODUCTION, tmp_path) == "0"
    behind = PRODUCTION | {"BEHIND_TLS_PROXY": "on"}
    assert setting("TRUSTED_PROXY_COUNT", behind, tmp_path) == "1"
    two = behind | {"TRUSTED_PROXY_COUNT": "2"}
    assert setting("TRUSTED_PROXY_COUNT", two, tmp_path) == "2"


def test_the_sign_in_throttle_reads_its_settings(tmp_path):
    env = PRODUCTION | {
        "LOGIN_FAILURE_LIMIT": "7",
        "LOGIN_LOCKOUT_MINUTES": "30",
        "LOGIN_SHARED_NETWORKS": "10.20.0.0/16, 2001:db8::/32",
    }
    assert setting("AXES_FAILURE_LIMIT", env, tmp_path) == "7"
    assert setting("AXES_COOLOFF_TIME", env, tmp_path) == "0:30:00"
    networks = setting("LOGIN_SHARED_NETWORKS", env, tmp_path)
    assert networks == ("(IPv4Network('10.20.0.0/16'), IPv6Network('2001:db8::/32'))")


def test_debug_mode_runs_without_a_secret_key(tmp_path):
    env = {"DEBUG": "on", "SECRET_KEY": ""}
    assert load_settings(env, tmp_path).returncode == 0


def test_the_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.transaction_mode)"
    )
    env = {"DEBUG": "on", "DJANGO_SETTINGS_MODULE": "infointerview.settings"}

    result = run(["-c", script], env, tmp_path)

    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"], result.stderr


def test_email_goes_through_the_mailers_of_django_6_1():
    from django.conf import settings

    assert "default" in settings.MAILERS


def test_smtp_email_urls_become_a_mailer_with_the_same_parts():
    from infointerview.settings import mailer_from_url

    mailer = mailer_from_url("smtp+tls://ann:p%40ss@mail.example.org:587", 7)

    assert mailer["BACKEND"] == "infointerview.smtp.StrictEmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 587,
        "username": "ann",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 7,
    }
