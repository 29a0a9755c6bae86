import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from contacts.models import (
    Channel,
    Contact,
    DirectoryEntry,
    LeadSource,
    Organization,
)
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    DirectoryOrganizationFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

Stage = Contact.Stage
WHEN = datetime.datetime(2026, 3, 2, 15, 30, tzinfo=datetime.UTC)


def contact_in(stage, **kwargs):
    contact = ContactFactory(**kwargs)
    Contact.objects.filter(pk=contact.pk).update(stage=stage)
    contact.refresh_from_db()
    return contact


def clean_errors(contact):
    with pytest.raises(ValidationError) as excinfo:
        contact.clean()
    return excinfo.value.message_dict


# Organizations


def test_a_user_cannot_have_two_organizations_named_alike_in_any_case(user):
    OrganizationFactory(owner=user, name="Massey Hall")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(owner=user, name="MASSEY hall")


def test_two_users_may_each_have_an_organization_of_the_same_name(user, other_user):
    OrganizationFactory(owner=user, name="Massey Hall")
    OrganizationFactory(owner=other_user, name="Massey Hall")

    assert Organization.objects.filter(name="Massey Hall").count() == 2


def test_the_directory_cannot_have_two_organizations_named_alike_in_any_case():
    DirectoryOrganizationFactory(name="Massey Hall")

    with pytest.raises(IntegrityError), transaction.atomic():
        DirectoryOrganizationFactory(name="massey hall")


def test_a_user_may_name_an_organization_like_one_in_the_directory(user):
    DirectoryOrganizationFactory(name="Massey Hall")
    OrganizationFactory(owner=user, name="Massey Hall")

    assert Organization.objects.filter(name="Massey Hall").count() == 2


