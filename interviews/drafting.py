"""Drafting a request from a template: the wording, and the blanks filled in.

A template is plain text with placeholders such as {contact_first_name}. A
placeholder we cannot fill (no organization, no phone number in the profile)
stays in the text as it is, so the student sees the gap and fills it in,
rather than sending a sentence with a hole in it.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import LeadSource
from interviews.models import MessageTemplate

Kind = MessageTemplate.Kind

PLACEHOLDERS = {
    "contact_first_name": gettext_lazy("the person's first name"),
    "contact_name": gettext_lazy("the person's full name"),
    "contact_formal_name": gettext_lazy(
        "the person's full name, or “Sir or Madam” without one (for “Dear …,”)"
    ),
    "contact_title": gettext_lazy("their job title"),
    "organization": gettext_lazy("their organization"),
    "field": gettext_lazy("their field of work"),
    "how_found": gettext_lazy("how you found them, e.g. “through the alumni office”"),
    "referrer_name": gettext_lazy("who referred you to them"),
    "my_name": gettext_lazy("your name"),
    "my_first_name": gettext_lazy("your first name"),
    "my_program": gettext_lazy("your program"),
    "my_interest": gettext_lazy("your first target occupation, or their field"),
    "my_email": gettext_lazy("your email"),
    "my_phone": gettext_lazy("your telephone number"),
    "call_back_day": gettext_lazy("when you will call back"),
    "today": gettext_lazy("today's date"),
    "interview_date": gettext_lazy("the day of your conversation (thank-you notes)"),
    "learning": gettext_lazy("something specific you learned (thank-you notes)"),
    "keep_in_mind": gettext_lazy(
        "the sentence asking them to keep you in mind, if you choose it (thank-you)"
    ),
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# The wording that ships. Short, says how the student found the person, asks
# for 20 to 30 minutes, and says plainly that it is not a request for a job.
DEFAULTS = {
    Kind.EMAIL: (
        gettext_lazy("Twenty minutes of your advice on {field}?"),
        gettext_lazy(
            "Dear {contact_first_name},\n\n"
            "I found your name {how_found}. I am studying {my_program} and "
            "exploring careers like yours ({my_interest}), and I would value "
            "your view of the field.\n\n"
            "Could you spare 20 to 30 minutes to talk, at your workplace, over "
            "coffee or by phone, whenever suits you? I am not asking for a job; "
            "I hope to learn from your experience.\n\n"
            "Thank you for considering it.\n\n"
            "{my_name}\n{my_email}\n{my_phone}"
        ),
    ),
    Kind.CALL: (
        "",
        gettext_lazy(
            "Hello, may I speak with {contact_name}?\n\n"
            "My name is {my_name}; I am studying {my_program}. I found your "
            "name {how_found}.\n\n"
            "I am exploring careers like yours ({my_interest}), and I would "
            "value 20 to 30 minutes of your advice, in person or by phone, at "
            "a time that suits you. I am not looking for a job; I would like "
            "to learn from your experience.\n\n"
            "Would that be possible? (If yes: agree on a day, a time and a "
            "place, and confirm their email address.)\n\n"
            "Thank you very much for your time."
        ),
    ),
    Kind.VOICEMAIL: (
        "",
        gettext_lazy(
            "Hello {contact_first_name}, this is {my_name}; I am studying "
            "{my_program}. I found your name {how_found}. I would value 20 minutes "
            "of your advice about your work — not a job, only your experience. "
            "You can reach me at {my_phone}; I will call you back on "
            "{call_back_day}. Thank you."
        ),
    ),
    Kind.LETTER: (
        gettext_lazy("Request for an information interview"),
        gettext_lazy(
            "Dear {contact_formal_name},\n\n"
            "I found your name {how_found}. I am studying {my_program} and "
            "exploring careers like yours ({my_interest}), and I would be "
            "grateful for 20 to 30 minutes of your advice about your work and "
            "your field.\n\n"
            "I would be glad to meet at your workplace or to talk by phone, at "
            "a time that suits you. I am not asking for employment; I hope to "
            "learn from your experience. I will call your office in the coming "
            "week, or you can reach me at {my_phone} or {my_email}.\n\n"
            "Thank you for considering my request.\n\n"
            "Yours sincerely,\n\n{my_name}"
        ),
    ),
    Kind.THANK_YOU: (
        gettext_lazy("Thank you for your advice"),
        gettext_lazy(
            "Dear {contact_first_name},\n\n"
            "Thank you for taking the time to talk with me on {interview_date}. "
            "What stayed with me most: {learning}\n\n"
            "Our conversation has given me a much clearer picture of the work "
            "and of my next steps. {keep_in_mind}\n\n"
            "With my thanks,\n\n{my_name}"
        ),
    ),
}

# Which templates a request of each channel is drafted from.
CHANNEL_KINDS = {
    "email": (Kind.EMAIL, None),
    "telephone": (Kind.CALL, Kind.VOICEMAIL),
    "mail": (Kind.LETTER, None),
}


def validate_template(text):
    """Only known placeholders; a typo would otherwise go out as it is."""
    unknown = sorted(set(_PLACEHOLDER.findall(text)) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s.")
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)},
            code="unknown_placeholder",
        )


def fill(text, values):
    """Replace the placeholders that have a value; leave the others visible."""

    def replace(match):
        value = values.get(match.group(1))
        return str(value) if value else match.group(0)

    return _PLACEHOLDER.sub(replace, str(text))


def word_count(text):
    return len(str(text).split())


def how_found(contact):
    """A phrase that ends "I found your name …"."""
    source = contact.lead_source
    who = contact.found_through
    if source == LeadSource.REFERRAL and contact.referred_by_id:
        return _("through %(name)s, who suggested I contact you") % {
            "name": contact.referred_by.full_name
        }
    if contact.directory_entry_id or source == LeadSource.CAREER_CENTRE:
        return _("through the career centre's list of professionals who give advice")
    if source == LeadSource.ALUMNI_OFFICE:
        return _("through the alumni office")
    if who:
        return _("through %(who)s") % {"who": who}
    if source == LeadSource.PROFESSOR:
        return _("through one of my professors")
    if source == LeadSource.ORGANIZATION and contact.organization_id:
        return _("while reading about %(organization)s") % {
            "organization": contact.organization.name
        }
    return ""


def values_for(contact, user, call_back_on=None):
    """The placeholder values for a request from the user to the contact."""
    occupations = user.target_occupation_list
    return {
        "contact_first_name": contact.salutation_name,
        "contact_name": contact.full_name,
        "contact_formal_name": contact.formal_salutation_name,
        "contact_title": contact.job_title,
        "organization": contact.organization.name if contact.organization_id else "",
        "field": contact.field,
        "how_found": how_found(contact),
        "referrer_name": contact.referred_by.full_name
        if contact.referred_by_id
        else "",
        "my_name": user.get_full_name(),
        "my_first_name": user.first_name,
        "my_program": user.program,
        "my_interest": occupations[0] if occupations else contact.field,
        "my_email": user.email,
        "my_phone": user.phone,
        "call_back_day": format_date(call_back_on, "l j F") if call_back_on else "",
        "today": format_date(timezone.localdate(), "DATE_FORMAT"),
    }


def template_text(user, kind):
    """(subject, body) of the user's own template of this kind, or the default."""
    own = MessageTemplate.objects.for_user(user).filter(kind=kind).first()
    if own:
        return own.subject, own.body
    subject, body = DEFAULTS[kind]
    return str(subject), str(body)


def draft(contact, user, channel, call_back_on=None):
    """{subject, message, voicemail} for a new request by this channel."""
    values = values_for(contact, user, call_back_on)
    main_kind, voicemail_kind = CHANNEL_KINDS[channel]
    subject, body = template_text(user, main_kind)
    drafted = {"subject": fill(subject, values), "message": fill(body, values)}
    if voicemail_kind:
        drafted["voicemail"] = fill(template_text(user, voicemail_kind)[1], values)
    return drafted
