"""The journeys students share with the career centre, read-only in the admin.

A student's words are theirs (../shared/DESIGN.md, "Whose data is what"); these
pages are the one place staff read them, and only while the student shares:
User.is_sharing_journey decides, on every request, and each opening is
recorded for the student to see. Routed under admin/ and wrapped with
admin.site.admin_view in journey_urls.py, so only signed-in staff reach them.
"""

import logging

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import JourneyVisit, User
from contacts.models import Contact
from followups.models import FollowUp, Touchpoint
from interviews.models import Interview, InterviewRequest

security_log = logging.getLogger("infointerview.security")


def _require_account_viewer(request):
    # The same permission as the admin's list of accounts: a member who may
    # not see students' accounts may not open their journeys either.
    if not request.user.has_perm("accounts.view_user"):
        raise PermissionDenied


@require_safe
def journey_list(request):
    _require_account_viewer(request)
    context = admin.site.each_context(request) | {
        "title": _("Journeys students share with you"),
        "students": User.objects.sharing_journey(),
    }
    return render(request, "admin/journeys/journey_list.html", context)


@require_safe
def journey_detail(request, pk):
    _require_account_viewer(request)
    student = get_object_or_404(User.objects.filter(is_staff=False), pk=pk)
    # A stranger's pk, a stopped or an ended share all look the same: no page.
    if not student.is_sharing_journey():
        raise Http404
    JourneyVisit.record(student, request.user)
    security_log.info(
        "staff user %s opened the journey student %s shares",
        request.user.pk,
        student.pk,
    )
    context = admin.site.each_context(request) | {
        "title": _("The journey of %(name)s") % {"name": student},
        "student": student,
        **shared_journey(student),
    }
    return render(request, "admin/journeys/journey_detail.html", context)


def shared_journey(student):
    """Every row of one student's journey, in a fixed number of queries."""
    # Contacts known by role are named after their organization (full_name).
    contact = "contact__organization"
    return {
        "contacts": Contact.objects.for_user(student).select_related("organization"),
        "requests": InterviewRequest.objects.for_user(student).select_related(contact),
        "interviews": Interview.objects.for_user(student)
        .select_related(contact, "thank_you_note")
        .prefetch_related("questions", "learnings"),
        "followups": FollowUp.objects.for_user(student).select_related(contact),
        "touchpoints": Touchpoint.objects.for_user(student).select_related(contact),
    }
