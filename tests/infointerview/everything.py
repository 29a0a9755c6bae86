"""A student with a row of every model a student owns, for the export and
the account deletion tests."""

from accounts.models import JourneyVisit
from contacts.models import ImportBatch
from followups.models import ReminderDigest
from interviews.models import (
    MessageTemplate,
    Reschedule,
    SendingLimit,
    SendingLimitHit,
    SentEmail,
    recipient_digest,
)
from tests import factories
from tests.infointerview.test_admin_privacy import rows_of, students_models


def give_a_row_of_everything(student, size=1):
    """`size` rows of each kind, every one of the student's own."""
    student.renew_calendar_token()
    for _ in range(size):
        referrer = factories.ContactFactory(owner=student)
        contact = factories.ContactFactory(
            owner=student,
            lead_source="referral",
            referred_by=referrer,
            organization=factories.OrganizationFactory(owner=student),
        )
        request = factories.InterviewRequestFactory(owner=student, contact=contact)
        interview = factories.InterviewFactory(
            owner=student, contact=contact, request=request
        )
        Reschedule.objects.create(
            interview=interview,
            previous_starts_at=interview.starts_at,
            previous_duration_minutes=30,
        )
        factories.InterviewQuestionFactory(interview=interview)
        learning = factories.LearningFactory(interview=interview)
        note = factories.ThankYouNoteFactory(interview=interview)
        note.learnings.add(learning)
        factories.FollowUpFactory(owner=student, contact=contact, interview=interview)
        factories.TouchpointFactory(owner=student, contact=contact)
        factories.QuestionFactory(owner=student)
        factories.ResumeFactory(owner=student)
        ImportBatch.objects.create(owner=student, source="csv", filename="mine.csv")
        JourneyVisit.objects.create(student=student, staff_name="An advisor")
        # Made as they are, not claimed: 30 of them would reach the limits.
        SentEmail.objects.create(
            owner=student, recipient_digest=recipient_digest(contact.email)
        )
        SendingLimitHit.objects.create(owner=student, limit=SendingLimit.STUDENT_DAY)
    # One of each a student may have only one of.
    if not MessageTemplate.objects.filter(owner=student).exists():
        MessageTemplate.objects.create(owner=student, kind="email", body="Mine")
        ReminderDigest.objects.create(user=student, day=interview.starts_at.date())
    for model in students_models():
        assert rows_of(model, student).exists(), (
            f"Give the student a {model._meta.label} row."
        )
    return student
