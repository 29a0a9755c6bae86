import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Contact
from followups.models import (
    THANK_YOU_DUE_AFTER,
    FollowUp,
    Learning,
    ThankYouNote,
    Touchpoint,
)
from interviews.models import InvalidTransition
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LearningFactory,
    ThankYouNoteFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

Status = ThankYouNote.Status
Stage = Contact.Stage
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
MET = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=TORONTO)
SENT = datetime.datetime(2026, 3, 2, 20, 30, tzinfo=TORONTO)
TODAY = datetime.date(2026, 3, 5)
LEARNED = "Most theatre managers started in front-of-house roles."
MENTIONS_IT = (
    "Thank you for your time. I had not known that front-of-house work is "
    "where most managers begin."
)


@pytest.fixture
def interview(user):
    interview = InterviewFactory(owner=user, starts_at=MET, duration_minutes=30)
    interview.complete(MET + datetime.timedelta(minutes=30))
    return interview


@pytest.fixture
def learning(interview):
    return LearningFactory(interview=interview, text=LEARNED)


def note_for(interview, *learnings, **kwargs):
    note = ThankYouNoteFactory(interview=interview, **kwargs)
    note.learnings.set(learnings)
    return note


def sent_fields(status, sent_at, sent_via):
    return {"status": status, "sent_at": sent_at, "sent_via": sent_via}


# Thank-you notes: the database rules


def test_an_interview_has_at_most_one_thank_you_note(interview):
    ThankYouNoteFactory(interview=interview)

    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouNoteFactory(interview=interview)


@pytest.mark.parametrize(
    "fields",
    [
        sent_fields("draft", None, ""),
        sent_fields("ready", None, ""),
        sent_fields("sent", SENT, "email_app"),
        sent_fields("sent", SENT, "mail"),
    ],
    ids=["draft", "ready", "sent-from-own-email", "sent-by-mail"],
)
def test_a_note_says_when_and_how_it_was_sent_only_once_sent(interview, fields):
    note = ThankYouNoteFactory(interview=interview, **fields)

    assert ThankYouNote.objects.get(pk=note.pk).status == fields["status"]


