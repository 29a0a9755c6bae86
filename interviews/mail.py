"""Email sent on a student's behalf, and the link that opens their own email app.

Messages go out From the application's address, with the student's name as
the display name, the student's address in Reply-To and a separate copy to
the student: the
application never claims to be the student's mailbox, so receiving servers
that check SPF/DKIM/DMARC do not reject or junk it, and the answer still goes
straight to the student.

Each message to a contact is counted against the sending limits
(interviews.models.SentEmail) before it goes, and uncounted if it does not.
"""

import datetime
import email.utils
import logging
import re
import smtplib
import unicodedata
import urllib.parse
from email.headerregistry import Address

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Resume
from interviews.models import SendingLimit, SendingLimitReached, SentEmail

logger = logging.getLogger(__name__)

MIME_TYPES = {
    Resume.Kind.PDF: "application/pdf",
    Resume.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


# Long enough for every real name; short enough to leave "via Infointerview"
# visible in a mail program's list of messages.
DISPLAY_NAME_LENGTH = 64


COPY_NOT_SENT = gettext_lazy(
    "The copy to you could not be sent; your message did reach them."
)


NOT_CONFIRMED = gettext_lazy(
    "Infointerview sends email for you once your address is confirmed: open "
    "the link we emailed you when you signed up (the notice at the top of the "
    "page sends it again). Nothing you wrote is lost, and you can send it now "
    "from your own email."
)


class EmailNotSent(Exception):
    """The message did not leave; str(error) says why, in words for the student.

    The technical cause is logged, never shown: it can name servers and
    accounts, and it means nothing to the student.
    """


def send_for_user(user, *, to, subject, body, attachment=None):
    """Send one message from `user` to the address `to` through the default mailer.

    `attachment` is one of the user's Resumes, or None. A line break in the
    subject becomes a space: a subject is one line, and a stray newline
    pasted into it should neither fail the send nor add a header.

    The contact's message goes first; the student's copy follows as a message
    of its own. Return True when the copy went too, False when only the
    contact's message did: the request is sent either way.

    Raise EmailNotSent when the address is not one we can send to, the resume
    cannot be read, a sending limit is reached, or the mail server cannot be
    reached or refuses the contact's message. The contact's message is
    counted against the limits before it goes, and no longer if it does not.
    Nothing goes for a student whose address is not yet confirmed.
    """
    if not user.email_confirmed:
        raise EmailNotSent(str(NOT_CONFIRMED))
    try:
        validate_email(to)
    except ValidationError:
        raise EmailNotSent(
            _(
                "%(address)s is not an email address we can send to; your request "
                "is saved as a draft. Correct the address and try again."
            )
            % {"address": to}
        ) from None

    student = Address(display_name=_display_name(user), addr_spec=user.email)
    message = mail.EmailMessage(
        subject=_one_line(subject),
        body=body,
        from_email=str(_from_address(user)),
        to=[to],
        reply_to=[str(student)],
    )
    # The student's copy is a message of its own: a mail server that refuses
    # the student's address must not make a delivered request look unsent
    # (and be sent again).
    copy = mail.EmailMessage(
        subject=message.subject,
        body=body,
        from_email=message.from_email,
        to=[str(student)],
    )
    if attachment is not None:
        content = _read_resume(user, attachment)
        for each in (message, copy):
            each.attach(
                attachment_name(user, attachment), content, MIME_TYPES[attachment.kind]
            )

    try:
        counted = SentEmail.objects.claim(user, to)
    except SendingLimitReached as reached:
        raise EmailNotSent(refusal_message(reached, user)) from reached

    delivered = False
    try:
        # The 6.1 way: the mailer named "default" in MAILERS (EmailMessage.send()
        # without `using` goes through the deprecated get_connection()). Opened
        # with `with`: when the login fails, send_messages() alone would leave
        # the half-open SMTP connection for the garbage collector to find.
        with mail.mailers.default as mailer:
            mailer.send_messages([message])
            delivered = True
            mailer.send_messages([copy])
    except OSError as error:  # smtplib's errors and socket's are all OSErrors.
        if delivered:
            logger.warning(
                "Copy to user %s of an email not sent: %s",
                user.pk,
                cause_for_log(error),
            )
            return False
        logger.warning("Email from user %s not sent: %s", user.pk, cause_for_log(error))
        raise EmailNotSent(_reason(error)) from error
    finally:
        if not delivered:
            # A message that did not go does not use up the student's allowance.
            counted.delete()
    return True


def sending_allowance(user, to):
    """What to say beside a Send button: {"left_today": how many more emails
    Infointerview may send for the student today, "refused": why one to `to`
    would be refused now, or ""}."""
    if not user.email_confirmed:
        return {"left_today": 0, "refused": NOT_CONFIRMED}
    allowance = SentEmail.objects.allowance(user, to)
    refused = allowance.refused
    return {
        "left_today": allowance.left_today,
        "refused": refusal_message(refused, user) if refused else "",
    }


def refusal_message(reached, user):
    """Why a sending limit stops an email, and from when it can go, in the
    student's own time; for the error after a refused send and for the page.

    The moment is never the sentence's last word: "10 a.m." ends in a stop.
    """
    when = date_format(
        timezone.localtime(_next_minute(reached.frees_at), user.zone),
        "DATETIME_FORMAT",
    )
    # Translators: in each of these, %(when)s is a date and time in the
    # student's zone, such as "13 Apr 2027, 10 a.m.".
    if reached.limit == SendingLimit.STUDENT_DAY:
        most = settings.EMAILS_PER_STUDENT_PER_DAY
        why = ngettext(
            "Infointerview sends at most %(count)s email a day for you, and it "
            "has sent it today. From %(when)s it can send again.",
            "Infointerview sends at most %(count)s emails a day for you, and it "
            "has sent them today. From %(when)s it can send again.",
            most,
        )
    elif reached.limit == SendingLimit.RECIPIENT_WEEK:
        most = settings.EMAILS_PER_RECIPIENT_PER_WEEK
        why = ngettext(
            "Infointerview sends at most %(count)s email to the same address in "
            "a week, and this address has had it. From %(when)s it can write to "
            "it again.",
            "Infointerview sends at most %(count)s emails to the same address in "
            "a week, and this address has had them. From %(when)s it can write "
            "to it again.",
            most,
        )
    else:
        most = settings.EMAILS_PER_SITE_PER_HOUR
        why = _(
            "Infointerview has sent as many emails as it may in an hour for "
            "everyone together. From %(when)s it can send again."
        )
    return " ".join(
        [
            why % {"count": most, "when": when},
            _("Nothing you wrote is lost: send it then, or now from your own email."),
        ]
    )


def _next_minute(moment):
    """`moment` rounded up to the minute: "from 3:42" must not be too early."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + datetime.timedelta(minutes=1)


def attachment_name(user, resume):
    """The resume's file name as the contact sees it: "Maya-Desjardins-resume.pdf".

    Built from the student's name, never from the label, which is the
    student's private note ("Arts management, fall"). Plain ASCII letters and
    digits joined by hyphens, so that every mail program and file system keeps
    it as it is; a name with none of those gives "resume.pdf".
    """
    # Translators: the last word of the file name of a resume sent by email,
    # e.g. "Maya-Desjardins-resume.pdf"; written in plain letters.
    words = f"{user.first_name} {user.last_name} {_('resume')}"
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    parts = re.findall(r"[A-Za-z0-9]+", plain) or ["resume"]
    return "-".join(parts) + f".{resume.kind}"


def mailto_link(to, *, subject, body, cc=None):
    """A mailto: URL (RFC 6068) that opens the student's email app with a draft.

    `cc` is one address or a list of them. Everything outside the unreserved
    characters is percent-encoded as UTF-8, so a space is %20 (not the "+"
    that mail apps would show as is) and "&", "?", "#" cannot end a field
    early; line breaks become CRLF (%0D%0A), as RFC 6068 requires.
    """
    if isinstance(cc, str):
        cc = [cc]
    fields = [
        ("cc", ",".join(cc or [])),
        ("subject", _one_line(subject)),
        ("body", _crlf(body)),
    ]
    query = "&".join(
        f"{name}={urllib.parse.quote(value, safe='')}"
        for name, value in fields
        if value
    )
    # "@" stays as typed in the address, as in RFC 6068's own examples.
    link = "mailto:" + urllib.parse.quote(to, safe="@")
    return f"{link}?{query}" if query else link


def _one_line(text):
    """`text` with every run of whitespace, line breaks included, as one space."""
    return " ".join(str(text).split())


# RFC 5322's specials but the full stop (a "J. Smith" is read as one name):
# with any of them a display name needs its quotes, and a long From line folded
# by Python before 3.12.4 (gh-80222) loses them, so that a name such as
# "Registrar: registrar@college.example" reads as an address of its own.
DISPLAY_NAME_SPECIALS = frozenset('"(),:;<>@[\\]')


def _display_name(user):
    """The student's name, safe to stand as a display name in a header.

    RFC 5322's specials (quotes, brackets, commas, colons, semicolons, "@",
    backslashes), control characters and line breaks each become a space:
    with them a name such as `Registrar <registrar@college.example>, "x"`
    could read as a second address, chosen by the student. Bounded, so a name
    cannot crowd out the application's own.
    """
    name = "".join(
        " "
        if char in DISPLAY_NAME_SPECIALS
        or unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}
        else char
        for char in str(user.get_full_name())
    )
    return _one_line(name)[:DISPLAY_NAME_LENGTH].strip()


def cause_for_log(error):
    """The technical cause of a mail error, for a log line.

    Without the addresses an SMTPRecipientsRefused names: a log line never
    holds a contact's (or a student's) email address; ids say who.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _message in error.recipients.values()})
        return f"SMTPRecipientsRefused{codes}"
    return repr(error)


