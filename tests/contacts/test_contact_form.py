"""Adding a contact by hand: the student says how they found the person, may
know them only by role ("the theatre manager at Massey Hall"), and may say how
they prefer to be approached."""

import re

import pytest
from django.urls import reverse

from contacts.forms import ContactForm
from contacts.models import Channel, Contact
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def typed(**overrides):
    data = {
        "first_name": "",
        "last_name": "",
        "job_title": "Theatre manager",
        "organization_name": "Massey Hall",
        "city": "Toronto",
        "email": "",
        "lead_source": "organization",
        "keep_in_touch_days": "90",
        "notes": "Runs the summer series.",
    }
    data.update(overrides)
    return data


def selected_options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


def role_only(user, **fields):
    if "organization" not in fields:
        fields["organization"] = OrganizationFactory(owner=user, name="Massey Hall")
    fields = {
        "first_name": "",
        "last_name": "",
        "job_title": "theatre manager",
        **fields,
    }
    return ContactFactory(owner=user, **fields)


# How the lead was found


def test_it_starts_with_no_lead_source_chosen(owner_client):
    html = owner_client.get(reverse("contacts:create")).content.decode()

    assert selected_options(html, "lead_source") == [""]
    assert '<option value="" selected>Choose how you found them</option>' in html


def test_it_asks_how_they_were_found_and_keeps_what_was_typed(owner_client):
    response = owner_client.post(reverse("contacts:create"), typed(lead_source=""))

    assert response.status_code == 200
    assert response.context["form"].errors["lead_source"] == [
        "Choose how you found them."
    ]
    html = response.content.decode()
    assert 'value="Theatre manager"' in html
    assert "Runs the summer series." in html
    assert not Contact.objects.exists()


# Known by role


def test_it_adds_someone_known_only_by_role_at_an_organization(owner_client, user):
    response = owner_client.post(reverse("contacts:create"), typed())

    contact = Contact.objects.get()
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert contact.first_name == ""
    assert contact.organization.name == "Massey Hall"
    assert contact.full_name == "Theatre manager at Massey Hall"


