"""After the interview: completing it, what was learned, new leads, promises,
and the thank-you note that must mention something specific."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from followups import aftermath
from followups.models import FollowUp, Learning, ThankYouNote
from interviews.models import Interview
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    LearningFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

Stage = Contact.Stage
# The contact form's own rule and words, which the wrap-up's leads follow.
NAME_OR_ROLE = (
    "Give their first name, or, if you don&#x27;t know it, their job title and "
    "organization."
)


@pytest.fixture
def interview(user):
    contact = ContactFactory(
        owner=user,
        first_name="Priya",
        last_name="Raman",
        email="priya@example.org",
        stage=Stage.SCHEDULED,
    )
    return InterviewFactory(
        owner=user,
        contact=contact,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )


@pytest.fixture
def completed(owner_client, interview):
    owner_client.post(reverse("followups:complete", args=[interview.pk]))
    interview.refresh_from_db()
    return interview


def test_completing_an_interview_leads_to_the_wrap_up(owner_client, interview):
    response = owner_client.post(reverse("followups:complete", args=[interview.pk]))

    assert response["Location"] == reverse("followups:wrapup", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    interview.contact.refresh_from_db()
    assert interview.contact.stage == Stage.INTERVIEWED


def test_completing_with_someone_known_by_role_names_their_role(owner_client, user):
    contact = ContactFactory(
        owner=user,
        first_name="",
        last_name="",
        job_title="house manager",
        organization=OrganizationFactory(owner=user, name="Massey Hall"),
        stage=Stage.SCHEDULED,
    )
    interview = InterviewFactory(
        owner=user,
        contact=contact,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )

    response = owner_client.post(
        reverse("followups:complete", args=[interview.pk]), follow=True
    )

    assert "thank House manager at Massey Hall within a day" in (
        response.content.decode()
    )


def test_a_thank_you_is_due_within_24_hours_of_the_end(completed):
    note = ThankYouNote.objects.get(interview=completed)

    assert note.due_at == completed.ends_at + datetime.timedelta(hours=24)
    assert note.status == ThankYouNote.Status.DRAFT
    assert note.body.startswith("Dear Priya,")
    reminder = FollowUp.objects.get(interview=completed, kind=FollowUp.Kind.THANK_YOU)
    assert reminder.due_on == timezone.localdate(note.due_at)


def test_a_no_show_is_noted_and_has_no_wrap_up(owner_client, interview):
    owner_client.post(reverse("followups:no_show", args=[interview.pk]))

    interview.refresh_from_db()
    assert interview.status == Interview.Status.NO_SHOW
    response = owner_client.get(reverse("followups:wrapup", args=[interview.pk]))
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])


def test_the_wrap_up_waits_for_a_completed_interview(owner_client, interview):
    response = owner_client.get(reverse("followups:wrapup", args=[interview.pk]))
    assert response.status_code == 302
    assert not ThankYouNote.objects.exists()


# Learnings


def test_learnings_are_recorded_with_their_tag(owner_client, completed):
    owner_client.post(
        reverse("followups:learning_add", args=[completed.pk]),
        {"kind": "both", "text": "Front-of-house is the usual first job."},
    )

    learning = Learning.objects.get()
    assert (learning.interview, learning.kind) == (completed, "both")


def test_an_empty_learning_is_refused_at_the_field(owner_client, completed):
    response = owner_client.post(
        reverse("followups:learning_add", args=[completed.pk]),
        {"kind": "career", "text": " "},
    )

    assert response.status_code == 200
    assert "text" in response.context["learning_form"].errors
    assert not Learning.objects.exists()


# New leads and promises


def test_several_new_leads_become_referrals_from_the_interviewee(
    owner_client, completed
):
    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]),
        {
            "leads-TOTAL_FORMS": "3",
            "leads-INITIAL_FORMS": "0",
            "leads-0-first_name": "Omar",
            "leads-0-organization_name": "Soulpepper",
            "leads-0-email": "omar@example.org",
            "leads-1-first_name": "Lena",
            "leads-1-job_title": "Box Office Manager",
        },
    )

    assert response.status_code == 302
    leads = Contact.objects.filter(referred_by=completed.contact).order_by("first_name")
    assert [lead.first_name for lead in leads] == ["Lena", "Omar"]
    assert all(lead.lead_source == "referral" for lead in leads)
    assert leads[1].organization.name == "Soulpepper"
    assert leads[1].organization.owner == completed.owner
    pursue = FollowUp.objects.filter(kind=FollowUp.Kind.PURSUE_LEAD)
    assert sorted(f.contact.first_name for f in pursue) == ["Lena", "Omar"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({}, "Fill in at least one person."),
        ({"leads-0-last_name": "Only a surname"}, NAME_OR_ROLE),
        ({"leads-0-job_title": "Box office manager"}, NAME_OR_ROLE),
        ({"leads-0-first_name": "Omar", "leads-0-email": "omar at"}, "valid email"),
    ],
)
def test_bad_leads_get_a_clear_message_and_nothing_is_added(
    owner_client, completed, row, message
):
    data = {"leads-TOTAL_FORMS": "3", "leads-INITIAL_FORMS": "0"} | row

    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.filter(referred_by=completed.contact).exists()


def test_a_lead_known_only_by_role_at_an_organization_is_added(owner_client, completed):
    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]),
        {
            "leads-TOTAL_FORMS": "2",
            "leads-INITIAL_FORMS": "0",
            "leads-1-job_title": "Box office manager",
            "leads-1-organization_name": "Canadian Stage",
        },
    )

    assert response.status_code == 302
    lead = Contact.objects.get(referred_by=completed.contact)
    assert lead.first_name == ""
    assert lead.full_name == "Box office manager at Canadian Stage"


def test_a_promise_becomes_a_dated_follow_up(owner_client, completed):
    due = timezone.localdate() + datetime.timedelta(days=2)

    owner_client.post(
        reverse("followups:promise_add", args=[completed.pk]),
        {"kind": "send_resume", "title": "Send my resume", "due_on": due.isoformat()},
    )

    promise = FollowUp.objects.get(kind="send_resume")
    assert (promise.contact, promise.interview, promise.due_on) == (
        completed.contact,
        completed,
        due,
    )


def test_a_promise_due_in_1900_is_refused(owner_client, completed):
    response = owner_client.post(
        reverse("followups:promise_add", args=[completed.pk]),
        {"kind": "send_resume", "title": "Send my resume", "due_on": "1900-01-01"},
    )

    assert "due_on" in response.context["promise_form"].errors
    assert not FollowUp.objects.filter(kind="send_resume").exists()


# The thank-you note


def thank_you(client, interview, **data):
    return client.post(reverse("followups:thank_you", args=[interview.pk]), data)


def test_a_note_that_mentions_nothing_learned_cannot_be_made_ready(
    owner_client, completed
):
    learning = LearningFactory(interview=completed, text="Touring experience counts.")

    response = thank_you(
        owner_client,
        completed,
        learnings=[learning.pk],
        subject="Thanks",
        body="Thank you for your time.",
        ready="",
    )

    assert response.status_code == 200
    assert "does not mention what you learned" in str(
        response.context["form"].errors["learnings"]
    )
    assert ThankYouNote.objects.get().status == ThankYouNote.Status.DRAFT


def test_the_missing_learning_message_ends_its_quote_with_one_stop(
    owner_client, completed
):
    learning = LearningFactory(interview=completed, text="Plan two seasons ahead.")

    response = thank_you(
        owner_client,
        completed,
        learnings=[learning.pk],
        subject="Thanks",
        body="Thank you for your time.",
        ready="",
    )

    [error] = response.context["form"].errors["learnings"]
    assert error.endswith("“Plan two seasons ahead”.")


def test_a_note_sent_by_hand_is_thanked_for_with_a_hyphen(owner_client, completed):
    ready_note(owner_client, completed)

    response = owner_client.post(
        reverse("followups:thank_you_sent", args=[completed.pk]),
        {"via": "mail"},
        follow=True,
    )

    assert "Thank-you notes make people remember you." in response.content.decode()


def test_a_note_with_no_learning_picked_is_refused_with_a_helpful_message(
    owner_client, completed
):
    response = thank_you(
        owner_client, completed, subject="Thanks", body="Thanks!", ready=""
    )

    assert "Pick at least one thing you learned" in str(
        response.context["form"].errors["learnings"]
    )


def test_redrafting_puts_the_learning_and_the_keep_in_mind_sentence_in(
    owner_client, completed
):
    learning = LearningFactory(interview=completed, text="Touring experience counts.")

    thank_you(
        owner_client,
        completed,
        learnings=[learning.pk],
        ask_keep_in_mind="on",
        subject="x",
        body="x",
        redraft="",
    )

    note = ThankYouNote.objects.get()
    assert "Touring experience counts." in note.body
    assert "kept me in mind" in note.body
    assert list(note.learnings.all()) == [learning]


def test_the_first_draft_shows_no_raw_placeholder(owner_client, completed):
    response = owner_client.get(reverse("followups:thank_you", args=[completed.pk]))

    note = ThankYouNote.objects.get()
    assert "{" not in note.body
    assert "{learning}" not in response.content.decode()
    assert note.body.startswith("Dear Priya,")


def test_ticking_a_learning_then_it_is_ready_redrafts_an_untouched_draft(
    owner_client, completed
):
    learning = LearningFactory(interview=completed, text="Touring experience counts.")
    note = aftermath.start_thank_you(completed)

    # As a browser sends the untouched text back: with CRLF line ends.
    response = thank_you(
        owner_client,
        completed,
        learnings=[learning.pk],
        subject=note.subject,
        body=note.body.replace("\n", "\r\n"),
        ready="",
    )

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.READY
    assert "Touring experience counts." in note.body


def test_picking_learnings_and_saving_redrafts_an_untouched_draft(
    owner_client, completed
):
    first = LearningFactory(interview=completed, text="Touring experience counts.")
    second = LearningFactory(interview=completed, text="Box offices hire in August.")
    note = aftermath.start_thank_you(completed)
    thank_you(
        owner_client,
        completed,
        learnings=[first.pk],
        subject=note.subject,
        body=note.body,
        save="",
    )
    note.refresh_from_db()
    assert "Touring experience counts." in note.body

    # Still untouched (as drafted for the first pick): follows the new pick.
    thank_you(
        owner_client,
        completed,
        learnings=[second.pk],
        subject=note.subject,
        body=note.body,
        save="",
    )

    note.refresh_from_db()
    assert "Box offices hire in August." in note.body
    assert "Touring experience counts." not in note.body


def test_a_draft_the_student_edited_is_never_overwritten(owner_client, completed):
    learning = LearningFactory(interview=completed, text="Touring experience counts.")
    note = aftermath.start_thank_you(completed)
    edited = note.body.replace("Thank you", "Many thanks")

    response = thank_you(
        owner_client,
        completed,
        learnings=[learning.pk],
        subject=note.subject,
        body=edited,
        ready="",
    )

    assert response.status_code == 200  # it does not mention the learning yet
    note.refresh_from_db()
    assert note.body == edited
    assert note.status == ThankYouNote.Status.DRAFT


def test_a_learning_of_another_interview_cannot_be_picked(
    owner_client, user, completed
):
    elsewhere = LearningFactory(interview=InterviewFactory(owner=user))

    response = thank_you(
        owner_client,
        completed,
        learnings=[elsewhere.pk],
        subject="x",
        body="x",
        save="",
    )

    assert "learnings" in response.context["form"].errors
    assert not ThankYouNote.objects.get().learnings.exists()


def ready_note(client, interview):
    learning = LearningFactory(interview=interview, text="Touring experience counts.")
    thank_you(
        client,
        interview,
        learnings=[learning.pk],
        subject="Thank you",
        body="Thank you. I keep thinking about how touring experience counts.",
        ready="",
    )
    return ThankYouNote.objects.get()


def test_a_ready_note_is_sent_through_smtp_and_the_contact_is_thanked(
    owner_client, completed, smtp_server
):
    note = ready_note(owner_client, completed)
    assert note.status == ThankYouNote.Status.READY

    response = owner_client.post(
        reverse("followups:thank_you_send", args=[completed.pk])
    )

    assert response["Location"] == reverse("followups:wrapup", args=[completed.pk])
    note.refresh_from_db()
    assert (note.status, note.sent_via) == (ThankYouNote.Status.SENT, "email")
    message, copy = smtp_server.messages
    assert message["To"] == "priya@example.org"
    assert copy["To"].addresses[0].addr_spec == completed.owner.email
    assert "touring experience counts" in message.get_content()
    contact = Contact.objects.get(pk=completed.contact_id)
    assert contact.stage == Stage.THANKED
    assert FollowUp.objects.get(kind=FollowUp.Kind.THANK_YOU).done_at is not None


def test_when_the_server_is_down_the_note_stays_ready(
    owner_client, completed, smtp_server_down
):
    note = ready_note(owner_client, completed)

    owner_client.post(reverse("followups:thank_you_send", args=[completed.pk]))

    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.READY


@pytest.mark.parametrize("via", ["email_app", "mail"])
def test_a_note_sent_by_hand_is_recorded(owner_client, completed, via):
    note = ready_note(owner_client, completed)

    owner_client.post(
        reverse("followups:thank_you_sent", args=[completed.pk]), {"via": via}
    )

    note.refresh_from_db()
    assert (note.status, note.sent_via) == (ThankYouNote.Status.SENT, via)
    assert note.sent_at is not None


def test_marking_a_draft_sent_by_hand_still_needs_a_learning(owner_client, completed):
    owner_client.post(
        reverse("followups:thank_you_sent", args=[completed.pk]), {"via": "mail"}
    )

    assert ThankYouNote.objects.get().status == ThankYouNote.Status.DRAFT


def test_the_printable_card_shows_the_note(owner_client, completed):
    note = ready_note(owner_client, completed)

    response = owner_client.get(
        reverse("followups:thank_you_card", args=[completed.pk])
    )

    assert note.body in response.content.decode()


def test_the_printable_card_writes_the_date_in_full_in_the_students_day(
    owner_client, completed, time_machine
):
    # 03:30 UTC on 30 November is still the evening of the 29th in Toronto.
    time_machine.move_to(
        datetime.datetime(2026, 11, 30, 3, 30, tzinfo=datetime.UTC), tick=False
    )

    response = owner_client.get(
        reverse("followups:thank_you_card", args=[completed.pk])
    )

    assert "29 November 2026" in response.content.decode()


# The four checks


WRAPUP_VIEWS = [
    ("followups:complete", "post", "get"),
    ("followups:no_show", "post", "get"),
    ("followups:wrapup", "get", "post"),
    ("followups:learning_add", "post", "get"),
    ("followups:leads_add", "post", "get"),
    ("followups:promise_add", "post", "get"),
    ("followups:thank_you", "get", "put"),
    ("followups:thank_you_send", "post", "get"),
    ("followups:thank_you_sent", "post", "get"),
    ("followups:thank_you_card", "get", "post"),
]


@pytest.mark.parametrize(("name", "method", "wrong"), WRAPUP_VIEWS)
def test_another_users_interview_is_not_found_and_unchanged(
    owner_client, other_user, name, method, wrong
):
    theirs = InterviewFactory(
        owner=other_user, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    theirs.complete()
    url = reverse(name, args=[theirs.pk])

    assert getattr(owner_client, method)(url).status_code == 404
    response = owner_client.post(
        url,
        {
            "kind": "career",
            "text": "Mine now",
            "via": "mail",
            "leads-TOTAL_FORMS": "1",
            "leads-INITIAL_FORMS": "0",
            "leads-0-first_name": "Eve",
        },
    )
    assert response.status_code in (404, 405)
    assert not Learning.objects.exists()
    assert not Contact.objects.filter(first_name="Eve").exists()
    assert not ThankYouNote.objects.filter(status="sent").exists()


@pytest.mark.parametrize(("name", "method", "wrong"), WRAPUP_VIEWS)
def test_the_wrong_method_is_refused(owner_client, completed, name, method, wrong):
    assert (
        getattr(owner_client, wrong)(reverse(name, args=[completed.pk])).status_code
        == 405
    )


@pytest.mark.parametrize(("name", "method", "wrong"), WRAPUP_VIEWS)
def test_an_unknown_interview_is_not_found(owner_client, name, method, wrong):
    assert (
        getattr(owner_client, method)(reverse(name, args=[999999])).status_code == 404
    )


@pytest.mark.parametrize(("name", "method", "wrong"), WRAPUP_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, interview, name, method, wrong):
    response = getattr(client, method)(reverse(name, args=[interview.pk]))
    assert response["Location"].startswith(reverse("login"))


def test_a_learning_of_another_user_cannot_be_deleted(owner_client, other_user):
    theirs = LearningFactory(interview=InterviewFactory(owner=other_user))

    assert (
        owner_client.post(
            reverse("followups:learning_delete", args=[theirs.pk])
        ).status_code
        == 404
    )
    assert Learning.objects.filter(pk=theirs.pk).exists()


# The wrap-up: notes saved come back to it; one lead row, and "add another"


def test_saving_the_answers_from_the_wrap_up_returns_to_it(owner_client, completed):
    asked = InterviewQuestionFactory(interview=completed, text="How did you start?")
    wrapup_url = reverse("followups:wrapup", args=[completed.pk])
    answers_url = reverse("interviews:answers", args=[completed.pk])
    page = owner_client.get(wrapup_url).content.decode()
    assert f'href="{answers_url}?next={wrapup_url}"' in page
    form = owner_client.get(answers_url, {"next": wrapup_url}).content.decode()
    assert f'name="next" value="{wrapup_url}"' in form

    response = owner_client.post(
        answers_url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": asked.pk,
            "form-0-answer": "In the box office.",
            "next": wrapup_url,
        },
    )

    assert response["Location"] == wrapup_url
    asked.refresh_from_db()
    assert asked.answer == "In the box office."


def test_the_notes_from_the_conversation_are_edited_from_the_wrap_up(
    owner_client, completed
):
    completed.notes = "Started as an usher."
    completed.save()
    asked = InterviewQuestionFactory(interview=completed, text="How did you start?")
    wrapup_url = reverse("followups:wrapup", args=[completed.pk])
    answers_url = reverse("interviews:answers", args=[completed.pk])
    form = owner_client.get(answers_url, {"next": wrapup_url}).content.decode()
    assert 'name="notes"' in form
    assert "Started as an usher." in form

    response = owner_client.post(
        answers_url,
        {
            "notes": "Started as an usher; loves the job.",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": asked.pk,
            "form-0-answer": "In the box office.",
            "next": wrapup_url,
        },
    )

    assert response["Location"] == wrapup_url
    completed.refresh_from_db()
    assert completed.notes == "Started as an usher; loves the job."
    page = owner_client.get(wrapup_url).content.decode()
    assert "Started as an usher; loves the job." in page


def test_saving_answers_without_the_notes_field_keeps_the_notes(
    owner_client, completed
):
    completed.notes = "Started as an usher."
    completed.save()

    owner_client.post(
        reverse("interviews:answers", args=[completed.pk]),
        {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
    )

    completed.refresh_from_db()
    assert completed.notes == "Started as an usher."


def test_notes_too_long_get_a_clear_error_and_keep_what_was_typed(
    owner_client, completed
):
    typed = "word " * 4001

    response = owner_client.post(
        reverse("interviews:answers", args=[completed.pk]),
        {"notes": typed, "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode()
    assert typed.strip() in response.content.decode()
    completed.refresh_from_db()
    assert completed.notes == ""


def test_answers_saved_with_a_foreign_next_go_to_the_interview(owner_client, completed):
    response = owner_client.post(
        reverse("interviews:answers", args=[completed.pk]),
        {
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
            "next": "https://evil.example/",
        },
    )

    assert response["Location"].startswith(
        reverse("interviews:detail", args=[completed.pk])
    )


def test_the_wrap_up_starts_with_one_compact_lead_row(owner_client, completed):
    response = owner_client.get(reverse("followups:wrapup", args=[completed.pk]))

    formset = response.context["lead_formset"]
    assert formset.total_form_count() == 1
    page = response.content.decode()
    assert "Add another lead" in page
    assert "More details: email, telephone, notes" in page


def test_add_another_lead_without_javascript_keeps_what_was_typed(
    owner_client, completed
):
    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]),
        {
            "leads-TOTAL_FORMS": "1",
            "leads-INITIAL_FORMS": "0",
            "leads-0-first_name": "Omar",
            "leads-0-organization_name": "Soulpepper",
            "leads-0-email": "omar@example.org",
            "add_lead": "1",
        },
    )

    assert response.status_code == 200
    formset = response.context["lead_formset"]
    assert formset.total_form_count() == 2
    page = response.content.decode()
    assert 'name="leads-0-first_name" value="Omar"' in page
    assert 'value="omar@example.org"' in page
    assert 'name="leads-1-first_name"' in page
    assert "Fill in at least one person" not in page
    assert not Contact.objects.filter(first_name="Omar").exists()

    # Then both rows are saved together.
    owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]),
        {
            "leads-TOTAL_FORMS": "2",
            "leads-INITIAL_FORMS": "1",
            "leads-0-first_name": "Omar",
            "leads-1-first_name": "Lena",
        },
    )
    assert set(
        Contact.objects.filter(referred_by=completed.contact).values_list(
            "first_name", flat=True
        )
    ) == {"Omar", "Lena"}


def test_add_another_lead_at_ten_rows_keeps_all_ten(owner_client, completed):
    data = {"leads-TOTAL_FORMS": "10", "leads-INITIAL_FORMS": "0", "add_lead": "1"}
    data.update({f"leads-{i}-first_name": f"Person{i}" for i in range(10)})

    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]), data
    )

    assert response.context["lead_formset"].total_form_count() == 10
    assert 'value="Person9"' in response.content.decode()


AT_MOST = "You can add at most 10 people at once; save these first."


def test_add_another_lead_at_ten_rows_says_why_no_row_is_added(owner_client, completed):
    data = {"leads-TOTAL_FORMS": "10", "leads-INITIAL_FORMS": "0", "add_lead": "1"}

    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]), data
    )

    assert AT_MOST in response.content.decode()


def test_a_huge_row_count_posted_renders_at_most_ten_rows(owner_client, completed):
    data = {"leads-TOTAL_FORMS": "100000", "leads-INITIAL_FORMS": "0", "add_lead": "1"}

    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]), data
    )

    assert response.status_code == 200
    assert response.context["lead_formset"].total_form_count() == 10
    page = response.content.decode()
    assert page.count("data-lead-row>") <= 11  # ten rows and the JS template
    assert 'name="leads-10-first_name"' not in page
    assert AT_MOST in page


@pytest.mark.parametrize("total", ["11", "100000"])
def test_saving_more_than_ten_leads_says_so_in_the_apps_words(
    owner_client, completed, total
):
    data = {"leads-TOTAL_FORMS": total, "leads-INITIAL_FORMS": "0"}
    data.update({f"leads-{i}-first_name": f"Person{i}" for i in range(11)})

    response = owner_client.post(
        reverse("followups:leads_add", args=[completed.pk]), data
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert AT_MOST in page
    assert "Please submit at most" not in page
    assert response.context["lead_formset"].total_form_count() <= 10
    assert not Contact.objects.filter(referred_by=completed.contact).exists()


# Without JavaScript, "Add another lead" lands on the new row, not at the top.


def test_add_another_lead_without_javascript_lands_on_the_new_row(
    owner_client, completed
):
    url = reverse("followups:leads_add", args=[completed.pk])
    page = owner_client.get(
        reverse("followups:wrapup", args=[completed.pk])
    ).content.decode()
    assert 'id="lead-1"' in page
    assert f'formaction="{url}#lead-2"' in page

    response = owner_client.post(
        url,
        {
            "leads-TOTAL_FORMS": "1",
            "leads-INITIAL_FORMS": "0",
            "leads-0-first_name": "Omar",
            "add_lead": "1",
        },
    )

    page = response.content.decode()
    assert 'id="lead-2"' in page
    assert f'formaction="{url}#lead-3"' in page


def test_add_another_lead_at_ten_rows_lands_on_the_limit_message(
    owner_client, completed
):
    url = reverse("followups:leads_add", args=[completed.pk])
    data = {"leads-TOTAL_FORMS": "9", "leads-INITIAL_FORMS": "0", "add_lead": "1"}

    page = owner_client.post(url, data).content.decode()

    assert 'id="lead-10"' in page
    assert f'formaction="{url}#lead-limit"' in page


def test_the_wrap_up_offers_to_reopen_while_the_note_is_unsent(owner_client, completed):
    url = reverse("followups:wrapup", args=[completed.pk])
    reopen = reverse("followups:reopen", args=[completed.pk])

    assert reopen in owner_client.get(url).content.decode()
    ThankYouNote.objects.filter(interview=completed).update(
        status="sent", sent_at=timezone.now(), sent_via="mail"
    )
    assert reopen not in owner_client.get(url).content.decode()
