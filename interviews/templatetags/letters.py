"""The address blocks of a printed letter (see interviews.drafting)."""

from django import template

from interviews.drafting import address_block

register = template.Library()


@register.filter
def recipient_lines(contact):
    """The contact's name, job title, organization and address, each once."""
    organization = contact.organization.name if contact.organization_id else ""
    return address_block(
        [contact.full_name, contact.job_title, organization], contact.mailing_address
    )


@register.filter
def sender_lines(user):
    """The student's name and address, each once."""
    return address_block([user.get_full_name()], user.mailing_address)
