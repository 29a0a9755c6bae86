"""Asking for an interview by email, telephone or mail, and recording the answer."""

import pytest
from django.urls import reverse

from contacts.models import Contact
from interviews.drafting import word_count
from interviews.models import InterviewRequest, MessageTemplate
from tests.factories import (
    PDF_BYTES,
    ContactFactory,
    InterviewRequestFactory,
    ResumeFactory,
)
from tests.smtp import AddressRefusingHandler, running_smtp_server

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status


@pytest.fixture
def contact(student):
    return ContactFactory(
        owner=student,
        first_name="Priya",
        last_name="Raman",
        email="priya@example.org",
        phone="416-555-0100",
        mailing_address="178 Victoria St\nToronto ON  M5B 1T7",
        field="Theatre management",
        lead_source="professor",
        found_through="Prof. Singh",
    )


def create_url(contact, channel):
    return (
        reverse("interviews:request_create", args=[contact.pk]) + f"?channel={channel}"
    )


def email_data(**overrides):
    return {
        "channel": "email",
        "subject": "Twenty minutes of your advice?",
        "message": "Dear Priya, I am not asking for a job; may we talk for 20 minutes?",
    } | overrides


# Drafting


def test_an_email_request_is_drafted_short_specific_and_plainly_not_for_a_job(
    owner_client, contact
):
    response = owner_client.get(create_url(contact, "email"))

    initial = response.context["form"].initial
    # The subject says what the body asks (20 to 30 minutes) and needs no
    # field of work, which a contact may not have.
    assert initial["subject"] == "A request for 20 to 30 minutes of your advice"
    message = initial["message"]
    assert message.startswith("Dear Priya,")
    assert "through Prof. Singh" in message
    assert "studying Arts Management" in message
    assert "theatre manager" in message
    assert "20 to 30 minutes" in message
    assert "not asking for a job" in message
    assert "416-555-0142" in message
    assert word_count(message) <= 100


def test_a_referral_is_mentioned_by_the_referrers_name(owner_client, student, contact):
    referred = ContactFactory(
        owner=student,
        lead_source="referral",
        referred_by=contact,
        email="x@example.org",
    )

    response = owner_client.get(create_url(referred, "email"))

    assert (
        "through Priya Raman, who suggested"
        in response.context["form"].initial["message"]
    )


def test_a_call_script_and_voicemail_say_who_when_and_how_to_call_back(
    owner_client, contact
):
    response = owner_client.get(create_url(contact, "telephone"))

    initial = response.context["form"].initial
    assert "May I speak with Priya Raman" in initial["message"].replace("may", "May")
    voicemail = initial["voicemail"]
    assert "this is Maya Desjardins" in voicemail
    assert "416-555-0142" in voicemail
    assert "call you back on" in voicemail
    assert "{call_back_day}" not in voicemail


def test_a_blank_that_cannot_be_filled_stays_visible(owner_client, student, contact):
    # Found some other way, not said how: only the student can say it.
    contact.lead_source, contact.found_through = "other", ""
    contact.save()

    response = owner_client.get(create_url(contact, "email"))

    assert "{how_found}" in response.context["form"].initial["message"]


def test_the_users_own_wording_is_used_for_new_drafts(owner_client, student, contact):
    MessageTemplate.objects.create(
        owner=student,
        kind="email",
        subject="Hello from {my_first_name}",
        body="Hi {contact_first_name}, coffee? Not a job request.",
    )

    response = owner_client.get(create_url(contact, "email"))

    initial = response.context["form"].initial
    assert initial["subject"] == "Hello from Maya"
    assert initial["message"] == "Hi Priya, coffee? Not a job request."


def test_the_form_shows_a_word_count(owner_client, contact):
    html = owner_client.get(create_url(contact, "email")).content.decode()
    assert "aim for under 100" in html
    assert "js/word_count.js" in html


# Saving and the bad input of each channel


def test_saving_an_email_request_keeps_a_draft_with_the_chosen_resume(
    owner_client, student, contact
):
    resume = ResumeFactory(owner=student)

    response = owner_client.post(
        create_url(contact, "email"), email_data(resume=resume.pk, save="")
    )

    saved = InterviewRequest.objects.get()
    assert response["Location"] == reverse("interviews:request_detail", args=[saved.pk])
    assert (saved.owner, saved.contact, saved.resume) == (student, contact, resume)
    assert saved.status == Status.DRAFT
    contact.refresh_from_db()
    assert contact.stage == Contact.Stage.LEAD


