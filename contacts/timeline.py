"""A contact's timeline, assembled from every app without importing them.

The contacts app sits below the apps that record what happens with a contact
(requests, interviews, notes, follow-ups, touchpoints). Each of those apps
registers a provider here from its AppConfig.ready(); the contact page asks
every provider for its events. A provider is a function taking a contact and
returning Events, and should run a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_providers = []


@dataclass(frozen=True)
class Event:
    when: datetime.datetime | datetime.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""

    @property
    def is_date(self):
        return not isinstance(self.when, datetime.datetime)

    @property
    def day(self):
        """The day it happened, in the current (the user's) time zone."""
        if self.is_date:
            return self.when
        return timezone.localdate(self.when)

    @property
    def sort_key(self):
        """One order for every kind of event: by day, then within a day.

        A date without a time (a touchpoint, a follow-up due) is counted as
        the newest event of its day: it is usually logged after the fact, so
        it comes before the timed events of that day, newest first.
        """
        if self.is_date:
            return (self.day, 1, 0)
        return (self.day, 0, self.when)


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def events_for(contact):
    """Everything that happened with the contact, newest first."""
    events = [event for provider in _providers for event in provider(contact)]
    return sorted(events, key=lambda event: event.sort_key, reverse=True)


@register
def contact_events(contact):
    source = contact.get_lead_source_display()
    return [
        Event(
            contact.created_at,
            _("Lead"),
            _("Added as a lead (%(source)s)") % {"source": source},
        )
    ]
