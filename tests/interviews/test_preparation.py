"""Preparing for an interview: its questions (copied from the bank, filled in,
reordered, reworded, answered), the checklist, and the occupation explored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import questions
from interviews.models import Interview, InterviewQuestion, Question
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    OrganizationFactory,
    QuestionFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

VALUES = {
    "occupation": "theatre manager",
    "organization": "Massey Hall",
    "region": "",
    "contact_name": "Priya Raman",
}


# Filling the blanks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A day as a {occupation}?", "A day as a theatre manager?"),
        ("Who at {organization}, {contact_name}?", "Who at Massey Hall, Priya Raman?"),
        ("The field in {region}?", "The field in {region}?"),
        ("What is the {salary}?", "What is the {salary}?"),
        ("Sets like {{a, b}} at {organization}?", "Sets like {a, b} at Massey Hall?"),
        ("A stray { brace", "A stray { brace"),
    ],
    ids=[
        "filled",
        "two filled",
        "missing stays",
        "unknown stays",
        "braces",
        "unpaired",
    ],
)
def test_placeholders_are_filled_or_left_visible(text, expected):
    assert questions.fill(text, VALUES) == expected


def test_an_interviews_blanks_come_from_the_contact_and_the_profile(user):
    contact = ContactFactory(
        owner=user,
        first_name="Priya",
        last_name="Raman",
        job_title="General Manager",
        organization=OrganizationFactory(owner=user, name="Massey Hall"),
        region="",
        city="",
    )
    interview = InterviewFactory(owner=user, contact=contact)

    assert questions.values_for(interview) == {
        "occupation": "General Manager",
        "organization": "Massey Hall",
        "region": "Ontario",
        "contact_name": "Priya Raman",
    }
    interview.occupation = "theatre manager"
    assert questions.values_for(interview)["occupation"] == "theatre manager"


# The suggested set


def test_scheduling_gives_one_or_two_questions_per_category_ending_with_who_else(
    owner_client, user
):
    contact = ContactFactory(owner=user)
    day = timezone.localdate() + datetime.timedelta(days=5)

    owner_client.post(
        reverse("interviews:schedule"),
        {
            "contact": contact.pk,
            "date": day.isoformat(),
            "start": "12:00",
            "end": "12:30",
            "format": "in_person",
        },
    )

    interview = Interview.objects.get()
    asked = list(interview.questions.select_related("question").order_by("position"))
    categories = [item.question.category for item in asked]
    for category in Question.Category.values:
        assert 1 <= categories.count(category) <= 2 + (category == "resources")
    assert asked[-1].question.key == "who_else"
    assert [item.position for item in asked] == list(range(len(asked)))
    assert all(item.text == item.question.text for item in asked)


def test_the_suggested_set_is_added_once_to_an_interview_without_questions(
    owner_client, user
):
    interview = InterviewFactory(owner=user)
    url = reverse("interviews:questions_suggested", args=[interview.pk])

    owner_client.post(url)
    count = interview.questions.count()
    owner_client.post(url)

    assert count >= 7
    assert interview.questions.count() == count


# The copy, and changing it without touching the bank


def test_a_questions_text_is_a_copy_the_bank_cannot_rewrite(owner_client, user):
    bank = QuestionFactory(text="What surprised you at {organization}?")
    interview = InterviewFactory(owner=user)
    owner_client.post(
        reverse("interviews:question_add", args=[interview.pk]), {"question": bank.pk}
    )

    bank.text = "Something else entirely?"
    bank.save()
    bank.delete()

    (asked,) = interview.questions.all()
    assert asked.text == "What surprised you at {organization}?"


def test_rewording_a_question_changes_this_interview_only(owner_client, user):
    bank = QuestionFactory(text="How did you start?")
    interview = InterviewFactory(owner=user)
    asked = InterviewQuestion.copy_from(interview, bank, 0)
    asked.save()

    response = owner_client.post(
        reverse("interviews:asked_edit", args=[asked.pk]),
        {"text": "How did you start at {organization}?"},
    )

    assert response.status_code == 302
    asked.refresh_from_db()
    bank.refresh_from_db()
    assert asked.text == "How did you start at {organization}?"
    assert bank.text == "How did you start?"


def test_questions_move_up_and_down_without_javascript(owner_client, user):
    interview = InterviewFactory(owner=user)
    first, second, third = (
        InterviewQuestionFactory(interview=interview, text=t, position=i)
        for i, t in enumerate(["First?", "Second?", "Third?"])
    )

    owner_client.post(
        reverse("interviews:asked_move", args=[third.pk]), {"direction": "up"}
    )
    owner_client.post(
        reverse("interviews:asked_move", args=[first.pk]), {"direction": "down"}
    )

    order = list(
        interview.questions.order_by("position").values_list("text", flat=True)
    )
    assert order == ["Third?", "First?", "Second?"]


def test_moving_the_first_question_up_changes_nothing(owner_client, user):
    interview = InterviewFactory(owner=user)
    first = InterviewQuestionFactory(interview=interview, text="First?", position=0)
    InterviewQuestionFactory(interview=interview, text="Second?", position=1)

    owner_client.post(
        reverse("interviews:asked_move", args=[first.pk]), {"direction": "up"}
    )
    owner_client.post(
        reverse("interviews:asked_move", args=[first.pk]), {"direction": "sideways"}
    )

    order = list(
        interview.questions.order_by("position").values_list("text", flat=True)
    )
    assert order == ["First?", "Second?"]


def test_removing_a_question_leaves_the_bank_alone(owner_client, user):
    bank = QuestionFactory()
    interview = InterviewFactory(owner=user)
    asked = InterviewQuestion.copy_from(interview, bank, 0)
    asked.save()

    owner_client.post(reverse("interviews:asked_remove", args=[asked.pk]))

    assert not interview.questions.exists()
    assert Question.objects.filter(pk=bank.pk).exists()


# Adding questions, and bad input


def test_a_question_in_my_own_words_is_added_and_kept_in_my_bank(owner_client, user):
    interview = InterviewFactory(owner=user)

    owner_client.post(
        reverse("interviews:question_add", args=[interview.pk]),
        {
            "text": "What does a season at {organization} look like?",
            "save_to_bank": "on",
            "category": "day_to_day",
        },
    )

    (asked,) = interview.questions.all()
    assert asked.text == "What does a season at {organization} look like?"
    mine = Question.objects.get(owner=user)
    assert (mine.text, mine.category) == (asked.text, "day_to_day")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Choose a question from the bank or write your own."),
        ({"text": "x" * 5000}, "under 500 characters"),
        ({"text": "What is the {salary}?"}, "Unknown placeholder"),
        ({"text": "What about {occupation?"}, "Braces must come in pairs"),
        ({"question": "999999"}, "Choose a question from the list."),
    ],
)
def test_a_bad_question_gets_a_clear_message_and_nothing_is_added(
    owner_client, user, data, message
):
    interview = InterviewFactory(owner=user)

    response = owner_client.post(
        reverse("interviews:question_add", args=[interview.pk]), data
    )

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not interview.questions.exists()


def test_another_users_own_bank_question_cannot_be_added(
    owner_client, user, other_user
):
    theirs = QuestionFactory(owner=other_user, text="Their private question?")
    interview = InterviewFactory(owner=user)

    response = owner_client.post(
        reverse("interviews:question_add", args=[interview.pk]), {"question": theirs.pk}
    )

    assert "Choose a question from the list." in response.content.decode()
    assert not interview.questions.exists()


def test_rewording_to_nothing_or_an_unknown_blank_is_refused(owner_client, user):
    asked = InterviewQuestionFactory(
        interview=InterviewFactory(owner=user), text="Kept?"
    )

    for text in ("", "Your {salary}?"):
        response = owner_client.post(
            reverse("interviews:asked_edit", args=[asked.pk]), {"text": text}
        )
        assert "text" in response.context["form"].errors

    asked.refresh_from_db()
    assert asked.text == "Kept?"


# The occupation, the checklist and the answers


def test_choosing_a_target_occupation_fills_the_questions(owner_client, user):
    interview = InterviewFactory(owner=user)
    InterviewQuestionFactory(interview=interview, text="A day as a {occupation}?")

    owner_client.post(
        reverse("interviews:occupation", args=[interview.pk]),
        {"occupation": "festival producer"},
    )

    page = owner_client.get(reverse("interviews:detail", args=[interview.pk]))
    assert "A day as a festival producer?" in page.content.decode()


def test_the_self_assessment_is_shown_beside_the_questions(owner_client, user):
    user.interests = "Live music and touring"
    user.save()
    interview = InterviewFactory(owner=user)

    page = owner_client.get(reverse("interviews:detail", args=[interview.pk]))

    assert "Live music and touring" in page.content.decode()


def test_the_checklist_counts_what_is_done(owner_client, user):
    interview = InterviewFactory(owner=user)

    owner_client.post(
        reverse("interviews:checklist", args=[interview.pk]),
        {
            "prep_researched": "on",
            "prep_questions_ready": "on",
            "research_notes": "Joined Massey Hall in 2019.",
        },
    )

    interview.refresh_from_db()
    assert (interview.prep_done, interview.prep_total) == (2, 6)
    assert interview.research_notes == "Joined Massey Hall in 2019."
    listing = owner_client.get(reverse("interviews:list")).content.decode()
    assert "preparation 2 of 6" in listing
    dashboard = owner_client.get(reverse("home")).content.decode()
    assert "preparation 2 of 6" in dashboard


def test_the_dashboard_shows_only_the_next_seven_days(owner_client, user):
    now = timezone.now()
    InterviewFactory(owner=user, starts_at=now + datetime.timedelta(days=2))
    InterviewFactory(owner=user, starts_at=now + datetime.timedelta(days=9))

    response = owner_client.get(reverse("home"))

    assert [a.kind for a in response.context["todo"]].count("prepare") == 1


def test_answers_are_written_under_each_question(owner_client, user):
    interview = InterviewFactory(owner=user)
    first = InterviewQuestionFactory(interview=interview, position=0)
    second = InterviewQuestionFactory(interview=interview, position=1)

    response = owner_client.post(
        reverse("interviews:answers", args=[interview.pk]),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-answer": "Up at six for load-in.",
            "form-1-id": second.pk,
            "form-1-answer": "",
        },
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.answer == "Up at six for load-in."


def test_answers_cannot_be_written_into_another_users_questions(
    owner_client, user, other_user
):
    mine = InterviewFactory(owner=user)
    InterviewQuestionFactory(interview=mine)
    theirs = InterviewQuestionFactory(interview=InterviewFactory(owner=other_user))

    owner_client.post(
        reverse("interviews:answers", args=[mine.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": theirs.pk,
            "form-0-answer": "Overwritten",
        },
    )

    theirs.refresh_from_db()
    assert theirs.answer == ""


def test_the_interview_page_runs_as_many_queries_for_30_questions_as_for_3(
    owner_client, user
):
    interview = InterviewFactory(owner=user)
    url = reverse("interviews:detail", args=[interview.pk])
    InterviewQuestionFactory.create_batch(3, interview=interview)
    QuestionFactory.create_batch(3, owner=user)
    few = queries_for(owner_client, url)

    InterviewQuestionFactory.create_batch(27, interview=interview)
    QuestionFactory.create_batch(27, owner=user)

    assert queries_for(owner_client, url) == few


# The four checks for each view


def _interview_views():
    return [
        ("interviews:checklist", "post", "get"),
        ("interviews:occupation", "post", "get"),
        ("interviews:question_add", "post", "get"),
        ("interviews:questions_suggested", "post", "get"),
        ("interviews:answers", "get", "put"),
    ]


def _asked_views():
    return [
        ("interviews:asked_edit", "get", "put"),
        ("interviews:asked_remove", "post", "get"),
        ("interviews:asked_move", "post", "get"),
    ]


@pytest.mark.parametrize(("name", "method", "wrong"), _interview_views())
def test_another_users_interview_is_not_found_and_unchanged(
    owner_client, other_user, name, method, wrong
):
    theirs = InterviewFactory(owner=other_user)
    url = reverse(name, args=[theirs.pk])

    assert getattr(owner_client, method)(url).status_code == 404
    assert (
        owner_client.post(
            url, {"prep_researched": "on", "occupation": "x", "text": "Mine?"}
        ).status_code
        == 404
    )

    theirs.refresh_from_db()
    assert (theirs.prep_done, theirs.occupation) == (0, "")
    assert not theirs.questions.exists()


@pytest.mark.parametrize(("name", "method", "wrong"), _asked_views())
def test_another_users_question_is_not_found_and_unchanged(
    owner_client, other_user, name, method, wrong
):
    interview = InterviewFactory(owner=other_user)
    theirs = InterviewQuestionFactory(interview=interview, text="Theirs?", position=1)
    InterviewQuestionFactory(interview=interview, text="Before?", position=0)
    url = reverse(name, args=[theirs.pk])

    assert getattr(owner_client, method)(url).status_code == 404
    assert (
        owner_client.post(url, {"direction": "up", "text": "Mine?"}).status_code == 404
    )

    theirs.refresh_from_db()
    assert (theirs.text, theirs.position) == ("Theirs?", 1)


@pytest.mark.parametrize(
    ("name", "method", "wrong"), _interview_views() + _asked_views()
)
def test_an_unknown_id_is_not_found(owner_client, name, method, wrong):
    assert (
        getattr(owner_client, method)(reverse(name, args=[999999])).status_code == 404
    )


@pytest.mark.parametrize(("name", "method", "wrong"), _interview_views())
def test_the_wrong_method_is_refused_for_an_interview(
    owner_client, user, name, method, wrong
):
    interview = InterviewFactory(owner=user)
    assert (
        getattr(owner_client, wrong)(reverse(name, args=[interview.pk])).status_code
        == 405
    )


@pytest.mark.parametrize(("name", "method", "wrong"), _asked_views())
def test_the_wrong_method_is_refused_for_a_question(
    owner_client, user, name, method, wrong
):
    asked = InterviewQuestionFactory(interview=InterviewFactory(owner=user))
    assert (
        getattr(owner_client, wrong)(reverse(name, args=[asked.pk])).status_code == 405
    )


@pytest.mark.parametrize(
    ("name", "method", "wrong"), _interview_views() + _asked_views()
)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name, method, wrong):
    asked = InterviewQuestionFactory(interview=InterviewFactory(owner=user))
    pk = asked.pk if name.startswith("interviews:asked") else asked.interview_id

    response = getattr(client, method)(reverse(name, args=[pk]))

    assert response["Location"].startswith(reverse("login"))


# "Who else could I speak with?" stays last


@pytest.fixture
def closing_last(user):
    """An interview whose questions end with the bank's "who else?"."""
    who_else, _created = Question.objects.get_or_create(
        key="who_else",
        defaults={
            "text": "Who else could I speak with?",
            "category": Question.Category.RESOURCES,
        },
    )
    interview = InterviewFactory(owner=user)
    InterviewQuestionFactory(interview=interview, position=0, text="First?")
    InterviewQuestionFactory(
        interview=interview, position=1, question=who_else, text=who_else.text
    )
    return interview


