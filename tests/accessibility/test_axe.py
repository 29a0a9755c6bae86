"""Every page of the journey passes axe's WCAG 2.2 AA rules, on a desktop and
on a phone: nothing "serious" or "critical" (AODA requires WCAG 2.0 AA of
Ontario's public colleges and universities; 2.2 AA is what we aim for).

The pages are also saved as screenshots, in var/screenshots/a11y/, and all
of axe's findings at every impact in var/screenshots/a11y/axe-<size>.json,
for a person to look at the minor ones.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.accessibility.conftest import SCREENSHOTS, blocking, describe, violations


@pytest.mark.browser
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_page_has_a_serious_or_critical_violation(
    size, journey, sized_page, visit, screenshot, subtests
):
    pages = {True: sized_page(size), False: sized_page(size, logged_in=False)}
    report = {}
    for target in journey:
        with subtests.test(page=target.name):
            page = visit(pages[target.logged_in], target)
            screenshot(page, target, size)
            found = violations(page)
            report[target.name] = [
                {"rule": v["id"], "impact": v["impact"], "count": len(v["nodes"])}
                for v in found
            ]
            if blocking(found):
                pytest.fail(describe(blocking(found)), pytrace=False)
    (SCREENSHOTS / f"axe-{size}.json").write_text(json.dumps(report, indent=2))


@pytest.mark.browser
def test_the_open_menu_on_a_phone_has_no_serious_or_critical_violation(
    journey, sized_page, visit
):
    dashboard = next(target for target in journey if target.name == "dashboard")
    page = visit(sized_page("phone"), dashboard)
    page.get_by_role("button", name="Menu").click()
    # Once Bootstrap has finished sliding it open.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))

    found = blocking(violations(page))

    if found:
        pytest.fail(describe(found), pytrace=False)
