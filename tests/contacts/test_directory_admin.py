"""The directory as career-centre staff run it in the admin: importing people
from a CSV file, pausing them, their students' outcomes as counts, and who has
gone a year without a request."""

import datetime
import logging
import re
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.staff import ensure_staff_group
from contacts import directory_import
from contacts.models import (
    DirectoryEntry,
    DirectoryEntryPaused,
    DirectoryImport,
    Organization,
)
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    DirectoryOrganizationFactory,
    InterviewFactory,
    InterviewRequestFactory,
    ThankYouNoteFactory,
    UserFactory,
)
from tests.queries import queries_for
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# A Monday in June, at noon in Toronto: no test depends on today's real date.
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=TORONTO)

CHANGELIST_URL = reverse("admin:contacts_directoryentry_changelist")
IMPORT_URL = reverse("admin:contacts_directoryentry_import")
HEADER = "first_name,last_name,job_title,organization,email\n"


def preview_url(batch):
    return reverse("admin:contacts_directoryentry_import_preview", args=[batch.pk])


def commit_url(batch_or_pk):
    pk = getattr(batch_or_pk, "pk", batch_or_pk)
    return reverse("admin:contacts_directoryentry_import_commit", args=[pk])


def change_url(entry):
    return reverse("admin:contacts_directoryentry_change", args=[entry.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def member():
    member = UserFactory(email="desk@college.example", is_staff=True)
    member.groups.add(ensure_staff_group())
    return member


@pytest.fixture
def member_client(client, member):
    return sign_in_staff(client, member)


def upload(client, content, name="people.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def uploaded_batch(client, content):
    response = upload(client, content)
    assert response.status_code == 302, response.context["form"].errors
    return DirectoryImport.objects.get()


def form_errors(response):
    assert response.status_code == 200
    # Numbers and sizes are grouped with a no-break space in Canadian English.
    return " ".join(response.context["form"].errors["file"]).replace("\xa0", " ")


# Importing


def test_the_changelist_offers_the_import(member_client):
    html = member_client.get(CHANGELIST_URL).content.decode()

    assert f'href="{IMPORT_URL}"' in html
    assert "Import from CSV" in html


def test_the_upload_page_documents_every_column(member_client):
    html = member_client.get(IMPORT_URL).content.decode()

    for name in directory_import.COLUMNS:
        assert f"<code>{name}</code>" in html
    assert "style=" not in html


def test_an_import_is_previewed_then_commit_adds_every_row(member_client, member):
    DirectoryOrganizationFactory(name="Massey Hall")
    content = (
        "First Name,LAST_NAME,Job Title,Organization,Field,City,Source,Program,"
        "Graduation Year,Bio,Topics,Preferred Channel,Email,Phone,"
        "Mailing Address,Monthly Limit\n"
        "Maya,Singh,General Manager,massey hall,Theatre management,Toronto,"
        'alumni_office,Arts Management,2009,"Started as an usher.\nRan the box '
        'office.",Touring,Telephone,maya@example.org,416-555-0100,'
        '"178 Victoria St\nToronto",5\n'
        "Ben,Adams,Curator,Royal Ontario Museum,,,,,,,,,,,,\n"
    )

    batch = uploaded_batch(member_client, content)
    preview = member_client.get(preview_url(batch))
    assert not DirectoryEntry.objects.exists()
    html = preview.content.decode()
    assert [mark.problems for mark in preview.context["judgement"].marks] == [[], []]
    assert "2 people will be added to the directory." in html
    assert "Add 2 people" in html

    response = member_client.post(commit_url(batch))

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    assert "2 people added to the directory." in messages_of(response)
    maya = DirectoryEntry.objects.get(last_name="Singh")
    assert maya.organization.name == "Massey Hall"  # the existing one, in any case
    assert (maya.source, maya.preferred_channel) == ("alumni_office", "telephone")
    assert (maya.graduation_year, maya.monthly_limit) == (2009, 5)
    assert maya.bio == "Started as an usher.\nRan the box office."
    assert maya.mailing_address == "178 Victoria St\nToronto"
    ben = DirectoryEntry.objects.get(last_name="Adams")
    assert ben.organization.owner is None  # a new directory organization
    assert (ben.source, ben.preferred_channel, ben.monthly_limit) == (
        "career_centre",
        "email",
        2,
    )
    assert Organization.objects.filter(owner__isnull=True).count() == 2
    assert not DirectoryImport.objects.exists()


def test_one_bad_row_adds_nobody_and_shows_the_problem(member_client):
    content = HEADER + (
        "Maya,Singh,Manager,Massey Hall,maya@example.org\n"
        "Ben,Adams,Curator,ROM,not-an-address\n"
    )
    batch = uploaded_batch(member_client, content)

    html = member_client.get(preview_url(batch)).content.decode()
    assert "1 row has a problem, so no one will be added" in html
    assert "Enter a valid email address." in html
    assert "will be added" in html  # Maya's row, on its own, is fine
    assert f'action="{commit_url(batch)}"' not in html

    response = member_client.post(commit_url(batch))

    assert response.status_code == 302
    assert response["Location"] == preview_url(batch)
    assert any("Nothing was added" in m for m in messages_of(response))
    assert not DirectoryEntry.objects.exists()
    assert not Organization.objects.exists()
    assert DirectoryImport.objects.filter(pk=batch.pk).exists()


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (",Singh,,,\n", "First name is missing."),
        ("Maya,,,,\n", "Last name is missing."),
        (
            "Maya,Singh,,Massey Hall,\nMAYA, singh ,,massey hall,\n",
            "The same person as row 2.",
        ),
        (
            "Maya,Singh,,,m@example.org\nBen,Adams,,,M@example.org\n",
            "The same email as row 2.",
        ),
        (
            "Priya,Raman,,Stratford Festival,\n",
            "Already in the directory: the same name at the same organization.",
        ),
        ("Ben,Adams,,,PRIYA@example.org\n", "Already in the directory with this"),
        ("Maya,Singh,,,not-an-address\n", "Enter a valid email address."),
        ("Maya,Singh,Manager,Massey Hall,x@example.org,extra\n", "more cells"),
    ],
)
def test_a_bad_row_is_shown_with_its_problem(member_client, rows, problem):
    DirectoryEntryFactory(
        first_name="priya",
        last_name="RAMAN",
        organization=DirectoryOrganizationFactory(name="Stratford Festival"),
        email="priya@example.org",
    )
    batch = uploaded_batch(member_client, HEADER + rows)

    html = member_client.get(preview_url(batch)).content.decode()
    member_client.post(commit_url(batch))

    assert problem in html
    assert DirectoryEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("preferred_channel", "pigeon", "“pigeon” is not one of: email, telephone"),
        ("source", "a friend", "“a friend” is not one of: career_centre"),
        ("graduation_year", "1850", "greater than or equal to 1900"),
        ("graduation_year", "next year", "must be an integer"),
        ("monthly_limit", "0", "greater than or equal to 1"),
        ("monthly_limit", "101", "less than or equal to 100"),
        ("monthly_limit", "lots", "must be an integer"),
        ("bio", "x" * 5001, "Short bio is longer than 5 000 characters."),
        ("job_title", "x" * 201, "at most 200 characters"),
    ],
)
def test_a_bad_value_is_a_problem_of_its_row(member_client, column, value, problem):
    content = f"first_name,last_name,{column}\nMaya,Singh,{value}\n"
    batch = uploaded_batch(member_client, content)

    html = member_client.get(preview_url(batch)).content.decode()
    member_client.post(commit_url(batch))

    assert problem in html.replace("\xa0", " ")
    assert not DirectoryEntry.objects.exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "The submitted file is empty."),
        (b"  \n\n", "The file is empty."),
        ("first_name,last_name\nRené,Côté\n".encode("cp1252"), "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
        (b"first_name,last_name\x00\n", "binary data"),
        (b"Maya,Singh\nBen,Adams\n", "The first row must be a header row"),
        (b"first_name,last_name,salary\nMaya,Singh,1\n", "Unknown columns: salary"),
        (b"first_name,last_name,First Name\n", "appear twice: first_name"),
        (b"first_name,last_name\n\n", "a header row but no people"),
        (b"first_name,last_name" + b",x" * 50 + b"\n", "more than 50 columns"),
        (b"first_name,last_name\nMaya" + b",x" * 50 + b"\n", "more than 50 columns"),
        (
            b"first_name,last_name\n" + b"Maya,Singh\n" * 2001,
            "more than 2 000 people",
        ),
        # One line of nearly a megabyte, as one cell: csv's own limit stops it.
        (b"first_name," + b"x" * 1_000_000, "could not be read as CSV"),
    ],
)
def test_a_bad_file_is_refused_with_a_message(member_client, content, error):
    response = upload(member_client, content)

    assert error in form_errors(response)
    assert not DirectoryImport.objects.exists()