@pytest.mark.parametrize(
    "overrides",
    [
        {"job_title": "", "organization_name": ""},
        {"job_title": "Theatre manager", "organization_name": ""},
        {"job_title": "", "organization_name": "Massey Hall"},
    ],
    ids=["neither", "role-without-organization", "organization-without-role"],
)
def test_it_needs_a_first_name_or_a_role_and_an_organization(owner_client, overrides):
    response = owner_client.post(reverse("contacts:create"), typed(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["first_name"] == [
        "Give their first name, or, if you don't know it, their job title and "
        "organization."
    ]
    assert list(form.errors) == ["first_name"]
    assert "Runs the summer series." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_first_name_alone_is_enough(owner_client):
    owner_client.post(
        reverse("contacts:create"),
        typed(first_name="Priya", job_title="", organization_name=""),
    )

    assert Contact.objects.get().full_name == "Priya"


def test_editing_a_named_contact_can_drop_the_name_for_the_role(owner_client, user):
    contact = ContactFactory(owner=user, first_name="Priya")

    owner_client.post(reverse("contacts:edit", args=[contact.pk]), typed())

    contact.refresh_from_db()
    assert str(contact) == "Theatre manager at Massey Hall"


def test_someone_known_by_role_is_shown_as_the_role_at_the_organization(
    owner_client, user
):
    contact = role_only(user)
    ContactFactory(owner=user, first_name="Priya", last_name="Raman")
    name = "Theatre manager at Massey Hall"

    for url in (
        reverse("contacts:list"),
        reverse("contacts:board"),
        reverse("contacts:detail", args=[contact.pk]),
        reverse("contacts:merge", args=[contact.pk]),
        reverse("contacts:edit", args=[contact.pk]),
    ):
        html = owner_client.get(url).content.decode()
        assert name in html, url
    # Not "Theatre manager at Massey Hall (Massey Hall)" among the choices.
    other = ContactFactory(owner=user)
    html = owner_client.get(reverse("contacts:merge", args=[other.pk])).content.decode()
    assert f'<option value="{contact.pk}">{name}</option>' in html


def test_lists_do_not_repeat_the_role_of_someone_known_by_role(owner_client, user):
    contact = role_only(user, stage=Contact.Stage.THANKED)
    request = InterviewRequestFactory(owner=user, contact=contact, channel="email")
    InterviewFactory(owner=user, contact=contact)

    for url in (
        reverse("contacts:list"),
        reverse("interviews:request_list"),
        reverse("interviews:request_edit", args=[request.pk]),
        reverse("interviews:list"),
        reverse("followups:network"),
    ):
        html = owner_client.get(url).content.decode()
        assert "Theatre manager at Massey Hall" in html, url
        # (A filter's or a chooser's list of organizations names it alone.)
        html = re.sub(r"<option[^>]*>[^<]*</option>", "", html)
        # The role and the place, once: not again in a column or line of its own.
        assert "theatre manager, Massey Hall" not in html, url
        assert not re.search(r">\s*Massey Hall\s*<", html), url
        assert not re.search(r"Massey Hall</a>\s*[,(]", html), url


def test_an_interview_with_someone_known_by_role_names_the_role_once(
    owner_client, user
):
    interview = InterviewFactory(owner=user, contact=role_only(user))

    for name in ("interviews:detail", "interviews:brief"):
        html = owner_client.get(reverse(name, args=[interview.pk])).content.decode()
        assert "Theatre manager at Massey Hall" in html, name
        # Not "Theatre manager at Massey Hall, theatre manager, Massey Hall".
        assert not re.search(r"Massey Hall</(a|strong)>, theatre manager", html), name


def test_the_dashboard_names_someone_known_by_role(owner_client, user):
    contact = role_only(user)
    FollowUpFactory(owner=user, contact=contact, title="Send my resume")

    html = owner_client.get(reverse("home")).content.decode()

    assert "Theatre manager at Massey Hall" in html


def test_the_merge_page_suggests_the_same_role_at_the_same_place(owner_client, user):
    contact = role_only(user)
    same = ContactFactory(
        owner=user,
        first_name="",
        last_name="",
        job_title="Theatre Manager",
        organization=contact.organization,
    )
    role_only(user, job_title="House manager", organization=contact.organization)
    ContactFactory(owner=user, first_name="Priya")

    response = owner_client.get(reverse("contacts:merge", args=[contact.pk]))

    assert list(response.context["likely"]) == [same]


# Preferred channel


def test_the_preferred_channel_starts_as_no_preference(owner_client):
    html = owner_client.get(reverse("contacts:create")).content.decode()

    assert selected_options(html, "preferred_channel") == [""]
    assert "Prefers to be approached by" in html
    assert '<option value="" selected>No preference</option>' in html


def test_the_preferred_channel_is_saved_and_shown_with_how_to_reach_them(
    owner_client, user
):
    contact = ContactFactory(owner=user, phone="416-555-0100")
    form = ContactForm(instance=contact, owner=user)
    data = {
        name: value if value is not None else ""
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(preferred_channel=Channel.TELEPHONE, referred_by="")

    response = owner_client.post(reverse("contacts:edit", args=[contact.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    contact.refresh_from_db()
    assert contact.preferred_channel == Channel.TELEPHONE
    html = owner_client.get(reverse("contacts:detail", args=[contact.pk])).content
    reach = re.search(r'id="reach-heading".*?</dl>', html.decode(), re.S).group(0)
    assert re.search(r"Prefers</dt>\s*<dd[^>]*>Telephone</dd>", reach)


def test_a_directory_contacts_preferred_channel_shows_on_its_form(owner_client, user):
    contact = ContactFactory(owner=user, preferred_channel=Channel.MAIL)

    html = owner_client.get(reverse("contacts:edit", args=[contact.pk])).content
    assert selected_options(html.decode(), "preferred_channel") == ["mail"]
