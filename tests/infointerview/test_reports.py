"""The career centre's reports: the figures of a small campus built by hand,
the fewer-than-5 rule in the page, the chart and the CSV, who may see them,
bad input, and a number of queries that does not grow with the rows."""

import contextlib
import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from accounts.staff import ensure_staff_group
from contacts.models import Channel, Contact, LeadSource
from followups.models import ThankYouNote
from infointerview import reports
from infointerview.reports import Report
from interviews.models import Interview, InterviewRequest
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    InterviewFactory,
    InterviewRequestFactory,
    ThankYouNoteFactory,
    TouchpointFactory,
    UserFactory,
)
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# The day the tests look from: in the Fall 2026 term.
TODAY = datetime.datetime(2026, 10, 15, 12, 0, tzinfo=TORONTO)
FALL_2026 = reports.term_of(TODAY.date())


def local(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TORONTO)


@contextlib.contextmanager
def at(moment):
    """Rows made now get this moment as their created_at."""
    with time_machine.travel(moment, tick=False):
        yield


def figures(table):
    """{row label: [each figure as shown]}."""
    return {str(row.label): [str(f) for f in row.figures] for row in table.rows}


@pytest.fixture
def member(db):
    """A career-centre staff member, as the centre makes them."""
    person = UserFactory(email="advisor@example.com", is_staff=True)
    person.groups.add(ensure_staff_group())
    return person


@pytest.fixture
def member_client(client, member):
    with signed_in_at(client, member, TODAY):
        yield client


def make_students(n, **fields):
    return [UserFactory(**fields) for _ in range(n)]


def answered_request(student, contact, channel, sent, answered):
    return InterviewRequestFactory(
        owner=student,
        contact=contact,
        channel=channel,
        status=InterviewRequest.Status.ACCEPTED,
        sent_at=sent,
        answered_at=answered,
    )


def held_interview(student, starts, **fields):
    return InterviewFactory(
        owner=student, starts_at=starts, status=Interview.Status.COMPLETED, **fields
    )


def sent_note(interview, sent):
    return ThankYouNoteFactory(
        interview=interview,
        due_at=interview.starts_at + datetime.timedelta(days=1),
        status=ThankYouNote.Status.SENT,
        sent_at=sent,
        sent_via=ThankYouNote.SentVia.EMAIL,
    )


@pytest.fixture
def campus(db):
    """Five students in Ontario who each added a lead by a professor, sent an
    email that was answered and held an interview over lunch; four more who
    phoned; and activity that must not count."""
    five = make_students(5, program="Arts Management", province="ON")
    four = make_students(4, program="Nursing", province="ON")
    with at(local(10, 1)):
        leads = {
            s: ContactFactory(owner=s, lead_source=LeadSource.PROFESSOR) for s in five
        }
        leads |= {
            s: ContactFactory(owner=s, lead_source=LeadSource.FRIEND) for s in four
        }
        # Business days from each sending to its answer: 1 (Monday 12 October
        # is Thanksgiving), 2, 2, 3, 4; the median is 2.
        waits = [
            (local(10, 9), local(10, 13)),
            (local(10, 1), local(10, 5)),
            (local(10, 1), local(10, 5, 16)),
            (local(10, 1), local(10, 6)),
            (local(10, 1), local(10, 7)),
        ]
        for student, (sent, answered) in zip(five, waits, strict=True):
            answered_request(student, leads[student], Channel.EMAIL, sent, answered)
        for student in four:
            answered_request(
                student, leads[student], Channel.TELEPHONE, local(10, 2), local(10, 5)
            )
        held = [held_interview(s, local(10, 6, 12, 30), contact=leads[s]) for s in five]
        sent_note(held[0], held[0].starts_at + datetime.timedelta(hours=3))
        sent_note(held[1], held[1].starts_at + datetime.timedelta(hours=20))
        sent_note(held[2], held[2].starts_at + datetime.timedelta(hours=23))
        sent_note(held[3], held[3].starts_at + datetime.timedelta(days=2))
        ThankYouNoteFactory(interview=held[4])  # still a draft
    # Outside the term, or by staff: never counted.
    with at(local(8, 20)):
        ContactFactory(owner=five[0], lead_source=LeadSource.PROFESSOR)
    staff = UserFactory(is_staff=True, program="Arts Management")
    with at(local(10, 2)):
        ContactFactory(owner=staff, lead_source=LeadSource.PROFESSOR)
    return {"five": five, "four": four, "held": held}


def test_students_active_in_the_term_leave_out_staff_and_other_terms(campus):
    UserFactory()  # did nothing
    table = Report(FALL_2026).active_students()
    assert [f.value for f in table.rows[0].figures] == [9]