def test_an_organization_must_have_a_name(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(owner=user, name="")


def test_the_directorys_organizations_belong_to_no_user(user):
    DirectoryOrganizationFactory(name="Massey Hall")
    mine = OrganizationFactory(owner=user, name="Roy Thomson Hall")

    assert list(Organization.objects.for_user(user)) == [mine]


# The contact's database rules


def test_a_contact_must_have_a_first_name_or_a_role(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(owner=user, first_name="", job_title="")


def test_a_contact_known_only_by_role_is_kept(user):
    contact = ContactFactory(owner=user, first_name="", job_title="Theatre manager")

    assert Contact.objects.filter(pk=contact.pk, first_name="").exists()


def test_a_contact_added_from_the_directory_keeps_how_they_prefer_to_be_reached(
    user,
):
    entry = DirectoryEntryFactory(preferred_channel=Channel.TELEPHONE, email="")

    contact = entry.add_to_contacts(user)

    assert contact.preferred_channel == Channel.TELEPHONE


def test_a_contact_may_have_only_a_first_name(user):
    contact = ContactFactory(owner=user, first_name="Priya", last_name="")

    assert contact.full_name == "Priya"
    assert str(contact) == "Priya"


@pytest.mark.parametrize("source", LeadSource.values)
def test_every_lead_source_is_accepted(user, source):
    contact = ContactFactory(owner=user, lead_source=source)

    assert Contact.objects.get(pk=contact.pk).lead_source == source


@pytest.mark.parametrize("source", ["billboard", ""])
def test_the_database_refuses_an_unknown_lead_source(user, source):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(owner=user, lead_source=source)


def test_the_database_refuses_an_unknown_stage(user):
    contact = ContactFactory(owner=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(stage="hired")


def test_a_referral_may_name_the_contact_who_referred_them(user):
    referrer = ContactFactory(owner=user)

    contact = ContactFactory(
        owner=user, lead_source=LeadSource.REFERRAL, referred_by=referrer
    )

    assert list(referrer.referrals.all()) == [contact]


def test_only_a_referral_can_have_a_referrer(user):
    referrer = ContactFactory(owner=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(owner=user, lead_source=LeadSource.FRIEND, referred_by=referrer)


def test_a_referral_whose_referrer_was_deleted_is_kept(user):
    referrer = ContactFactory(owner=user)
    contact = ContactFactory(
        owner=user, lead_source=LeadSource.REFERRAL, referred_by=referrer
    )

    referrer.delete()

    contact.refresh_from_db()
    assert (contact.lead_source, contact.referred_by) == (LeadSource.REFERRAL, None)


def test_a_contact_cannot_be_referred_by_themselves(user):
    contact = ContactFactory(owner=user, lead_source=LeadSource.REFERRAL)

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(referred_by=contact)


@pytest.mark.parametrize("days", [None, 1, 90, 3650])
def test_keep_in_touch_may_be_any_positive_number_of_days_or_empty(user, days):
    contact = ContactFactory(owner=user, keep_in_touch_days=days)

    assert Contact.objects.get(pk=contact.pk).keep_in_touch_days == days


def test_the_database_refuses_keeping_in_touch_every_zero_days(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(owner=user, keep_in_touch_days=0)


def test_full_clean_refuses_keeping_in_touch_every_zero_days(user):
    contact = ContactFactory(owner=user)
    contact.keep_in_touch_days = 0

    with pytest.raises(ValidationError) as excinfo:
        contact.full_clean()

    assert "keep_in_touch_days" in excinfo.value.message_dict


def test_a_user_cannot_add_the_same_directory_entry_twice(user):
    entry = DirectoryEntryFactory()
    ContactFactory(owner=user, directory_entry=entry)

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(owner=user, directory_entry=entry)


def test_two_users_may_each_add_the_same_directory_entry(user, other_user):
    entry = DirectoryEntryFactory()
    ContactFactory(owner=user, directory_entry=entry)
    ContactFactory(owner=other_user, directory_entry=entry)

    assert entry.contacts.count() == 2


def test_a_user_may_have_many_contacts_outside_the_directory(user):
    ContactFactory(owner=user, directory_entry=None)
    ContactFactory(owner=user, directory_entry=None)

    assert Contact.objects.for_user(user).count() == 2


def test_adding_a_directory_entry_twice_has_a_readable_message(user):
    entry = DirectoryEntryFactory()
    ContactFactory(owner=user, directory_entry=entry)
    twin = ContactFactory.build(owner=user, directory_entry=entry, organization=None)

    with pytest.raises(ValidationError) as excinfo:
        twin.validate_constraints()

    assert "This person is already in your contacts." in str(excinfo.value)


def test_a_new_contact_is_a_lead(user):
    assert ContactFactory(owner=user).stage == Stage.LEAD


# Contact.clean()


def test_clean_accepts_a_contact_with_their_own_organization_and_referrer(user):
    referrer = ContactFactory(owner=user)
    contact = ContactFactory.build(
        owner=user,
        organization=OrganizationFactory(owner=user),
        lead_source=LeadSource.REFERRAL,
        referred_by=referrer,
    )

    contact.full_clean()


def test_clean_asks_who_referred_a_referral(user):
    contact = ContactFactory.build(
        owner=user, organization=None, lead_source=LeadSource.REFERRAL
    )

    assert clean_errors(contact) == {
        "referred_by": ["Say who referred this person to you."]
    }


def test_clean_refuses_a_referrer_on_a_contact_that_is_not_a_referral(user):
    contact = ContactFactory.build(
        owner=user,
        organization=None,
        lead_source=LeadSource.PROFESSOR,
        referred_by=ContactFactory(owner=user),
    )

    [message] = clean_errors(contact)["referred_by"]
    assert message.startswith("Only a referral has a referring contact")


def test_clean_refuses_a_contact_who_refers_themselves(user):
    contact = ContactFactory(owner=user, lead_source=LeadSource.REFERRAL)
    contact.referred_by = contact

    assert clean_errors(contact) == {
        "referred_by": ["A contact cannot refer themselves."]
    }


def test_clean_refuses_a_referrer_from_another_users_contacts(user, other_user):
    contact = ContactFactory.build(
        owner=user,
        organization=None,
        lead_source=LeadSource.REFERRAL,
        referred_by=ContactFactory(owner=other_user),
    )

    assert clean_errors(contact) == {
        "referred_by": ["Choose one of your own contacts."]
    }


def test_clean_refuses_another_users_organization(user, other_user):
    contact = ContactFactory.build(
        owner=user, organization=OrganizationFactory(owner=other_user)
    )

    assert clean_errors(contact) == {
        "organization": ["Choose one of your own organizations."]
    }


def test_clean_refuses_an_organization_of_the_shared_directory(user):
    # The database refuses it too (accounts/ownership.py): a contact's
    # organization is always one of the user's own.
    contact = ContactFactory.build(
        owner=user, organization=DirectoryOrganizationFactory()
    )

    assert clean_errors(contact) == {
        "organization": ["Choose one of your own organizations."]
    }


# Moving through the pipeline


def test_advance_to_moves_a_contact_forward_and_saves_when(user):
    contact = ContactFactory(owner=user)

    assert contact.advance_to(Stage.REQUESTED, when=WHEN) is True

    contact.refresh_from_db()
    assert (contact.stage, contact.stage_changed_at) == (Stage.REQUESTED, WHEN)


def test_advance_to_may_skip_stages(user):
    contact = ContactFactory(owner=user)

    assert contact.advance_to(Stage.INTERVIEWED) is True

    contact.refresh_from_db()
    assert contact.stage == Stage.INTERVIEWED


def test_advance_to_stamps_now_when_no_time_is_given(user):
    contact = ContactFactory(owner=user)
    before = timezone.now()

    contact.advance_to(Stage.REQUESTED)

    contact.refresh_from_db()
    assert before <= contact.stage_changed_at <= timezone.now()


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Stage.IN_NETWORK, Stage.THANKED),
        (Stage.THANKED, Stage.INTERVIEWED),
        (Stage.INTERVIEWED, Stage.SCHEDULED),
        (Stage.SCHEDULED, Stage.REQUESTED),
        (Stage.REQUESTED, Stage.LEAD),
        (Stage.DECLINED, Stage.LEAD),
    ],
)
def test_advance_to_never_moves_a_contact_backwards(user, current, target):
    contact = contact_in(current, owner=user)
    changed_at = contact.stage_changed_at

    assert contact.advance_to(target, when=WHEN) is False

    contact.refresh_from_db()
    assert (contact.stage, contact.stage_changed_at) == (current, changed_at)


def test_advance_to_the_current_stage_changes_nothing(user):
    contact = contact_in(Stage.SCHEDULED, owner=user)
    changed_at = contact.stage_changed_at

    assert contact.advance_to(Stage.SCHEDULED, when=WHEN) is False

    contact.refresh_from_db()
    assert contact.stage_changed_at == changed_at


@pytest.mark.parametrize("current", [Stage.LEAD, Stage.REQUESTED])
@pytest.mark.parametrize("aside", [Stage.DECLINED, Stage.NO_REPLY])
def test_a_lead_or_requested_contact_can_be_set_aside(user, current, aside):
    contact = contact_in(current, owner=user)

    assert contact.advance_to(aside, when=WHEN) is True

    contact.refresh_from_db()
    assert contact.stage == aside


@pytest.mark.parametrize(
    "current", [Stage.SCHEDULED, Stage.INTERVIEWED, Stage.THANKED, Stage.IN_NETWORK]
)
@pytest.mark.parametrize("aside", [Stage.DECLINED, Stage.NO_REPLY])
def test_a_contact_past_the_request_is_not_set_aside(user, current, aside):
    # e.g. a second request goes unanswered after the first led to a meeting.
    contact = contact_in(current, owner=user)

    assert contact.advance_to(aside) is False

    contact.refresh_from_db()
    assert contact.stage == current


@pytest.mark.parametrize("aside", [Stage.DECLINED, Stage.NO_REPLY])
@pytest.mark.parametrize("later", [Stage.SCHEDULED, Stage.INTERVIEWED])
def test_a_contact_set_aside_still_moves_on_when_a_later_request_works(
    user, aside, later
):
    contact = contact_in(aside, owner=user)

    assert contact.advance_to(later) is True

    contact.refresh_from_db()
    assert contact.stage == later


@pytest.mark.parametrize("aside", [Stage.DECLINED, Stage.NO_REPLY])
def test_a_new_request_to_a_contact_set_aside_moves_them_back_to_requested(user, aside):
    contact = contact_in(aside, owner=user)

    assert contact.advance_to(Stage.REQUESTED) is True

    contact.refresh_from_db()
    assert contact.stage == Stage.REQUESTED


def test_advance_to_refuses_a_stage_that_does_not_exist(user):
    contact = ContactFactory(owner=user)

    with pytest.raises(ValueError):
        contact.advance_to("hired")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Stage.IN_NETWORK, Stage.LEAD),
        (Stage.DECLINED, Stage.REQUESTED),
        (Stage.THANKED, Stage.NO_REPLY),
        (Stage.LEAD, Stage.IN_NETWORK),
    ],
)
def test_move_to_sets_the_stage_by_hand_in_any_direction(user, current, target):
    contact = contact_in(current, owner=user)

    assert contact.move_to(target, when=WHEN) is True

    contact.refresh_from_db()
    assert (contact.stage, contact.stage_changed_at) == (target, WHEN)


