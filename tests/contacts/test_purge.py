"""purge_stale_imports: imports left unconfirmed for over a day are deleted."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from contacts.models import DirectoryImport, ImportBatch

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


def uploaded(at, user, staff_user):
    with time_machine.travel(at, tick=False):
        batch = ImportBatch.objects.create(owner=user, source="csv", filename="a.csv")
        directory = DirectoryImport.objects.create(
            created_by=staff_user, filename="d.csv"
        )
    return batch, directory


def purge():
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_stale_imports", stdout=out)
    return out.getvalue()


def test_imports_older_than_a_day_are_deleted_and_newer_ones_kept(
    user, other_user, staff_user
):
    old = uploaded(NOW - datetime.timedelta(days=1, minutes=1), user, staff_user)
    new = uploaded(NOW - datetime.timedelta(hours=23), other_user, staff_user)

    output = purge()

    assert set(ImportBatch.objects.all()) == {new[0]}
    assert set(DirectoryImport.objects.all()) == {new[1]}
    assert not ImportBatch.objects.filter(pk=old[0].pk).exists()
    assert "1 contact imports, 1 directory imports deleted" in output


def test_with_nothing_stale_nothing_is_deleted(user, staff_user):
    uploaded(NOW - datetime.timedelta(minutes=5), user, staff_user)

    purge()

    assert ImportBatch.objects.count() == 1
    assert DirectoryImport.objects.count() == 1
