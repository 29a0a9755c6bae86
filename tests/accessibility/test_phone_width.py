"""On a phone (390 x 844 CSS pixels) every page fits the width, every control
is big enough to tap, and the navigation folds into a menu that works.

The page fits when nothing is wider than the layout viewport: its scroll
width is no more than document.documentElement.clientWidth (390). Not
window.innerWidth: on a phone, a page wider than the screen makes the
browser zoom out to show all of it, and innerWidth grows with the page.

Target size follows WCAG 2.2's 2.5.8 (minimum, level AA), more strictly than
the criterion asks: each control must be at least 24 x 24 CSS pixels itself.
We do not lean on its "spacing" exception (a small target far enough from the
others), since on a phone a small control is hard to hit wherever it stands.
We keep its "inline" exception for a link inside a sentence, whose height is
set by the text around it: a link counts as inside a sentence when the block
it flows in has text of its own besides the link. (Our style sheet pads every
text link to 24 pixels or more at the sizes we use; the exception is there for
smaller print, as WCAG allows.)
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from followups.models import Touchpoint
from tests.accessibility.conftest import PHONE
from tests.factories import ContactFactory, TouchpointFactory

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wider = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) return false;
    // Inside a box that scrolls on its own (a table in .table-responsive):
    // that box is the one that must fit.
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) {
        return false;
      }
    }
    return true;
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    innerWidth: window.innerWidth,
    wider: wider.slice(0, 5).map((element) => element.outerHTML.slice(0, 120)),
  };
}"""

SMALL_TARGETS = """() => {
  const MINIMUM = 24;
  const CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, "
    + "summary, [role=button]";

  function shown(element) {
    const box = element.getBoundingClientRect();
    // Visually hidden (Bootstrap's .visually-hidden clips to 1 x 1 pixel).
    if (box.width <= 1 || box.height <= 1) return false;
    return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  }

  function inSentence(link) {
    if (link.tagName !== "A" || getComputedStyle(link).display !== "inline") {
      return false;
    }
    let block = link.parentElement;
    while (getComputedStyle(block).display.startsWith("inline")) {
      block = block.parentElement;
    }
    const own = block.innerText.replace(link.innerText, "");
    return /[\\p{L}\\p{N}]/u.test(own);
  }

  return [...document.querySelectorAll(CONTROLS)]
    .filter((element) => shown(element) && !inSentence(element))
    .map((element) => ({ element, box: element.getBoundingClientRect() }))
    .filter(({ box }) => box.width < MINIMUM - 0.01 || box.height < MINIMUM - 0.01)
    .map(({ element, box }) =>
      `${Math.round(box.width * 10) / 10}x${Math.round(box.height * 10) / 10} `
      + element.outerHTML.slice(0, 140).replace(/\\s+/g, " "));
}"""


@pytest.mark.browser
def test_every_page_fits_a_phone_and_its_controls_are_big_enough_to_tap(
    journey, sized_page, visit, subtests
):
    pages = {True: sized_page("phone"), False: sized_page("phone", logged_in=False)}
    for target in journey:
        page = visit(pages[target.logged_in], target)

        with subtests.test(page=target.name, check="width"):
            width = page.evaluate(OVERFLOW)
            assert width["clientWidth"] == PHONE["width"], width
            if width["scrollWidth"] > width["clientWidth"]:
                pytest.fail(str(width), pytrace=False)

        with subtests.test(page=target.name, check="target size"):
            small = page.evaluate(SMALL_TARGETS)
            if small:
                pytest.fail("\n".join(small), pytrace=False)


@pytest.mark.browser
def test_the_navigation_folds_into_a_menu_button_that_works(journey, sized_page, visit):
    dashboard = next(target for target in journey if target.name == "dashboard")
    page = visit(sized_page("phone"), dashboard)
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    contacts = navigation.get_by_role("link", name="Contacts")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(contacts).to_be_hidden()

    menu.click()

    expect(menu).to_have_attribute("aria-expanded", "true")
    # Bootstrap slides it open, and takes no key until it has finished.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    for name in (
        "Dashboard",
        "Contacts",
        "Directory",
        "Interviews",
        "Follow-ups",
        "Profile",
    ):
        expect(navigation.get_by_role("link", name=name)).to_be_visible()
    expect(navigation.get_by_role("button", name="Log out")).to_be_visible()
    # Reachable from the button with the keyboard, in reading order.
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Dashboard")).to_be_focused()

    page.keyboard.press("Escape")

    expect(contacts).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    menu.click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(contacts).to_be_visible()
    menu.click()
    expect(contacts).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")


# Long and without a hyphen or a slash where a line could break.
LONG_LINKEDIN = (
    "https://www.linkedin.com/in/alexandrakonstantinopouloutheatremanagement"
)
LONG_EMAIL = "alexandra.konstantinopoulou.theatremanagement@masseyhallroythomson.org"
LONG_LINK = (
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLxA687tYuMWhkqYjvAGtW_heiE"
    "L4lTkLjUyZb0mSFtbTgQ3Lmbis87Lwu2gkVkOaXq"
)


@pytest.mark.browser
def test_a_contact_with_long_addresses_fits_a_phone(sized_page, live_server, user):
    contact = ContactFactory(
        owner=user,
        first_name="Alexandra",
        last_name="Konstantinopoulou",
        email=LONG_EMAIL,
        linkedin_url=LONG_LINKEDIN,
        notes=f"Her interview with the paper: {LONG_LINK}",
    )
    TouchpointFactory(
        owner=user, contact=contact, kind=Touchpoint.Kind.ARTICLE, link=LONG_LINK
    )
    page = sized_page("phone")

    page.goto(live_server.url + reverse("contacts:detail", args=[contact.pk]))

    expect(page.get_by_role("link", name=LONG_EMAIL)).to_be_visible()
    width = page.evaluate(OVERFLOW)
    assert width["clientWidth"] == PHONE["width"], width
    assert width["scrollWidth"] <= width["clientWidth"], width
