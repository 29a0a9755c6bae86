"""What to do next, from every app, most urgent first.

The dashboard shows these with the one button that does each; the morning
reminder email lists those due by the end of the day. Each source runs a
fixed number of queries, whatever the amount of data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followups.models import FollowUp, ThankYouNote
from followups.network import checkins_due
from interviews.models import Interview, InterviewRequest
from interviews.waiting import waiting_requests

# The order of kinds due on the same day: what fades fastest comes first.
KIND_ORDER = ("thank_you", "schedule", "prepare", "request", "follow_up", "check_in")


@dataclass
class Action:
    kind: str
    due: datetime.date
    title: str
    detail: str
    button: str
    url: str
    method: str = "get"
    fields: dict = field(default_factory=dict)
    overdue: bool = False
    # The page the action is about (its title links there), a second line,
    # and a lesser second button (label, url, fields) posted from the same row.
    link: str = ""
    note: str = ""
    secondary: tuple | None = None


def next_actions(user, now=None, waiting=None):
    """Everything the user should do, overdue first, then by due date."""
    now = now or timezone.now()
    today = timezone.localdate(now, user.zone)
    actions = [
        *_thank_yous(user, now, today),
        *_to_schedule(user, today),
        *_preparations(user, now, today),
        *_requests(user, today, waiting),
        *_follow_ups(user, today),
        *_check_ins(user, today),
    ]
    return sorted(actions, key=lambda a: (a.due, KIND_ORDER.index(a.kind)))


def due_today(user, now=None):
    """The actions due by the end of the user's day (for the reminder email)."""
    now = now or timezone.now()
    today = timezone.localdate(now, user.zone)
    return [action for action in next_actions(user, now) if action.due <= today]


def _thank_yous(user, now, today):
    notes = (
        ThankYouNote.objects.for_user(user)
        .exclude(status=ThankYouNote.Status.SENT)
        .filter(interview__status=Interview.Status.COMPLETED)
        .select_related("interview__contact__organization")
    )
    for note in notes:
        contact = note.interview.contact
        due = timezone.localtime(note.due_at, user.zone)
        late = note.due_at < now
        yield Action(
            kind="thank_you",
            due=due.date(),
            title=_("Thank %(name)s") % {"name": contact.full_name},
            detail=(
                _("Overdue since %(when)s: send it now, late is better than never.")
                if late
                else _("Due by %(when)s, within a day of the conversation.")
            )
            % {"when": format_date(due, "DATETIME_FORMAT")},
            button=_("Write the thank-you"),
            url=reverse("followups:thank_you", args=[note.interview_id]),
            link=reverse("contacts:detail", args=[contact.pk]),
            overdue=late,
        )


def _to_schedule(user, today):
    """Accepted requests with no interview yet: agree on a time while it is warm."""
    accepted = (
        InterviewRequest.objects.for_user(user)
        .filter(status=InterviewRequest.Status.ACCEPTED, interview__isnull=True)
        .select_related("contact__organization")
    )
    for request in accepted:
        yield Action(
            kind="schedule",
            due=min(today, timezone.localdate(request.answered_at, user.zone)),
            title=_("Schedule your interview with %(name)s")
            % {"name": request.contact.full_name},
            detail=_("They said yes: put the time in your calendar."),
            button=_("Schedule"),
            url=reverse("interviews:schedule") + f"?request={request.pk}",
            link=reverse("interviews:request_detail", args=[request.pk]),
        )


def _preparations(user, now, today):
    soon = (
        Interview.objects.for_user(user)
        .upcoming(now)
        .filter(starts_at__lt=now + datetime.timedelta(days=7))
        .select_related("contact__organization")
    )
    for interview in soon:
        if interview.prep_done == interview.prep_total:
            continue
        starts = timezone.localtime(interview.starts_at, user.zone)
        yield Action(
            kind="prepare",
            # Preparation is due the day before the interview.
            due=max(today, starts.date() - datetime.timedelta(days=1)),
            title=_("Prepare for %(name)s") % {"name": interview.contact.full_name},
            detail=_("Interview on %(when)s; preparation %(done)s of %(total)s.")
            % {
                "when": format_date(starts, "DATETIME_FORMAT"),
                "done": interview.prep_done,
                "total": interview.prep_total,
            },
            button=_("Prepare"),
            url=reverse("interviews:detail", args=[interview.pk]) + "#preparation",
            link=reverse("interviews:detail", args=[interview.pk]),
        )


