"""Time the career centre's reports over a large generated campus.

    python manage.py benchmark_reports --interviews 1000000

Students, contacts (with chains of referrals), requests, interviews,
thank-you notes and touchpoints are made with bulk_create inside one
transaction that is rolled back at the end: the command leaves nothing
behind, and may be run against any database.
"""

import datetime
import statistics
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import F
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
        first = 0
        while first < student_count:
            last = min(first + STUDENTS_PER_CHUNK, student_count)
            left = interviews - first * INTERVIEWS_PER_STUDENT
            for key, n in self.generate_chunk(tag, first, last, left).items():
                made[key] += n
            first = last
            # With DEBUG on, Django keeps each query's text: let it go.
            reset_queries()
        # auto_now_add set every created_at to now: spread them over the years.
        Contact.objects.filter(owner__email__startswith=f"bench-{tag}-").update(
            created_at=F("stage_changed_at")
        )
        return ", ".join(f"{n} {key}" for key, n in made.items())

    def generate_chunk(self, tag, first, last, left):
        now = timezone.now()
        students = User.objects.bulk_create(
            User(
                email=f"bench-{tag}-{n}@example.invalid",
                password="!",
                program=PROGRAMS[n % len(PROGRAMS)],
                graduation_year=2024 + n % 5,
                province=PROVINCES[n % len(PROVINCES)],
            )
            for n in range(first, last)
        )
        # Contact j of each student, layer by layer, so that a referral can
        # point at the student's contact j - 1 (chains up to 3 deep).
        per_student = [[] for _student in students]
        count = 0
        for j in range(INTERVIEWS_PER_STUDENT):
            layer = []
            for s, student in enumerate(students):
                if count + len(layer) >= left:
                    break
                n = first * INTERVIEWS_PER_STUDENT + count + len(layer)
                referral = j % 10 >= 7
                layer.append(
                    Contact(
                        owner=student,
                        first_name="Bench",
                        last_name=str(n),
                        lead_source=LeadSource.REFERRAL if referral else SOURCES[n % 7],
                        referred_by=per_student[s][j - 1] if referral else None,
                        stage=Contact.Stage.INTERVIEWED,
                        stage_changed_at=now
                        - datetime.timedelta(days=n * 7919 % DAYS_BACK, hours=n % 13),
                    )
                )
            for s, contact in enumerate(Contact.objects.bulk_create(layer, BATCH)):
                per_student[s].append(contact)
            count += len(layer)
        contacts = [contact for per in per_student for contact in per]
        requests = InterviewRequest.objects.bulk_create(
            (self.request_for(contact, contact.pk) for contact in contacts), BATCH
        )
        held = Interview.objects.bulk_create(
            (self.interview_for(request, request.pk) for request in requests), BATCH
        )
        notes = ThankYouNote.objects.bulk_create(
            (
                self.note_for(interview, interview.pk)
                for interview in held
                if interview.status == Interview.Status.COMPLETED
            ),
            BATCH,
        )
        touchpoints = Touchpoint.objects.bulk_create(
            (
                Touchpoint(
                    owner_id=contact.owner_id,
                    contact=contact,
                    kind=TOUCHPOINT_KINDS[contact.pk % len(TOUCHPOINT_KINDS)],
                    happened_on=timezone.localdate(contact.stage_changed_at)
                    + datetime.timedelta(days=30),
                )
                for contact in contacts[::4]
            ),
            BATCH,
        )
        return {
            "students": len(students),
            "contacts": len(contacts),
            "requests": len(requests),
            "interviews": len(held),
            "notes": len(notes),
            "touchpoints": len(touchpoints),
        }

    @staticmethod
    def request_for(contact, n):
        sent = contact.stage_changed_at + datetime.timedelta(days=1, hours=n % 9)
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
        return InterviewRequest(
            owner_id=contact.owner_id,
            contact=contact,
            channel=CHANNELS[n % len(CHANNELS)],
            status=status,
            sent_at=sent,
            answered_at=answered,
        )

    @staticmethod
    def interview_for(request, n):
        starts = request.sent_at + datetime.timedelta(days=14, hours=n % 11 - 3)
        completed = n % 10 < 8
        return Interview(
            owner_id=request.owner_id,
            contact_id=request.contact_id,
            request=request,
            starts_at=starts,
            format=FORMATS[n % len(FORMATS)],
            status=Interview.Status.COMPLETED
            if completed
            else Interview.Status.NO_SHOW,
            completed_at=starts + datetime.timedelta(minutes=30) if completed else None,
        )

    @staticmethod
    def note_for(interview, n):
        due = interview.starts_at + datetime.timedelta(days=1)
        late = [None, 0, 0, 0, 1, 3, 10][n % 7]
        sent = None if late is None else due + datetime.timedelta(days=late, hours=-2)
        return ThankYouNote(
            interview=interview,
            due_at=due,
            sent_at=sent,
            status=ThankYouNote.Status.SENT if sent else ThankYouNote.Status.DRAFT,
            sent_via=ThankYouNote.SentVia.EMAIL if sent else "",
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
