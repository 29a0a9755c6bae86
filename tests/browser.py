"""Tests in a real browser: Debian's Chromium, driven by Playwright's sync API.

A pytest plugin, listed in tests/conftest.py's pytest_plugins. Mark such tests
`@pytest.mark.browser` and give them `live_server` (which makes them
transactional, so the server's thread sees the rows the test creates) and
`browser_page`:

    @pytest.mark.browser
    def test_it_prints(live_server, browser_page, logged_in, user):
        logged_in(browser_page, live_server, user)
        browser_page.goto(live_server.url + "/interviews/")

We drive the system's Chromium (`apt-get install chromium`) rather than
Playwright's own download, which needs a network that CI and many laptops do
not have. Without it the tests are skipped, except on CI (the CI environment
variable set), where a missing browser must fail the run, not hide its tests.
"""

import io
import os
import shutil
import unicodedata

import pytest
from django.conf import settings
from django.test import Client, override_settings
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from tests.staff import sign_in_staff

CHROMIUM_ARGS = [
    # Containers and CI runners have no user namespaces for the sandbox, nor a GPU.
    "--no-sandbox",
    "--disable-gpu",
    # Nothing but the live server: no updates, sync or background requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# A missing element fails in seconds rather than after Playwright's 30.
TIMEOUT_MS = 10_000


# Django's live server wraps the site in a handler that serves MEDIA_ROOT at
# MEDIA_URL, and breaks on every request when MEDIA_URL is None, as ours is
# (uploads are private; only their owner's views hand them out). A URL on
# another host is one that handler never claims, so nothing is served from
# MEDIA_ROOT. The handler reads the setting once, as the server starts.
NEVER_SERVED_MEDIA_URL = "http://media.invalid/"


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname != "live_server":
        return (yield)
    with override_settings(MEDIA_URL=NEVER_SERVED_MEDIA_URL):
        return (yield)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests run last, after pytest-django has ordered the rest.

    The session's browser then lives only while they run, and so does the
    permission it needs from Django (see `chromium`): no other test, nor a
    process one starts, runs with Django's async guard turned off.
    """
    items.sort(key=lambda item: "chromium" in getattr(item, "fixturenames", ()))


def on_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_env():
    """Chromium's environment: the test process's, but under a clock moved
    by tests/run_at.sh, with its monotonic clock moved too.

    libfaketime (0.9.10) stalls Python on any wait with a timeout when it
    moves the monotonic clock, so the script leaves that clock alone
    (FAKETIME_DONT_FAKE_MONOTONIC); Chromium, the other way round, stalls
    when only its wall clock is moved. Both clocks then tick at the same pace
    from the same offset, and Chromium's Date.now() reads the moved moment.
    """
    env = dict(os.environ)
    env.pop("FAKETIME_DONT_FAKE_MONOTONIC", None)
    return env


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session; each test gets its own context."""
    executable = shutil.which("chromium")
    if executable is None:
        reason = (
            "Chromium is not on PATH, so the browser tests cannot run; "
            "install it with `apt-get install chromium`."
        )
        if on_ci():
            pytest.fail(f"{reason} CI must run them.", pytrace=False)
        pytest.skip(reason)
    # Playwright's sync API leaves its event loop marked as running in this
    # thread between calls, so Django takes the test's own ORM calls (the
    # factories, the flush after a transactional test) for calls from async
    # code and refuses them with SynchronousOnlyOperation. They are not: the
    # test is plain synchronous code. Allow them while the browser is up, and
    # only then: the browser tests run last, so the rest of the suite keeps
    # Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, env=chromium_env()
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium):
    """A page in a fresh context: no cookies or storage from another test."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, live_server, user):
    """Sign the user in to the live server without going through the form.

    The test client makes a real session for the user (for staff, with the
    second step passed); its cookie is then given to the browser for the
    live server's host.
    """
    client = Client()
    if user.is_staff:
        sign_in_staff(client, user)  # with the second step passed
    else:
        client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie.value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    return page


@pytest.fixture
def logged_in():
    """`logged_in(page, live_server, user)`: the page, signed in as the user."""
    return log_in


def printed_pages(page, **pdf_options):
    """The page printed to PDF on Letter paper, as Chromium prints it, read
    back: the text of each printed page, runs of spaces collapsed.

    The text is NFKC-normalised. Chromium sets text with the font's
    ligatures, and with some fonts (Debian's DejaVu among them) the PDF keeps
    them as single characters: "office" reads back "o\ufb00ice". Normalised,
    it reads "office" again, whatever fonts the machine has.
    """
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter", **pdf_options)))
    return [
        unicodedata.normalize("NFKC", " ".join(sheet.extract_text().split()))
        for sheet in pdf.pages
    ]


def printed(page, **pdf_options):
    """(number of printed pages, all their text): see printed_pages()."""
    sheets = printed_pages(page, **pdf_options)
    return len(sheets), " ".join(sheets)
