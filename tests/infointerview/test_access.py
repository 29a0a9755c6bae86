"""Login is required everywhere but on the pages marked public."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Pages a visitor who is not logged in may see.
PUBLIC = {
    "home",  # a visitor learns what Infointerview is for
    "login",
    "healthz",
    "interviews:feed",  # a calendar program fetches it with its secret key
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:confirm_email",  # the link emailed at sign-up, before signing in
    "accounts:privacy",  # what staff can see, readable before signing up
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def walk(patterns, prefix="", namespace=None):
    """(name, example path) for every named page of the site outside the admin.

    Pages under admin/ (the admin's, and the career centre's reports there)
    send a visitor to the admin's own login page instead: see test_admin and
    test_reports.
    """
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern) == "admin/reports/":
                continue
            ns = pattern.namespace or namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            route = prefix + str(pattern.pattern)
            yield name, "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)


PAGES = sorted(set(walk(get_resolver().url_patterns)))
PRIVATE = [(name, path) for name, path in PAGES if name not in PUBLIC]


def test_the_walk_finds_the_pages_of_every_app():
    names = {name for name, _ in PAGES}
    assert {"home", "contacts:list", "directory:list", "interviews:list"} <= names
    assert {"followups:list", "accounts:profile", "accounts:resume_download"} <= names


@pytest.mark.parametrize(("name", "path"), PRIVATE, ids=[n for n, _ in PRIVATE])
def test_anonymous_visitors_are_sent_to_log_in(client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", ["login", "accounts:signup", "password_reset"])
def test_public_pages_open_without_logging_in(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_pages_load_bootstrap_from_our_own_static_files(client):
    html = client.get(reverse("login")).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/bootstrap/bootstrap.bundle.min.js" in html
    assert "cdn" not in html.lower()
    assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200


def test_no_page_uses_inline_script_or_style(owner_client):
    for name in (
        "home",
        "contacts:list",
        "accounts:profile",
        "accounts:resumes",
        "accounts:privacy",
    ):
        html = owner_client.get(reverse(name)).content.decode()
        assert "<script>" not in html and "<style" not in html
        assert " style=" not in html, name
