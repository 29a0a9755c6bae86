"""Signing in, in the admin: lockouts staff can lift, and the authenticator
apps a superuser can remove.

Both replace the admin pages that django-axes and django-otp would register
on their own: axes's shows the request data it stores with each failure
(where a password typed into the email field would be), and django-otp's can
show a device's secret key.
"""

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security
from accounts.admin_privacy import StrictModelAdmin
from accounts.models import User

security_log = logging.getLogger("infointerview.security")


@admin.register(AccessAttempt)
class AccessAttemptAdmin(StrictModelAdmin):
    """Failed sign-ins still counted, by account and address (see
    accounts/security.py): a list, searched by exact email or address, with
    one action, Unlock. Rows are django-axes's and change only through it."""

    list_display = (
        "account",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        "counted_until",
    )
    list_display_links = None
    search_fields = ("=username", "=ip_address")
    search_help_text = gettext_lazy(
        "A student's whole email address, or a whole IP address."
    )
    ordering = ("-attempt_time",)
    actions = ["unlock"]
    show_full_result_count = False

    def get_queryset(self, request):
        accounts = User.objects.filter(email=OuterRef("username"))
        return super().get_queryset(request).annotate(is_account=Exists(accounts))

    @admin.display(description=gettext_lazy("Account"), ordering="username")
    def account(self, attempt):
        # What was typed is shown only when it names an account: a password
        # typed into the email field must not end up on this page.
        if attempt.is_account:
            return attempt.username
        return _("not an account")

    @admin.display(description=gettext_lazy("Counted until"))
    def counted_until(self, attempt):
        return attempt.attempt_time + settings.AXES_COOLOFF_TIME

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only through Unlock, which is logged.
        return False

    def has_view_permission(self, request, obj=None):
        # The list only: a row's own page would show the request data.
        return obj is None and super().has_view_permission(request)

    def has_unlock_permission(self, request):
        return request.user.has_perm("axes.delete_accessattempt")

    @admin.action(
        description=gettext_lazy("Unlock: forget these failed sign-ins"),
        permissions=["unlock"],
    )
    def unlock(self, request, queryset):
        """Clear every failure counted against the selected rows' accounts
        and addresses, so that none of them is locked any more."""
        rows = list(
            queryset.order_by().values_list("username", "ip_address").distinct()
        )
        security.clear_failures(
            usernames={username for username, _address in rows},
            addresses={address for _username, address in rows},
        )
        for username, address in rows:
            security_log.info(
                "sign-in unlocked for user %s at address %s by user %s from %s",
                security.account_named(username),
                address or security.UNKNOWN,
                request.user.pk,
                security.client_ip(request) or security.UNKNOWN,
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d sign-in lock lifted: the account and the address can "
                "sign in again.",
                "%(count)d sign-in locks lifted: those accounts and addresses "
                "can sign in again.",
                len(rows),
            )
            % {"count": len(rows)},
            messages.SUCCESS,
        )


# django-otp's plugin registers its own admin as it is imported; whichever
# of the two runs first, this one is what the site keeps.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(StrictModelAdmin):
    """Staff members' authenticator apps, for superusers: who has one, since
    when, last used. A lost phone's app is deleted here, and its owner sets
    up the new one at their next sign-in. Never the secret key: whoever saw
    it could make the codes."""

    list_display = (
        "user",
        "name",
        "confirmed",
        "created_at",
        "last_used_at",
        "throttling_failure_count",
    )
    list_filter = ("confirmed",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = list_display
    readonly_fields = list_display
    ordering = ("user__email", "pk")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        # Staff enrol their own app, on the second step of signing in.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._log_removed(request, [obj])

    def delete_queryset(self, request, queryset):
        devices = list(queryset)
        super().delete_queryset(request, queryset)
        self._log_removed(request, devices)

    def _log_removed(self, request, devices):
        for device in devices:
            security_log.info(
                "two-factor device removed for user %s by user %s from %s",
                device.user_id,
                request.user.pk,
                security.client_ip(request) or security.UNKNOWN,
            )
