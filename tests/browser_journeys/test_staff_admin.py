"""In Chromium, a career-centre staff member in the admin: logs in, sets up
her authenticator app for the second step, adds a person to the directory and
a question to the shared bank, and looks at what a student has been doing, as
counts and statuses, never their words."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.staff import ensure_staff_group
from tests.browser_journeys.conftest import arrived, field, follow
from tests.factories import (
    PASSWORD,
    ContactFactory,
    InterviewRequestFactory,
    OrganizationFactory,
    UserFactory,
)

HOME = "Directory, question bank and student activity"
QUESTION = "What would you do differently if you were starting out today?"


@pytest.fixture
def staff_member():
    """Staff with the career centre's permissions, not a superuser's."""
    jordan = UserFactory(
        email="jordan@college.example", first_name="Jordan", is_staff=True
    )
    jordan.groups.add(ensure_staff_group())
    return jordan


@pytest.fixture
def students_activity():
    """Maya has one request waiting and one accepted; Sam, one waiting."""
    maya = UserFactory(
        email="maya@example.com", first_name="Maya", last_name="Desjardins"
    )
    for first_name, last_name, organization, accepted in [
        ("Priya", "Raman", "Massey Hall", False),
        ("Owen", "MacLeod", "Grand Theatre", True),
    ]:
        contact = ContactFactory(
            owner=maya,
            first_name=first_name,
            last_name=last_name,
            organization=OrganizationFactory(owner=maya, name=organization),
        )
        request = InterviewRequestFactory(owner=maya, contact=contact)
        request.mark_sent()
        if accepted:
            request.mark_accepted()
    sam = UserFactory(email="sam@example.com", first_name="Sam", last_name="Okafor")
    request = InterviewRequestFactory(
        owner=sam, contact=ContactFactory(owner=sam, first_name="Lena")
    )
    request.mark_sent()


def app_code(key):
    """The code an authenticator app shows now for the key typed into it."""
    secret = base64.b32decode(key.replace(" ", ""))
    return f"{totp(secret):06d}"


def open_from_home(page, section, model, link="Change"):
    """Follow a model's link in its app's table on the admin's home page."""
    follow(
        page.get_by_role("navigation", name="Breadcrumbs").get_by_role(
            "link", name="Home"
        )
    )
    arrived(page, HOME)
    row = (
        page.get_by_role("main")
        .get_by_role("table", name=section)
        .get_by_role("row", name=re.compile(rf"^{model}\b"))
    )
    follow(row.get_by_role("link", name=link, exact=True))


def admin_told(page, message):
    """Check the admin's message about what was just done.

    The admin lists its messages plainly, not as a status a screen reader
    would announce, so the message is found by its words alone.
    """
    messages = page.get_by_role("main").get_by_role("listitem")
    expect(messages.filter(has_text=message)).to_be_visible()


@pytest.mark.browser
def test_staff_curate_the_directory_and_the_bank_and_see_students_activity(
    live_server, page, shoot, staff_member, students_activity
):
    # 1. The admin asks her to log in first.
    page.goto(live_server.url + "/admin/")
    field(page, "Email address").fill("jordan@college.example")
    field(page, "Password").fill(PASSWORD)
    shoot(page, "admin log in")
    follow(page.get_by_role("button", name="Log in"))

    # 2. The first time, the second step: her authenticator app, set up from
    # the QR code, or from the key typed in, as here; its code confirms it.
    arrived(page, "Set up two-step sign-in")
    qr = page.get_by_role("img", name=re.compile("^QR code"))
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # allowed by the CSP
    shoot(page, "set up two-step sign-in")
    key = page.get_by_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$")).inner_text()
    field(page, "6-digit code").fill(app_code(key))
    follow(page.get_by_role("button", name="Confirm and continue"))
    arrived(page, HOME)
    shoot(page, "admin home")

    # 3. A new person in the directory, who agreed to talk to students.
    main = page.get_by_role("main")
    row = main.get_by_role("table", name="Contacts").get_by_role(
        "row", name=re.compile(r"^Directory entries\b")
    )
    follow(row.get_by_role("link", name="Add", exact=True))
    arrived(page, "Add directory entry")
    field(page, "First name").fill("Kofi")
    field(page, "Last name").fill("Mensah")
    field(page, "Job title").fill("General Manager")
    field(page, "Field of work").fill("Theatre management")
    field(page, "City").fill("Toronto")
    field(page, "Offered through").select_option(label="Alumni office")
    field(page, "Program (alumni)").fill("Arts Management")
    field(page, "Graduation year (alumni)").fill("2009")
    field(page, "Topics they can talk about").fill("Budgets, boards and touring.")
    field(page, "Email").fill("kofi@example.org")
    shoot(page, "add directory entry")
    follow(page.get_by_role("button", name="Save", exact=True))
    arrived(page, "Select directory entry to change")
    admin_told(page, "The directory entry “Kofi Mensah” was added successfully.")
    entry = page.get_by_role("row", name=re.compile(r"Kofi Mensah"))
    expect(entry).to_contain_text("General Manager")
    expect(entry).to_contain_text("Alumni office")
    shoot(page, "directory entries")

    # 4. A question for every student's bank.
    open_from_home(page, "Interviews", "Questions", link="Add")
    arrived(page, "Add question")
    field(page, "Question").fill(QUESTION)
    field(page, "Category").select_option(label="Advice")
    shoot(page, "add question")
    follow(page.get_by_role("button", name="Save", exact=True))
    arrived(page, "Select question to change")
    admin_told(page, f"The question “{QUESTION}” was added successfully.")
    expect(
        page.get_by_role("row", name=re.compile(re.escape(QUESTION)))
    ).to_contain_text("Advice")
    shoot(page, "questions")

    # 5. What Maya has been doing, as counts: her account, found by her email...
    open_from_home(page, "Accounts", "Users")
    search = page.get_by_role("search", name="Search users")
    search.get_by_role("textbox", name="Search").fill("maya@example.com")
    follow(search.get_by_role("button", name="Search"))
    follow(page.get_by_role("link", name="maya@example.com", exact=True))
    arrived(page, "View user")
    activity = page.get_by_role("main")
    expect(activity).to_contain_text("Requested: 2")
    expect(activity).to_contain_text("Sent: 1")
    expect(activity).to_contain_text("Accepted: 1")
    # Her contacts' names are hers alone.
    expect(activity).not_to_contain_text("Priya")
    expect(activity).not_to_contain_text("Massey Hall")
    shoot(page, "a student's activity")

    # ...and the requests still waiting for an answer: whose, never to whom.
    open_from_home(page, "Interviews", "Interview requests", link="View")
    arrived(page, "Select interview request to view")
    status = page.get_by_role("search", name="Filter")
    follow(status.get_by_role("link", name="Sent", exact=True))
    rows = page.get_by_role("main").get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)
    table = page.get_by_role("main").get_by_role("table")
    expect(table).to_contain_text("Maya Desjardins")
    expect(table).to_contain_text("Sam Okafor")
    expect(table).not_to_contain_text("Priya")
    expect(table).not_to_contain_text("Lena")
    shoot(page, "requests waiting")