def test_move_to_the_current_stage_changes_nothing(user):
    contact = contact_in(Stage.THANKED, owner=user)
    changed_at = contact.stage_changed_at

    assert contact.move_to(Stage.THANKED, when=WHEN) is False

    contact.refresh_from_db()
    assert contact.stage_changed_at == changed_at


def test_move_to_refuses_a_stage_that_does_not_exist(user):
    contact = ContactFactory(owner=user)

    with pytest.raises(ValueError):
        contact.move_to("hired")


# Recording contact


def test_record_contact_notes_the_first_contact(user):
    contact = ContactFactory(owner=user)

    contact.record_contact(datetime.date(2026, 3, 2))

    contact.refresh_from_db()
    assert contact.last_contacted_on == datetime.date(2026, 3, 2)


def test_record_contact_moves_to_a_later_date(user):
    contact = ContactFactory(owner=user, last_contacted_on=datetime.date(2026, 3, 2))

    contact.record_contact(datetime.date(2026, 4, 1))

    contact.refresh_from_db()
    assert contact.last_contacted_on == datetime.date(2026, 4, 1)


def test_record_contact_keeps_the_latest_date_when_an_older_one_is_logged(user):
    contact = ContactFactory(owner=user, last_contacted_on=datetime.date(2026, 4, 1))

    contact.record_contact(datetime.date(2026, 3, 2))

    assert contact.last_contacted_on == datetime.date(2026, 4, 1)
    contact.refresh_from_db()
    assert contact.last_contacted_on == datetime.date(2026, 4, 1)