def test_leads_are_counted_by_source_with_fewer_than_5_students_hidden(campus):
    counts = figures(Report(FALL_2026).leads_by_source())
    assert counts[str(LeadSource.PROFESSOR.label)] == ["5", "5"]
    assert counts[str(LeadSource.FRIEND.label)] == ["fewer than 5", "fewer than 5"]


def test_requests_show_the_answer_rate_and_the_median_business_days(campus):
    counts = figures(Report(FALL_2026).requests_by_channel())
    assert counts[str(Channel.EMAIL.label)] == ["5", "5", "100%", "2.0"]
    assert counts[str(Channel.TELEPHONE.label)] == ["fewer than 5"] * 4


def test_the_median_counts_the_holidays_of_each_students_province(campus):
    # In Quebec, Thanksgiving is a holiday too; in a province where the
    # request was waiting over none, the count would differ.
    for student in campus["five"]:
        student.province = "QC"
        student.save(update_fields=["province"])
    counts = figures(Report(FALL_2026).requests_by_channel())
    assert counts[str(Channel.EMAIL.label)][3] == "2.0"


def test_interviews_held_are_counted_by_format_and_part_of_the_day(campus):
    report = Report(FALL_2026)
    by_format = figures(report.interviews_by_format())
    assert by_format[str(Interview.Format.IN_PERSON.label)] == ["5", "5"]
    by_part = figures(report.interviews_by_part_of_day())
    assert by_part[str(Interview.PartOfDay.LUNCH.label)] == ["5", "5"]
    assert by_part[str(Interview.PartOfDay.MORNING.label)][0] == "fewer than 5"


def test_the_part_of_the_day_in_sql_agrees_with_the_interviews_own_rule(user):
    times = [(0, 0), (8, 59), (9, 0), (11, 29), (11, 30), (13, 59), (14, 0)]
    times += [(15, 59), (16, 0), (23, 59)]
    held = [held_interview(user, local(10, 6, h, m)) for h, m in times]
    with time_machine.travel(TODAY, tick=False):
        table = Report(FALL_2026).interviews_by_part_of_day()
    # The rule of the model, seen from the centre's zone.
    expected = {}
    for interview in held:
        part = interview.part_of_day(TORONTO)
        expected[part.label] = expected.get(part.label, 0) + 1
    found = {str(row.label): row.figures[0].value for row in table.rows}
    assert {label: found[str(label)] for label in expected} == expected


def test_thank_you_notes_are_split_by_how_late_they_were(campus):
    counts = figures(Report(FALL_2026).thank_you_timeliness())
    # 3 on time, 1 late, 1 unsent: each rests on fewer than 5 students.
    assert set(counts) == {str(label) for _v, label in reports.THANK_YOU_BUCKETS}
    assert all(cells == ["fewer than 5"] * 2 for cells in counts.values())


def test_thank_you_shares_are_shown_from_5_students(campus):
    for interview in campus["held"][3:]:
        note = interview.thank_you_note
        note.status = ThankYouNote.Status.SENT
        note.sent_at = note.due_at - datetime.timedelta(hours=1)
        note.sent_via = ThankYouNote.SentVia.EMAIL
        note.save()
    counts = figures(Report(FALL_2026).thank_you_timeliness())
    assert counts["Within 24 hours"] == ["5", "100%"]


def test_referral_chains_are_counted_by_their_depth(db):
    students = make_students(5)
    with at(local(10, 1)):
        for student in students:
            first = ContactFactory(owner=student)
            second = ContactFactory(
                owner=student, lead_source=LeadSource.REFERRAL, referred_by=first
            )
            third = ContactFactory(
                owner=student, lead_source=LeadSource.REFERRAL, referred_by=second
            )
            chain = third
            for _ in range(4):  # depths 3, 4, 5 and 6
                chain = ContactFactory(
                    owner=student, lead_source=LeadSource.REFERRAL, referred_by=chain
                )
    counts = figures(Report(FALL_2026).referral_depth())
    assert counts == {
        "1": ["5", "5"],
        "2": ["5", "5"],
        "3": ["5", "5"],
        "4": ["5", "5"],
        "5 or more": ["10", "5"],
    }


def test_touchpoints_are_counted_by_kind_in_the_period(db):
    for student in make_students(5):
        TouchpointFactory(owner=student, happened_on=datetime.date(2026, 9, 1))
        TouchpointFactory(owner=student, happened_on=datetime.date(2026, 8, 31))
    counts = figures(Report(FALL_2026).touchpoints_by_kind())
    assert counts["Checked in"] == ["5", "5"]


def test_the_trend_runs_month_by_month_through_the_period(campus):
    table = Report(FALL_2026).trend()
    assert [str(row.label) for row in table.rows] == [
        "September 2026",
        "October 2026",
        "November 2026",
        "December 2026",
    ]
    october = [str(f) for f in table.rows[1].figures]
    # Leads (9), requests (9), interviews (5), thank-yous sent (4 students).
    assert october == ["9", "9", "5", "fewer than 5"]


