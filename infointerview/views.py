import datetime

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contacts.models import Contact
from interviews.models import Interview
from interviews.waiting import waiting_requests


@require_safe
def home(request):
    """The dashboard: a greeting, where the user's contacts stand, and what to
    do about the requests still waiting for an answer."""
    counts = Contact.objects.for_user(request.user).stage_counts()
    stages = [
        (value, label, counts.get(value, 0)) for value, label in Contact.Stage.choices
    ]
    # The user's own today: the middleware has switched to their time zone.
    waiting = waiting_requests(request.user, today=timezone.localdate())
    actions = [item for item in waiting if item.is_action]
    now = timezone.now()
    coming_up = (
        Interview.objects.for_user(request.user)
        .upcoming(now)
        .filter(starts_at__lt=now + datetime.timedelta(days=7))
        .select_related("contact__organization")
    )
    return render(
        request,
        "home.html",
        {
            "stages": stages,
            "contact_count": sum(counts.values()),
            "actions": actions,
            "still_waiting": len(waiting) - len(actions),
            "coming_up": coming_up,
        },
    )


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """For load balancers: up, and the database answers. Writes nothing."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
