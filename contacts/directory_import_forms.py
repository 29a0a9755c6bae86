from django import forms
from django.utils.translation import gettext_lazy as _

from contacts import directory_import


class DirectoryImportForm(forms.Form):
    """The CSV file of directory people; reading it is its validation."""

    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.rows = directory_import.read_upload(uploaded, self.user)
        return uploaded
