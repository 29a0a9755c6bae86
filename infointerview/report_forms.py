"""The period and filters of the career centre's reports, read from the query
string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Province
from contacts.models import Channel, DirectoryEntry, LeadSource
from infointerview import reports

ALL = [("", _("All"))]


class ReportForm(forms.Form):
    TERM = "term"
    YEAR = "year"
    RANGE = "range"

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (TERM, _("This term")),
            (YEAR, _("This academic year")),
            (RANGE, _("From … to …")),
        ],
        initial=TERM,
    )
    first = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    last = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    program = forms.CharField(label=_("Program"), max_length=200, required=False)
    graduation_year = forms.IntegerField(
        label=_("Graduation year"), min_value=1950, max_value=2100, required=False
    )
    province = forms.ChoiceField(
        label=_("Province or territory"), choices=ALL + Province.choices, required=False
    )
    lead_source = forms.ChoiceField(
        label=_("Lead source"), choices=ALL + LeadSource.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("Request channel"), choices=ALL + Channel.choices, required=False
    )
    # A number, not a list of every person in the directory: the directory's
    # own pages link here with it set.
    directory_entry = forms.IntegerField(
        label=_("Directory person (number)"), min_value=1, required=False
    )

    @classmethod
    def from_query(cls, query):
        """The form for a query string; with no period given, this term."""
        data = query.copy()
        data.setdefault("period", cls.TERM)
        return cls(data)

    def clean_directory_entry(self):
        pk = self.cleaned_data["directory_entry"]
        if pk is None:
            return None
        entry = DirectoryEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise forms.ValidationError(
                _("No one in the directory has the number %(pk)s."),
                code="unknown",
                params={"pk": pk},
            )
        return entry

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period == self.TERM:
            data["span"] = reports.this_term()
        elif period == self.YEAR:
            data["span"] = reports.this_academic_year()
        elif period == self.RANGE:
            data["span"] = self._clean_range(data)
        return data

    def _clean_range(self, data):
        first, last = data.get("first"), data.get("last")
        if "first" in self.errors or "last" in self.errors:
            return None
        if first is None or last is None:
            raise forms.ValidationError(
                _("Give both the first and the last day of the range."),
                code="incomplete",
            )
        if last < first:
            self.add_error("last", _("The range ends before it starts."))
            return None
        if reports.too_long(first, last):
            self.add_error(
                "last",
                _("A range may span at most %(years)s years.")
                % {"years": reports.MAX_RANGE_YEARS},
            )
            return None
        return reports.date_range(first, last)

    def report(self):
        """The report for the cleaned period and filters."""
        data = self.cleaned_data
        return reports.Report(
            data["span"],
            program=data["program"].strip(),
            graduation_year=data["graduation_year"],
            province=data["province"],
            lead_source=data["lead_source"],
            channel=data["channel"],
            directory_entry=data["directory_entry"],
        )
