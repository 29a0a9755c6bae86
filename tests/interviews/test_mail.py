"""Email sent on a student's behalf, as a real SMTP server receives it, and
the mailto: link that opens the student's own email app instead."""

import email
import email.policy
import email.utils
import io
import logging
import urllib.parse
import zipfile

import pytest
from aiosmtpd.smtp import AuthResult
from django.core import mail

from accounts.models import Resume
from interviews.mail import EmailNotSent, mailto_link, send_for_user
from tests.factories import PDF_BYTES, ResumeFactory, UserFactory
from tests.smtp import AddressRefusingHandler, RecordingHandler, running_smtp_server

pytestmark = pytest.mark.django_db

CONTACT = "rhea.tremblay@massey.example"
APP_ADDRESS = "noreply@infointerview.localhost"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes():
    """A small DOCX: a zip with its content types and its document part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
            '.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Maya Desjardins'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


@pytest.fixture
def maya():
    return UserFactory(
        email="maya@example.com", first_name="Maya", last_name="Desjardins"
    )


def send(user, **overrides):
    fields = {
        "to": CONTACT,
        "subject": "Twenty minutes of your advice?",
        "body": "I am not asking for a job, only for your advice.",
    }
    return send_for_user(user, **(fields | overrides))


def attachments(message):
    return list(message.iter_attachments())


# What arrives


def test_it_comes_from_the_application_in_the_students_name(smtp_server, maya):
    send(maya)

    message, _copy = smtp_server.messages
    [sender] = message["From"].addresses
    assert sender.display_name == "Maya Desjardins via Infointerview"
    assert sender.addr_spec == APP_ADDRESS
    # The envelope too: bounces come to the application, not to the student.
    assert smtp_server.envelopes[0].mail_from == APP_ADDRESS


def test_it_goes_to_the_contact_then_a_copy_to_the_student(smtp_server, maya):
    copy_sent = send(maya)

    message, copy = smtp_server.messages
    assert [a.addr_spec for a in message["To"].addresses] == [CONTACT]
    assert message["Cc"] is None
    assert [a.addr_spec for a in message["Reply-To"].addresses] == ["maya@example.com"]
    assert message["Reply-To"].addresses[0].display_name == "Maya Desjardins"
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [
        [CONTACT],
        ["maya@example.com"],
    ]
    assert [a.addr_spec for a in copy["To"].addresses] == ["maya@example.com"]
    assert copy["Subject"] == message["Subject"]
    assert copy.get_content() == message.get_content()
    assert copy_sent is True


def test_an_accented_subject_and_body_arrive_as_typed(smtp_server, maya):
    subject = "Entretien d'information : la gestion de théâtre, ça vous dit ?"
    # A line of a lone "." would end the message if SMTP did not escape it.
    body = "Bonjour Madame Tremblay,\n\nJ'étudie à Montréal.\n.\nFrançoise ♥ Noël\n"

    send(maya, subject=subject, body=body)

    message, _copy = smtp_server.messages
    assert message["Subject"] == subject
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == body


def test_an_accented_student_name_arrives_in_the_display_name(smtp_server):
    helene = UserFactory(
        email="helene@example.com", first_name="Hélène", last_name="Côté"
    )

    send(helene)

    message, copy = smtp_server.messages
    assert message["From"].addresses[0].display_name == "Hélène Côté via Infointerview"
    assert message["Reply-To"].addresses[0].display_name == "Hélène Côté"
    assert copy["To"].addresses[0].display_name == "Hélène Côté"


def test_a_student_without_a_name_is_sent_as_the_application(smtp_server):
    nameless = UserFactory(email="anon@example.com", first_name="", last_name="")

    send(nameless)

    [sender] = smtp_server.messages[0]["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Infointerview", APP_ADDRESS)


@pytest.mark.parametrize(
    ("default_from", "expected"),
    [
        (
            "Career Centre <careers@uni.example>",
            "Maya Desjardins via Career Centre <careers@uni.example>",
        ),
        (
            "careers@uni.example",
            "Maya Desjardins via Infointerview <careers@uni.example>",
        ),
    ],
)
def test_the_application_is_named_as_in_default_from_email(
    settings, maya, default_from, expected
):
    settings.DEFAULT_FROM_EMAIL = default_from

    send(maya)

    assert [sent.from_email for sent in mail.outbox] == [expected, expected]


@pytest.mark.parametrize(
    ("kind", "content", "mime_type"),
    [
        (Resume.Kind.PDF, PDF_BYTES, "application/pdf"),
        (Resume.Kind.DOCX, docx_bytes(), DOCX_TYPE),
    ],
    ids=["pdf", "docx"],
)
def test_the_resume_arrives_byte_for_byte_with_its_name_and_type(
    smtp_server, maya, kind, content, mime_type
):
    resume = ResumeFactory(
        owner=maya,
        label="Arts management, fall",
        kind=kind,
        file__filename=f"resume.{kind}",
        file__data=content,
        size=len(content),
    )

    send(maya, attachment=resume)

    message, copy = smtp_server.messages
    assert attachments(copy)[0].get_content() == content
    [attached] = attachments(message)
    # Named after the student, never after their private label.
    assert attached.get_filename() == "Maya-Desjardins-resume." + kind
    assert attached.get_content_type() == mime_type
    assert attached.get_content() == content
    assert message.get_body(("plain",)).get_content().startswith("I am not asking")


@pytest.mark.parametrize(
    ("first_name", "last_name", "filename"),
    [
        ("Hélène", "Côté", "Helene-Cote-resume.pdf"),
        ("Mary Kate", "O'Brien-Ng", "Mary-Kate-O-Brien-Ng-resume.pdf"),
        ("Maya", "", "Maya-resume.pdf"),
        ("", "", "resume.pdf"),
        ("李", "小龙", "resume.pdf"),
    ],
    ids=["accents", "spaces-and-marks", "first-name-only", "nameless", "no-latin"],
)
def test_the_resume_is_named_after_the_student_in_plain_letters(
    smtp_server, first_name, last_name, filename
):
    student = UserFactory(
        email="s@example.com", first_name=first_name, last_name=last_name
    )
    resume = ResumeFactory(owner=student, label="CV théâtre, ça: private")

    send(student, attachment=resume)

    [attached] = attachments(smtp_server.messages[0])
    assert attached.get_filename() == filename


def test_without_a_resume_the_message_is_plain_text_alone(smtp_server, maya):
    send(maya, attachment=None)

    message, _copy = smtp_server.messages
    assert not message.is_multipart()
    assert attachments(message) == []


def test_the_test_settings_mailer_keeps_the_message_in_the_outbox(maya):
    # Views are tested with locmem: the same call must work there too.
    send(maya)

    sent, copy = mail.outbox
    assert (sent.to, copy.to) == ([CONTACT], ["Maya Desjardins <maya@example.com>"])
    assert sent.sent_using == "default"


# What does not arrive, and what the student reads instead


def test_when_the_server_is_down_the_student_reads_why(smtp_server_down, maya, caplog):
    with pytest.raises(EmailNotSent) as raised:
        send(maya)

    assert str(raised.value) == (
        "The mail server could not be reached; your request is saved as a draft. "
        "Try again later or send it from your own email."
    )
    assert mail.outbox == []
    # The technical cause is for the logs.
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.name == "interviews.mail"
    assert "ConnectionRefusedError" in record.getMessage()


def test_a_server_that_never_answers_is_unreachable_after_the_timeout(
    smtp_server_silent, maya, caplog
):
    with pytest.raises(EmailNotSent, match="could not be reached"):
        send(maya)

    assert "timed out" in caplog.records[0].getMessage()


def test_a_refused_recipient_is_named_and_nothing_is_delivered(
    smtp_server_refusing, maya
):
    with pytest.raises(EmailNotSent) as raised:
        send(maya)

    assert str(raised.value).startswith(
        f"The mail server refused the address {CONTACT};"
    )
    # Nor the copy: the student would think it had gone.
    assert smtp_server_refusing.messages == []


class ContactRefusingHandler(RecordingHandler):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == CONTACT:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_contact_is_reported_even_when_the_copy_is_accepted(settings, maya):
    with (
        running_smtp_server(settings, ContactRefusingHandler()),
        pytest.raises(EmailNotSent, match=CONTACT),
    ):
        send(maya)


class SenderRefusingHandler(RecordingHandler):
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        return "550 5.7.1 Sender not allowed"


class ContentRefusingHandler(RecordingHandler):
    async def handle_DATA(self, server, session, envelope):
        return "554 5.6.0 Message looks like spam"


def refuse_every_login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)


@pytest.mark.parametrize(
    ("handler", "options", "reason"),
    [
        (SenderRefusingHandler, {}, "refused to send from Infointerview's address"),
        (ContentRefusingHandler, {}, "refused the message, for example as too large"),
        (
            RecordingHandler,
            {
                "login": "mailer:hunter2-secret@",
                "authenticator": refuse_every_login,
                "auth_require_tls": False,
            },
            "could not sign in to its mail server",
        ),
    ],
    ids=["sender", "content", "login"],
)
def test_each_refusal_has_its_reason_hides_the_password_and_closes_the_connection(
    settings, maya, caplog, handler, options, reason
):
    with (
        running_smtp_server(settings, handler(), **options) as server,
        pytest.raises(EmailNotSent) as raised,
    ):
        send(maya)

    assert reason in str(raised.value)
    assert "hunter2" not in str(raised.value)
    assert "hunter2" not in caplog.text
    assert server.messages == []
    # Closed at once, not left open for the garbage collector to find.
    assert server.quits == 1


def test_a_newline_in_the_subject_cannot_add_a_header(smtp_server, maya):
    send(maya, subject="Hello\r\nBcc: spy@example.net\nX-Injected: yes")

    message, _copy = smtp_server.messages
    assert message["Subject"] == "Hello Bcc: spy@example.net X-Injected: yes"
    assert message["X-Injected"] is None
    assert message["Bcc"] is None
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [
        [CONTACT],
        ["maya@example.com"],
    ]


@pytest.mark.parametrize(
    "address", ["", "rhea at massey", f"{CONTACT}\r\nBcc: spy@example.net"]
)
def test_something_that_is_not_an_address_is_refused_before_sending(
    smtp_server, maya, address
):
    with pytest.raises(EmailNotSent, match="is not an email address we can send to"):
        send(maya, to=address)

    assert smtp_server.messages == []


def test_a_resume_whose_file_is_gone_is_reported_and_nothing_is_sent(smtp_server, maya):
    resume = ResumeFactory(owner=maya)
    resume.file.storage.delete(resume.file.name)

    with pytest.raises(EmailNotSent, match="Your resume file could not be read"):
        send(maya, attachment=resume)

    assert smtp_server.messages == []


# The "open in my email app" link


def test_the_link_percent_encodes_everything_that_could_break_it():
    link = mailto_link(
        CONTACT,
        subject="Q&A? #1 à Montréal",
        body="Line one\nC++ = 100%",
    )

    assert link == (
        "mailto:rhea.tremblay@massey.example"
        "?subject=Q%26A%3F%20%231%20%C3%A0%20Montr%C3%A9al"
        "&body=Line%20one%0D%0AC%2B%2B%20%3D%20100%25"
    )


def test_the_link_round_trips_through_urllib():
    subject = "Entretien d'information : théâtre & ça ?"
    body = "Bonjour,\n\nVingt minutes? #merci\r\nMaya + Noël"

    link = mailto_link(CONTACT, subject=subject, body=body, cc="maya@example.com")

    parts = urllib.parse.urlsplit(link)
    fields = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert parts.scheme == "mailto"
    assert urllib.parse.unquote(parts.path) == CONTACT
    assert fields == {
        "cc": ["maya@example.com"],
        "subject": [subject],
        "body": ["Bonjour,\r\n\r\nVingt minutes? #merci\r\nMaya + Noël"],
    }
    assert "+" not in link


def test_the_link_puts_a_subject_on_one_line_and_leaves_out_empty_fields():
    link = mailto_link(CONTACT, subject="Hello\nthere", body="", cc=None)

    assert link == "mailto:rhea.tremblay@massey.example?subject=Hello%20there"


def test_the_link_takes_several_copies():
    link = mailto_link(CONTACT, subject="Hi", body="", cc=["a@example.com", "b@x.ca"])

    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query["cc"] == ["a@example.com,b@x.ca"]


# A name chosen to deceive


@pytest.mark.parametrize(
    ("first_name", "last_name", "shown"),
    [
        (
            'Registrar <registrar@college.example>, "x"',
            "Desjardins",
            "Registrar registrar college.example x Desjardins",
        ),
        (
            "Maya;\r\nBcc: spy@example.net",
            "\\Desjardins\u0007",
            "Maya Bcc spy example.net Desjardins",
        ),
        # Long enough that the From line is folded, which loses quotes.
        (
            "Registrar: registrar@college.example",
            "Office of the Registrar x",
            "Registrar registrar college.example Office of the Registrar x",
        ),
        ("(Dean) [Office]", "of Arts", "Dean Office of Arts"),
        ("M" * 100, "Desjardins", "M" * 64),
    ],
    ids=["second-address", "header-break", "group-colon", "comments", "long"],
)
def test_a_name_cannot_add_an_address_or_a_header(
    smtp_server, first_name, last_name, shown
):
    attacker = UserFactory(
        email="maya@example.com", first_name=first_name, last_name=last_name
    )

    send(attacker)

    message, copy = smtp_server.messages
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        f"{shown} via Infointerview",
        APP_ADDRESS,
    )
    # The older parser, as many mail programs read a header, agrees.
    raw = smtp_server.envelopes[0].original_content
    headers = email.message_from_bytes(raw, policy=email.policy.compat32)
    assert email.utils.getaddresses(headers.get_all("From")) == [
        (f"{shown} via Infointerview", APP_ADDRESS)
    ]
    [reply_to] = message["Reply-To"].addresses
    assert (reply_to.display_name, reply_to.addr_spec) == (shown, "maya@example.com")
    assert [a.addr_spec for a in copy["To"].addresses] == ["maya@example.com"]
    assert message["Bcc"] is None
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [
        [CONTACT],
        ["maya@example.com"],
    ]


# The student's copy, refused


def test_a_refused_copy_leaves_the_message_delivered_and_says_so(
    settings, maya, caplog
):
    with running_smtp_server(
        settings, AddressRefusingHandler("maya@example.com")
    ) as server:
        copy_sent = send(maya)

    assert copy_sent is False
    [message] = server.messages
    assert [a.addr_spec for a in message["To"].addresses] == [CONTACT]
    [record] = [r for r in caplog.records if r.name == "interviews.mail"]
    assert record.levelno == logging.WARNING
    assert f"user {maya.pk}" in record.getMessage()
    assert "550" in record.getMessage()


def test_no_address_is_logged_when_the_server_refuses(
    smtp_server_refusing, maya, caplog
):
    with pytest.raises(EmailNotSent):
        send(maya)

    [record] = [r for r in caplog.records if r.name == "interviews.mail"]
    assert f"user {maya.pk}" in record.getMessage()
    assert "@" not in record.getMessage()
