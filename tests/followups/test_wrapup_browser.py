"""The wrap-up on a phone, in Chromium: a short page to start with, and
"Add another lead" working in the page (the no-JavaScript path is in
test_wrapup.py)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact
from followups.aftermath import complete_interview
from tests.browser import log_in
from tests.factories import ContactFactory, InterviewFactory

PHONE = {"width": 390, "height": 844}
# With one compact lead row the page measured about 1,860 px at this width;
# with three seven-field rows it was about 3,700 px (4,500 with a student's
# notes and learnings on it).
MOST_HEIGHT = 2500


@pytest.fixture
def completed(user):
    contact = ContactFactory(owner=user, first_name="Priya", last_name="Raman")
    interview = InterviewFactory(
        owner=user,
        contact=contact,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    complete_interview(interview)
    return interview


@pytest.mark.browser
def test_the_wrap_up_is_short_on_a_phone_and_adds_a_second_lead(
    live_server, browser_page, logged_in, user, completed
):
    page = browser_page
    page.set_viewport_size(PHONE)
    logged_in(page, live_server, user)
    page.goto(f"{live_server.url}/followups/wrap-up/{completed.pk}/")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MOST_HEIGHT

    suggested = page.get_by_role("region", name="People they suggested")
    people = suggested.get_by_role("group", name=re.compile(r"^Person \d+$"))
    expect(people).to_have_count(1)
    first = suggested.get_by_role("group", name="Person 1")
    first.get_by_label("First name").fill("Omar")
    first.get_by_label("Organization").fill("Soulpepper")
    suggested.get_by_role("button", name="Add another lead").click()
    second = suggested.get_by_role("group", name="Person 2")
    expect(second).to_be_visible()
    # In the page: what was typed in the first row is still there.
    expect(first.get_by_label("First name")).to_have_value("Omar")
    second.get_by_label("First name").fill("Lena")
    second.get_by_text("More details").click()
    second.get_by_label("Email").fill("lena@example.org")
    with page.expect_navigation():
        suggested.get_by_role("button", name="Add them to my contacts").click()

    expect(suggested.get_by_role("link", name="Lena")).to_be_visible()
    leads = Contact.objects.filter(referred_by=completed.contact)
    assert sorted(leads.values_list("first_name", "email")) == [
        ("Lena", "lena@example.org"),
        ("Omar", ""),
    ]


@pytest.mark.browser
def test_without_javascript_add_another_lead_lands_on_the_new_row(
    live_server, chromium, user, completed
):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = log_in(context.new_page(), live_server, user)
        page.goto(f"{live_server.url}/followups/wrap-up/{completed.pk}/")
        suggested = page.get_by_role("region", name="People they suggested")
        suggested.get_by_role("group", name="Person 1").get_by_label("First name").fill(
            "Omar"
        )

        with page.expect_navigation():
            suggested.get_by_role("button", name="Add another lead").click()

        assert page.url.endswith("#lead-2")
        second = page.get_by_role("group", name="Person 2")
        expect(second).to_be_in_viewport()
        expect(
            page.get_by_role("group", name="Person 1").get_by_label("First name")
        ).to_have_value("Omar")
    finally:
        context.close()
