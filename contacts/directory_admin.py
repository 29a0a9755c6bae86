"""The career-centre directory, as staff keep it in the admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.admin_privacy import StrictModelAdmin
from contacts.models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(StrictModelAdmin):
    list_display = (
        "__str__",
        "job_title",
        "organization",
        "field",
        "city",
        "source",
        "monthly_limit",
        "students_added",
        "added_recently",
        "is_active",
    )
    list_filter = ("is_active", "source", "preferred_channel", "field")
    list_editable = ("is_active",)
    search_fields = (
        "first_name",
        "last_name",
        "job_title",
        "organization__name",
        "field",
        "city",
        "topics",
    )
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    readonly_fields = ("students_added", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("first_name", "last_name"),
                    ("job_title", "field"),
                    "organization",
                    "city",
                    "source",
                    ("program", "graduation_year"),
                    "bio",
                    "topics",
                )
            },
        ),
        (
            _("Approaching them"),
            {
                "fields": (
                    "preferred_channel",
                    "approach_notes",
                    "email",
                    "phone",
                    "mailing_address",
                )
            },
        ),
        (
            _("Availability"),
            {"fields": ("monthly_limit", "is_active", "students_added")},
        ),
        (None, {"fields": (("created_at", "updated_at"),)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(students_total=Count("contacts__owner", distinct=True))
            .with_added_this_month()
        )

    @admin.display(description=_("students who added them"), ordering="students_total")
    def students_added(self, obj):
        return getattr(obj, "students_total", 0)

    @admin.display(description=_("added this month"), ordering="added_this_month")
    def added_recently(self, obj):
        return getattr(obj, "added_this_month", 0)
