"""The dashboard and the list pages of each section: the owner's rows only,
and a number of queries that does not grow with the number of rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    FollowUpFactory,
    InterviewFactory,
    ResumeFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def test_the_dashboard_greets_the_user_and_counts_contacts_by_stage(owner_client, user):
    ContactFactory.create_batch(2, owner=user, stage=Contact.Stage.LEAD)
    ContactFactory(owner=user, stage=Contact.Stage.THANKED)
    ContactFactory(stage=Contact.Stage.THANKED)  # someone else's

    response = owner_client.get(reverse("home"))

    assert "Hello, Olivia" in response.content.decode()
    counts = {value: count for value, _label, count in response.context["stages"]}
    assert counts[Contact.Stage.LEAD] == 2
    assert counts[Contact.Stage.THANKED] == 1
    assert counts[Contact.Stage.IN_NETWORK] == 0
    assert response.context["contact_count"] == 3


def test_a_new_user_is_pointed_to_the_directory(owner_client):
    response = owner_client.get(reverse("home"))
    assert reverse("directory:list") in response.content.decode()


def test_the_navigation_marks_the_current_section(owner_client):
    html = owner_client.get(reverse("directory:list")).content.decode()
    assert f'aria-current="page" href="{reverse("directory:list")}"' in html
    assert html.count('aria-current="page"') == 1


def test_the_contact_list_shows_only_the_users_own_contacts(owner_client, user):
    ContactFactory(owner=user, first_name="Mine")
    ContactFactory(first_name="Theirs")

    response = owner_client.get(reverse("contacts:list"))

    names = [c.first_name for c in response.context["page"].object_list]
    assert names == ["Mine"]


def test_the_directory_lists_active_entries_only(owner_client):
    DirectoryEntryFactory(first_name="Active")
    DirectoryEntryFactory(first_name="Retired", is_active=False)

    response = owner_client.get(reverse("directory:list"))

    names = [e.first_name for e in response.context["page"].object_list]
    assert names == ["Active"]


def test_the_interviews_page_splits_upcoming_from_past(owner_client, user):
    soon = InterviewFactory(owner=user)
    InterviewFactory(owner=user, starts_at=timezone.now() - datetime.timedelta(days=9))
    InterviewFactory()  # someone else's

    response = owner_client.get(reverse("interviews:list"))

    assert list(response.context["upcoming"]) == [soon]
    assert len(response.context["page"].object_list) == 1


def test_the_followups_page_lists_open_tasks_only(owner_client, user):
    FollowUpFactory(owner=user, title="Send the article")
    FollowUpFactory(owner=user, title="Done already", done_at=timezone.now())
    FollowUpFactory(title="Not mine")

    response = owner_client.get(reverse("followups:list"))

    titles = [f.title for f in response.context["due_today"]]
    assert titles == ["Send the article"]
    assert "Done already" not in [f.title for f in response.context["page"].object_list]


def make_rows(user, n, **contact_fields):
    past = timezone.now() - datetime.timedelta(days=30)
    for _ in range(n):
        contact = ContactFactory(owner=user, **contact_fields)
        InterviewFactory(owner=user, contact=contact)
        InterviewFactory(owner=user, contact=contact, starts_at=past)
        FollowUpFactory(owner=user, contact=contact)
        DirectoryEntryFactory()
        ResumeFactory(owner=user)


LIST_PAGES = pytest.mark.parametrize(
    "name",
    [
        "home",
        "contacts:list",
        "directory:list",
        "interviews:list",
        "followups:list",
        "accounts:resumes",
    ],
)


@LIST_PAGES
def test_list_pages_run_as_many_queries_for_60_rows_as_for_3(owner_client, user, name):
    url = reverse(name)
    make_rows(user, 3)
    few = queries_for(owner_client, url)

    make_rows(user, 57)
    many = queries_for(owner_client, url)

    assert many == few


@LIST_PAGES
def test_contacts_known_by_role_cost_no_query_per_row(owner_client, user, name):
    # "Theatre manager at Massey Hall" reads the organization of each row.
    url = reverse(name)
    make_rows(user, 3, first_name="", last_name="")
    few = queries_for(owner_client, url)

    make_rows(user, 57, first_name="", last_name="")
    many = queries_for(owner_client, url)

    assert many == few