def texts_of(interview):
    """The questions in order, "who else?" (whatever its wording) as WHO_ELSE."""
    return [
        "WHO_ELSE" if q.question and q.question.key == "who_else" else q.text
        for q in interview.questions.select_related("question").order_by(
            "position", "id"
        )
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"text": "What would you do differently?"},
        "bank",
    ],
)
def test_a_question_added_lands_before_who_else(owner_client, closing_last, data):
    if data == "bank":
        data = {"question": QuestionFactory(text="What would you do differently?").pk}

    owner_client.post(reverse("interviews:question_add", args=[closing_last.pk]), data)

    assert texts_of(closing_last) == [
        "First?",
        "What would you do differently?",
        "WHO_ELSE",
    ]


def test_who_else_moved_up_by_the_student_stays_where_they_put_it(
    owner_client, closing_last
):
    who_else = closing_last.questions.get(question__key="who_else")
    owner_client.post(
        reverse("interviews:asked_move", args=[who_else.pk]), {"direction": "up"}
    )

    owner_client.post(
        reverse("interviews:question_add", args=[closing_last.pk]),
        {"text": "What would you do differently?"},
    )

    assert texts_of(closing_last) == [
        "WHO_ELSE",
        "First?",
        "What would you do differently?",
    ]


# Forged answers: a form error or nothing, never a 500


