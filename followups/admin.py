from django.contrib import admin

from followups.models import (
    FollowUp,
    Learning,
    ReminderDigest,
    ThankYouNote,
    Touchpoint,
)
from interviews.admin import InterviewAdmin
from interviews.models import Interview


class LearningInline(admin.StackedInline):
    model = Learning
    extra = 0


class ThankYouNoteInline(admin.StackedInline):
    model = ThankYouNote
    extra = 0
    max_num = 1
    autocomplete_fields = ("learnings",)


# An interview owns its learnings and its thank-you note, but those models
# live in this higher app; interviews must not import them, so the inlines are
# added here to the interview admin registered by the lower app.
admin.site.unregister(Interview)


@admin.register(Interview)
class InterviewWithFollowupsAdmin(InterviewAdmin):
    inlines = [*InterviewAdmin.inlines, LearningInline, ThankYouNoteInline]


@admin.register(Learning)
class LearningAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "interview", "created_at")
    list_filter = ("kind", "created_at")
    search_fields = ("text", "interview__contact__last_name", "interview__owner__email")
    list_select_related = ("interview__contact",)
    autocomplete_fields = ("interview",)


@admin.register(ThankYouNote)
class ThankYouNoteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "due_at", "sent_at", "sent_via")
    list_filter = ("status", "sent_via", "due_at")
    search_fields = ("subject", "body", "interview__contact__last_name")
    list_select_related = ("interview__contact",)
    autocomplete_fields = ("interview", "learnings")


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "contact", "due_on", "done_at", "owner")
    list_filter = ("kind", ("done_at", admin.EmptyFieldListFilter), "due_on")
    search_fields = ("title", "notes", "contact__last_name", "owner__email")
    list_select_related = ("contact", "owner")
    autocomplete_fields = ("owner", "contact", "interview")
    date_hierarchy = "due_on"


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ("contact", "kind", "happened_on", "owner")
    list_filter = ("kind", "happened_on")
    search_fields = ("note", "link", "contact__last_name", "owner__email")
    list_select_related = ("contact", "owner")
    autocomplete_fields = ("owner", "contact")
    date_hierarchy = "happened_on"


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "item_count", "sent_at")
    list_filter = ("day",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "day"
    readonly_fields = ("user", "day", "item_count", "sent_at", "created_at")

    def has_add_permission(self, request):
        return False
