import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Contact
from interviews.models import (
    PLACEHOLDERS,
    Interview,
    InterviewQuestion,
    InterviewRequest,
    InvalidTransition,
    Question,
    validate_placeholders,
)
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    InterviewRequestFactory,
    QuestionFactory,
    ResumeFactory,
)

pytestmark = pytest.mark.django_db

Status = InterviewRequest.Status
Stage = Contact.Stage
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
SENT = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)
ANSWERED = SENT + datetime.timedelta(days=2)
# The conversation itself, a day after the request went out (in the past).
MET = SENT + datetime.timedelta(days=1)
SEEDED_KEYS = {
    "average_day",
    "best_and_hardest",
    "works_with",
    "independent_or_team",
    "career_path",
    "routes_in",
    "skills_that_matter",
    "future_in_region",
    "where_heading",
    "how_to_begin",
    "send_resume",
    "resources",
    "who_else",
}


def request_in(status, **kwargs):
    """A request in a status, with the times that status requires."""
    times = {}
    if status != Status.DRAFT:
        times["sent_at"] = SENT
    if status in InterviewRequest.ANSWERED:
        times["answered_at"] = ANSWERED
    return InterviewRequestFactory(status=status, **times, **kwargs)


def stage_of(contact):
    contact.refresh_from_db()
    return contact.stage


def set_stage(contact, stage):
    Contact.objects.filter(pk=contact.pk).update(stage=stage)
    contact.refresh_from_db()


# Sending a request


def test_mark_sent_sends_a_draft_and_marks_the_contact_requested(user):
    request = request_in(Status.DRAFT, owner=user)

    request.mark_sent(SENT)

    request.refresh_from_db()
    assert (request.status, request.sent_at) == (Status.SENT, SENT)
    request.contact.refresh_from_db()
    assert request.contact.stage == Stage.REQUESTED
    assert request.contact.stage_changed_at == SENT


def test_mark_sent_stamps_now_when_no_time_is_given(user):
    request = request_in(Status.DRAFT, owner=user)
    before = timezone.now()

    request.mark_sent()

    request.refresh_from_db()
    assert before <= request.sent_at <= timezone.now()


def test_mark_sent_does_not_move_a_contact_already_interviewed_back(user):
    request = request_in(Status.DRAFT, owner=user)
    set_stage(request.contact, Stage.INTERVIEWED)

    request.mark_sent(SENT)

    assert stage_of(request.contact) == Stage.INTERVIEWED


@pytest.mark.parametrize(
    "status",
    [Status.SENT, Status.ACCEPTED, Status.DECLINED, Status.NO_REPLY, Status.WITHDRAWN],
)
def test_only_a_draft_can_be_sent(user, status):
    request = request_in(status, owner=user)

    with pytest.raises(InvalidTransition):
        request.mark_sent()

    request.refresh_from_db()
    assert (request.status, request.sent_at) == (status, SENT)


# Answers


def test_mark_accepted_records_the_answer_and_when(user):
    request = request_in(Status.SENT, owner=user)

    request.mark_accepted(ANSWERED, notes="Tuesday at 8 works.")

    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert request.answered_at == ANSWERED
    assert request.answer_notes == "Tuesday at 8 works."


def test_an_acceptance_leaves_the_contact_requested_until_a_meeting_is_set(user):
    request = request_in(Status.DRAFT, owner=user)
    request.mark_sent(SENT)

    request.mark_accepted(ANSWERED)

    assert stage_of(request.contact) == Stage.REQUESTED


def test_an_answer_without_notes_keeps_the_notes_already_written(user):
    request = request_in(Status.SENT, owner=user, answer_notes="Left a voicemail.")

    request.mark_accepted(ANSWERED)

    request.refresh_from_db()
    assert request.answer_notes == "Left a voicemail."


def test_an_answer_is_never_recorded_before_the_request_was_sent(user):
    request = request_in(Status.SENT, owner=user)

    request.mark_accepted(SENT - datetime.timedelta(hours=1))

    request.refresh_from_db()
    assert request.answered_at == SENT


