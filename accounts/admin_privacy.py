"""The admin's rules for what career-centre staff may see of students' rows.

Students' words are theirs (../shared/DESIGN.md, "Whose data is what"): an
admin page may show the statuses, dates and counts that running the service
needs, never a student's free text. Two pieces enforce it everywhere:

- StrictFiltersMixin: a list page accepts only the filters it offers. Out of
  the box the admin also accepts any lookup on a model's own fields, so
  ``?calendar_token__regex=^a`` or ``?rows__icontains=@`` would let a curious
  staff member recover a private value one guess at a time by watching the
  row count.
- ActivityAdmin: a read-only list of a student-owned model with only the
  columns it names. It has no change, history or delete page, because those
  pages title a row with its str(), which for most of these rows is built
  from the student's own words ("Interview with Priya Raman").
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from accounts import security, two_factor

security_log = logging.getLogger("infointerview.security")


class ForgedFilter(Exception):
    """A list page's query string asked for a filter the page does not offer."""

    def __init__(self, names):
        super().__init__(", ".join(names))
        self.names = names


class StrictChangeList(ChangeList):
    def get_filters(self, request):
        specs, has_filters, remaining, duplicates, active = super().get_filters(request)
        # What the page's own filters and date drill-down did not consume is
        # a lookup nobody offered; the stock list would apply it as it is.
        hierarchy = self.model_admin.date_hierarchy
        offered = {f"{hierarchy}__gte", f"{hierarchy}__lt"} if hierarchy else set()
        forged = sorted(set(remaining) - offered)
        if forged:
            raise ForgedFilter(forged)
        return specs, has_filters, remaining, duplicates, active


class StrictFiltersMixin:
    def lookup_allowed(self, lookup, value, request):
        # Judged after the filters have taken their parameters, by
        # StrictChangeList, which refuses whatever is left; this stock check
        # would otherwise answer first, with a bare 400 page.
        return True

    def get_changelist(self, request, **kwargs):
        return StrictChangeList

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ForgedFilter as forged:
            security_log.warning(
                "admin list %s refused filters %s from user %s",
                request.path,
                ", ".join(forged.names),
                request.user.pk,
            )
            messages.error(
                request,
                ngettext(
                    "This list cannot be filtered by %(names)s; that filter was "
                    "removed.",
                    "This list cannot be filtered by %(names)s; those filters "
                    "were removed.",
                    len(forged.names),
                )
                % {"names": ", ".join(f"“{name}”" for name in forged.names)},
            )
            kept = request.GET.copy()
            for name in forged.names:
                kept.pop(name, None)
            query = kept.urlencode()
            return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


class StrictModelAdmin(StrictFiltersMixin, admin.ModelAdmin):
    """A model admin whose list pages accept only the filters they offer."""


class ActivityAdmin(StrictModelAdmin):
    """A read-only list of students' activity: statuses, dates and counts.

    Subclasses name the columns (list_display) and filters; search is by the
    student's account only. Rows link nowhere and nothing can be changed.
    """

    list_display_links = None
    search_fields = ("owner__email",)
    actions = None
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The list only: a row's own page would be titled with its str().
        if obj is not None:
            return False
        return super().has_view_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied(_("Students' rows are seen only as counts and dates."))


# The one rule for every figure staff see, in the reports and in the admin:
# resting on fewer students than REPORTS_MIN_STUDENTS, a number could be
# matched to one student's rows, so it reads "fewer than 5" instead.


def too_few_students(students):
    return students < settings.REPORTS_MIN_STUDENTS


def fewer_than():
    return _("fewer than %(count)s") % {"count": settings.REPORTS_MIN_STUDENTS}


def shown_count(count, students):
    """A count as staff may see it."""
    return fewer_than() if too_few_students(students) else count


class PrivateAdminSite(admin.AdminSite):
    """The admin site, open to staff who passed the second step of signing
    in, with an autocomplete that answers only the choosers the admin really
    offers.

    A password alone does not open the admin: staff also give a code from
    their authenticator app (accounts/two_factor.py). has_permission asks for
    both, and admin_view asks it on every admin page, the shared journeys and
    the reports included.

    Django's own autocomplete answers for any foreign key whose target is
    registered with search fields, labelling each row with its str(): asked
    for "the contact of an interview request", it would list every student's
    contacts by name, though no page offers that chooser.
    """

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.is_verified(request.user)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """Django's admin login, then the second step for staff."""
        if not two_factor.needs_second_step(request.user):
            response = super().login(request, extra_context)
            if not two_factor.needs_second_step(request.user):
                return response
        # Signed in by password, now or earlier: the code comes next, not the
        # admin's own "you are not authorized" page.
        return redirect(two_factor.second_step_url(two_factor.safe_next(request)))

    def password_change(self, request, extra_context=None):
        response = super().password_change(request, extra_context)
        # Django's view answers a valid change with a redirect to "done".
        if request.method == "POST" and response.status_code == 302:
            security.log_event("password changed", request, request.user.pk)
        return response

    def autocomplete_view(self, request):
        field_name = request.GET.get("field_name", "")
        try:
            source = apps.get_model(
                request.GET.get("app_label", ""), request.GET.get("model_name", "")
            )
            source_admin = self.get_model_admin(source)
        except (LookupError, ValueError, admin.sites.NotRegistered):
            source_admin = None
        if (
            source_admin is None
            or field_name not in source_admin.get_autocomplete_fields(request)
        ):
            security_log.warning(
                "admin autocomplete refused for %s.%s.%s from user %s",
                request.GET.get("app_label", ""),
                request.GET.get("model_name", ""),
                field_name,
                request.user.pk,
            )
            raise PermissionDenied
        return super().autocomplete_view(request)
