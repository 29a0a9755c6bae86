"""The whole journey through the views, from a directory lead to keeping in
touch 90 days after the thank-you note, checking the contact's stage, the
dashboard and the follow-ups at every step."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from followups.models import FollowUp, Learning, ThankYouNote, Touchpoint
from interviews.models import Interview, InterviewRequest
from tests.factories import PDF_BYTES, DirectoryEntryFactory

pytestmark = pytest.mark.django_db

Stage = Contact.Stage


def todo(client):
    """The dashboard's next actions, as (kind, title)."""
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [(action.kind, str(action.title)) for action in response.context["todo"]]


def open_followups(user):
    return sorted(FollowUp.objects.for_user(user).open().values_list("kind", flat=True))


def a_weekday_soon():
    day = timezone.localdate() + datetime.timedelta(days=2)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def test_a_student_goes_from_a_directory_lead_to_keeping_in_touch(
    owner_client, user, smtp_server, time_machine
):
    client = owner_client
    user.first_name, user.last_name = "Maya", "Desjardins"
    user.program, user.phone = "Arts Management", "416-555-0142"
    user.target_occupations = "theatre manager"
    user.save()

    # 1. A theatre manager from the career-centre directory becomes a lead.
    entry = DirectoryEntryFactory(
        first_name="Priya", last_name="Raman", email="priya@example.org"
    )
    client.post(reverse("directory:add", args=[entry.pk]))
    priya = Contact.objects.get(owner=user, directory_entry=entry)
    assert (priya.stage, priya.lead_source) == (Stage.LEAD, "career_centre")
    assert todo(client) == []

    # 2. A resume, then an email request with it, sent through SMTP.
    client.post(
        reverse("accounts:resumes"),
        {"label": "Theatre", "file": SimpleUploadedFile("cv.pdf", PDF_BYTES)},
    )
    create = reverse("interviews:request_create", args=[priya.pk]) + "?channel=email"
    draft = client.get(create).context["form"].initial
    client.post(
        create,
        {
            "channel": "email",
            "subject": draft["subject"],
            "message": draft["message"],
            "resume": user.resumes.get().pk,
            "send": "",
        },
    )
    request = InterviewRequest.objects.get()
    assert request.status == InterviewRequest.Status.SENT
    email, _copy = smtp_server.messages
    assert email["To"] == "priya@example.org"
    assert [part.get_content() for part in email.iter_attachments()] == [PDF_BYTES]
    priya.refresh_from_db()
    assert priya.stage == Stage.REQUESTED
    assert client.get(reverse("home")).context["still_waiting"] == 1

    # 3. She accepts; the interview is scheduled over lunch.
    response = client.post(
        reverse("interviews:request_answer", args=[request.pk]), {"status": "accepted"}
    )
    assert ("schedule", "Schedule your interview with Priya Raman") in todo(client)
    response = client.post(
        response["Location"],
        {
            "date": a_weekday_soon().isoformat(),
            "start": "12:00",
            "end": "12:30",
            "format": "in_person",
            "location": "Massey Hall, 178 Victoria St",
        },
    )
    interview = Interview.objects.get()
    priya.refresh_from_db()
    assert priya.stage == Stage.SCHEDULED
    assert "schedule" not in [kind for kind, _title in todo(client)]
    assert interview.questions.count() >= 7
    assert ("prepare", "Prepare for Priya Raman") in todo(client)

    # 4. Prepared: every item of the checklist.
    client.post(
        reverse("interviews:checklist", args=[interview.pk]),
        dict.fromkeys(Interview.PREP_FIELDS, "on"),
    )
    assert [kind for kind, _title in todo(client)] == []

    # 5. It took place (told once it has): a thank-you is now due, with its
    # follow-up. The clock moves to just after the conversation.
    time_machine.move_to(interview.ends_at + datetime.timedelta(minutes=5))
    client.post(reverse("followups:complete", args=[interview.pk]))
    priya.refresh_from_db()
    assert priya.stage == Stage.INTERVIEWED
    assert ("thank_you", "Thank Priya Raman") in todo(client)
    assert open_followups(user) == ["thank_you"]

    # 6. A learning, and two people she suggested.
    client.post(
        reverse("followups:learning_add", args=[interview.pk]),
        {"kind": "both", "text": "Front-of-house work is the usual way in."},
    )
    client.post(
        reverse("followups:leads_add", args=[interview.pk]),
        {
            "leads-TOTAL_FORMS": "3",
            "leads-INITIAL_FORMS": "0",
            "leads-0-first_name": "Omar",
            "leads-0-organization_name": "Soulpepper",
            "leads-1-first_name": "Lena",
            "leads-1-job_title": "Box Office Manager",
        },
    )
    leads = Contact.objects.filter(referred_by=priya)
    assert leads.count() == 2
    assert open_followups(user) == ["pursue_lead", "pursue_lead", "thank_you"]

    # 7. The thank-you mentions what she said, and goes out by email.
    learning = Learning.objects.get()
    client.post(
        reverse("followups:thank_you", args=[interview.pk]),
        {"learnings": [learning.pk], "subject": "x", "body": "x", "redraft": ""},
    )
    note = ThankYouNote.objects.get()
    client.post(
        reverse("followups:thank_you", args=[interview.pk]),
        {
            "learnings": [learning.pk],
            "subject": note.subject,
            "body": note.body,
            "ready": "",
        },
    )
    client.post(reverse("followups:thank_you_send", args=[interview.pk]))
    note.refresh_from_db()
    assert note.status == ThankYouNote.Status.SENT
    assert len(smtp_server.messages) == 4  # each message, then its copy
    assert "Front-of-house work is the usual way in." in (
        smtp_server.messages[2].get_content()
    )
    priya.refresh_from_db()
    assert priya.stage == Stage.THANKED
    assert open_followups(user) == ["pursue_lead", "pursue_lead"]
    assert "thank_you" not in [kind for kind, _title in todo(client)]

    # 8. Ninety days later she is due for a check-in...
    long_ago = timezone.now() - datetime.timedelta(days=91)
    Contact.objects.filter(pk=priya.pk).update(
        last_contacted_on=timezone.localdate(long_ago), stage_changed_at=long_ago
    )
    assert ("check_in", "Keep in touch with Priya Raman") in todo(client)

    # 9. ...and an article shared with her keeps her in the network.
    client.post(
        reverse("followups:touchpoint_create", args=[priya.pk]),
        {
            "kind": Touchpoint.Kind.ARTICLE,
            "happened_on": timezone.localdate().isoformat(),
            "link": "https://example.org/front-of-house",
            "note": "The article on front-of-house careers she mentioned.",
            "keep_in_touch_days": "90",
        },
    )
    priya.refresh_from_db()
    assert priya.stage == Stage.IN_NETWORK
    assert priya.last_contacted_on == timezone.localdate()
    assert "check_in" not in [kind for kind, _title in todo(client)]