def test_a_late_answer_after_no_reply_is_recorded(user):
    request = request_in(Status.NO_REPLY, owner=user)

    request.mark_accepted(ANSWERED)

    request.refresh_from_db()
    assert (request.status, request.answered_at) == (Status.ACCEPTED, ANSWERED)


def test_mark_declined_records_the_answer_and_sets_the_contact_aside(user):
    request = request_in(Status.DRAFT, owner=user)
    request.mark_sent(SENT)

    request.mark_declined(ANSWERED, notes="Too busy this season.")

    request.refresh_from_db()
    assert (request.status, request.answered_at) == (Status.DECLINED, ANSWERED)
    assert request.answer_notes == "Too busy this season."
    request.contact.refresh_from_db()
    assert request.contact.stage == Stage.DECLINED
    assert request.contact.stage_changed_at == ANSWERED


def test_a_late_refusal_after_no_reply_marks_the_contact_declined(user):
    request = request_in(Status.DRAFT, owner=user)
    request.mark_sent(SENT)
    request.mark_no_reply()

    request.mark_declined(ANSWERED)

    assert stage_of(request.contact) == Stage.DECLINED


def test_a_refusal_does_not_set_aside_a_contact_already_met(user):
    request = request_in(Status.SENT, owner=user)
    set_stage(request.contact, Stage.INTERVIEWED)

    request.mark_declined(ANSWERED)

    assert stage_of(request.contact) == Stage.INTERVIEWED


@pytest.mark.parametrize("answer", ["mark_accepted", "mark_declined"])
@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN]
)
def test_only_a_sent_or_unanswered_request_can_be_answered(user, answer, status):
    request = request_in(status, owner=user)
    contact_stage = stage_of(request.contact)

    with pytest.raises(InvalidTransition):
        getattr(request, answer)(ANSWERED)

    request.refresh_from_db()
    assert request.status == status
    assert stage_of(request.contact) == contact_stage


def test_mark_no_reply_closes_the_request_and_sets_the_contact_aside(user):
    request = request_in(Status.DRAFT, owner=user)
    request.mark_sent(SENT)

    request.mark_no_reply()

    request.refresh_from_db()
    assert (request.status, request.answered_at) == (Status.NO_REPLY, None)
    assert stage_of(request.contact) == Stage.NO_REPLY


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.ACCEPTED, Status.DECLINED, Status.NO_REPLY, Status.WITHDRAWN],
)
def test_only_a_sent_request_can_go_unanswered(user, status):
    request = request_in(status, owner=user)

    with pytest.raises(InvalidTransition):
        request.mark_no_reply()

    request.refresh_from_db()
    assert request.status == status


def test_withdraw_takes_back_a_sent_request_without_moving_the_contact(user):
    request = request_in(Status.DRAFT, owner=user)
    request.mark_sent(SENT)

    request.withdraw()

    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert stage_of(request.contact) == Stage.REQUESTED


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.ACCEPTED, Status.DECLINED, Status.NO_REPLY, Status.WITHDRAWN],
)
def test_only_a_sent_request_can_be_withdrawn(user, status):
    request = request_in(status, owner=user)

    with pytest.raises(InvalidTransition):
        request.withdraw()

    request.refresh_from_db()
    assert request.status == status


def test_an_invalid_transition_is_a_value_error():
    assert issubclass(InvalidTransition, ValueError)


# The request's database rules


