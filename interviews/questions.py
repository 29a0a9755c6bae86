"""Questions for one interview: the blanks filled in, and the suggested set."""

import string

from django.db import transaction
from django.db.models import F, Max

from interviews.models import InterviewQuestion, Question

# One or two from each category, in this order: a conversation that starts
# with the person's day and ends with who else to talk to.
SUGGESTED = {
    Question.Category.DAY_TO_DAY: 2,
    Question.Category.PEOPLE: 1,
    Question.Category.CAREER_PATH: 2,
    Question.Category.TRENDS: 1,
    Question.Category.ADVICE: 1,
    Question.Category.RESOURCES: 1,
}
CLOSING_KEY = "who_else"


def values_for(interview):
    """What each placeholder stands for in this interview; "" when unknown."""
    contact = interview.contact
    owner = interview.owner
    return {
        "occupation": interview.occupation or contact.job_title,
        "organization": contact.organization.name if contact.organization_id else "",
        "region": contact.region or contact.city or owner.get_province_display(),
        "contact_name": contact.full_name,
    }


def fill(text, values):
    """The text with each known, known-valued placeholder filled in.

    A placeholder without a value, or one we do not know, stays visible as
    it is, so the student sees what to complete instead of a gap. {{ and }}
    stand for plain braces. Text whose braces do not pair is shown as typed.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return text
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        value = values.get(name)
        if value:
            out.append(str(value))
        else:
            suffix = (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else ""
            )
            out.append("{" + name + suffix + "}")
    return "".join(out)


def suggested_questions(owner):
    """The bank's suggestion: a few per category, "who else?" always last."""
    bank = Question.objects.available_to(owner).filter(is_active=True)
    closing = bank.filter(key=CLOSING_KEY).first()
    chosen = []
    for category, count in SUGGESTED.items():
        # The shared bank first (no owner), then the user's own.
        in_category = bank.filter(category=category).order_by(
            F("owner").asc(nulls_first=True), "position", "id"
        )
        if closing:
            in_category = in_category.exclude(pk=closing.pk)
        chosen.extend(in_category[:count])
    if closing:
        chosen.append(closing)
    return chosen


@transaction.atomic
def add_suggested(interview):
    """Copy the suggested set onto the interview, after any questions it has."""
    already = set(interview.questions.values_list("question_id", flat=True))
    start = _next_position(interview)
    copies = [
        InterviewQuestion.copy_from(interview, question, start + offset)
        for offset, question in enumerate(
            q for q in suggested_questions(interview.owner) if q.pk not in already
        )
    ]
    InterviewQuestion.objects.bulk_create(copies)
    return copies


def add_from_bank(interview, question):
    return _insert(interview, InterviewQuestion.copy_from(interview, question, 0))


def add_own(interview, text):
    return _insert(interview, InterviewQuestion(interview=interview, text=text))


@transaction.atomic
def _insert(interview, new):
    """Add a question at the end, but before "who else?" while that one is last.

    "Who else could I speak with?" closes the conversation; a student who
    moved it elsewhere chose so, and then the new question simply goes last.
    """
    siblings = list(
        # Only the interview's own rows are locked: PostgreSQL refuses to lock
        # the nullable side of the join to the bank.
        InterviewQuestion.objects.select_for_update(of=("self",))
        .filter(interview=interview)
        .select_related("question")
        .order_by("position", "id")
    )
    closing = siblings[-1] if siblings else None
    if closing is not None and closing.question and closing.question.key == CLOSING_KEY:
        new.position = closing.position
        new.save()
        closing.position += 1
        closing.save(update_fields=["position"])
        return new
    new.position = _next_position(interview)
    new.save()
    return new


def _next_position(interview):
    top = interview.questions.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def move(interview_question, step):
    """Swap a question with its neighbour above (step -1) or below (+1)."""
    siblings = list(
        InterviewQuestion.objects.select_for_update()
        .filter(interview_id=interview_question.interview_id)
        .order_by("position", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == interview_question.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, question in enumerate(siblings):
        question.position = position
    InterviewQuestion.objects.bulk_update(siblings, ["position"])
    return True
