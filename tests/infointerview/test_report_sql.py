"""The reports' local days, months and minutes of the day, computed in SQL,
agree with Python's own conversion at both DST changes of 2027 in Toronto,
inside the period and outside it; on SQLite, inside the period, without a
Python function per row."""

import datetime
import functools
import zoneinfo

import pytest
from django.db import OperationalError, connection
from django.db.backends.sqlite3 import _functions

from infointerview.report_sql import (
    LocalDate,
    LocalMinuteOfDay,
    LocalMonth,
    PlusDays,
    offset_stretches,
)
from interviews.models import Interview
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
UTC = datetime.UTC
# The period: all of 2027 but January and February, local.
STARTS = datetime.datetime(2027, 3, 1, tzinfo=TORONTO)
ENDS = datetime.datetime(2028, 1, 1, tzinfo=TORONTO)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


# Instants around 2027-03-14 07:00 UTC (02:00 EST becomes 03:00 EDT) and
# 2027-11-07 06:00 UTC (02:00 EDT becomes 01:00 EST), around local midnights
# and month ends, and a few outside the period.
AROUND_THE_CHANGES = [
    utc(2027, 3, 14, 4, 59, 59),  # 23:59:59 on the 13th, EST
    utc(2027, 3, 14, 5, 0),  # midnight, EST
    utc(2027, 3, 14, 6, 59, 59, 999999),
    utc(2027, 3, 14, 7, 0),  # 03:00 EDT
    utc(2027, 3, 15, 3, 59),  # 23:59 EDT
    utc(2027, 3, 15, 3, 59, 59, 999999),  # the 14th's very last instant
    utc(2027, 3, 15, 4, 0),  # midnight on the 15th, EDT
    utc(2027, 4, 1, 3, 59, 59, 999999),  # 31 March, 23:59:59.999999
    utc(2027, 4, 1, 4, 0),  # 1 April, midnight
    utc(2027, 11, 7, 3, 59, 59),  # 6 November, 23:59:59 EDT
    utc(2027, 11, 7, 4, 0),  # midnight, EDT
    utc(2027, 11, 7, 5, 30),  # 01:30 EDT
    utc(2027, 11, 7, 6, 0),  # 01:00 EST, the second time
    utc(2027, 11, 7, 6, 30),  # 01:30 EST
    utc(2027, 11, 8, 4, 59),  # 23:59 EST
    utc(2027, 11, 8, 5, 0),  # midnight on the 8th, EST
    utc(2027, 12, 1, 4, 59, 59),  # 30 November, 23:59:59
    utc(2027, 12, 1, 5, 0),  # 1 December, midnight
]
OUTSIDE = [
    utc(2027, 3, 1, 4, 59, 59),  # the last second before the period, local
    utc(2027, 2, 14, 12, 0),
    utc(2028, 1, 1, 5, 0),  # the period's end
    utc(2028, 3, 12, 7, 30),  # after the next spring's change
    utc(2028, 7, 1, 3, 59),
]


def local_values(instants):
    """What the reports' SQL gives for each instant: (day, month, minute)."""
    for moment in instants:
        InterviewFactory(starts_at=moment)
    rows = (
        Interview.objects.annotate(
            day=LocalDate("starts_at", TORONTO, STARTS, ENDS),
            month=LocalMonth("starts_at", TORONTO, STARTS, ENDS),
            minute=LocalMinuteOfDay("starts_at", TORONTO, STARTS, ENDS),
        )
        .order_by("starts_at")
        .values_list("starts_at", "day", "month", "minute")
    )
    return {
        moment: (day, month.date() if month else None, minute)
        for moment, day, month, minute in rows
    }


def expected_values(instants):
    """Python's own conversion of each instant to Toronto's time."""
    expected = {}
    for moment in instants:
        there = moment.astimezone(TORONTO)
        expected[moment] = (
            there.date(),
            there.date().replace(day=1),
            there.hour * 60 + there.minute,
        )
    return expected


@pytest.fixture
def without_djangos_sqlite_conversions():
    """On SQLite, Django's per-row Python conversions fail while in use.

    Skipped elsewhere: PostgreSQL converts natively.
    """
    if connection.vendor != "sqlite":
        pytest.skip("Only SQLite converts time zones with a Python function.")
    connection.ensure_connection()
    raw = connection.connection
    names = {
        "django_datetime_cast_date": (3, _functions._sqlite_datetime_cast_date),
        "django_datetime_extract": (4, _functions._sqlite_datetime_extract),
        "django_datetime_trunc": (4, _functions._sqlite_datetime_trunc),
        "django_format_dtdelta": (3, _functions._sqlite_format_dtdelta),
    }

    def refuse(name, *args):
        raise AssertionError(f"{name} called for {args}")

    for name, (arity, _original) in names.items():
        raw.create_function(name, arity, functools.partial(refuse, name))
    yield
    for name, (arity, original) in names.items():
        raw.create_function(name, arity, original, deterministic=True)