def test_a_draft_cannot_have_been_sent(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequestFactory(owner=user, status=Status.DRAFT, sent_at=SENT)


@pytest.mark.parametrize(
    "status",
    [Status.SENT, Status.ACCEPTED, Status.DECLINED, Status.NO_REPLY, Status.WITHDRAWN],
)
def test_a_request_past_draft_must_say_when_it_was_sent(user, status):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequestFactory(owner=user, status=status, sent_at=None)


@pytest.mark.parametrize(
    "status", [Status.SENT, Status.NO_REPLY, Status.WITHDRAWN, Status.DRAFT]
)
def test_only_an_answered_request_has_an_answer_time(user, status):
    sent_at = None if status == Status.DRAFT else SENT

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequestFactory(
            owner=user, status=status, sent_at=sent_at, answered_at=ANSWERED
        )


def test_an_answer_cannot_come_before_the_request_was_sent(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequestFactory(
            owner=user,
            status=Status.ACCEPTED,
            sent_at=SENT,
            answered_at=SENT - datetime.timedelta(minutes=1),
        )


def test_an_answer_may_come_the_moment_the_request_was_sent(user):
    request = InterviewRequestFactory(
        owner=user, status=Status.DECLINED, sent_at=SENT, answered_at=SENT
    )

    assert InterviewRequest.objects.get(pk=request.pk).answered_at == SENT


def test_the_database_refuses_an_unknown_channel(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequestFactory(owner=user, channel="pigeon")


def test_the_database_refuses_an_unknown_request_status(user):
    request = request_in(Status.SENT, owner=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRequest.objects.filter(pk=request.pk).update(status="lost")


def test_clean_refuses_a_request_to_another_users_contact(user, other_user):
    request = InterviewRequestFactory.build(
        owner=user, contact=ContactFactory(owner=other_user)
    )

    with pytest.raises(ValidationError) as excinfo:
        request.clean()

    assert excinfo.value.message_dict == {
        "contact": ["Choose one of your own contacts."]
    }


def test_clean_refuses_another_users_resume(user, other_user):
    request = InterviewRequestFactory.build(
        owner=user,
        contact=ContactFactory(owner=user),
        resume=ResumeFactory(owner=other_user),
    )

    with pytest.raises(ValidationError) as excinfo:
        request.clean()

    assert excinfo.value.message_dict == {"resume": ["Choose one of your own resumes."]}


def test_clean_accepts_the_users_own_contact_and_resume(user):
    request = InterviewRequestFactory.build(
        owner=user, contact=ContactFactory(owner=user), resume=ResumeFactory(owner=user)
    )

    request.clean()


# The interview's database rules


@pytest.mark.parametrize("minutes", [5, 20, 30, 180])
def test_an_interview_lasts_from_five_minutes_to_three_hours(user, minutes):
    interview = InterviewFactory(owner=user, duration_minutes=minutes)

    assert Interview.objects.get(pk=interview.pk).duration_minutes == minutes


@pytest.mark.parametrize("minutes", [0, 4, 181])
def test_the_database_refuses_an_interview_too_short_or_too_long(user, minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, duration_minutes=minutes)


@pytest.mark.parametrize("minutes", [4, 181])
def test_full_clean_refuses_an_interview_too_short_or_too_long(user, minutes):
    interview = InterviewFactory(owner=user)
    interview.duration_minutes = minutes

    with pytest.raises(ValidationError) as excinfo:
        interview.full_clean()

    assert "duration_minutes" in excinfo.value.message_dict


def test_a_new_interview_lasts_thirty_minutes():
    assert Interview().duration_minutes == 30


@pytest.mark.parametrize(
    "status",
    [Interview.Status.SCHEDULED, Interview.Status.NO_SHOW, Interview.Status.CANCELLED],
)
def test_only_a_completed_interview_has_a_completion_time(user, status):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, status=status, completed_at=SENT)


def test_a_completed_interview_has_a_completion_time(user):
    interview = InterviewFactory(
        owner=user, status=Interview.Status.COMPLETED, completed_at=SENT
    )

    assert Interview.objects.get(pk=interview.pk).completed_at == SENT


def test_the_database_refuses_an_unknown_format(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, format="pigeon")


def test_the_database_refuses_an_unknown_interview_status(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, status="postponed")


def test_one_request_leads_to_at_most_one_interview(user):
    request = request_in(Status.ACCEPTED, owner=user)
    InterviewFactory(owner=user, contact=request.contact, request=request)

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(owner=user, contact=request.contact, request=request)


def test_clean_refuses_an_interview_with_another_users_contact(user, other_user):
    interview = InterviewFactory.build(
        owner=user, contact=ContactFactory(owner=other_user)
    )

    with pytest.raises(ValidationError) as excinfo:
        interview.clean()

    assert excinfo.value.message_dict == {
        "contact": ["Choose one of your own contacts."]
    }


def test_clean_refuses_a_request_to_a_different_contact(user):
    request = request_in(Status.ACCEPTED, owner=user)
    interview = InterviewFactory.build(
        owner=user, contact=ContactFactory(owner=user), request=request
    )

    with pytest.raises(ValidationError) as excinfo:
        interview.clean()

    assert excinfo.value.message_dict == {
        "request": ["The request must be to the same contact."]
    }


def test_clean_accepts_the_request_to_the_same_contact(user):
    request = request_in(Status.ACCEPTED, owner=user)
    interview = InterviewFactory.build(
        owner=user, contact=request.contact, request=request
    )

    interview.clean()


# What happens to an interview


def test_complete_records_the_conversation_and_marks_the_contact_interviewed(user):
    interview = InterviewFactory(owner=user, starts_at=MET)
    set_stage(interview.contact, Stage.SCHEDULED)

    interview.complete(ANSWERED)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert interview.completed_at == ANSWERED
    interview.contact.refresh_from_db()
    assert interview.contact.stage == Stage.INTERVIEWED
    assert interview.contact.stage_changed_at == ANSWERED


def test_an_interview_first_marked_a_no_show_can_still_be_completed(user):
    interview = InterviewFactory(owner=user, starts_at=MET)
    interview.mark_no_show()

    interview.complete(ANSWERED)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert stage_of(interview.contact) == Stage.INTERVIEWED


def test_completing_a_second_interview_does_not_undo_a_thank_you(user):
    interview = InterviewFactory(owner=user, starts_at=MET)
    set_stage(interview.contact, Stage.THANKED)

    interview.complete()

    assert stage_of(interview.contact) == Stage.THANKED


@pytest.mark.parametrize(
    "status", [Interview.Status.COMPLETED, Interview.Status.CANCELLED]
)
def test_a_completed_or_cancelled_interview_cannot_be_completed(user, status):
    completed_at = SENT if status == Interview.Status.COMPLETED else None
    interview = InterviewFactory(owner=user, status=status, completed_at=completed_at)

    with pytest.raises(InvalidTransition):
        interview.complete(ANSWERED)

    interview.refresh_from_db()
    assert (interview.status, interview.completed_at) == (status, completed_at)


def test_mark_no_show_records_that_the_interview_did_not_take_place(user):
    interview = InterviewFactory(owner=user, starts_at=MET)
    set_stage(interview.contact, Stage.SCHEDULED)

    interview.mark_no_show()

    interview.refresh_from_db()
    assert interview.status == Interview.Status.NO_SHOW
    assert stage_of(interview.contact) == Stage.SCHEDULED


def test_cancel_records_the_reason_and_leaves_the_contact(user):
    interview = InterviewFactory(owner=user)
    set_stage(interview.contact, Stage.SCHEDULED)

    interview.cancel("They had to travel.")

    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.cancel_reason == "They had to travel."
    assert stage_of(interview.contact) == Stage.SCHEDULED


@pytest.mark.parametrize("change", ["mark_no_show", "cancel"])
@pytest.mark.parametrize(
    "status",
    [Interview.Status.COMPLETED, Interview.Status.NO_SHOW, Interview.Status.CANCELLED],
)
def test_only_a_scheduled_interview_can_be_missed_or_cancelled(user, change, status):
    completed_at = SENT if status == Interview.Status.COMPLETED else None
    interview = InterviewFactory(owner=user, status=status, completed_at=completed_at)

    with pytest.raises(InvalidTransition):
        getattr(interview, change)()

    interview.refresh_from_db()
    assert interview.status == status


def test_ends_at_adds_the_length_to_the_start(user):
    interview = InterviewFactory(owner=user, starts_at=SENT, duration_minutes=25)

    assert interview.ends_at == SENT + datetime.timedelta(minutes=25)


# The time of day


def toronto(hour, minute):
    return datetime.datetime(2026, 3, 2, hour, minute, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("hour", "minute", "part"),
    [
        (7, 30, Interview.PartOfDay.BEFORE_WORK),
        (8, 59, Interview.PartOfDay.BEFORE_WORK),
        (9, 0, Interview.PartOfDay.MORNING),
        (11, 29, Interview.PartOfDay.MORNING),
        (11, 30, Interview.PartOfDay.LUNCH),
        (12, 15, Interview.PartOfDay.LUNCH),
        (13, 59, Interview.PartOfDay.LUNCH),
        (14, 0, Interview.PartOfDay.AFTERNOON),
        (15, 59, Interview.PartOfDay.AFTERNOON),
        (16, 0, Interview.PartOfDay.END_OF_DAY),
        (18, 30, Interview.PartOfDay.END_OF_DAY),
    ],
)
def test_part_of_day_follows_the_owners_clock(user, hour, minute, part):
    interview = InterviewFactory(owner=user, starts_at=toronto(hour, minute))

    assert interview.part_of_day() == part


def test_a_quarter_past_noon_in_toronto_is_morning_in_vancouver(user):
    interview = InterviewFactory(owner=user, starts_at=toronto(12, 15))

    assert interview.part_of_day(TORONTO) == Interview.PartOfDay.LUNCH
    assert interview.part_of_day(VANCOUVER) == Interview.PartOfDay.MORNING


def test_a_quarter_to_noon_in_toronto_is_before_work_in_vancouver(user):
    interview = InterviewFactory(owner=user, starts_at=toronto(11, 45))

    assert interview.part_of_day(TORONTO) == Interview.PartOfDay.LUNCH
    assert interview.part_of_day(VANCOUVER) == Interview.PartOfDay.BEFORE_WORK


def test_part_of_day_uses_the_owners_own_time_zone(user):
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])
    interview = InterviewFactory(owner=user, starts_at=toronto(11, 45))

    assert interview.part_of_day() == Interview.PartOfDay.BEFORE_WORK


def test_part_of_day_does_not_depend_on_the_active_time_zone(user):
    interview = InterviewFactory(owner=user, starts_at=toronto(12, 15))

    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert interview.part_of_day() == Interview.PartOfDay.LUNCH


# Preparation


def test_a_new_interview_has_nothing_prepared_out_of_six_steps(user):
    interview = InterviewFactory(owner=user)

    assert (interview.prep_done, interview.prep_total) == (0, 6)


def test_prep_done_counts_the_steps_ticked(user):
    interview = InterviewFactory(
        owner=user,
        prep_researched=True,
        prep_questions_ready=True,
        prep_confirmed=True,
    )

    assert interview.prep_done == 3


def test_every_step_ticked_is_all_prepared(user):
    interview = InterviewFactory(
        owner=user, **dict.fromkeys(Interview.PREP_FIELDS, True)
    )

    assert interview.prep_done == interview.prep_total


# Many interviews


def test_upcoming_lists_scheduled_interviews_from_now_soonest_first(user):
    now = SENT
    later = InterviewFactory(owner=user, starts_at=now + datetime.timedelta(days=2))
    sooner = InterviewFactory(owner=user, starts_at=now + datetime.timedelta(hours=1))
    at_now = InterviewFactory(owner=user, starts_at=now)
    InterviewFactory(owner=user, starts_at=now - datetime.timedelta(minutes=1))
    InterviewFactory(
        owner=user,
        starts_at=now + datetime.timedelta(days=1),
        status=Interview.Status.CANCELLED,
    )

    upcoming = Interview.objects.for_user(user).upcoming(now)

    assert list(upcoming) == [at_now, sooner, later]


def test_upcoming_defaults_to_now(user):
    soon = InterviewFactory(owner=user)  # in three days
    InterviewFactory(owner=user, starts_at=timezone.now() - datetime.timedelta(days=1))

    assert list(Interview.objects.for_user(user).upcoming()) == [soon]


def test_past_lists_interviews_before_now_latest_first_whatever_their_status(user):
    now = SENT
    older = InterviewFactory(owner=user, starts_at=now - datetime.timedelta(days=5))
    recent = InterviewFactory(
        owner=user,
        starts_at=now - datetime.timedelta(hours=2),
        status=Interview.Status.COMPLETED,
        completed_at=now,
    )
    missed = InterviewFactory(
        owner=user,
        starts_at=now - datetime.timedelta(days=1),
        status=Interview.Status.NO_SHOW,
    )
    InterviewFactory(owner=user, starts_at=now)

    assert list(Interview.objects.for_user(user).past(now)) == [recent, missed, older]


def test_upcoming_and_past_start_from_the_users_own_interviews(user, other_user):
    InterviewFactory(owner=other_user)

    assert not Interview.objects.for_user(user).upcoming().exists()


# Placeholders


@pytest.mark.parametrize(
    "text",
    [
        "What does an average day look like for a {occupation}?",
        "Who else at {organization} in {region} should I meet, {contact_name}?",
        "How did you start?",
        "Is the {{occupation}} placeholder written with braces?",
        "A brace on its own: {{ or }}",
        "",
    ],
)
def test_known_placeholders_and_escaped_braces_are_allowed(text):
    validate_placeholders(text)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("What is the salary of a {salary}?", "{salary}"),
        ("How is {occupation} paid in {currency}?", "{currency}"),
        ("Positional {0}?", "{0}"),
        ("Attribute {occupation.title}?", "{occupation.title}"),
    ],
)
def test_an_unknown_placeholder_is_refused_by_name(text, named):
    with pytest.raises(ValidationError) as excinfo:
        validate_placeholders(text)

    [error] = excinfo.value.error_list
    assert error.code == "unknown_placeholder"
    message = error.message % error.params
    assert message.startswith(f"Unknown placeholder: {named}. You can use ")
    assert all(f"{{{name}}}" in message for name in PLACEHOLDERS)