def _requests(user, today, waiting=None):
    # The dashboard has the waiting requests already; the email does not.
    if waiting is None:
        waiting = waiting_requests(user, today=today)
    for item in waiting:
        if not item.is_action:
            continue
        request = item.request
        if item.advice == "call_back":
            yield _call_back(item)
            continue
        if item.advice == "follow_up":
            button, url, method = (
                _("I followed up"),
                reverse("interviews:request_followed_up", args=[request.pk]),
                "post",
            )
        elif item.advice == "no_reply":
            button, url, method = (
                _("Mark no reply"),
                reverse("interviews:request_answer", args=[request.pk]),
                "post",
            )
        elif item.organization is not None:
            button, url, method = (
                _("Others at %(organization)s")
                % {"organization": item.organization.name},
                reverse("contacts:list") + f"?organization={item.organization.pk}",
                "get",
            )
        else:
            button, url, method = (
                _("Find someone in the directory"),
                reverse("directory:list"),
                "get",
            )
        answer_url = reverse("interviews:request_answer", args=[request.pk])
        yield Action(
            kind="request",
            due=today,
            title=item.contact.full_name,
            detail=item.message,
            button=button,
            url=url,
            method=method,
            fields={"status": "no_reply"} if item.advice == "no_reply" else {},
            link=reverse("interviews:request_detail", args=[request.pk]),
            note=ngettext(
                "Sent %(sent)s: %(count)s business day without an answer.",
                "Sent %(sent)s: %(count)s business days without an answer.",
                item.business_days,
            )
            % {"sent": format_date(item.sent_on), "count": item.business_days},
            secondary=None
            if item.advice == "no_reply"
            else (_("Mark no reply"), answer_url, {"status": "no_reply"}),
        )


def _call_back(item):
    """The call a voicemail promised, due on the day it named."""
    url = reverse("interviews:request_detail", args=[item.request.pk])
    return Action(
        kind="request",
        due=item.due_on,
        title=_("Call %(name)s back") % {"name": item.contact.full_name},
        detail=item.message,
        button=_("Log the call"),
        url=url + "#call-heading",
        link=url,
        overdue=item.overdue,
    )


def _follow_ups(user, today):
    # Thank-you notes have their own action, with the hour they are due.
    due = (
        FollowUp.objects.for_user(user)
        .due(today)
        .exclude(kind=FollowUp.Kind.THANK_YOU)
        .select_related("contact__organization")
    )
    for follow_up in due:
        yield Action(
            kind="follow_up",
            due=follow_up.due_on,
            title=follow_up.title,
            detail=_("%(kind)s — %(name)s")
            % {
                "kind": follow_up.get_kind_display(),
                "name": follow_up.contact.full_name,
            },
            button=_("Done"),
            url=reverse("followups:done", args=[follow_up.pk]),
            link=reverse("contacts:detail", args=[follow_up.contact_id]),
            method="post",
            overdue=follow_up.due_on < today,
        )


def _check_ins(user, today):
    for check_in in checkins_due(user, today):
        contact = check_in.contact
        yield Action(
            kind="check_in",
            due=check_in.due_on,
            title=_("Keep in touch with %(name)s") % {"name": contact.full_name},
            detail=check_in.reason,
            button=_("Log a touchpoint"),
            url=reverse("followups:touchpoint_create", args=[contact.pk]),
            link=reverse("contacts:detail", args=[contact.pk]),
            overdue=check_in.due_on < today,
        )


def answer_rates(user):
    """[(channel label, sent, accepted)] for the user's requests, in one query."""
    rows = (
        InterviewRequest.objects.for_user(user)
        .exclude(status=InterviewRequest.Status.DRAFT)
        .order_by()
        .values("channel")
        .annotate(
            sent=Count("id"),
            accepted=Count("id", filter=Q(status=InterviewRequest.Status.ACCEPTED)),
        )
    )
    by_channel = {row["channel"]: row for row in rows}
    return [
        (
            label,
            by_channel.get(value, {}).get("sent", 0),
            by_channel.get(value, {}).get("accepted", 0),
        )
        for value, label in InterviewRequest._meta.get_field("channel").choices
    ]


def interviews_this_month(user, now=None):
    local = timezone.localtime(now or timezone.now(), user.zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return (
        Interview.objects.for_user(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Interview.Status.CANCELLED)
        .count()
    )
