"""What the journeys in a real browser share: finding one's way as a person
does, and a screenshot of every page on the way.

The steps find things by what is on the screen: headings, labels, the names
of buttons and links (Playwright's get_by_role and get_by_label), never by an
id or a CSS class. A field a screen reader could not name is one these steps
cannot find either, so they fail where such a person would be stuck.

Every page visited is saved twice under var/screenshots/<test>/, at full
length: as a desktop shows it (1280×800) and as a phone does (390×844). The
steps themselves run at the desktop size, where the main menu is unfolded.
"""

import datetime
import itertools
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import expect

from interviews.models import Question
from tests.factories import QuestionFactory

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def page(browser_page):
    """The test's browser tab, at the desktop size."""
    browser_page.set_viewport_size(DESKTOP)
    # Bootstrap scrolls smoothly unless the reader asks for less motion, and a
    # click waits for the page to stop moving under it.
    browser_page.emulate_media(reduced_motion="reduce")
    return browser_page


def screenshot(page, path):
    """The whole page at the tab's current width, saved as <path>-<width>.png."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=path.with_name(f"{path.name}-{width}.png"), full_page=True)


@pytest.fixture
def shoot(request):
    """`shoot(page, step)`: the page as it stands, on a desktop and on a phone.

    The files are numbered in the order taken, so the folder reads as the
    journey. It is emptied first: a step renamed since the last run leaves no
    stale picture behind.
    """
    folder = SCREENSHOTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    numbers = itertools.count(1)

    def take(page, step):
        path = folder / f"{next(numbers):02d}-{slugify(step)}"
        screenshot(page, path)
        page.set_viewport_size(PHONE)
        try:
            screenshot(page, path)
        finally:
            page.set_viewport_size(DESKTOP)

    return take


def field(scope, label):
    """The form field with this label, marked required (*) or not; the admin
    ends its labels with a colon."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?:?\s*$"))


def follow(link_or_button):
    """Click a link or a button that opens a page; return once it has loaded.

    Waiting for the load itself, rather than polling for something on the
    next page, is exact: a page sent back to itself after a form (the same
    address, the same heading) is waited for too, and no time is lost to
    the growing intervals between polls.
    """
    with link_or_button.page.expect_event("load"):
        link_or_button.click()


def arrived(page, heading):
    """Check that the page now shown is the one titled `heading` (its h1)."""
    expect(
        page.get_by_role("heading", name=heading, level=1, exact=True)
    ).to_be_visible()


def told(page, message):
    """Check that the page shows this message about what was just done."""
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()


def menu(page, item):
    """Open a page of the main menu (unfolded at the desktop size)."""
    navigation = page.get_by_role("navigation", name="Main")
    follow(navigation.get_by_role("link", name=item, exact=True))


@pytest.fixture
def dashboard(shoot):
    """`dashboard(page)`: open the dashboard and read its "What to do next",
    as the titles of the actions in order ([] when nothing is listed)."""

    def read(page):
        menu(page, "Dashboard")
        expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
        shoot(page, "dashboard")
        todo = page.get_by_role("region", name="What to do next")
        # Each action's title is the first link of its row; its button follows.
        return [
            item.get_by_role("link").first.inner_text()
            for item in todo.get_by_role("listitem").all()
        ]

    return read


@pytest.fixture
def stage_of(shoot):
    """`stage_of(page, name)`: the stage shown on the contact's own page,
    reached from the contacts list as a person would."""

    def read(page, name):
        menu(page, "Contacts")
        arrived(page, "Your contacts")
        follow(page.get_by_role("link", name=name, exact=True))
        arrived(page, name)
        shoot(page, f"contact {name}")
        stage = page.get_by_role("region", name="Stage").get_by_role("paragraph")
        # "Requested since 26 Nov 2026"
        return stage.inner_text().split(" since ")[0]

    return read


def weekday_ahead(days):
    """A Monday-to-Friday date at least `days` days from today, in Toronto."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def question_bank():
    """A small shared bank for the suggested questions, "who else?" last.

    The same whatever ran before: the seeded bank is still there for the first
    test to use the live server, and flushed away after it.
    """
    Question.objects.all().delete()
    Category = Question.Category
    for category, text in [
        (Category.DAY_TO_DAY, "What does an average day look like for a {occupation}?"),
        (Category.CAREER_PATH, "How did your career lead you to this role?"),
        (Category.TRENDS, "What is the future of this field in {region}?"),
        (Category.ADVICE, "If you were in my position, how would you begin?"),
    ]:
        QuestionFactory(text=text, category=category)
    QuestionFactory(
        key="who_else",
        text="Who else do you think I could speak with?",
        category=Category.RESOURCES,
    )