@pytest.mark.parametrize(
    ("channel", "blank", "message"),
    [
        ("email", "email", "no email address"),
        ("telephone", "phone", "no telephone number"),
        ("mail", "mailing_address", "no mailing address"),
    ],
)
def test_a_channel_the_contact_cannot_be_reached_by_is_refused_at_the_field(
    owner_client, contact, channel, blank, message
):
    setattr(contact, blank, "")
    contact.save()

    response = owner_client.post(
        create_url(contact, channel),
        email_data(channel=channel, voicemail="Hello"),
    )

    assert message in str(response.context["form"].errors["channel"])
    assert "may we talk for 20 minutes" in response.content.decode()
    assert not InterviewRequest.objects.exists()


def test_a_letter_needs_the_students_own_address(owner_client, student, contact):
    student.mailing_address = ""
    student.save()

    response = owner_client.post(
        create_url(contact, "mail"), email_data(channel="mail")
    )

    assert "your own address" in str(response.context["form"].errors["channel"])


def test_a_resume_of_someone_else_is_refused(owner_client, contact, other_user):
    theirs = ResumeFactory(owner=other_user)

    response = owner_client.post(
        create_url(contact, "email"), email_data(resume=theirs.pk)
    )

    assert "your own resumes" in str(response.context["form"].errors["resume"])
    assert not InterviewRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"subject": ""}, "subject"), ({"message": "   "}, "message")],
)
def test_an_email_without_subject_or_text_is_refused(
    owner_client, contact, overrides, field
):
    response = owner_client.post(create_url(contact, "email"), email_data(**overrides))

    assert field in response.context["form"].errors


def test_a_request_for_someone_elses_contact_is_not_found(owner_client, other_user):
    theirs = ContactFactory(owner=other_user, email="t@example.org")

    assert owner_client.get(create_url(theirs, "email")).status_code == 404
    assert (
        owner_client.post(create_url(theirs, "email"), email_data()).status_code == 404
    )
    assert not InterviewRequest.objects.exists()


# Sending


def test_save_and_send_emails_the_request_with_the_resume_through_smtp(
    owner_client, student, contact, smtp_server
):
    resume = ResumeFactory(owner=student, label="Theatre")

    owner_client.post(
        create_url(contact, "email"), email_data(resume=resume.pk, send="")
    )

    saved = InterviewRequest.objects.get()
    assert saved.status == Status.SENT
    contact.refresh_from_db()
    assert contact.stage == Contact.Stage.REQUESTED
    message, copy = smtp_server.messages
    assert message["To"] == "priya@example.org"
    assert student.email in copy["To"]
    assert student.email in message["Reply-To"]
    assert message["Subject"] == "Twenty minutes of your advice?"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == PDF_BYTES


def test_when_the_mail_server_is_down_the_request_stays_a_saved_draft(
    owner_client, contact, smtp_server_down
):
    response = owner_client.post(
        create_url(contact, "email"), email_data(send=""), follow=True
    )

    saved = InterviewRequest.objects.get()
    assert saved.status == Status.DRAFT
    assert "may we talk for 20 minutes" in saved.message
    assert any(m.level_tag == "error" for m in response.context["messages"])
    contact.refresh_from_db()
    assert contact.stage == Contact.Stage.LEAD


