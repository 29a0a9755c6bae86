"""The one-page brief a student prints and takes to the interview."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from interviews.models import Interview, InterviewQuestion
from interviews.questions import fill, values_for

# What people call the Canadian zones that the profile offers. Elsewhere the
# zone's own abbreviation at that moment (CET, GMT) says it well enough.
ZONE_NAMES = {
    "America/St_Johns": gettext_lazy("Newfoundland time"),
    "America/Halifax": gettext_lazy("Atlantic time"),
    "America/Moncton": gettext_lazy("Atlantic time"),
    "America/Toronto": gettext_lazy("Eastern time"),
    "America/Winnipeg": gettext_lazy("Central time"),
    # Saskatchewan stays on standard time all year.
    "America/Regina": gettext_lazy("Central Standard time"),
    "America/Edmonton": gettext_lazy("Mountain time"),
    "America/Vancouver": gettext_lazy("Pacific time"),
    "America/Whitehorse": gettext_lazy("Yukon time"),
}


def describe_zone(zone, when):
    """The zone spelled out for a reader, e.g. "Eastern time, America/Toronto"."""
    name = ZONE_NAMES.get(zone.key)
    if name is None:
        abbreviation = timezone.localtime(when, zone).tzname() or ""
        # Some zones have only an offset such as "+03", which says nothing more.
        name = abbreviation if abbreviation[:1].isalpha() else ""
    if not name or name == zone.key:
        return zone.key
    return _("%(name)s, %(zone)s") % {"name": name, "zone": zone.key}


@require_safe
def interview_brief(request, pk):
    """Who, when, where, the checklist and the questions, laid out to print."""
    mine = (
        Interview.objects.for_user(request.user)
        .select_related("owner", "contact__organization", "contact__referred_by")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=InterviewQuestion.objects.for_user(request.user).order_by(
                    "position", "id"
                ),
            )
        )
    )
    interview = get_object_or_404(mine, pk=pk)
    values = values_for(interview)
    zone = request.user.zone
    return render(
        request,
        "interviews/interview_brief.html",
        {
            "interview": interview,
            "contact": interview.contact,
            "zone": zone,
            "zone_description": describe_zone(zone, interview.starts_at),
            "part_of_day": interview.PartOfDay(interview.part_of_day(zone)),
            "checklist": [
                (Interview._meta.get_field(name).verbose_name, getattr(interview, name))
                for name in interview.prep_fields
            ],
            "questions": [
                (asked, fill(asked.text, values)) for asked in interview.questions.all()
            ],
        },
    )
