import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Resume
from contacts.forms import OwnContactField
from contacts.models import Channel, Contact
from interviews.drafting import (
    PLACEHOLDERS,
    unfilled,
    validate_template,
    word_count,
)
from interviews.models import (
    Interview,
    InterviewQuestion,
    InterviewRequest,
    MessageTemplate,
    Question,
    validate_placeholders,
)

WORD_TARGET = 100


class OwnResumeField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose one of your own resumes.")}


class RequestForm(forms.ModelForm):
    """A request to one contact; what is required depends on the channel."""

    resume = OwnResumeField(
        queryset=Resume.objects.none(),
        required=False,
        label=_("Resume to attach"),
        empty_label=_("No resume"),
    )

    class Meta:
        model = InterviewRequest
        fields = ("channel", "subject", "message", "voicemail", "resume")
        widgets = {
            "channel": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 12, "data-word-count": ""}),
            "voicemail": forms.Textarea(attrs={"rows": 4, "data-word-count": ""}),
        }

    def __init__(self, *args, owner, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.instance.contact = contact
        self.fields["channel"].choices = Channel.choices
        self.fields["resume"].queryset = Resume.objects.for_user(owner)
        channel = self.data.get("channel") or self.initial.get("channel")
        channel = channel or self.instance.channel
        labels = {
            "email": _("Email"),
            "telephone": _("Call script"),
            "mail": _("Letter"),
        }
        self.fields["message"].label = labels.get(channel, _("Message"))
        if channel == Channel.EMAIL:
            self.fields["subject"].required = True
        if channel != Channel.TELEPHONE:
            del self.fields["voicemail"]
        if channel == Channel.TELEPHONE:
            del self.fields["resume"]
            del self.fields["subject"]
        if channel == Channel.EMAIL and self.instance._state.adding:
            # A new email goes with the newest resume unless the student
            # chooses otherwise; a letter encloses one only when chosen.
            newest = self.fields["resume"].queryset.order_by("-uploaded_at", "-id")
            newest = newest.first()
            if newest and self.initial.get("resume") is None:
                self.initial["resume"] = newest.pk

    def clean_channel(self):
        channel = self.cleaned_data["channel"]
        contact, owner = self.instance.contact, self.instance.owner
        if channel == Channel.EMAIL and not contact.email:
            raise forms.ValidationError(
                _(
                    "%(name)s has no email address. Add it to the contact, "
                    "or ask by telephone or mail."
                ),
                params={"name": contact.full_name},
            )
        if channel == Channel.TELEPHONE and not contact.phone:
            raise forms.ValidationError(
                _(
                    "%(name)s has no telephone number. Add it to the contact, "
                    "or ask by email or mail."
                ),
                params={"name": contact.full_name},
            )
        if channel == Channel.MAIL and not contact.mailing_address:
            raise forms.ValidationError(
                _(
                    "%(name)s has no mailing address. Add it to the contact, "
                    "or ask by email or telephone."
                ),
                params={"name": contact.full_name},
            )
        if channel == Channel.MAIL and not owner.mailing_address:
            raise forms.ValidationError(
                _("A letter needs your own address: add it to your profile first.")
            )
        return channel

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write the request before saving it."))
        return message

    @property
    def word_target(self):
        return WORD_TARGET

    @property
    def message_words(self):
        return word_count(self.data.get("message") or self.initial.get("message", ""))

    @property
    def unfilled_names(self):
        """The placeholders still to replace before this can go out, as
        "{my_phone}, {field}", or ""."""
        source = self.data if self.is_bound else self.initial
        names = unfilled(
            *(source.get(name, "") for name in ("subject", "message", "voicemail"))
        )
        return ", ".join(f"{{{name}}}" for name in names)

    @property
    def placeholder_names(self):
        """Every placeholder drafting knows, for the page's live warning."""
        return " ".join(PLACEHOLDERS)


class RequestFilterForm(forms.Form):
    """The status and channel filters of the requests page (both optional)."""

    OPEN = "open"
    ALL = "all"

    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Open: drafts and waiting")),
            (self.ALL, _("All")),
            *InterviewRequest.Status.choices,
        ]
        self.fields["channel"].choices = [("", _("Any")), *Channel.choices]

    def apply(self, requests):
        """The requests that match the valid filters; a bad one is left out."""
        self.is_valid()  # its errors are shown beside the field
        data = self.cleaned_data
        status = data.get("status")
        if not status:
            requests = requests.open()
        elif status != self.ALL:
            requests = requests.filter(status=status)
        if data.get("channel"):
            requests = requests.filter(channel=data["channel"])
        return requests


