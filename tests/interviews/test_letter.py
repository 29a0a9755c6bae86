"""The printable letter: each address said once, the date written in full in
the student's zone, and no promise to call without a number to call from."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Organization
from interviews.models import InterviewRequest
from tests.factories import ContactFactory, InterviewRequestFactory

pytestmark = pytest.mark.django_db

# Sunday 29 November 2026, 22:30 in Toronto: already the 30th in UTC.
SUNDAY_NIGHT_IN_TORONTO = datetime.datetime(2026, 11, 30, 3, 30, tzinfo=datetime.UTC)


@pytest.fixture
def student(student):
    student.mailing_address = "Residence B, Room 214\n40 College Street\nToronto ON"
    student.save()
    return student


def sophie(owner, mailing_address, **fields):
    return ContactFactory(
        owner=owner,
        first_name="Sophie",
        last_name="Lavoie",
        job_title="Associate Producer",
        organization=Organization.objects.named(owner, "Stratford Festival"),
        email="",
        mailing_address=mailing_address,
        **fields,
    )


def letter_page(client, letter):
    response = client.get(reverse("interviews:request_letter", args=[letter.pk]))
    assert response.status_code == 200
    return response.content.decode()


def address_lines(page):
    """[the sender's lines, the recipient's lines], as printed."""
    blocks = re.findall(r"<address[^>]*>(.*?)</address>", page, flags=re.DOTALL)
    return [
        [line.strip() for line in re.split(r"<br\s*/?>", block) if line.strip()]
        for block in blocks
    ]


def mailed(owner, contact):
    return InterviewRequestFactory(
        owner=owner, contact=contact, channel="mail", message="Dear Ms. Lavoie"
    )


# The addresses


@pytest.mark.parametrize(
    "mailing_address",
    [
        # Copied from a directory entry that addresses the person by name.
        "Sophie Lavoie\nc/o Programming Office\n55 Queen Street\nStratford ON",
        "SOPHIE LAVOIE,\nc/o Programming Office\n55 Queen Street\nStratford ON",
    ],
    ids=["as-written", "capitals-and-comma"],
)
def test_the_recipient_is_named_once_in_the_address_block(
    owner_client, student, mailing_address
):
    letter = mailed(student, sophie(student, mailing_address))

    _sender, recipient = address_lines(letter_page(owner_client, letter))

    assert recipient == [
        "Sophie Lavoie",
        "Associate Producer",
        "Stratford Festival",
        "c/o Programming Office",
        "55 Queen Street",
        "Stratford ON",
    ]


def test_the_organization_is_not_repeated_when_the_address_has_it(
    owner_client, student
):
    contact = sophie(student, "Stratford Festival\n55 Queen Street\nStratford ON")
    letter = mailed(student, contact)

    _sender, recipient = address_lines(letter_page(owner_client, letter))

    assert recipient == [
        "Sophie Lavoie",
        "Associate Producer",
        "Stratford Festival",
        "55 Queen Street",
        "Stratford ON",
    ]


def test_an_address_on_one_line_that_names_the_organization_keeps_it_once(
    owner_client, student
):
    contact = sophie(student, "Stratford Festival, 55 Queen Street, Stratford ON")
    letter = mailed(student, contact)

    _sender, recipient = address_lines(letter_page(owner_client, letter))

    assert recipient == [
        "Sophie Lavoie",
        "Associate Producer",
        "Stratford Festival, 55 Queen Street, Stratford ON",
    ]


def test_a_plain_address_follows_the_name_title_and_organization(owner_client, student):
    letter = mailed(student, sophie(student, "55 Queen Street\nStratford ON N5A 4M9"))

    sender, recipient = address_lines(letter_page(owner_client, letter))

    assert recipient == [
        "Sophie Lavoie",
        "Associate Producer",
        "Stratford Festival",
        "55 Queen Street",
        "Stratford ON N5A 4M9",
    ]
    assert sender == [
        "Maya Desjardins",
        "Residence B, Room 214",
        "40 College Street",
        "Toronto ON",
        "416-555-0142",
        student.email,
    ]


def test_the_students_own_name_is_not_repeated_either(owner_client, student):
    student.mailing_address = "Maya Desjardins\n40 College Street\nToronto ON"
    student.save()
    letter = mailed(student, sophie(student, "55 Queen Street"))

    sender, _recipient = address_lines(letter_page(owner_client, letter))

    assert sender[:3] == ["Maya Desjardins", "40 College Street", "Toronto ON"]


# The date


@pytest.mark.parametrize(
    ("zone", "written"),
    [
        ("America/Toronto", "29 November 2026"),
        ("America/Vancouver", "29 November 2026"),
        ("America/Halifax", "29 November 2026"),
        ("America/St_Johns", "30 November 2026"),
    ],
)
def test_the_date_is_written_in_full_in_the_students_zone(
    client, student, zone, written
):
    student.time_zone = zone
    student.save()
    letter = mailed(student, sophie(student, "55 Queen Street"))

    with time_machine.travel(SUNDAY_NIGHT_IN_TORONTO, tick=False):
        client.force_login(student)
        page = letter_page(client, letter)

    assert f'<p class="mb-4">{written}</p>' in page
    assert "Nov " not in page


# Calling their office


def compose_and_print_a_letter(client, student):
    """The default letter to Sophie, saved from the compose page and printed."""
    contact = sophie(student, "55 Queen Street\nStratford ON")
    url = reverse("interviews:request_create", args=[contact.pk])
    draft = client.get(f"{url}?channel=mail").context["form"].initial
    client.post(
        url,
        {
            "channel": "mail",
            "subject": draft["subject"],
            "message": draft["message"],
            "save": "",
        },
    )
    letter = InterviewRequest.objects.get()
    return letter_page(client, letter)


def test_with_a_telephone_number_the_letter_says_the_student_will_call(client, student):
    with time_machine.travel(SUNDAY_NIGHT_IN_TORONTO, tick=False):
        client.force_login(student)
        page = compose_and_print_a_letter(client, student)

    assert "I will call your office" in page
    assert "416-555-0142" in page


def test_without_a_telephone_number_the_letter_asks_for_a_reply_instead(
    client, student
):
    student.phone = ""
    student.save()

    with time_machine.travel(SUNDAY_NIGHT_IN_TORONTO, tick=False):
        client.force_login(student)
        page = compose_and_print_a_letter(client, student)

    assert "call" not in page.split('<article class="letter">')[1].lower()
    assert (
        f"Could you reply by email to {student.email}, or by mail to the address "
        "above?" in page
    )
    assert "{" not in page


def test_an_attention_line_names_them_once(owner_client, student):
    contact = sophie(
        student, "Attn: Sophie Lavoie\nStratford Festival\n55 Queen Street"
    )
    letter = mailed(student, contact)

    _sender, recipient = address_lines(letter_page(owner_client, letter))

    assert recipient == [
        "Associate Producer",
        "Stratford Festival",
        "Attn: Sophie Lavoie",
        "55 Queen Street",
    ]


def test_someone_known_by_role_is_addressed_by_role_and_organization_once(
    owner_client, student
):
    manager = ContactFactory(
        owner=student,
        first_name="",
        last_name="",
        job_title="theatre manager",
        organization=Organization.objects.named(student, "Massey Hall"),
        mailing_address="178 Victoria St\nToronto ON  M5B 1T7",
    )
    assert manager.is_known_by_role

    _sender, recipient = address_lines(
        letter_page(owner_client, mailed(student, manager))
    )

    assert recipient == [
        "Theatre manager",
        "Massey Hall",
        "178 Victoria St",
        "Toronto ON  M5B 1T7",
    ]


@pytest.mark.parametrize("channel", ["email", "telephone", "mail"])
def test_a_draft_to_someone_known_by_role_does_not_claim_their_name_was_found(
    owner_client, student, channel
):
    manager = ContactFactory(
        owner=student,
        first_name="",
        last_name="",
        job_title="Theatre manager",
        organization=Organization.objects.named(student, "Massey Hall"),
        email="info@example.org",
        phone="416-555-0100",
        mailing_address="178 Victoria St\nToronto ON",
        lead_source="organization",
    )
    url = reverse("interviews:request_create", args=[manager.pk])

    initial = owner_client.get(f"{url}?channel={channel}").context["form"].initial

    drafts = initial["message"] + initial.get("voicemail", "")
    assert "your name" not in drafts
    assert "I learned of you while reading about Massey Hall." in drafts
