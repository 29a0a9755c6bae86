"""Telling how an interview went: only once it has started, and undoable
("reopen") while the thank-you note has not gone out. The clock is pinned:
each test means a fixed moment before or after the conversation."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Contact
from followups import aftermath
from followups.models import FollowUp, ThankYouNote
from interviews.models import Interview, InvalidTransition, NotStartedYet
from tests.factories import ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

Stage = Contact.Stage
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
STARTS = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=TORONTO)
BEFORE = STARTS - datetime.timedelta(days=2)
AFTER = STARTS + datetime.timedelta(minutes=40)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Two days before the interview, before anyone logs in (so a session
    started now is still fresh when the clock moves on to the interview)."""
    time_machine.move_to(BEFORE, tick=False)
    return time_machine


@pytest.fixture
def interview(user):
    contact = ContactFactory(
        owner=user, first_name="Priya", last_name="Raman", stage=Stage.SCHEDULED
    )
    return InterviewFactory(owner=user, contact=contact, starts_at=STARTS)


def completed_at(clock, moment, interview):
    clock.move_to(moment, tick=False)
    aftermath.complete_interview(interview)
    interview.refresh_from_db()
    return interview


# Not before it has started


@pytest.mark.parametrize("change", ["complete", "mark_no_show"])
def test_the_model_refuses_an_outcome_before_the_start(interview, change):
    with pytest.raises(NotStartedYet):
        getattr(interview, change)()

    interview.refresh_from_db()
    interview.contact.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.contact.last_contacted_on is None
    assert interview.contact.stage == Stage.SCHEDULED


def test_it_can_be_told_from_the_very_start(clock, interview):
    clock.move_to(STARTS, tick=False)
    interview.complete()

    assert interview.status == Interview.Status.COMPLETED


@pytest.mark.parametrize("name", ["followups:complete", "followups:no_show"])
def test_it_took_place_before_the_start_is_refused_and_changes_nothing(
    owner_client, interview, name
):
    response = owner_client.post(reverse(name, args=[interview.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "interviews:detail", args=[interview.pk]
    )
    text = response.content.decode()
    assert "It has not started yet" in text
    assert "Thursday 4 March 2027" in text or "March 4, 2027" in text
    interview.refresh_from_db()
    interview.contact.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.contact.last_contacted_on is None
    assert not ThankYouNote.objects.exists()
    assert not FollowUp.objects.exists()


def test_the_page_says_when_the_outcome_can_be_told(owner_client, interview):
    response = owner_client.get(reverse("interviews:detail", args=[interview.pk]))

    text = response.content.decode()
    assert "It took place" not in text
    assert "It did not take place" not in text
    # In the student's zone (Toronto): 2 p.m., not 19:00 UTC.
    assert "You can record how it went from" in text
    assert "2 p.m." in text or "14:00" in text


def test_the_sentence_that_ends_with_the_time_has_one_period(owner_client, interview):
    page = owner_client.get(
        reverse("interviews:detail", args=[interview.pk])
    ).content.decode()
    refused = owner_client.post(
        reverse("followups:complete", args=[interview.pk]), follow=True
    ).content.decode()

    assert "You can record how it went from" in refused
    for text in (page, refused):
        assert "p.m.." not in text
        assert "2 p.m., when it begins." in text


def test_the_buttons_are_there_once_it_has_started(clock, owner_client, interview):
    clock.move_to(AFTER, tick=False)
    response = owner_client.get(reverse("interviews:detail", args=[interview.pk]))

    text = response.content.decode()
    assert "It took place" in text
    assert "It did not take place" in text
    assert "You can record how it went from" not in text


def test_last_contact_is_the_day_it_took_place_never_a_later_one(clock, interview):
    completed_at(clock, AFTER, interview)

    interview.contact.refresh_from_db()
    assert interview.contact.last_contacted_on == STARTS.date()


# Reopening


def test_reopening_puts_it_back_to_scheduled_and_keeps_the_draft(
    clock, owner_client, interview
):
    completed_at(clock, AFTER, interview)
    note = ThankYouNote.objects.get()
    note.body = "Dear Priya, my own words."
    note.save()

    clock.move_to(AFTER + datetime.timedelta(minutes=5), tick=False)
    response = owner_client.post(reverse("followups:reopen", args=[interview.pk]))

    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])
    interview.refresh_from_db()
    interview.contact.refresh_from_db()
    assert (interview.status, interview.completed_at) == ("scheduled", None)
    assert interview.contact.stage == Stage.SCHEDULED
    # The student's words stay; nothing says the note is due any more.
    note.refresh_from_db()
    assert (note.body, note.status) == ("Dear Priya, my own words.", "draft")
    assert not FollowUp.objects.filter(kind=FollowUp.Kind.THANK_YOU).exists()


