import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import EmailUserManager, Resume, User
from accounts.resumes import check_resume_file

CANADIAN_TIME_ZONES = [
    ("America/St_Johns", _("Newfoundland (St. John's)")),
    ("America/Halifax", _("Atlantic (Halifax)")),
    ("America/Moncton", _("Atlantic (Moncton)")),
    ("America/Toronto", _("Eastern (Toronto, Ottawa, Montréal)")),
    ("America/Winnipeg", _("Central (Winnipeg)")),
    ("America/Regina", _("Saskatchewan (Regina)")),
    ("America/Edmonton", _("Mountain (Edmonton, Calgary)")),
    ("America/Vancouver", _("Pacific (Vancouver, Victoria)")),
    ("America/Whitehorse", _("Yukon (Whitehorse)")),
]


def time_zone_choices():
    canadian = {value for value, _label in CANADIAN_TIME_ZONES}
    others = sorted(zoneinfo.available_timezones() - canadian)
    return [
        (_("Canada"), CANADIAN_TIME_ZONES),
        (_("Elsewhere"), [(name, name.replace("_", " ")) for name in others]),
    ]


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")
        # The student's own details: the browser may fill them in (WCAG 1.3.5).
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True

    def clean_email(self):
        email = EmailUserManager.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Log in instead?"),
                code="duplicate_email",
            )
        return email


class ProfileForm(forms.ModelForm):
    """The profile in sections, the self-assessment second: it is what a new
    student is sent to fill in first."""

    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "program",
            "graduation_year",
            "province",
            "time_zone",
            "phone",
            "mailing_address",
            "try_others_after_days",
            "follow_up_after_days",
            "wants_reminders",
            "interests",
            "strengths",
            "values",
            "target_occupations",
        )
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("interests", "strengths", "values", "target_occupations")
        } | {
            # The student's own details: the browser may fill them in (WCAG 1.3.5).
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "mailing_address": forms.Textarea(
                attrs={"rows": 3, "autocomplete": "street-address"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "first_name",
                "last_name",
                "program",
                "graduation_year",
                "province",
                "time_zone",
                css_id="about-you",
            ),
            Fieldset(
                _("Your self-assessment"),
                "interests",
                "strengths",
                "values",
                "target_occupations",
                css_id="self-assessment",
            ),
            Fieldset(
                _("How the people you contact can reach you"),
                "phone",
                "mailing_address",
                css_id="reach-you",
            ),
            Fieldset(
                _("Waiting for answers, and reminders"),
                "try_others_after_days",
                "follow_up_after_days",
                "wants_reminders",
                css_id="reminders",
            ),
        )


class ResumeForm(forms.ModelForm):
    class Meta:
        model = Resume
        fields = ("label", "file")
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={
                    "accept": ".pdf,.docx,application/pdf,"
                    "application/vnd.openxmlformats-officedocument"
                    ".wordprocessingml.document"
                }
            )
        }
        help_texts = {"file": _("PDF or Word (.docx), at most 5 MB.")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if (
            Resume.objects.for_user(self.instance.owner)
            .filter(label__iexact=label)
            .exists()
        ):
            raise forms.ValidationError(
                _("You already have a resume with this label."), code="duplicate_label"
            )
        return label

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.instance.kind = check_resume_file(uploaded)
        self.instance.original_name = uploaded.name[:255]
        self.instance.size = uploaded.size
        return uploaded


class JourneyShareForm(forms.Form):
    """The student's choice to share their journey, and for how long.

    A plain form, not a ModelForm on the user: the choice is made through
    User.share_journey, and a refused date must not touch request.user, which
    the profile page shows again beside the error.
    """

    until = forms.DateField(
        label=_("Share until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The last day staff may read it; leave empty to share until you stop."
        ),
        error_messages={"invalid": _("Enter a date, e.g. 2026-05-31.")},
    )

    def __init__(self, *args, user, **kwargs):
        if user.is_sharing_journey():
            kwargs.setdefault("initial", {"until": user.journey_shared_until})
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until is not None and not self.user.journey_share_last_day_allowed(until):
            raise forms.ValidationError(
                _("Choose a day from today to a year from now."), code="out_of_range"
            )
        return until


class DeleteAccountForm(forms.Form):
    """The password once more, so that a borrowed screen cannot delete it all."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Nothing was deleted."),
                code="password_incorrect",
            )
        return password


class SecondStepForm(forms.Form):
    """The 6-digit code of a staff member's authenticator app."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        help_text=_("The code your authenticator app shows for Infointerview."),
    )

    def clean_code(self):
        # Apps show the code as "123 456"; people type it either way.
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                _("Enter the 6 digits your app shows, e.g. 123456."), code="invalid"
            )
        return code
