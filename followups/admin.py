"""What staff see of follow-ups: whether each thank-you went out and how long
after, and the reminder emails' delivery. Learnings, follow-ups and
touchpoints are the student's own words and have no admin page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_privacy import ActivityAdmin, StrictModelAdmin
from followups.models import ReminderDigest, ThankYouNote


@admin.register(ThankYouNote)
class ThankYouNoteActivityAdmin(ActivityAdmin):
    list_display = (
        "student",
        "status",
        "due_at",
        "sent_at",
        "sent_via",
        "on_time",
        "sent_after",
    )
    list_filter = ("status", "sent_via", "due_at")
    list_select_related = ("interview__owner",)
    search_fields = ("interview__owner__email",)
    date_hierarchy = "due_at"

    @admin.display(description=_("student"), ordering="interview__owner__email")
    def student(self, obj):
        return obj.interview.owner

    @admin.display(description=_("sent after the interview"))
    def sent_after(self, obj):
        if obj.sent_at is None:
            return "—"
        hours = max(0, (obj.sent_at - obj.interview.ends_at).total_seconds() // 3600)
        if hours < 48:
            return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
        days = hours // 24
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}

    @admin.display(description=_("sent within a day"), boolean=True)
    def on_time(self, obj):
        if obj.sent_at is None:
            return None
        return obj.sent_at <= obj.due_at


@admin.register(ReminderDigest)
class ReminderDigestAdmin(StrictModelAdmin):
    """Whether each day's reminder went out; never what it listed."""

    list_display = ("user", "day", "item_count", "sent_at")
    list_filter = ("day",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "day"
    fields = ("user", "day", "item_count", "sent_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
