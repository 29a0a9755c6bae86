"""The career centre's reports: what students achieve, as counts, rates and
medians over a period, never as anyone's words or names.

Every count is taken in the database together with the number of distinct
students (owners) it rests on, so that a cell resting on fewer than
settings.REPORTS_MIN_STUDENTS students can be hidden (see Figure). Each table
is one GROUP BY query, whatever the number of rows: the page runs a fixed
number of queries.
"""

import dataclasses
import datetime
import zoneinfo

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin_privacy import fewer_than, too_few_students
from accounts.models import User
from contacts.models import Channel, Contact, LeadSource
from followups.models import ThankYouNote, Touchpoint
from infointerview.report_sql import LocalDate, LocalMinuteOfDay, LocalMonth, PlusDays
from interviews.business_days import business_days_between
from interviews.models import Interview, InterviewRequest

MAX_RANGE_YEARS = 10


def centre_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# -- Periods ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    """Whole days from `first` to `last`, both included, in the centre's zone."""

    first: datetime.date
    last: datetime.date
    label: str

    @property
    def starts(self):
        return datetime.datetime.combine(self.first, datetime.time.min, centre_zone())

    @property
    def ends(self):
        """The first instant after the period (exclusive)."""
        day_after = self.last + datetime.timedelta(days=1)
        return datetime.datetime.combine(day_after, datetime.time.min, centre_zone())

    def months(self):
        """The first day of each month the period touches, in order."""
        month = self.first.replace(day=1)
        while month <= self.last:
            yield month
            month = (month + datetime.timedelta(days=32)).replace(day=1)


# A term's first and last month: Fall, Winter, Summer.
TERMS = (
    (9, 12, gettext_lazy("Fall %(year)s")),
    (1, 4, gettext_lazy("Winter %(year)s")),
    (5, 8, gettext_lazy("Summer %(year)s")),
)


