"""A student who uses no mouse logs in and adds a contact with the keyboard.

At every stop of the focus the ring is visible (an outline or a box shadow
on :focus-visible) and on the screen, and the focus arrives where it should.
A form sent back with errors says so at its top and takes the focus there,
and each field in error is marked invalid and described by its message.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from contacts.models import Contact
from tests.accessibility.conftest import (
    DESKTOP,
    SCREENSHOTS,
    blocking,
    describe,
    violations,
)
from tests.browser import TIMEOUT_MS

FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    element: element.outerHTML.slice(0, 120),
    focusVisible: element.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    boxShadow: style.boxShadow !== "none",
  };
}"""
# WCAG 2.2's 2.4.11 (focus not obscured, minimum): some of the focused
# control is on the screen, and nothing of the page covers it there. (The
# browser scrolls the focus into view, smoothly, as Bootstrap asks; it may
# leave a control that is partly in view where it is.)
FOCUS_NOT_OBSCURED = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const top = Math.max(box.top, 0);
  const bottom = Math.min(box.bottom, window.innerHeight);
  const left = Math.max(box.left, 0);
  const right = Math.min(box.right, window.innerWidth);
  if (bottom - top < 1 || right - left < 1) return false;
  const there = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  return element === there || element.contains(there);
}"""
SCROLL_MS = 2_000

# The ids a field's aria-describedby names, and the text of each.
DESCRIBED_BY = """(field) => (field.getAttribute("aria-describedby") || "")
  .split(/\\s+/).filter(Boolean)
  .map((id) => (document.getElementById(id) || {innerText: null}).innerText)"""

MOST_TAB_STOPS = 60


def assert_focus_is_visible(page):
    focus = page.evaluate(FOCUS)
    assert focus["focusVisible"], focus
    assert focus["outline"] or focus["boxShadow"], focus
    try:
        page.wait_for_function(FOCUS_NOT_OBSCURED, timeout=SCROLL_MS)
    except PlaywrightTimeoutError:
        pytest.fail(f"The focus is out of sight: {focus['element']}", pytrace=False)


def is_focused(locator):
    return locator.evaluate("(element) => element === document.activeElement")


def tab_to(page, locator):
    """Press Tab until the locator has the focus, the ring visible at each stop."""
    for _stop in range(MOST_TAB_STOPS):
        page.keyboard.press("Tab")
        assert_focus_is_visible(page)
        if is_focused(locator):
            return
    pytest.fail(f"{locator} is not reached with Tab", pytrace=False)


def skip_to_content(page):
    """The first Tab reaches the skip link; following it starts in the page."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert_focus_is_visible(page)
    assert skip.bounding_box()["height"] >= 24
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


@pytest.fixture
def keyboard_page(chromium):
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_a_student_logs_in_and_adds_a_contact_with_the_keyboard_alone(
    live_server, keyboard_page, user, password
):
    page = keyboard_page
    main = page.get_by_role("main")
    page.goto(live_server.url + reverse("login"))

    # The email field has the focus as the page opens.
    expect(page.get_by_label("Email")).to_be_focused()
    assert_focus_is_visible(page)
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    assert_focus_is_visible(page)
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(main.get_by_role("button", name="Log in")).to_be_focused()
    assert_focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == live_server.url + reverse("home")
    skip_to_content(page)
    tab_to(page, main.get_by_role("link", name="Add a contact"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == live_server.url + reverse("contacts:create")
    skip_to_content(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("First name")).to_be_focused()
    assert_focus_is_visible(page)

    # Sent empty: the summary at the top is announced and has the focus.
    tab_to(page, main.get_by_role("button", name="Add contact"))
    with page.expect_navigation():
        page.keyboard.press("Space")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    assert_focus_is_visible(page)
    expect(summary).to_contain_text("Please correct what is marked below")
    first_name = page.get_by_label("First name")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    assert (
        "Give their first name, or, if you don't know it, their job title and "
        "organization." in first_name.evaluate(DESCRIBED_BY)
    )
    lead_source = page.get_by_label("How the lead was found")
    expect(lead_source).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=SCREENSHOTS / "contact-form-errors-desktop.png")
    found = blocking(violations(page))
    if found:
        pytest.fail(describe(found), pytrace=False)

    # Its link leads to the field, which is filled in and the form sent again.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="First name")).to_be_focused()
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(first_name).to_be_focused()
    page.keyboard.type("Maya")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Last name")).to_be_focused()
    page.keyboard.type("Okafor")
    # How the lead was found is chosen, not preselected: typing picks it.
    tab_to(page, lead_source)
    page.keyboard.type("Professor")
    expect(lead_source).to_have_value("professor")
    tab_to(page, main.get_by_role("button", name="Add contact"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    contact = Contact.objects.get(owner=user)
    assert page.url == live_server.url + reverse("contacts:detail", args=[contact.pk])
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okafor")
    message = page.get_by_role("status")
    expect(message).to_contain_text("Maya Okafor is in your contacts.")
