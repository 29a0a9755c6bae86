"""After the conversation: the wrap-up page and the thank-you note."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from followups import aftermath
from followups.models import FollowUp, Learning, ThankYouNote
from followups.wrapup_forms import (
    LeadFormSet,
    LearningForm,
    PromiseForm,
    SentVia,
    ThankYouForm,
    lead_formset_with_one_more,
    lead_rows,
)
from interviews import questions
from interviews.mail import (
    COPY_NOT_SENT,
    EmailNotSent,
    mailto_link,
    send_for_user,
    sending_allowance,
)
from interviews.models import Interview, InvalidTransition, NotStartedYet


def _get_interview(request, pk):
    """The user's own interview, or 404."""
    mine = Interview.objects.for_user(request.user).select_related(
        "contact__organization", "owner"
    )
    return get_object_or_404(mine, pk=pk)


def _completed(request, pk):
    """The user's completed interview; anything else goes back to its page."""
    interview = _get_interview(request, pk)
    if interview.status != Interview.Status.COMPLETED:
        messages.info(request, _("Mark the interview as completed first."))
        return interview, redirect("interviews:detail", pk)
    return interview, None


def _not_started_yet(request, interview):
    messages.info(
        request,
        _(
            "It has not started yet. You can record how it went from %(when)s, "
            "when it begins."
        )
        % {
            "when": date_format(
                timezone.localtime(interview.starts_at), "DATETIME_FORMAT"
            )
        },
    )
    return redirect("interviews:detail", interview.pk)


@require_POST
def interview_complete(request, interview_pk):
    """The conversation took place: on to the wrap-up."""
    interview = _get_interview(request, interview_pk)
    try:
        aftermath.complete_interview(interview)
    except NotStartedYet:
        return _not_started_yet(request, interview)
    except InvalidTransition:
        messages.info(request, _("This interview is already wrapped up."))
    else:
        messages.success(
            request,
            _("Well done! Note what you learned and thank %(name)s within a day.")
            % {"name": interview.contact.short_name},
        )
    return redirect("followups:wrapup", interview_pk)


@require_POST
def interview_no_show(request, interview_pk):
    interview = _get_interview(request, interview_pk)
    try:
        interview.mark_no_show()
    except NotStartedYet:
        return _not_started_yet(request, interview)
    except InvalidTransition:
        messages.info(request, _("Only a scheduled interview can be marked so."))
    else:
        messages.info(request, _("Noted. You can write to them to find another time."))
    return redirect("interviews:detail", interview_pk)


@require_POST
def interview_reopen(request, interview_pk):
    """Undo "it took place" (pressed too early, or by mistake)."""
    interview = _get_interview(request, interview_pk)
    try:
        aftermath.reopen_interview(interview)
    except aftermath.NoteAlreadySent:
        messages.error(
            request,
            _("Your thank-you note was sent, so the interview stays completed."),
        )
        return redirect("followups:wrapup", interview_pk)
    except InvalidTransition:
        messages.info(request, _("Only a completed interview can be reopened."))
    else:
        messages.success(
            request,
            _("The interview is scheduled again; your thank-you draft is kept."),
        )
    return redirect("interviews:detail", interview_pk)


@require_safe
def wrapup(request, interview_pk):
    interview, elsewhere = _completed(request, interview_pk)
    return elsewhere or _render_wrapup(request, interview)


def _render_wrapup(request, interview, **forms):
    values = questions.values_for(interview)
    return render(
        request,
        "followups/wrapup.html",
        {
            "interview": interview,
            "contact": interview.contact,
            "asked": [
                (item, questions.fill(item.text, values))
                for item in interview.questions.order_by("position", "id")
            ],
            "learnings": interview.learnings.all(),
            "leads": interview.contact.referrals.select_related("organization"),
            "promises": interview.followups.exclude(kind=FollowUp.Kind.THANK_YOU),
            "note": ThankYouNote.objects.filter(interview=interview).first(),
            "learning_form": forms.get("learning_form") or LearningForm(),
            "lead_formset": forms.get("lead_formset") or LeadFormSet(prefix="leads"),
            "promise_form": forms.get("promise_form") or PromiseForm(),
        },
    )


@require_POST
def learning_add(request, interview_pk):
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    form = LearningForm(request.POST, instance=Learning(interview=interview))
    if not form.is_valid():
        return _render_wrapup(request, interview, learning_form=form)
    form.save()
    messages.success(request, _("Noted. Pick it for the thank-you note."))
    return redirect(reverse("followups:wrapup", args=[interview_pk]) + "#learnings")


@require_POST
def learning_delete(request, pk):
    learning = get_object_or_404(
        Learning.objects.for_user(request.user).select_related("interview"), pk=pk
    )
    learning.delete()
    messages.success(request, _("The learning is deleted."))
    return redirect(
        reverse("followups:wrapup", args=[learning.interview_id]) + "#learnings"
    )


@require_POST
def leads_add(request, interview_pk):
    """Several people the interviewee suggested, added at once."""
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    if "add_lead" in request.POST:
        formset = lead_formset_with_one_more(request.POST)
        return _render_wrapup(request, interview, lead_formset=formset)
    formset = LeadFormSet(request.POST, prefix="leads")
    if not formset.is_valid():
        return _render_wrapup(request, interview, lead_formset=formset)
    try:
        leads = aftermath.add_leads(interview, lead_rows(formset, request.user))
    except ValidationError as error:
        # The form checks each field; this is the model's last word.
        messages.error(request, " ".join(error.messages))
        return _render_wrapup(request, interview, lead_formset=formset)
    messages.success(
        request,
        ngettext(
            "%(count)s new lead, referred by %(name)s.",
            "%(count)s new leads, referred by %(name)s.",
            len(leads),
        )
        % {"count": len(leads), "name": interview.contact.full_name},
    )
    return redirect(reverse("followups:wrapup", args=[interview_pk]) + "#leads")


