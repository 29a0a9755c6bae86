"""Asking for an interview: compose, send (or call, or mail), record the answer."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.redirects import redirect_back
from contacts.models import Channel, Contact
from interviews import channels, drafting
from interviews.forms import (
    AnswerForm,
    CallOutcomeForm,
    MessageTemplateForm,
    RequestFilterForm,
    RequestForm,
)
from interviews.mail import (
    COPY_NOT_SENT,
    EmailNotSent,
    mailto_link,
    send_for_user,
    sending_allowance,
)
from interviews.models import (
    InterviewRequest,
    InvalidTransition,
    MessageTemplate,
    OpenRequestExists,
    call_back_day,
)
from interviews.waiting import business_days_waiting

Status = InterviewRequest.Status
PAGE_SIZE = 25


def _get_request(request, pk):
    """The user's own interview request, or 404."""
    mine = InterviewRequest.objects.for_user(request.user).select_related(
        "contact__organization", "contact__referred_by", "resume"
    )
    return get_object_or_404(mine, pk=pk)


@require_safe
def request_list(request):
    """Every request of the user, by status and channel, waiting longest first."""
    form = RequestFilterForm(request.GET)
    requests = form.apply(
        InterviewRequest.objects.for_user(request.user)
        .select_related("contact__organization")
        .waiting_longest_first()
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(item, business_days_waiting(item, request.user, today)) for item in page]
    return render(
        request,
        "interviews/request_list.html",
        {"form": form, "page": page, "rows": rows},
    )


@require_http_methods(["GET", "POST"])
def request_create(request, contact_pk):
    contact = get_object_or_404(
        Contact.objects.for_user(request.user).select_related(
            "organization", "referred_by"
        ),
        pk=contact_pk,
    )
    already = (
        InterviewRequest.objects.for_user(request.user)
        .open()
        .filter(contact=contact)
        .select_related("contact")
        .first()
    )
    if already:
        return _to_open_request(request, already)
    channel = request.GET.get("channel")
    if channel not in Channel.values:
        channel = channels.main_channel(contact, request.user)
    call_back = call_back_day(timezone.localdate(), request.user.province)
    initial = {
        "channel": channel,
        **drafting.draft(contact, request.user, channel, call_back),
    }
    form = RequestForm(
        request.POST or None, initial=initial, owner=request.user, contact=contact
    )
    if form.is_valid():
        try:
            interview_request = form.save()
        except OpenRequestExists as raced:
            return _to_open_request(request, raced.request, raced=True)
        return _after_save(request, interview_request)
    return render(
        request,
        "interviews/request_form.html",
        {
            "form": form,
            "contact": contact,
            "channel": channel,
            "channels": Channel.choices,
            # Said before anything is written, not after it is submitted.
            "missing": channels.missing_for(contact, channel, request.user),
            "fix_url": channels.fix_url(contact, channel, request.user),
        },
    )


def _to_open_request(request, interview_request, raced=False):
    """To the contact's open request: a contact is asked once at a time."""
    name = interview_request.contact.full_name
    if raced:
        # Another tab or a second click saved one a moment earlier.
        messages.warning(
            request,
            _(
                "Another request to %(name)s was saved at the same moment, so "
                "this one was not: here is the one that was."
            )
            % {"name": name},
        )
    elif interview_request.status == Status.DRAFT:
        messages.info(
            request,
            _(
                "You already have a draft request to %(name)s: here it is. Edit "
                "it (its channel too) rather than start another."
            )
            % {"name": name},
        )
    else:
        messages.info(
            request,
            _(
                "Your request to %(name)s is waiting for their answer: record it "
                "here before you ask again."
            )
            % {"name": name},
        )
    return redirect("interviews:request_detail", interview_request.pk)


@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    interview_request = _get_request(request, pk)
    if interview_request.status != Status.DRAFT:
        messages.info(
            request, _("A request that has gone out can no longer be edited.")
        )
        return redirect("interviews:request_detail", pk)
    form = RequestForm(
        request.POST or None,
        instance=interview_request,
        owner=request.user,
        contact=interview_request.contact,
    )
    if form.is_valid():
        return _after_save(request, form.save())
    return render(
        request,
        "interviews/request_form.html",
        {
            "form": form,
            "contact": interview_request.contact,
            "channel": interview_request.channel,
            "interview_request": interview_request,
        },
    )


