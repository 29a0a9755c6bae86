"""Business days in a Canadian province or territory.

The 3B7 routine counts in business days, the days on which the person asked
is at work: not Saturdays, not Sundays, and not the statutory holidays of the
user's province or territory (as the `holidays` package lists them, with a
weekend holiday's observed Monday or Tuesday). Holidays that are optional in a
province, such as Ontario's Civic Holiday and Easter Monday, are business days:
most offices are open.
"""

import datetime
import functools

import holidays

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5


@functools.lru_cache(maxsize=256)
def _holidays(province, year):
    """The weekday statutory holidays of one province in one year.

    Cached, because the dashboard asks for the same few years of one province
    for every request it lists, and building a year of holidays is slow.
    """
    # The year before too: a holiday observed on a later day may cross into
    # the new year, and must then count in the year where it is taken off.
    calendar = holidays.country_holidays("CA", subdiv=province, years=(year - 1, year))
    return frozenset(
        day for day in calendar if day.year == year and day.weekday() < SATURDAY
    )


def is_business_day(day, province):
    return day.weekday() < SATURDAY and day not in _holidays(province, day.year)


def add_business_days(day, n, province):
    """The n-th business day after `day` (before it when n is negative).

    With n = 0 the day itself, business day or not.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    left = abs(n)
    while left:
        day += step
        if is_business_day(day, province):
            left -= 1
    return day


def business_days_between(start, end, province):
    """How many business days come after `start`, up to and including `end`.

    So a request sent on a Friday has waited one business day on Monday. Zero
    when `end` is not after `start`.
    """
    if end <= start:
        return 0
    # Counted by whole weeks rather than day by day: a request may have been
    # waiting for months, and the dashboard counts every one.
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    tail = start + datetime.timedelta(weeks=weeks)
    count += sum(
        (tail + datetime.timedelta(days=i)).weekday() < SATURDAY
        for i in range(1, extra + 1)
    )
    count -= sum(
        start < holiday <= end
        for year in range(start.year, end.year + 1)
        for holiday in _holidays(province, year)
    )
    return count