def _crlf(text):
    return str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _from_address(user):
    """The application's address, named "<student> via <application>"."""
    site_name, address = email.utils.parseaddr(str(settings.DEFAULT_FROM_EMAIL))
    site_name = site_name or "Infointerview"
    student_name = _display_name(user)
    # Without a name, the student's email address would be the obvious
    # stand-in, but an address in a display name is a classic phishing sign.
    display_name = (
        _("%(name)s via %(site)s") % {"name": student_name, "site": site_name}
        if student_name
        else site_name
    )
    return Address(display_name=display_name, addr_spec=address)


def _read_resume(user, resume):
    try:
        with resume.file.open("rb") as file:
            return file.read()
    except OSError as error:
        # Shared media storage that lost or cannot reach the file: the
        # student can still upload it again.
        logger.warning("Resume %s of user %s unreadable: %r", resume.pk, user.pk, error)
        raise EmailNotSent(
            _(
                "Your resume file could not be read; your request is saved as a "
                "draft. Upload the resume again, or send the request from your "
                "own email."
            )
        ) from error


def _reason(error):
    """What went wrong, for the student, from the technical error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = list(error.recipients)
        return ngettext(
            "The mail server refused the address %(addresses)s; your request is "
            "saved as a draft. Check the address, or send it from your own email.",
            "The mail server refused the addresses %(addresses)s; your request is "
            "saved as a draft. Check them, or send it from your own email.",
            len(refused),
        ) % {"addresses": ", ".join(refused)}
    if isinstance(error, smtplib.SMTPSenderRefused):
        return _(
            "The mail server refused to send from Infointerview's address; your "
            "request is saved as a draft. Try again later or send it from your "
            "own email."
        )
    if isinstance(error, smtplib.SMTPDataError):
        return _(
            "The mail server refused the message, for example as too large or as "
            "spam; your request is saved as a draft. Try again later or send it "
            "from your own email."
        )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _(
            "Infointerview could not sign in to its mail server; your request is "
            "saved as a draft. Try again later or send it from your own email."
        )
    if isinstance(error, smtplib.SMTPException) and not isinstance(
        error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected
    ):
        return _(
            "The mail server did not accept the message; your request is saved as "
            "a draft. Try again later or send it from your own email."
        )
    # Refused or timed-out connections, unknown hosts, failed TLS, and a server
    # that hung up: from here they all look the same.
    return _(
        "The mail server could not be reached; your request is saved as a draft. "
        "Try again later or send it from your own email."
    )
