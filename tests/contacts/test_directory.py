"""The career-centre directory: students search it, read an entry and add the
person to their own contacts, within each person's monthly limit."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contacts.models import (
    Contact,
    DirectoryEntry,
    ImportBatch,
    Organization,
    month_start,
)
from tests.factories import (
    DirectoryEntryFactory,
    DirectoryOrganizationFactory,
    UserFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

LIST_URL = reverse("directory:list")


def detail_url(entry):
    return reverse("directory:detail", args=[entry.pk])


def add_url(entry):
    return reverse("directory:add", args=[entry.pk])


def contact_url(contact):
    return reverse("contacts:detail", args=[contact.pk])


def listed(response):
    return [entry.first_name for entry in response.context["page"].object_list]


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def added_by_other_students(entry, count):
    for _ in range(count):
        entry.add_to_contacts(UserFactory())


@pytest.fixture
def maya():
    return DirectoryEntryFactory(
        first_name="Maya",
        last_name="Singh",
        job_title="General Manager",
        organization=DirectoryOrganizationFactory(
            name="Massey Hall", website="https://example.org/massey"
        ),
        field="Theatre management",
        city="Toronto",
        source=DirectoryEntry.Source.ALUMNI_OFFICE,
        program="Arts Management",
        graduation_year=2009,
        bio="Started as an usher and ran the box office for six years.",
        topics="Season planning, touring, unions",
        preferred_channel="telephone",
        approach_notes="Call on weekday mornings.",
        email="maya@example.org",
        phone="416-555-0100",
        mailing_address="178 Victoria St, Toronto",
    )


# Searching and filtering


def test_the_directory_lists_active_entries_with_their_count(owner_client, maya):
    DirectoryEntryFactory(first_name="Ben", last_name="Adams")
    DirectoryEntryFactory(first_name="Retired", is_active=False)

    response = owner_client.get(LIST_URL)

    assert listed(response) == ["Ben", "Maya"]
    html = response.content.decode()
    assert "2 people found" in html
    assert "Retired" not in html
    assert detail_url(maya) in html


@pytest.mark.parametrize(
    "query",
    [
        "maya",
        "SINGH",
        "general manager",
        "massey",
        "theatre",
        "toronto",
        "touring",
        "usher",
        "maya box office",
    ],
)
def test_the_search_finds_an_entry_by_any_of_its_words(owner_client, maya, query):
    DirectoryEntryFactory(
        first_name="Ben",
        last_name="Adams",
        job_title="Curator",
        organization=None,
        field="Museums",
        city="Ottawa",
    )

    response = owner_client.get(LIST_URL, {"q": query})

    assert listed(response) == ["Maya"]


def test_every_word_of_the_search_must_match_somewhere(owner_client, maya):
    response = owner_client.get(LIST_URL, {"q": "maya curator"})

    assert listed(response) == []
    assert "0 people found" in response.content.decode()
    assert "No one matches this search" in response.content.decode()


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("field", "Theatre management"),
        ("city", "Toronto"),
        ("source", "alumni_office"),
        ("channel", "telephone"),
    ],
)
def test_each_filter_keeps_only_the_matching_entries(owner_client, maya, param, value):
    DirectoryEntryFactory(
        first_name="Ben",
        last_name="Adams",
        field="Museums",
        city="Ottawa",
        source="career_centre",
        preferred_channel="email",
    )

    response = owner_client.get(LIST_URL, {param: value})

    assert listed(response) == ["Maya"]


def test_filters_and_search_combine(owner_client, maya):
    DirectoryEntryFactory(
        first_name="Ben",
        last_name="Adams",
        city="Toronto",
        field="Museums",
        job_title="Curator",
    )
    DirectoryEntryFactory(first_name="Cleo", city="Ottawa", field="Theatre management")

    response = owner_client.get(LIST_URL, {"city": "Toronto", "q": "theatre"})

    assert listed(response) == ["Maya"]


def test_the_field_and_city_choices_come_from_the_active_entries(owner_client, maya):
    DirectoryEntryFactory(field="Museums", city="Ottawa")
    DirectoryEntryFactory(field="theatre MANAGEMENT", city="Toronto")
    DirectoryEntryFactory(field="Circus", city="Montréal", is_active=False)

    form = owner_client.get(LIST_URL).context["form"]

    fields = [value for value, _label in form.fields["field"].choices]
    cities = [value for value, _label in form.fields["city"].choices]
    # Once each, whatever the case; nothing from an inactive entry.
    assert fields == ["", "Museums", "Theatre management"]
    assert cities == ["", "Ottawa", "Toronto"]


def test_a_field_filter_matches_entries_in_any_case(owner_client, maya):
    DirectoryEntryFactory(
        first_name="Ben", last_name="Adams", field="theatre MANAGEMENT"
    )

    response = owner_client.get(LIST_URL, {"field": "Theatre management"})

    assert sorted(listed(response)) == ["Ben", "Maya"]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("field", "Circus"),
        ("city", "Atlantis"),
        ("source", "parent"),
        ("channel", "pigeon"),
        ("sort", "salary"),
        ("q", "x" * 201),
    ],
)
def test_a_bad_filter_value_is_left_out_with_an_error(owner_client, maya, param, value):
    DirectoryEntryFactory(first_name="Ben", last_name="Adams", field="Museums")

    response = owner_client.get(LIST_URL, {param: value})

    assert response.status_code == 200
    assert param in response.context["form"].errors
    assert listed(response) == ["Ben", "Maya"]
    assert "could not be used" in response.content.decode()


def test_a_bad_filter_does_not_undo_the_good_ones(owner_client, maya):
    DirectoryEntryFactory(first_name="Ben", last_name="Adams", city="Ottawa")

    response = owner_client.get(LIST_URL, {"city": "Toronto", "channel": "pigeon"})

    assert listed(response) == ["Maya"]
    assert list(response.context["form"].errors) == ["channel"]


def test_the_directory_is_sorted_by_name_or_by_organization(owner_client):
    DirectoryEntryFactory(
        first_name="Ava",
        last_name="Zhou",
        organization=DirectoryOrganizationFactory(name="Arts Court"),
    )
    DirectoryEntryFactory(
        first_name="Zed",
        last_name="Adams",
        organization=DirectoryOrganizationFactory(name="Young Centre"),
    )
    DirectoryEntryFactory(first_name="Nora", last_name="Moss", organization=None)

    by_name = owner_client.get(LIST_URL)
    by_organization = owner_client.get(LIST_URL, {"sort": "organization"})

    assert listed(by_name) == ["Zed", "Nora", "Ava"]
    # People without an organization come last.
    assert listed(by_organization) == ["Ava", "Zed", "Nora"]


def test_the_directory_shows_twenty_entries_a_page_and_keeps_the_search(
    owner_client,
):
    for n in range(25):
        DirectoryEntryFactory(last_name=f"Person {n:02}", city="Toronto")
    DirectoryEntryFactory(last_name="Elsewhere", city="Ottawa")

    first = owner_client.get(LIST_URL, {"city": "Toronto"})
    second = owner_client.get(LIST_URL, {"city": "Toronto", "page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "25 people found" in first.content.decode()
    assert "?city=Toronto&amp;page=2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(owner_client, maya):
    response = owner_client.get(LIST_URL, {"page": 99})

    assert response.status_code == 200
    assert listed(response) == ["Maya"]


# Whether a student can add someone, on the list and the detail page


def test_each_entry_offers_a_named_add_button(owner_client, maya):
    for url in (LIST_URL, detail_url(maya)):
        html = owner_client.get(url).content.decode()

        assert f'action="{add_url(maya)}"' in html
        assert "Add Maya Singh to my contacts" in html


def test_an_entry_already_in_the_users_contacts_links_to_that_contact(
    owner_client, user, maya
):
    contact = maya.add_to_contacts(user)

    for url in (LIST_URL, detail_url(maya)):
        html = owner_client.get(url).content.decode()

        assert "In your contacts" in html
        assert f'href="{contact_url(contact)}"' in html
        assert add_url(maya) not in html


def test_another_students_contact_does_not_count_as_mine(owner_client, maya):
    added_by_other_students(maya, 1)

    html = owner_client.get(LIST_URL).content.decode()

    assert "In your contacts" not in html
    assert "Add Maya Singh to my contacts" in html


def test_a_full_entry_is_still_shown_and_says_it_is_full(owner_client, maya):
    added_by_other_students(maya, maya.monthly_limit)

    listing = owner_client.get(LIST_URL)
    detail = owner_client.get(detail_url(maya))

    assert listed(listing) == ["Maya"]
    assert detail.status_code == 200
    for response in (listing, detail):
        html = response.content.decode()
        assert (
            "Has met this month's limit of 2 new students — try again next month"
            in html
        )
        assert add_url(maya) not in html


def test_a_full_entry_still_shows_the_student_who_has_it_as_in_contacts(
    owner_client, user, maya
):
    maya.add_to_contacts(user)
    added_by_other_students(maya, 1)

    html = owner_client.get(detail_url(maya)).content.decode()

    assert "In your contacts" in html
    assert "limit" not in html


# The detail page


def test_the_detail_page_shows_the_whole_entry(owner_client, maya):
    response = owner_client.get(detail_url(maya))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "<h1",
        "Maya Singh",
        "General Manager",
        "Massey Hall",
        "https://example.org/massey",
        "Theatre management",
        "Toronto",
        "Alumni office",
        "Arts Management",
        "class of 2009",
        "Started as an usher",
        "Season planning, touring, unions",
        "Prefers to be approached by telephone",
        "Call on weekday mornings.",
    ):
        assert text in html, text


def test_the_detail_page_keeps_how_to_reach_them_until_they_are_added(
    owner_client, maya
):
    # The monthly limit means nothing if anyone can read the telephone number.
    html = owner_client.get(detail_url(maya)).content.decode()

    assert "maya@example.org" not in html
    assert "416-555-0100" not in html
    assert "178 Victoria St" not in html


# Adding to my contacts


def test_adding_copies_the_entry_into_the_users_own_contacts(owner_client, user, maya):
    response = owner_client.post(add_url(maya))

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contact_url(contact)
    assert contact.owner == user
    assert contact.directory_entry == maya
    assert contact.lead_source == "alumni_office"
    assert (contact.first_name, contact.last_name) == ("Maya", "Singh")
    assert contact.job_title == "General Manager"
    assert contact.field == "Theatre management"
    assert contact.city == "Toronto"
    assert contact.email == "maya@example.org"
    assert contact.stage == Contact.Stage.LEAD
    # A copy of the organization for the user, not the directory's own.
    assert contact.organization.name == "Massey Hall"
    assert contact.organization.owner == user
    assert contact.organization != maya.organization
    assert messages_of(response) == [("success", "Maya Singh is now in your contacts.")]


def test_an_entry_from_the_career_centre_is_a_career_centre_lead(owner_client):
    entry = DirectoryEntryFactory(source=DirectoryEntry.Source.CAREER_CENTRE)

    owner_client.post(add_url(entry))

    assert Contact.objects.get().lead_source == "career_centre"


def test_adding_the_same_entry_twice_is_refused_politely(owner_client, user, maya):
    first = owner_client.post(add_url(maya))
    contact = Contact.objects.get()
    owner_client.get(LIST_URL)  # back to the directory, where the message shows

    again = owner_client.post(add_url(maya))

    assert Contact.objects.count() == 1
    assert again.status_code == 302
    assert again["Location"] == contact_url(contact)
    assert messages_of(first) == [("success", "Maya Singh is now in your contacts.")]
    assert messages_of(again) == [("info", "Maya Singh is already in your contacts.")]


def test_a_student_cannot_add_someone_who_met_this_months_limit(
    owner_client, user, maya
):
    DirectoryEntry.objects.filter(pk=maya.pk).update(monthly_limit=2)
    added_by_other_students(maya, 2)

    response = owner_client.post(add_url(maya))

    assert response.status_code == 302
    assert response["Location"] == detail_url(maya)
    assert Contact.objects.count() == 2
    assert not Organization.objects.filter(owner=user).exists()
    [(level, text)] = messages_of(response)
    assert level == "warning"
    assert "this month's limit" in text


def test_students_added_last_month_do_not_count_against_the_limit(
    owner_client, user, maya
):
    added_by_other_students(maya, 2)
    last_month = month_start() - datetime.timedelta(days=1)
    Contact.objects.update(created_at=last_month)

    listing = owner_client.get(LIST_URL).content.decode()
    response = owner_client.post(add_url(maya))

    assert "Add Maya Singh to my contacts" in listing
    assert response["Location"] == contact_url(Contact.objects.get(owner=user))
    assert Contact.objects.count() == 3


def test_the_students_own_addition_counts_towards_the_limit(
    client, user, other_user, maya
):
    added_by_other_students(maya, 1)
    client.force_login(user)
    client.post(add_url(maya))

    client.force_login(other_user)
    html = client.get(LIST_URL).content.decode()

    assert "this month's limit of 2 new students" in html
    assert "Add Maya Singh to my contacts" not in html


# Access and methods


@pytest.mark.parametrize("view", ["list", "detail"])
def test_anonymous_visitors_are_sent_to_log_in_to_see_the_directory(client, maya, view):
    url = LIST_URL if view == "list" else detail_url(maya)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_are_sent_to_log_in_to_add(client, maya):
    response = client.post(add_url(maya))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Contact.objects.exists()


def test_an_inactive_entry_is_not_found(owner_client):
    retired = DirectoryEntryFactory(is_active=False)

    assert owner_client.get(detail_url(retired)).status_code == 404
    assert owner_client.post(add_url(retired)).status_code == 404
    assert not Contact.objects.exists()


def test_an_unknown_entry_is_not_found(owner_client):
    unknown = DirectoryEntry(pk=999999)

    assert owner_client.get(detail_url(unknown)).status_code == 404
    assert owner_client.post(add_url(unknown)).status_code == 404
    assert not Contact.objects.exists()


def test_adding_takes_a_post_and_reading_takes_a_get(owner_client, maya):
    assert owner_client.get(add_url(maya)).status_code == 405
    assert owner_client.post(LIST_URL).status_code == 405
    assert owner_client.post(detail_url(maya)).status_code == 405
    assert not Contact.objects.exists()


# Queries


def make_entries(user, n):
    """Entries, some already the user's contacts and some added by others."""
    for i in range(n):
        entry = DirectoryEntryFactory()
        if i % 3 == 0:
            entry.add_to_contacts(user)
        if i % 3 == 1:
            entry.add_to_contacts(UserFactory())


