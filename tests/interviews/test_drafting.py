"""The default drafts of a request, as the compose page shows them: short
enough for the page's own word target, true to whoever receives them, and
with the newest resume ready to attach to an email."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse

from contacts.models import LeadSource, Organization
from interviews.forms import WORD_TARGET
from interviews.models import InterviewRequest
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    ResumeFactory,
)

pytestmark = pytest.mark.django_db

# JavaScript's \s (static/js/word_count.js splits on /\s+/ after trim()).
_JS_SPACE = (
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)


def js_word_count(text):
    """Words as static/js/word_count.js counts them, to the same number."""
    words = re.split(_JS_SPACE, re.sub(f"^{_JS_SPACE}|{_JS_SPACE}$", "", text))
    return 0 if words == [""] else len(words)


def test_the_helper_counts_as_the_page_does():
    assert js_word_count("") == 0
    assert js_word_count("  \n ") == 0
    assert js_word_count(" Dear  Priya,\n\nI — found\u00a0you. ") == 6


def textarea(page, name):
    """The text a textarea named `name` shows in the browser."""
    match = re.search(
        rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, flags=re.DOTALL
    )
    assert match, f"no {name} box on the page"
    # As in the browser: one newline right after the opening tag is dropped.
    return html.unescape(match.group(1)).removeprefix("\n")


def compose(client, contact, channel):
    url = reverse("interviews:request_create", args=[contact.pk])
    response = client.get(f"{url}?channel={channel}")
    assert response.status_code == 200
    return response.content.decode()


# The longest names, program and occupation a student may realistically have.
LONG_STUDENT = {
    "first_name": "Maria del Carmen",
    "last_name": "Fernández-Castillo López",
    "program": "Honours Bachelor of Fine Arts in Theatre Production and Design",
    "target_occupations": "performing arts centre general manager\nproducer",
    "phone": "416-555-0142 ext. 2045",
    "mailing_address": "Residence B, Room 214\n40 College Street\nToronto ON M5G 2J3",
}


@pytest.fixture
def long_student(user):
    for name, value in LONG_STUDENT.items():
        setattr(user, name, value)
    user.save()
    return user


def long_contact(owner, **fields):
    return ContactFactory(
        owner=owner,
        first_name="Jean-Baptiste",
        last_name="de la Rochefoucauld-Tremblay",
        job_title="Director of Front of House and Patron Services",
        field="arts and cultural management",
        organization=Organization.objects.named(
            owner, "Royal Conservatory of Music of Toronto"
        ),
        email="jb@example.org",
        phone="416-555-0100 ext. 3310",
        mailing_address="273 Bloor Street West\nToronto ON M5S 1W2",
        **fields,
    )


def lead_variants(owner):
    """One contact for each way a lead is found, with its longest wording."""
    referrer = ContactFactory(
        owner=owner,
        first_name="Marie-Ève",
        last_name="Saint-Laurent de Villiers",
    )
    variants = {
        "referral": {"lead_source": LeadSource.REFERRAL, "referred_by": referrer},
        "directory": {
            "lead_source": LeadSource.CAREER_CENTRE,
            "directory_entry": DirectoryEntryFactory(),
        },
        "career centre": {"lead_source": LeadSource.CAREER_CENTRE},
        "alumni office": {"lead_source": LeadSource.ALUMNI_OFFICE},
        "professor": {"lead_source": LeadSource.PROFESSOR},
        "professor named": {
            "lead_source": LeadSource.PROFESSOR,
            "found_through": "Professor Anne-Marie Singh of the Faculty of Music",
        },
        "directly": {"lead_source": LeadSource.ORGANIZATION},
        "parent": {"lead_source": LeadSource.PARENT},
        "friend's parent": {"lead_source": LeadSource.FRIENDS_PARENT},
        "friend": {"lead_source": LeadSource.FRIEND},
        "other": {
            "lead_source": LeadSource.OTHER,
            "found_through": "my aunt's colleague at the Toronto Symphony Orchestra",
        },
    }
    return {name: long_contact(owner, **fields) for name, fields in variants.items()}


# Whatever today is: the call-back day ("Wednesday 2 December") is three words.
def test_every_default_draft_stays_under_the_pages_word_target(
    owner_client, long_student
):
    counts = {}
    for how, contact in lead_variants(long_student).items():
        for channel in ("email", "telephone", "mail"):
            page = compose(owner_client, contact, channel)
            # The target the page itself states.
            assert f"aim for under {WORD_TARGET}" in page
            boxes = ["message", "voicemail"] if channel == "telephone" else ["message"]
            for box in boxes:
                text = textarea(page, box)
                assert "{" not in text, (how, box, text)
                counts[(how, channel, box)] = js_word_count(text)

    too_long = {key: count for key, count in counts.items() if count >= WORD_TARGET}
    assert too_long == {}
    assert (
        len(counts) == 11 * 4
    )  # 11 ways, each an email, a call, a voicemail, a letter


@pytest.mark.parametrize("channel", ["email", "telephone", "mail"])
def test_it_keeps_what_a_request_must_say(owner_client, student, channel):
    contact = long_contact(student, lead_source=LeadSource.ALUMNI_OFFICE)

    page = compose(owner_client, contact, channel)

    message = textarea(page, "message")
    assert "through the alumni office" in message
    assert "20 to 30 minutes" in message
    assert re.search(r"not (asking|looking) for (a job|employment)", message)
    assert "Thank you" in message
    if channel == "telephone":
        voicemail = textarea(page, "voicemail")
        assert "416-555-0142" in voicemail
        assert "not a job" in voicemail
        assert "Thank you" in voicemail
    else:
        assert "416-555-0142" in message
        assert "Maya Desjardins" in message
    if channel == "email":
        # A letter gives the email address in its letterhead.
        assert student.email in message


@pytest.mark.parametrize("channel", ["email", "telephone", "mail"])
def test_it_does_not_call_the_students_target_the_contacts_career(
    owner_client, student, channel
):
    house_manager = ContactFactory(
        owner=student,
        first_name="Rhea",
        last_name="Tremblay",
        job_title="House Manager",
        phone="416-555-0100",
        mailing_address="178 Victoria St\nToronto ON  M5B 1T7",
    )

    page = compose(owner_client, house_manager, channel)

    drafts = textarea(page, "message")
    if channel == "telephone":
        drafts += textarea(page, "voicemail")
    assert "like yours" not in drafts
    assert "your career" not in drafts.lower()
    assert "careers such as theatre manager" in drafts


# The resume an email request attaches


def test_an_email_request_attaches_the_newest_resume_by_default(owner_client, student):
    contact = ContactFactory(owner=student)
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)):
        newest = ResumeFactory(owner=student, label="A: newest")
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        ResumeFactory(owner=student, label="Z: older")

    page = compose(owner_client, contact, "email")

    assert re.search(rf'<option value="{newest.pk}" selected>A: newest</option>', page)


def test_without_a_resume_an_email_request_offers_no_resume(owner_client, student):
    contact = ContactFactory(owner=student)

    page = compose(owner_client, contact, "email")

    assert re.search(r'<option value="" selected>No resume</option>', page)


def test_a_letter_does_not_enclose_a_resume_unless_chosen(owner_client, student):
    contact = ContactFactory(owner=student, mailing_address="178 Victoria St")
    ResumeFactory(owner=student)

    page = compose(owner_client, contact, "mail")

    assert re.search(r'<option value="" selected>No resume</option>', page)


def test_choosing_no_resume_is_respected_on_save(owner_client, student):
    contact = ContactFactory(owner=student)
    ResumeFactory(owner=student)

    owner_client.post(
        reverse("interviews:request_create", args=[contact.pk]),
        {
            "channel": "email",
            "subject": "Twenty minutes?",
            "message": "Not a job; 20 minutes of advice?",
            "resume": "",
            "save": "",
        },
    )

    assert InterviewRequest.objects.get().resume is None


def test_editing_a_draft_keeps_its_choice_of_no_resume(owner_client, student):
    contact = ContactFactory(owner=student)
    ResumeFactory(owner=student)
    draft = InterviewRequest.objects.create(
        owner=student, contact=contact, channel="email", subject="S", message="M"
    )

    response = owner_client.get(reverse("interviews:request_edit", args=[draft.pk]))

    assert re.search(
        r'<option value="" selected>No resume</option>', response.content.decode()
    )
