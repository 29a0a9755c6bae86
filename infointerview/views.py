from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import security, two_factor
from contacts.models import Contact
from infointerview import next_actions
from infointerview.demo import demo_logins
from interviews.waiting import waiting_requests


@login_not_required
@require_safe
def home(request):
    """The dashboard: what to do next, most urgent first, and where things stand.

    A visitor who is not logged in learns what Infointerview is for instead.
    """
    if not request.user.is_authenticated:
        return render(request, "landing.html", {"demo_logins": demo_logins()})
    user, now = request.user, timezone.now()
    counts = Contact.objects.for_user(user).stage_counts()
    stages = [
        (value, label, counts.get(value, 0)) for value, label in Contact.Stage.choices
    ]
    # The user's own today: the middleware has switched to their time zone.
    waiting = waiting_requests(user, today=timezone.localdate())
    waiting_actions = [item for item in waiting if item.is_action]
    return render(
        request,
        "home.html",
        {
            "todo": next_actions.next_actions(user, now, waiting=waiting),
            "stages": stages,
            "contact_count": sum(counts.values()),
            "waiting_actions": waiting_actions,
            "still_waiting": len(waiting) - len(waiting_actions),
            "interviews_this_month": next_actions.interviews_this_month(user, now),
            "answer_rates": next_actions.answer_rates(user),
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


class LoginView(auth_views.LoginView):
    """Django's login page; on a development site it also lists the demo logins.

    Staff go on from their password to the second step (a code from their
    authenticator app), then to where they were going.
    """

    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if two_factor.needs_second_step(self.request.user):
            return two_factor.second_step_url(url)
        return url

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"demo_logins": demo_logins()}


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page for changing one's password; each change is logged."""

    def form_valid(self, form):
        response = super().form_valid(form)
        security.log_event("password changed", self.request, self.request.user.pk)
        return response