def test_a_draft_can_be_sent_from_its_page(owner_client, student, contact, smtp_server):
    draft = InterviewRequestFactory(owner=student, contact=contact)

    owner_client.post(reverse("interviews:request_send", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Status.SENT
    assert len(smtp_server.messages) == 2  # theirs, then the student's copy


def test_a_refused_copy_to_the_student_still_sends_the_request_once(
    settings, owner_client, student, contact
):
    draft = InterviewRequestFactory(owner=student, contact=contact)
    url = reverse("interviews:request_send", args=[draft.pk])

    with running_smtp_server(settings, AddressRefusingHandler(student.email)) as server:
        response = owner_client.post(url, follow=True)
        owner_client.post(url)

    draft.refresh_from_db()
    assert draft.status == Status.SENT
    [message] = server.messages
    assert message["To"] == "priya@example.org"
    told = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert told == [
        ("success", "Sent to priya@example.org."),
        (
            "warning",
            "The copy to you could not be sent; your message did reach them.",
        ),
    ]


def test_a_sent_request_is_not_sent_twice(owner_client, student, contact, smtp_server):
    sent = InterviewRequestFactory(owner=student, contact=contact)
    sent.mark_sent()

    owner_client.post(reverse("interviews:request_send", args=[sent.pk]))

    assert smtp_server.messages == []


def test_the_draft_offers_to_open_it_in_my_email_app(owner_client, student, contact):
    draft = InterviewRequestFactory(owner=student, contact=contact, subject="Hi there")

    response = owner_client.get(reverse("interviews:request_detail", args=[draft.pk]))

    assert response.context["mailto"].startswith(
        "mailto:priya%40example.org?"
    ) or response.context["mailto"].startswith("mailto:priya@example.org?")
    assert "Hi%20there" in response.context["mailto"]


def test_marking_a_request_sent_by_hand_moves_the_contact_on(
    owner_client, student, contact
):
    draft = InterviewRequestFactory(owner=student, contact=contact, channel="mail")

    owner_client.post(reverse("interviews:request_sent", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Status.SENT
    contact.refresh_from_db()
    assert contact.stage == Contact.Stage.REQUESTED


def test_the_printable_letter_has_both_addresses_and_the_date(
    owner_client, student, contact
):
    letter = InterviewRequestFactory(
        owner=student, contact=contact, channel="mail", message="Dear Ms. Raman"
    )

    response = owner_client.get(reverse("interviews:request_letter", args=[letter.pk]))

    html = response.content.decode()
    assert "12 College St" in html
    assert "178 Victoria St" in html
    assert "Dear Ms. Raman" in html
    assert response.context["today"]
    assert "css/print.css" in html


# Telephone


@pytest.mark.parametrize(
    ("outcome", "status", "stage", "kept_in"),
    [
        ("accepted", Status.ACCEPTED, Contact.Stage.REQUESTED, "answer_notes"),
        ("declined", Status.DECLINED, Contact.Stage.DECLINED, "answer_notes"),
        ("voicemail", Status.SENT, Contact.Stage.REQUESTED, "call_log"),
        ("no_answer", Status.DRAFT, Contact.Stage.LEAD, "call_log"),
    ],
)
def test_logging_a_call_records_what_happened(
    owner_client, student, contact, outcome, status, stage, kept_in
):
    call = InterviewRequestFactory(owner=student, contact=contact, channel="telephone")

    owner_client.post(
        reverse("interviews:request_call", args=[call.pk]),
        {"outcome": outcome, "notes": "Spoke to her assistant."},
    )

    call.refresh_from_db()
    contact.refresh_from_db()
    assert (call.status, contact.stage) == (status, stage)
    # Their words are their answer; a note on a call that did not reach them
    # is the student's own, kept in the log of calls.
    assert "Spoke to her assistant." in getattr(call, kept_in)


def test_a_call_without_an_outcome_changes_nothing(owner_client, student, contact):
    call = InterviewRequestFactory(owner=student, contact=contact, channel="telephone")

    owner_client.post(reverse("interviews:request_call", args=[call.pk]), {})

    call.refresh_from_db()
    assert call.status == Status.DRAFT


# Answers


@pytest.fixture
def sent(student, contact):
    interview_request = InterviewRequestFactory(owner=student, contact=contact)
    interview_request.mark_sent()
    return interview_request


def test_an_accepted_request_leads_straight_to_scheduling(owner_client, sent):
    response = owner_client.post(
        reverse("interviews:request_answer", args=[sent.pk]), {"status": "accepted"}
    )

    assert response["Location"] == f"{reverse('interviews:schedule')}?request={sent.pk}"
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("declined", Contact.Stage.DECLINED),
        ("no_reply", Contact.Stage.NO_REPLY),
        ("withdrawn", Contact.Stage.REQUESTED),
    ],
)
def test_other_answers_move_the_contact_as_they_should(
    owner_client, sent, contact, status, stage
):
    owner_client.post(
        reverse("interviews:request_answer", args=[sent.pk]),
        {"status": status, "notes": "Busy season."},
    )

    sent.refresh_from_db()
    contact.refresh_from_db()
    assert (sent.status, contact.stage) == (status, stage)


def test_an_answer_to_a_draft_is_refused_with_a_message(owner_client, student, contact):
    draft = InterviewRequestFactory(owner=student, contact=contact)

    response = owner_client.post(
        reverse("interviews:request_answer", args=[draft.pk]),
        {"status": "accepted"},
        follow=True,
    )

    assert "cannot take that answer" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_unknown_answer_changes_nothing(owner_client, sent):
    owner_client.post(
        reverse("interviews:request_answer", args=[sent.pk]), {"status": "maybe"}
    )
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_following_up_once_is_recorded(owner_client, sent):
    owner_client.post(reverse("interviews:request_followed_up", args=[sent.pk]))

    sent.refresh_from_db()
    assert sent.followed_up_at is not None


def test_a_sent_request_can_no_longer_be_edited(owner_client, sent):
    response = owner_client.post(
        reverse("interviews:request_edit", args=[sent.pk]),
        email_data(subject="Changed"),
    )

    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.subject != "Changed"


def test_a_draft_can_be_edited(owner_client, student, contact):
    draft = InterviewRequestFactory(owner=student, contact=contact)

    owner_client.post(
        reverse("interviews:request_edit", args=[draft.pk]), email_data(subject="New")
    )

    draft.refresh_from_db()
    assert draft.subject == "New"


# The user's own wording


def test_saving_my_own_wording(owner_client, student):
    response = owner_client.post(
        reverse("interviews:templates"),
        {"kind": "email", "email-subject": "Hello", "email-body": "Hi {contact_name}"},
    )

    assert response.status_code == 302
    saved = MessageTemplate.objects.get(owner=student)
    assert (saved.kind, saved.body) == ("email", "Hi {contact_name}")


@pytest.mark.parametrize(
    ("body", "message"),
    [("Hi {salary}", "Unknown placeholder"), ("", "required")],
)
def test_bad_wording_is_refused_at_the_field(owner_client, student, body, message):
    response = owner_client.post(
        reverse("interviews:templates"),
        {"kind": "email", "email-subject": "Hello", "email-body": body},
    )

    assert response.status_code == 200
    email_form = next(
        form for kind, _own, form in response.context["forms"] if kind == "email"
    )
    assert message in str(email_form.errors["body"])
    assert not MessageTemplate.objects.exists()


def test_going_back_to_the_default_wording(owner_client, student):
    MessageTemplate.objects.create(owner=student, kind="call", body="Mine")

    owner_client.post(
        reverse("interviews:templates"), {"kind": "call", "call-body": "x", "reset": ""}
    )

    assert not MessageTemplate.objects.exists()


# The same four checks for every view of a request

REQUEST_VIEWS = [
    ("interviews:request_detail", "get", "post"),
    ("interviews:request_edit", "get", "put"),
    ("interviews:request_letter", "get", "post"),
    ("interviews:request_send", "post", "get"),
    ("interviews:request_sent", "post", "get"),
    ("interviews:request_call", "post", "get"),
    ("interviews:request_answer", "post", "get"),
    ("interviews:request_followed_up", "post", "get"),
]


@pytest.mark.parametrize(("name", "method", "wrong"), REQUEST_VIEWS)
def test_another_users_request_is_not_found_and_unchanged(
    owner_client, other_user, name, method, wrong
):
    theirs = InterviewRequestFactory(owner=other_user, channel="telephone")
    theirs.mark_sent()
    url = reverse(name, args=[theirs.pk])

    assert getattr(owner_client, method)(url).status_code == 404
    response = owner_client.post(
        url,
        {"status": "declined", "outcome": "declined", "subject": "x", "message": "y"},
    )
    assert response.status_code in (404, 405)
    theirs.refresh_from_db()
    assert theirs.status == Status.SENT


@pytest.mark.parametrize(("name", "method", "wrong"), REQUEST_VIEWS)
def test_an_unknown_request_is_not_found(owner_client, name, method, wrong):
    url = reverse(name, args=[999999])
    assert getattr(owner_client, method)(url).status_code == 404


@pytest.mark.parametrize(("name", "method", "wrong"), REQUEST_VIEWS)
def test_the_wrong_method_is_refused(
    owner_client, student, contact, name, method, wrong
):
    draft = InterviewRequestFactory(owner=student, contact=contact)

    response = getattr(owner_client, wrong)(reverse(name, args=[draft.pk]))

    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize(("name", "method", "wrong"), REQUEST_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name, method, wrong):
    draft = InterviewRequestFactory(owner=user)

    response = getattr(client, method)(reverse(name, args=[draft.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_create_and_templates_pages_refuse_other_methods(owner_client, contact):
    assert owner_client.delete(create_url(contact, "email")).status_code == 405
    assert owner_client.delete(reverse("interviews:templates")).status_code == 405
