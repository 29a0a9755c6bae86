"""A session left unused ends; one in use goes on."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

IDLE = datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def signed_in(client, user, time_machine, settings):
    # As infointerview/settings.py sets it; tests/settings.py turns it off.
    settings.SESSION_COOKIE_AGE = settings.SESSION_IDLE_MINUTES * 60
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(user)
    return client


def test_a_session_unused_for_the_idle_time_ends(signed_in, time_machine):
    time_machine.shift(IDLE + MINUTE)

    response = signed_in.get(reverse("contacts:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_session_in_use_goes_on_past_the_idle_time(signed_in, time_machine):
    # Three visits, each a little within the idle time of the one before:
    # together well past it.
    for _visit in range(3):
        time_machine.shift(IDLE - MINUTE)
        assert signed_in.get(reverse("contacts:list")).status_code == 200
