"""How a contact's page offers to ask them: by the way they prefer, saying
which ways are missing an address, and the open request's next step while
one is open."""

import datetime
import re

import pytest
from django.urls import reverse

from contacts.models import Contact
from interviews.models import InterviewRequest
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    InterviewFactory,
    InterviewRequestFactory,
)
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status


def contact_page(client, contact):
    return client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()


def ask_card(html):
    start = html.index('id="ask-heading"')
    return html[start : html.index("</section>", start)]


def create_url(contact, channel):
    url = reverse("interviews:request_create", args=[contact.pk])
    return f"{url}?channel={channel}"


def main_button(html):
    """The channel of the one filled button that starts a request."""
    found = re.findall(r'class="btn btn-primary" href="[^"]*\?channel=(\w+)"', html)
    assert len(found) == 1, found
    return found[0]


def test_a_directory_person_who_prefers_the_telephone_gets_it_as_the_main_button(
    owner_client, user
):
    entry = DirectoryEntryFactory(
        first_name="Priya",
        email="",
        phone="416-555-0100",
        preferred_channel="telephone",
    )
    owner_client.post(reverse("directory:add", args=[entry.pk]))
    contact = Contact.objects.get(owner=user, directory_entry=entry)

    card = ask_card(contact_page(owner_client, contact))

    assert main_button(card) == "telephone"
    # No form that would fail: the missing address is said, with where to add it.
    assert create_url(contact, "email") not in card
    assert "No email address for Priya" in card
    assert reverse("contacts:edit", args=[contact.pk]) + "#id_email" in card


@pytest.mark.parametrize(
    ("fields", "main"),
    [
        ({"email": "p@example.org", "phone": "416-555-0100"}, "email"),
        ({"email": "", "phone": "416-555-0100"}, "telephone"),
        ({"email": "", "phone": "", "mailing_address": "1 King St"}, "mail"),
        (
            {
                "email": "p@example.org",
                "phone": "",
                "mailing_address": "1 King St",
                "preferred_channel": "mail",
            },
            "mail",
        ),
        # A preference with no way to follow it gives way to one that works.
        (
            {"email": "p@example.org", "phone": "", "preferred_channel": "telephone"},
            "email",
        ),
    ],
)
def test_the_main_button_follows_the_preference_and_what_is_on_file(
    owner_client, user, fields, main
):
    user.mailing_address = "12 College St"
    user.save()
    contact = ContactFactory(owner=user, **fields)

    assert main_button(ask_card(contact_page(owner_client, contact))) == main


def test_every_missing_way_says_so_instead_of_offering_a_form(owner_client, user):
    contact = ContactFactory(
        owner=user, first_name="Priya", email="p@example.org", phone=""
    )

    card = ask_card(contact_page(owner_client, contact))

    assert create_url(contact, "email") in card
    assert create_url(contact, "telephone") not in card
    assert create_url(contact, "mail") not in card
    assert "No telephone number for Priya" in card
    assert "No mailing address for Priya" in card


def test_the_compose_page_says_what_is_missing_before_anything_is_written(
    owner_client, user
):
    contact = ContactFactory(owner=user, first_name="Priya", email="", phone="1")

    html = owner_client.get(create_url(contact, "email")).content.decode()

    notice = html.index("No email address for Priya")
    assert notice < html.index('name="message"')
    assert reverse("contacts:edit", args=[contact.pk]) + "#id_email" in html


def test_the_compose_page_starts_with_the_main_channel(owner_client, user):
    contact = ContactFactory(
        owner=user, email="p@example.org", phone="1", preferred_channel="telephone"
    )

    response = owner_client.get(reverse("interviews:request_create", args=[contact.pk]))

    assert response.context["channel"] == "telephone"
    assert not response.context["missing"]


def test_a_letter_without_the_students_address_says_so_first(owner_client, user):
    contact = ContactFactory(owner=user, mailing_address="1 King St")

    html = owner_client.get(create_url(contact, "mail")).content.decode()

    assert "A letter needs your own address" in html
    assert reverse("accounts:profile") in html


# While a request is open


def test_a_sent_request_offers_to_record_the_answer_or_follow_up(owner_client, user):
    contact = ContactFactory(owner=user)
    request = InterviewRequestFactory(owner=user, contact=contact)
    request.mark_sent()

    card = ask_card(contact_page(owner_client, contact))

    detail = reverse("interviews:request_detail", args=[request.pk])
    assert f'href="{detail}#answer-heading"' in card
    assert "Record their answer" in card
    assert reverse("interviews:request_followed_up", args=[request.pk]) in card
    assert "?channel=" not in card


def test_following_up_from_the_contacts_page_comes_back_to_it(owner_client, user):
    contact = ContactFactory(owner=user)
    request = InterviewRequestFactory(owner=user, contact=contact)
    request.mark_sent()
    page = reverse("contacts:detail", args=[contact.pk])

    response = owner_client.post(
        reverse("interviews:request_followed_up", args=[request.pk]), {"next": page}
    )

    assert response["Location"] == page
    request.refresh_from_db()
    assert request.followed_up_at is not None
    card = ask_card(contact_page(owner_client, contact))
    assert reverse("interviews:request_followed_up", args=[request.pk]) not in card
    assert "Followed up" in card