def test_filters_narrow_the_students_and_the_contacts(campus):
    report = Report(FALL_2026, program="arts management")
    assert report.active_students().rows[0].figures[0].value == 5
    report = Report(FALL_2026, channel=Channel.TELEPHONE)
    leads = figures(report.leads_by_source())
    assert leads[str(LeadSource.PROFESSOR.label)][0] == "fewer than 5"
    report = Report(FALL_2026, province="QC")
    assert report.active_students().rows[0].figures[0].value == 0


def test_the_directory_filter_counts_only_its_persons_contacts(member_client, campus):
    entry = DirectoryEntryFactory(first_name="Ines", last_name="Moreau")
    with at(local(10, 3)):
        for student in make_students(5):
            ContactFactory(
                owner=student, directory_entry=entry, lead_source=LeadSource.OTHER
            )

    response = member_client.get(
        reverse("reports:index"), {"directory_entry": entry.pk}
    )

    html = response.content.decode()
    assert "Ines Moreau" in html
    assert "<select" not in html.split('name="directory_entry"')[0][-300:]
    tables = {table.name: table for table, _chart in response.context["tables"]}
    assert figures(tables["leads"])[str(LeadSource.OTHER.label)] == ["5", "5"]
    assert figures(tables["active"])[
        "Added a contact, sent a request, held an "
        "interview, sent a thank-you or logged a "
        "touchpoint"
    ] == ["5"]


# -- The page, the chart and the CSV -----------------------------------------


def test_the_page_shows_fewer_than_5_in_the_table_and_the_chart(member_client, campus):
    html = member_client.get(reverse("reports:index")).content.decode()
    leads = html.split('id="report-leads"')[1].split("</section>")[0]
    svg, table = leads.split("</svg>")
    assert "fewer than 5" in svg and "fewer than 5" in table
    assert re.search(r"<th scope=\"row\">Professor</th>\s*<td>5</td>", table)
    assert "<caption>" in table


