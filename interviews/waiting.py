"""The 3B7 routine: what to do about each request still waiting for an answer.

With no answer after a few business days (the user's `try_others_after_days`,
3 by default), approach someone else at the organization rather than wait on
one person; after a week of business days (`follow_up_after_days`, 7), follow
up once. The follow-up is a fresh request, so it gets the same week: when that
passes with no answer either, the routine suggests closing the request as "no
reply" and moving on, instead of nagging a second time. A voicemail promised a
call back on a given day: until that call is made, it is the advice, due then.
"""

import dataclasses
import datetime
import enum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from interviews.business_days import business_days_between
from interviews.models import InterviewRequest


class Advice(enum.StrEnum):
    WAIT = "wait"
    TRY_OTHERS = "try_others"
    FOLLOW_UP = "follow_up"
    NO_REPLY = "no_reply"
    CALL_BACK = "call_back"


@dataclasses.dataclass(frozen=True)
class Waiting:
    """One sent request without an answer, and what the routine says to do."""

    request: InterviewRequest
    sent_on: datetime.date
    business_days: int
    advice: Advice
    followed_up_on: datetime.date | None = None
    # When the advice is due: the promised call-back day, else today.
    due_on: datetime.date | None = None
    overdue: bool = False

    @property
    def contact(self):
        return self.request.contact

    @property
    def organization(self):
        return self.request.contact.organization

    @property
    def is_action(self):
        return self.advice != Advice.WAIT

    @property
    def message(self):
        name = self.contact.full_name
        if self.advice == Advice.CALL_BACK:
            return _("Your voicemail said you would call back on %(day)s.") % {
                "day": date_format(self.due_on, "DATE_FORMAT")
            }
        if self.advice == Advice.TRY_OTHERS:
            if self.organization:
                return _("No answer yet: try someone else at %(organization)s.") % {
                    "organization": self.organization.name
                }
            return _("No answer yet: try someone at another organization.")
        if self.advice == Advice.FOLLOW_UP:
            return _("Follow up once with %(name)s.") % {"name": name}
        if self.advice == Advice.NO_REPLY:
            return _(
                "No answer to your follow-up either: mark the request to %(name)s "
                "“no reply” and move on."
            ) % {"name": name}
        return ""


def _advice(user, business_days, followed_up_on, today, call_back_on=None):
    if call_back_on is not None:
        # The student named the day; nothing else is asked of them before it.
        return Advice.CALL_BACK if call_back_on <= today else Advice.WAIT
    if followed_up_on is None:
        if business_days >= user.follow_up_after_days:
            return Advice.FOLLOW_UP
        if business_days >= user.try_others_after_days:
            return Advice.TRY_OTHERS
        return Advice.WAIT
    # Counted from the follow-up, not from the request: someone who followed up
    # late still gives the person a fair week to answer it.
    since = business_days_between(followed_up_on, today, user.province)
    if since >= user.follow_up_after_days:
        return Advice.NO_REPLY
    return Advice.WAIT


def waiting_requests(user, today=None):
    """The user's sent requests with no answer, longest waiting first.

    Answered, declined, "no reply" and withdrawn requests are closed and never
    listed. Dates are the user's own: a request sent late on a Friday evening
    in Vancouver is a Friday request, whatever the server's clock says.
    """
    zone = user.zone
    today = today or timezone.localdate(timezone=zone)
    requests = (
        InterviewRequest.objects.for_user(user)
        .filter(status=InterviewRequest.Status.SENT)
        .select_related("contact__organization")
        # An earlier send never has fewer business days behind it, so the
        # database's order is already the most overdue first.
        .order_by("sent_at", "pk")
    )
    waiting = []
    for request in requests:
        sent_on = timezone.localdate(request.sent_at, zone)
        business_days = business_days_between(sent_on, today, user.province)
        followed_up_on = (
            timezone.localdate(request.followed_up_at, zone)
            if request.followed_up_at
            else None
        )
        call_back_on = request.call_back_on
        advice = _advice(user, business_days, followed_up_on, today, call_back_on)
        due_on = call_back_on if advice == Advice.CALL_BACK else today
        waiting.append(
            Waiting(
                request=request,
                sent_on=sent_on,
                business_days=business_days,
                advice=advice,
                followed_up_on=followed_up_on,
                due_on=due_on,
                overdue=due_on < today,
            )
        )
    return waiting


def business_days_waiting(request, user, today):
    """How many of the user's business days a sent request has waited so far.

    None for a request that is not waiting (a draft, or one with an answer).
    """
    if request.status != InterviewRequest.Status.SENT:
        return None
    sent_on = timezone.localdate(request.sent_at, user.zone)
    return business_days_between(sent_on, today, user.province)