def _month_end(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def term_of(day):
    """The term the day falls in: Fall (Sep–Dec), Winter (Jan–Apr), Summer (May–Aug)."""
    for first_month, last_month, label in TERMS:
        if first_month <= day.month <= last_month:
            return Period(
                datetime.date(day.year, first_month, 1),
                _month_end(day.year, last_month),
                label % {"year": day.year},
            )
    raise AssertionError("every month is in a term")


def academic_year_of(day):
    """1 September to 31 August, the one the day falls in."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return Period(
        datetime.date(start_year, 9, 1),
        datetime.date(start_year + 1, 8, 31),
        _("Academic year %(first)s–%(last)s")
        % {"first": start_year, "last": start_year + 1},
    )


def date_range(first, last):
    return Period(
        first,
        last,
        _("%(first)s to %(last)s")
        % {
            "first": formats.date_format(first, "DATE_FORMAT"),
            "last": formats.date_format(last, "DATE_FORMAT"),
        },
    )


def this_term():
    return term_of(timezone.localdate(timezone=centre_zone()))


def this_academic_year():
    return academic_year_of(timezone.localdate(timezone=centre_zone()))


def too_long(first, last):
    """Whether a range spans more than MAX_RANGE_YEARS years."""
    try:
        limit = first.replace(year=first.year + MAX_RANGE_YEARS)
    except ValueError:  # 29 February
        limit = first.replace(year=first.year + MAX_RANGE_YEARS, day=28)
    return last >= limit


# -- Figures ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Figure:
    """A count, share or median, with how many distinct students it rests on.

    Shown only when it rests on at least REPORTS_MIN_STUDENTS students, so
    that no figure points at one student: otherwise it reads "fewer than 5".
    """

    COUNT = "count"
    SHARE = "share"
    DAYS = "days"

    value: float | int | None
    students: int
    kind: str = COUNT

    @property
    def hidden(self):
        return self.value is None or too_few_students(self.students)

    @property
    def shown_value(self):
        """The value, or None when hidden: what a chart may draw."""
        return None if self.hidden else self.value

    def __str__(self):
        if self.hidden:
            return fewer_than()
        if self.kind == self.SHARE:
            return f"{round(self.value * 100)}%"
        if self.kind == self.DAYS:
            return formats.number_format(self.value, decimal_pos=1)
        return str(self.value)


def share(part, whole, part_students, whole_students):
    """part / whole, hidden when either side rests on too few students: a
    share of a large group that only two students make up still points at them."""
    if not whole:
        return Figure(None, 0, Figure.SHARE)
    return Figure(part / whole, min(part_students, whole_students), Figure.SHARE)


def weighted_median(counts):
    """The median of values given as {value: how many times}; None if empty."""
    total = sum(counts.values())
    if not total:
        return None
    middle = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(middle) < 2 and seen > (total - 1) // 2 + len(middle):
            middle.append(value)
    if total % 2:
        return middle[0]
    return (middle[0] + middle[1]) / 2


@dataclasses.dataclass
class Row:
    label: str
    figures: list


@dataclasses.dataclass
class Table:
    """One figure of the report: a table, drawn as a chart of its first
    `charted` columns, and downloadable as CSV under its name."""

    name: str
    title: str
    row_heading: str
    columns: list
    rows: list
    charted: int = 1
    note: str = ""

    def csv_rows(self):
        yield [self.row_heading, *self.columns]
        for row in self.rows:
            yield [row.label, *(str(figure) for figure in row.figures)]


# -- The report ----------------------------------------------------------------

PART_OF_DAY_STARTS = (
    # (the part, the local hour and minute it ends at): the boundaries of
    # Interview.part_of_day, written once more as SQL. A test holds the two
    # together.
    (Interview.PartOfDay.BEFORE_WORK, (9, 0)),
    (Interview.PartOfDay.MORNING, (11, 30)),
    (Interview.PartOfDay.LUNCH, (14, 0)),
    (Interview.PartOfDay.AFTERNOON, (16, 0)),
)

# How late a thank-you was sent after its due time (24 hours after the
# interview), as buckets; the first one is "on time".
ON_TIME = "on_time"
LATE_2_DAYS = "late_2_days"
LATE_WEEK = "late_week"
LATER = "later"
NOT_SENT = "not_sent"
THANK_YOU_BUCKETS = (
    (ON_TIME, gettext_lazy("Within 24 hours")),
    (LATE_2_DAYS, gettext_lazy("Up to 2 days late")),
    (LATE_WEEK, gettext_lazy("Up to a week late")),
    (LATER, gettext_lazy("More than a week late")),
    (NOT_SENT, gettext_lazy("Not sent yet")),
)

# How many referrals deep a chain goes before it reads "5 or more".
MAX_DEPTH = 5


def _count_rows(queryset, key):
    """{key value: (count, distinct students)} in one GROUP BY query."""
    rows = (
        queryset.order_by()
        .values(key)
        .annotate(n=Count("pk"), students=Count("owner", distinct=True))
        .values_list(key, "n", "students")
    )
    return {value: (n, students) for value, n, students in rows}


class Report:
    """The figures for one period and one set of filters.

    Filters: program, graduation_year, province (of the students),
    lead_source, directory_entry (of the contacts) and channel (of the
    requests). Leads and touchpoints have no channel: with a channel chosen,
    they count only contacts who were sent a request by it.
    """

    def __init__(
        self,
        period,
        program="",
        graduation_year=None,
        province="",
        lead_source="",
        channel="",
        directory_entry=None,
    ):
        self.period = period
        self.program = program
        self.graduation_year = graduation_year
        self.province = province
        self.lead_source = lead_source
        self.channel = channel
        self.directory_entry = directory_entry
        self.zone = centre_zone()

    # -- Scope: which rows count ------------------------------------------

    def _students(self, prefix=""):
        q = Q(**{f"{prefix}is_staff": False})
        if self.program:
            q &= Q(**{f"{prefix}program__iexact": self.program})
        if self.graduation_year:
            q &= Q(**{f"{prefix}graduation_year": self.graduation_year})
        if self.province:
            q &= Q(**{f"{prefix}province": self.province})
        return q

    def _contacts(self, prefix=""):
        q = Q()
        if self.lead_source:
            q &= Q(**{f"{prefix}lead_source": self.lead_source})
        if self.directory_entry:
            q &= Q(**{f"{prefix}directory_entry": self.directory_entry})
        return q

    def _scoped(self, model, owner, contact, channel=None):
        """Rows of a model in scope; `owner`, `contact` and `channel` are the
        lookups from the model to the student, the contact and the channel."""
        q = self._students(f"{owner}__") & self._contacts(f"{contact}__")
        rows = model.objects.filter(q)
        if self.channel:
            if channel:
                rows = rows.filter(**{channel: self.channel})
            else:
                requested = InterviewRequest.objects.filter(
                    contact=OuterRef(contact), channel=self.channel
                )
                rows = rows.filter(Exists(requested))
        return rows

    def _contacts_in_scope(self):
        rows = Contact.objects.filter(self._students("owner__") & self._contacts())
        if self.channel:
            requested = InterviewRequest.objects.filter(
                contact=OuterRef("pk"), channel=self.channel
            )
            rows = rows.filter(Exists(requested))
        return rows

    def _leads(self):
        return self._contacts_in_scope().filter(
            created_at__gte=self.period.starts, created_at__lt=self.period.ends
        )

    def _requests(self):
        return self._scoped(InterviewRequest, "owner", "contact", "channel").filter(
            sent_at__gte=self.period.starts, sent_at__lt=self.period.ends
        )

    def _held(self):
        return self._scoped(Interview, "owner", "contact", "request__channel").filter(
            status=Interview.Status.COMPLETED,
            starts_at__gte=self.period.starts,
            starts_at__lt=self.period.ends,
        )

    def _thanks_sent(self):
        return self._scoped(
            ThankYouNote,
            "interview__owner",
            "interview__contact",
            "interview__request__channel",
        ).filter(sent_at__gte=self.period.starts, sent_at__lt=self.period.ends)

    def _touchpoints(self):
        return self._scoped(Touchpoint, "owner", "contact").filter(
            happened_on__gte=self.period.first, happened_on__lte=self.period.last
        )

    def _local(self, function, field):
        """The field's local day, month or minute of the day, in the centre's
        zone: native on SQLite for the instants in the period (report_sql)."""
        return function(field, self.zone, self.period.starts, self.period.ends)

    # -- The tables ---------------------------------------------------------

    def active_students(self):
        """Students who did anything in the period, in one query."""
        did = (
            Q(Exists(self._leads().filter(owner=OuterRef("pk"))))
            | Q(Exists(self._requests().filter(owner=OuterRef("pk"))))
            | Q(Exists(self._held().filter(owner=OuterRef("pk"))))
            | Q(Exists(self._thanks_sent().filter(interview__owner=OuterRef("pk"))))
            | Q(Exists(self._touchpoints().filter(owner=OuterRef("pk"))))
        )
        n = User.objects.filter(self._students()).filter(did).count()
        return Table(
            "active",
            _("Students active in the period"),
            _("Students"),
            [_("Count")],
            [
                Row(
                    _(
                        "Added a contact, sent a request, held an interview, sent a "
                        "thank-you or logged a touchpoint"
                    ),
                    [Figure(n, n)],
                )
            ],
        )

    def leads_by_source(self):
        counts = _count_rows(self._leads(), "lead_source")
        return Table(
            "leads",
            _("Leads added, by how they were found"),
            _("Lead source"),
            [_("Leads added"), _("Students")],
            [
                Row(label, _count_and_students(counts.get(value)))
                for value, label in LeadSource.choices
            ],
        )

    def requests_by_channel(self):
        answered = Q(status__in=InterviewRequest.ANSWERED, answered_at__isnull=False)
        rows = (
            self._requests()
            .order_by()
            .values("channel")
            .annotate(
                n=Count("pk"),
                students=Count("owner", distinct=True),
                answered=Count("pk", filter=answered),
                answered_students=Count("owner", distinct=True, filter=answered),
            )
        )
        by_channel = {row["channel"]: row for row in rows}
        medians = self._median_days_to_answer()
        table_rows = []
        for value, label in Channel.choices:
            row = by_channel.get(value, {})
            n, students = row.get("n", 0), row.get("students", 0)
            answered_n = row.get("answered", 0)
            answered_students = row.get("answered_students", 0)
            table_rows.append(
                Row(
                    label,
                    [
                        Figure(n, students),
                        Figure(answered_n, answered_students),
                        share(answered_n, n, answered_students, students),
                        Figure(medians.get(value), answered_students, Figure.DAYS),
                    ],
                )
            )
        return Table(
            "requests",
            _("Requests sent, answered, and how fast, by channel"),
            _("Channel"),
            [
                _("Requests sent"),
                _("Answered"),
                _("Answer rate"),
                _("Median business days to an answer"),
            ],
            table_rows,
            note=_(
                "Answered: accepted or declined. Business days leave out weekends "
                "and the statutory holidays of each student's province."
            ),
        )

    def _median_days_to_answer(self):
        """{channel: median business days from sending to the answer}.

        Grouped by channel, province and the two local days, so the rows read
        are bounded by the number of days, not of requests.
        """
        groups = (
            self._requests()
            .filter(status__in=InterviewRequest.ANSWERED, answered_at__isnull=False)
            .annotate(
                sent_day=self._local(LocalDate, "sent_at"),
                answered_day=self._local(LocalDate, "answered_at"),
            )
            .order_by()
            .values("channel", "owner__province", "sent_day", "answered_day")
            .annotate(n=Count("pk"))
            .values_list("channel", "owner__province", "sent_day", "answered_day", "n")
        )
        days = {}
        for channel, province, sent, answered, n in groups:
            waited = business_days_between(sent, answered, province)
            per_channel = days.setdefault(channel, {})
            per_channel[waited] = per_channel.get(waited, 0) + n
        return {channel: weighted_median(counts) for channel, counts in days.items()}

    def interviews_by_format(self):
        counts = _count_rows(self._held(), "format")
        return Table(
            "formats",
            _("Interviews held, by format"),
            _("Format"),
            [_("Interviews held"), _("Students")],
            [
                Row(label, _count_and_students(counts.get(value)))
                for value, label in Interview.Format.choices
            ],
        )

    def interviews_by_part_of_day(self):
        whens = [
            When(minute_of_day__lt=h * 60 + m, then=Value(part))
            for part, (h, m) in PART_OF_DAY_STARTS
        ]
        held = self._held().annotate(
            minute_of_day=self._local(LocalMinuteOfDay, "starts_at"),
            part=Case(
                *whens,
                default=Value(Interview.PartOfDay.END_OF_DAY),
                output_field=CharField(),
            ),
        )
        counts = _count_rows(held, "part")
        return Table(
            "parts_of_day",
            _("Interviews held, by part of the day"),
            _("Part of the day"),
            [_("Interviews held"), _("Students")],
            [
                Row(label, _count_and_students(counts.get(value)))
                for value, label in Interview.PartOfDay.choices
            ],
            note=_("Times of day in the career centre's time zone (%(zone)s).")
            % {"zone": settings.TIME_ZONE},
        )

    def thank_you_timeliness(self):
        due = F("thank_you_note__due_at")
        held = self._held().annotate(
            bucket=Case(
                When(thank_you_note__sent_at__isnull=True, then=Value(NOT_SENT)),
                When(thank_you_note__sent_at__lte=due, then=Value(ON_TIME)),
                When(
                    thank_you_note__sent_at__lte=PlusDays(due, 2),
                    then=Value(LATE_2_DAYS),
                ),
                When(
                    thank_you_note__sent_at__lte=PlusDays(due, 7),
                    then=Value(LATE_WEEK),
                ),
                default=Value(LATER),
                output_field=CharField(),
            ),
        )
        rows = (
            held.order_by()
            .values("bucket")
            .annotate(n=Count("pk"), students=Count("owner", distinct=True))
            .values_list("bucket", "n", "students")
        )
        counts = {bucket: (n, students) for bucket, n, students in rows}
        held_n = sum(n for n, _students in counts.values())
        table_rows = []
        for value, label in THANK_YOU_BUCKETS:
            n, students = counts.get(value, (0, 0))
            # A share of all the interviews held: it points at no fewer
            # students than the bucket's own count does.
            table_rows.append(
                Row(label, [Figure(n, students), share(n, held_n, students, students)])
            )
        return Table(
            "thank_yous",
            _("Thank-you notes for the interviews held in the period"),
            _("Sent"),
            [_("Interviews"), _("Share of interviews held")],
            table_rows,
            note=_("A thank-you note is due within 24 hours of the interview."),
        )

    def referral_depth(self):
        """New leads from referrals, by how long the chain of referrals behind
        them is: 1 when the referrer was not a referral themselves."""
        whens = [
            When(
                **{"__".join(["referred_by"] * depth) + "__isnull": False},
                then=Value(depth),
            )
            for depth in range(MAX_DEPTH, 1, -1)
        ]
        referrals = self._leads().filter(lead_source=LeadSource.REFERRAL)
        referrals = referrals.annotate(
            depth=Case(*whens, default=Value(1), output_field=IntegerField())
        )
        counts = _count_rows(referrals, "depth")
        labels = [str(depth) for depth in range(1, MAX_DEPTH)]
        labels.append(_("%(depth)s or more") % {"depth": MAX_DEPTH})
        return Table(
            "referrals",
            _("New leads from referrals, by the depth of the chain"),
            _("Depth"),
            [_("New leads"), _("Students")],
            [
                Row(label, _count_and_students(counts.get(depth)))
                for depth, label in enumerate(labels, start=1)
            ],
            note=_(
                "Depth 1: referred by someone who was not a referral; 2: by a "
                "referral of a referral; and so on."
            ),
        )

    def touchpoints_by_kind(self):
        counts = _count_rows(self._touchpoints(), "kind")
        return Table(
            "touchpoints",
            _("Touchpoints with the network, by kind"),
            _("Kind"),
            [_("Touchpoints"), _("Students")],
            [
                Row(label, _count_and_students(counts.get(value)))
                for value, label in Touchpoint.Kind.choices
            ],
        )

    def trend(self):
        """Month by month: leads added, requests sent, interviews held,
        thank-yous sent; one query for each."""
        series = (
            (self._leads(), "created_at", "owner"),
            (self._requests(), "sent_at", "owner"),
            (self._held(), "starts_at", "owner"),
            (self._thanks_sent(), "sent_at", "interview__owner"),
        )
        by_series = []
        for rows, field, owner in series:
            monthly = (
                rows.annotate(month=self._local(LocalMonth, field))
                .order_by()
                .values("month")
                .annotate(n=Count("pk"), students=Count(owner, distinct=True))
                .values_list("month", "n", "students")
            )
            by_series.append(
                {_as_date(month): (n, students) for month, n, students in monthly}
            )
        table_rows = [
            Row(
                formats.date_format(month, "YEAR_MONTH_FORMAT"),
                [Figure(*counts.get(month, (0, 0))) for counts in by_series],
            )
            for month in self.period.months()
        ]
        return Table(
            "trend",
            _("Month by month"),
            _("Month"),
            [
                _("Leads added"),
                _("Requests sent"),
                _("Interviews held"),
                _("Thank-yous sent"),
            ],
            table_rows,
            charted=4,
        )

    TABLES = {
        "active": "active_students",
        "leads": "leads_by_source",
        "requests": "requests_by_channel",
        "formats": "interviews_by_format",
        "parts_of_day": "interviews_by_part_of_day",
        "thank_yous": "thank_you_timeliness",
        "referrals": "referral_depth",
        "touchpoints": "touchpoints_by_kind",
        "trend": "trend",
    }

    def tables(self):
        return [getattr(self, method)() for method in self.TABLES.values()]

    def table(self, name):
        """The table of this name (a key of TABLES), computing only that one."""
        return getattr(self, self.TABLES[name])()


def _count_and_students(pair):
    n, students = pair or (0, 0)
    return [Figure(n, students), Figure(students, students)]


def _as_date(value):
    """TruncMonth gives a datetime on PostgreSQL and SQLite alike with a
    DateTimeField; the month's first day is what the trend is keyed by."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return value