def test_the_dashboard_runs_as_many_queries_for_300_of_everything_as_for_3(
    owner_client, user
):
    from followups.aftermath import complete_interview
    from tests.factories import ContactFactory, FollowUpFactory, InterviewFactory
    from tests.queries import queries_for

    now = timezone.now()
    long_ago = now - datetime.timedelta(days=200)

    def add(n):
        for _ in range(n):
            contact = ContactFactory(owner=user)
            # An accepted one not yet scheduled.
            accepted = InterviewRequest.objects.create(
                owner=user, contact=contact, channel="email", subject="s", message="m"
            )
            accepted.mark_sent(now - datetime.timedelta(days=3))
            accepted.mark_accepted()
            # A request waiting for an answer for weeks (asked again once the
            # first was answered: a contact has one open request at a time).
            request = InterviewRequest.objects.create(
                owner=user, contact=contact, channel="email", subject="s", message="m"
            )
            request.mark_sent(now - datetime.timedelta(days=20))
            # An interview tomorrow, not prepared.
            InterviewFactory(owner=user, contact=contact)
            # One that took place: a thank-you due.
            past = InterviewFactory(
                owner=user, contact=contact, starts_at=now - datetime.timedelta(hours=3)
            )
            complete_interview(past)
            # A follow-up due, and a thanked contact due for a check-in.
            FollowUpFactory(owner=user, contact=contact)
            ContactFactory(
                owner=user,
                stage=Stage.THANKED,
                stage_changed_at=long_ago,
                last_contacted_on=timezone.localdate(long_ago),
            )

    add(3)
    few = queries_for(owner_client, reverse("home"))
    kinds = {kind for kind, _title in todo(owner_client)}
    assert kinds == {
        "request",
        "schedule",
        "prepare",
        "thank_you",
        "follow_up",
        "check_in",
    }

    add(297)
    many = queries_for(owner_client, reverse("home"))
    assert many == few
