"""Business days: weekends and each province's statutory holidays are skipped.

The holidays are the `holidays` package's public (statutory) ones for the
province; days it lists only as optional there, such as Easter Monday and
Ontario's Civic Holiday, are business days.
"""

import datetime

import holidays
import pytest

from accounts.models import Province
from interviews import business_days
from interviews.business_days import (
    add_business_days,
    business_days_between,
    is_business_day,
)

D = datetime.date


def test_saturdays_and_sundays_are_not_business_days():
    assert is_business_day(D(2026, 3, 6), "ON")  # Friday
    assert not is_business_day(D(2026, 3, 7), "ON")
    assert not is_business_day(D(2026, 3, 8), "ON")
    assert is_business_day(D(2026, 3, 9), "ON")  # Monday


def test_a_weekend_adds_no_business_days():
    friday = D(2026, 3, 6)
    assert business_days_between(friday, D(2026, 3, 8), "ON") == 0
    assert business_days_between(friday, D(2026, 3, 9), "ON") == 1
    assert add_business_days(friday, 1, "ON") == D(2026, 3, 9)
    assert add_business_days(D(2026, 3, 7), 1, "ON") == D(2026, 3, 9)


def test_nothing_is_counted_up_to_the_start_itself_or_before_it():
    day = D(2026, 3, 4)
    assert business_days_between(day, day, "ON") == 0
    assert business_days_between(day, D(2026, 3, 2), "ON") == 0
    assert add_business_days(day, 0, "ON") == day


def test_the_start_day_is_not_counted_the_end_day_is():
    wednesday, thursday = D(2026, 3, 4), D(2026, 3, 5)
    assert business_days_between(wednesday, thursday, "ON") == 1
    assert business_days_between(D(2026, 3, 2), D(2026, 3, 13), "ON") == 9


def test_good_friday_is_a_holiday_in_every_province_and_territory():
    good_friday = D(2026, 4, 3)
    for province in Province.values:
        assert not is_business_day(good_friday, province), province
    assert add_business_days(D(2026, 4, 2), 1, "QC") == D(2026, 4, 6)


def test_easter_monday_is_a_business_day_as_the_library_lists_it_optional_only():
    easter_monday = D(2026, 4, 6)
    for province in Province.values:
        assert is_business_day(easter_monday, province), province


def test_family_day_is_a_holiday_in_ontario_and_not_in_quebec():
    family_day = D(2026, 2, 16)
    assert not is_business_day(family_day, "ON")
    assert not is_business_day(family_day, "BC")
    assert is_business_day(family_day, "QC")
    friday = D(2026, 2, 13)
    assert add_business_days(friday, 1, "ON") == D(2026, 2, 17)
    assert add_business_days(friday, 1, "QC") == family_day


def test_saint_jean_baptiste_is_a_holiday_in_quebec_only():
    june_24 = D(2026, 6, 24)
    assert not is_business_day(june_24, "QC")
    assert is_business_day(june_24, "ON")
    assert is_business_day(june_24, "NB")
    assert business_days_between(D(2026, 6, 23), D(2026, 6, 25), "QC") == 1
    assert business_days_between(D(2026, 6, 23), D(2026, 6, 25), "ON") == 2


def test_the_civic_holiday_counts_only_where_it_is_statutory():
    first_monday_of_august = D(2026, 8, 3)
    # Optional in Ontario and Nova Scotia (most offices open), statutory as
    # British Columbia Day, Saskatchewan Day and New Brunswick Day.
    assert is_business_day(first_monday_of_august, "ON")
    assert is_business_day(first_monday_of_august, "NS")
    assert not is_business_day(first_monday_of_august, "BC")
    assert not is_business_day(first_monday_of_august, "SK")
    assert not is_business_day(first_monday_of_august, "NB")


