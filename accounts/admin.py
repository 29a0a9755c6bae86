from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import Resume, User


class UserChangeByEmailForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes = {}


class UserCreationByEmailForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)
        field_classes = {}


class ResumeInline(admin.TabularInline):
    model = Resume
    extra = 0
    fields = ("label", "kind", "size", "uploaded_at")
    readonly_fields = fields
    show_change_link = False
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeByEmailForm
    add_form = UserCreationByEmailForm
    ordering = ("email",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "program",
        "graduation_year",
        "contact_count",
        "is_staff",
        "date_joined",
    )
    list_filter = ("is_staff", "is_active", "province", "graduation_year")
    search_fields = ("email", "first_name", "last_name", "program")
    inlines = [ResumeInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "program",
                    "graduation_year",
                    "province",
                    "time_zone",
                )
            },
        ),
        (
            _("Self-assessment"),
            {"fields": ("interests", "strengths", "values", "target_occupations")},
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "classes": ("collapse",),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    # Career-centre staff manage students' accounts, but only a superuser
    # hands out admin rights: otherwise "change user" would let a staff
    # member make themselves (or anyone) a superuser.
    PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.PRIVILEGE_FIELDS)

    def has_change_permission(self, request, obj=None):
        """Staff may change students and themselves, not other staff accounts.

        This also guards the admin's set-password page for those accounts.
        """
        if (
            obj is not None
            and obj.is_staff
            and obj.pk != request.user.pk
            and not request.user.is_superuser
        ):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("contacts"), ordering="contact_total")
    def contact_count(self, obj):
        return obj.contact_total


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("label", "owner", "kind", "size", "uploaded_at")
    list_filter = ("kind", "uploaded_at")
    search_fields = ("label", "original_name", "owner__email")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    # Staff see that a resume exists, never its file: resumes are private.
    fields = ("owner", "label", "kind", "original_name", "size", "uploaded_at")
    readonly_fields = ("kind", "original_name", "size", "uploaded_at")

    def has_add_permission(self, request):
        return False