def test_the_directory_runs_as_many_queries_for_60_entries_as_for_3(owner_client, user):
    make_entries(user, 3)
    few = queries_for(owner_client, LIST_URL, q="theatre", sort="organization")

    make_entries(user, 57)
    many = queries_for(owner_client, LIST_URL, q="theatre", sort="organization")

    assert many == few


def test_the_detail_page_does_not_query_per_student(owner_client, user, maya):
    maya.add_to_contacts(user)
    few = queries_for(owner_client, detail_url(maya))

    added_by_other_students(maya, 1)
    DirectoryEntry.objects.filter(pk=maya.pk).update(monthly_limit=50)
    added_by_other_students(maya, 40)
    many = queries_for(owner_client, detail_url(maya))

    assert many == few


# The admin


def test_staff_see_how_many_students_added_an_entry_in_all_and_this_month(
    staff_client, maya
):
    DirectoryEntry.objects.filter(pk=maya.pk).update(monthly_limit=10)
    added_by_other_students(maya, 3)
    old = Contact.objects.first()
    Contact.objects.filter(pk=old.pk).update(
        created_at=month_start() - datetime.timedelta(days=1)
    )

    response = staff_client.get(reverse("admin:contacts_directoryentry_changelist"))

    row = response.context["cl"].result_list.get(pk=maya.pk)
    assert (row.students_total, row.added_this_month) == (3, 2)
    html = response.content.decode()
    assert "students who added them" in html.lower()
    assert "added this month" in html.lower()
    # Under five students, a count would point at them: it reads as a range.
    assert '<td class="field-added_recently">fewer than 5</td>' in html


