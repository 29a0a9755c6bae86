"""Interviews as iCalendar (RFC 5545): one event to download, or a private feed.

The icalendar library writes every property, so all escaping and line
folding is its job; nothing here builds iCalendar text by hand.
"""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vDuration

from interviews.models import Interview

PRODID = "-//Infointerview//Infointerview//EN"

# Calendar programs that honour these poll the feed hourly instead of daily.
FEED_REFRESH = datetime.timedelta(hours=1)

# The years an event can be written in. Forms keep new interviews within two
# years; an interview stored before that (in the year 9999, say) would need
# time zone rules past the last year a date can have, and thousands of them.
EARLIEST_YEAR = 1900
YEARS_AHEAD = 10

logger = logging.getLogger(__name__)


def interview_calendar(interview):
    """One interview as a calendar file to add (METHOD:PUBLISH)."""
    now = timezone.now()
    calendar = _calendar()
    interviews = _writable([interview], now)
    for interview in interviews:
        calendar.add_component(_event(interview, interview.owner.zone, now))
    _add_time_zones(calendar, interviews)
    return calendar.to_ical()


def feed_calendar(user, interviews):
    """The user's own interviews as the private feed a calendar program polls.

    Every time is given in the user's zone: they are the owner of each one.
    """
    now = timezone.now()
    interviews = _writable(interviews, now)
    calendar = _calendar()
    calendar.calendar_name = _("Infointerview — %(name)s") % {"name": user}
    # REFRESH-INTERVAL (RFC 7986) must say it is a duration; Outlook and
    # Apple Calendar read the older X-PUBLISHED-TTL instead.
    calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    # An unknown X- property would be written as Python text ("1:00:00").
    calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    for interview in interviews:
        calendar.add_component(_event(interview, user.zone, now))
    _add_time_zones(calendar, interviews)
    return calendar.to_ical()


def _writable(interviews, now):
    """The interviews whose times a calendar can hold; any other is left out
    (with a warning to the log), so that one bad row never breaks the feed."""
    latest = now.year + YEARS_AHEAD
    writable = []
    for interview in interviews:
        try:
            fits = interview.starts_at.year >= EARLIEST_YEAR
            fits = fits and interview.ends_at.year <= latest
        except OverflowError:  # it would end after the last date there is
            fits = False
        if fits:
            writable.append(interview)
        else:
            logger.warning(
                "Calendar: interview %s, in the year %s, is left out.",
                interview.pk,
                interview.starts_at.year,
            )
    return writable


def _calendar():
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH")
    # Calendar.new gives the calendar a random UID (RFC 7986); a feed whose
    # identity changed at every fetch would be worse than none.
    calendar.uid = None
    return calendar


def _event(interview, zone, now):
    contact = interview.contact
    cancelled = interview.status == Interview.Status.CANCELLED
    event = Event.new(
        # The UID never changes, so a calendar program updates the event it
        # already has when the interview is moved or cancelled, and SEQUENCE
        # tells it which version is newer.
        uid=f"{interview.uid}@infointerview",
        sequence=interview.sequence,
        stamp=now,
        start=_in_zone(interview.starts_at, zone),
        end=_in_zone(interview.ends_at, zone),
        summary=_("Information interview with %(name)s") % {"name": contact.full_name},
        description=_description(interview),
        location=interview.place or None,
        status="CANCELLED" if cancelled else "CONFIRMED",
    )
    event.add("CREATED", interview.created_at)
    event.add("LAST-MODIFIED", interview.updated_at)
    # A reminder for an interview that will not happen would only mislead.
    if not cancelled:
        for alarm in _reminders(contact.full_name):
            event.add_component(alarm)
    return event


def _in_zone(moment, zone):
    """The moment in the owner's zone, or in UTC where local time is ambiguous.

    When clocks fall back, an hour of local times happens twice and readers
    take the first (RFC 5545, 3.3.5). A time in the repeated hour is written
    in UTC so that it keeps its meaning; every other time keeps the TZID.
    """
    local = moment.astimezone(zone)
    return local.astimezone(datetime.UTC) if local.fold else local


def _description(interview):
    contact = interview.contact
    lines = [_("With: %(name)s") % {"name": contact.full_name}]
    if contact.job_title:
        lines.append(_("Job title: %(title)s") % {"title": contact.job_title})
    if contact.organization_id:
        lines.append(
            _("Organization: %(organization)s")
            % {"organization": contact.organization.name}
        )
    # How to reach them, to warn of a delay or to place the call (a call's
    # number is given once, below, as the number to call).
    calls_them = (
        interview.format == Interview.Format.TELEPHONE
        and interview.place == contact.phone
    )
    if contact.phone and not calls_them:
        lines.append(_("Their telephone: %(number)s") % {"number": contact.phone})
    if contact.email:
        lines.append(_("Their email: %(email)s") % {"email": contact.email})
    lines.append(_("Format: %(format)s") % {"format": interview.get_format_display()})
    if interview.place:
        lines.append(_place(interview))
    lines += [
        "",
        _(
            "Remember: this is an information interview, not a job interview. "
            "You are there to ask for advice and information, not for a job."
        ),
    ]
    return "\n".join(lines)


def _place(interview):
    location = interview.place
    if interview.format == Interview.Format.TELEPHONE:
        return _("Telephone: %(number)s") % {"number": location}
    if interview.format == Interview.Format.VIDEO:
        return _("Video link: %(link)s") % {"link": location}
    return _("Where: %(place)s") % {"place": location}


def _reminders(name):
    """Two on-screen reminders: the day before, and an hour before."""
    reminders = [
        (
            datetime.timedelta(days=1),
            _("Information interview with %(name)s tomorrow") % {"name": name},
        ),
        (
            datetime.timedelta(hours=1),
            _("Information interview with %(name)s in an hour") % {"name": name},
        ),
    ]
    alarms = []
    for before, text in reminders:
        alarm = Alarm.new(description=text)
        alarm.add("ACTION", "DISPLAY")
        alarm.TRIGGER = -before
        alarms.append(alarm)
    return alarms


def _add_time_zones(calendar, interviews):
    """A VTIMEZONE, with its daylight-saving changes, for every TZID used.

    The rules run from the year before the first interview to the year after
    the last: whole years, so the text stays the same from one fetch to the
    next, with room for a time that falls in another year locally than in UTC.
    """
    if not interviews:
        return
    first = min(interview.starts_at for interview in interviews)
    last = max(interview.ends_at for interview in interviews)
    calendar.add_missing_timezones(
        first_date=datetime.date(first.year - 1, 1, 1),
        last_date=datetime.date(last.year + 2, 1, 1),
    )
