"""The clocks of a test run: the test's, the live server's and Chromium's.

tests/run_at.sh moves the clock of a whole run with libfaketime and says the
moment in FAKED_CLOCK_STARTS_AT; then every one of them must read that moment
(plus the minutes the run has taken so far), or the run proves nothing about
that day. In any run they must agree with one another.
"""

import datetime
import email.utils
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
# The slowest whole run, browser tests included, with room to spare.
LONGEST_RUN = datetime.timedelta(minutes=30)
# The HTTP Date header counts whole seconds; the steps between readings take some.
AGREEMENT = datetime.timedelta(seconds=30)


def faked_start():
    moment = os.environ.get("FAKED_CLOCK_STARTS_AT")
    return datetime.datetime.fromisoformat(moment) if moment else None


@pytest.mark.browser
def test_the_test_the_live_server_and_chromium_read_the_same_clock(
    live_server, browser_page
):
    before = timezone.now()
    response = browser_page.goto(live_server.url + "/healthz")
    server = email.utils.parsedate_to_datetime(response.headers["date"])
    chromium = datetime.datetime.fromtimestamp(
        browser_page.evaluate("Date.now()") / 1000, datetime.UTC
    )
    after = timezone.now()

    assert before - AGREEMENT <= server <= after + AGREEMENT
    assert before - AGREEMENT <= chromium <= after + AGREEMENT
    start = faked_start()
    if start is not None:
        for clock in (before, server, chromium):
            assert start <= clock <= start + LONGEST_RUN


def test_the_moved_clock_is_the_one_django_reads():
    start = faked_start()
    if start is None:
        pytest.skip("the clock is not moved (see tests/run_at.sh)")
    assert start <= timezone.now() <= start + LONGEST_RUN
    assert start <= datetime.datetime.fromtimestamp(time.time(), datetime.UTC)


def test_the_tests_run_in_the_career_centres_zone_whatever_the_machine_says():
    shown = "from django.conf import settings; print(settings.TIME_ZONE)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {shown}"],
        cwd=ROOT,
        env=os.environ
        | {"DJANGO_SETTINGS_MODULE": "tests.settings", "TIME_ZONE": "Asia/Tokyo"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "America/Toronto"
