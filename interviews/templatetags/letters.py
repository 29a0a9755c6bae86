"""The address blocks of a printed letter (see interviews.drafting)."""

from django import template
from django.utils.text import capfirst

from interviews.drafting import address_block

register = template.Library()


@register.filter
def recipient_lines(contact):
    """The contact's name, job title, organization and address, each once.

    Someone known only by role has no name line: their full_name is the role
    and the organization put together ("Theatre manager at Massey Hall"),
    which the next two lines would say again.
    """
    organization = contact.organization.name if contact.organization_id else ""
    name = "" if contact.is_known_by_role else contact.full_name
    return address_block(
        [name, capfirst(contact.job_title), organization], contact.mailing_address
    )


@register.filter
def sender_lines(user):
    """The student's name and address, each once."""
    return address_block([user.get_full_name()], user.mailing_address)
