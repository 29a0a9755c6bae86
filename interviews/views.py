import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import time as format_time
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.redirects import redirect_back
from contacts.models import Contact
from interviews import questions
from interviews.forms import (
    AddQuestionForm,
    AnswerFormSet,
    AskedForm,
    CancelForm,
    ChecklistForm,
    InterviewFilterForm,
    NotesForm,
    OccupationForm,
    RescheduleForm,
    ScheduleForm,
)
from interviews.models import (
    Interview,
    InterviewQuestion,
    InterviewRequest,
    InvalidTransition,
    Question,
)

PAGE_SIZE = 25


def _get_interview(request, pk):
    """The user's own interview, or 404.

    Its thank-you note (a later step's, read through the relation only) comes
    along: the page offers to reopen the interview only while it is unsent.
    """
    mine = Interview.objects.for_user(request.user).select_related(
        "contact__organization", "request", "thank_you_note"
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
            _("This overlaps your interview with %(name)s (at %(time)s).")
            % {
                "name": other.contact.full_name,
                "time": format_time(timezone.localtime(other.starts_at), "TIME_FORMAT"),
            },
        )


@require_safe
def interview_detail(request, pk):
    interview = _get_interview(request, pk)
    return render(
        request, "interviews/interview_detail.html", _detail(request, interview)
    )


def _detail(request, interview, **forms):
    """The interview page's context; a form that failed is passed in to show it."""
    values = questions.values_for(interview)
    asked = [
        (item, questions.fill(item.text, values))
        for item in interview.questions.order_by("position", "id")
    ]
    return {
        "interview": interview,
        "contact": interview.contact,
        "part_of_day": interview.PartOfDay(interview.part_of_day(request.user.zone)),
        "overlaps": interview.overlapping()
        if interview.status == Interview.Status.SCHEDULED
        else [],
        "history": interview.reschedules.all(),
        "started": interview.has_started(),
        "time_zone": request.user.time_zone,
        "asked": asked,
        "checklist_form": forms.get("checklist_form") or _checklist_form(interview),
        "occupation_form": forms.get("occupation_form")
        or OccupationForm(instance=interview),
        "add_form": forms.get("add_form") or _add_form(request, interview),
    }


def _checklist_form(interview, data=None):
    """The checklist, without the steps this interview's format does not need."""
    form = ChecklistForm(data, instance=interview)
    for name in set(Interview.PREP_FIELDS) - set(interview.prep_fields):
        del form.fields[name]
    return form


def _add_form(request, interview, data=None):
    values = questions.values_for(interview)
    return AddQuestionForm(
        data,
        owner=request.user,
        label=lambda question: questions.fill(question.text, values),
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
        format=interview.format,
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


@require_POST
def interview_checklist(request, pk):
    interview = _get_interview(request, pk)
    form = _checklist_form(interview, request.POST)
    if not form.is_valid():
        context = _detail(request, interview, checklist_form=form)
        return render(request, "interviews/interview_detail.html", context)
    form.save()
    messages.success(
        request,
        _("Preparation: %(done)s of %(total)s done.")
        % {"done": interview.prep_done, "total": interview.prep_total},
    )
    return redirect(reverse("interviews:detail", args=[pk]) + "#preparation")


@require_POST
def interview_occupation(request, pk):
    """The occupation explored in this interview, which fills {occupation}."""
    interview = _get_interview(request, pk)
    form = OccupationForm(request.POST, instance=interview)
    if not form.is_valid():
        context = _detail(request, interview, occupation_form=form)
        return render(request, "interviews/interview_detail.html", context)
    form.save()
    return redirect(reverse("interviews:detail", args=[pk]) + "#questions")


@require_POST
def question_add(request, pk):
    interview = _get_interview(request, pk)
    form = _add_form(request, interview, request.POST)
    if not form.is_valid():
        context = _detail(request, interview, add_form=form)
        return render(request, "interviews/interview_detail.html", context)
    data = form.cleaned_data
    if data["question"]:
        questions.add_from_bank(interview, data["question"])
    else:
        questions.add_own(interview, data["text"])
        if data["save_to_bank"]:
            Question.objects.create(
                owner=request.user,
                text=data["text"],
                category=data["category"] or Question.Category.ADVICE,
            )
    messages.success(request, _("The question is added."))
    return redirect(reverse("interviews:detail", args=[pk]) + "#questions")


@require_POST
def questions_suggested(request, pk):
    interview = _get_interview(request, pk)
    added = questions.add_suggested(interview)
    messages.success(
        request,
        ngettext(
            "%(count)s suggested question is added.",
            "%(count)s suggested questions are added.",
            len(added),
        )
        % {"count": len(added)},
    )
    return redirect(reverse("interviews:detail", args=[pk]) + "#questions")


def _get_asked(request, pk):
    """One question of one of the user's interviews, or 404."""
    mine = InterviewQuestion.objects.for_user(request.user).select_related(
        "interview__contact__organization"
    )
    return get_object_or_404(mine, pk=pk)


@require_http_methods(["GET", "POST"])
def asked_edit(request, pk):
    """Change this interview's wording of a question; the bank keeps its own."""
    asked = _get_asked(request, pk)
    form = AskedForm(request.POST or None, instance=asked)
    if form.is_valid():
        form.save()
        messages.success(request, _("The question is reworded for this interview."))
        return redirect(
            reverse("interviews:detail", args=[asked.interview_id]) + "#questions"
        )
    return render(
        request,
        "interviews/asked_form.html",
        {"form": form, "asked": asked, "interview": asked.interview},
    )


@require_POST
def asked_remove(request, pk):
    asked = _get_asked(request, pk)
    asked.delete()
    messages.success(request, _("The question is removed from this interview."))
    return redirect(
        reverse("interviews:detail", args=[asked.interview_id]) + "#questions"
    )


@require_POST
def asked_move(request, pk):
    asked = _get_asked(request, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Move a question up or down."))
    else:
        questions.move(asked, step)
    return redirect(
        reverse("interviews:detail", args=[asked.interview_id]) + f"#asked-{asked.pk}"
    )


@require_http_methods(["GET", "POST"])
def interview_answers(request, pk):
    """Write the notes, and what they said under each question, during or
    after the talk."""
    interview = _get_interview(request, pk)
    notes_form = NotesForm(request.POST or None, instance=interview)
    formset = AnswerFormSet(
        request.POST or None,
        queryset=interview.questions.order_by("position", "id"),
    )
    # Both are checked, so that every error shows at once.
    valid = all([notes_form.is_valid(), formset.is_valid()])
    if request.method == "POST" and valid:
        notes_form.save()
        formset.save()
        messages.success(request, _("Your notes are saved."))
        # Back where the student came from (the wrap-up, say), if it is ours.
        return redirect_back(
            request, reverse("interviews:detail", args=[pk]) + "#questions"
        )
    values = questions.values_for(interview)
    rows = [(form, questions.fill(form.instance.text, values)) for form in formset]
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(
        request,
        "interviews/interview_answers.html",
        {
            "interview": interview,
            "notes_form": notes_form,
            "formset": formset,
            "rows": rows,
            "next": back,
        },
    )
