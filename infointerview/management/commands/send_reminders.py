"""Email each user who asked for it the list of what is due today.

Meant for a scheduler, hourly (see the README's "Reminder emails"). Safe to run
again, and on several machines at once: infointerview/reminders.py explains how.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from infointerview import reminders


def hour(text):
    value = int(text)
    if not 0 <= value <= 23:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Send the reminder email of what is due today to each user who wants it, "
        "once a day in their own time zone. Exits with status 1 if any send failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get which items; claim nothing, send nothing.",
        )
        parser.add_argument(
            "--site-url",
            default=os.environ.get("SITE_URL") or reminders.DEFAULT_SITE_URL,
            help="The site's address for the links, e.g. https://infointerview."
            f"example.org (default: $SITE_URL, else {reminders.DEFAULT_SITE_URL}).",
        )
        parser.add_argument(
            "--not-before-hour",
            type=hour,
            default=reminders.DEFAULT_NOT_BEFORE_HOUR,
            help="Mail nobody before this hour of their own day, 0-23 "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--now",
            help="Run as if at this ISO 8601 time, e.g. 2026-05-12T07:00-04:00 "
            "(default: now; without an offset, in TIME_ZONE).",
        )

    def handle(self, *args, dry_run, site_url, not_before_hour, now, **options):
        if not site_url.startswith(("http://", "https://")):
            raise CommandError(f"--site-url {site_url!r} must start with https://.")
        now = self.parse_now(now)
        if dry_run:
            self.dry_run(now, site_url, not_before_hour)
            return
        summary = reminders.send_reminders(
            now, site_url=site_url, not_before_hour=not_before_hour
        )
        self.stdout.write(str(summary))
        if summary.failed:
            raise CommandError(
                f"{len(summary.failed)} reminder(s) not sent; see the warnings. "
                "A later run retries them."
            )

    def parse_now(self, text):
        if text is None:
            return timezone.now()
        try:
            return reminders.parse_now(text)
        except ValueError:
            raise CommandError(f"--now {text!r} is not an ISO 8601 time.") from None

    def dry_run(self, now, site_url, not_before_hour):
        would_send = skipped = 0
        for user, message in reminders.preview(
            now, site_url=site_url, not_before_hour=not_before_hour
        ):
            if message is None:
                skipped += 1
                self.stdout.write(f"{user.email}: already sent today")
                continue
            would_send += 1
            self.stdout.write(f"{user.email}: {message.subject}")
            self.stdout.write(message.body)
        self.stdout.write(
            f"reminders (dry run): {would_send} would be sent, "
            f"{skipped} skipped (already sent today), nothing claimed or sent"
        )
