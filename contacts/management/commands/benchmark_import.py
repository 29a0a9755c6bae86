"""Time reading, previewing and importing a large generated contacts file.

    python manage.py benchmark_import --rows 5000

The contacts go to a throw-away user, deleted again at the end (with all
they own), so the command may be run against any database.
"""

import time
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from contacts import transfer
from contacts.models import ImportBatch

FIRST_NAMES = ["Amara", "Luc", "Mei", "Noor", "Élodie", "Jonah", "Priya", "Sam"]
LAST_NAMES = ["Okafor", "Gagnon", "Chen", "Haddad", "Tremblay", "Singh", "Roy"]
ORGANIZATIONS = 400  # so that many organizations are found and made


def sample_csv(rows):
    """Our CSV with this many distinct, realistic contacts."""
    records = []
    for n in range(rows):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[n % len(LAST_NAMES)]
        values = {
            "first_name": first,
            "last_name": f"{last}-{n}",
            "job_title": "Production Manager",
            "field": "Theatre management",
            "organization": f"Theatre Company {n % ORGANIZATIONS}",
            "city": "Toronto",
            "region": "ON",
            "email": f"{last.lower()}.{n}@example.org",
            "phone": f"+1 416 555 {n % 10000:04d}",
            "mailing_address": f"{n} Queen St W\nToronto ON",
            "linkedin_url": f"https://www.linkedin.com/in/person-{n}",
            "lead_source": "career_centre",
            "found_through": "Fall career fair",
            "stage": "lead",
            "notes": "Met at the fair; ask about summer festivals.",
        }
        records.append([values[name] for name in transfer.COLUMNS])
    return transfer.write_csv(records).encode()


class Command(BaseCommand):
    help = "Time parsing, preview and commit of generated contacts."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=transfer.MAX_ROWS)

    def handle(self, *args, rows, **options):
        if not 1 <= rows <= transfer.MAX_ROWS:
            raise CommandError(f"--rows must be from 1 to {transfer.MAX_ROWS}.")
        upload = SimpleUploadedFile("benchmark.csv", sample_csv(rows))
        user = User.objects.create_user(f"benchmark-{uuid.uuid4().hex}@example.test")
        try:
            timings, counts = self.run_import(user, upload)
        finally:
            user.delete()
        self.stdout.write(
            f"{counts[transfer.NEW]} contacts imported from {upload.size:,} bytes "
            "for a throw-away user (deleted again):"
        )
        for step, seconds in timings.items():
            self.stdout.write(f"  {step:<8} {seconds:.3f} s")

    def run_import(self, user, upload):
        timings = {}
        started = time.perf_counter()
        parsed = transfer.read_upload(upload)
        batch = transfer.start_batch(user, upload.name, parsed)
        timings["parse"] = time.perf_counter() - started

        # As the preview page does: the rows read back from the database.
        started = time.perf_counter()
        batch = ImportBatch.objects.for_user(user).get(pk=batch.pk)
        transfer.judge(user, batch.rows)
        timings["preview"] = time.perf_counter() - started

        started = time.perf_counter()
        counts = transfer.commit(user, batch)
        timings["commit"] = time.perf_counter() - started
        return timings, counts
