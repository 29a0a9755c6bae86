"""A newcomer's first minutes: what the site is for, how to get in, the demo."""

import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from infointerview.demo import DEMO_EMAIL, DEMO_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


# The landing page


def test_a_visitor_at_the_root_learns_what_infointerview_is_for(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "information interviews" in html
    assert "never ask for a job" in html
    assert f'href="{reverse("accounts:signup")}"' in html
    assert f'href="{reverse("login")}"' in html
    assert 'name="password"' not in html


def test_a_visitor_cannot_post_to_the_root(client):
    assert client.post(reverse("home")).status_code == 405


def test_a_logged_in_student_still_gets_the_dashboard(owner_client):
    response = owner_client.get(reverse("home"))

    assert response.status_code == 200
    assert "What to do next" in response.content.decode()


# Demo logins where they are seen: the login page of a development site


@override_settings(DEBUG=True)
def test_a_development_login_page_lists_the_demo_logins_that_work(client):
    seed()

    html = client.get(reverse("login")).content.decode()

    assert DEMO_EMAIL in html and DEMO_PASSWORD in html
    assert STAFF_EMAIL in html and STAFF_PASSWORD in html
    landing = client.get(reverse("home")).content.decode()
    assert DEMO_PASSWORD in landing


@override_settings(DEBUG=True)
def test_a_changed_demo_password_is_not_shown(client):
    seed()
    staff = User.objects.get(email=STAFF_EMAIL)
    staff.set_password("a-new-secret-of-their-own")
    staff.save()

    html = client.get(reverse("login")).content.decode()

    assert STAFF_PASSWORD not in html
    assert DEMO_PASSWORD in html


def test_a_production_login_page_never_lists_demo_logins(client):
    seed()

    html = client.get(reverse("login")).content.decode()

    assert DEMO_PASSWORD not in html and STAFF_PASSWORD not in html


@override_settings(DEBUG=True)
def test_without_a_demo_the_login_page_lists_nothing(client):
    UserFactory(email="someone@example.com")

    assert "Demo accounts" not in client.get(reverse("login")).content.decode()


def test_a_second_seed_does_not_print_a_password_that_was_changed():
    seed()
    staff = User.objects.get(email=STAFF_EMAIL)
    staff.set_password("a-new-secret-of-their-own")
    staff.save()

    out = seed()

    assert STAFF_PASSWORD not in out
    assert STAFF_EMAIL in out and "password was changed" in out
    assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in out


def test_the_demo_is_announced_at_the_address_it_is_served_at():
    out = seed(site_url="http://127.0.0.1:8001")

    assert "http://127.0.0.1:8001/" in out
    assert "8000" not in out


def test_the_readme_lists_the_demo_logins():
    readme = (ROOT / "README.md").read_text()

    for text in (DEMO_EMAIL, DEMO_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD):
        assert text in readme


@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_run_serves_on_the_port_asked_for(args, port):
    # -n prints the commands without running them.
    plan = subprocess.run(
        ["make", "-n", "-W", "requirements-dev.lock", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert f"runserver 127.0.0.1:{port}" in plan
    assert f"--site-url http://127.0.0.1:{port}/" in plan


# The self-assessment


def test_the_dashboard_asks_for_the_self_assessment_while_it_is_empty(client):
    student = UserFactory(interests="", strengths="", values="", target_occupations="")
    client.force_login(student)

    html = client.get(reverse("home")).content.decode()

    assert "Fill in your self-assessment" in html


def test_the_dashboard_stops_asking_once_the_self_assessment_is_filled(client):
    student = UserFactory(interests="", strengths="", values="", target_occupations="")
    client.force_login(student)
    student.interests = "Live performance, and how a season is planned."
    student.save()

    html = client.get(reverse("home")).content.decode()

    assert "Fill in your self-assessment" not in html


def test_the_profile_shows_the_self_assessment_under_its_own_heading(owner_client):
    html = owner_client.get(reverse("accounts:profile")).content.decode()

    start = html.index('id="self-assessment"')
    section = html[start : html.index("</fieldset>", start)]
    assert "<legend>Your self-assessment</legend>" in section
    for name in ("interests", "strengths", "values", "target_occupations"):
        assert f'name="{name}"' in section
    assert 'name="phone"' not in section
    # Second, after the student's name: where a new student is sent first.
    assert html.index('id="self-assessment"') < html.index('name="phone"')
