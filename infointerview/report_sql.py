"""Local days, months and times of day of stored instants, computed by the
database itself, for the reports.

Why: Django's SQLite backend converts a stored UTC instant to a time zone
with a Python function that SQLite calls once per row
(django_datetime_cast_date, django_datetime_trunc, django_datetime_extract).
At a million interviews that is most of a report's time. PostgreSQL converts
natively (AT TIME ZONE), so there these expressions are Django's own
TruncDate, TruncMonth and ExtractHour/ExtractMinute, unchanged.

On SQLite they use what the reports know in advance: the period. Over a
period a zone has a few stretches of constant UTC offset, split at its DST
transitions (found with zoneinfo). Django stores an instant as UTC text
("2027-03-14 07:00:00[.ffffff]"), which SQLite compares and shifts natively:
a CASE picks the stretch's offset by comparing the text with the stretch's
first instant, and date() / strftime() apply it; a month is picked the same
way, by comparing the text with the first instant of each month. An instant outside the
period (a request answered after it ended, say) falls back to Django's own
conversion, so the result is the same for every row; only the rows inside
the period, nearly all of them, take the fast path.
"""

import datetime
import functools

from django.db.models import DateTimeField, F, Func, IntegerField, Value
from django.db.models.functions import ExtractHour, ExtractMinute, TruncDate, TruncMonth


@functools.lru_cache(maxsize=128)
def offset_stretches(zone, starts, ends):
    """The stretches of [starts, ends) over which the zone's UTC offset is
    constant: [(the stretch's first instant, in UTC; the offset)], in order.

    Walks a day at a time and narrows each change down to the second: no
    zone changes its offset twice within a day.
    """
    utc = datetime.UTC
    moment, ends = starts.astimezone(utc), ends.astimezone(utc)
    offset = moment.astimezone(zone).utcoffset()
    stretches = [(moment, offset)]
    day = datetime.timedelta(days=1)
    while moment < ends:
        step = min(moment + day, ends)
        if step.astimezone(zone).utcoffset() != offset:
            before, after = moment, step
            while after - before > datetime.timedelta(seconds=1):
                middle = before + (after - before) / 2
                middle = middle.replace(microsecond=0)
                if middle.astimezone(zone).utcoffset() == offset:
                    before = middle
                else:
                    after = middle
            offset = after.astimezone(zone).utcoffset()
            stretches.append((after, offset))
        moment = step
    return stretches


class _NativeOnSQLite:
    """Mixed into an expression of one DateTimeField whose as_sql converts
    it to self.tzinfo: on SQLite, the conversion is native for the instants
    in [self.starts, self.ends) and self.as_sql's for the others.

    native_template: SQL with {column} and {offset} (seconds east of UTC),
    each used once, in that order; or override native_sql.
    """

    native_template = None

    def _within(self, starts, ends):
        if starts.tzinfo is None or ends.tzinfo is None:
            raise ValueError("starts and ends must be aware datetimes.")
        self.starts, self.ends = starts, ends

    def as_sqlite(self, compiler, connection, **extra_context):
        source = self.get_source_expressions()[0]
        if not isinstance(source.output_field, DateTimeField):
            raise ValueError(f"{type(self).__name__} needs a DateTimeField.")
        column, column_params = compiler.compile(source)
        column_params = tuple(column_params)
        fallback, fallback_params = self.as_sql(compiler, connection)
        native, native_params = self.native_sql(column, column_params, connection)
        sql = (
            f"CASE WHEN {column} >= %s AND {column} < %s THEN {native} "
            f"ELSE {fallback} END"
        )
        params = (
            *column_params,
            _utc_text(connection, self.starts),
            *column_params,
            _utc_text(connection, self.ends),
            *native_params,
            *fallback_params,
        )
        return sql, params

    def native_sql(self, column, column_params, connection):
        """The local value of an instant in [starts, ends), as SQL."""
        stretches = offset_stretches(self.tzinfo, self.starts, self.ends)
        offset, offset_params = _pick(
            column,
            column_params,
            connection,
            [(first, _seconds(offset)) for first, offset in stretches],
        )
        # Whole seconds: SQLite rounds a time to the millisecond, so that
        # 23:59:59.9999 would read as the next day.
        native = self.native_template.format(
            column=f"substr({column}, 1, 19)", offset=offset
        )
        return native, (*column_params, *offset_params)