def test_an_empty_placeholder_is_refused_and_shown_as_typed():
    with pytest.raises(ValidationError) as excinfo:
        validate_placeholders("What do you {} all day?")

    [error] = excinfo.value.error_list
    assert error.code == "unknown_placeholder"
    assert error.params["names"] == "{}"


@pytest.mark.parametrize(
    "text",
    [
        "Which skills matter for a {occupation?",
        "Which skills matter for a occupation}?",
        "A lone { brace",
        "A lone } brace",
    ],
)
def test_unbalanced_braces_are_refused(text):
    with pytest.raises(ValidationError) as excinfo:
        validate_placeholders(text)

    assert excinfo.value.error_list[0].code == "unbalanced"


def test_full_clean_refuses_a_bank_question_with_an_unknown_placeholder():
    question = Question(text="What does a {job} earn?", category="advice")

    with pytest.raises(ValidationError) as excinfo:
        question.full_clean()

    assert "text" in excinfo.value.message_dict


def test_full_clean_refuses_an_interview_question_with_unbalanced_braces(user):
    asked = InterviewQuestion(interview=InterviewFactory(owner=user), text="{oops")

    with pytest.raises(ValidationError) as excinfo:
        asked.full_clean()

    assert "text" in excinfo.value.message_dict


# The question bank