@pytest.fixture
def asked(user):
    interview = InterviewFactory(owner=user)
    return InterviewQuestionFactory(interview=interview, answer="Kept")


def post_answers(client, interview, data):
    return client.post(reverse("interviews:answers", args=[interview.pk]), data)


def test_an_extra_form_cannot_add_a_question(owner_client, asked):
    response = post_answers(
        owner_client,
        asked.interview,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "1",
            "form-0-id": asked.pk,
            "form-0-answer": "Kept",
            "form-1-answer": "A question nobody asked",
        },
    )

    assert response.status_code in (200, 302)
    assert list(asked.interview.questions.all()) == [asked]


def test_another_interviews_question_is_a_form_error(owner_client, user, asked):
    elsewhere = InterviewQuestionFactory(interview=InterviewFactory(owner=user))

    response = post_answers(
        owner_client,
        asked.interview,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": elsewhere.pk,
            "form-0-answer": "Overwritten",
        },
    )

    assert response.status_code == 200
    assert not response.context["formset"].is_valid()
    # Said on the page, not only refused.
    assert "This page was out of date" in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.answer == ""


@pytest.mark.parametrize(
    "forged",
    [
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-answer": "x"},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "nine"},
        {"form-TOTAL_FORMS": "99999999", "form-INITIAL_FORMS": "1"},
        {"form-TOTAL_FORMS": "-1", "form-INITIAL_FORMS": "5"},
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "99999999"},
        {},
    ],
    ids=["no-id", "bad-id", "huge-total", "negative-total", "huge-initial", "none"],
)
def test_forged_counts_and_ids_are_refused_or_ignored(owner_client, asked, forged):
    response = post_answers(owner_client, asked.interview, forged)

    assert response.status_code in (200, 302)
    asked.refresh_from_db()
    assert asked.answer in ("Kept", "")
    assert list(asked.interview.questions.all()) == [asked]
