"""A contact is asked once at a time: at most one open request (a draft, or
one sent and waiting for an answer), held by the views and by the database."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from contacts.models import Contact
from interviews.forms import RequestForm
from interviews.models import InterviewRequest, OpenRequestExists
from tests.factories import ContactFactory, InterviewRequestFactory

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status


@pytest.fixture
def contact(user):
    return ContactFactory(owner=user, first_name="Priya", last_name="Raman")


def create_url(contact, channel="email"):
    return (
        reverse("interviews:request_create", args=[contact.pk]) + f"?channel={channel}"
    )


def email_data(**overrides):
    return {
        "channel": "email",
        "subject": "Twenty minutes of your advice?",
        "message": "Dear Priya, I am not asking for a job; may we talk?",
    } | overrides


def told(response):
    return [m.message for m in response.context["messages"]]


def test_starting_a_request_to_a_contact_with_a_draft_opens_that_draft(
    owner_client, user, contact
):
    draft = InterviewRequestFactory(owner=user, contact=contact)

    response = owner_client.get(create_url(contact), follow=True)

    assert response.redirect_chain == [
        (reverse("interviews:request_detail", args=[draft.pk]), 302)
    ]
    assert told(response) == [
        "You already have a draft request to Priya Raman: here it is. Edit it "
        "(its channel too) rather than start another."
    ]
    assert InterviewRequest.objects.count() == 1


def test_posting_a_second_request_while_the_first_waits_creates_and_sends_nothing(
    owner_client, user, contact
):
    waiting = InterviewRequestFactory(owner=user, contact=contact)
    waiting.mark_sent()

    response = owner_client.post(create_url(contact), email_data(send=""), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "interviews:request_detail", args=[waiting.pk]
    )
    assert told(response) == [
        "Your request to Priya Raman is waiting for their answer: record it here "
        "before you ask again."
    ]
    assert list(InterviewRequest.objects.all()) == [waiting]
    assert mail.outbox == []


@pytest.mark.parametrize("closing", ["mark_accepted", "mark_declined", "withdraw"])
def test_once_the_request_is_closed_the_contact_can_be_asked_again(
    owner_client, user, contact, closing
):
    earlier = InterviewRequestFactory(owner=user, contact=contact)
    earlier.mark_sent()
    getattr(earlier, closing)()

    owner_client.post(create_url(contact), email_data())

    assert InterviewRequest.objects.filter(contact=contact).count() == 2
    assert InterviewRequest.objects.for_user(user).open().get().pk != earlier.pk


def test_another_contacts_open_request_does_not_stop_this_one(
    owner_client, user, contact
):
    InterviewRequestFactory(owner=user)

    response = owner_client.get(create_url(contact))

    assert response.status_code == 200


def test_a_request_that_loses_the_race_says_so_and_is_not_a_server_error(
    owner_client, user, contact, monkeypatch
):
    # Another tab's request is saved between this one's check and its insert.
    is_valid = RequestForm.is_valid
    winner = []

    def valid_while_another_is_saved(form):
        valid = is_valid(form)
        winner.append(InterviewRequestFactory(owner=user, contact=contact))
        return valid

    monkeypatch.setattr(RequestForm, "is_valid", valid_while_another_is_saved)

    response = owner_client.post(create_url(contact), email_data(send=""), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "interviews:request_detail", args=[winner[0].pk]
    )
    assert told(response) == [
        "Another request to Priya Raman was saved at the same moment, so this one "
        "was not: here is the one that was."
    ]
    assert list(InterviewRequest.objects.all()) == winner
    assert mail.outbox == []


def test_saving_a_second_open_request_names_the_first(user, contact):
    first = InterviewRequestFactory(owner=user, contact=contact)

    with pytest.raises(OpenRequestExists) as raised:
        InterviewRequestFactory(owner=user, contact=contact, channel="telephone")

    assert raised.value.request == first


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SENT])
def test_the_database_itself_refuses_a_second_open_request(user, contact, status):
    InterviewRequestFactory(owner=user, contact=contact, closed=True)
    first = InterviewRequestFactory(owner=user, contact=contact)
    if status == Status.SENT:
        first.mark_sent()
    second = InterviewRequest(owner=user, contact=contact, channel="email")

    # bulk_create goes around save(): the constraint holds on its own.
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequest.objects.bulk_create([second])
    closed = InterviewRequest.objects.filter(contact=contact, status=Status.NO_REPLY)
    with pytest.raises(IntegrityError), transaction.atomic():
        closed.update(status=Status.SENT)


def test_two_contacts_who_each_have_an_open_request_are_not_merged(
    owner_client, user, contact
):
    twin = ContactFactory(owner=user, first_name="Priya", last_name="Raman")
    InterviewRequestFactory(owner=user, contact=contact)
    InterviewRequestFactory(owner=user, contact=twin).mark_sent()

    response = owner_client.post(
        reverse("contacts:merge", args=[contact.pk]), {"duplicate": twin.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["duplicate"] == [
        "These two cannot be merged as they are.",
        "Only one request to a contact can be open at a time (a draft, or one "
        "waiting for their answer): send it or record their answer first.",
    ]
    assert Contact.objects.filter(pk=twin.pk).exists()
    assert InterviewRequest.objects.filter(contact=twin).count() == 1


def test_a_contact_with_an_open_request_merges_with_one_whose_request_is_closed(
    owner_client, user, contact
):
    twin = ContactFactory(owner=user, first_name="Priya", last_name="Raman")
    InterviewRequestFactory(owner=user, contact=contact)
    InterviewRequestFactory(owner=user, contact=twin, closed=True)

    owner_client.post(
        reverse("contacts:merge", args=[contact.pk]), {"duplicate": twin.pk}
    )

    assert not Contact.objects.filter(pk=twin.pk).exists()
    assert InterviewRequest.objects.filter(contact=contact).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_the_newest_open_and_settles_the_older_ones(user):
    call_command("migrate", "interviews", "0010", verbosity=0)
    try:
        crowded, alone = ContactFactory(owner=user), ContactFactory(owner=user)
        older_sent = InterviewRequestFactory(owner=user, contact=crowded)
        older_sent.mark_sent()
        older_draft = InterviewRequestFactory(
            owner=user,
            contact=crowded,
            subject="About the box office",
            message="Could we talk about how the season is planned?",
        )
        newest = InterviewRequestFactory(owner=user, contact=crowded)
        answered = InterviewRequestFactory(owner=user, contact=crowded)
        answered.mark_sent()
        answered.mark_declined()
        only = InterviewRequestFactory(owner=user, contact=alone)
        # Started in this order: the newest is the last one started while open.
        for position, row in enumerate([older_sent, older_draft, answered, newest]):
            InterviewRequest.objects.filter(pk=row.pk).update(
                created_at=datetime.datetime(
                    2020, position + 1, 1, 12, tzinfo=datetime.UTC
                )
            )
    finally:
        call_command("migrate", verbosity=0)

    statuses = dict(InterviewRequest.objects.values_list("pk", "status"))
    assert statuses == {
        older_sent.pk: Status.NO_REPLY,
        newest.pk: Status.DRAFT,
        answered.pk: Status.DECLINED,
        only.pk: Status.DRAFT,
    }
    # The older draft is gone, but not what the student wrote in it.
    crowded.refresh_from_db()
    assert "An earlier draft of a request, started 2020-02-" in crowded.notes
    assert "About the box office" in crowded.notes
    assert "Could we talk about how the season is planned?" in crowded.notes
    alone.refresh_from_db()
    assert "earlier draft" not in alone.notes
