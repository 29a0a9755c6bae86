"""The morning reminder email: one digest a day of what is due, per user.

A scheduler runs `manage.py send_reminders` (hourly is best, see the README).
Each user's day is their own: the digest goes on the first run after
`not_before_hour` in the user's time zone, and only when something is due.

At most one email per user per day, however many runs overlap: before
sending, a run claims the user's day by creating the ReminderDigest row in a
transaction of its own. The unique (user, day) constraint lets one run win;
any other, on this machine or another, gets an IntegrityError and skips the
user. A failed send deletes the claim so a later run retries. A run that dies
between the claim and the send leaves the claim in place, and the user gets
no email that day: never two is the promise, not always one.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from followups.models import ReminderDigest
from infointerview.next_actions import due_today
from interviews.mail import cause_for_log

logger = logging.getLogger(__name__)

# Nobody gets the email in the small hours of their own night.
DEFAULT_NOT_BEFORE_HOUR = 6
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@dataclasses.dataclass
class Summary:
    """Who got the digest in one run, who already had it, and whose send failed."""

    sent: list = dataclasses.field(default_factory=list)
    skipped: list = dataclasses.field(default_factory=list)
    failed: list = dataclasses.field(default_factory=list)

    def __str__(self):
        return (
            f"reminders: {len(self.sent)} sent, {len(self.skipped)} skipped "
            f"(already sent today), {len(self.failed)} failed"
        )


def send_reminders(now, *, site_url, not_before_hour=DEFAULT_NOT_BEFORE_HOUR):
    """Send today's digest to every user whose morning has come; a Summary."""
    summary = Summary()
    for user, day, already_claimed in users_to_remind(now, not_before_hour):
        if already_claimed:
            summary.skipped.append(user)
            continue
        actions = due_today(user, now)
        if actions:
            outcome = deliver(user, day, actions, site_url)
            getattr(summary, outcome).append(user)
    return summary


def preview(now, *, site_url, not_before_hour=DEFAULT_NOT_BEFORE_HOUR):
    """(user, message or None if already sent) for each digest a run would send.

    Claims nothing and sends nothing: what --dry-run prints.
    """
    for user, _day, already_claimed in users_to_remind(now, not_before_hour):
        if already_claimed:
            yield user, None
            continue
        actions = due_today(user, now)
        if actions:
            yield user, digest_message(user, actions, site_url)


def users_to_remind(now, not_before_hour):
    """(user, their local day, whether that day is claimed) for each user who
    wants reminders and whose local hour has reached `not_before_hour`."""
    users = list(
        User.objects.filter(is_active=True, wants_reminders=True).order_by("pk")
    )
    days = {user.pk: timezone.localtime(now, user.zone) for user in users}
    # One query for everyone's claims: the days in play are at most three.
    claimed = set(
        ReminderDigest.objects.filter(
            day__in={local.date() for local in days.values()}
        ).values_list("user_id", "day")
    )
    for user in users:
        local = days[user.pk]
        if local.hour >= not_before_hour:
            day = local.date()
            yield user, day, (user.pk, day) in claimed


def deliver(user, day, actions, site_url):
    """Claim the user's day, send the digest, record it: "sent", "skipped" or
    "failed"."""
    message = digest_message(user, actions, site_url)
    digest = claim(user, day)
    if digest is None:
        return "skipped"
    try:
        # The 6.1 way, as in interviews/mail.py; `with` closes the connection
        # even when the server refuses half-way.
        with mail.mailers.default as mailer:
            if mailer.send_messages([message]) != 1:
                raise RuntimeError("The mailer reported the message as not sent.")
    except Exception as error:  # Any mailer's failure: retry on a later run.
        digest.delete()
        logger.warning(
            "Reminder to user %s for %s not sent: %s",
            user.pk,
            day,
            cause_for_log(error),
        )
        return "failed"
    digest.item_count = len(actions)
    digest.sent_at = timezone.now()
    digest.save(update_fields=["item_count", "sent_at"])
    return "sent"


def claim(user, day):
    """The user's ReminderDigest for `day`, newly created, or None if another
    run holds it.

    Committed at once, in a transaction of its own, so that other runs see it
    before this one starts talking to the mail server.
    """
    try:
        with transaction.atomic():
            return ReminderDigest.objects.create(user=user, day=day)
    except IntegrityError:
        if ReminderDigest.objects.filter(user=user, day=day).exists():
            return None
        raise  # Not the (user, day) constraint: a real fault, not a lost race.


def digest_message(user, actions, site_url):
    """The plain-text email listing `actions`, with links on `site_url`."""
    base = site_url.rstrip("/")
    context = {
        "user": user,
        "count": len(actions),
        "items": [_item(action, base) for action in actions],
        "dashboard_url": base + reverse("home"),
        "profile_url": base + reverse("accounts:profile"),
    }
    subject = render_to_string("emails/reminder_subject.txt", context)
    return mail.EmailMessage(
        # A subject is one line, whatever the template's line breaks.
        subject=" ".join(subject.split()),
        body=render_to_string("emails/reminder_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def _item(action, base):
    # A link in an email is a GET: an action done by POST (marking a
    # follow-up done) links to the dashboard, where its button is.
    path = action.url if action.method == "get" else reverse("home")
    return {
        "title": action.title,
        "detail": action.detail,
        "overdue": action.overdue,
        "url": base + path,
    }


def parse_now(text):
    """A datetime from ISO 8601; one without an offset is in TIME_ZONE."""
    moment = datetime.datetime.fromisoformat(text)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
