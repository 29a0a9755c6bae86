from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contacts.models import Contact


@require_safe
def home(request):
    """The dashboard: a greeting and where the user's contacts stand."""
    counts = Contact.objects.for_user(request.user).stage_counts()
    stages = [
        (value, label, counts.get(value, 0)) for value, label in Contact.Stage.choices
    ]
    return render(
        request,
        "home.html",
        {"stages": stages, "contact_count": sum(counts.values())},
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