# Many contacts


def test_stage_counts_counts_the_users_contacts_by_stage(user, other_user):
    contact_in(Stage.LEAD, owner=user)
    contact_in(Stage.LEAD, owner=user)
    contact_in(Stage.SCHEDULED, owner=user)
    contact_in(Stage.SCHEDULED, owner=other_user)
    contact_in(Stage.DECLINED, owner=other_user)

    counts = Contact.objects.for_user(user).stage_counts()

    assert counts == {Stage.LEAD: 2, Stage.SCHEDULED: 1}


def test_stage_counts_ignores_the_default_ordering(user):
    # Ordering by name would otherwise split the groups, one row per contact.
    contact_in(Stage.LEAD, owner=user, last_name="Adams")
    contact_in(Stage.LEAD, owner=user, last_name="Zhou")

    assert Contact.objects.for_user(user).stage_counts() == {Stage.LEAD: 2}


def test_stage_counts_of_no_contacts_is_empty(user):
    assert Contact.objects.for_user(user).stage_counts() == {}


def test_stage_counts_runs_one_query(user, django_assert_num_queries):
    for stage in Stage.values:
        contact_in(stage, owner=user)

    with django_assert_num_queries(1):
        counts = Contact.objects.for_user(user).stage_counts()

    assert counts == dict.fromkeys(Stage.values, 1)


