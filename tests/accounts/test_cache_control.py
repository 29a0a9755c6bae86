"""What a signed-in user is shown is not kept by browsers or proxies."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, InterviewFactory, ResumeFactory

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    "name", ["home", "contacts:list", "accounts:profile", "accounts:resumes"]
)
def test_a_signed_in_page_is_private_and_not_stored(owner_client, name):
    response = owner_client.get(reverse(name))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_contacts_page_is_not_stored(owner_client, user):
    contact = ContactFactory(owner=user)

    response = owner_client.get(reverse("contacts:detail", args=[contact.pk]))

    assert {"private", "no-store"} <= cache_control(response)


def test_a_resume_download_is_not_stored(owner_client, user):
    resume = ResumeFactory(owner=user)

    response = owner_client.get(reverse("accounts:resume_download", args=[resume.pk]))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_an_interviews_calendar_file_is_not_stored(owner_client, user):
    interview = InterviewFactory(owner=user)

    response = owner_client.get(reverse("interviews:ics", args=[interview.pk]))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_redirect_after_a_signed_in_post_is_not_stored(owner_client):
    response = owner_client.post(reverse("accounts:resumes"), {})

    assert {"private", "no-store"} <= cache_control(response)


def test_a_page_for_anyone_is_left_to_the_view(client):
    # Signed out, nothing private is on the page: caching it is harmless.
    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