def _after_save(request, interview_request):
    """Saved as a draft; "Save and send" then tries the mail server too."""
    if "send" in request.POST and interview_request.channel == Channel.EMAIL:
        if _refuse_unfilled(request, interview_request):
            return redirect("interviews:request_edit", interview_request.pk)
        _send(request, interview_request)
    else:
        messages.success(request, _("Your request is saved as a draft."))
    return redirect("interviews:request_detail", interview_request.pk)


def _refuse_unfilled(request, interview_request, form=None):
    """True, with the reason said, while the text still holds a placeholder.

    The draft stays as it is; only its going out is refused. With `form`,
    the reason is shown on that form (beside what was typed in it).
    """
    names = drafting.unfilled(*_outgoing_texts(interview_request))
    if not names:
        return False
    error = drafting.unfilled_error(names)
    if form is not None:
        form.add_error(None, error)
    else:
        messages.error(request, error)
        messages.info(request, _("Your request is saved as a draft."))
    return True


def _outgoing_texts(interview_request):
    """What the contact will read or hear of the request."""
    if interview_request.channel == Channel.TELEPHONE:
        return [interview_request.voicemail]
    return [interview_request.subject, interview_request.message]


@require_safe
def request_detail(request, pk):
    return _render_detail(request, _get_request(request, pk))


def _render_detail(request, interview_request, answer_form=None, call_form=None):
    """The request's page; a form given here comes back with its errors."""
    contact = interview_request.contact
    context = {
        "interview_request": interview_request,
        "contact": contact,
        "words": drafting.word_count(interview_request.message),
        # Their answer starts empty: the student's own call notes are not
        # the contact's words.
        "answer_form": answer_form or AnswerForm(),
        "call_form": call_form or CallOutcomeForm(),
    }
    if interview_request.status == Status.DRAFT:
        names = drafting.unfilled(*_outgoing_texts(interview_request))
        context["unfilled"] = drafting.unfilled_error(names) if names else ""
    if interview_request.channel == Channel.EMAIL and contact.email:
        context["mailto"] = mailto_link(
            contact.email,
            subject=interview_request.subject,
            body=interview_request.message,
        )
        if interview_request.status == Status.DRAFT:
            context["sending"] = sending_allowance(request.user, contact.email)
    if interview_request.status == Status.ACCEPTED:
        context["interview"] = getattr(interview_request, "interview", None)
    return render(request, "interviews/request_detail.html", context)


@require_POST
def request_send(request, pk):
    """Send an email draft from Infointerview, with the resume attached."""
    interview_request = _get_request(request, pk)
    if (
        interview_request.status != Status.DRAFT
        or interview_request.channel != Channel.EMAIL
    ):
        messages.error(request, _("Only an email draft can be sent from here."))
    elif _refuse_unfilled(request, interview_request):
        return redirect("interviews:request_edit", pk)
    else:
        _send(request, interview_request)
    return redirect("interviews:request_detail", pk)


def _send(request, interview_request):
    try:
        copy_sent = send_for_user(
            request.user,
            to=interview_request.contact.email,
            subject=interview_request.subject,
            body=interview_request.message,
            attachment=interview_request.resume,
        )
    except EmailNotSent as error:
        # The draft is already saved: nothing typed is lost.
        messages.error(request, str(error))
        return
    interview_request.mark_sent()
    if copy_sent:
        messages.success(
            request,
            _("Sent to %(email)s, with a copy to you.")
            % {"email": interview_request.contact.email},
        )
        return
    messages.success(
        request, _("Sent to %(email)s.") % {"email": interview_request.contact.email}
    )
    messages.warning(request, COPY_NOT_SENT)


@require_POST
def request_mark_sent(request, pk):
    """The student sent it themselves: from their email app, or by post."""
    interview_request = _get_request(request, pk)
    if interview_request.status == Status.DRAFT and _refuse_unfilled(
        request, interview_request
    ):
        return redirect("interviews:request_edit", pk)
    try:
        interview_request.mark_sent()
    except InvalidTransition:
        messages.info(request, _("This request was already sent."))
    else:
        messages.success(request, _("Marked as sent. Good luck!"))
    return redirect("interviews:request_detail", pk)


