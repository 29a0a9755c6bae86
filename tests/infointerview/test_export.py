"""The student's "Download all my data": one ZIP of everything they own."""

import csv
import io
import json
import zipfile

import icalendar
import pytest
from django.urls import reverse

from accounts.models import Resume
from contacts.transfer import read_vcards
from infointerview import export
from interviews.models import SendingLimit, SendingLimitHit, SentEmail
from tests.infointerview.everything import give_a_row_of_everything
from tests.infointerview.test_admin_privacy import rows_of, students_models
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get(reverse("export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_archive_holds_every_row_of_every_kind_the_student_owns_and_no_one_elses(
    owner_client, user, other_user
):
    give_a_row_of_everything(user)
    give_a_row_of_everything(other_user)

    archive = download(owner_client)

    for model in students_models():
        name = export.file_name(model)
        assert name in archive.namelist(), name
        found = {row["id"] for row in json.loads(archive.read(name))}
        assert found == set(rows_of(model, user).values_list("pk", flat=True)), name
        assert not found & set(rows_of(model, other_user).values_list("pk", flat=True))


def test_the_walk_names_the_files_a_student_expects():
    names = {export.file_name(model) for model in export.owned_models()}

    assert {
        "account.json",
        "contacts.json",
        "organizations.json",
        "interview_requests.json",
        "interviews.json",
        "interview_questions.json",
        "learnings.json",
        "thank_you_notes.json",
        "follow_ups.json",
        "touchpoints.json",
        "questions.json",
        "message_templates.json",
        "resumes.json",
        "journey_visits.json",
        "reminder_emails.json",
        "import_batches.json",
        "sent_emails.json",
        "sending_limit_hits.json",
    } <= names
    assert {m._meta.label for m in export.owned_models()} == {
        m._meta.label for m in students_models()
    }


def test_the_rows_link_by_id_and_the_thank_you_note_names_its_learnings(
    owner_client, user
):
    give_a_row_of_everything(user)

    archive = download(owner_client)

    interview = json.loads(archive.read("interviews.json"))[0]
    contacts = {row["id"] for row in json.loads(archive.read("contacts.json"))}
    assert interview["contact"] in contacts
    note = json.loads(archive.read("thank_you_notes.json"))[0]
    learnings = json.loads(archive.read("learnings.json"))
    assert note["interview"] == interview["id"]
    assert note["learnings"] == [learnings[0]["id"]]


def test_the_account_has_the_self_assessment_but_no_secret(owner_client, user):
    user.interests = "Front-of-house work"
    user.save()
    user.renew_calendar_token()

    archive = download(owner_client)

    (account,) = json.loads(archive.read("account.json"))
    assert account["email"] == user.email
    assert account["interests"] == "Front-of-house work"
    assert not {"password", "calendar_seed", "calendar_digest"} & set(account)
    text = b"".join(archive.read(name) for name in archive.namelist())
    assert user.calendar_seed.encode() not in text
    assert user.password.encode() not in text


def test_the_emails_sent_come_with_their_dates_but_not_the_digest_of_the_address(
    owner_client, user
):
    sent = SentEmail.objects.claim(user, "rhea@massey.example")
    SendingLimitHit.objects.create(owner=user, limit=SendingLimit.RECIPIENT_WEEK)

    archive = download(owner_client)

    (row,) = json.loads(archive.read("sent_emails.json"))
    assert row["id"] == sent.pk
    assert row["sent_at"].startswith(sent.sent_at.isoformat()[:19])
    assert "recipient_digest" not in row
    text = b"".join(archive.read(name) for name in archive.namelist())
    assert sent.recipient_digest.encode() not in text
    (hit,) = json.loads(archive.read("sending_limit_hits.json"))
    assert hit["limit"] == "recipient_week"


def test_the_resume_files_are_in_the_archive_byte_for_byte(owner_client, user):
    give_a_row_of_everything(user)
    resume = Resume.objects.get(owner=user)

    archive = download(owner_client)

    (row,) = json.loads(archive.read("resumes.json"))
    with resume.file.open("rb") as handle:
        assert archive.read(row["file"]) == handle.read()
    assert row["file"].startswith("resumes/")


def test_the_contacts_come_as_csv_and_vcard_and_the_interviews_as_a_calendar(
    owner_client, user, other_user
):
    give_a_row_of_everything(user)
    give_a_row_of_everything(other_user)

    archive = download(owner_client)

    rows = list(csv.DictReader(io.StringIO(archive.read("contacts.csv").decode())))
    emails = {contact.email for contact in user.contacts.all()}
    assert {row["email"] for row in rows} == emails
    cards = read_vcards(archive.read("contacts.vcf").decode())
    assert len(cards) == 2
    calendar = icalendar.Calendar.from_ical(archive.read("interviews.ics"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{user.interviews.get().uid}@infointerview"


def test_the_archive_of_a_new_student_is_all_there_and_empty(owner_client, user):
    archive = download(owner_client)

    assert json.loads(archive.read("contacts.json")) == []
    assert len(json.loads(archive.read("account.json"))) == 1


def test_the_export_runs_as_many_queries_for_30_of_each_as_for_3(
    owner_client, user, other_user
):
    give_a_row_of_everything(user, size=3)
    few = queries_for(owner_client, reverse("export"))
    give_a_row_of_everything(user, size=27)

    assert queries_for(owner_client, reverse("export")) == few


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_export_is_a_get(owner_client):
    assert owner_client.post(reverse("export")).status_code == 405


def test_the_profile_offers_the_download(owner_client):
    html = owner_client.get(reverse("accounts:profile")).content.decode()

    assert reverse("export") in html
    assert "Download all my data" in html
