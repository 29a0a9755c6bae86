from django import forms
from django.utils.translation import gettext_lazy as _

from contacts import transfer


class ImportForm(forms.Form):
    """The file to import; reading it is its validation, so it is read once."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(
            attrs={"accept": ".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard"}
        ),
        help_text=_(
            "LinkedIn's Connections.csv, a CSV file with our column headings, or a "
            "vCard file (.vcf) from your phone or address book. At most 5 MB and "
            "5,000 contacts."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.parsed = transfer.read_upload(uploaded)
        return uploaded
