"""The database's own guard that a user's rows never point at another user's.

Every owned row has an ``owner``. When an owned row refers to another owned
row (an interview to its contact, a contact to the contact who referred it),
both must have the same owner, and a row that others point at cannot be
given to another user while they do. Forms only offer the user's own rows,
and the models' ``clean()`` methods check it too; these triggers make the
rule hold for every other path into the database as well (the admin, the
shell, a future bug).

A CHECK constraint cannot look at another table, so the rule is a trigger on
each such foreign key. The triggers live outside the migrations: ``migrate``
drops them all before it starts and creates them again when it ends. SQLite
rebuilds a table whenever a migration alters it, which would silently drop the
table's own triggers, and refuses the rebuild while a trigger on another table
names it.
"""

from django.apps import apps as global_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models

TRIGGER_PREFIX = "same_owner_"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION infointerview_same_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    parent_id text := to_jsonb(NEW) ->> TG_ARGV[0];
    parent_owner bigint;
BEGIN
    IF parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT owner_id FROM %I WHERE id = $1', TG_ARGV[1])
        INTO parent_owner USING parent_id::bigint;
    IF parent_owner IS DISTINCT FROM NEW.owner_id THEN
        RAISE EXCEPTION '%.% must belong to the same owner', TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
"""


# The other side of the same rule: a parent row (a contact, a resume) cannot
# change owner while rows of its old owner still point at it.
PG_CHILDREN_FUNCTION = """
CREATE OR REPLACE FUNCTION infointerview_same_owner_children() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mismatched boolean;
BEGIN
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1 '
        || 'AND owner_id IS DISTINCT FROM $2)',
        TG_ARGV[0], TG_ARGV[1]
    ) INTO mismatched USING NEW.id, NEW.owner_id;
    IF mismatched THEN
        RAISE EXCEPTION '%.% points at this row, which must keep its owner',
            TG_ARGV[0], TG_ARGV[1]
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
"""


def owned_relations(app_registry=global_apps):
    """(table, column, parent table, trigger name) for each owned-to-owned FK."""
    for model in app_registry.get_models():
        if not _is_owned(model):
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.name != "owner"
                and _is_owned(field.related_model)
            ):
                table = model._meta.db_table
                yield (
                    table,
                    field.column,
                    field.related_model._meta.db_table,
                    f"{TRIGGER_PREFIX}{table}_{field.column}",
                )


def _is_owned(model):
    try:
        field = model._meta.get_field("owner")
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.ForeignKey)


def install_triggers(using="default", **kwargs):
    """Create or replace every same-owner trigger whose tables exist."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    relations = [r for r in owned_relations() if r[0] in existing and r[2] in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            cursor.execute(PG_CHILDREN_FUNCTION)
        for table, column, parent, name in relations:
            for statement in _trigger_sql(
                connection.vendor, table, column, parent, name
            ):
                cursor.execute(statement)


def drop_triggers(using="default", **kwargs):
    """Drop every same-owner trigger, whatever model it was made for."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND substr(name, 1, %s) = %s",
                [len(TRIGGER_PREFIX), TRIGGER_PREFIX],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND left(t.tgname, %s) = %s",
                [len(TRIGGER_PREFIX), TRIGGER_PREFIX],
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')


def _trigger_sql(vendor, table, column, parent, name):
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"',
            f'CREATE TRIGGER "{name}" BEFORE INSERT OR UPDATE '
            f'OF "{column}", "owner_id" ON "{table}" FOR EACH ROW '
            f"EXECUTE FUNCTION infointerview_same_owner('{column}', '{parent}')",
            f'DROP TRIGGER IF EXISTS "{name}_parent" ON "{parent}"',
            f'CREATE TRIGGER "{name}_parent" BEFORE UPDATE OF "owner_id" '
            f'ON "{parent}" FOR EACH ROW '
            f"WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id) EXECUTE FUNCTION "
            f"infointerview_same_owner_children('{table}', '{column}')",
        ]
    if vendor == "sqlite":
        check = (
            f'WHEN NEW."{column}" IS NOT NULL AND NEW."owner_id" IS NOT '
            f'(SELECT "owner_id" FROM "{parent}" WHERE "id" = NEW."{column}") '
            f"BEGIN SELECT RAISE(ABORT, '{table}.{column} must belong to the same "
            f"owner'); END"
        )
        children_check = (
            f'WHEN OLD."owner_id" IS NOT NEW."owner_id" AND EXISTS (SELECT 1 FROM '
            f'"{table}" WHERE "{column}" = NEW."id" AND "owner_id" IS NOT '
            f'NEW."owner_id") BEGIN SELECT RAISE(ABORT, '
            f"'{table}.{column} points at this row, which must keep its owner'); END"
        )
        return [
            f'DROP TRIGGER IF EXISTS "{name}_insert"',
            f'DROP TRIGGER IF EXISTS "{name}_update"',
            f'DROP TRIGGER IF EXISTS "{name}_parent"',
            f'CREATE TRIGGER "{name}_insert" BEFORE INSERT ON "{table}" '
            f"FOR EACH ROW {check}",
            f'CREATE TRIGGER "{name}_update" BEFORE UPDATE OF "{column}", "owner_id" '
            f'ON "{table}" FOR EACH ROW {check}',
            f'CREATE TRIGGER "{name}_parent" BEFORE UPDATE OF "owner_id" '
            f'ON "{parent}" FOR EACH ROW {children_check}',
        ]
    return []
