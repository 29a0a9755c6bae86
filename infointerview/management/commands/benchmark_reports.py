"""Time the career centre's reports over a large generated campus.

    python manage.py benchmark_reports --interviews 1000000

Students, contacts (with chains of referrals), requests, interviews,
thank-you notes and touchpoints are inserted in batches (FastInsert)
inside one transaction that is rolled back at the end: the command leaves nothing
behind, and may be run against any database.
"""

import datetime
import statistics
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import DateField, DateTimeField
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Province, User
from contacts.models import Channel, Contact, LeadSource
from followups.models import ThankYouNote, Touchpoint
from infointerview import reports
from interviews.models import Interview, InterviewRequest

INTERVIEWS_PER_STUDENT = 20
BATCH = 5000
STUDENTS_PER_CHUNK = 2500
# The history spread over the two years before today.
DAYS_BACK = 730
PROGRAMS = ["Arts Management", "Computer Science", "Nursing", "History", "Commerce"]
PROVINCES = [Province.ON, Province.ON, Province.ON, Province.QC, Province.BC]
SOURCES = [
    LeadSource.CAREER_CENTRE,
    LeadSource.ALUMNI_OFFICE,
    LeadSource.PARENT,
    LeadSource.PROFESSOR,
    LeadSource.FRIEND,
    LeadSource.ORGANIZATION,
    LeadSource.OTHER,
]
CHANNELS = list(Channel.values)
FORMATS = list(Interview.Format.values)
TOUCHPOINT_KINDS = list(Touchpoint.Kind.values)


