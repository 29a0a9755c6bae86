"""An interview's .ics file, and the private feed a calendar program subscribes to."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from accounts.models import User, calendar_digest
from interviews.calendar import feed_calendar, interview_calendar
from interviews.models import Interview

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"

# Older interviews only make every fetch longer; the app keeps them all.
FEED_HISTORY = datetime.timedelta(days=365)


# Times, places and names are personal: no shared cache may keep them.
@require_safe
@cache_control(private=True, no_store=True)
def interview_ics(request, pk):
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related(
            "owner", "contact__organization"
        ),
        pk=pk,
    )
    response = HttpResponse(
        interview_calendar(interview), content_type=CALENDAR_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        True, _ics_filename(interview)
    )
    return response


def _ics_filename(interview):
    day = timezone.localdate(interview.starts_at, interview.owner.zone).isoformat()
    name = slugify(interview.contact.full_name, allow_unicode=True)
    return f"interview-{name}-{day}.ics" if name else f"interview-{day}.ics"


# A calendar program cannot log in: the secret token in the address is the
# only key, so the view reads no session and sets no cookie.
@login_not_required
@require_safe
@cache_control(private=True, no_store=True)
def calendar_feed(request, token):
    if not token:
        raise Http404
    # A deactivated account's feed stops with the account.
    user = get_object_or_404(
        User, calendar_digest=calendar_digest(token), is_active=True
    )
    interviews = (
        Interview.objects.for_user(user)
        .filter(starts_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("contact__organization")
        .order_by("starts_at", "pk")
    )
    return HttpResponse(
        feed_calendar(user, interviews), content_type=CALENDAR_CONTENT_TYPE
    )
