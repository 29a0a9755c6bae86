"""Drafts greet a person known only by role ("the theatre manager at Massey
Hall") the way a letter to an unnamed reader does, not "Dear Theatre manager"."""

import pytest

from followups.aftermath import draft_thank_you
from interviews import drafting
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    LearningFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_role(user):
    return ContactFactory(
        owner=user,
        first_name="",
        last_name="",
        job_title="theatre manager",
        organization=OrganizationFactory(owner=user, name="Massey Hall"),
        mailing_address="178 Victoria St\nToronto ON",
    )


@pytest.fixture
def named(user):
    return ContactFactory(owner=user, first_name="Priya", last_name="Raman")


@pytest.mark.parametrize(
    ("channel", "field", "greeting"),
    [
        ("email", "message", "Dear Sir or Madam,\n"),
        ("mail", "message", "Dear Sir or Madam,\n"),
        ("telephone", "voicemail", "Hello Sir or Madam, this is"),
    ],
)
def test_a_request_to_someone_known_by_role_greets_them_without_a_name(
    user, by_role, channel, field, greeting
):
    drafted = drafting.draft(by_role, user, channel)

    assert drafted[field].startswith(greeting)
    assert "{contact" not in drafted[field]
    assert "Dear Theatre manager" not in drafted[field]


@pytest.mark.parametrize(
    ("channel", "greeting"),
    [("email", "Dear Priya,\n"), ("mail", "Dear Priya Raman,\n")],
)
def test_a_request_to_a_named_person_greets_them_by_name(
    user, named, channel, greeting
):
    assert drafting.draft(named, user, channel)["message"].startswith(greeting)


def test_a_thank_you_to_someone_known_by_role_greets_them_without_a_name(user, by_role):
    interview = InterviewFactory(owner=user, contact=by_role)
    learning = LearningFactory(interview=interview, text="Start in front of house.")

    _subject, body = draft_thank_you(interview, [learning], ask=False)

    assert body.startswith("Dear Sir or Madam,\n")
