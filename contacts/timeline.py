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
    def moment(self):
        """An aware datetime to sort by; a date counts from the start of its day."""
        if isinstance(self.when, datetime.datetime):
            return self.when
        return datetime.datetime.combine(
            self.when, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )

    @property
    def is_date(self):
        return not isinstance(self.when, datetime.datetime)


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def events_for(contact):
    """Everything that happened with the contact, newest first."""
    events = [event for provider in _providers for event in provider(contact)]
    return sorted(events, key=lambda event: event.moment, reverse=True)


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
