from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from interviews.models import (
    Interview,
    InterviewQuestion,
    InterviewRequest,
    MessageTemplate,
    Question,
    Reschedule,
)


@admin.register(InterviewRequest)
class InterviewRequestAdmin(admin.ModelAdmin):
    list_display = ("contact", "channel", "status", "sent_at", "answered_at", "owner")
    list_filter = ("status", "channel", "sent_at")
    search_fields = (
        "subject",
        "contact__first_name",
        "contact__last_name",
        "owner__email",
    )
    list_select_related = ("contact", "owner")
    autocomplete_fields = ("owner", "contact", "resume")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at")


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    extra = 0
    fields = ("position", "text", "answer", "question")
    autocomplete_fields = ("question",)


class RescheduleInline(admin.TabularInline):
    model = Reschedule
    extra = 0
    fields = ("previous_starts_at", "previous_duration_minutes", "rescheduled_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = (
        "contact",
        "starts_at",
        "duration_minutes",
        "format",
        "status",
        "preparation",
        "owner",
    )
    list_filter = ("status", "format", "starts_at")
    search_fields = ("contact__first_name", "contact__last_name", "owner__email")
    list_select_related = ("contact", "owner")
    autocomplete_fields = ("owner", "contact", "request")
    date_hierarchy = "starts_at"
    readonly_fields = ("completed_at", "uid", "sequence", "created_at", "updated_at")
    inlines = [InterviewQuestionInline, RescheduleInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "owner",
                    "contact",
                    "request",
                    ("starts_at", "duration_minutes"),
                    ("format", "location"),
                    ("status", "cancel_reason", "completed_at"),
                )
            },
        ),
        (
            _("Preparation"),
            {
                "fields": (
                    *Interview.PREP_FIELDS,
                    "research_notes",
                    "logistics_notes",
                )
            },
        ),
        (_("Notes"), {"fields": ("notes", ("created_at", "updated_at"))}),
    )

    @admin.display(description=_("preparation"))
    def preparation(self, obj):
        return f"{obj.prep_done}/{obj.prep_total}"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "category", "position", "is_active", "owner")
    list_filter = ("category", "is_active", ("owner", admin.EmptyFieldListFilter))
    list_editable = ("position", "is_active")
    search_fields = ("text", "key")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    readonly_fields = ("created_at",)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "owner", "subject", "updated_at")
    list_filter = ("kind",)
    search_fields = ("subject", "body", "owner__email")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
