"""The search and filters of the career-centre directory (GET parameters)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import Channel, DirectoryEntry


def distinct_values(entries, name):
    """The values of a column among the entries, once each whatever their case."""
    values = entries.exclude(**{name: ""}).order_by(name).values_list(name, flat=True)
    seen = {}
    for value in values.distinct():
        seen.setdefault(value.casefold(), value)
    return sorted(seen.values(), key=str.casefold)


class DirectorySearchForm(forms.Form):
    """Search and filters. A value that does not fit is reported on its field
    and that filter is left out, so an old bookmark still shows a page."""

    class Sort(models.TextChoices):
        NAME = "name", _("Name")
        ORGANIZATION = "organization", _("Organization")

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, job title, organization, field, city or topic."),
    )
    field = forms.ChoiceField(label=_("Field of work"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    source = forms.ChoiceField(
        label=_("Offered through"),
        required=False,
        choices=[("", _("Career centre or alumni office"))]
        + DirectoryEntry.Source.choices,
    )
    channel = forms.ChoiceField(
        label=_("Prefers to be approached by"),
        required=False,
        choices=[("", _("Any way"))] + Channel.choices,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, data, *, entries):
        """entries: the entries a student may see, whose fields and cities
        are offered as choices."""
        super().__init__(data)
        self.fields["field"].choices = [("", _("Any field"))] + [
            (value, value) for value in distinct_values(entries, "field")
        ]
        self.fields["city"].choices = [("", _("Any city"))] + [
            (value, value) for value in distinct_values(entries, "city")
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-lg-8"),
                Column("sort", css_class="col-sm-6 col-lg-4"),
            ),
            Row(
                *(
                    Column(name, css_class="col-sm-6 col-lg-3")
                    for name in ("field", "city", "source", "channel")
                )
            ),
        )

    def filter(self, entries):
        """The entries that match the valid part of the search, sorted."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            entries = entries.search(data["q"])
        if data.get("field"):
            entries = entries.filter(field__iexact=data["field"])
        if data.get("city"):
            entries = entries.filter(city__iexact=data["city"])
        if data.get("source"):
            entries = entries.filter(source=data["source"])
        if data.get("channel"):
            entries = entries.filter(preferred_channel=data["channel"])
        if data.get("sort") == self.Sort.ORGANIZATION:
            return entries.order_by(
                models.F("organization__name").asc(nulls_last=True),
                "last_name",
                "first_name",
                "id",
            )
        return entries.order_by("last_name", "first_name", "id")
