"""Follow-ups, touchpoints and the network, in the browser."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.redirects import redirect_back
from contacts.models import Contact
from followups.forms import (
    SNOOZE_CHOICES,
    SNOOZE_MAX_DAYS,
    CadenceForm,
    FollowUpFilterForm,
    FollowUpForm,
    SnoozeForm,
    TouchpointForm,
)
from followups.models import FollowUp, TooFarAhead
from followups.network import log_touchpoint, network_members, suggestion_for
from interviews.models import InterviewRequest

PAGE_SIZE = 25
DONE_SHOWN = 20


def _get_followup(request, pk):
    """The user's own follow-up, or 404 (also for anyone else's)."""
    mine = FollowUp.objects.for_user(request.user).select_related(
        "contact__organization"
    )
    return get_object_or_404(mine, pk=pk)


@require_safe
def followup_list(request):
    """Open follow-ups by urgency, then the ones done lately."""
    today = timezone.localdate()
    form = FollowUpFilterForm(request.GET, owner=request.user)
    mine = form.apply(FollowUp.objects.for_user(request.user)).select_related(
        "contact__organization"
    )
    due = list(mine.due(today).order_by("due_on", "id"))
    coming_up = mine.open().filter(due_on__gt=today).order_by("due_on", "id")
    # Derived, not copied into follow-ups: a call-back is owed while the
    # request waits, and goes when it is answered or another call is logged.
    calls = form.apply_to_calls(
        InterviewRequest.objects.for_user(request.user)
        .calls_to_return()
        .select_related("contact__organization")
    )
    return render(
        request,
        "followups/followup_list.html",
        {
            "form": form,
            "calls": calls,
            "overdue": [f for f in due if f.due_on < today],
            "due_today": [f for f in due if f.due_on == today],
            "page": Paginator(coming_up, PAGE_SIZE).get_page(request.GET.get("page")),
            "done": mine.filter(done_at__isnull=False).order_by("-done_at", "-id")[
                :DONE_SHOWN
            ],
            "today": today,
            "snooze_choices": SNOOZE_CHOICES,
        },
    )


@require_http_methods(["GET", "POST"])
def followup_create(request):
    initial = {"contact": request.GET.get("contact"), "due_on": timezone.localdate()}
    form = FollowUpForm(request.POST or None, initial=initial, owner=request.user)
    if form.is_valid():
        follow_up = form.save()
        messages.success(
            request, _("Follow-up added: %(title)s") % {"title": follow_up.title}
        )
        return redirect_back(request, "followups:list")
    return render(request, "followups/followup_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def followup_edit(request, pk):
    follow_up = _get_followup(request, pk)
    form = FollowUpForm(request.POST or None, instance=follow_up, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your changes are saved."))
        return redirect_back(request, "followups:list")
    return render(
        request,
        "followups/followup_form.html",
        {"form": form, "follow_up": follow_up},
    )


@require_POST
def followup_done(request, pk):
    follow_up = _get_followup(request, pk)
    follow_up.mark_done()  # a second click (or a second tab) changes nothing
    messages.success(request, _("Done: %(title)s") % {"title": follow_up.title})
    return redirect_back(request, "followups:list")


@require_POST
def followup_snooze(request, pk):
    follow_up = _get_followup(request, pk)
    form = SnoozeForm(request.POST)
    if follow_up.is_done:
        messages.info(request, _("This follow-up is already done."))
    elif not form.is_valid():
        messages.error(
            request,
            _("Snooze by 1 to %(most)s days.") % {"most": SNOOZE_MAX_DAYS},
        )
    else:
        try:
            follow_up.snooze(form.cleaned_data["days"], today=timezone.localdate())
        except TooFarAhead:
            messages.error(
                request,
                _("It is due years ahead already: edit its date instead."),
            )
            return redirect_back(request, "followups:list")
        messages.success(
            request,
            _("Moved to %(date)s: %(title)s")
            % {
                "date": date_format(follow_up.due_on, "DATE_FORMAT"),
                "title": follow_up.title,
            },
        )
    return redirect_back(request, "followups:list")


@require_safe
def network(request):
    """The people in the network, those due for a check-in first."""
    today = timezone.localdate()
    members = network_members(request.user, today)
    return render(
        request,
        "followups/network.html",
        {
            "page": Paginator(members, PAGE_SIZE).get_page(request.GET.get("page")),
            "due_count": sum(member.is_due for member in members),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def touchpoint_create(request, contact_pk):
    contact = get_object_or_404(
        Contact.objects.for_user(request.user).select_related("organization"),
        pk=contact_pk,
    )
    today = timezone.localdate()
    form = TouchpointForm(request.POST or None, today=today)
    cadence_form = CadenceForm(request.POST or None, instance=contact)
    # Both forms are checked, so that every error shows at once.
    if all([form.is_valid(), cadence_form.is_valid()]):
        with transaction.atomic():
            cadence_form.save()
            logged = log_touchpoint(
                request.user, contact, today=today, **form.cleaned_data
            )
        _say_what_was_logged(request, contact, logged)
        return redirect("contacts:detail", contact.pk)
    return render(
        request,
        "followups/touchpoint_form.html",
        {
            "form": form,
            "cadence_form": cadence_form,
            "contact": contact,
            "suggestion": suggestion_for(request.user, contact),
        },
    )


def _say_what_was_logged(request, contact, logged):
    messages.success(
        request, _("Touchpoint with %(name)s logged.") % {"name": contact.full_name}
    )
    if logged.joined_network:
        messages.info(
            request, _("%(name)s is now in your network.") % {"name": contact}
        )
    if logged.checkins_closed:
        messages.info(
            request,
            ngettext(
                "The check-in it answers is marked done.",
                "The %(count)s check-ins it answers are marked done.",
                logged.checkins_closed,
            )
            % {"count": logged.checkins_closed},
        )