@pytest.mark.parametrize(
    "fields",
    [
        sent_fields("sent", None, "email"),
        sent_fields("sent", SENT, ""),
        sent_fields("sent", None, ""),
        sent_fields("draft", SENT, ""),
        sent_fields("draft", None, "email"),
        sent_fields("ready", SENT, "email"),
    ],
    ids=[
        "sent-without-time",
        "sent-without-means",
        "sent-without-either",
        "draft-with-time",
        "draft-with-means",
        "ready-with-both",
    ],
)
def test_the_database_refuses_sent_fields_that_do_not_match_the_status(
    interview, fields
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouNoteFactory(interview=interview, **fields)


def test_the_database_refuses_an_unknown_note_status(interview):
    note = ThankYouNoteFactory(interview=interview)

    with pytest.raises(IntegrityError), transaction.atomic():
        ThankYouNote.objects.filter(pk=note.pk).update(status="lost")


def test_a_thank_you_is_due_a_day_after_the_interview_ends(user):
    interview = InterviewFactory(owner=user, starts_at=MET, duration_minutes=45)

    due = ThankYouNote.due_for(interview)

    assert due == MET + datetime.timedelta(minutes=45) + THANK_YOU_DUE_AFTER
    assert due == datetime.datetime(2026, 3, 3, 12, 45, tzinfo=TORONTO)


def test_notes_for_user_go_through_the_interviews_owner(interview, other_user):
    mine = ThankYouNoteFactory(interview=interview)
    ThankYouNoteFactory(interview=InterviewFactory(owner=other_user))

    assert list(ThankYouNote.objects.for_user(interview.owner)) == [mine]


# Thank-you notes: mentioning what was learned


def test_a_note_with_no_learning_picked_is_missing_a_learning(interview):
    note = note_for(interview, body=MENTIONS_IT)

    assert note.missing_learning_error() == (
        "Pick at least one thing you learned to mention in the note."
    )


def test_a_note_that_does_not_mention_the_learning_picked_says_so(interview, learning):
    note = note_for(interview, learning, body="Thank you so much for your time.")

    error = str(note.missing_learning_error())

    assert error.startswith("The note does not mention what you learned yet.")
    # Quoted without its own full stop: the sentence's follows the quote.
    assert f"“{LEARNED.rstrip('.')}”." in error


def test_a_note_that_mentions_the_learning_picked_is_complete(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)

    assert note.missing_learning_error() is None


def test_a_note_mentions_a_learning_whatever_the_capitals(interview, learning):
    note = note_for(interview, learning, body="THEATRE work sounds wonderful.")

    assert note.missing_learning_error() is None


def test_mentioning_one_of_several_learnings_is_enough(interview, learning):
    other = LearningFactory(interview=interview, text="Grant writing is a key skill.")
    note = note_for(interview, other, learning, body="I will practise grant writing.")

    assert note.missing_learning_error() is None


def test_sharing_only_common_or_short_words_is_not_a_mention(interview):
    learning = LearningFactory(
        interview=interview, text="What they do with their own way is up to them."
    )
    note = note_for(
        interview, learning, body="What did they do? Up to them, with their own way."
    )

    assert note.missing_learning_error() is not None


def test_mark_ready_readies_a_note_that_mentions_the_learning(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)

    note.mark_ready()

    note.refresh_from_db()
    assert note.status == Status.READY


def test_mark_ready_refuses_a_note_with_no_learning_picked(interview):
    note = note_for(interview, body=MENTIONS_IT)

    with pytest.raises(ValidationError) as excinfo:
        note.mark_ready()

    assert excinfo.value.code == "mentions_nothing_learned"
    note.refresh_from_db()
    assert note.status == Status.DRAFT


def test_mark_ready_refuses_a_note_that_does_not_mention_the_learning(
    interview, learning
):
    note = note_for(interview, learning, body="Thank you for your time.")

    with pytest.raises(ValidationError) as excinfo:
        note.mark_ready()

    assert excinfo.value.code == "mentions_nothing_learned"
    note.refresh_from_db()
    assert note.status == Status.DRAFT


@pytest.mark.parametrize(
    "fields",
    [sent_fields("ready", None, ""), sent_fields("sent", SENT, "email")],
    ids=["ready", "sent"],
)
def test_only_a_draft_can_be_made_ready(interview, learning, fields):
    note = note_for(interview, learning, body=MENTIONS_IT, **fields)

    with pytest.raises(InvalidTransition):
        note.mark_ready()

    note.refresh_from_db()
    assert note.status == fields["status"]


# Thank-you notes: sending


def test_mark_sent_records_how_and_when_and_thanks_the_contact(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)
    note.mark_ready()

    note.mark_sent(ThankYouNote.SentVia.EMAIL_APP, when=SENT)

    note.refresh_from_db()
    assert (note.status, note.sent_via, note.sent_at) == (
        Status.SENT,
        "email_app",
        SENT,
    )
    contact = Contact.objects.get(pk=interview.contact_id)
    assert contact.stage == Stage.THANKED
    assert contact.stage_changed_at == SENT
    assert contact.last_contacted_on == datetime.date(2026, 3, 2)


def test_a_note_sent_in_the_evening_counts_for_that_local_day(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)
    late = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=TORONTO)  # 04:30 UTC

    with timezone.override(TORONTO):
        note.mark_sent(ThankYouNote.SentVia.MAIL, when=late)

    contact = Contact.objects.get(pk=interview.contact_id)
    assert contact.last_contacted_on == datetime.date(2026, 3, 2)


def test_mark_sent_readies_a_draft_that_mentions_the_learning(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)

    note.mark_sent(ThankYouNote.SentVia.EMAIL, when=SENT)

    note.refresh_from_db()
    assert note.status == Status.SENT