def test_in_stage_keeps_the_contacts_in_that_stage(user):
    scheduled = contact_in(Stage.SCHEDULED, owner=user)
    contact_in(Stage.LEAD, owner=user)

    assert list(Contact.objects.for_user(user).in_stage(Stage.SCHEDULED)) == [scheduled]


# The directory


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_a_directory_entry_accepts_one_to_a_hundred_requests_a_month(limit):
    entry = DirectoryEntryFactory(monthly_limit=limit)

    assert DirectoryEntry.objects.get(pk=entry.pk).monthly_limit == limit


@pytest.mark.parametrize("limit", [0, 101])
def test_the_database_refuses_a_monthly_limit_out_of_range(limit):
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectoryEntryFactory(monthly_limit=limit)


@pytest.mark.parametrize("limit", [0, 101])
def test_full_clean_refuses_a_monthly_limit_out_of_range(limit):
    entry = DirectoryEntryFactory()
    entry.monthly_limit = limit

    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()

    assert "monthly_limit" in excinfo.value.message_dict


@pytest.mark.parametrize("source", DirectoryEntry.Source.values)
def test_a_directory_entry_is_offered_through_the_career_centre_or_alumni(source):
    entry = DirectoryEntryFactory(source=source)

    assert DirectoryEntry.objects.get(pk=entry.pk).source == source


@pytest.mark.parametrize("source", ["parent", "referral", "other"])
def test_the_database_refuses_a_directory_entry_from_another_source(source):
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectoryEntryFactory(source=source)


def test_active_leaves_out_entries_that_are_withdrawn():
    shown = DirectoryEntryFactory(is_active=True)
    DirectoryEntryFactory(is_active=False)

    assert list(DirectoryEntry.objects.active()) == [shown]


def test_an_organization_in_use_by_the_directory_cannot_be_deleted():
    entry = DirectoryEntryFactory()

    with pytest.raises(ProtectedError):
        entry.organization.delete()


# Known by role


def test_a_contact_is_shown_by_name_or_as_the_role_at_the_organization(user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")

    def shown(**fields):
        return Contact(owner=user, **fields).full_name

    assert shown(first_name="Priya", last_name="Raman", job_title="GM") == (
        "Priya Raman"
    )
    assert shown(first_name="Priya", job_title="GM", organization=hall) == "Priya"
    assert (
        shown(job_title="theatre manager", organization=hall)
        == "Theatre manager at Massey Hall"
    )
    assert shown(job_title="theatre manager") == "Theatre manager"
    # A last name alone is a name: "Osei", not "House manager at Massey Hall".
    assert shown(last_name="Osei", job_title="house manager", organization=hall) == (
        "Osei"
    )


def test_what_follows_a_name_is_the_role_and_place_unless_the_name_says_it(user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    named = Contact(owner=user, first_name="Priya", job_title="GM", organization=hall)
    by_role = Contact(owner=user, job_title="theatre manager", organization=hall)

    assert (named.role_line, named.place) == ("GM, Massey Hall", "Massey Hall")
    assert (by_role.role_line, by_role.place) == ("", "")
    assert Contact(owner=user, first_name="Ana").role_line == ""


def test_a_contact_known_by_last_name_alone_is_greeted_by_it(user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    contact = Contact(
        owner=user, last_name="Osei", job_title="house manager", organization=hall
    )

    assert not contact.is_known_by_role
    assert (contact.salutation_name, contact.formal_salutation_name) == (
        "Osei",
        "Osei",
    )


def test_a_contact_known_by_role_is_greeted_without_a_name(user):
    hall = OrganizationFactory(owner=user, name="Massey Hall")
    by_role = Contact(owner=user, job_title="theatre manager", organization=hall)
    named = Contact(owner=user, first_name="Priya", last_name="Raman")

    assert (by_role.salutation_name, by_role.formal_salutation_name) == (
        "Sir or Madam",
        "Sir or Madam",
    )
    assert (named.salutation_name, named.formal_salutation_name) == (
        "Priya",
        "Priya Raman",
    )