def test_a_reopened_interview_can_be_completed_again(clock, owner_client, interview):
    completed_at(clock, AFTER, interview)
    clock.move_to(AFTER, tick=False)
    owner_client.post(reverse("followups:reopen", args=[interview.pk]))
    interview.refresh_from_db()

    completed_at(clock, AFTER + datetime.timedelta(hours=1), interview)

    assert interview.status == Interview.Status.COMPLETED
    assert ThankYouNote.objects.count() == 1
    assert FollowUp.objects.filter(kind=FollowUp.Kind.THANK_YOU).count() == 1


def test_reopening_leaves_a_stage_moved_since(clock, interview):
    completed_at(clock, AFTER, interview)
    interview.contact.move_to(Stage.IN_NETWORK)

    clock.move_to(AFTER, tick=False)
    aftermath.reopen_interview(interview)

    interview.contact.refresh_from_db()
    assert interview.contact.stage == Stage.IN_NETWORK


def thanked_by_mail(clock, interview):
    """Completed just after the start, and thanked by mail two hours later."""
    completed_at(clock, AFTER, interview)
    note = ThankYouNote.objects.get()
    note.status = ThankYouNote.Status.READY
    note.save()
    clock.move_to(AFTER + datetime.timedelta(hours=2), tick=False)
    note.mark_sent(ThankYouNote.SentVia.MAIL)


def test_reopening_is_refused_once_the_thank_you_was_sent(
    clock, owner_client, interview
):
    thanked_by_mail(clock, interview)
    response = owner_client.post(
        reverse("followups:reopen", args=[interview.pk]), follow=True
    )

    assert "the interview stays completed" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED


def test_the_interview_page_no_longer_offers_to_reopen_once_the_note_is_sent(
    clock, owner_client, interview
):
    thanked_by_mail(clock, interview)

    with CaptureQueriesContext(connection) as context:
        html = owner_client.get(
            reverse("interviews:detail", args=[interview.pk])
        ).content.decode()

    assert reverse("followups:reopen", args=[interview.pk]) not in html
    assert "Reopen" not in html
    assert "Marked as taken place by mistake?" not in html
    # The note comes with the interview, not in a query of its own.
    notes_table = ThankYouNote._meta.db_table
    assert not [
        q for q in context.captured_queries if f'FROM "{notes_table}"' in q["sql"]
    ]


def test_only_a_completed_interview_can_be_reopened(owner_client, interview):
    with pytest.raises(InvalidTransition):
        interview.reopen()

    response = owner_client.post(
        reverse("followups:reopen", args=[interview.pk]), follow=True
    )
    assert "Only a completed interview can be reopened." in response.content.decode()


def test_a_strangers_interview_cannot_be_reopened(clock, stranger_client, interview):
    completed_at(clock, AFTER, interview)

    response = stranger_client.post(reverse("followups:reopen", args=[interview.pk]))

    assert response.status_code == 404
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED


def test_reopen_is_post_only_and_needs_a_login(owner_client, interview):
    url = reverse("followups:reopen", args=[interview.pk])

    assert owner_client.get(url).status_code == 405
    response = Client().post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# What changes the interview stands apart from what only reads it


def _region(html, tag, label):
    """The inner HTML of the element `tag` labelled `label` (by aria-label or
    by the heading its aria-labelledby names)."""
    import re

    heading = re.search(rf'id="([^"]+)"[^>]*>{re.escape(label)}<', html)
    marks = [f'aria-label="{label}"']
    if heading:
        marks.append(f'aria-labelledby="{heading.group(1)}"')
    for mark in marks:
        start = html.find(mark)
        if start != -1:
            opening = html.rfind(f"<{tag}", 0, start)
            return html[opening : html.index(f"</{tag}>", start)]
    raise AssertionError(f"No {tag} labelled {label!r}")


def test_state_changes_and_documents_are_in_separate_labelled_regions(
    clock, owner_client, interview
):
    clock.move_to(AFTER, tick=False)

    html = owner_client.get(
        reverse("interviews:detail", args=[interview.pk])
    ).content.decode()

    documents = _region(html, "nav", "Documents")
    outcome = _region(html, "section", "What happened")
    assert "Print the brief" in documents and "calendar (.ics)" in documents
    for action in ("It took place", "It did not take place", "Move", "Cancel"):
        assert action in outcome
        assert action not in documents
    assert "Print the brief" not in outcome


def test_reopen_sits_with_the_state_changes(clock, owner_client, interview):
    completed_at(clock, AFTER, interview)

    html = owner_client.get(
        reverse("interviews:detail", args=[interview.pk])
    ).content.decode()

    assert "Reopen" in _region(html, "section", "What happened")
    assert "Reopen" not in _region(html, "nav", "Documents")


def test_a_reopened_interviews_note_is_no_longer_due_anywhere(
    clock, owner_client, interview
):
    from followups.timeline import thank_you_events

    completed_at(clock, AFTER, interview)
    assert [e.title for e in thank_you_events(interview.contact)] == [
        "Thank-you note due"
    ]

    owner_client.post(reverse("followups:reopen", args=[interview.pk]))

    assert thank_you_events(interview.contact) == []
    dashboard = owner_client.get(reverse("home"))
    assert "Thank Priya Raman" not in dashboard.content.decode()
