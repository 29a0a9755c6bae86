"""What staff see of contacts: the directory and its organizations.

Students' contacts have no admin list: a student's account page counts them
by stage. A list of their rows, each with its lead source and the minute it
was added, could be matched against a directory person's counts to tell
whom a student approached.
"""

from django.contrib import admin

from accounts.admin_privacy import StrictModelAdmin
from contacts import directory_admin  # noqa: F401  (registers the directory)
from contacts.models import Organization


@admin.register(Organization)
class OrganizationAdmin(StrictModelAdmin):
    """The directory's organizations; a student's own are theirs alone."""

    list_display = ("name", "city", "website", "created_at")
    list_filter = ("city",)
    search_fields = ("name", "city")
    fields = ("name", "website", "city", "notes")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner__isnull=True)