class FastInsert:
    """Rows of one model, inserted with executemany in batches.

    Django's bulk_create spends most of a million rows preparing each value
    through its field, one by one. Here a row is a tuple of the columns that
    vary, primary key first; the other columns are prepared once, from a
    new instance's defaults (a unique default, such as a uid, once a row).
    Primary keys are reserved in advance, so rows that point at these ones
    need no RETURNING.
    """

    def __init__(self, model, varying):
        self.model = model
        fields = {field.attname: field for field in model._meta.concrete_fields}
        names = ["id", *varying]
        self.varying = [_adapter(fields[name]) for name in names]
        others = [field for name, field in fields.items() if name not in names]
        self.per_row = [f for f in others if f.unique and f.has_default()]
        new = model()
        self.fixed = tuple(
            field.get_db_prep_save(field.pre_save(new, add=True), connection)
            for field in others
            if field not in self.per_row
        )
        columns = [fields[name] for name in names] + self.per_row
        columns += [field for field in others if field not in self.per_row]
        quote = connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(field.column) for field in columns),
            ", ".join(["%s"] * len(columns)),
        )

    def reserve_ids(self, n):
        """n primary keys no row has: from the sequence on PostgreSQL; after
        the largest on SQLite, whose write lock this transaction holds."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                    "FROM generate_series(1, %s)",
                    [table, n],
                )
                return [pk for (pk,) in cursor.fetchall()]
            cursor.execute(
                f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}"
            )
            after = cursor.fetchone()[0]
        return range(after + 1, after + 1 + n)

    def insert(self, rows):
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    (
                        *(
                            adapt(value)
                            for adapt, value in zip(self.varying, row, strict=True)
                        ),
                        *(
                            field.get_db_prep_save(field.get_default(), connection)
                            for field in self.per_row
                        ),
                        *self.fixed,
                    )
                )
                if len(batch) == BATCH:
                    cursor.executemany(self.sql, batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)


def _adapter(field):
    """How a value of the field goes to the database: dates and times as the
    backend stores them, the rest as they are."""
    if isinstance(field, DateTimeField):
        return lambda value: connection.ops.adapt_datetimefield_value(value)
    if isinstance(field, DateField):
        return lambda value: connection.ops.adapt_datefield_value(value)
    return lambda value: value


class Rollback(Exception):
    """Raised at the end of the run, to roll back everything it made."""


class Command(BaseCommand):
    help = "Time the reports' queries over generated data, then roll it back."

    def add_arguments(self, parser):
        parser.add_argument("--interviews", type=int, default=1_000_000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, interviews, runs, **options):
        if interviews < 1:
            raise CommandError("--interviews must be at least 1.")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            with transaction.atomic():
                started = time.perf_counter()
                made = self.generate(interviews)
                self.stdout.write(
                    f"Generated {made} in {time.perf_counter() - started:.1f} s "
                    f"({connection.vendor})."
                )
                self.analyze()
                self.time_reports(runs)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing left behind.")

    # -- The campus ---------------------------------------------------------

    def generate(self, interviews):
        """Made a chunk of students at a time, so memory stays flat."""
        tag = uuid.uuid4().hex[:8]
        student_count = -(-interviews // INTERVIEWS_PER_STUDENT)
        made = dict.fromkeys(
            ["students", "contacts", "requests", "interviews", "notes", "touchpoints"],
            0,
        )
        tables = {
            "students": FastInsert(
                User, ["email", "password", "program", "graduation_year", "province"]
            ),
            "contacts": FastInsert(
                Contact,
                [
                    "owner_id",
                    "first_name",
                    "last_name",
                    "lead_source",
                    "referred_by_id",
                    "stage",
                    "stage_changed_at",
                    "created_at",
                ],
            ),
            "requests": FastInsert(
                InterviewRequest,
                [
                    "owner_id",
                    "contact_id",
                    "channel",
                    "status",
                    "sent_at",
                    "answered_at",
                ],
            ),
            "interviews": FastInsert(
                Interview,
                [
                    "owner_id",
                    "contact_id",
                    "request_id",
                    "starts_at",
                    "format",
                    "status",
                    "completed_at",
                ],
            ),
            "notes": FastInsert(
                ThankYouNote,
                ["interview_id", "due_at", "sent_at", "status", "sent_via"],
            ),
            "touchpoints": FastInsert(
                Touchpoint, ["owner_id", "contact_id", "kind", "happened_on"]
            ),
        }
        first = 0
        while first < student_count:
            last = min(first + STUDENTS_PER_CHUNK, student_count)
            left = interviews - first * INTERVIEWS_PER_STUDENT
            for key, n in self.generate_chunk(tables, tag, first, last, left).items():
                made[key] += n
            first = last
            # With DEBUG on, Django keeps each query's text: let it go.
            reset_queries()
        return ", ".join(f"{n} {key}" for key, n in made.items())

    def generate_chunk(self, tables, tag, first, last, left):
        """Rows as tuples of their varying columns, primary key first."""
        now = timezone.now()
        student_ids = tables["students"].reserve_ids(last - first)
        tables["students"].insert(
            (
                pk,
                f"bench-{tag}-{n}@example.invalid",
                "!",
                PROGRAMS[n % len(PROGRAMS)],
                2024 + n % 5,
                PROVINCES[n % len(PROVINCES)],
            )
            for pk, n in zip(student_ids, range(first, last), strict=True)
        )
        # Contact j of each student, layer by layer (the order bulk_create
        # used to number them in), so that a referral can point at the
        # student's contact j - 1 (chains up to 3 deep).
        count = min(len(student_ids) * INTERVIEWS_PER_STUDENT, left)
        contact_ids = iter(tables["contacts"].reserve_ids(count))
        per_student = [[] for _student in student_ids]
        layers = []
        for k in range(count):
            j, s = divmod(k, len(student_ids))
            n = first * INTERVIEWS_PER_STUDENT + k
            referral = j % 10 >= 7
            changed = now - datetime.timedelta(days=n * 7919 % DAYS_BACK, hours=n % 13)
            contact = (next(contact_ids), student_ids[s], changed)
            per_student[s].append(contact)
            layers.append(
                (
                    contact[0],
                    student_ids[s],
                    "Bench",
                    str(n),
                    LeadSource.REFERRAL if referral else SOURCES[n % 7],
                    per_student[s][j - 1][0] if referral else None,
                    Contact.Stage.INTERVIEWED,
                    changed,
                    # created_at: spread over the years, as stage_changed_at.
                    changed,
                )
            )
        tables["contacts"].insert(layers)
        contacts = [contact for per in per_student for contact in per]
        requests = [
            self.request_for(pk, contact, contact[0])
            for pk, contact in zip(
                tables["requests"].reserve_ids(len(contacts)), contacts, strict=True
            )
        ]
        tables["requests"].insert(requests)
        held = [
            self.interview_for(pk, request, request[0])
            for pk, request in zip(
                tables["interviews"].reserve_ids(len(requests)), requests, strict=True
            )
        ]
        tables["interviews"].insert(held)
        completed = [row for row in held if row[6] == Interview.Status.COMPLETED]
        notes = [
            self.note_for(pk, interview, interview[0])
            for pk, interview in zip(
                tables["notes"].reserve_ids(len(completed)), completed, strict=True
            )
        ]
        tables["notes"].insert(notes)
        touched = contacts[::4]
        tables["touchpoints"].insert(
            (
                pk,
                owner_id,
                contact_id,
                TOUCHPOINT_KINDS[contact_id % len(TOUCHPOINT_KINDS)],
                timezone.localdate(changed) + datetime.timedelta(days=30),
            )
            for pk, (contact_id, owner_id, changed) in zip(
                tables["touchpoints"].reserve_ids(len(touched)), touched, strict=True
            )
        )
        return {
            "students": len(student_ids),
            "contacts": len(contacts),
            "requests": len(requests),
            "interviews": len(held),
            "notes": len(notes),
            "touchpoints": len(touched),
        }

    @staticmethod
    def request_for(pk, contact, n):
        contact_id, owner_id, changed = contact
        sent = changed + datetime.timedelta(days=1, hours=n % 9)
        status = (
            InterviewRequest.Status.ACCEPTED
            if n % 10 < 7
            else InterviewRequest.Status.DECLINED
            if n % 10 == 7
            else InterviewRequest.Status.NO_REPLY
        )
        answered = (
            sent + datetime.timedelta(days=n % 11, hours=n % 5)
            if status in InterviewRequest.ANSWERED
            else None
        )
        return (
            pk,
            owner_id,
            contact_id,
            CHANNELS[n % len(CHANNELS)],
            status,
            sent,
            answered,
        )

    @staticmethod
    def interview_for(pk, request, n):
        request_id, owner_id, contact_id, _channel, _status, sent, _answered = request
        starts = sent + datetime.timedelta(days=14, hours=n % 11 - 3)
        completed = n % 10 < 8
        return (
            pk,
            owner_id,
            contact_id,
            request_id,
            starts,
            FORMATS[n % len(FORMATS)],
            Interview.Status.COMPLETED if completed else Interview.Status.NO_SHOW,
            starts + datetime.timedelta(minutes=30) if completed else None,
        )

    @staticmethod
    def note_for(pk, interview, n):
        due = interview[4] + datetime.timedelta(days=1)
        late = [None, 0, 0, 0, 1, 3, 10][n % 7]
        sent = None if late is None else due + datetime.timedelta(days=late, hours=-2)
        return (
            pk,
            interview[0],
            due,
            sent,
            ThankYouNote.Status.SENT if sent else ThankYouNote.Status.DRAFT,
            ThankYouNote.SentVia.EMAIL if sent else "",
        )

    def analyze(self):
        # Fresh statistics, as a production database keeps them, so the
        # planner sees the generated rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # -- The timings --------------------------------------------------------

    def time_reports(self, runs):
        today = timezone.localdate()
        cases = [
            ("this term", reports.Report(reports.this_term())),
            ("this academic year", reports.Report(reports.this_academic_year())),
            (
                "two years",
                reports.Report(
                    reports.date_range(
                        today - datetime.timedelta(days=DAYS_BACK), today
                    )
                ),
            ),
            (
                "two years, Nursing, by email",
                reports.Report(
                    reports.date_range(
                        today - datetime.timedelta(days=DAYS_BACK), today
                    ),
                    program="nursing",
                    channel=Channel.EMAIL,
                ),
            ),
        ]
        for label, report in cases:
            self.stdout.write(f"\n== {label}: {report.period.label}")
            seconds = {name: [] for name in report.TABLES}
            totals = []
            queries = 0
            for _run in range(runs):
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    run_started = time.perf_counter()
                    tables = {}
                    for name in report.TABLES:
                        started = time.perf_counter()
                        tables[name] = report.table(name)
                        seconds[name].append(time.perf_counter() - started)
                    totals.append(time.perf_counter() - run_started)
                queries = len(captured.captured_queries)
            for name in report.TABLES:
                self.stdout.write(
                    f"  {name:<14} min {min(seconds[name]) * 1000:8.1f} ms  "
                    f"median {statistics.median(seconds[name]) * 1000:8.1f} ms"
                )
            self.stdout.write(
                f"  {'whole report':<14} min {min(totals) * 1000:8.1f} ms  "
                f"median {statistics.median(totals) * 1000:8.1f} ms  "
                f"({queries} queries)"
            )
            for table in tables.values():
                self.print_table(table)

    def print_table(self, table):
        self.stdout.write(f"  -- {table.title}")
        rows = list(table.csv_rows())
        for row in rows[1:] if len(rows) <= 14 else rows[1:4] + [["…"]] + rows[-3:]:
            self.stdout.write("     " + " | ".join(str(cell) for cell in row))
