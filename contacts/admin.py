"""What staff see of contacts: the directory's organizations, and students'
contacts as stages and dates only (accounts/admin_privacy.py says why)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_privacy import ActivityAdmin, StrictModelAdmin
from contacts import directory_admin  # noqa: F401  (registers the directory)
from contacts.models import Contact, Organization


@admin.register(Organization)
class OrganizationAdmin(StrictModelAdmin):
    """The directory's organizations; a student's own are theirs alone."""

    list_display = ("name", "city", "website", "created_at")
    list_filter = ("city",)
    search_fields = ("name", "city")
    fields = ("name", "website", "city", "notes")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner__isnull=True)


@admin.register(Contact)
class ContactActivityAdmin(ActivityAdmin):
    """Students' contacts as the pipeline sees them: no name, no address."""

    list_display = (
        "owner",
        "stage",
        "lead_source",
        "from_the_directory",
        "created_at",
        "stage_changed_at",
    )
    list_filter = ("stage", "lead_source", "created_at")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")

    @admin.display(description=_("from the directory"), boolean=True)
    def from_the_directory(self, obj):
        return obj.directory_entry_id is not None