def test_remembrance_day_is_a_holiday_in_some_provinces_only():
    remembrance_day = D(2026, 11, 11)
    for province in ("AB", "BC", "NS", "SK", "NL", "PE"):
        assert not is_business_day(remembrance_day, province), province
    for province in ("ON", "QC", "MB"):
        assert is_business_day(remembrance_day, province), province


def test_victoria_day_is_skipped_where_it_is_statutory():
    victoria_day = D(2026, 5, 18)
    assert not is_business_day(victoria_day, "ON")
    assert not is_business_day(victoria_day, "QC")  # National Patriots' Day
    assert is_business_day(victoria_day, "NS")


def test_the_first_business_day_after_a_long_weekend_is_the_tuesday():
    friday = D(2026, 5, 15)
    assert add_business_days(friday, 1, "ON") == D(2026, 5, 19)
    assert add_business_days(friday, 1, "NS") == D(2026, 5, 18)
    assert business_days_between(friday, D(2026, 5, 19), "ON") == 1


def test_a_request_sent_before_christmas_waits_through_the_holidays_in_ontario():
    sent = D(2026, 12, 23)  # a Wednesday
    # Thursday 24th; Christmas on Friday; Boxing Day on Saturday is taken on
    # Monday 28th; then 29th, 30th, 31st; New Year's Day on Friday; Monday 4th.
    assert [add_business_days(sent, n, "ON") for n in range(1, 6)] == [
        D(2026, 12, 24),
        D(2026, 12, 29),
        D(2026, 12, 30),
        D(2026, 12, 31),
        D(2027, 1, 4),
    ]
    assert business_days_between(sent, D(2027, 1, 4), "ON") == 5
    assert business_days_between(sent, D(2027, 1, 8), "ON") == 9


def test_boxing_day_is_not_a_statutory_holiday_in_quebec():
    sent = D(2026, 12, 23)
    assert is_business_day(D(2026, 12, 28), "QC")
    assert business_days_between(sent, D(2027, 1, 4), "QC") == 6
    assert add_business_days(sent, 2, "QC") == D(2026, 12, 28)


def test_add_walks_back_with_a_negative_number():
    assert add_business_days(D(2026, 2, 17), -1, "ON") == D(2026, 2, 13)
    assert add_business_days(D(2026, 2, 17), -1, "QC") == D(2026, 2, 16)
    # From a business day, walking back n and counting forward agree.
    assert add_business_days(D(2027, 1, 4), -5, "ON") == D(2026, 12, 23)


@pytest.mark.parametrize("province", ["ON", "QC", "BC", "NL", "YT"])
def test_add_and_between_agree(province):
    start = D(2026, 12, 1)
    for offset in range(0, 70, 3):  # starts on weekdays, weekends and holidays
        day = start + datetime.timedelta(days=offset)
        for n in range(25):
            later = add_business_days(day, n, province)
            assert business_days_between(day, later, province) == n
            if n:
                # The n-th business day is the first day that reaches n.
                assert is_business_day(later, province)
                before = later - datetime.timedelta(days=1)
                assert business_days_between(day, before, province) == n - 1


def test_between_counts_long_waits_the_same_as_day_by_day():
    start = D(2025, 11, 20)
    for span in (1, 6, 7, 8, 45, 400):
        end = start + datetime.timedelta(days=span)
        one_by_one = sum(
            is_business_day(start + datetime.timedelta(days=i), "ON")
            for i in range(1, span + 1)
        )
        assert business_days_between(start, end, "ON") == one_by_one


def test_each_province_and_year_is_built_once(monkeypatch):
    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs.get("subdiv"))
        return real(*args, **kwargs)

    business_days._holidays.cache_clear()
    monkeypatch.setattr(holidays, "country_holidays", counting)
    try:
        for _ in range(50):
            business_days_between(D(2026, 12, 1), D(2027, 1, 15), "ON")
            is_business_day(D(2026, 6, 24), "QC")
    finally:
        business_days._holidays.cache_clear()

    assert sorted(calls) == ["ON", "ON", "QC"]