def test_the_seeded_bank_holds_the_career_centres_generic_questions():
    seeded = Question.objects.filter(key__isnull=False)

    assert set(seeded.values_list("key", flat=True)) >= SEEDED_KEYS


def test_the_seeded_who_else_question_asks_for_more_people_to_speak_with():
    question = Question.objects.get(key="who_else")

    assert question.owner is None
    assert question.category == Question.Category.RESOURCES
    assert question.text == "Who else do you think I could speak with?"
    assert question.is_active


def test_every_seeded_question_is_shared_active_and_has_a_category():
    seeded = Question.objects.filter(key__in=SEEDED_KEYS)

    assert seeded.count() == len(SEEDED_KEYS)
    for question in seeded:
        assert question.owner_id is None
        assert question.is_active
        assert question.category in Question.Category.values
        assert question.text


def test_every_seeded_question_passes_its_own_placeholder_rule():
    for question in Question.objects.filter(key__in=SEEDED_KEYS):
        validate_placeholders(question.text)


def test_some_seeded_questions_name_the_occupation():
    keys = set(
        Question.objects.filter(
            key__in=SEEDED_KEYS, text__contains="{occupation}"
        ).values_list("key", flat=True)
    )

    assert {"average_day", "routes_in"} <= keys


def test_the_seeded_questions_cover_every_category():
    categories = set(
        Question.objects.filter(key__in=SEEDED_KEYS).values_list("category", flat=True)
    )

    assert categories == set(Question.Category.values)


