import datetime

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from contacts.models import Channel, Contact, LeadSource, Organization


class OwnContactField(forms.ModelChoiceField):
    """A choice among the user's own contacts; anything else is a form error."""

    default_error_messages = {
        "invalid_choice": _("Choose one of your own contacts."),
    }

    def label_from_instance(self, obj):
        if obj.organization_id and not obj.is_known_by_role:
            return f"{obj.full_name} ({obj.organization.name})"
        return obj.full_name


class ContactForm(forms.ModelForm):
    organization_name = forms.CharField(
        label=_("Organization"),
        max_length=Organization._meta.get_field("name").max_length,
        required=False,
        help_text=_("Pick one of yours or type a new one; it is added for you."),
        widget=forms.TextInput(attrs={"list": "organization-names"}),
    )
    referred_by = OwnContactField(
        queryset=Contact.objects.none(),
        required=False,
        label=_("Referred by"),
        help_text=_("For a referral: the contact who suggested this person."),
    )

    class Meta:
        model = Contact
        fields = (
            "first_name",
            "last_name",
            "job_title",
            "field",
            "organization_name",
            "city",
            "region",
            "email",
            "phone",
            "mailing_address",
            "linkedin_url",
            "preferred_channel",
            "lead_source",
            "found_through",
            "referred_by",
            "keep_in_touch_days",
            "notes",
        )
        widgets = {
            "mailing_address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        others = Contact.objects.for_user(owner).select_related("organization")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["referred_by"].queryset = others
        # No source is preselected: the student says how they found the person.
        self.fields["lead_source"].choices = [
            ("", _("Choose how you found them"))
        ] + LeadSource.choices
        self.fields["lead_source"].error_messages["required"] = _(
            "Choose how you found them."
        )
        self.fields["preferred_channel"].choices = [
            ("", _("No preference"))
        ] + Channel.choices
        self.fields["first_name"].help_text = _(
            "Don't know their name yet? Leave it empty and give their job title "
            "and organization, e.g. “Theatre manager” at “Massey Hall”."
        )
        if self.instance.organization_id:
            self.initial.setdefault(
                "organization_name", self.instance.organization.name
            )
        self.organization_names = list(
            Organization.objects.for_user(owner).values_list("name", flat=True)
        )

    def clean(self):
        cleaned = super().clean()
        require_name_or_role(self)
        return cleaned


def require_name_or_role(form):
    """A person is named, or known by role *somewhere*: "the theatre manager
    at Massey Hall" is a person to ask for, a bare "theatre manager" is not.

    For any form with first_name, job_title and organization_name fields.
    """
    cleaned = form.cleaned_data
    has_role = cleaned.get("job_title") and cleaned.get("organization_name")
    if (
        not cleaned.get("first_name")
        and not has_role
        and "first_name" not in form.errors
    ):
        form.add_error(
            "first_name",
            _(
                "Give their first name, or, if you don't know it, their job "
                "title and organization."
            ),
        )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to"),
        choices=Contact.Stage.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class MergeForm(forms.Form):
    duplicate = OwnContactField(
        queryset=Contact.objects.none(),
        label=_("The duplicate to fold into this contact"),
        help_text=_(
            "Its requests, interviews, notes, follow-ups and touchpoints move "
            "here; then it is deleted."
        ),
    )

    def __init__(self, *args, keeper, **kwargs):
        super().__init__(*args, **kwargs)
        self.keeper = keeper
        self.fields["duplicate"].queryset = (
            Contact.objects.for_user(keeper.owner)
            .exclude(pk=keeper.pk)
            .select_related("organization")
        )

    def clean_duplicate(self):
        duplicate = self.cleaned_data["duplicate"]
        reasons = self.keeper.merge_clashes(duplicate)
        if reasons:
            raise forms.ValidationError(
                [
                    _("These two cannot be merged as they are."),
                    *reasons,
                ],
                code="clash",
            )
        return duplicate


class ContactFilterForm(forms.Form):
    """The search, filters and order of the contact list (all optional)."""

    SORTS = {
        "name": ("last_name", "first_name", "id"),
        "-created": ("-created_at", "-id"),
        "organization": ("organization__name", "last_name", "first_name", "id"),
        "stage": ("stage_rank", "last_name", "first_name", "id"),
        "-last_contact": (
            F("last_contacted_on").desc(nulls_last=True),
            "last_name",
            "first_name",
            "id",
        ),
    }

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    lead_source = forms.ChoiceField(label=_("Lead source"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    city = forms.ChoiceField(label=_("City"), required=False)
    untouched = forms.IntegerField(
        label=_("Not touched in (days)"), required=False, min_value=1, max_value=3650
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-created", _("Newest first")),
            ("organization", _("Organization")),
            ("stage", _("Stage")),
            ("-last_contact", _("Most recent contact")),
        ],
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Any"))]
        mine = Contact.objects.for_user(owner).order_by()
        self.fields["stage"].choices = everyone + Contact.Stage.choices
        self.fields["lead_source"].choices = everyone + LeadSource.choices
        self.fields["field"].choices = everyone + _distinct(mine, "field")
        self.fields["city"].choices = everyone + _distinct(mine, "city")
        self.fields["organization"].queryset = Organization.objects.for_user(owner)
        self.fields["organization"].empty_label = _("Any")

    def apply(self, contacts, today):
        """The contacts that match the valid filters, in the chosen order."""
        self.is_valid()  # a bad filter is shown as an error and left out
        data = self.cleaned_data
        if data.get("q"):
            contacts = contacts.search(data["q"])
        for name in ("stage", "lead_source", "field", "city", "organization"):
            if data.get(name):
                contacts = contacts.filter(**{name: data[name]})
        if data.get("untouched"):
            since = today - datetime.timedelta(days=data["untouched"])
            contacts = contacts.not_touched_since(since)
        order = self.SORTS[data.get("sort") or "name"]
        return contacts.with_stage_rank().order_by(*order)


def _distinct(queryset, name):
    values = queryset.exclude(**{name: ""}).values_list(name, flat=True).distinct()
    return [(value, value) for value in sorted(set(values), key=str.lower)]