def test_the_stretches_of_2027_split_at_both_changes():
    year = datetime.datetime(2027, 1, 1, tzinfo=TORONTO)
    stretches = offset_stretches(TORONTO, year, year.replace(year=2028))
    assert stretches == [
        (utc(2027, 1, 1, 5, 0), datetime.timedelta(hours=-5)),
        (utc(2027, 3, 14, 7, 0), datetime.timedelta(hours=-4)),
        (utc(2027, 11, 7, 6, 0), datetime.timedelta(hours=-5)),
    ]


def test_a_zone_without_changes_is_one_stretch():
    starts = datetime.datetime(2027, 1, 1, tzinfo=UTC)
    stretches = offset_stretches(UTC, starts, starts.replace(year=2030))
    assert stretches == [(starts, datetime.timedelta(0))]


def test_half_hour_changes_are_found_to_the_second():
    lord_howe = zoneinfo.ZoneInfo("Australia/Lord_Howe")
    starts = datetime.datetime(2027, 1, 1, tzinfo=lord_howe)
    stretches = offset_stretches(lord_howe, starts, starts.replace(year=2028))
    for (first, offset), (following, _offset) in zip(
        stretches, stretches[1:] + [(starts.replace(year=2028), None)], strict=True
    ):
        assert first.astimezone(lord_howe).utcoffset() == offset
        last_second = following - datetime.timedelta(seconds=1)
        assert last_second.astimezone(lord_howe).utcoffset() == offset
    assert [offset for _first, offset in stretches] == [
        datetime.timedelta(hours=11),
        datetime.timedelta(hours=10, minutes=30),
        datetime.timedelta(hours=11),
    ]


def test_days_months_and_minutes_agree_with_python_around_the_changes():
    instants = AROUND_THE_CHANGES + OUTSIDE
    assert local_values(instants) == expected_values(instants)


def test_inside_the_period_sqlite_converts_without_python(
    without_djangos_sqlite_conversions,
):
    assert local_values(AROUND_THE_CHANGES) == expected_values(AROUND_THE_CHANGES)


def test_outside_the_period_sqlite_falls_back_to_djangos_conversion(
    without_djangos_sqlite_conversions,
):
    with pytest.raises(OperationalError, match="user-defined function raised"):
        local_values(OUTSIDE[:1])


def test_a_null_instant_stays_null():
    InterviewFactory()
    value = (
        Interview.objects.annotate(
            day=LocalDate("completed_at", TORONTO, STARTS, ENDS),
            minute=LocalMinuteOfDay("completed_at", TORONTO, STARTS, ENDS),
        )
        .values_list("day", "minute")
        .get()
    )
    assert value == (None, None)


@pytest.mark.parametrize("native", [False, True])
def test_whole_days_are_added_as_python_adds_them(request, native):
    if native:
        request.getfixturevalue("without_djangos_sqlite_conversions")
    instants = [
        utc(2027, 3, 13, 7, 0),  # across the spring change: still 24 hours a day
        utc(2027, 2, 27, 23, 59, 59, 999999),  # into March
        utc(2027, 12, 30, 12, 0, 0, 1),  # into the next year
        utc(2028, 2, 28, 0, 0),  # a leap day
    ]
    for moment in instants:
        InterviewFactory(starts_at=moment)
    rows = Interview.objects.annotate(
        two=PlusDays("starts_at", 2), week=PlusDays("starts_at", 7)
    ).values_list("starts_at", "two", "week")
    assert {moment: (two, week) for moment, two, week in rows} == {
        moment: (
            moment + datetime.timedelta(days=2),
            moment + datetime.timedelta(days=7),
        )
        for moment in instants
    }
    # Compared as the reports compare: a microsecond either side.
    moment = instants[1]
    later = Interview.objects.filter(starts_at=moment)
    due = moment + datetime.timedelta(days=2)
    later.update(status=Interview.Status.COMPLETED, completed_at=due)
    assert later.filter(completed_at__lte=PlusDays("starts_at", 2)).exists()
    later.update(completed_at=due + datetime.timedelta(microseconds=1))
    assert not later.filter(completed_at__lte=PlusDays("starts_at", 2)).exists()


def test_minutes_of_the_day_in_a_zone_of_seconds_agree_with_python():
    # Before 1895 Toronto kept its mean solar time, 5:17:32 behind UTC.
    lmt = datetime.datetime(1880, 6, 1, tzinfo=TORONTO)
    instants = [utc(1880, 6, 1, 5, 17, 32), utc(1880, 6, 1, 17, 30, 59)]
    for moment in instants:
        InterviewFactory(starts_at=moment)
    minutes = Interview.objects.annotate(
        minute=LocalMinuteOfDay(
            "starts_at", TORONTO, lmt, lmt + datetime.timedelta(days=1)
        )
    ).values_list("starts_at", "minute")
    assert dict(minutes) == {
        moment: expected_values([moment])[moment][2] for moment in instants
    }
