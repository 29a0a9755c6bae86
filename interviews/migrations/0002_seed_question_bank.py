"""The generic questions career centres give, as the start of the shared bank.

Each has a key, so running this again (or a later migration) can find it.
Staff edit and extend the bank in the admin afterwards.
"""

from django.db import migrations

# (key, category, text)
QUESTIONS = [
    (
        "average_day",
        "day_to_day",
        "What does an average day look like for a {occupation}?",
    ),
    (
        "best_and_hardest",
        "day_to_day",
        "What do you enjoy most about this work, and what is the hardest part?",
    ),
    (
        "works_with",
        "people",
        "Who do you work with most closely, inside and outside {organization}?",
    ),
    (
        "independent_or_team",
        "people",
        "How much of your work do you do on your own, and how much as part of a team?",
    ),
    (
        "career_path",
        "career_path",
        "How did your career lead you to this role?",
    ),
    (
        "routes_in",
        "career_path",
        "Which other positions commonly lead to work as a {occupation}?",
    ),
    (
        "skills_that_matter",
        "career_path",
        "Which skills, training or experience matter most for someone starting out?",
    ),
    (
        "future_in_region",
        "trends",
        "What is the future of this field in {region}?",
    ),
    (
        "where_heading",
        "trends",
        "Where do you see the profession heading over the next five years?",
    ),
    (
        "how_to_begin",
        "advice",
        "If you were in my position, how would you begin?",
    ),
    (
        "send_resume",
        "advice",
        "May I send you my resume, so that you can tell me how to make it stronger "
        "for this field?",
    ),
    (
        "resources",
        "resources",
        "Which associations, publications or events would you recommend I follow?",
    ),
    (
        "who_else",
        "resources",
        "Who else do you think I could speak with?",
    ),
]


def add_questions(apps, schema_editor):
    Question = apps.get_model("interviews", "Question")
    for position, (key, category, text) in enumerate(QUESTIONS):
        Question.objects.update_or_create(
            key=key,
            defaults={
                "owner": None,
                "category": category,
                "text": text,
                "position": position,
                "is_active": True,
            },
        )


def remove_questions(apps, schema_editor):
    Question = apps.get_model("interviews", "Question")
    Question.objects.filter(key__in=[key for key, _c, _t in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
