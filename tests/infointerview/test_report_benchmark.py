"""The reports' benchmark: a tiny run leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from contacts.models import Contact
from interviews.models import Interview

pytestmark = pytest.mark.django_db


def test_the_benchmark_times_the_reports_and_leaves_nothing_behind():
    out = io.StringIO()

    call_command("benchmark_reports", "--interviews", "50", "--runs", "1", stdout=out)

    text = out.getvalue()
    assert "50 interviews" in text
    assert "whole report" in text
    assert "Rolled back" in text
    assert not User.objects.exists()
    assert not Contact.objects.exists()
    assert not Interview.objects.exists()
