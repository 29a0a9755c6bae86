"""A factory per model. Related rows are built for the same owner."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Resume, User
from contacts.models import Channel, Contact, DirectoryEntry, LeadSource, Organization
from followups.models import FollowUp, Learning, ThankYouNote, Touchpoint
from interviews.models import Interview, InterviewQuestion, InterviewRequest, Question

PASSWORD = "a-long-test-password-42"

# The smallest file each reader accepts as a PDF.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"student{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    program = "Arts Management"
    graduation_year = 2027
    # Students in tests have confirmed their address unless a test says not.
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    owner = factory.SubFactory(UserFactory)
    label = factory.Sequence(lambda n: f"Resume version {n}")
    file = factory.django.FileField(filename="resume.pdf", data=PDF_BYTES)
    kind = Resume.Kind.PDF
    original_name = "resume.pdf"
    size = len(PDF_BYTES)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Organization {n}")
    city = "Toronto"


class DirectoryOrganizationFactory(OrganizationFactory):
    owner = None


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryEntry

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    job_title = "Theatre Manager"
    organization = factory.SubFactory(DirectoryOrganizationFactory)
    field = "Theatre management"
    city = "Toronto"
    email = factory.Sequence(lambda n: f"mentor{n}@example.org")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    job_title = "Theatre Manager"
    field = "Theatre management"
    organization = factory.SubFactory(
        OrganizationFactory, owner=factory.SelfAttribute("..owner")
    )
    city = "Toronto"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    lead_source = LeadSource.PROFESSOR


class InterviewRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewRequest

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    channel = Channel.EMAIL
    subject = "Twenty minutes of your advice?"
    message = "I am not asking for a job, only for your advice."

    class Params:
        # Sent, and closed without an answer: a contact has one open request
        # at a time, so a history of several requests is one of closed ones.
        closed = factory.Trait(
            status=InterviewRequest.Status.NO_REPLY,
            sent_at=factory.LazyFunction(timezone.now),
        )


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=3)).replace(
            minute=0, second=0, microsecond=0
        )
    )
    location = "178 Victoria St, Toronto"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    owner = None
    text = factory.Sequence(lambda n: f"What surprised you most in year {n}?")
    category = Question.Category.DAY_TO_DAY


class InterviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewQuestion

    interview = factory.SubFactory(InterviewFactory)
    text = factory.Sequence(lambda n: f"Question {n} for this interview?")
    position = factory.Sequence(lambda n: n)


class LearningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learning

    interview = factory.SubFactory(InterviewFactory)
    text = "Most theatre managers started in front-of-house roles."


class ThankYouNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThankYouNote

    interview = factory.SubFactory(InterviewFactory)
    subject = "Thank you"
    body = "Thank you for your time."
    due_at = factory.LazyAttribute(lambda o: ThankYouNote.due_for(o.interview))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    kind = FollowUp.Kind.CHECK_IN
    title = "Check in"
    due_on = factory.LazyFunction(timezone.localdate)


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    kind = Touchpoint.Kind.CHECK_IN
    happened_on = factory.LazyFunction(timezone.localdate)
