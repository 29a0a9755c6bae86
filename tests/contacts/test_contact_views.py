"""My contacts: the list, the board, a contact's page, adding, editing,
deleting and merging — each only ever on the signed-in user's own contacts."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, LeadSource, Organization
from followups.models import FollowUp, Touchpoint
from interviews.models import Interview, InterviewRequest
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    LearningFactory,
    OrganizationFactory,
    ThankYouNoteFactory,
    TouchpointFactory,
)
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for

ZONE = zoneinfo.ZoneInfo("America/Toronto")

pytestmark = pytest.mark.django_db

Stage = Contact.Stage


def contact_data(**overrides):
    data = {
        "first_name": "Priya",
        "last_name": "Raman",
        "job_title": "General Manager",
        "field": "Theatre management",
        "organization_name": "Massey Hall",
        "city": "Toronto",
        "region": "Ontario",
        "email": "priya.raman@example.org",
        "lead_source": LeadSource.PROFESSOR,
        "found_through": "Prof. Singh",
        "keep_in_touch_days": "90",
        "notes": "Runs the summer series.",
    }
    return data | overrides


def names(response):
    return [c.first_name for c in response.context["page"].object_list]


# The list


def test_the_list_shows_only_my_contacts_with_their_count(owner_client, user):
    ContactFactory(owner=user, first_name="Mine")
    ContactFactory(first_name="Theirs")

    response = owner_client.get(reverse("contacts:list"))

    assert names(response) == ["Mine"]
    assert "1 contact" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("last_name", "Okonkwo", "okonk"),
        ("job_title", "Stage Manager", "stage man"),
        ("field", "Arts marketing", "marketing"),
        ("notes", "Met at the Fringe festival", "fringe"),
    ],
)
def test_search_finds_a_word_in_name_title_field_or_notes(
    owner_client, user, field, value, query
):
    ContactFactory(owner=user, first_name="Found", **{field: value})
    ContactFactory(owner=user, first_name="Other")

    response = owner_client.get(reverse("contacts:list"), {"q": query})

    assert names(response) == ["Found"]


def test_search_finds_the_organization_by_name(owner_client, user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    ContactFactory(owner=user, first_name="Found", organization=hall)
    ContactFactory(owner=user, first_name="Other")

    response = owner_client.get(reverse("contacts:list"), {"q": "massey"})

    assert names(response) == ["Found"]


def test_filters_by_stage_lead_source_field_city_and_organization(owner_client, user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    ContactFactory(
        owner=user,
        first_name="Match",
        stage=Stage.REQUESTED,
        lead_source=LeadSource.ALUMNI_OFFICE,
        field="Arts marketing",
        city="Ottawa",
        organization=hall,
    )
    ContactFactory(owner=user, first_name="Other", stage=Stage.REQUESTED)
    filters = {
        "stage": "requested",
        "lead_source": "alumni_office",
        "field": "Arts marketing",
        "city": "Ottawa",
        "organization": hall.pk,
    }

    for name, value in filters.items():
        response = owner_client.get(reverse("contacts:list"), {name: value})
        assert "Match" in names(response), name
        if name != "stage":
            assert "Other" not in names(response), name


def test_not_touched_in_n_days_finds_contacts_gone_quiet(owner_client, user):
    long_ago = timezone.now() - datetime.timedelta(days=120)
    today = timezone.localdate()
    ContactFactory(
        owner=user,
        first_name="Quiet",
        stage_changed_at=long_ago,
        last_contacted_on=today - datetime.timedelta(days=100),
    )
    ContactFactory(owner=user, first_name="Never", stage_changed_at=long_ago)
    ContactFactory(
        owner=user,
        first_name="Recent",
        stage_changed_at=long_ago,
        last_contacted_on=today - datetime.timedelta(days=5),
    )
    ContactFactory(owner=user, first_name="Moved")  # stage changed just now

    response = owner_client.get(reverse("contacts:list"), {"untouched": 30})

    assert sorted(names(response)) == ["Never", "Quiet"]


def test_not_touched_follows_the_last_contact_not_a_stage_moved_by_hand(
    owner_client, user
):
    monday = datetime.datetime(2026, 11, 30, 10, tzinfo=ZONE)
    quiet = ContactFactory(
        owner=user,
        first_name="Quiet",
        last_contacted_on=monday.date() - datetime.timedelta(days=100),
    )

    with signed_in_at(owner_client, user, monday):
        # Moving someone by hand is not an exchange with them.
        owner_client.post(
            reverse("contacts:move", args=[quiet.pk]), {"stage": Stage.IN_NETWORK}
        )
        response = owner_client.get(reverse("contacts:list"), {"untouched": 30})

    assert names(response) == ["Quiet"]


def test_a_request_sent_lately_is_a_touch(owner_client, user):
    monday = datetime.datetime(2026, 11, 30, 10, tzinfo=ZONE)
    long_ago = monday - datetime.timedelta(days=120)
    asked_again = ContactFactory(
        owner=user,
        first_name="Asked",
        stage=Stage.REQUESTED,
        stage_changed_at=long_ago,
    )
    draft = InterviewRequestFactory(owner=user, contact=asked_again)

    with signed_in_at(owner_client, user, monday - datetime.timedelta(days=5)):
        owner_client.post(reverse("interviews:request_sent", args=[draft.pk]))
    with signed_in_at(owner_client, user, monday):
        response = owner_client.get(reverse("contacts:list"), {"untouched": 30})

    assert names(response) == []


def test_contacts_sort_by_the_pipelines_order_not_the_alphabet(owner_client, user):
    for stage in (Stage.THANKED, Stage.LEAD, Stage.SCHEDULED):
        ContactFactory(owner=user, first_name=stage.label, stage=stage)

    response = owner_client.get(reverse("contacts:list"), {"sort": "stage"})

    assert names(response) == ["Lead", "Scheduled", "Thanked"]


def test_most_recent_contact_first_puts_never_contacted_last(owner_client, user):
    ContactFactory(owner=user, first_name="Never")
    ContactFactory(
        owner=user, first_name="Old", last_contacted_on=datetime.date(2025, 1, 1)
    )
    ContactFactory(
        owner=user, first_name="New", last_contacted_on=datetime.date(2026, 1, 1)
    )

    response = owner_client.get(reverse("contacts:list"), {"sort": "-last_contact"})

    assert names(response) == ["New", "Old", "Never"]


def test_pages_keep_the_filters(owner_client, user):
    ContactFactory.create_batch(30, owner=user, stage=Stage.LEAD)

    response = owner_client.get(reverse("contacts:list"), {"stage": "lead"})

    assert len(response.context["page"].object_list) == 25
    assert "?stage=lead&amp;page=2" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"untouched": "a while"},
        {"stage": "famous"},
        {"sort": "salary"},
        {"organization": "999999"},
        {"page": "last-but-one"},
    ],
)
def test_a_bad_filter_is_shown_as_an_error_not_a_crash(owner_client, user, params):
    ContactFactory(owner=user, first_name="Still here")

    response = owner_client.get(reverse("contacts:list"), params)

    assert response.status_code == 200
    assert names(response) == ["Still here"]
    if "page" not in params:
        assert response.context["form"].errors


def test_someone_elses_organization_is_not_a_filter_choice(owner_client, other_user):
    theirs = OrganizationFactory(owner=other_user)

    response = owner_client.get(reverse("contacts:list"), {"organization": theirs.pk})

    assert "organization" in response.context["form"].errors


# The board


def test_the_board_has_a_column_per_stage_with_my_contacts(owner_client, user):
    ContactFactory(owner=user, first_name="Lia", stage=Stage.SCHEDULED)
    ContactFactory(stage=Stage.SCHEDULED)

    response = owner_client.get(reverse("contacts:board"))

    columns = {c["stage"]: c for c in response.context["columns"]}
    assert list(columns) == list(Stage.values)
    assert [c.first_name for c in columns[Stage.SCHEDULED]["contacts"]] == ["Lia"]
    assert columns[Stage.SCHEDULED]["count"] == 1


def test_a_board_column_shows_its_most_recent_and_counts_them_all(owner_client, user):
    ContactFactory.create_batch(35, owner=user, stage=Stage.LEAD)

    response = owner_client.get(reverse("contacts:board"))

    lead = response.context["columns"][0]
    assert len(lead["contacts"]) == 30
    assert lead["count"] == 35
    assert "All 35 in the list" in response.content.decode()


def test_moving_a_contact_to_another_stage_by_hand_returns_to_the_board(
    owner_client, user
):
    contact = ContactFactory(owner=user, stage=Stage.THANKED)

    response = owner_client.post(
        reverse("contacts:move", args=[contact.pk]),
        {"stage": "lead", "next": reverse("contacts:board")},
    )

    assert response["Location"] == reverse("contacts:board")
    contact.refresh_from_db()
    assert contact.stage == Stage.LEAD


def test_moving_to_an_unknown_stage_changes_nothing(owner_client, user):
    contact = ContactFactory(owner=user, stage=Stage.LEAD)

    response = owner_client.post(
        reverse("contacts:move", args=[contact.pk]), {"stage": "famous"}, follow=True
    )

    assert "Choose a stage" in response.content.decode()
    contact.refresh_from_db()
    assert contact.stage == Stage.LEAD


def test_moving_never_redirects_to_another_site(owner_client, user):
    contact = ContactFactory(owner=user)

    response = owner_client.post(
        reverse("contacts:move", args=[contact.pk]),
        {"stage": "lead", "next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])


# A contact's page


def test_a_contacts_page_shows_how_to_reach_them_and_the_lead(owner_client, user):
    contact = ContactFactory(
        owner=user,
        first_name="Priya",
        email="priya@example.org",
        phone="416-555-0100",
        lead_source=LeadSource.PROFESSOR,
        found_through="Prof. Singh",
    )

    html = owner_client.get(
        reverse("contacts:detail", args=[contact.pk])
    ).content.decode()

    assert "priya@example.org" in html
    assert "416-555-0100" in html
    assert "Professor" in html and "Prof. Singh" in html


def test_a_contacts_page_shows_the_referral_chain_both_ways(owner_client, user):
    first = ContactFactory(owner=user, first_name="First")
    middle = ContactFactory(
        owner=user, first_name="Middle", lead_source="referral", referred_by=first
    )
    child = ContactFactory(
        owner=user, first_name="Child", lead_source="referral", referred_by=middle
    )
    ContactFactory(
        owner=user, first_name="Grandchild", lead_source="referral", referred_by=child
    )

    response = owner_client.get(reverse("contacts:detail", args=[middle.pk]))

    assert [c.first_name for c in response.context["referrers"]] == ["First"]
    assert [(depth, c.first_name) for depth, c in response.context["referred"]] == [
        (0, "Child"),
        (1, "Grandchild"),
    ]


def test_the_timeline_gathers_everything_newest_first(owner_client, user):
    contact = ContactFactory(owner=user)
    day = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
    request = InterviewRequestFactory(owner=user, contact=contact)
    request.mark_sent(day)
    request.mark_accepted(day + datetime.timedelta(days=1))
    interview = InterviewFactory(
        owner=user,
        contact=contact,
        starts_at=day + datetime.timedelta(days=5),
        notes="Touring experience matters.",
    )
    interview.complete(day + datetime.timedelta(days=5, hours=1))
    learning = LearningFactory(interview=interview, text="Start in front of house.")
    note = ThankYouNoteFactory(interview=interview, body="Starting in front of house")
    note.learnings.add(learning)
    note.mark_sent("email", day + datetime.timedelta(days=6))
    FollowUpFactory(owner=user, contact=contact, title="Send my resume")
    Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.ARTICLE,
        happened_on=datetime.date(2026, 6, 1),
        link="https://example.org/article",
    )

    response = owner_client.get(reverse("contacts:detail", args=[contact.pk]))

    kinds = [str(event.kind) for event in response.context["events"]]
    for kind in (
        "Request",
        "Answer",
        "Interview",
        "Notes",
        "Learning",
        "Thank-you",
        "Follow-up",
        "Touchpoint",
        "Lead",
    ):
        assert kind in kinds
    keys = [event.sort_key for event in response.context["events"]]
    assert keys == sorted(keys, reverse=True)
    html = response.content.decode()
    assert "Touring experience matters." in html
    assert "https://example.org/article" in html


def test_a_contacts_page_runs_as_many_queries_for_60_events_as_for_3(
    owner_client, user
):
    contact = ContactFactory(owner=user)
    url = reverse("contacts:detail", args=[contact.pk])

    def add_events(n):
        for _ in range(n):
            interview = InterviewFactory(owner=user, contact=contact, notes="Notes")
            LearningFactory(interview=interview)
            ThankYouNoteFactory(interview=interview)
            InterviewRequestFactory(owner=user, contact=contact, closed=True)
            FollowUpFactory(owner=user, contact=contact)
            TouchpointFactory(owner=user, contact=contact)

    add_events(3)
    few = queries_for(owner_client, url)
    add_events(57)

    assert queries_for(owner_client, url) == few


# Adding and editing


def test_adding_a_contact_creates_a_new_organization_on_the_spot(owner_client, user):
    response = owner_client.post(reverse("contacts:create"), contact_data())

    contact = Contact.objects.get()
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert contact.owner == user
    assert contact.stage == Stage.LEAD
    assert contact.organization.name == "Massey Hall"
    assert contact.organization.owner == user


def test_adding_a_contact_picks_my_organization_whatever_the_capitals(
    owner_client, user
):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    OrganizationFactory(owner=None, name="MASSEY HALL")  # the directory's

    owner_client.post(
        reverse("contacts:create"), contact_data(organization_name="  massey   HALL ")
    )

    assert Contact.objects.get().organization == hall
    assert Organization.objects.filter(owner=user).count() == 1


def test_the_form_suggests_only_my_own_organizations(owner_client, user, other_user):
    OrganizationFactory(owner=user, name="Mine Theatre")
    OrganizationFactory(owner=other_user, name="Their Theatre")

    html = owner_client.get(reverse("contacts:create")).content.decode()

    assert '<option value="Mine Theatre">' in html
    assert "Their Theatre" not in html


def test_a_referral_is_added_with_the_referring_contact(owner_client, user):
    referrer = ContactFactory(owner=user)

    owner_client.post(
        reverse("contacts:create"),
        contact_data(lead_source="referral", referred_by=referrer.pk),
    )

    contact = Contact.objects.exclude(pk=referrer.pk).get()
    assert contact.referred_by == referrer


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": "", "job_title": ""}, "first_name", "job title and org"),
        ({"email": "priya at example"}, "email", "valid email"),
        ({"lead_source": ""}, "lead_source", "Choose how you found them"),
        ({"lead_source": "referral"}, "referred_by", "who referred"),
        ({"keep_in_touch_days": "0"}, "keep_in_touch_days", "greater than or equal"),
        ({"linkedin_url": "javascript:alert(1)"}, "linkedin_url", "valid URL"),
        ({"organization_name": "x" * 201}, "organization_name", "at most 200"),
    ],
)
def test_bad_contact_input_gets_a_field_error_and_keeps_what_was_typed(
    owner_client, overrides, field, message
):
    response = owner_client.post(reverse("contacts:create"), contact_data(**overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert "Runs the summer series." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_referrer_belonging_to_someone_else_is_refused(owner_client, other_user):
    theirs = ContactFactory(owner=other_user)

    response = owner_client.post(
        reverse("contacts:create"),
        contact_data(lead_source="referral", referred_by=theirs.pk),
    )

    assert "your own contacts" in str(response.context["form"].errors["referred_by"])
    assert Contact.objects.count() == 1


def test_editing_saves_the_changes(owner_client, user):
    contact = ContactFactory(owner=user, first_name="Old")

    response = owner_client.post(
        reverse("contacts:edit", args=[contact.pk]), contact_data(first_name="New")
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.first_name == "New"
    assert contact.organization.name == "Massey Hall"


def test_a_contact_cannot_be_made_their_own_referrer(owner_client, user):
    contact = ContactFactory(owner=user)

    response = owner_client.post(
        reverse("contacts:edit", args=[contact.pk]),
        contact_data(lead_source="referral", referred_by=contact.pk),
    )

    assert "referred_by" in response.context["form"].errors


def test_editing_keeps_the_stage(owner_client, user):
    contact = ContactFactory(owner=user, stage=Stage.THANKED)

    owner_client.post(
        reverse("contacts:edit", args=[contact.pk]), contact_data(stage="lead")
    )

    contact.refresh_from_db()
    assert contact.stage == Stage.THANKED


# Deleting


def test_deleting_asks_first_and_says_what_goes_with_the_contact(owner_client, user):
    contact = ContactFactory(owner=user)
    InterviewRequestFactory(owner=user, contact=contact, closed=True)
    InterviewRequestFactory(owner=user, contact=contact)
    InterviewFactory(owner=user, contact=contact)
    TouchpointFactory(owner=user, contact=contact)
    ContactFactory(owner=user, lead_source="referral", referred_by=contact)

    response = owner_client.get(reverse("contacts:delete", args=[contact.pk]))

    goes = dict(response.context["goes_with_it"])
    assert goes["interview requests"] == 2
    assert goes["interviews"] == 1
    assert goes["touchpoints"] == 1
    assert "stays in your contacts" in response.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_deleting_removes_the_contact_and_what_belongs_to_it(owner_client, user):
    contact = ContactFactory(owner=user)
    InterviewFactory(owner=user, contact=contact)
    referred = ContactFactory(owner=user, lead_source="referral", referred_by=contact)

    response = owner_client.post(reverse("contacts:delete", args=[contact.pk]))

    assert response["Location"] == reverse("contacts:list")
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not Interview.objects.exists()
    referred.refresh_from_db()
    assert referred.referred_by is None


# Merging


def test_merging_keeps_everything_of_both_contacts(owner_client, user):
    entry = DirectoryEntryFactory()
    keeper = ContactFactory(
        owner=user, first_name="Priya", phone="", email="p@example.org"
    )
    duplicate = ContactFactory(
        owner=user,
        first_name="Priya",
        phone="416-555-0100",
        stage=Stage.INTERVIEWED,
        directory_entry=entry,
        lead_source="career_centre",
        notes="From the fall fair.",
        last_contacted_on=datetime.date(2026, 3, 2),
    )
    InterviewRequestFactory(owner=user, contact=keeper)
    # The duplicate was interviewed: its request was answered long ago.
    InterviewRequestFactory(owner=user, contact=duplicate, closed=True)
    InterviewFactory(owner=user, contact=duplicate)
    FollowUpFactory(owner=user, contact=duplicate)
    TouchpointFactory(owner=user, contact=duplicate)
    referred = ContactFactory(owner=user, lead_source="referral", referred_by=duplicate)

    response = owner_client.post(
        reverse("contacts:merge", args=[keeper.pk]), {"duplicate": duplicate.pk}
    )

    assert response["Location"] == reverse("contacts:detail", args=[keeper.pk])
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    keeper.refresh_from_db()
    assert InterviewRequest.objects.filter(contact=keeper).count() == 2
    assert Interview.objects.filter(contact=keeper).count() == 1
    assert FollowUp.objects.filter(contact=keeper).count() == 1
    assert Touchpoint.objects.filter(contact=keeper).count() == 1
    referred.refresh_from_db()
    assert referred.referred_by == keeper
    assert keeper.phone == "416-555-0100"
    assert keeper.email == "p@example.org"
    assert keeper.stage == Stage.INTERVIEWED
    assert keeper.directory_entry == entry
    assert "From the fall fair." in keeper.notes
    assert keeper.last_contacted_on == datetime.date(2026, 3, 2)


def test_merging_a_contact_with_the_one_who_referred_them(owner_client, user):
    root = ContactFactory(owner=user)
    duplicate = ContactFactory(owner=user, lead_source="referral", referred_by=root)
    keeper = ContactFactory(owner=user, lead_source="referral", referred_by=duplicate)

    owner_client.post(
        reverse("contacts:merge", args=[keeper.pk]), {"duplicate": duplicate.pk}
    )

    keeper.refresh_from_db()
    assert keeper.referred_by == root


def test_the_merge_page_suggests_likely_duplicates(owner_client, user):
    keeper = ContactFactory(owner=user, first_name="Priya", last_name="Raman")
    ContactFactory(owner=user, first_name="priya", last_name="RAMAN")
    ContactFactory(owner=user, first_name="Someone", last_name="Else")

    response = owner_client.get(reverse("contacts:merge", args=[keeper.pk]))

    assert [c.first_name for c in response.context["likely"]] == ["priya"]


def test_a_contact_of_someone_else_cannot_be_merged_in(owner_client, user, other_user):
    keeper = ContactFactory(owner=user)
    theirs = ContactFactory(owner=other_user)

    response = owner_client.post(
        reverse("contacts:merge", args=[keeper.pk]), {"duplicate": theirs.pk}
    )

    assert "your own contacts" in str(response.context["form"].errors["duplicate"])
    assert Contact.objects.filter(pk=theirs.pk, owner=other_user).exists()


def test_a_contact_cannot_be_merged_into_itself(owner_client, user):
    keeper = ContactFactory(owner=user)

    response = owner_client.post(
        reverse("contacts:merge", args=[keeper.pk]), {"duplicate": keeper.pk}
    )

    assert "duplicate" in response.context["form"].errors
    assert Contact.objects.filter(pk=keeper.pk).exists()


# The same four checks for every view

VIEWS_WITH_A_CONTACT = [
    ("contacts:detail", "get", "post"),
    ("contacts:edit", "get", "put"),
    ("contacts:delete", "get", "put"),
    ("contacts:merge", "get", "put"),
    ("contacts:move", "post", "get"),
]


@pytest.mark.parametrize(("name", "method", "_wrong"), VIEWS_WITH_A_CONTACT)
def test_another_users_contact_is_not_found_and_stays_unchanged(
    owner_client, other_user, name, method, _wrong
):
    theirs = ContactFactory(owner=other_user, first_name="Theirs", stage=Stage.LEAD)
    mine_too = ContactFactory(owner=other_user)
    url = reverse(name, args=[theirs.pk])
    data = contact_data(first_name="Hijacked") | {
        "stage": "thanked",
        "duplicate": mine_too.pk,
    }

    assert getattr(owner_client, method)(url).status_code == 404
    # A page that only shows answers 405 to a POST for any id, so even that
    # does not tell whether the contact exists.
    expected = 405 if name == "contacts:detail" else 404
    assert owner_client.post(url, data).status_code == expected

    theirs.refresh_from_db()
    assert (theirs.first_name, theirs.stage) == ("Theirs", Stage.LEAD)
    assert Contact.objects.filter(owner=other_user).count() == 2


@pytest.mark.parametrize(("name", "method", "_wrong"), VIEWS_WITH_A_CONTACT)
def test_a_contact_that_does_not_exist_is_not_found(owner_client, name, method, _wrong):
    url = reverse(name, args=[999999])
    assert getattr(owner_client, method)(url).status_code == 404


@pytest.mark.parametrize(("name", "_method", "wrong"), VIEWS_WITH_A_CONTACT)
def test_the_wrong_method_is_refused(owner_client, user, name, _method, wrong):
    contact = ContactFactory(owner=user)

    response = getattr(owner_client, wrong)(reverse(name, args=[contact.pk]))

    assert response.status_code == 405
    assert Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize("name", ["contacts:list", "contacts:board", "contacts:create"])
def test_pages_without_a_contact_refuse_the_wrong_method(owner_client, name):
    assert owner_client.delete(reverse(name)).status_code == 405


@pytest.mark.parametrize(
    "name",
    ["contacts:detail", "contacts:edit", "contacts:delete", "contacts:merge"],
)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name):
    contact = ContactFactory(owner=user)

    response = client.get(reverse(name, args=[contact.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["contacts:list", "contacts:board"])
def test_the_list_and_board_run_as_many_queries_for_60_contacts_as_for_3(
    owner_client, user, name
):
    referrer = ContactFactory(owner=user)

    def add(n):
        for i in range(n):
            ContactFactory(
                owner=user,
                stage=Stage.values[i % len(Stage.values)],
                lead_source="referral",
                referred_by=referrer,
            )

    add(3)
    few = queries_for(owner_client, reverse(name), q="", sort="stage")
    add(57)

    assert queries_for(owner_client, reverse(name), q="", sort="stage") == few
