from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from followups.models import FollowUp

PAGE_SIZE = 25


@require_safe
def followup_list(request):
    """Open follow-ups, the most pressing first."""
    followups = (
        FollowUp.objects.for_user(request.user)
        .open()
        .select_related("contact")
        .order_by("due_on", "id")
    )
    page = Paginator(followups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followups/followup_list.html",
        {"page": page, "today": timezone.localdate()},
    )