def test_mark_sent_refuses_a_draft_that_mentions_nothing_learned_and_saves_nothing(
    interview, learning
):
    note = note_for(interview, learning, body="Thank you for your time.")
    met_on = Contact.objects.get(pk=interview.contact_id).last_contacted_on

    with pytest.raises(ValidationError):
        note.mark_sent(ThankYouNote.SentVia.EMAIL, when=SENT)

    note.refresh_from_db()
    assert (note.status, note.sent_at) == (Status.DRAFT, None)
    contact = Contact.objects.get(pk=interview.contact_id)
    assert (contact.stage, contact.last_contacted_on) == (Stage.INTERVIEWED, met_on)


def test_a_note_cannot_be_sent_twice(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)
    note.mark_sent(ThankYouNote.SentVia.EMAIL, when=SENT)

    with pytest.raises(InvalidTransition):
        note.mark_sent(ThankYouNote.SentVia.MAIL, when=SENT + THANK_YOU_DUE_AFTER)

    note.refresh_from_db()
    assert (note.sent_via, note.sent_at) == ("email", SENT)


def test_mark_sent_refuses_an_unknown_way_of_sending(interview, learning):
    note = note_for(interview, learning, body=MENTIONS_IT)
    note.mark_ready()

    with pytest.raises(ValueError):
        note.mark_sent("carrier_pigeon", when=SENT)

    note.refresh_from_db()
    assert note.status == Status.READY


def test_a_late_thank_you_does_not_move_a_contact_back_from_the_network(
    interview, learning
):
    Contact.objects.filter(pk=interview.contact_id).update(stage=Stage.IN_NETWORK)
    interview.contact.refresh_from_db()
    note = note_for(interview, learning, body=MENTIONS_IT)

    note.mark_sent(ThankYouNote.SentVia.EMAIL, when=SENT)

    contact = Contact.objects.get(pk=interview.contact_id)
    assert contact.stage == Stage.IN_NETWORK
    assert contact.last_contacted_on == datetime.date(2026, 3, 2)


# Learnings


