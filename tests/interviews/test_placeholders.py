"""No request goes out with a placeholder in it: the default drafts fall back
where they naturally can (no field of work, no telephone number), and a
placeholder left in the text stops every way of sending it, saying which,
while the draft and what was typed are kept."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from contacts.models import Contact
from interviews.models import InterviewRequest
from tests.factories import ContactFactory, InterviewRequestFactory
from tests.interviews.pinned import signed_in_at

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status

REFUSED = "Replace {my_phone} before sending, or remove it."


@pytest.fixture
def student(student):
    """The student, with no telephone number."""
    student.phone = ""
    student.mailing_address = "12 College St\nToronto ON"
    student.save()
    return student


@pytest.fixture
def contact(student):
    """Someone with every way to reach them and no field of work on file."""
    return ContactFactory(
        owner=student,
        first_name="Priya",
        last_name="Raman",
        email="priya@example.org",
        phone="416-555-0100",
        mailing_address="178 Victoria St\nToronto ON",
        field="",
        lead_source="professor",
        found_through="Prof. Singh",
    )


def drafted(client, contact, channel):
    url = reverse("interviews:request_create", args=[contact.pk])
    return client.get(f"{url}?channel={channel}").context["form"].initial


def texts(initial):
    return " ".join(str(initial.get(name, "")) for name in initial)


# The default drafts


@pytest.mark.parametrize("channel", ["email", "telephone", "mail"])
def test_the_default_drafts_leave_no_placeholder_without_a_phone_or_field(
    owner_client, contact, channel
):
    initial = drafted(owner_client, contact, channel)

    assert not re.search(r"\{[a-z_]+\}", texts(initial)), texts(initial)


def test_without_a_phone_the_signature_leaves_the_line_out(owner_client, contact):
    message = drafted(owner_client, contact, "email")["message"]

    assert message.endswith("Maya Desjardins\nowner@example.com")


def test_with_a_phone_the_signature_gives_it(owner_client, student, contact):
    student.phone = "416-555-0142"
    student.save()

    message = drafted(owner_client, contact, "email")["message"]

    assert message.endswith("Maya Desjardins\nowner@example.com\n416-555-0142")


def test_without_a_phone_the_voicemail_gives_the_email_instead(owner_client, contact):
    voicemail = drafted(owner_client, contact, "telephone")["voicemail"]

    assert "You can reach me at owner@example.com;" in voicemail


def test_the_subject_needs_no_field_and_agrees_with_the_body(owner_client, contact):
    initial = drafted(owner_client, contact, "email")

    assert initial["subject"] == "A request for 20 to 30 minutes of your advice"
    assert "20 to 30 minutes" in initial["message"]


# Sending is refused while a placeholder remains


@pytest.fixture
def draft(student, contact):
    return InterviewRequestFactory(
        owner=student,
        contact=contact,
        subject="Twenty minutes?",
        message="Dear Priya, not a job. Call me at {my_phone}.",
    )


def test_save_and_send_keeps_the_draft_and_sends_nothing(
    owner_client, contact, smtp_server
):
    url = reverse("interviews:request_create", args=[contact.pk])
    typed = "Dear Priya, not a job, only advice. Call me at {my_phone}."

    response = owner_client.post(
        f"{url}?channel=email",
        {"channel": "email", "subject": "Advice?", "message": typed, "send": ""},
        follow=True,
    )

    saved = InterviewRequest.objects.get()
    assert (saved.status, saved.message) == (Status.DRAFT, typed)
    assert smtp_server.messages == []
    assert REFUSED in [str(m) for m in response.context["messages"]]
    # Back at the draft, the text as typed, with the warning beside it.
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse(
        "interviews:request_edit", args=[saved.pk]
    )
    assert typed in html.unescape(page)
    warning = re.search(r'<div[^>]*id="unfilled-warning"[^>]*>(.*?)</div>', page, re.S)
    assert " hidden" not in warning[0]
    assert "{my_phone}" in warning[1]


def test_a_placeholder_in_the_subject_is_refused_too(owner_client, draft, smtp_server):
    draft.subject = "Advice on {field}?"
    draft.message = "Dear Priya, not a job."
    draft.save()

    response = owner_client.post(
        reverse("interviews:request_send", args=[draft.pk]), follow=True
    )

    assert smtp_server.messages == []
    assert "Replace {field} before sending, or remove it." in [
        str(m) for m in response.context["messages"]
    ]


def test_send_from_infointerview_is_refused(owner_client, draft, smtp_server):
    response = owner_client.post(
        reverse("interviews:request_send", args=[draft.pk]), follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "{my_phone}" in draft.message
    assert smtp_server.messages == []
    assert REFUSED in [str(m) for m in response.context["messages"]]


def test_every_placeholder_left_is_named(owner_client, draft, smtp_server):
    draft.message = "Dear {contact_first_name}, call {my_phone}. {my_phone}"
    draft.save()

    response = owner_client.post(
        reverse("interviews:request_send", args=[draft.pk]), follow=True
    )

    assert (
        "Replace {contact_first_name}, {my_phone} before sending, or remove them."
        in [str(m) for m in response.context["messages"]]
    )


def test_once_replaced_it_is_sent(owner_client, draft, smtp_server):
    draft.message = "Dear Priya, not a job. Call me at 416-555-0142."
    draft.save()

    owner_client.post(reverse("interviews:request_send", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Status.SENT
    assert len(smtp_server.messages) == 2  # theirs, then the student's copy


def test_braces_that_are_no_placeholder_do_not_stop_it(
    owner_client, draft, smtp_server
):
    draft.message = "Dear Priya, not a job. {Sorry} for the {braces}."
    draft.save()

    owner_client.post(reverse("interviews:request_send", args=[draft.pk]))

    assert len(smtp_server.messages) == 2  # theirs, then the student's copy


@pytest.mark.parametrize("channel", ["email", "mail"])
def test_i_sent_it_myself_is_refused(owner_client, draft, contact, channel):
    draft.channel = channel
    draft.save()

    response = owner_client.post(
        reverse("interviews:request_sent", args=[draft.pk]), follow=True
    )

    draft.refresh_from_db()
    contact.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert contact.stage == Contact.Stage.LEAD
    assert REFUSED in [str(m) for m in response.context["messages"]]


def test_a_voicemail_with_a_placeholder_is_not_logged(owner_client, student, contact):
    call = InterviewRequestFactory(
        owner=student,
        contact=contact,
        channel="telephone",
        message="Hello, may I speak with Priya?",
        voicemail="Hello Priya, reach me at {my_phone}.",
    )

    response = owner_client.post(
        reverse("interviews:request_call", args=[call.pk]),
        {"outcome": "voicemail", "notes": "Her line rang six times."},
    )

    call.refresh_from_db()
    assert (call.status, call.call_log, call.follow_up_on) == (Status.DRAFT, "", None)
    page = html.unescape(response.content.decode())
    assert REFUSED in page
    assert "Her line rang six times." in page


def test_a_call_that_reached_no_voicemail_is_still_logged(
    owner_client, student, contact
):
    call = InterviewRequestFactory(
        owner=student,
        contact=contact,
        channel="telephone",
        voicemail="Hello Priya, reach me at {my_phone}.",
    )

    with signed_in_at(
        owner_client, student, datetime.datetime(2026, 11, 27, 15, tzinfo=datetime.UTC)
    ):
        owner_client.post(
            reverse("interviews:request_call", args=[call.pk]),
            {"outcome": "no_answer"},
        )

    call.refresh_from_db()
    assert "no answer" in call.call_log


def test_saving_a_draft_with_a_placeholder_stays_allowed(owner_client, contact):
    url = reverse("interviews:request_create", args=[contact.pk])

    owner_client.post(
        f"{url}?channel=email",
        {"channel": "email", "subject": "Advice?", "message": "Call {my_phone}."},
    )

    assert InterviewRequest.objects.get().message == "Call {my_phone}."


def test_the_compose_page_warns_near_the_text(owner_client, student, contact):
    contact.lead_source, contact.found_through = "other", ""
    contact.save()
    url = reverse("interviews:request_create", args=[contact.pk])

    page = html.unescape(owner_client.get(f"{url}?channel=email").content.decode())

    warning = page[page.index('id="unfilled-warning"') :]
    assert (
        "Still to replace before sending: <span data-names>{how_found}</span>"
        in (warning[:400])
    )
    # Beside the text, before the buttons.
    assert page.index('name="message"') < page.index('id="unfilled-warning"')
    assert page.index('id="unfilled-warning"') < page.index('name="save"')


def test_a_complete_draft_shows_no_warning(owner_client, contact):
    url = reverse("interviews:request_create", args=[contact.pk])

    page = owner_client.get(f"{url}?channel=email").content.decode()

    warning = re.search(r'<div[^>]*id="unfilled-warning"[^>]*>', page)[0]
    assert " hidden" in warning


def test_the_request_page_warns_near_the_text(owner_client, draft):
    page = html.unescape(
        owner_client.get(
            reverse("interviews:request_detail", args=[draft.pk])
        ).content.decode()
    )

    assert REFUSED in page
    assert page.index("Call me at {my_phone}") < page.index(REFUSED)
    # Nor is it handed to the student's own email app as it is.
    assert "mailto:" not in page.split('id="send-heading"')[1]


@pytest.mark.browser
def test_the_warning_follows_the_text_as_it_is_typed(
    live_server, browser_page, logged_in, user
):
    from playwright.sync_api import expect

    user.target_occupations, user.program, user.phone = "curator", "History", ""
    user.save()
    contact = ContactFactory(
        owner=user, email="p@example.org", lead_source="friend", found_through=""
    )
    page = logged_in(browser_page, live_server, user)
    url = reverse("interviews:request_create", args=[contact.pk])
    page.goto(f"{live_server.url}{url}?channel=email")
    warning = page.get_by_role("status").filter(has_text="Still to replace")
    expect(warning).to_be_hidden()

    message = page.get_by_role("textbox", name="Email")
    message.fill(message.input_value() + "\nCall me at {my_phone}. {not_ours}")

    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Still to replace before sending: {my_phone}.")

    message.fill(message.input_value().replace("{my_phone}", "416-555-0142"))

    expect(warning).to_be_hidden()