@require_POST
def promise_add(request, interview_pk):
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    form = PromiseForm(
        request.POST,
        instance=FollowUp(
            owner=request.user, contact=interview.contact, interview=interview
        ),
    )
    if not form.is_valid():
        return _render_wrapup(request, interview, promise_form=form)
    form.save()
    messages.success(request, _("It is in your follow-ups."))
    return redirect(reverse("followups:wrapup", args=[interview_pk]) + "#promises")


@require_http_methods(["GET", "POST"])
def thank_you(request, interview_pk):
    """Draft, redraft, save or make ready the thank-you note."""
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    note = aftermath.start_thank_you(interview)
    # What was picked before this post: a text still as drafted for it is
    # the app's, and follows the new pick.
    picked_before = (list(note.learnings.all()), note.ask_keep_in_mind)
    form = ThankYouForm(request.POST or None, instance=note)
    sent = note.status == ThankYouNote.Status.SENT
    if request.method == "POST" and not sent and form.is_valid():
        return _save_thank_you(request, interview, form, picked_before)
    return _render_thank_you(request, interview, note, form)


def _save_thank_you(request, interview, form, picked_before):
    data = form.cleaned_data
    untouched = aftermath.is_as_drafted(
        interview, data["subject"], data["body"], *picked_before
    )
    note = form.save()
    if "redraft" in request.POST or untouched:
        note.subject, note.body = aftermath.draft_thank_you(
            interview, data["learnings"], note.ask_keep_in_mind
        )
        note.save(update_fields=["subject", "body", "updated_at"])
    if "redraft" in request.POST:
        messages.success(request, _("Redrafted with what you picked."))
        return redirect("followups:thank_you", interview.pk)
    if "ready" in request.POST and note.status == ThankYouNote.Status.DRAFT:
        try:
            note.mark_ready()
        except ValidationError as error:
            form.add_error("learnings", error)
            return _render_thank_you(request, interview, note, form)
        messages.success(request, _("Ready to send. Send it today while it is fresh."))
    elif note.status == ThankYouNote.Status.READY and note.missing_learning_error():
        # Edited so that it no longer says what was learned: not ready now.
        note.status = ThankYouNote.Status.DRAFT
        note.save(update_fields=["status", "updated_at"])
        messages.warning(request, note.missing_learning_error())
    else:
        messages.success(request, _("The draft is saved."))
    return redirect("followups:thank_you", interview.pk)


def _render_thank_you(request, interview, note, form):
    contact = interview.contact
    context = {"interview": interview, "contact": contact, "note": note, "form": form}
    if contact.email and note.status == ThankYouNote.Status.READY:
        context["mailto"] = mailto_link(
            contact.email, subject=note.subject, body=note.body
        )
        context["sending"] = sending_allowance(request.user, contact.email)
    context["overdue"] = note.status != ThankYouNote.Status.SENT and (
        note.due_at < timezone.now()
    )
    return render(request, "followups/thank_you.html", context)


@require_POST
def thank_you_send(request, interview_pk):
    """Send the ready note from Infointerview, through the real mail server."""
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    note = get_object_or_404(ThankYouNote, interview=interview)
    contact = interview.contact
    if note.status != ThankYouNote.Status.READY or not contact.email:
        messages.error(request, _("Make the note ready first; it needs their email."))
        return redirect("followups:thank_you", interview_pk)
    try:
        copy_sent = send_for_user(
            request.user, to=contact.email, subject=note.subject, body=note.body
        )
    except EmailNotSent as error:
        messages.error(request, str(error))
        return redirect("followups:thank_you", interview_pk)
    note.mark_sent(ThankYouNote.SentVia.EMAIL)
    if not copy_sent:
        messages.warning(request, COPY_NOT_SENT)
    messages.success(
        request,
        _(
            "Sent. Keep in touch with %(name)s from time to time: it is how a "
            "network grows."
        )
        % {"name": contact.full_name},
    )
    return redirect("followups:wrapup", interview_pk)


@require_POST
def thank_you_sent(request, interview_pk):
    """The student sent it themselves: from their email app, or on a card."""
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    note = get_object_or_404(ThankYouNote, interview=interview)
    form = SentVia(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how you sent it."))
        return redirect("followups:thank_you", interview_pk)
    try:
        note.mark_sent(form.cleaned_data["via"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("followups:thank_you", interview_pk)
    except InvalidTransition:
        messages.info(request, _("This note was already sent."))
        return redirect("followups:thank_you", interview_pk)
    messages.success(
        request, _("Recorded as sent. Thank-you notes make people remember you.")
    )
    return redirect("followups:wrapup", interview_pk)


@require_safe
def thank_you_card(request, interview_pk):
    """The note laid out as a card to print, for mail or to hand over."""
    interview, elsewhere = _completed(request, interview_pk)
    if elsewhere:
        return elsewhere
    note = aftermath.start_thank_you(interview)
    return render(
        request,
        "followups/thank_you_card.html",
        {
            "interview": interview,
            "contact": interview.contact,
            "note": note,
            "today": timezone.localdate(),
        },
    )
