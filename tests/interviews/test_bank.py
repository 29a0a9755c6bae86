"""The question bank: the shared questions and the student's own, which only
the student can add to, edit and delete; interviews keep their own copies."""

import pytest
from django.urls import reverse

from interviews.models import InterviewQuestion, Question
from tests.factories import InterviewFactory, QuestionFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

Category = Question.Category
BANK = reverse("interviews:bank")
CREATE = reverse("interviews:bank_create")


def edit_url(question):
    return reverse("interviews:bank_edit", args=[question.pk])


def delete_url(question):
    return reverse("interviews:bank_delete", args=[question.pk])


def shown(response):
    """{category: [question text]} as the bank page lists them."""
    return {
        section["category"]: [q.text for q in section["questions"]]
        for section in response.context["sections"]
    }


def all_shown(response):
    return [text for texts in shown(response).values() for text in texts]


# The bank


def test_the_bank_shows_the_shared_questions_and_mine_but_not_anyone_elses(
    owner_client, user, other_user
):
    QuestionFactory(text="Shared?")
    QuestionFactory(text="Retired?", is_active=False)
    QuestionFactory(owner=user, text="Mine?")
    QuestionFactory(owner=other_user, text="Theirs?")

    texts = all_shown(owner_client.get(BANK))

    # The seeded shared bank shows too, so look for these four by name.
    assert "Shared?" in texts
    assert "Mine?" in texts
    assert "Retired?" not in texts
    assert "Theirs?" not in texts


def test_only_my_questions_are_marked_yours_with_edit_and_delete_links(
    owner_client, user
):
    shared = QuestionFactory(text="Shared?")
    mine = QuestionFactory(owner=user, text="Mine?")

    html = owner_client.get(BANK).content.decode()

    assert html.count(">yours<") == 1
    assert edit_url(mine) in html
    assert delete_url(mine) in html
    assert edit_url(shared) not in html
    assert delete_url(shared) not in html


def test_questions_are_grouped_in_the_categories_order_shared_first(owner_client, user):
    # Made in reverse, so the page's order cannot come from the rows' order.
    QuestionFactory(owner=user, text="Who else?", category=Category.RESOURCES)
    QuestionFactory(text="Where is it going?", category=Category.TRENDS)
    QuestionFactory(owner=user, text="My day?", category=Category.DAY_TO_DAY)
    QuestionFactory(text="A typical day?", category=Category.DAY_TO_DAY, position=5)

    made = {"Who else?", "Where is it going?", "My day?", "A typical day?"}

    sections = shown(owner_client.get(BANK))

    # Leave out the seeded shared bank, which shows too.
    ours = {c: [t for t in texts if t in made] for c, texts in sections.items()}
    assert list(ours) == list(Category)
    assert ours[Category.DAY_TO_DAY] == ["A typical day?", "My day?"]
    assert ours[Category.TRENDS] == ["Where is it going?"]
    assert ours[Category.RESOURCES] == ["Who else?"]
    assert ours[Category.ADVICE] == []


def test_the_bank_explains_each_category_and_how_tiara_maps_onto_them(owner_client):
    html = owner_client.get(BANK).content.decode()

    for label in Category.labels:
        assert str(label).replace("'", "&#x27;") in html
    assert "What an average day is like" in html
    assert "Trends" in html
    assert "who else could I speak with?" in html
    assert "TIARA" in html
    assert "trends, insights, advice, resources, assignments" in html
    assert reverse("interviews:list") in html


def test_the_bank_runs_as_many_queries_for_60_of_my_questions_as_for_3(
    owner_client, user
):
    QuestionFactory.create_batch(5)

    def add(n):
        for i in range(n):
            QuestionFactory(owner=user, category=Category.values[i % len(Category)])

    add(3)
    few = queries_for(owner_client, BANK)
    add(57)

    assert queries_for(owner_client, BANK) == few


# Adding


def test_i_add_a_question_to_my_own_bank(owner_client, user):
    response = owner_client.post(
        CREATE, {"text": "  What do you wish you had known?  ", "category": "advice"}
    )

    assert response.status_code == 302
    assert response["Location"] == BANK
    question = Question.objects.get(owner=user)
    assert (question.text, question.category) == (
        "What do you wish you had known?",
        Category.ADVICE,
    )
    assert "What do you wish you had known?" in all_shown(owner_client.get(BANK))


def test_the_owner_is_the_signed_in_user_even_if_the_post_names_another(
    owner_client, user, other_user
):
    owner_client.post(
        CREATE, {"text": "Whose is this?", "category": "advice", "owner": other_user.pk}
    )

    question = Question.objects.get(text="Whose is this?")
    assert question.owner == user
    assert not Question.objects.filter(owner=other_user).exists()


def test_a_sections_add_link_picks_its_category(owner_client):
    response = owner_client.get(CREATE, {"category": "trends"})

    assert response.status_code == 200
    assert response.context["form"]["category"].value() == "trends"


def test_the_form_names_the_placeholders_i_can_use(owner_client):
    html = owner_client.get(CREATE).content.decode()

    for placeholder in ("{occupation}", "{organization}", "{region}", "{contact_name}"):
        assert placeholder in html


def test_known_placeholders_and_doubled_braces_are_accepted(owner_client, user):
    text = "What does a {occupation} at {organization} do? {{not a placeholder}}"

    response = owner_client.post(CREATE, {"text": text, "category": "day_to_day"})

    assert response.status_code == 302
    assert Question.objects.get(owner=user).text == text


# Editing


def test_i_edit_my_own_question(owner_client, user):
    mine = QuestionFactory(owner=user, text="Old wording?")

    response = owner_client.post(
        edit_url(mine), {"text": "New wording?", "category": "people"}
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.text, mine.category, mine.owner) == (
        "New wording?",
        Category.PEOPLE,
        user,
    )


