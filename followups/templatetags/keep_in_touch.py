"""The keep-in-touch card on a contact's page, which the contacts app renders
but cannot compute: the network's rules live in this higher app."""

from django import template
from django.utils import timezone

from followups.network import next_checkin_on

register = template.Library()


@register.simple_tag
def next_checkin(contact):
    """{"on": the next check-in date or None, "due": whether it has come}."""
    next_on = next_checkin_on(contact, timezone.get_current_timezone())
    return {
        "on": next_on,
        "due": next_on is not None and next_on <= timezone.localdate(),
    }
