"""The "ask for an interview" card on a contact's page, which the contacts app
renders but cannot compute: requests and their channels live in this app."""

from django import template

from interviews.channels import fix_url, preference_unusable, ways_to_ask
from interviews.models import Interview, InterviewRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def asking(context, contact):
    """What the card offers, in two queries however much history there is.

    {"interview": their latest interview that is planned or took place, or
    None; "upcoming": that interview while it is still scheduled; "open": the
    contact's open requests (sent first); "ways": each channel; "preference":
    why the channel they prefer cannot be used, or "", and
    "preference_fix_url": where to add what it lacks}.

    While an interview is scheduled the card shows it rather than inviting a
    second request; once it took place there is nothing new to request, and
    only a small "ask again" stays. While a request is open the card offers
    to record its answer or continue the draft.
    """
    user = context["request"].user
    open_requests = list(
        InterviewRequest.objects.filter(contact=contact, owner_id=contact.owner_id)
        .open()
        .waiting_longest_first()
    )
    interview = (
        Interview.objects.filter(contact=contact, owner_id=contact.owner_id)
        .filter(status__in=[Interview.Status.SCHEDULED, Interview.Status.COMPLETED])
        .order_by("-starts_at", "-pk")
        .first()
    )
    upcoming = (
        interview
        if interview is not None and interview.status == Interview.Status.SCHEDULED
        else None
    )
    preference = preference_unusable(contact)
    return {
        "interview": interview,
        "upcoming": upcoming,
        "open": open_requests,
        "ways": ways_to_ask(contact, user),
        "preference": preference,
        "preference_fix_url": fix_url(contact, contact.preferred_channel)
        if preference
        else "",
    }