class CallOutcomeForm(forms.Form):
    """What happened when the student called."""

    Outcome = InterviewRequest.CallOutcome

    outcome = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        choices=InterviewRequest.CallOutcome.choices,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        help_text=_(
            "If you spoke: what they said. Otherwise a note for yourself, kept "
            "in your log of calls."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    # No answer is chosen for the student: one click must not record a "yes".
    status = forms.ChoiceField(
        label=_("Their answer"),
        error_messages={"required": _("Choose their answer.")},
        choices=[
            ("", _("Choose…")),
            (InterviewRequest.Status.ACCEPTED, _("Accepted")),
            (InterviewRequest.Status.DECLINED, _("Declined")),
            (InterviewRequest.Status.NO_REPLY, _("No reply")),
            (InterviewRequest.Status.WITHDRAWN, _("I withdrew the request")),
        ],
    )
    notes = forms.CharField(
        label=_("What they said"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        # The request's page also holds the call form, whose "notes" would
        # otherwise share this one's id, and each label name the other's field.
        kwargs.setdefault("auto_id", "id_answer_%s")
        super().__init__(*args, **kwargs)


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("subject", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 10, "data-word-count": ""})}

    def __init__(self, *args, owner, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.instance.kind = kind
        if kind in (MessageTemplate.Kind.CALL, MessageTemplate.Kind.VOICEMAIL):
            del self.fields["subject"]

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        validate_template(subject)
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"]
        validate_template(body)
        return body


class WhenForm(forms.Form):
    """When and how long, typed in the user's own time zone."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = timezone.localdate(timezone.now(), self.zone)
        if day > Interview.latest_day(today):
            raise forms.ValidationError(
                _("Choose a date within the next %(years)s years."),
                code="too_far_ahead",
                params={"years": Interview.MAX_YEARS_AHEAD},
            )
        if day < today - datetime.timedelta(days=1):
            # Long past: said here, before any arithmetic on a date as far
            # back as the year 1 could overflow.
            raise forms.ValidationError(
                _("Choose a time in the future."), code="in_the_past"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start"), cleaned.get("end")
        if day is None or start is None or end is None:
            return cleaned
        starts_at = timezone.make_aware(
            datetime.datetime.combine(day, start), self.zone
        )
        ends_at = timezone.make_aware(datetime.datetime.combine(day, end), self.zone)
        minutes = (ends_at - starts_at).total_seconds() / 60
        if minutes <= 0:
            self.add_error("end", _("The end must be after the start."))
        elif minutes < Interview.MIN_MINUTES:
            self.add_error(
                "end",
                _("Allow at least %(min)s minutes.") % {"min": Interview.MIN_MINUTES},
            )
        elif minutes > Interview.MAX_MINUTES:
            self.add_error(
                "end",
                _(
                    "An information interview lasts 20 to 30 minutes; "
                    "keep it under %(hours)s hours."
                )
                % {"hours": Interview.MAX_MINUTES // 60},
            )
        elif starts_at <= timezone.now():
            self.add_error("date", _("Choose a time in the future."))
        cleaned["starts_at"] = starts_at
        cleaned["duration_minutes"] = int(minutes)
        return cleaned


class ScheduleForm(WhenForm):
    contact = OwnContactField(queryset=Contact.objects.none(), label=_("With"))
    format = forms.ChoiceField(
        label=_("How"), choices=Interview.Format.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(
        label=_("Where"),
        required=False,
        max_length=300,
        help_text=_("The address, the number to call, or the video link."),
    )

    field_order = ["contact", "date", "start", "end", "format", "location"]

    def __init__(self, *args, owner, fixed_contact=None, **kwargs):
        super().__init__(*args, zone=owner.zone, **kwargs)
        self.fields["contact"].queryset = Contact.objects.for_user(
            owner
        ).select_related("organization")
        if fixed_contact is not None:
            # Scheduled from a request: the contact is the request's.
            del self.fields["contact"]
            self.fixed_contact = fixed_contact

    def clean_location(self):
        return clean_location(
            self.cleaned_data["location"], self.cleaned_data.get("format")
        )


class RescheduleForm(WhenForm):
    location = forms.CharField(label=_("Where"), required=False, max_length=300)

    def __init__(self, *args, format, **kwargs):
        super().__init__(*args, **kwargs)
        # Moving keeps the format: the link rule is the interview's own.
        self.format = format

    def clean_location(self):
        return clean_location(self.cleaned_data["location"], self.format)


def clean_location(location, format):
    """Where the interview happens, as typed; for a video call, a web link.

    The video link is shown as a link to open: anything but http(s), such as
    javascript:, is refused, whether the interview is scheduled or moved.
    """
    location = location.strip()
    if (
        format == Interview.Format.VIDEO
        and location
        and not location.lower().startswith(("https://", "http://"))
    ):
        raise forms.ValidationError(
            _("For a video call, paste the meeting link (https://…).")
        )
    return location


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_(
            "For your own record, e.g. “They had to travel; will suggest a new date.”"
        ),
    )


class InterviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Person or organization"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + Interview.Status.choices,
    )
    format = forms.ChoiceField(
        label=_("How"),
        required=False,
        choices=[("", _("Any"))] + Interview.Format.choices,
    )

    def apply(self, interviews):
        self.is_valid()  # a bad filter is shown as an error and left out
        data = self.cleaned_data
        for word in data.get("q", "").split():
            interviews = interviews.filter(
                Q(contact__first_name__icontains=word)
                | Q(contact__last_name__icontains=word)
                | Q(contact__organization__name__icontains=word)
            )
        for name in ("status", "format"):
            if data.get(name):
                interviews = interviews.filter(**{name: data[name]})
        return interviews


class ChecklistForm(forms.ModelForm):
    # A call or a video meeting needs no route and nothing to wear.
    GETTING_READY = {
        Interview.Format.TELEPHONE: (
            _("phone number tested"),
            _("Before the call"),
            _("Number tested, a quiet place, your notes at hand."),
        ),
        Interview.Format.VIDEO: (
            _("link tested"),
            _("Before the call"),
            _("Link tested, camera and sound checked, a quiet place."),
        ),
    }

    class Meta:
        model = Interview
        fields = (*Interview.PREP_FIELDS, "research_notes", "logistics_notes")
        widgets = {
            "research_notes": forms.Textarea(attrs={"rows": 3}),
            "logistics_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.format in self.GETTING_READY:
            tested, label, hint = self.GETTING_READY[self.instance.format]
            self.fields["prep_route_planned"].label = capfirst(tested)
            notes = self.fields["logistics_notes"]
            notes.label, notes.help_text = label, hint


class NotesForm(forms.ModelForm):
    """The notes from the conversation, written beside the answers."""

    notes = forms.CharField(
        label=_("Your notes from the conversation"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Anything said outside the questions, and your impressions."),
    )

    class Meta:
        model = Interview
        fields = ("notes",)

    def clean_notes(self):
        # A post that leaves the field out (an older page, say) must not
        # erase the notes by accident.
        if self.add_prefix("notes") not in self.data:
            return self.instance.notes
        return self.cleaned_data["notes"].strip()


class OccupationForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ("occupation",)
        labels = {"occupation": _("Occupation")}
        widgets = {"occupation": forms.TextInput(attrs={"list": "target-occupations"})}


def _clean_question_text(text):
    """A question's own wording: not empty, not too long, known blanks only."""
    text = (text or "").strip()
    if not text:
        raise forms.ValidationError(_("Write the question."), code="required")
    if len(text) > Question.MAX_LENGTH:
        raise forms.ValidationError(
            _("Keep a question under %(max)s characters (this one has %(length)s).")
            % {"max": Question.MAX_LENGTH, "length": len(text)},
            code="max_length",
        )
    validate_placeholders(text)
    return text


class AddQuestionForm(forms.Form):
    """Add a question from the bank, or one's own words."""

    question = forms.ModelChoiceField(
        label=_("From the bank"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Choose a question"),
        error_messages={"invalid_choice": _("Choose a question from the list.")},
    )
    text = forms.CharField(
        label=_("Or in your own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "You can use {occupation}, {organization}, {region}, {contact_name}."
        ),
    )
    save_to_bank = forms.BooleanField(
        label=_("Also keep it in my question bank"), required=False
    )
    category = forms.ChoiceField(
        label=_("Category in the bank"),
        choices=Question.Category.choices,
        initial=Question.Category.ADVICE,
        required=False,
    )

    def __init__(self, *args, owner, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.available_to(owner).filter(
            is_active=True
        )
        if label is not None:
            self.fields["question"].label_from_instance = label

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        return _clean_question_text(text) if text else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("question") and not cleaned.get("text"):
            raise forms.ValidationError(
                _("Choose a question from the bank or write your own.")
            )
        return cleaned


class AskedForm(forms.ModelForm):
    """This interview's wording of a question; the bank is not changed."""

    class Meta:
        model = InterviewQuestion
        fields = ("text",)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self):
        return _clean_question_text(self.cleaned_data.get("text"))


class BaseAnswerFormSet(forms.BaseModelFormSet):
    """The answers under the questions of one interview, and only those.

    A model formset checks each posted id against every row of the table, and
    an id outside its own queryset would quietly become a new, unsaved row:
    here it is a form error. Extra forms (a forged TOTAL_FORMS) are never
    saved: edit_only in the factory below.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].queryset = self.get_queryset()


AnswerFormSet = forms.modelformset_factory(
    InterviewQuestion,
    formset=BaseAnswerFormSet,
    fields=("answer",),
    extra=0,
    edit_only=True,
    widgets={"answer": forms.Textarea(attrs={"rows": 3, "class": "form-control"})},
)
