"""The product's name, Infointerview, is written with its capital wherever a
page says it, including in sentences built from a choice's label."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewRequestFactory,
    ThankYouNoteFactory,
)

pytestmark = pytest.mark.django_db


def visible_text(response):
    """The page's words as a reader sees them: no tags, no attributes."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def lower_case_names(text):
    return re.findall(r"\binfointerview\b", text)


def test_a_thank_you_sent_from_infointerview_is_named_so_on_the_timeline(
    owner_client, user
):
    contact = ContactFactory(owner=user)
    interview = InterviewFactory(owner=user, contact=contact)
    ThankYouNoteFactory(
        interview=interview,
        status="sent",
        sent_via="email",
        sent_at=timezone.now() - datetime.timedelta(hours=1),
    )

    text = visible_text(owner_client.get(reverse("contacts:detail", args=[contact.pk])))

    assert "Thank-you note sent by email from Infointerview" in text
    assert lower_case_names(text) == []


@pytest.mark.parametrize(
    ("via", "words"),
    [
        ("email_app", "Thank-you note sent from my own email"),
        ("mail", "Thank-you note sent by mail or by hand"),
    ],
)
def test_other_ways_a_thank_you_went_read_as_a_sentence(owner_client, user, via, words):
    contact = ContactFactory(owner=user)
    ThankYouNoteFactory(
        interview=InterviewFactory(owner=user, contact=contact),
        status="sent",
        sent_via=via,
        sent_at=timezone.now() - datetime.timedelta(hours=1),
    )

    text = visible_text(owner_client.get(reverse("contacts:detail", args=[contact.pk])))

    assert words in text


def test_the_request_pages_name_infointerview_with_its_capital(owner_client, user):
    draft = InterviewRequestFactory(owner=user, contact=ContactFactory(owner=user))
    # Another contact: the one with the draft goes to the draft instead.
    compose = reverse("interviews:request_create", args=[ContactFactory(owner=user).pk])

    for url in (
        f"{compose}?channel=email",
        reverse("interviews:request_detail", args=[draft.pk]),
    ):
        text = visible_text(owner_client.get(url))
        assert "from Infointerview" in text
        assert lower_case_names(text) == [], url
