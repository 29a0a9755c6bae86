"""The career-centre directory, as staff keep it in the admin."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.admin_privacy import StrictModelAdmin, shown_count
from contacts import directory_import
from contacts.directory_import_forms import DirectoryImportForm
from contacts.models import DirectoryEntry, DirectoryImport

# How long someone may go without a request before staff hear of it.
QUIET_FOR = datetime.timedelta(days=365)


class PausedFilter(admin.SimpleListFilter):
    # Not the field's own filter: a pause whose end date has passed is over.
    title = gettext_lazy("paused")
    parameter_name = "paused"

    def lookups(self, request, model_admin):
        return [
            ("yes", gettext_lazy("Paused today")),
            ("no", gettext_lazy("Taking students")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.paused()
        if self.value() == "no":
            return queryset.not_paused()
        return queryset


class ContactedFilter(admin.SimpleListFilter):
    title = gettext_lazy("requests from students")
    parameter_name = "contacted"

    def lookups(self, request, model_admin):
        return [
            ("no", gettext_lazy("Not contacted in 12 months")),
            ("yes", gettext_lazy("Contacted in 12 months")),
        ]

    def queryset(self, request, queryset):
        since = timezone.now() - QUIET_FOR
        quiet = queryset.not_requested_since(since)
        if self.value() == "no":
            return quiet
        if self.value() == "yes":
            return queryset.exclude(pk__in=quiet.values("pk"))
        return queryset


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
        "pause",
        "is_active",
    )
    list_filter = (
        "is_active",
        PausedFilter,
        ContactedFilter,
        "source",
        "preferred_channel",
        "field",
    )
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
    actions = ("pause_away", "pause_at_capacity", "resume")
    readonly_fields = ("students_added", "outcomes", "created_at", "updated_at")
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
            gettext_lazy("Approaching them"),
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
            gettext_lazy("Availability"),
            {
                "fields": (
                    "monthly_limit",
                    "is_active",
                    ("pause_reason", "paused_until"),
                    "students_added",
                )
            },
        ),
        (gettext_lazy("What students did"), {"fields": ("outcomes",)}),
        (None, {"fields": (("created_at", "updated_at"),)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(students_total=Count("contacts__owner", distinct=True))
            .with_added_this_month()
        )

    @admin.display(
        description=gettext_lazy("students who added them"), ordering="students_total"
    )
    def students_added(self, obj):
        total = getattr(obj, "students_total", 0)
        return shown_count(total, total)

    @admin.display(
        description=gettext_lazy("added this month"), ordering="added_this_month"
    )
    def added_recently(self, obj):
        # A student adds a person once: contacts counted are students.
        added = getattr(obj, "added_this_month", 0)
        return shown_count(added, added)

    @admin.display(description=gettext_lazy("paused"), ordering="pause_reason")
    def pause(self, obj):
        if not obj.is_paused():
            return "—"
        if obj.paused_until:
            return _("%(reason)s, until %(day)s") % {
                "reason": obj.get_pause_reason_display(),
                "day": obj.paused_until.isoformat(),
            }
        return obj.get_pause_reason_display()

    @admin.display(description=gettext_lazy("by month"))
    def outcomes(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return render_to_string(
            "admin/contacts/directoryentry/outcomes.html",
            {"outcomes": _shown_outcomes(obj.outcomes_by_month()), "entry": obj},
        )

    # Actions

    @admin.action(permissions=["change"], description=gettext_lazy("Pause: away"))
    def pause_away(self, request, queryset):
        self._paused(request, queryset.pause(DirectoryEntry.PauseReason.AWAY))

    @admin.action(
        permissions=["change"], description=gettext_lazy("Pause: at capacity")
    )
    def pause_at_capacity(self, request, queryset):
        self._paused(request, queryset.pause(DirectoryEntry.PauseReason.AT_CAPACITY))

    def _paused(self, request, count):
        message = ngettext(
            "%(count)d person paused; students no longer see them.",
            "%(count)d people paused; students no longer see them.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["change"], description=gettext_lazy("Resume"))
    def resume(self, request, queryset):
        count = queryset.resume()
        message = ngettext(
            "%(count)d person resumed; students see them again.",
            "%(count)d people resumed; students see them again.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    # Importing from a CSV file: upload, preview, commit

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", wrap(self.import_upload_view), name=f"{name}_import"),
            path(
                "import/<int:pk>/",
                wrap(self.import_preview_view),
                name=f"{name}_import_preview",
            ),
            path(
                "import/<int:pk>/commit/",
                wrap(self.import_commit_view),
                name=f"{name}_import_commit",
            ),
            path(
                "import/<int:pk>/cancel/",
                wrap(self.import_cancel_view),
                name=f"{name}_import_cancel",
            ),
            *super().get_urls(),
        ]

    def _imports_for(self, request):
        """The member's own imports: someone else's is a 404, as a stranger's row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return DirectoryImport.objects.filter(created_by=request.user)

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_upload_view(self, request):
        self._imports_for(request)
        form = DirectoryImportForm(
            request.POST or None, request.FILES or None, user=request.user
        )
        if form.is_bound and form.is_valid():
            batch = directory_import.start(
                request.user, form.cleaned_data["file"].name, form.rows
            )
            return redirect(self._url("import_preview"), batch.pk)
        context = self._context(
            request,
            _("Import directory people from a CSV file"),
            form=form,
            columns=directory_import.COLUMN_HELP,
            limits=directory_import.limits(),
        )
        return TemplateResponse(
            request, "admin/contacts/directoryentry/import_form.html", context
        )

    @method_decorator(require_safe)
    def import_preview_view(self, request, pk):
        batch = get_object_or_404(self._imports_for(request), pk=pk)
        context = self._context(
            request,
            _("Preview the import of %(filename)s") % {"filename": batch.filename},
            batch=batch,
            judgement=directory_import.judge(batch.rows),
        )
        return TemplateResponse(
            request, "admin/contacts/directoryentry/import_preview.html", context
        )

    @method_decorator(require_POST)
    def import_commit_view(self, request, pk):
        imports = self._imports_for(request)
        try:
            with transaction.atomic():
                # Locked, so that a second click waits and then finds it gone.
                batch = get_object_or_404(imports.select_for_update(), pk=pk)
                added = directory_import.commit(batch)
        except directory_import.ImportHasProblems as problems:
            message = ngettext(
                "Nothing was added: %(count)d row has a problem. Correct the "
                "file and upload it again.",
                "Nothing was added: %(count)d rows have a problem. Correct the "
                "file and upload it again.",
                problems.count,
            )
            self.message_user(
                request, message % {"count": problems.count}, messages.ERROR
            )
            return redirect(self._url("import_preview"), pk)
        message = ngettext(
            "%(count)d person added to the directory.",
            "%(count)d people added to the directory.",
            added,
        )
        self.message_user(request, message % {"count": added}, messages.SUCCESS)
        return redirect(self._url("changelist"))

    @method_decorator(require_POST)
    def import_cancel_view(self, request, pk):
        get_object_or_404(self._imports_for(request), pk=pk).delete()
        self.message_user(
            request, _("The import is cancelled; nothing was added."), messages.INFO
        )
        return redirect(self._url("changelist"))

    def _url(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"


def _shown_outcomes(outcomes):
    """The outcome counts as staff see them: "fewer than 5" where a count
    rests on fewer students (see accounts.admin_privacy.shown_count)."""
    students = outcomes["students"]

    def shown(counts, behind):
        return {name: shown_count(n, behind[name]) for name, n in counts.items()}

    return {
        "months": [
            (month, shown(counts, students["months"][month]))
            for month, counts in outcomes["months"]
        ],
        "recent": shown(outcomes["recent"], students["recent"]),
        "all_time": shown(outcomes["all_time"], students["all_time"]),
    }
