"""Accounts in the admin: staff see a student's account and activity as
counts, never what the student wrote, and can never become the student.

A student's account is read-only to everyone in the admin, superusers
included: its password and email address are the student's. What staff may
do to it is an action, each recorded in the account's history: send a
password-reset link to the student's own address, deactivate, reactivate.
Superusers, in addition, hand out staff rights and manage staff accounts.
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.db.models import Count, F, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Registers the admins of lockouts and authenticator apps.
from accounts import sign_in_admin  # noqa: F401
from accounts.account_mail import link_to_the_site
from accounts.admin_privacy import StrictFiltersMixin
from accounts.models import User

security_log = logging.getLogger("infointerview.security")


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


# Account actions are offered on the users list and on each account's page.
BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


def is_student(user):
    return not (user.is_staff or user.is_superuser)


ACCOUNT_FIELDS = (
    "email",
    ("first_name", "last_name"),
    "program",
    ("graduation_year", "province"),
    ("date_joined", "last_login"),
    "is_active",
)


@admin.register(User)
class UserAdmin(StrictFiltersMixin, DjangoUserAdmin):
    form = UserChangeByEmailForm
    add_form = UserCreationByEmailForm
    ordering = ("email",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "program",
        "graduation_year",
        "province",
        "contact_count",
        "date_joined",
        "last_login",
        "is_active",
        "is_staff",
    )
    list_filter = ("is_active", "is_staff", "province", "graduation_year")
    search_fields = ("email", "first_name", "last_name", "program")
    actions = ["send_password_reset", "deactivate", "reactivate"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    student_fieldsets = (
        (None, {"fields": ACCOUNT_FIELDS}),
        (
            gettext_lazy("Activity"),
            {
                "fields": (
                    "contacts_by_stage",
                    "requests_by_status",
                    "interviews_by_status",
                    "thank_you_notes",
                    "touchpoint_count",
                    "resume_count",
                    "shared_journey",
                )
            },
        ),
    )
    staff_fieldsets = (
        (None, {"fields": ("email", "password", ("first_name", "last_name"))}),
        (
            gettext_lazy("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "contacts_by_stage",
        "requests_by_status",
        "interviews_by_status",
        "thank_you_notes",
        "touchpoint_count",
        "resume_count",
        "shared_journey",
    )

    # Only a superuser hands out admin rights: otherwise "change user" would
    # let a staff member make themselves (or anyone) a superuser.
    PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.student_fieldsets if is_student(obj) else self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), "last_login")
        if obj is not None:
            readonly = (*readonly, "date_joined")
        # An email address is how its owner signs in and gets reset links.
        if obj is not None and obj.pk != request.user.pk:
            readonly = (*readonly, "email")
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.PRIVILEGE_FIELDS)

    def has_change_permission(self, request, obj=None):
        """Nobody changes a student's account here, and only superusers change
        staff accounts: a staff member who could rename themselves could sign
        a student's record of journey visits with a colleague's name.

        This also guards the admin's set-password page. Staff change their
        own password at the admin's "Change password".
        """
        if obj is not None:
            if is_student(obj):
                return False
            if not request.user.is_superuser:
                return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # The confirmation page would list every row the account owns by
        # its str(): a student's contacts, learnings and notes. A student
        # deletes their own account.
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        if not super().has_change_permission(request):
            return {}
        return super().get_actions(request, action_location=action_location)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The account's own page offers the actions too; posting one of them
        # is an action, anything else would be a change.
        is_action = f"{ActionLocation.CHANGE_FORM.value}-action" in request.POST
        if request.method == "POST" and not is_action:
            user = self.get_object(request, unquote(object_id))
            if user is not None and is_student(user):
                return self._refuse_student_change(request, user)
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and is_student(user):
            return self._refuse_student_change(request, user)
        return super().user_change_password(request, id, form_url)

    def _refuse_student_change(self, request, user):
        security_log.warning(
            "staff user %s tried to change student account %s through %s",
            request.user.pk,
            user.pk,
            request.path,
        )
        messages.error(
            request,
            _(
                "A student's account is theirs: nothing was changed. Their "
                "password and email address are changed only by them; to help "
                "them sign in, send them a password-reset link (an action of "
                "the users list)."
            ),
        )
        return redirect("admin:accounts_user_change", user.pk)

    # Actions on students' accounts, each recorded in the account's history.

    def _students_in(self, request, queryset):
        students = [user for user in queryset if is_student(user)]
        skipped = len(queryset) - len(students)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d staff account was left as it is: these actions "
                    "are for students' accounts.",
                    "%(count)d staff accounts were left as they are: these "
                    "actions are for students' accounts.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        return students

    def _record(self, request, user, message):
        self.log_change(request, user, message)
        security_log.info(
            "staff user %s on account %s: %s", request.user.pk, user.pk, message
        )

    @admin.action(description=gettext_lazy("Send a password-reset link"), location=BOTH)
    def send_password_reset(self, request, queryset):
        sent = 0
        for user in self._students_in(request, queryset):
            if not user.is_active:
                continue
            form = PasswordResetForm({"email": user.email})
            form.is_valid()
            form.save(request=request, **link_to_the_site(request))
            self._record(request, user, "Sent a password-reset link.")
            sent += 1
        self.message_user(
            request,
            ngettext(
                "A password-reset link went to %(count)d student's own address.",
                "A password-reset link went to %(count)d students' own addresses.",
                sent,
            )
            % {"count": sent}
            + (
                " " + _("Deactivated accounts get none.")
                if sent < len(queryset)
                else ""
            ),
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Deactivate: the student cannot sign in"),
        location=BOTH,
    )
    def deactivate(self, request, queryset):
        changed = self._set_active(request, queryset, False, "Deactivated.")
        self.message_user(
            request,
            ngettext(
                "%(count)d account deactivated.",
                "%(count)d accounts deactivated.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Reactivate"), location=BOTH)
    def reactivate(self, request, queryset):
        changed = self._set_active(request, queryset, True, "Reactivated.")
        self.message_user(
            request,
            ngettext(
                "%(count)d account reactivated.",
                "%(count)d accounts reactivated.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    def _set_active(self, request, queryset, active, message):
        changed = 0
        for user in self._students_in(request, queryset):
            if user.is_active == active:
                continue
            user.is_active = active
            user.save(update_fields=["is_active"])
            self._record(request, user, message)
            changed += 1
        return changed

    # The student's activity, as counts. Reached through the reverse
    # relations by name: accounts must not import the apps above it.

    @admin.display(description=gettext_lazy("contacts"), ordering="contact_total")
    def contact_count(self, obj):
        return obj.contact_total

    @admin.display(description=gettext_lazy("contacts by stage"))
    def contacts_by_stage(self, obj):
        return _count_by(obj.contacts, "stage")

    @admin.display(description=gettext_lazy("requests by status"))
    def requests_by_status(self, obj):
        return _count_by(obj.interview_requests, "status")

    @admin.display(description=gettext_lazy("interviews by status"))
    def interviews_by_status(self, obj):
        return _count_by(obj.interviews, "status")

    @admin.display(description=gettext_lazy("thank-you notes"))
    def thank_you_notes(self, obj):
        counts = obj.interviews.aggregate(
            sent=Count("thank_you_note", filter=Q(thank_you_note__status="sent")),
            on_time=Count(
                "thank_you_note",
                filter=Q(
                    thank_you_note__status="sent",
                    thank_you_note__sent_at__lte=F("thank_you_note__due_at"),
                ),
            ),
        )
        return _("%(sent)d sent, %(on_time)d of them within a day") % counts

    @admin.display(description=gettext_lazy("touchpoints"))
    def touchpoint_count(self, obj):
        return obj.touchpoints.count()

    @admin.display(description=gettext_lazy("resumes"))
    def resume_count(self, obj):
        return obj.resumes.count()

    @admin.display(description=gettext_lazy("shared journey"))
    def shared_journey(self, obj):
        if not obj.is_sharing_journey():
            return _("Not shared with the career centre.")
        return _journey_link(obj)


def _journey_link(user):
    # By the URL's name: the journey page lives in the top app.
    return format_html(
        '<a href="{}">{}</a>',
        reverse("journeys:detail", args=[user.pk]),
        _("Open the journey they share (your visit is shown to them)"),
    )


def _count_by(rows, name):
    """How many of the rows have each value of a choice field, labelled as
    the field labels them ("Requested: 2, Sent: 1"), in one query."""
    labels = dict(rows.model._meta.get_field(name).flatchoices)
    counts = rows.order_by().values_list(name).annotate(n=Count("pk"))
    shown = [(labels.get(value, value), n) for value, n in counts if n]
    if not shown:
        return _("none")
    return format_html_join(", ", "{}: {}", shown)


# Django's own group admin, with lists that accept only the filters they show,
# like every other page of this admin.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(StrictFiltersMixin, DjangoGroupAdmin):
    pass