def test_a_question_key_names_only_one_question():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(key="who_else")


def test_the_database_refuses_an_empty_question():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(text="")


def test_the_database_refuses_a_question_without_a_known_category():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(category="gossip")


def test_a_user_sees_the_shared_bank_and_their_own_questions(user, other_user):
    mine = QuestionFactory(owner=user)
    theirs = QuestionFactory(owner=other_user)

    available = Question.objects.available_to(user)

    assert mine in available
    assert theirs not in available
    assert available.filter(key="who_else").exists()
    assert not Question.objects.shared().filter(pk=mine.pk).exists()


# An interview's own questions


def test_copy_from_copies_the_bank_question_into_the_interview(user):
    interview = InterviewFactory(owner=user)
    question = Question.objects.get(key="who_else")

    asked = InterviewQuestion.copy_from(interview, question, position=3)

    assert asked.pk is None
    assert (asked.interview, asked.question, asked.position) == (
        interview,
        question,
        3,
    )
    assert asked.text == "Who else do you think I could speak with?"


def test_editing_the_bank_later_does_not_change_what_was_asked(user):
    question = QuestionFactory(text="What surprised you in your first year?")
    asked = InterviewQuestion.copy_from(InterviewFactory(owner=user), question, 0)
    asked.save()

    question.text = "What surprised you in your first month?"
    question.save()

    asked.refresh_from_db()
    assert asked.text == "What surprised you in your first year?"