def test_a_learning_must_say_something(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningFactory(interview=interview, text="")


def test_the_database_refuses_an_unknown_kind_of_learning(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningFactory(interview=interview, kind="gossip")


@pytest.mark.parametrize("kind", Learning.Kind.values)
def test_a_learning_helps_with_career_or_employment_planning(interview, kind):
    learning = LearningFactory(interview=interview, kind=kind)

    assert Learning.objects.get(pk=learning.pk).kind == kind


def test_learnings_for_user_go_through_the_interviews_owner(learning, other_user):
    LearningFactory(interview=InterviewFactory(owner=other_user))

    assert list(Learning.objects.for_user(learning.interview.owner)) == [learning]


# Follow-ups


def test_a_follow_up_may_be_due_from_the_first_of_january_2000(user):
    followup = FollowUpFactory(owner=user, due_on=datetime.date(2000, 1, 1))

    assert FollowUp.objects.get(pk=followup.pk).due_on == datetime.date(2000, 1, 1)


def test_the_database_refuses_a_follow_up_due_before_2000(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(owner=user, due_on=datetime.date(1999, 12, 31))


def test_a_follow_up_must_say_what_to_do(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(owner=user, title="")


def test_the_database_refuses_an_unknown_kind_of_follow_up(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(owner=user, kind="gossip")


def follow_ups_due(user, *days, **kwargs):
    return [FollowUpFactory(owner=user, due_on=day, **kwargs) for day in days]


def test_open_leaves_out_follow_ups_that_are_done(user):
    [todo] = follow_ups_due(user, TODAY)
    follow_ups_due(user, TODAY, done_at=timezone.now())

    assert list(FollowUp.objects.for_user(user).open()) == [todo]


def test_due_lists_open_follow_ups_due_on_or_before_the_day(user):
    yesterday, today = follow_ups_due(user, TODAY - datetime.timedelta(days=1), TODAY)
    follow_ups_due(user, TODAY + datetime.timedelta(days=1))
    follow_ups_due(user, TODAY, done_at=timezone.now())

    assert list(FollowUp.objects.for_user(user).due(TODAY)) == [yesterday, today]


def test_overdue_lists_open_follow_ups_due_before_the_day(user):
    [yesterday] = follow_ups_due(user, TODAY - datetime.timedelta(days=1))
    follow_ups_due(user, TODAY)
    follow_ups_due(user, TODAY - datetime.timedelta(days=3), done_at=timezone.now())

    assert list(FollowUp.objects.for_user(user).overdue(TODAY)) == [yesterday]


def test_due_and_overdue_default_to_today(user):
    today = timezone.localdate()
    yesterday, due_today = follow_ups_due(
        user, today - datetime.timedelta(days=1), today
    )
    follow_ups_due(user, today + datetime.timedelta(days=1))

    followups = FollowUp.objects.for_user(user)
    assert list(followups.due()) == [yesterday, due_today]
    assert list(followups.overdue()) == [yesterday]


def test_due_starts_from_the_users_own_follow_ups(user, other_user):
    follow_ups_due(other_user, TODAY)

    assert not FollowUp.objects.for_user(user).due(TODAY).exists()


def test_mark_done_records_when(user):
    followup = FollowUpFactory(owner=user)
    when = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=TORONTO)

    followup.mark_done(when)

    followup.refresh_from_db()
    assert followup.is_done
    assert followup.done_at == when


def test_marking_a_follow_up_done_again_keeps_the_first_time(user):
    followup = FollowUpFactory(owner=user)
    first = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=TORONTO)
    followup.mark_done(first)

    followup.mark_done(first + datetime.timedelta(days=1))

    followup.refresh_from_db()
    assert followup.done_at == first


def test_a_new_follow_up_is_not_done(user):
    assert not FollowUpFactory(owner=user).is_done


def test_snoozing_an_overdue_follow_up_counts_from_today(user):
    followup = FollowUpFactory(owner=user, due_on=TODAY - datetime.timedelta(days=4))

    followup.snooze(days=2, today=TODAY)

    followup.refresh_from_db()
    assert followup.due_on == TODAY + datetime.timedelta(days=2)


def test_snoozing_a_follow_up_due_later_counts_from_its_due_date(user):
    followup = FollowUpFactory(owner=user, due_on=TODAY + datetime.timedelta(days=5))

    followup.snooze(today=TODAY)

    followup.refresh_from_db()
    assert followup.due_on == TODAY + datetime.timedelta(days=6)


def test_snoozing_defaults_to_one_day_from_today(user):
    followup = FollowUpFactory(owner=user, due_on=datetime.date(2020, 1, 1))

    followup.snooze()

    followup.refresh_from_db()
    assert followup.due_on == timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize("days", [0, -3])
def test_a_follow_up_cannot_be_snoozed_by_less_than_a_day(user, days):
    followup = FollowUpFactory(owner=user, due_on=TODAY)

    with pytest.raises(ValueError):
        followup.snooze(days=days, today=TODAY)

    followup.refresh_from_db()
    assert followup.due_on == TODAY


# Touchpoints


@pytest.mark.parametrize(
    "link", ["", "http://example.org/article", "https://example.org/a?b=c"]
)
def test_a_touchpoint_link_is_empty_or_a_web_address(user, link):
    touchpoint = TouchpointFactory(owner=user, link=link)

    assert Touchpoint.objects.get(pk=touchpoint.pk).link == link


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "ftp://example.org/article.pdf",
        "example.org/article",
        "mailto:someone@example.org",
    ],
)
def test_the_database_refuses_a_link_that_is_not_a_web_address(user, link):
    with pytest.raises(IntegrityError), transaction.atomic():
        TouchpointFactory(owner=user, link=link)


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/article.pdf", "not a link"]
)
def test_full_clean_refuses_a_link_that_is_not_a_web_address(user, link):
    touchpoint = TouchpointFactory(owner=user)
    touchpoint.link = link

    with pytest.raises(ValidationError) as excinfo:
        touchpoint.full_clean()

    assert "link" in excinfo.value.message_dict


