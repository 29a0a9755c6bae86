"""The printable pages (the brief, the letter, the thank-you card) have a
Print button that opens the browser's Print dialog and is not printed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from followups.aftermath import complete_interview
from tests.factories import ContactFactory, InterviewFactory, InterviewRequestFactory


def brief(user):
    return reverse("interviews:brief", args=[InterviewFactory(owner=user).pk])


def letter(user):
    contact = ContactFactory(owner=user, mailing_address="55 Queen Street")
    request = InterviewRequestFactory(owner=user, contact=contact, channel="mail")
    return reverse("interviews:request_letter", args=[request.pk])


def card(user):
    interview = InterviewFactory(
        owner=user, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    complete_interview(interview)
    return reverse("followups:thank_you_card", args=[interview.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("page_of", [brief, letter, card])
def test_each_printable_page_has_a_print_button(owner_client, user, page_of):
    response = owner_client.get(page_of(user))

    assert response.status_code == 200
    page = response.content.decode()
    assert "data-print" in page
    assert "js/print_button.js" in page


@pytest.mark.browser
@pytest.mark.parametrize("page_of", [brief, letter, card])
def test_the_print_button_prints_and_is_not_printed(
    live_server, browser_page, logged_in, user, page_of
):
    page = browser_page
    # Headless Chromium has no dialog to open: note the call instead.
    page.add_init_script("window.print = () => { window.printed = true; };")
    logged_in(page, live_server, user)
    page.goto(live_server.url + page_of(user))

    button = page.get_by_role("button", name="Print", exact=True)
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.printed") is True

    page.emulate_media(media="print")
    expect(button).to_be_hidden()