def _pick(column, column_params, connection, buckets):
    """SQL for the value of the bucket the instant is in, from buckets
    [(first instant, value)] in order (the first one also for any earlier
    instant): a binary search of CASEs, so a row makes a few comparisons of
    the stored text however many buckets there are."""
    if len(buckets) == 1:
        return "%s", (buckets[0][1],)
    middle = len(buckets) // 2
    before, before_params = _pick(column, column_params, connection, buckets[:middle])
    after, after_params = _pick(column, column_params, connection, buckets[middle:])
    return f"(CASE WHEN {column} < %s THEN {before} ELSE {after} END)", (
        *column_params,
        _utc_text(connection, buckets[middle][0]),
        *before_params,
        *after_params,
    )


def _utc_text(connection, moment):
    """The instant as Django stores it: UTC text, compared natively."""
    return connection.ops.adapt_datetimefield_value(moment)


def _seconds(offset):
    return int(offset.total_seconds())


class LocalDate(_NativeOnSQLite, TruncDate):
    """TruncDate(expression, tzinfo=tzinfo), native on SQLite for the
    instants in [starts, ends)."""

    # date() takes the shift as a modifier: "-18000 seconds".
    native_template = "date({column}, {offset} || ' seconds')"

    def __init__(self, expression, tzinfo, starts, ends):
        super().__init__(expression, tzinfo=tzinfo)
        self._within(starts, ends)


class LocalMonth(_NativeOnSQLite, TruncMonth):
    """TruncMonth(expression, tzinfo=tzinfo), native on SQLite for the
    instants in [starts, ends): midnight starting the local month, written
    as Django's own SQLite function writes it."""

    def __init__(self, expression, tzinfo, starts, ends):
        super().__init__(expression, tzinfo=tzinfo)
        self._within(starts, ends)

    def native_sql(self, column, column_params, connection):
        # Each month's first instant, compared with the stored text: cheaper
        # than shifting the text with strftime().
        month = self.starts.astimezone(self.tzinfo).date().replace(day=1)
        buckets = []
        first = self.starts
        while first < self.ends:
            buckets.append((first, f"{month:%Y-%m}-01 00:00:00"))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
            first = datetime.datetime.combine(month, datetime.time.min, self.tzinfo)
        return _pick(column, column_params, connection, buckets)


class LocalMinuteOfDay(_NativeOnSQLite, Func):
    """Minutes since local midnight: ExtractHour * 60 + ExtractMinute with
    tzinfo, native on SQLite for the instants in [starts, ends).

    One expression rather than an hour and a minute, so that a CASE over
    the parts of the day compares one value, computed once per reference.
    """

    output_field = IntegerField()
    # The shifted Unix time's seconds into the day, in whole minutes (SQLite's
    # %% keeps the sign of a time before 1970).
    native_template = (
        "((((CAST(strftime('%%s', {column}) AS INTEGER) + {offset}) %% 86400) "
        "+ 86400) %% 86400) / 60"
    )

    def __init__(self, expression, tzinfo, starts, ends):
        super().__init__(expression)
        self.tzinfo = tzinfo
        self._within(starts, ends)

    def as_sql(self, compiler, connection, **extra_context):
        source = self.get_source_expressions()[0]
        hour, hour_params = compiler.compile(ExtractHour(source, tzinfo=self.tzinfo))
        minute, minute_params = compiler.compile(
            ExtractMinute(source, tzinfo=self.tzinfo)
        )
        return f"({hour} * 60 + {minute})", (*hour_params, *minute_params)

    def native_sql(self, column, column_params, connection):
        stretches = offset_stretches(self.tzinfo, self.starts, self.ends)
        if any(offset % datetime.timedelta(minutes=1) for _first, offset in stretches):
            return super().native_sql(column, column_params, connection)
        # Offsets in whole minutes (every zone's, these days): the stored
        # text's hours and minutes, shifted, with no date to parse; three
        # times cheaper than strftime('%s').
        offset, offset_params = _pick(
            column,
            column_params,
            connection,
            [(first, _seconds(offset) // 60) for first, offset in stretches],
        )
        sql = (
            f"((substr({column}, 12, 2) * 60 + substr({column}, 15, 2) + 1440 "
            f"+ {offset}) %% 1440)"
        )
        return sql, (*column_params, *column_params, *offset_params)


class PlusDays(Func):
    """A DateTimeField plus whole days, as `F(field) + timedelta(days=n)`.

    Django's SQLite backend adds a duration with a Python function per row
    (django_format_dtdelta). Whole days added to a UTC instant keep its time
    of day, so on SQLite only the date part of the stored text moves, and the
    time, microseconds included, stays as it was: the same text, natively.
    """

    output_field = DateTimeField()

    def __init__(self, expression, days):
        self.days = days
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression + Value(datetime.timedelta(days=days)))

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.get_source_expressions()[0].lhs)
        sql = f"(date(substr({column}, 1, 10), %s) || substr({column}, 11))"
        return sql, (*params, f"{self.days:+d} days", *params)