def test_full_clean_accepts_a_web_address(user):
    touchpoint = TouchpointFactory(owner=user)
    touchpoint.link = "https://example.org/theatre-management-today"

    touchpoint.full_clean()


def test_the_database_refuses_a_touchpoint_before_2000(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        TouchpointFactory(owner=user, happened_on=datetime.date(1999, 12, 31))


def test_the_database_refuses_an_unknown_kind_of_touchpoint(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        TouchpointFactory(owner=user, kind="gossip")


def test_log_records_a_touchpoint_for_the_contacts_owner(user):
    contact = ContactFactory(owner=user)

    touchpoint = Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.ARTICLE,
        happened_on=TODAY,
        link="https://example.org/article",
        note="Sent the piece on subscription models.",
    )

    touchpoint.refresh_from_db()
    assert (touchpoint.owner, touchpoint.contact, touchpoint.kind) == (
        user,
        contact,
        "article",
    )
    assert touchpoint.link == "https://example.org/article"
    assert touchpoint.note == "Sent the piece on subscription models."


def test_log_notes_the_day_of_contact_with_the_person(user, time_machine):
    # The day logged is in the past: a future day is never a last contact.
    time_machine.move_to(
        datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC), tick=False
    )
    contact = ContactFactory(owner=user, last_contacted_on=TODAY)

    Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.CHECK_IN,
        happened_on=TODAY + datetime.timedelta(days=30),
    )

    contact.refresh_from_db()
    assert contact.last_contacted_on == TODAY + datetime.timedelta(days=30)


def test_logging_an_older_touchpoint_keeps_the_latest_contact_date(user):
    contact = ContactFactory(owner=user, last_contacted_on=TODAY)

    Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.MEETING,
        happened_on=TODAY - datetime.timedelta(days=30),
    )

    contact.refresh_from_db()
    assert contact.last_contacted_on == TODAY


def test_a_touchpoint_the_database_refuses_leaves_the_contact_date_alone(user):
    contact = ContactFactory(owner=user, last_contacted_on=None)

    with pytest.raises(IntegrityError):
        Touchpoint.objects.log(
            contact=contact,
            kind=Touchpoint.Kind.ARTICLE,
            happened_on=TODAY,
            link="javascript:alert(1)",
        )

    contact.refresh_from_db()
    assert contact.last_contacted_on is None
    assert not Touchpoint.objects.filter(contact=contact).exists()


def test_touchpoints_list_the_latest_first(user):
    contact = ContactFactory(owner=user)
    older = TouchpointFactory(owner=user, contact=contact, happened_on=TODAY)
    newer = TouchpointFactory(
        owner=user, contact=contact, happened_on=TODAY + datetime.timedelta(days=1)
    )

    assert list(Touchpoint.objects.for_user(user)) == [newer, older]


def test_a_link_with_a_capitalised_scheme_is_still_a_web_address(user):
    contact = ContactFactory(owner=user)

    touchpoint = Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.ARTICLE,
        happened_on=datetime.date(2026, 3, 2),
        link="HTTPS://example.org/article",
    )

    assert touchpoint.pk


def test_a_sent_note_dates_the_contact_in_the_owners_time_zone(user, learning):
    user.time_zone = "America/Vancouver"
    user.save()
    interview = learning.interview
    note = note_for(interview, learning, body=MENTIONS_IT)
    # 01:30 on 3 March in Toronto (the active zone here) is 22:30 on 2 March
    # in Vancouver, where the user wrote it.
    sent = datetime.datetime(2026, 3, 3, 6, 30, tzinfo=datetime.UTC)

    note.mark_sent(ThankYouNote.SentVia.EMAIL, when=sent)

    contact = Contact.objects.get(pk=interview.contact_id)
    assert contact.last_contacted_on == datetime.date(2026, 3, 2)
