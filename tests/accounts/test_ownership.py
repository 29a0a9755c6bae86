"""The database refuses an owned row that points at another user's row.

Each test runs once per relation that accounts.ownership.owned_relations()
lists, so a new owned foreign key is covered as soon as it exists.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from accounts.ownership import drop_triggers, install_triggers, owned_relations
from contacts.models import LeadSource
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    OrganizationFactory,
    ResumeFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

EXPECTED_RELATIONS = {
    ("contacts_contact", "organization_id", "contacts_organization"),
    ("contacts_contact", "referred_by_id", "contacts_contact"),
    ("interviews_interviewrequest", "contact_id", "contacts_contact"),
    ("interviews_interviewrequest", "resume_id", "accounts_resume"),
    ("interviews_interview", "contact_id", "contacts_contact"),
    ("interviews_interview", "request_id", "interviews_interviewrequest"),
    ("followups_followup", "contact_id", "contacts_contact"),
    ("followups_followup", "interview_id", "interviews_interview"),
    ("followups_touchpoint", "contact_id", "contacts_contact"),
}

FACTORIES = {
    "accounts_resume": ResumeFactory,
    "contacts_organization": OrganizationFactory,
    "contacts_contact": ContactFactory,
    "interviews_interviewrequest": InterviewRequestFactory,
    "interviews_interview": InterviewFactory,
    "followups_followup": FollowUpFactory,
    "followups_touchpoint": TouchpointFactory,
}

# What a child row needs besides the foreign key for its other rules to hold.
CHILD_EXTRAS = {
    ("contacts_contact", "referred_by_id"): {"lead_source": LeadSource.REFERRAL},
}

RELATIONS = list(owned_relations())


def relation_id(relation):
    table, column, _parent, _name = relation
    return f"{table}.{column}"


def model_for(table):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def fk_for(model, column):
    return next(f for f in model._meta.concrete_fields if f.column == column)


def make_child(relation, owner, parent):
    table, column, _parent, _name = relation
    field = fk_for(model_for(table), column)
    extras = CHILD_EXTRAS.get((table, column), {})
    return FACTORIES[table](owner=owner, **{field.name: parent}, **extras)


def handover(model, new_owner, keep=None):
    """Update values that give a row to new_owner with every other owned
    foreign key made consistent (emptied or pointed at new_owner's rows), so
    only the foreign key named by ``keep`` can be the one that mismatches."""
    values = {"owner": new_owner}
    for table, column, parent, _name in owned_relations():
        if table != model._meta.db_table or column == keep:
            continue
        field = fk_for(model, column)
        values[field.name] = None if field.null else FACTORIES[parent](owner=new_owner)
    return values


@pytest.fixture(params=RELATIONS, ids=relation_id)
def relation(request):
    return request.param


@pytest.fixture
def parents(relation, user, other_user):
    """The user's own parent row, and another user's."""
    factory = FACTORIES[relation[2]]
    return factory(owner=user), factory(owner=other_user)


def test_it_finds_every_owned_foreign_key_between_owned_rows():
    found = {(table, column, parent) for table, column, parent, _ in RELATIONS}
    assert found == EXPECTED_RELATIONS


def test_it_leaves_out_the_owner_itself_and_rows_without_an_owner():
    columns = {(table, column) for table, column, _parent, _name in RELATIONS}
    assert ("contacts_contact", "owner_id") not in columns
    # A directory entry has no owner, so a contact may point at any of them.
    assert ("contacts_contact", "directory_entry_id") not in columns
    # Learnings, notes and interview questions reach their owner through
    # the interview and have no owner column to compare.
    assert not {table for table, _ in columns} & {
        "followups_learning",
        "followups_thankyounote",
        "interviews_interviewquestion",
    }


def test_each_relation_has_its_own_trigger_name():
    names = [name for _table, _column, _parent, name in RELATIONS]
    assert len(set(names)) == len(names)
    assert "same_owner_interviews_interview_contact_id" in names


def test_the_triggers_are_installed_after_migrate():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        installed = {row[0] for row in cursor.fetchall()}
    for _table, _column, _parent, name in RELATIONS:
        assert any(trigger.startswith(name) for trigger in installed), name
        assert f"{name}_parent" in installed


def test_installing_the_triggers_again_is_harmless(user, other_user):
    install_triggers()
    install_triggers()

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, contact=ContactFactory(owner=other_user))


def installed_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall() if row[0].startswith("same_owner_")}


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_an_owned_table_keeps_the_rule(user, other_user):
    # SQLite rebuilds a table to change a constraint; with the triggers in
    # place, that rebuild used to fail (or lose the table's triggers).
    before = installed_triggers()

    call_command("migrate", "followups", "0001", verbosity=0)
    call_command("migrate", verbosity=0)

    assert installed_triggers() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        TouchpointFactory(owner=user, contact=ContactFactory(owner=other_user))


def test_dropping_the_triggers_removes_only_ours_and_migrate_restores_them(user):
    before = installed_triggers()

    drop_triggers()
    assert installed_triggers() == set()
    install_triggers()

    assert installed_triggers() == before


def test_a_row_pointing_at_its_owners_own_row_can_be_inserted(relation, parents, user):
    mine, _theirs = parents

    child = make_child(relation, user, mine)

    child.refresh_from_db()
    assert getattr(child, relation[1]) == mine.pk


def test_a_row_pointing_at_another_users_row_cannot_be_inserted(
    relation, parents, user
):
    _mine, theirs = parents

    with pytest.raises(IntegrityError), transaction.atomic():
        make_child(relation, user, theirs)


def test_a_row_cannot_be_updated_to_point_at_another_users_row(relation, parents, user):
    mine, theirs = parents
    child = make_child(relation, user, mine)
    model = type(child)
    field = fk_for(model, relation[1])

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=child.pk).update(**{field.name: theirs})

    child.refresh_from_db()
    assert getattr(child, relation[1]) == mine.pk


def test_a_row_cannot_be_given_to_another_user_while_it_points_at_the_first_users_row(
    relation, parents, user, other_user
):
    mine, _theirs = parents
    child = make_child(relation, user, mine)
    model = type(child)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=child.pk).update(
            **handover(model, other_user, keep=relation[1])
        )

    child.refresh_from_db()
    assert child.owner_id == user.pk


def test_a_row_pointing_at_the_new_owners_row_can_be_given_to_them(
    relation, parents, user, other_user
):
    mine, theirs = parents
    child = make_child(relation, user, mine)
    model = type(child)
    field = fk_for(model, relation[1])

    model.objects.filter(pk=child.pk).update(
        **handover(model, other_user, keep=relation[1]), **{field.name: theirs}
    )

    child.refresh_from_db()
    assert (child.owner_id, getattr(child, relation[1])) == (other_user.pk, theirs.pk)


def test_a_row_that_is_pointed_at_cannot_be_given_to_another_user(
    relation, parents, user, other_user
):
    mine, _theirs = parents
    make_child(relation, user, mine)
    parent_model = type(mine)

    with pytest.raises(IntegrityError), transaction.atomic():
        parent_model.objects.filter(pk=mine.pk).update(
            **handover(parent_model, other_user)
        )

    mine.refresh_from_db()
    assert mine.owner_id == user.pk


def test_a_row_that_nothing_points_at_can_be_given_to_another_user(
    relation, parents, user, other_user
):
    mine, _theirs = parents
    parent_model = type(mine)

    parent_model.objects.filter(pk=mine.pk).update(**handover(parent_model, other_user))

    mine.refresh_from_db()
    assert mine.owner_id == other_user.pk


@pytest.mark.parametrize(
    "relation",
    [r for r in RELATIONS if fk_for(model_for(r[0]), r[1]).null],
    ids=relation_id,
)
def test_an_empty_optional_foreign_key_is_fine_on_insert_and_update(
    relation, parents, user
):
    table, column, _parent, _name = relation
    model = model_for(table)
    field = fk_for(model, column)
    mine, _theirs = parents

    empty = FACTORIES[table](owner=user, **{field.name: None})
    child = make_child(relation, user, mine)
    model.objects.filter(pk=child.pk).update(**{field.name: None})

    emptied = model.objects.filter(pk__in=[empty.pk, child.pk], **{column: None})
    assert emptied.count() == 2