def test_the_edit_form_starts_with_the_questions_wording(owner_client, user):
    mine = QuestionFactory(owner=user, text="As I wrote it?")

    response = owner_client.get(edit_url(mine))

    assert response.context["form"]["text"].value() == "As I wrote it?"


# What an interview already asked stays as it was


@pytest.fixture
def copied(user):
    """My bank question, and an interview's copy of it with an answer."""
    question = QuestionFactory(owner=user, text="How did you start?")
    copy = InterviewQuestion.copy_from(InterviewFactory(owner=user), question, 0)
    copy.answer = "As an usher."
    copy.save()
    return question, copy


def test_editing_the_bank_question_leaves_the_interviews_copy_alone(
    owner_client, copied
):
    question, copy = copied

    owner_client.post(edit_url(question), {"text": "Reworded?", "category": "advice"})

    copy.refresh_from_db()
    assert (copy.text, copy.answer, copy.question_id) == (
        "How did you start?",
        "As an usher.",
        question.pk,
    )


def test_deleting_the_bank_question_leaves_the_interviews_copy_alone(
    owner_client, copied
):
    question, copy = copied

    response = owner_client.post(delete_url(question))

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    copy.refresh_from_db()
    assert (copy.text, copy.answer, copy.question_id) == (
        "How did you start?",
        "As an usher.",
        None,
    )


def test_the_delete_page_asks_first_and_says_the_interviews_keep_their_copy(
    owner_client, copied
):
    question, _copy = copied

    response = owner_client.get(delete_url(question))

    assert response.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()
    html = response.content.decode()
    assert "How did you start?" in html
    assert "It is in 1 of your interviews, which keeps its copy" in html


# Bad input


BAD_TEXT = [
    ("", "Write the question."),
    ("   ", "Write the question."),
    ("x" * 5000, "Keep the question to 500 characters or fewer; this one has 5000."),
    ("What does a {salary} look like?", "Unknown placeholder: {salary}."),
    ("What is a {occupation like?", "Braces must come in pairs"),
]


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_bad_text_is_refused_at_the_field_and_kept_for_fixing(
    owner_client, user, text, message
):
    response = owner_client.post(CREATE, {"text": text, "category": "advice"})

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["text"])
    assert list(form.errors) == ["text"]
    assert message in response.content.decode()
    assert text.strip() in response.content.decode()
    assert not Question.objects.filter(owner=user).exists()


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_bad_text_in_an_edit_changes_nothing(owner_client, user, text, message):
    mine = QuestionFactory(owner=user, text="Fine as it is?")

    response = owner_client.post(edit_url(mine), {"text": text, "category": "advice"})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["text"])
    mine.refresh_from_db()
    assert (mine.text, mine.category) == ("Fine as it is?", Category.DAY_TO_DAY)


def test_exactly_500_characters_fit(owner_client, user):
    response = owner_client.post(CREATE, {"text": "x" * 500, "category": "advice"})

    assert response.status_code == 302
    assert len(Question.objects.get(owner=user).text) == 500


def test_a_category_that_does_not_exist_is_refused(owner_client, user):
    response = owner_client.post(CREATE, {"text": "Fine?", "category": "salary"})

    assert response.status_code == 200
    assert response.context["form"].errors["category"]
    assert not Question.objects.filter(owner=user).exists()


# Only my own questions change


def test_a_shared_question_cannot_be_edited_or_deleted_here(owner_client):
    shared = QuestionFactory(text="Shared?", category=Category.TRENDS)

    for url in (edit_url(shared), delete_url(shared)):
        assert owner_client.get(url).status_code == 404
        data = {"text": "Hijacked?", "category": "advice"}
        assert owner_client.post(url, data).status_code == 404

    shared.refresh_from_db()
    assert (shared.text, shared.category, shared.owner) == (
        "Shared?",
        Category.TRENDS,
        None,
    )


def test_another_users_question_is_not_found_and_stays_unchanged(
    owner_client, other_user
):
    theirs = QuestionFactory(owner=other_user, text="Theirs?")

    for url in (edit_url(theirs), delete_url(theirs)):
        assert owner_client.get(url).status_code == 404
        data = {"text": "Hijacked?", "category": "advice"}
        assert owner_client.post(url, data).status_code == 404

    theirs.refresh_from_db()
    assert (theirs.text, theirs.owner) == ("Theirs?", other_user)


@pytest.mark.parametrize("name", ["interviews:bank_edit", "interviews:bank_delete"])
def test_a_question_that_does_not_exist_is_not_found(owner_client, name):
    url = reverse(name, args=[999999])

    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "interviews:bank",
        "interviews:bank_create",
        "interviews:bank_edit",
        "interviews:bank_delete",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name):
    mine = QuestionFactory(owner=user, text="Mine?")
    args = [mine.pk] if name.endswith(("edit", "delete")) else []

    for response in (
        client.get(reverse(name, args=args)),
        client.post(reverse(name, args=args), {"text": "Sneaky?"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    mine.refresh_from_db()
    assert mine.text == "Mine?"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("interviews:bank", "post"),
        ("interviews:bank", "delete"),
        ("interviews:bank_create", "put"),
        ("interviews:bank_edit", "put"),
        ("interviews:bank_delete", "delete"),
    ],
)
def test_the_wrong_method_is_refused(owner_client, user, name, method):
    mine = QuestionFactory(owner=user, text="Mine?")
    args = [mine.pk] if name.endswith(("edit", "delete")) else []

    response = getattr(owner_client, method)(reverse(name, args=args))

    assert response.status_code == 405
    mine.refresh_from_db()
    assert mine.text == "Mine?"
    assert Question.objects.filter(owner=user).count() == 1
