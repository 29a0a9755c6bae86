import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from contacts.models import Contact
from interviews.forms import (
    CancelForm,
    InterviewFilterForm,
    RescheduleForm,
    ScheduleForm,
)
from interviews.models import Interview, InterviewRequest, InvalidTransition

PAGE_SIZE = 25


def _get_interview(request, pk):
    """The user's own interview, or 404."""
    mine = Interview.objects.for_user(request.user).select_related(
        "contact__organization", "request"
    )
    return get_object_or_404(mine, pk=pk)


@require_safe
def interview_list(request):
    """Upcoming interviews first, then the past ones, a page at a time."""
    now = timezone.now()
    form = InterviewFilterForm(request.GET)
    mine = form.apply(
        Interview.objects.for_user(request.user).select_related(
            "contact", "contact__organization"
        )
    )
    upcoming = mine.filter(starts_at__gte=now).order_by("starts_at", "id")
    past = Paginator(
        mine.filter(starts_at__lt=now).order_by("-starts_at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/interview_list.html",
        {"form": form, "upcoming": upcoming, "page": past},
    )


@require_http_methods(["GET", "POST"])
def interview_schedule(request):
    """Schedule from an accepted request (?request=) or directly (?contact=)."""
    interview_request = _accepted_request(request)
    already = (
        getattr(interview_request, "interview", None) if interview_request else None
    )
    if already is not None:
        messages.info(request, _("This request is already scheduled."))
        return redirect("interviews:detail", already.pk)
    contact = interview_request.contact if interview_request else None
    initial = _schedule_initial(request, interview_request)
    form = ScheduleForm(
        request.POST or None,
        initial=initial,
        owner=request.user,
        fixed_contact=contact,
    )
    if form.is_valid():
        data = form.cleaned_data
        interview = Interview.objects.schedule(
            contact=contact or data["contact"],
            request=interview_request,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            format=data["format"],
            location=data["location"],
        )
        messages.success(request, _("The interview is in your calendar."))
        _warn_of_overlaps(request, interview)
        return redirect("interviews:detail", interview.pk)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "contact": contact, "interview_request": interview_request},
    )


def _accepted_request(request):
    """The accepted request to schedule from, if ?request= names one (else 404)."""
    pk = request.GET.get("request", "")
    if not pk:
        return None
    mine = InterviewRequest.objects.for_user(request.user).select_related(
        "contact__organization", "interview"
    )
    return get_object_or_404(
        mine, pk=pk if pk.isdigit() else 0, status=InterviewRequest.Status.ACCEPTED
    )


def _schedule_initial(request, interview_request):
    contact_pk = request.GET.get("contact", "")
    contact = interview_request.contact if interview_request else None
    if contact is None and contact_pk.isdigit():
        contact = get_object_or_404(
            Contact.objects.for_user(request.user), pk=contact_pk
        )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    initial = {
        "date": tomorrow,
        "start": datetime.time(12, 0),
        "end": datetime.time(12, 30),
        "format": Interview.Format.IN_PERSON,
    }
    if contact is not None:
        initial["contact"] = contact.pk
    return initial


def _warn_of_overlaps(request, interview):
    for other in interview.overlapping():
        messages.warning(
            request,
            _("This overlaps your interview with %(name)s at %(time)s.")
            % {
                "name": other.contact.full_name,
                "time": timezone.localtime(other.starts_at).strftime("%H:%M"),
            },
        )


@require_safe
def interview_detail(request, pk):
    interview = _get_interview(request, pk)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "contact": interview.contact,
            "part_of_day": interview.PartOfDay(
                interview.part_of_day(request.user.zone)
            ),
            "overlaps": interview.overlapping()
            if interview.status == Interview.Status.SCHEDULED
            else [],
            "history": interview.reschedules.all(),
            "time_zone": request.user.time_zone,
        },
    )


@require_http_methods(["GET", "POST"])
def interview_reschedule(request, pk):
    """Move the interview; the earlier time stays in its history."""
    interview = _get_interview(request, pk)
    local_start = timezone.localtime(interview.starts_at, request.user.zone)
    local_end = timezone.localtime(interview.ends_at, request.user.zone)
    form = RescheduleForm(
        request.POST or None,
        initial={
            "date": local_start.date(),
            "start": local_start.time(),
            "end": local_end.time(),
            "location": interview.location,
        },
        zone=request.user.zone,
    )
    if interview.status != Interview.Status.SCHEDULED:
        messages.info(request, _("Only a scheduled interview can be moved."))
        return redirect("interviews:detail", pk)
    if form.is_valid():
        data = form.cleaned_data
        interview.reschedule(
            data["starts_at"], data["duration_minutes"], data["location"]
        )
        messages.success(request, _("The interview is moved; update your calendar."))
        _warn_of_overlaps(request, interview)
        return redirect("interviews:detail", pk)
    return render(
        request,
        "interviews/interview_reschedule.html",
        {"form": form, "interview": interview},
    )


@require_http_methods(["GET", "POST"])
def interview_cancel(request, pk):
    interview = _get_interview(request, pk)
    form = CancelForm(request.POST or None)
    if form.is_valid():
        try:
            interview.cancel(form.cleaned_data["reason"])
        except InvalidTransition:
            messages.info(request, _("Only a scheduled interview can be cancelled."))
        else:
            messages.success(request, _("The interview is cancelled."))
        return redirect("interviews:detail", pk)
    return render(
        request,
        "interviews/interview_cancel.html",
        {"form": form, "interview": interview},
    )
