import logging
import unicodedata
import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import BaseUserCreationForm, PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.account_mail import client_address
from accounts.models import (
    AccountEmail,
    AccountEmailLimited,
    EmailUserManager,
    Resume,
    User,
)
from accounts.resumes import check_resume_file

security_log = logging.getLogger("infointerview.security")

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


def one_line_name(value):
    """A name as one line: control characters and line breaks, which no name
    holds and a crafted form can send, become spaces; runs of spaces one."""
    return " ".join(
        "".join(" " if unicodedata.category(c)[0] == "C" else c for c in value).split()
    )


class NameFieldsMixin:
    def clean_first_name(self):
        return one_line_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return one_line_name(self.cleaned_data["last_name"])


class SignupForm(NameFieldsMixin, BaseUserCreationForm):
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
        domains = settings.SIGNUP_EMAIL_DOMAINS
        if domains and not email_at_one_of(email, domains):
            raise forms.ValidationError(
                _("Sign up with your address at %(domains)s."),
                code="domain",
                params={"domains": _(" or ").join(domains)},
            )
        return email

    # An address that already has an account is not an error here: the form
    # answers it as it answers a new one (see sign_up), so that it cannot be
    # used to learn who has an account.
    def validate_unique(self):
        exclude = self._get_validation_exclusions() | {"email"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def validate_constraints(self):
        exclude = self._get_validation_exclusions() | {"email"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def sign_up(self):
        """The account for this address: (user, True) when made now, or the
        one it already had and False.

        For an address that has one, the password typed is hashed all the
        same, so that the answer takes as long either way.
        """
        email = self.cleaned_data["email"]
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return self.save(), True
            except IntegrityError:  # Another sign-up with it just won.
                existing = User.objects.get(email__iexact=email)
        make_password(self.cleaned_data["password1"])
        return existing, False


def email_at_one_of(email, domains):
    """Whether the address is at one of the domains or at a subdomain of one."""
    host = email.rpartition("@")[2]
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


class ConfirmEmailForm(forms.Form):
    """The confirmation link opened by someone not signed in as the account:
    its password as well, so that whoever made the account with a stranger's
    address cannot have that stranger confirm it for them."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.user = request, user

    def clean_password(self):
        password = self.cleaned_data["password"]
        signed_in = authenticate(
            self.request, username=self.user.email, password=password
        )
        if signed_in is None or signed_in.pk != self.user.pk:
            raise forms.ValidationError(
                _("That is not this account's password."), code="wrong_password"
            )
        self.user = signed_in
        return password


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, within the hourly limits on account emails, and
    with what was asked in the security log (ids, never the address)."""

    def save(self, request=None, **kwargs):
        email = self.cleaned_data["email"]
        users = list(self.get_users(email))
        client = client_address(request)
        try:
            AccountEmail.objects.record(AccountEmail.Kind.PASSWORD_RESET, email, client)
        except AccountEmailLimited:
            security_log.warning(
                "Password reset for %s held back: hourly limit, from %s",
                _ids(users),
                client,
            )
            return
        security_log.info("Password reset asked for %s from %s", _ids(users), client)
        super().save(request=request, **kwargs)


def _ids(users):
    return ", ".join(f"user {user.pk}" for user in users) or "no account"


class ProfileForm(NameFieldsMixin, forms.ModelForm):
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

    def __init__(self, *args, request, **kwargs):
        self.request, self.user = request, request.user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through sign-in's own check, so that wrong guesses here count
        # towards the same lock as at the login page.
        checked = authenticate(
            self.request, username=self.user.email, password=password
        )
        if checked is None or checked.pk != self.user.pk:
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