def test_a_draft_offers_to_continue_it(owner_client, user):
    contact = ContactFactory(owner=user)
    draft = InterviewRequestFactory(owner=user, contact=contact)

    card = ask_card(contact_page(owner_client, contact))

    assert "Continue the draft" in card
    assert reverse("interviews:request_detail", args=[draft.pk]) in card
    assert "?channel=" not in card


@pytest.mark.parametrize("close", ["mark_declined", "mark_no_reply", "withdraw"])
def test_once_closed_the_channels_come_back(owner_client, user, close):
    contact = ContactFactory(owner=user)
    request = InterviewRequestFactory(owner=user, contact=contact)
    request.mark_sent()
    getattr(request, close)()

    card = ask_card(contact_page(owner_client, contact))

    assert create_url(contact, "email") in card
    assert "Record their answer" not in card


# Once an interview is agreed

MONDAY_MORNING = datetime.datetime(2026, 11, 30, 14, tzinfo=datetime.UTC)
# Thursday 3 December 2026 at noon in Toronto.
THURSDAY_NOON = datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC)


def test_a_scheduled_interview_is_shown_instead_of_a_new_request(owner_client, user):
    contact = ContactFactory(owner=user, email="p@example.org")
    interview = InterviewFactory(owner=user, contact=contact, starts_at=THURSDAY_NOON)

    with signed_in_at(owner_client, user, MONDAY_MORNING):
        card = ask_card(contact_page(owner_client, contact))

    detail = reverse("interviews:detail", args=[interview.pk])
    assert f'<a href="{detail}">Interview on Thursday 3 December, noon</a>' in card
    assert f'href="{detail}#preparation">Prepare</a>' in card
    assert "?channel=" not in card
    assert reverse("interviews:request_create", args=[contact.pk]) not in card


def test_a_cancelled_interview_offers_to_ask_again(owner_client, user):
    contact = ContactFactory(owner=user, email="p@example.org")
    InterviewFactory(
        owner=user, contact=contact, starts_at=THURSDAY_NOON, status="cancelled"
    )

    with signed_in_at(owner_client, user, MONDAY_MORNING):
        card = ask_card(contact_page(owner_client, contact))

    assert "Interview on" not in card
    assert create_url(contact, "email") in card


def test_after_the_interview_only_a_small_ask_again_stays(owner_client, user):
    contact = ContactFactory(owner=user, email="p@example.org")
    interview = InterviewFactory(
        owner=user, contact=contact, starts_at=THURSDAY_NOON, status="completed"
    )

    with signed_in_at(owner_client, user, THURSDAY_NOON + datetime.timedelta(days=2)):
        card = ask_card(contact_page(owner_client, contact))

    assert "You met them on 3 Dec 2026." in card
    assert reverse("interviews:detail", args=[interview.pk]) in card
    assert "?channel=" not in card
    assert "btn-primary" not in card
    assert (
        f'<a href="{reverse("interviews:request_create", args=[contact.pk])}">'
        "Ask again</a>" in card
    )


def test_the_contact_page_runs_as_many_queries_whatever_the_history(owner_client, user):
    def contact_with(count):
        contact = ContactFactory(owner=user, email="p@example.org")
        for index in range(count):
            when = THURSDAY_NOON - datetime.timedelta(days=30 * (index + 1))
            InterviewFactory(
                owner=user, contact=contact, starts_at=when, status="completed"
            )
            request = InterviewRequestFactory(owner=user, contact=contact)
            request.mark_sent(when - datetime.timedelta(days=7))
            request.log_call("voicemail", when=when - datetime.timedelta(days=6))
            # They called back and agreed: the interview above is its answer,
            # and the next request to them is made once this one is closed.
            request.mark_accepted(when - datetime.timedelta(days=5))
        InterviewFactory(owner=user, contact=contact, starts_at=THURSDAY_NOON)
        return reverse("contacts:detail", args=[contact.pk])

    few, many = contact_with(3), contact_with(30)

    with signed_in_at(owner_client, user, MONDAY_MORNING):
        assert queries_for(owner_client, few) == queries_for(owner_client, many)


# A preference that cannot be followed


def test_a_preferred_channel_without_an_address_says_so(owner_client, user):
    contact = ContactFactory(
        owner=user, email="", phone="416-555-0100", preferred_channel="email"
    )

    card = ask_card(contact_page(owner_client, contact))

    edit = reverse("contacts:edit", args=[contact.pk])
    assert (
        "Prefers email, but you have no email address for them — "
        f'<a href="{edit}#id_email">add one</a>' in card
    )
    assert main_button(card) == "telephone"


def test_a_preference_that_can_be_followed_needs_no_word(owner_client, user):
    contact = ContactFactory(
        owner=user, email="p@example.org", phone="", preferred_channel="email"
    )

    card = ask_card(contact_page(owner_client, contact))

    assert "Prefers" not in card
