from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import OwnContactField
from contacts.models import Contact
from followups.models import (
    DUE_YEARS_AHEAD,
    EARLIEST_DATE,
    FollowUp,
    Touchpoint,
    latest_due,
)

# The snooze choices offered on the list; the snooze view accepts 1 to 30.
SNOOZE_CHOICES = (1, 3, 7)
SNOOZE_MAX_DAYS = 30


def _iso_date_input():
    # A date input needs ISO dates, whatever the language's date format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_before_2000(day):
    if day < EARLIEST_DATE:
        raise forms.ValidationError(
            _("Choose a date in %(year)s or later."),
            code="too_early",
            params={"year": EARLIEST_DATE.year},
        )


class FollowUpForm(forms.ModelForm):
    contact = OwnContactField(queryset=Contact.objects.none(), label=_("Contact"))

    class Meta:
        model = FollowUp
        fields = ("contact", "kind", "title", "due_on", "notes")
        widgets = {
            "due_on": _iso_date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"title": _("e.g. “Send the article on arts funding”.")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.fields["contact"].queryset = Contact.objects.for_user(
            owner
        ).select_related("organization")
        if self.instance.kind != FollowUp.Kind.THANK_YOU:
            # Thank-you tasks come with the interview they thank for.
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != FollowUp.Kind.THANK_YOU
            ]
        if self.instance.interview_id:
            # The task came from an interview: it stays with that person.
            self.fields["contact"].disabled = True

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        _not_before_2000(due_on)
        latest = latest_due(timezone.localdate())
        if due_on > latest:
            raise forms.ValidationError(
                _("Choose a date within the next %(years)s years."),
                code="too_late",
                params={"years": DUE_YEARS_AHEAD},
            )
        return due_on


class FollowUpFilterForm(forms.Form):
    """The filters of the follow-up list (both optional)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    contact = OwnContactField(
        queryset=Contact.objects.none(),
        label=_("Contact"),
        required=False,
        empty_label=_("Anyone"),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *FollowUp.Kind.choices]
        self.fields["contact"].queryset = Contact.objects.for_user(
            owner
        ).select_related("organization")

    def apply(self, followups):
        """The follow-ups that match the valid filters."""
        self.is_valid()  # a bad filter is shown as an error and left out
        for name in ("kind", "contact"):
            if self.cleaned_data.get(name):
                followups = followups.filter(**{name: self.cleaned_data[name]})
        return followups

    def apply_to_calls(self, requests):
        """The call-backs that match: a kind other than a call-back shows none."""
        self.is_valid()
        if self.cleaned_data.get("kind"):
            return requests.none()
        if self.cleaned_data.get("contact"):
            requests = requests.filter(contact=self.cleaned_data["contact"])
        return requests


class SnoozeForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=SNOOZE_MAX_DAYS)


class WebAddressField(forms.URLField):
    """Only http(s): a javascript: or ftp:// link would not open as a page."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter a web address that starts with http:// or https://."),
    }


class TouchpointForm(forms.ModelForm):
    link = WebAddressField(
        label=_("Link"),
        required=False,
        max_length=Touchpoint._meta.get_field("link").max_length,
        help_text=_("For an article you shared: its web address."),
    )

    class Meta:
        model = Touchpoint
        fields = ("kind", "happened_on", "link", "note")
        labels = {"kind": _("What you did"), "happened_on": _("When")}
        widgets = {
            "happened_on": _iso_date_input(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "kind": _(
                "News of an achievement: e.g. a new course, a co-op placement, "
                "a graduation."
            ),
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["happened_on"].initial = today

    def clean_happened_on(self):
        happened_on = self.cleaned_data["happened_on"]
        _not_before_2000(happened_on)
        if happened_on > self.today:
            raise forms.ValidationError(
                _("Log a touchpoint once it has happened: today or earlier."),
                code="in_the_future",
            )
        return happened_on


class CadenceForm(forms.ModelForm):
    """How often to keep in touch with a contact (on the touchpoint form)."""

    keep_in_touch_days = forms.IntegerField(
        label=_("Keep in touch every (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_(
            "About every 90 days keeps you in mind. Leave empty for someone who "
            "asked not to be contacted."
        ),
    )

    class Meta:
        model = Contact
        fields = ("keep_in_touch_days",)

    def clean_keep_in_touch_days(self):
        # Empty means "do not contact"; a post that leaves the field out
        # altogether must not switch keeping in touch off by accident.
        if self.add_prefix("keep_in_touch_days") not in self.data:
            return self.instance.keep_in_touch_days
        return self.cleaned_data["keep_in_touch_days"]

    def save(self, commit=True):
        contact = super().save(commit=False)
        if commit:
            contact.save(update_fields=["keep_in_touch_days", "updated_at"])
        return contact
