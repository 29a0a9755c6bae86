"""What staff see of interviews: the shared question bank and the campus
wording, which they keep, and students' requests and interviews as channels,
statuses and dates only (accounts/admin_privacy.py says why), and who reached
a sending limit when, never to whom the email was."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_privacy import ActivityAdmin, StrictModelAdmin
from interviews.drafting import validate_template
from interviews.models import (
    Interview,
    InterviewRequest,
    MessageTemplate,
    Question,
    SendingLimitHit,
)


@admin.register(InterviewRequest)
class InterviewRequestActivityAdmin(ActivityAdmin):
    list_display = ("owner", "channel", "status", "sent_at", "answered_at")
    list_filter = ("status", "channel", "sent_at")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"


@admin.register(Interview)
class InterviewActivityAdmin(ActivityAdmin):
    list_display = ("owner", "starts_at", "duration_minutes", "format", "status")
    list_filter = ("status", "format", "starts_at")
    list_select_related = ("owner",)
    date_hierarchy = "starts_at"


@admin.register(SendingLimitHit)
class SendingLimitHitAdmin(ActivityAdmin):
    """Who hit a sending limit, which and when: one row per email refused.

    The emails sent (SentEmail) have no page: beyond a date, all they hold
    is a digest of the address written to, which is not staff's to see.
    """

    list_display = ("student", "limit", "at")
    list_filter = ("limit",)
    list_select_related = ("owner",)
    date_hierarchy = "at"

    @admin.display(description=_("student's email"), ordering="owner__email")
    def student(self, hit):
        return hit.owner.email


@admin.register(Question)
class QuestionAdmin(StrictModelAdmin):
    """The shared bank; a student's own questions are theirs alone."""

    list_display = ("text", "category", "position", "is_active")
    list_filter = ("category", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("text", "key")
    fields = ("text", "category", "position", "is_active", "key", "created_at")
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).shared()


class CampusWordingForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("kind", "subject", "body")

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        validate_template(subject)
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"]
        validate_template(body)
        return body

    def clean_kind(self):
        # The model's constraint names the owner, which is not on this form,
        # so the form would not check it: an IntegrityError otherwise.
        kind = self.cleaned_data["kind"]
        others = MessageTemplate.objects.campus().exclude(pk=self.instance.pk)
        if others.filter(kind=kind).exists():
            raise forms.ValidationError(
                _("The campus already has wording of this kind; change that one."),
                code="unique",
            )
        return kind


@admin.register(MessageTemplate)
class CampusWordingAdmin(StrictModelAdmin):
    """The campus wording students start from; their own wording is theirs."""

    form = CampusWordingForm
    list_display = ("kind", "subject", "updated_at")
    list_filter = ("kind",)
    search_fields = ("subject", "body")

    def get_queryset(self, request):
        return super().get_queryset(request).campus()

    def get_readonly_fields(self, request, obj=None):
        # One wording of each kind: its kind is what it is for.
        return ("kind",) if obj is not None else ()
