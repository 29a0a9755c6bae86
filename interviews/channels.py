"""Which ways of asking for an interview are open for one contact.

One home for the rule the contact's page, the compose page and the request
form all follow: the main way is the one the person prefers (as the directory
said, or as the student set it on the contact), and a way with no address or
number for this person says so before anything is written.
"""

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Channel

# What each channel needs of the contact, and the form field holding it.
NEEDS = {
    Channel.EMAIL: "email",
    Channel.TELEPHONE: "phone",
    Channel.MAIL: "mailing_address",
}

# The button that starts a request by each channel.
ASK_LABELS = {
    Channel.EMAIL: gettext_lazy("By email"),
    Channel.TELEPHONE: gettext_lazy("By telephone"),
    Channel.MAIL: gettext_lazy("By mail"),
}


@dataclasses.dataclass(frozen=True)
class Way:
    """One channel for one contact: can it be used, and if not, why not."""

    channel: Channel
    main: bool
    missing: str  # empty when the channel can be used
    fix_url: str  # where to add what is missing

    @property
    def label(self):
        return ASK_LABELS[self.channel]

    @property
    def usable(self):
        return not self.missing


def missing_for(contact, channel, user=None):
    """Why this contact cannot be asked by the channel, or "" if they can."""
    name = contact.full_name
    if channel == Channel.EMAIL and not contact.email:
        return _("No email address for %(name)s — add one.") % {"name": name}
    if channel == Channel.TELEPHONE and not contact.phone:
        return _("No telephone number for %(name)s — add one.") % {"name": name}
    if channel == Channel.MAIL and not contact.mailing_address:
        return _("No mailing address for %(name)s — add one.") % {"name": name}
    if channel == Channel.MAIL and user is not None and not user.mailing_address:
        return _("A letter needs your own address — add it to your profile.")
    return ""


def preference_unusable(contact):
    """Why the channel the contact prefers cannot be used yet, or "".

    The preference is kept as they gave it; the student is told what to add.
    """
    preferred = contact.preferred_channel
    if preferred not in Channel.values or not missing_for(contact, preferred):
        return ""
    return {
        Channel.EMAIL: _("Prefers email, but you have no email address for them"),
        Channel.TELEPHONE: _(
            "Prefers the telephone, but you have no telephone number for them"
        ),
        Channel.MAIL: _("Prefers mail, but you have no mailing address for them"),
    }[Channel(preferred)]


def fix_url(contact, channel, user=None):
    """The page where the missing address or number is added."""
    if missing_for(contact, channel) or user is None:
        return reverse("contacts:edit", args=[contact.pk]) + f"#id_{NEEDS[channel]}"
    return reverse("accounts:profile")


def main_channel(contact, user=None):
    """The channel to offer first.

    The person's preference when it can be used; else email when there is an
    address; else the first channel with a way to reach them; else email
    (which then says what is missing).
    """
    preferred = contact.preferred_channel
    if preferred in Channel.values and not missing_for(contact, preferred, user):
        return Channel(preferred)
    for channel in Channel:
        if not missing_for(contact, channel, user):
            return channel
    return Channel.EMAIL


def ways_to_ask(contact, user=None):
    """Every channel for this contact, the main one first."""
    main = main_channel(contact, user)
    ordered = [main, *(channel for channel in Channel if channel != main)]
    ways = []
    for channel in ordered:
        missing = missing_for(contact, channel, user)
        ways.append(
            Way(
                channel=channel,
                main=channel == main,
                missing=missing,
                fix_url=fix_url(contact, channel, user) if missing else "",
            )
        )
    return ways
