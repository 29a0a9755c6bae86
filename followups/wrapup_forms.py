from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import require_name_or_role
from contacts.models import Organization
from followups.models import EARLIEST_DATE, FollowUp, Learning, ThankYouNote


class LearningForm(forms.ModelForm):
    class Meta:
        model = Learning
        fields = ("kind", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("What you learned")}
        help_texts = {
            "text": _(
                "Specific and in your words, e.g. “Most theatre managers started "
                "in front-of-house roles.”"
            )
        }

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what you learned."))
        return text


class LeadForm(forms.Form):
    """One person the interviewee suggested; an empty row is skipped."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    organization_name = forms.CharField(
        label=_("Organization"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False)

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.values()):  # an empty row is skipped, not refused
            require_name_or_role(self)
        return cleaned

    @property
    def is_blank(self):
        return not any(self.cleaned_data.values())


# The most people added at once: the page stays usable on a phone, and a
# posted row count, however large, never renders more rows than this.
MAX_LEADS = 10
AT_MOST_MESSAGE = _("You can add at most %(num)s people at once; save these first.")


class BaseLeadFormSet(forms.BaseFormSet):
    # Django's own "Please submit at most 10 forms." speaks of forms.
    default_error_messages = {"too_many_forms": AT_MOST_MESSAGE}

    # Set when "Add another lead" was pressed with the rows already at the most.
    refused_more = False

    @property
    def at_most_message(self):
        return AT_MOST_MESSAGE % {"num": self.max_num}

    @property
    def is_full(self):
        return self.total_form_count() >= self.max_num

    def clean(self):
        super().clean()
        if not any(self.errors) and all(form.is_blank for form in self.forms):
            raise forms.ValidationError(_("Fill in at least one person."))


# One row to start with (a phone shows a short page); "Add another lead"
# brings more, up to ten.
LeadFormSet = forms.formset_factory(
    LeadForm,
    formset=BaseLeadFormSet,
    extra=1,
    max_num=MAX_LEADS,
    absolute_max=MAX_LEADS,
    validate_max=True,
)
MORE_DETAILS = ("email", "phone", "notes")


def lead_formset_with_one_more(data, prefix="leads"):
    """The rows posted, as typed, and one empty row more (without JavaScript,
    "Add another lead" posts the form and gets it back one row longer)."""
    posted = LeadFormSet(data, prefix=prefix)
    rows = []
    if posted.management_form.is_valid():
        # The formset never builds more than MAX_LEADS forms, whatever
        # TOTAL_FORMS claims.
        rows = [
            {name: form[name].value() for name in form.fields} for form in posted.forms
        ]
    # At the most rows already, the formset adds none (and drops nothing).
    formset = LeadFormSet(initial=rows, prefix=prefix)
    formset.refused_more = len(rows) >= MAX_LEADS
    return formset


def lead_rows(formset, owner):
    """The contact fields of each filled row, organizations found or made."""
    rows = []
    for form in formset:
        data = dict(form.cleaned_data)
        if not data or form.is_blank:
            continue
        name = data.pop("organization_name")
        data["organization"] = Organization.objects.named(owner, name)
        rows.append(data)
    return rows


class PromiseForm(forms.ModelForm):
    """Something promised on either side, as a dated follow-up."""

    class Meta:
        model = FollowUp
        fields = ("kind", "title", "due_on")
        labels = {"title": _("What was promised")}
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "title": _(
                "e.g. “Send my resume” or “She will introduce me to the box "
                "office manager”."
            )
        }

    def __init__(self, *args, **kwargs):
        # The wrap-up page also holds the learning form, whose "kind" would
        # otherwise share this one's id, and each label name the other's field.
        kwargs.setdefault("auto_id", "id_promise_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice
            for choice in FollowUp.Kind.choices
            if choice[0] != FollowUp.Kind.THANK_YOU
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on < EARLIEST_DATE or due_on.year > today.year + 5:
            raise forms.ValidationError(
                _("Choose a date in the coming days, weeks or months.")
            )
        return due_on


class ThankYouForm(forms.ModelForm):
    learnings = forms.ModelMultipleChoiceField(
        label=_("What you learned, to mention"),
        queryset=Learning.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Pick among this interview's learnings.")},
    )

    class Meta:
        model = ThankYouNote
        fields = ("learnings", "ask_keep_in_mind", "subject", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 10, "data-word-count": ""})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what was learned in this very interview can be mentioned.
        self.fields["learnings"].queryset = self.instance.interview.learnings.all()
        self.fields["learnings"].label_from_instance = lambda learning: learning.text


class SentVia(forms.Form):
    via = forms.ChoiceField(
        choices=[
            (ThankYouNote.SentVia.EMAIL_APP, ThankYouNote.SentVia.EMAIL_APP.label),
            (ThankYouNote.SentVia.MAIL, ThankYouNote.SentVia.MAIL.label),
        ]
    )