def test_the_directory_list_gives_counts_of_five_students_or_more(staff_client, maya):
    DirectoryEntry.objects.filter(pk=maya.pk).update(monthly_limit=10)
    added_by_other_students(maya, 5)

    html = staff_client.get(
        reverse("admin:contacts_directoryentry_changelist")
    ).content.decode()

    assert '<td class="field-added_recently">5</td>' in html
    assert '<td class="field-students_added">5</td>' in html


def test_the_directory_changelist_does_not_query_per_entry(staff_client):
    url = reverse("admin:contacts_directoryentry_changelist")
    make_entries(UserFactory(), 3)
    few = queries_for(staff_client, url)

    make_entries(UserFactory(), 57)
    many = queries_for(staff_client, url)

    assert many == few


def test_contact_imports_have_no_admin_page_at_all(staff_client, user):
    # The parsed rows are other people's names and addresses, the student's.
    ImportBatch.objects.create(
        owner=user,
        source=ImportBatch.Source.LINKEDIN,
        filename="Connections.csv",
        rows=[{"first_name": "Private", "email": "private@example.org"}],
    )

    assert staff_client.get("/admin/contacts/importbatch/").status_code == 404
    assert "Connections.csv" not in staff_client.get("/admin/").content.decode()


def test_an_empty_directory_says_so(owner_client):
    html = owner_client.get(LIST_URL).content.decode()

    assert "0 people found" in html
    assert "The directory is empty for now." in html


def test_the_directory_pages_need_no_inline_style_or_script(owner_client, maya):
    # The Content-Security-Policy allows neither.
    for url in (LIST_URL, detail_url(maya), f"{LIST_URL}?channel=pigeon"):
        html = owner_client.get(url).content.decode()

        assert "style=" not in html
        assert "<script>" not in html