def test_the_most_rows_an_import_takes_are_read(member_client):
    content = "first_name,last_name\n" + "".join(
        f"Maya{n},Singh\n" for n in range(directory_import.MAX_ROWS)
    )

    batch = uploaded_batch(member_client, content)

    assert len(batch.rows) == directory_import.MAX_ROWS


@pytest.mark.parametrize(
    "content",
    [
        b"first_name,last_name\n" + b"x" * (1024 * 1024),
        b"x" * (5 * 1024 * 1024),  # a 5 MB single line
    ],
    ids=["just over 1 MB", "a 5 MB single line"],
)
def test_an_oversize_file_is_refused_before_it_is_read(member_client, caplog, content):
    with (
        mock.patch.object(directory_import, "decode") as decode,
        mock.patch.object(directory_import, "parse") as parse,
        caplog.at_level(logging.WARNING, logger="infointerview.security"),
    ):
        response = upload(member_client, content)

    assert "larger than the limit of 1.0 MB" in form_errors(response)
    decode.assert_not_called()
    parse.assert_not_called()
    assert "directory import refused" in caplog.text
    assert not DirectoryImport.objects.exists()


def test_a_byte_order_mark_and_a_spreadsheet_quote_are_read_away(member_client):
    content = "\ufefffirst_name,last_name,job_title\nMaya,Singh,'=Manager\n"

    batch = uploaded_batch(member_client, content)

    assert batch.rows[0]["v"] == {
        "first_name": "Maya",
        "last_name": "Singh",
        "job_title": "=Manager",
    }