def test_the_csv_has_the_same_figures_and_the_same_rule(member_client, campus):
    response = member_client.get(
        reverse("reports:csv", args=["leads"]), {"program": "Arts management"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert "Professor,5,5" in lines
    assert "Friend,fewer than 5,fewer than 5" in lines


def test_each_chart_links_to_its_csv_with_the_same_query(member_client, campus):
    html = member_client.get(
        reverse("reports:index"), {"period": "year", "program": "Nursing"}
    ).content.decode()
    for name in Report.TABLES:
        url = reverse("reports:csv", args=[name])
        assert f'href="{url}?period=year&amp;program=Nursing"' in html


def test_an_unknown_csv_is_not_found(member_client):
    assert member_client.get(reverse("reports:csv", args=["names"])).status_code == 404


def test_the_page_has_no_inline_style_or_script(member_client, campus):
    html = member_client.get(reverse("reports:index")).content.decode()
    assert " style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag
    assert "css/reports.css" in html


def test_the_page_never_shows_a_contacts_name_or_a_students_words(
    member_client, campus
):
    contact = Contact.objects.filter(owner=campus["five"][0]).first()
    request = InterviewRequest.objects.filter(owner=campus["five"][0]).first()
    html = member_client.get(reverse("reports:index")).content.decode()
    assert contact.last_name not in html
    assert request.message not in html
    assert campus["five"][0].email not in html


# -- Who may see it ----------------------------------------------------------


@pytest.mark.parametrize("url", [reverse("reports:index"), "/admin/reports/leads.csv"])
def test_anonymous_visitors_are_sent_to_the_admin_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


def test_a_student_is_sent_to_the_admin_login(owner_client):
    response = owner_client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_reports_permission_are_refused(client):
    clerk = UserFactory(email="clerk@example.com", is_staff=True)
    sign_in_staff(client, clerk)
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:csv", args=["leads"])).status_code == 403


def test_the_career_centre_and_superusers_see_the_reports(member_client, client):
    assert member_client.get(reverse("reports:index")).status_code == 200


def test_a_superuser_sees_the_reports(staff_client):
    assert staff_client.get(reverse("reports:index")).status_code == 200


def test_the_admin_index_links_to_the_reports(member_client):
    html = member_client.get(reverse("admin:index")).content.decode()
    assert reverse("reports:index") in html


def test_a_post_is_refused(member_client):
    assert member_client.post(reverse("reports:index")).status_code == 405
    csv_url = reverse("reports:csv", args=["leads"])
    assert member_client.post(csv_url).status_code == 405


# -- Bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "error"),
    [
        (
            {"period": "range", "first": "2026-05-01", "last": "2026-04-30"},
            "The range ends before it starts.",
        ),
        (
            {"period": "range", "first": "2010-01-01", "last": "2026-01-01"},
            "A range may span at most 10 years.",
        ),
        ({"period": "range", "first": "2026-01-01"}, "Give both the first"),
        ({"period": "range", "first": "yesterday", "last": "2026-01-01"}, "valid date"),
        ({"period": "decade"}, "Select a valid choice"),
        ({"graduation_year": "soon"}, "Enter a whole number."),
        ({"directory_entry": "Ines"}, "Enter a whole number."),
        ({"directory_entry": "999999"}, "No one in the directory has the number"),
        ({"province": "ZZ"}, "Select a valid choice"),
        ({"lead_source": "billboard"}, "Select a valid choice"),
        ({"channel": "fax"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_form_error(member_client, params, error):
    response = member_client.get(reverse("reports:index"), params)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["tables"] == []


def test_a_bad_csv_query_shows_the_form_error(member_client):
    response = member_client.get(
        reverse("reports:csv", args=["leads"]), {"channel": "fax"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_ten_years_exactly_less_a_day_is_accepted(member_client):
    response = member_client.get(
        reverse("reports:index"),
        {"period": "range", "first": "2016-01-01", "last": "2025-12-31"},
    )
    assert response.context["tables"]


# -- Periods, seen from a pinned clock ------------------------------------------


@pytest.mark.parametrize(
    ("now", "first", "last", "label"),
    [
        (TODAY, "2026-09-01", "2026-12-31", "Fall 2026"),
        (local(1, 2, year=2027), "2027-01-01", "2027-04-30", "Winter 2027"),
        (local(6, 1), "2026-05-01", "2026-08-31", "Summer 2026"),
        # 02:00 in London is still 31 August in Toronto: Summer.
        (
            datetime.datetime(2026, 9, 1, 2, tzinfo=datetime.UTC),
            "2026-05-01",
            "2026-08-31",
            "Summer 2026",
        ),
    ],
)
def test_this_term_follows_the_centres_calendar(now, first, last, label):
    with time_machine.travel(now, tick=False):
        term = reports.this_term()
    assert (term.first.isoformat(), term.last.isoformat()) == (first, last)
    assert term.label == label


@pytest.mark.parametrize(
    ("now", "first"),
    [(TODAY, "2026-09-01"), (local(1, 2, year=2027), "2026-09-01")],
)
def test_this_academic_year_runs_from_september_to_august(now, first):
    with time_machine.travel(now, tick=False):
        year = reports.this_academic_year()
    assert year.first.isoformat() == first
    assert year.last == datetime.date(year.first.year + 1, 8, 31)


def test_the_period_starts_and_ends_at_midnight_in_the_centres_zone():
    assert FALL_2026.starts == local(9, 1, 0)
    assert FALL_2026.ends == local(1, 1, 0, year=2027)


@pytest.mark.parametrize(
    ("counts", "median"),
    [({}, None), ({3: 1}, 3), ({1: 1, 2: 2, 3: 1, 4: 1}, 2), ({1: 2, 5: 2}, 3)],
)
def test_the_weighted_median(counts, median):
    assert reports.weighted_median(counts) == median


# -- Speed ----------------------------------------------------------------------


def make_rows(students, n):
    """n rows of each kind the report counts, spread over a few students."""
    with at(local(10, 1)):
        for i in range(n):
            student = students[i % len(students)]
            contact = (
                ContactFactory(
                    owner=student, organization=None, lead_source=LeadSource.REFERRAL
                )
                if i % 2
                else ContactFactory(owner=student, organization=None)
            )
            request = InterviewRequestFactory(
                owner=student,
                contact=contact,
                status=InterviewRequest.Status.DECLINED,
                sent_at=local(10, 1),
                answered_at=local(10, 2 + i % 5),
            )
            interview = held_interview(
                student, local(10, 6, 8 + i % 9), contact=contact, request=request
            )
            sent_note(interview, interview.starts_at + datetime.timedelta(hours=i))
            TouchpointFactory(
                owner=student, contact=contact, happened_on=datetime.date(2026, 10, 7)
            )


def test_the_page_runs_the_same_number_of_queries_for_3_or_300_rows(member_client):
    students = make_students(6)
    entry = DirectoryEntryFactory()
    params = {"program": "arts management", "directory_entry": entry.pk}
    make_rows(students, 3)
    few = queries_for(member_client, reverse("reports:index"))
    few_filtered = queries_for(member_client, reverse("reports:index"), **params)
    make_rows(students, 297)
    assert queries_for(member_client, reverse("reports:index")) == few
    assert (
        queries_for(member_client, reverse("reports:index"), **params) == few_filtered
    )
