from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import PLACEHOLDERS, Question, validate_placeholders


class QuestionForm(forms.ModelForm):
    """A question of the user's own bank; the owner comes from the view."""

    # Declared here rather than derived from the model so the field has no
    # max_length: a browser silently cuts a pasted question at maxlength,
    # where clean_text can tell the student how long it is and what fits.
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the question.")},
    )

    class Meta:
        model = Question
        fields = ("text", "category")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation so the model's own checks see the owner, and
        # whatever "owner" a POST carries is never a field of this form.
        self.instance.owner = owner
        # Built per request, in the student's language.
        self.fields["text"].help_text = _(
            "Up to %(limit)d characters. You can use %(placeholders)s; each is "
            "filled in from the interview. Write {{ or }} for a brace on its own."
        ) % {
            "limit": Question.MAX_LENGTH,
            "placeholders": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
        }
        self.fields["category"].help_text = _(
            "Where it appears in your bank and in an interview's suggested set."
        )

    def clean_text(self):
        # The field has already stripped the text, and refused it if empty.
        text = self.cleaned_data["text"]
        if len(text) > Question.MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Keep the question to %(limit)d characters or fewer; "
                    "this one has %(length)d."
                ),
                code="max_length",
                params={"limit": Question.MAX_LENGTH, "length": len(text)},
            )
        # The model's own rule (so the words match the admin's), called here to
        # keep every rule for the text in one place and give one message at a time.
        validate_placeholders(text)
        return text
