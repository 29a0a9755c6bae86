"""The career centre's reports, in the admin: counts, rates and medians only."""

import csv
import functools

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from infointerview.report_charts import chart
from infointerview.report_forms import ReportForm
from infointerview.reports import Report


def reports_view(view):
    """Staff signed in to the admin (others go to its login page) who hold
    the reports permission; GET and HEAD only.

    login_not_required: the admin's own check sends a visitor to the admin's
    login page, as every admin page does, not to the students' one.
    """

    @functools.wraps(view)
    def check_permission(request, *args, **kwargs):
        if not request.user.has_perm("accounts.view_reports"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_not_required(require_safe(admin.site.admin_view(check_permission)))


@reports_view
def index(request):
    form = ReportForm.from_query(request.GET)
    tables = []
    if form.is_valid():
        tables = [(table, chart(table)) for table in form.report().tables()]
    return render(
        request,
        "admin/reports/index.html",
        {
            **admin.site.each_context(request),
            "title": _title(),
            "form": form,
            "tables": tables,
            "query": request.GET.urlencode(),
            "min_students": settings.REPORTS_MIN_STUDENTS,
        },
    )


@reports_view
def csv_download(request, name):
    if name not in Report.TABLES:
        raise Http404
    form = ReportForm.from_query(request.GET)
    if not form.is_valid():
        # A CSV has nowhere to show the form's errors: the page does.
        return render(
            request,
            "admin/reports/index.html",
            {
                **admin.site.each_context(request),
                "title": _title(),
                "form": form,
                "min_students": settings.REPORTS_MIN_STUDENTS,
            },
        )
    table = form.report().table(name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{name}.csv"'
    writer = csv.writer(response)
    writer.writerows(table.csv_rows())
    return response


def _title():
    return _("Reports: what students achieve")
