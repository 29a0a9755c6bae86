from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from interviews.models import Interview

PAGE_SIZE = 25


@require_safe
def interview_list(request):
    now = timezone.now()
    mine = Interview.objects.for_user(request.user).select_related(
        "contact", "contact__organization"
    )
    upcoming = mine.upcoming(now)
    past = Paginator(mine.exclude(pk__in=upcoming.values("pk")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interviews/interview_list.html",
        {"upcoming": upcoming, "page": past},
    )