def test_a_person_added_after_the_preview_is_still_caught(member_client):
    batch = uploaded_batch(member_client, HEADER + "Maya,Singh,,,maya@example.org\n")
    DirectoryEntryFactory(first_name="Someone", email="maya@example.org")

    member_client.post(commit_url(batch))

    assert DirectoryEntry.objects.count() == 1


def test_someone_elses_import_or_an_unknown_one_is_not_found(member_client, member):
    colleague = UserFactory(is_staff=True)
    colleague.groups.add(ensure_staff_group())
    theirs = DirectoryImport.objects.create(
        created_by=colleague,
        filename="theirs.csv",
        rows=[{"n": 2, "v": {"first_name": "A", "last_name": "B"}, "p": []}],
    )

    assert member_client.get(preview_url(theirs)).status_code == 404
    assert member_client.post(commit_url(theirs)).status_code == 404
    assert member_client.post(commit_url(theirs.pk + 1)).status_code == 404
    assert not DirectoryEntry.objects.exists()


def test_committing_takes_a_post(member_client):
    batch = uploaded_batch(member_client, HEADER + "Maya,Singh,,,\n")

    assert member_client.get(commit_url(batch)).status_code == 405
    assert not DirectoryEntry.objects.exists()


def test_a_committed_import_cannot_be_committed_twice(member_client):
    batch = uploaded_batch(member_client, HEADER + "Maya,Singh,,,\n")
    member_client.post(commit_url(batch))

    assert member_client.post(commit_url(batch)).status_code == 404
    assert DirectoryEntry.objects.count() == 1


def test_cancelling_an_import_forgets_it(member_client):
    batch = uploaded_batch(member_client, HEADER + "Maya,Singh,,,\n")
    cancel = reverse("admin:contacts_directoryentry_import_cancel", args=[batch.pk])

    response = member_client.post(cancel)

    assert response.status_code == 302
    assert not DirectoryImport.objects.exists()
    assert not DirectoryEntry.objects.exists()


