"""The "ask for an interview" card on a contact's page, which the contacts app
renders but cannot compute: requests and their channels live in this app."""

from django import template

from interviews.channels import ways_to_ask
from interviews.models import InterviewRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def asking(context, contact):
    """{"open": the contact's open requests (sent first), "ways": each channel}.

    While a request is open the card offers to record its answer or continue
    the draft, rather than a new request.
    """
    open_requests = list(
        InterviewRequest.objects.filter(contact=contact, owner_id=contact.owner_id)
        .open()
        .waiting_longest_first()
    )
    return {
        "open": open_requests,
        "ways": ways_to_ask(contact, context["request"].user),
    }
