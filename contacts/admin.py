from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contacts import directory_admin  # noqa: F401  (registers the directory)
from contacts.models import Contact, ImportBatch, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "owner", "created_at")
    list_filter = (("owner", admin.EmptyFieldListFilter), "city")
    search_fields = ("name", "city", "owner__email")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)


class ReferralInline(admin.TabularInline):
    model = Contact
    fk_name = "referred_by"
    extra = 0
    fields = ("first_name", "last_name", "organization", "stage")
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    verbose_name = _("referral")
    verbose_name_plural = _("people this contact referred")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "organization",
        "field",
        "lead_source",
        "stage",
        "owner",
        "updated_at",
    )
    list_filter = ("stage", "lead_source", "created_at")
    search_fields = (
        "first_name",
        "last_name",
        "email",
        "field",
        "job_title",
        "organization__name",
        "owner__email",
    )
    list_select_related = ("organization", "owner")
    autocomplete_fields = ("owner", "organization", "referred_by", "directory_entry")
    readonly_fields = ("created_at", "updated_at", "stage_changed_at")
    inlines = [ReferralInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "owner",
                    ("first_name", "last_name"),
                    ("job_title", "field"),
                    "organization",
                    ("city", "region"),
                )
            },
        ),
        (
            _("How to reach them"),
            {"fields": ("email", "phone", "mailing_address", "linkedin_url")},
        ),
        (
            _("How the lead was found"),
            {
                "fields": (
                    "lead_source",
                    "found_through",
                    "referred_by",
                    "directory_entry",
                )
            },
        ),
        (
            _("Journey"),
            {
                "fields": (
                    ("stage", "stage_changed_at"),
                    ("keep_in_touch_days", "last_contacted_on"),
                    "notes",
                    ("created_at", "updated_at"),
                )
            },
        ),
    )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Uploads waiting for their student to confirm; staff only look.

    The parsed rows are other people's names and addresses, so, as with
    resumes, staff see that an import exists and not what is in it.
    """

    list_display = ("owner", "source", "filename", "created_at")
    list_filter = ("source", "created_at")
    search_fields = ("owner__email",)
    list_select_related = ("owner",)
    fields = ("owner", "source", "filename", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