def test_a_student_is_sent_to_the_admin_login(owner_client, member):
    batch = DirectoryImport.objects.create(created_by=member, filename="a.csv")
    for response in (
        owner_client.get(IMPORT_URL),
        owner_client.get(preview_url(batch)),
        owner_client.post(commit_url(batch)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_staff_who_may_not_add_people_may_not_import(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *ensure_staff_group().permissions.filter(codename="view_directoryentry")
    )
    sign_in_staff(client, viewer)

    assert client.get(IMPORT_URL).status_code == 403
    assert "Import from CSV" not in client.get(CHANGELIST_URL).content.decode()


# Pausing


def run_action(client, action, *entries):
    return client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
    )


def student_sees(client, query=""):
    response = client.get(reverse("directory:list"), {"q": query} if query else {})
    return [entry.first_name for entry in response.context["page"].object_list]


def test_staff_pause_people_away_or_at_capacity_and_resume_them(member_client):
    maya = DirectoryEntryFactory(first_name="Maya")
    ben = DirectoryEntryFactory(first_name="Ben")

    response = run_action(member_client, "pause_away", maya)
    assert "1 person paused" in " ".join(messages_of(response))
    run_action(member_client, "pause_at_capacity", ben)
    maya.refresh_from_db()
    ben.refresh_from_db()
    assert (maya.pause_reason, ben.pause_reason) == ("away", "at_capacity")
    assert maya.is_active and maya.is_paused()

    response = run_action(member_client, "resume", maya, ben)

    assert "2 people resumed" in " ".join(messages_of(response))
    assert DirectoryEntry.objects.paused().count() == 0


def test_the_list_shows_who_is_paused_and_filters_by_it(member_client):
    DirectoryEntryFactory(first_name="Maya", pause_reason="away")
    DirectoryEntryFactory(first_name="Ben")

    paused = member_client.get(CHANGELIST_URL, {"paused": "yes"})
    taking = member_client.get(CHANGELIST_URL, {"paused": "no"})

    assert [e.first_name for e in paused.context["cl"].result_list] == ["Maya"]
    assert [e.first_name for e in taking.context["cl"].result_list] == ["Ben"]
    assert '<td class="field-pause">Away</td>' in paused.content.decode()


def test_a_paused_person_is_hidden_from_students_and_cannot_be_added(
    client, owner_client, user
):
    maya = DirectoryEntryFactory(first_name="Maya", field="Theatre", city="Toronto")
    DirectoryEntryFactory(first_name="Ben", field="Museums", city="Ottawa")
    DirectoryEntry.objects.filter(pk=maya.pk).pause("at_capacity")

    response = owner_client.get(reverse("directory:list"))
    assert student_sees(owner_client) == ["Ben"]
    assert student_sees(owner_client, "Maya") == []
    assert "Theatre" not in str(response.context["form"]["field"])
    assert (
        owner_client.get(reverse("directory:detail", args=[maya.pk])).status_code == 404
    )
    assert list(DirectoryEntry.objects.active()) == [
        DirectoryEntry.objects.get(first_name="Ben")
    ]

    # A page opened before the pause still posts its add button.
    response = owner_client.post(reverse("directory:add", args=[maya.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:list")
    assert "Maya" in messages_of(response)[0]
    assert "not taking new students" in messages_of(response)[0]
    assert not user.contacts.exists()
    with pytest.raises(DirectoryEntryPaused):
        maya.add_to_contacts(user)


def test_a_pause_ends_by_itself_after_its_last_day(owner_client, user):
    maya = DirectoryEntryFactory(
        first_name="Maya", pause_reason="away", paused_until=datetime.date(2026, 6, 15)
    )

    with time_machine.travel(NOW, tick=False):
        assert student_sees(owner_client) == []
        assert maya.is_paused()
    # 00:30 on the 16th in Toronto is still the 16th, whatever UTC says.
    with time_machine.travel(datetime.datetime(2026, 6, 16, 0, 30, tzinfo=TORONTO)):
        assert student_sees(owner_client) == ["Maya"]
        assert not maya.is_paused()
        contact = maya.add_to_contacts(user)

    assert contact.directory_entry == maya


def test_a_date_without_a_reason_is_refused_by_the_form(member_client):
    maya = DirectoryEntryFactory(first_name="Maya", last_name="Singh")
    form = member_client.get(change_url(maya)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        first_name="Maya",
        last_name="Singh",
        organization=maya.organization_id,
        paused_until="2026-07-01",
        pause_reason="",
        is_active="on",
    )

    response = member_client.post(change_url(maya), data)

    assert response.status_code == 200
    assert "Choose why they are paused" in response.content.decode()


# Students' outcomes, as counts


def history(entry, student, *, added, requests=(), interviews=(), thanks=()):
    """A contact made from the entry, with its requests, interviews and notes."""
    contact = ContactFactory(
        owner=student,
        first_name=entry.first_name,
        last_name=entry.last_name,
        directory_entry=entry,
        lead_source="career_centre",
        notes="Private words of the student.",
    )
    type(contact).objects.filter(pk=contact.pk).update(created_at=added)
    for sent in requests:
        # One open at a time: the earlier ones went unanswered.
        InterviewRequestFactory(
            owner=student,
            contact=contact,
            status="sent" if sent == requests[-1] else "no_reply",
            sent_at=sent,
        )
    held = []
    for starts in interviews:
        held.append(
            InterviewFactory(
                owner=student, contact=contact, status="completed", starts_at=starts
            )
        )
    # An interview that was cancelled is not one held.
    InterviewFactory(
        owner=student, contact=contact, status="cancelled", starts_at=added
    )
    for interview, sent in zip(held, thanks, strict=False):
        ThankYouNoteFactory(
            interview=interview, status="sent", sent_at=sent, sent_via="email_app"
        )
    return contact


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=TORONTO)


@pytest.fixture
def maya_with_history():
    maya = DirectoryEntryFactory(first_name="Maya", last_name="Singh")
    olivia = UserFactory(email="olivia.student@example.com", first_name="Olivia")
    sam = UserFactory(email="sam.student@example.com", first_name="Samwise")
    history(
        maya,
        olivia,
        added=at(2026, 4, 2),
        requests=[at(2026, 4, 3), at(2026, 4, 20)],
        interviews=[at(2026, 5, 4), at(2026, 6, 1)],
        # 23:30 on 31 May in Toronto is 1 June in UTC: it counts in May.
        thanks=[at(2026, 5, 31, 23)],
    )
    history(
        maya,
        sam,
        added=at(2026, 6, 1, 0),
        requests=[at(2026, 6, 2)],
        interviews=[at(2026, 6, 10)],
        thanks=[at(2026, 6, 11)],
    )
    # More than a year ago: in the total of all time, not in the months shown.
    history(
        maya,
        UserFactory(),
        added=at(2025, 5, 20),
        requests=[at(2025, 5, 21)],
    )
    # Another person's students count for them, not for Maya.
    history(DirectoryEntryFactory(), olivia, added=at(2026, 6, 2), requests=[NOW])
    return maya


def test_a_persons_page_shows_their_students_outcomes_by_month(
    member_client, maya_with_history
):
    with time_machine.travel(NOW, tick=False):
        response = member_client.get(change_url(maya_with_history))
        outcomes = maya_with_history.outcomes_by_month()

    months = dict(outcomes["months"])
    assert len(months) == 12
    assert next(iter(months)) == datetime.date(2026, 6, 1)
    assert min(months) == datetime.date(2025, 7, 1)
    counts = ("added", "requests", "interviews", "thanks")
    row = lambda month: tuple(months[month][name] for name in counts)  # noqa: E731
    assert row(datetime.date(2026, 4, 1)) == (1, 2, 0, 0)
    assert row(datetime.date(2026, 5, 1)) == (0, 0, 1, 1)
    assert row(datetime.date(2026, 6, 1)) == (1, 1, 2, 1)
    assert row(datetime.date(2026, 3, 1)) == (0, 0, 0, 0)
    assert tuple(outcomes["recent"][name] for name in counts) == (2, 3, 3, 2)
    assert tuple(outcomes["all_time"][name] for name in counts) == (3, 4, 3, 2)
    html = response.content.decode()
    assert "June 2026" in html and "July 2025" in html
    assert "Last 12 months" in html
    # Each count rests on one or two students: none is shown as a number.
    table = html[html.index('class="directory-outcomes"') :]
    table = table[: table.index("</table>")]
    assert "fewer than 5" in table
    assert not re.search(r"<td>\d+</td>", table)
    for private in (
        "Olivia",
        "olivia.student@example.com",
        "Samwise",
        "sam.student@example.com",
        "Private words",
    ):
        assert private not in html


def test_the_outcomes_take_the_same_queries_whatever_the_history(member_client):
    maya = DirectoryEntryFactory()
    with time_machine.travel(NOW, tick=False):
        history(maya, UserFactory(), added=at(2026, 6, 1), requests=[at(2026, 6, 2)])
        few = queries_for(member_client, change_url(maya))
        for month in range(1, 13):
            history(
                maya,
                UserFactory(),
                added=at(2025, month, 3),
                requests=[at(2025, month, 4), at(2025, month, 5)],
                interviews=[at(2025, month, 6)],
                thanks=[at(2025, month, 7)],
            )
        many = queries_for(member_client, change_url(maya))

        with CaptureQueriesContext(connection) as outcomes:
            maya.outcomes_by_month()

    assert many == few
    # Per measure, the months and the students behind the totals.
    assert len(outcomes) == 8


# Not contacted in 12 months


def test_the_list_finds_people_nobody_contacted_in_12_months(member_client):
    with time_machine.travel(NOW, tick=False):
        recent = DirectoryEntryFactory(first_name="Recent")
        history(recent, UserFactory(), added=at(2025, 1, 1), requests=[at(2026, 3, 1)])
        stale = DirectoryEntryFactory(first_name="Stale")
        history(stale, UserFactory(), added=at(2025, 1, 1), requests=[at(2025, 6, 1)])
        added_only = DirectoryEntryFactory(first_name="Added")
        history(added_only, UserFactory(), added=at(2026, 6, 1))
        DirectoryEntryFactory(first_name="Never")

        quiet = member_client.get(CHANGELIST_URL, {"contacted": "no"})
        asked = member_client.get(CHANGELIST_URL, {"contacted": "yes"})

    assert sorted(e.first_name for e in quiet.context["cl"].result_list) == [
        "Added",
        "Never",
        "Stale",
    ]
    assert [e.first_name for e in asked.context["cl"].result_list] == ["Recent"]
    assert "Not contacted in 12 months" in quiet.content.decode()


# Queries


def make_people(n):
    """Entries, each added by a student who sent them a request."""
    for i in range(n):
        entry = DirectoryEntryFactory(pause_reason="away" if i % 2 else "")
        history(entry, UserFactory(), added=NOW, requests=[NOW])


@pytest.mark.parametrize(
    "params", [{}, {"contacted": "no"}, {"paused": "yes"}, {"q": "theatre"}]
)
def test_the_changelist_runs_as_many_queries_for_30_people_as_for_3(
    member_client, params
):
    make_people(3)
    few = queries_for(member_client, CHANGELIST_URL, **params)

    make_people(27)
    many = queries_for(member_client, CHANGELIST_URL, **params)

    assert many == few


def people_csv(n):
    return HEADER + "".join(
        f"Person{i},Lee,Manager,Organization {i},person{i}@example.org\n"
        for i in range(n)
    )


def commit_queries(client, n):
    batch = uploaded_batch(client, people_csv(n))
    preview = queries_for(client, preview_url(batch))
    with CaptureQueriesContext(connection) as context:
        assert client.post(commit_url(batch)).status_code == 302
    DirectoryEntry.objects.all().delete()
    Organization.objects.all().delete()
    return preview, len(context.captured_queries)


def test_previewing_and_committing_run_as_many_queries_for_30_rows_as_for_3(
    member_client,
):
    # Each row adds a person and a new organization: neither is saved one by one.
    assert commit_queries(member_client, 30) == commit_queries(member_client, 3)


def test_a_persons_record_leads_to_the_reports_about_them(client):
    from accounts.staff import ensure_staff_group
    from tests.factories import DirectoryEntryFactory, UserFactory

    member = UserFactory(is_staff=True)
    member.groups.add(ensure_staff_group())
    sign_in_staff(client, member)
    entry = DirectoryEntryFactory()

    html = client.get(
        reverse("admin:contacts_directoryentry_change", args=[entry.pk])
    ).content.decode()

    link = f"/admin/reports/?period=year&amp;directory_entry={entry.pk}"
    assert link in html
    report = client.get(f"/admin/reports/?period=year&directory_entry={entry.pk}")
    assert report.status_code == 200
    assert str(entry) in report.content.decode()


def test_a_persons_outcomes_show_numbers_from_five_students_on(member_client):
    maya = DirectoryEntryFactory(monthly_limit=10)
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            history(
                maya, UserFactory(), added=at(2026, 6, 1), requests=[at(2026, 6, 2)]
            )
        html = member_client.get(change_url(maya)).content.decode()

    table = html[html.index('class="directory-outcomes"') :]
    row = table[table.index("June 2026") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r"<td>([^<]*)</td>", row) == [
        "5",
        "5",
        "fewer than 5",
        "fewer than 5",
    ]