@require_POST
def request_call(request, pk):
    """Log a telephone call and what came of it."""
    interview_request = _get_request(request, pk)
    if interview_request.channel != Channel.TELEPHONE:
        messages.error(request, _("Only a telephone request has calls to log."))
        return redirect("interviews:request_detail", pk)
    form = CallOutcomeForm(request.POST)
    if not form.is_valid():
        # Shown again with what was typed, and what is missing.
        return _render_detail(request, interview_request, call_form=form)
    outcome = form.cleaned_data["outcome"]
    if outcome == InterviewRequest.CallOutcome.VOICEMAIL and _refuse_unfilled(
        request, interview_request, form
    ):
        return _render_detail(request, interview_request, call_form=form)
    try:
        interview_request.log_call(outcome, form.cleaned_data["notes"])
    except InvalidTransition:
        messages.error(request, _("This request is closed: it takes no more calls."))
        return redirect("interviews:request_detail", pk)
    if outcome == InterviewRequest.CallOutcome.ACCEPTED:
        # As with an answer by email: straight on to agreeing a time.
        messages.success(request, _("Wonderful! Now schedule the conversation."))
        return redirect(f"{reverse('interviews:schedule')}?request={pk}")
    messages.success(request, _("The call is noted."))
    if interview_request.call_back_on:
        messages.info(
            request,
            _("You will be reminded to call back on %(day)s.")
            % {"day": date_format(interview_request.call_back_on, "DATE_FORMAT")},
        )
    return redirect("interviews:request_detail", pk)


@require_POST
def request_answer(request, pk):
    """Record their answer: accepted, declined, no reply, or withdrawn."""
    interview_request = _get_request(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, interview_request, answer_form=form)
    status, notes = form.cleaned_data["status"], form.cleaned_data["notes"]
    try:
        if status == Status.ACCEPTED:
            interview_request.mark_accepted(notes=notes)
        elif status == Status.DECLINED:
            interview_request.mark_declined(notes=notes)
        elif status == Status.NO_REPLY:
            interview_request.mark_no_reply()
        else:
            interview_request.withdraw()
    except InvalidTransition:
        messages.error(
            request,
            _("A request that is “%(status)s” cannot take that answer.")
            % {"status": interview_request.get_status_display()},
        )
        return redirect("interviews:request_detail", pk)
    if status == Status.ACCEPTED:
        messages.success(request, _("Wonderful! Now schedule the conversation."))
        return redirect(f"{reverse('interviews:schedule')}?request={pk}")
    messages.success(request, _("The answer is noted."))
    return redirect_back(request, "interviews:request_detail", pk)


@require_POST
def request_followed_up(request, pk):
    interview_request = _get_request(request, pk)
    try:
        interview_request.mark_followed_up()
    except InvalidTransition:
        messages.error(
            request, _("Only a request waiting for an answer is followed up.")
        )
    else:
        messages.success(request, _("Noted: you followed up once."))
    return redirect_back(request, "interviews:request_detail", pk)


@require_safe
def request_letter(request, pk):
    """The letter, laid out to print on one page."""
    interview_request = _get_request(request, pk)
    if interview_request.channel != Channel.MAIL:
        messages.info(request, _("This request is not a letter."))
        return redirect("interviews:request_detail", pk)
    return render(
        request,
        "interviews/request_letter.html",
        {
            "interview_request": interview_request,
            "contact": interview_request.contact,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def message_templates(request):
    """The user's own wording for each kind of request, or the default."""
    kinds = MessageTemplate.Kind
    posted = request.POST.get("kind") if request.method == "POST" else None
    forms = []
    for kind in kinds:
        own = MessageTemplate.objects.for_user(request.user).filter(kind=kind).first()
        subject, body = drafting.template_text(request.user, kind)
        form = MessageTemplateForm(
            request.POST if posted == kind else None,
            instance=own,
            initial={"subject": subject, "body": body},
            owner=request.user,
            kind=kind,
            prefix=kind,
        )
        if posted == kind and "reset" in request.POST:
            MessageTemplate.objects.for_user(request.user).filter(kind=kind).delete()
            messages.success(request, _("Back to the default wording."))
            return redirect("interviews:templates")
        if posted == kind and form.is_valid():
            form.save()
            messages.success(request, _("Your wording is saved."))
            return redirect("interviews:templates")
        forms.append((kind, own is not None, form))
    return render(
        request,
        "interviews/message_templates.html",
        {"forms": forms, "placeholders": drafting.PLACEHOLDERS.items()},
    )
