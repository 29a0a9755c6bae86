"""The question bank: the shared questions, and the student's own to add, edit
and delete. Only ever the signed-in user's own questions change here; the
shared bank is kept by staff in the admin."""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from interviews.bank_forms import QuestionForm
from interviews.models import Interview, Question

Category = Question.Category

# A line under each heading of the bank, so a student knows what belongs where.
CATEGORY_HELP = {
    Category.DAY_TO_DAY: gettext_lazy(
        "What an average day is like: the tasks, the pace, what they enjoy most."
    ),
    Category.PEOPLE: gettext_lazy(
        "Who they work with and for, and what makes someone good to work with."
    ),
    Category.CAREER_PATH: gettext_lazy(
        "How they got here, and the ways into the field for someone starting out."
    ),
    Category.TRENDS: gettext_lazy(
        "Trends: what is changing in the field and where it is going."
    ),
    Category.ADVICE: gettext_lazy(
        "What they would do in your place: skills, experience, what to avoid."
    ),
    Category.RESOURCES: gettext_lazy(
        "What to read, join or attend, and who else could I speak with?"
    ),
}


def _get_own_question(request, pk):
    """The signed-in user's own question, or 404 (also for shared ones)."""
    return get_object_or_404(Question.objects.filter(owner=request.user), pk=pk)


@require_safe
def question_bank(request):
    # One query for every question on the page, grouped here rather than one
    # query per category. Retired shared questions are left out; the user's
    # own always show, so they can still edit or delete one staff retired.
    questions = (
        Question.objects.available_to(request.user)
        .exclude(owner__isnull=True, is_active=False)
        .order_by(F("owner").asc(nulls_first=True), "position", "id")
    )
    by_category = {}
    for question in questions:
        by_category.setdefault(question.category, []).append(question)
    # In the categories' order, which follows a conversation; the model's
    # ordering sorts their database values alphabetically instead.
    sections = [
        {
            "category": category,
            "label": category.label,
            "help": CATEGORY_HELP.get(category, ""),
            "questions": by_category.get(category, []),
        }
        for category in Category
    ]
    return render(request, "interviews/question_bank.html", {"sections": sections})


@require_http_methods(["GET", "POST"])
def question_create(request):
    # ?category= from a section's "add" link; a value that is not a category
    # simply leaves the choice empty.
    form = QuestionForm(
        request.POST or None,
        owner=request.user,
        initial={"category": request.GET.get("category")},
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Your question is in your bank."))
        return redirect("interviews:bank")
    return render(request, "interviews/question_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = _get_own_question(request, pk)
    form = QuestionForm(request.POST or None, instance=question, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your changes are saved."))
        return redirect("interviews:bank")
    return render(
        request,
        "interviews/question_form.html",
        {"form": form, "question": question},
    )


@require_http_methods(["GET", "POST"])
def question_delete(request, pk):
    """Ask first; delete only on POST. Interviews keep their own copies."""
    question = _get_own_question(request, pk)
    if request.method == "POST":
        # InterviewQuestion.question is SET_NULL and each copy holds its own
        # text, so what was asked in an interview stays as it was.
        question.delete()
        messages.success(request, _("The question is deleted from your bank."))
        return redirect("interviews:bank")
    interview_count = (
        Interview.objects.for_user(request.user)
        .filter(questions__question=question)
        .distinct()
        .count()
    )
    return render(
        request,
        "interviews/question_confirm_delete.html",
        {"question": question, "interview_count": interview_count},
    )
