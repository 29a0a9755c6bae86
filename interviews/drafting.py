"""Drafting a request from a template: the wording, and the blanks filled in.

A template is plain text with placeholders such as {contact_first_name}. A
placeholder we cannot fill (no organization, no field of work) stays in the
text as it is, so the student sees the gap and fills it in, rather than
sending a sentence with a hole in it; nothing is sent while one remains
(see unfilled()). The default wording avoids such gaps where a natural
fallback exists: a signature line that holds only an optional detail the
student does not have (their telephone number) is left out.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
    "reach_me": gettext_lazy(
        "your telephone number, or your email without one (voicemails)"
    ),
    "call_back_day": gettext_lazy("when you will call back"),
    "call_or_reply": gettext_lazy(
        "that you will call their office, or, with no telephone number in your "
        "profile, how they can answer you (letters)"
    ),
    "today": gettext_lazy("today's date"),
    "interview_date": gettext_lazy("the day of your conversation (thank-you notes)"),
    "learning": gettext_lazy("something specific you learned (thank-you notes)"),
    "keep_in_mind": gettext_lazy(
        "the sentence asking them to keep you in mind, if you choose it (thank-you)"
    ),
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# The wording that ships. Short (under the compose page's 100 words even with
# long names and a long program), says how the student learned of the person
# (true also of someone known only by role: the student never "found their
# name"), asks for 20 to 30 minutes, and says plainly that it is not a request
# for a job. It names the student's interest as theirs: the person asked may
# do other work than the student's target occupation. The subject names no
# field of work: a contact may have none on file, and "20 to 30 minutes"
# agrees with the body.
DEFAULTS = {
    Kind.EMAIL: (
        gettext_lazy("A request for 20 to 30 minutes of your advice"),
        gettext_lazy(
            "Dear {contact_first_name},\n\n"
            "I learned of you {how_found}. I am studying {my_program} and am "
            "interested in careers such as {my_interest}.\n\n"
            "Could you spare 20 to 30 minutes, in person or by phone, at a time "
            "that suits you? I am not asking for a job; I would value your "
            "advice and experience.\n\n"
            "Thank you for considering it.\n\n"
            "{my_name}\n{my_email}\n{my_phone}"
        ),
    ),
    Kind.CALL: (
        "",
        gettext_lazy(
            "Hello, may I speak with {contact_name}?\n\n"
            "This is {my_name}; I study {my_program}. I learned of you "
            "{how_found}.\n\n"
            "I am exploring careers such as {my_interest}. Could you spare 20 to "
            "30 minutes, in person or by phone? I am not looking for a job, only "
            "your advice.\n\n"
            "(If yes: agree on a day, time and place, and confirm their email.)"
            "\n\n"
            "Thank you for your time."
        ),
    ),
    Kind.VOICEMAIL: (
        "",
        gettext_lazy(
            "Hello {contact_first_name}, this is {my_name}; I am studying "
            "{my_program}. I learned of you {how_found}. I would value 20 to 30 "
            "minutes of your advice about your work — not a job, only your "
            "experience. You can reach me at {reach_me}; I will call you back on "
            "{call_back_day}. Thank you."
        ),
    ),
    Kind.LETTER: (
        gettext_lazy("Request for an information interview"),
        gettext_lazy(
            "Dear {contact_formal_name},\n\n"
            "I learned of you {how_found}. I am studying {my_program} and am "
            "interested in careers such as {my_interest}. Could you spare 20 to "
            "30 minutes, in person or by phone?\n\n"
            "I am not asking for employment, only your advice. {call_or_reply}"
            "\n\n"
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


# Details a student may simply not have: a line holding nothing else is left
# out when they have none (the signature's telephone line), not left blank.
OPTIONAL = {"my_phone"}


def fill(text, values):
    """Replace the placeholders that have a value; leave the others visible.

    A line that holds only optional placeholders (OPTIONAL), none of them
    with a value, is left out.
    """

    def replace(match):
        value = values.get(match.group(1))
        return str(value) if value else match.group(0)

    lines = [
        line
        for line in str(text).split("\n")
        if not _only_missing_optional(line, values)
    ]
    return _PLACEHOLDER.sub(replace, "\n".join(lines))


def _only_missing_optional(line, values):
    names = _PLACEHOLDER.findall(line)
    return (
        bool(names)
        and not _PLACEHOLDER.sub("", line).strip()
        and all(name in OPTIONAL and not values.get(name) for name in names)
    )


def unfilled(*texts):
    """The known placeholders still in the texts, in order, each once:
    what the student must replace before the request goes out."""
    found = []
    for text in texts:
        for name in _PLACEHOLDER.findall(str(text or "")):
            if name in PLACEHOLDERS and name not in found:
                found.append(name)
    return found


def unfilled_error(names):
    """Why a request with these placeholders left cannot go out yet."""
    braced = ", ".join(f"{{{name}}}" for name in names)
    return ngettext(
        "Replace %(names)s before sending, or remove it.",
        "Replace %(names)s before sending, or remove them.",
        len(names),
    ) % {"names": braced}


def word_count(text):
    return len(str(text).split())


def how_found(contact):
    """A phrase that ends "I learned of you …"."""
    source = contact.lead_source
    who = contact.found_through
    if source == LeadSource.REFERRAL and contact.referred_by_id:
        return _("through %(name)s, who suggested I contact you") % {
            "name": contact.referred_by.full_name
        }
    if contact.directory_entry_id or source == LeadSource.CAREER_CENTRE:
        return _("through the career centre's directory")
    if source == LeadSource.ALUMNI_OFFICE:
        return _("through the alumni office")
    if who:
        return _("through %(who)s") % {"who": who}
    if source == LeadSource.PROFESSOR:
        return _("through one of my professors")
    if source == LeadSource.PARENT:
        return _("through my family")
    if source == LeadSource.FRIENDS_PARENT:
        return _("through a friend's parent")
    if source == LeadSource.FRIEND:
        return _("through a friend")
    if source == LeadSource.ORGANIZATION and contact.organization_id:
        return _("while reading about %(organization)s") % {
            "organization": contact.organization.name
        }
    return ""


def call_or_reply(user):
    """The letter's next step: a call when the student has a number to give,
    else how to answer them; never a promise to call without one."""
    if user.phone:
        return _(
            "I will call your office next week; you can also reach me at %(phone)s."
        ) % {"phone": user.phone}
    if user.mailing_address:
        return _(
            "Could you reply by email to %(email)s, or by mail to the address above?"
        ) % {"email": user.email}
    return _("Could you reply by email to %(email)s?") % {"email": user.email}


_ADDRESSED_TO = re.compile(r"^(attn|attention|c/o|care of)\b[\s.:,]*")


def _address_key(line):
    return " ".join(line.casefold().split()).strip(" ,.;:")


def _mentions(line, header):
    """Whether an address line names `header` ("Massey Hall", "Attn: Massey
    Hall", "Massey Hall, 178 Victoria St"), case and punctuation aside."""
    key = _ADDRESSED_TO.sub("", _address_key(line))
    wanted = _address_key(header)
    return key == wanted or _address_key(key.split(",")[0]) == wanted


def address_block(header, address):
    """The lines of an address block: `header` (name, job title, organization,
    empties skipped), then the mailing address, each said once.

    A mailing address copied from elsewhere often already starts with the
    person's name or the organization's: a line of the address that is only
    a header line is dropped, and a header line that the address names in
    its own way ("Attn: …", "Massey Hall, 178 Victoria St") is left out.
    """
    lines = [line.strip() for line in str(address).splitlines() if line.strip()]
    header_keys = set()
    unique_header = []
    for line in (str(h).strip() for h in header):
        if line and _address_key(line) not in header_keys:
            header_keys.add(_address_key(line))
            unique_header.append(line)
    lines = [line for line in lines if _address_key(line) not in header_keys]
    unique_header = [
        line
        for line in unique_header
        if not any(_mentions(other, line) for other in lines)
    ]
    return unique_header + lines


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
        "reach_me": user.phone or user.email,
        "call_back_day": format_date(call_back_on, "l j F") if call_back_on else "",
        "call_or_reply": call_or_reply(user),
        "today": format_date(timezone.localdate(), "DATE_FORMAT"),
    }


def template_text(user, kind):
    """(subject, body) of the user's own template of this kind, else of the
    campus wording, else the default that ships."""
    wording = MessageTemplate.objects.wording_for(user, kind)
    if wording:
        return wording.subject, wording.body
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