def test_deleting_a_bank_question_keeps_the_interviews_copy(user):
    question = QuestionFactory(text="What surprised you in your first year?")
    asked = InterviewQuestion.copy_from(InterviewFactory(owner=user), question, 0)
    asked.save()

    question.delete()

    asked.refresh_from_db()
    assert (asked.question, asked.text) == (
        None,
        "What surprised you in your first year?",
    )


def test_the_database_refuses_an_empty_interview_question(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewQuestionFactory(interview=InterviewFactory(owner=user), text="")


def test_an_interviews_questions_come_in_their_order(user):
    interview = InterviewFactory(owner=user)
    second = InterviewQuestionFactory(interview=interview, position=2)
    first = InterviewQuestionFactory(interview=interview, position=1)

    assert list(interview.questions.all()) == [first, second]


def test_interview_questions_for_user_go_through_the_interviews_owner(user, other_user):
    mine = InterviewQuestionFactory(interview=InterviewFactory(owner=user))
    InterviewQuestionFactory(interview=InterviewFactory(owner=other_user))

    assert list(InterviewQuestion.objects.for_user(user)) == [mine]


def test_scheduling_an_interview_moves_the_contact_to_scheduled(user):
    contact = ContactFactory(owner=user)
    starts = timezone.now() + datetime.timedelta(days=2)

    interview = Interview.objects.schedule(contact=contact, starts_at=starts)

    assert interview.owner == user
    assert interview.duration_minutes == 30
    contact.refresh_from_db()
    assert contact.stage == Contact.Stage.SCHEDULED


def test_completing_an_interview_records_the_day_of_the_conversation(user):
    user.time_zone = "America/Vancouver"
    user.save()
    # 21:30 in Vancouver on 2 March is already 3 March in UTC and Toronto.
    starts = datetime.datetime(2026, 3, 3, 5, 30, tzinfo=datetime.UTC)
    interview = InterviewFactory(owner=user, starts_at=starts)

    interview.complete(starts + datetime.timedelta(minutes=30))

    interview.contact.refresh_from_db()
    assert interview.contact.last_contacted_on == datetime.date(2026, 3, 2)


def test_no_reply_is_dated_when_the_user_gave_up_waiting(user):
    request = InterviewRequestFactory(owner=user)
    request.mark_sent(datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC))
    gave_up = datetime.datetime(2026, 3, 20, 14, 0, tzinfo=datetime.UTC)

    request.mark_no_reply(gave_up)

    request.contact.refresh_from_db()
    assert request.contact.stage == Contact.Stage.NO_REPLY
    assert request.contact.stage_changed_at == gave_up
