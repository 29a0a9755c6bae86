"""The one-page brief to print and take to the interview."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from contacts.models import LeadSource
from interviews.models import Interview
from tests.browser import printed, printed_pages
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    OrganizationFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

# Monday 7 December 2026 at noon in Toronto, which is on standard time (UTC-5).
MONDAY_NOON_IN_TORONTO = datetime.datetime(2026, 12, 7, 17, 0, tzinfo=datetime.UTC)

# Questions of the usual length, as a student would have them for a brief.
QUESTIONS = [
    "What does an average day look like for a {occupation}?",
    "What do you enjoy most about this work, and what is the hardest part?",
    "Who do you work with most closely, inside and outside {organization}?",
    "How did your career lead you to this role?",
    "Which other positions commonly lead to work as a {occupation}?",
    "Which skills, training or experience matter most for someone starting out?",
    "What is the future of this field in {region}?",
    "What do you wish you had known when you started?",
    "Which associations, publications or events would you recommend?",
    "Who else could I speak with to learn more about this field?",
    "How has the work changed since you started?",
    "What kinds of decisions do you make in a typical week?",
    "How do people in this field keep their skills current?",
    "What would you look for in someone joining your team?",
    "Is there anything I should have asked but did not?",
]
SHORT_LOGISTICS = "Line 1 to King, then a five-minute walk. Smart casual."
SHORT_RESEARCH = "Ran the box office at Soulpepper for ten years."
LONG_LOGISTICS = (
    "Take Line 1 south to King station and walk east along King Street to "
    "Victoria Street, then north past the Elgin and Winter Garden theatres; the "
    "stage door is at the side of the building, not the main entrance, and the "
    "security desk needs my name. Leave home by 11:05 to be ten minutes early; "
    "if the subway is delayed, the 504 streetcar along King is the fallback. "
) * 2
LONG_RESEARCH = (
    "She started as an usher while studying at Toronto Metropolitan University, "
    "moved to the box office, ran it for ten years at Soulpepper, and became "
    "general manager at Massey Hall during the renovation. She spoke at the "
    "Canadian Arts Summit about audiences after the pandemic and wrote a piece "
    "for the Globe on the cost of touring. The hall reopened in 2021 with a new "
    "education program; she mentors students from the arts management program "
    "and sits on the board of a youth orchestra. "
) * 3
ANSWER = (
    "Mostly evenings and weekends around the shows; budgets and contracts in "
    "the mornings, and a lot of time with the production and front-of-house teams."
)


def brief_url(interview):
    return reverse("interviews:brief", args=[interview.pk])


def page_text(response):
    """What a reader sees: the page without its tags, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def make_interview(owner, *, organization="Massey Hall", **fields):
    referrer = ContactFactory(owner=owner, first_name="Ana", last_name="Pereira")
    contact = ContactFactory(
        owner=owner,
        first_name="Maya",
        last_name="Okafor",
        job_title="General Manager",
        field="Theatre management",
        organization=(
            OrganizationFactory(owner=owner, name=organization)
            if organization
            else None
        ),
        city="Toronto",
        lead_source=LeadSource.REFERRAL,
        found_through="Ana, after our interview",
        referred_by=referrer,
    )
    fields = {
        "starts_at": MONDAY_NOON_IN_TORONTO,
        "duration_minutes": 30,
        "format": Interview.Format.IN_PERSON,
        "location": "178 Victoria St, Toronto",
        "logistics_notes": SHORT_LOGISTICS,
        "research_notes": SHORT_RESEARCH,
        **fields,
    }
    return InterviewFactory(owner=owner, contact=contact, **fields)


def add_questions(interview, count, *, answer=""):
    for position, text in enumerate((QUESTIONS * 3)[:count]):
        InterviewQuestionFactory(
            interview=interview, text=text, position=position, answer=answer
        )


@pytest.fixture
def interview(user):
    interview = make_interview(user, prep_researched=True, prep_questions_ready=True)
    add_questions(interview, 3)
    return interview


def test_it_shows_who_they_are_and_how_the_lead_was_found(owner_client, interview):
    text = page_text(owner_client.get(brief_url(interview)))

    assert "Maya Okafor, General Manager, Massey Hall" in text
    assert "Field: Theatre management" in text
    assert (
        "Lead: Referred by an earlier interviewee, "
        "Ana, after our interview; referred by Ana Pereira"
    ) in text


def test_it_shows_when_in_the_users_zone_with_the_zone_spelled_out(
    owner_client, interview
):
    text = page_text(owner_client.get(brief_url(interview)))

    assert (
        "Monday 7 December 2026, noon – 12:30 p.m. (Eastern time, America/Toronto)"
    ) in text
    assert "Over lunch, 30 minutes, in person" in text
    assert "Place: 178 Victoria St, Toronto" in text


def test_it_shows_the_time_in_another_zone_when_the_user_lives_there(
    owner_client, user, interview
):
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])

    text = page_text(owner_client.get(brief_url(interview)))

    assert (
        "Monday 7 December 2026, 9 a.m. – 9:30 a.m. (Pacific time, America/Vancouver)"
    ) in text
    assert "During the morning" in text


def test_a_zone_outside_canada_is_named_by_its_abbreviation(owner_client, user):
    user.time_zone = "Europe/Paris"
    user.save(update_fields=["time_zone"])
    interview = make_interview(user)

    text = page_text(owner_client.get(brief_url(interview)))

    assert "Monday 7 December 2026, 6 p.m. – 6:30 p.m. (CET, Europe/Paris)" in text


def test_a_video_interview_shows_the_link(owner_client, user):
    interview = make_interview(
        user, format=Interview.Format.VIDEO, location="https://meet.example.org/abc"
    )

    text = page_text(owner_client.get(brief_url(interview)))

    assert "by video" in text
    assert "Link: https://meet.example.org/abc" in text


def test_it_shows_the_notes_for_getting_there_and_about_them(owner_client, interview):
    text = page_text(owner_client.get(brief_url(interview)))

    assert f"How to get there {SHORT_LOGISTICS}" in text
    assert f"What I know about them {SHORT_RESEARCH}" in text


def test_the_checklist_shows_each_item_ticked_or_not(owner_client, interview):
    text = page_text(owner_client.get(brief_url(interview)))

    assert "☑ Researched the person and the organization" in text
    assert "☑ Questions ready" in text
    assert "☐ What to wear decided" in text
    assert "☐ Resume copy ready" in text
    assert "☐ Confirmed with the contact the day before" in text


def test_the_questions_are_numbered_in_order_with_placeholders_filled(
    owner_client, interview
):
    response = owner_client.get(brief_url(interview))

    assert [text for _asked, text in response.context["questions"]] == [
        "What does an average day look like for a General Manager?",
        "What do you enjoy most about this work, and what is the hardest part?",
        "Who do you work with most closely, inside and outside Massey Hall?",
    ]
    content = response.content.decode()
    assert '<ol class="brief-questions' in content
    assert content.count('class="brief-question ') == 3


def test_a_placeholder_without_a_value_stays_visible(owner_client, user):
    interview = make_interview(user, organization=None)
    InterviewQuestionFactory(
        interview=interview, text="What is it like to work at {organization}?"
    )

    text = page_text(owner_client.get(brief_url(interview)))

    assert "What is it like to work at {organization}?" in text


def test_answers_already_noted_are_printed_under_their_question(owner_client, user):
    interview = make_interview(user)
    InterviewQuestionFactory(
        interview=interview, text="How did you start?", answer="As an usher."
    )

    text = page_text(owner_client.get(brief_url(interview)))

    assert "How did you start? As an usher." in text


def test_it_reminds_what_an_information_interview_is_for(owner_client, interview):
    text = page_text(owner_client.get(brief_url(interview)))

    assert "not to ask for a job" in text
    assert "20–30 minutes" in text
    assert "“Who else could I speak with?”" in text


def test_the_print_hint_and_back_link_are_not_printed(owner_client, interview):
    content = owner_client.get(brief_url(interview)).content.decode()

    assert '<div class="no-print' in content
    assert reverse("interviews:detail", args=[interview.pk]) in content


def test_another_users_interview_is_not_found(stranger_client, interview):
    assert stranger_client.get(brief_url(interview)).status_code == 404


def test_an_unknown_interview_is_not_found(owner_client):
    url = reverse("interviews:brief", args=[999_999])

    assert owner_client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(client, interview):
    response = client.get(brief_url(interview))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(owner_client, interview):
    assert owner_client.post(brief_url(interview)).status_code == 405


def test_the_queries_do_not_grow_with_the_number_of_questions(owner_client, user):
    # Guards against one query per question (or per question's interview).
    few = make_interview(user, organization="Few Questions Hall")
    add_questions(few, 3)
    many = make_interview(user, organization="Many Questions Hall")
    add_questions(many, 30, answer=ANSWER)

    assert queries_for(owner_client, brief_url(few)) == queries_for(
        owner_client, brief_url(many)
    )


# In a real browser: the brief as Chromium prints it.


def open_brief(page, live_server, interview):
    url = live_server.url + brief_url(interview)
    response = page.goto(url)
    # An error page, or the login page after a redirect, fits on one page too.
    assert (response.status, response.url) == (200, url)


def print_brief(page, live_server, interview):
    """The brief printed to PDF on Letter paper, as a browser prints it:
    (number of pages, its text)."""
    open_brief(page, live_server, interview)
    return printed(page, print_background=False)


@pytest.mark.browser
def test_ten_questions_and_short_notes_print_on_one_page(
    live_server, browser_page, logged_in, user
):
    interview = make_interview(user, prep_researched=True)
    add_questions(interview, 10)
    logged_in(browser_page, live_server, user)

    pages, _ = print_brief(browser_page, live_server, interview)

    assert pages == 1


@pytest.mark.browser
def test_fifteen_answered_questions_and_long_notes_print_on_two_pages_at_most(
    live_server, browser_page, logged_in, user
):
    interview = make_interview(
        user, logistics_notes=LONG_LOGISTICS, research_notes=LONG_RESEARCH
    )
    add_questions(interview, 15, answer=ANSWER)
    logged_in(browser_page, live_server, user)

    pages, _ = print_brief(browser_page, live_server, interview)

    assert pages <= 2


@pytest.mark.browser
def test_the_printed_brief_has_the_contact_and_questions_but_no_navigation(
    live_server, browser_page, logged_in, user
):
    interview = make_interview(user)
    add_questions(interview, 10)
    logged_in(browser_page, live_server, user)

    _, text = print_brief(browser_page, live_server, interview)

    assert "Maya Okafor" in text
    assert "What does an average day look like for a General Manager?" in text
    # The navigation bar shows its brand at paper widths (its links fold away
    # behind the menu button at that width, but would show on a wider page).
    for navigation in ("Infointerview", "Dashboard", "Follow-ups", "Log out"):
        assert navigation not in text
    # Nor the page's footer, the print hint or the link back.
    assert "never for asking for a job" not in text
    assert "Print:" not in text
    assert "Back to the interview" not in text


def questions_on(text, interview):
    """How many of the interview's questions start on this printed page."""
    starts = [asked.text[:30] for asked in interview.questions.all()]
    return sum(start in text for start in starts)


@pytest.mark.browser
@pytest.mark.parametrize("count", [11, 12])
def test_the_last_question_never_stands_alone_on_a_page(
    live_server, browser_page, logged_in, user, count
):
    interview = make_interview(user, prep_researched=True)
    add_questions(interview, count)
    logged_in(browser_page, live_server, user)

    open_brief(browser_page, live_server, interview)
    sheets = printed_pages(browser_page, print_background=False)

    on_pages = [questions_on(text, interview) for text in sheets]
    assert sum(on_pages) == count
    assert len(sheets) == 1 or on_pages[-1] >= 2, on_pages


# How to reach them; a call's number; nothing to wear for a call


def test_it_shows_how_to_reach_the_contact(owner_client, user):
    interview = make_interview(user)
    interview.contact.phone, interview.contact.email = "416-555-0199", "m@example.org"
    interview.contact.save()

    text = page_text(owner_client.get(brief_url(interview)))

    assert "Telephone: 416-555-0199" in text
    assert "Email: m@example.org" in text


def test_a_call_with_no_number_given_shows_the_contacts_number(owner_client, user):
    interview = make_interview(user, format=Interview.Format.TELEPHONE, location="")
    interview.contact.phone = "416-555-0199"
    interview.contact.save()

    brief = page_text(owner_client.get(brief_url(interview)))
    detail = page_text(
        owner_client.get(reverse("interviews:detail", args=[interview.pk]))
    )

    assert "Number to call: 416-555-0199" in brief
    assert "Call 416-555-0199" in detail
    assert "—" not in brief.split("Number to call:")[1][:20]


@pytest.mark.parametrize("kind", [Interview.Format.TELEPHONE, Interview.Format.VIDEO])
def test_a_call_or_video_does_not_ask_what_to_wear(owner_client, user, kind):
    interview = make_interview(user, format=kind, prep_researched=True)

    brief = page_text(owner_client.get(brief_url(interview)))
    detail = owner_client.get(reverse("interviews:detail", args=[interview.pk]))

    assert "what to wear" not in brief.lower()
    assert "prep_attire_decided" not in detail.content.decode()
    assert "1 of 5 done" in page_text(detail)
    assert (interview.prep_done, interview.prep_total) == (1, 5)


def test_an_in_person_interview_still_asks_what_to_wear(owner_client, user):
    interview = make_interview(user)

    assert "what to wear" in page_text(owner_client.get(brief_url(interview))).lower()
    assert interview.prep_total == 6


def test_a_call_checklist_saved_leaves_what_to_wear_alone(owner_client, user):
    interview = make_interview(user, format=Interview.Format.TELEPHONE)

    owner_client.post(
        reverse("interviews:checklist", args=[interview.pk]),
        {"prep_researched": "on", "prep_attire_decided": "on"},
    )

    interview.refresh_from_db()
    assert interview.prep_researched
    assert not interview.prep_attire_decided


# The words fit a call or a video meeting


def test_a_call_brief_says_how_in_lower_case_without_directions(owner_client, user):
    interview = make_interview(
        user, format=Interview.Format.TELEPHONE, location="", logistics_notes=""
    )
    interview.contact.phone = "416-555-0121"
    interview.contact.save()

    brief = page_text(owner_client.get(brief_url(interview)))

    assert "Over lunch, 30 minutes, by telephone" in brief
    assert "By telephone" not in brief
    assert "How to get there" not in brief
    assert brief.count("416-555-0121") == 1


def test_a_call_brief_keeps_the_notes_for_getting_ready(owner_client, user):
    interview = make_interview(
        user, format=Interview.Format.VIDEO, logistics_notes="Link tested at 9."
    )

    brief = page_text(owner_client.get(brief_url(interview)))

    assert "How to get there" not in brief
    assert "Before the call Link tested at 9." in brief


def test_a_calls_number_shows_once_on_the_interview_page(owner_client, user):
    interview = make_interview(user, format=Interview.Format.TELEPHONE, location="")
    interview.contact.phone = "416-555-0121"
    interview.contact.email = "maya@example.org"
    interview.contact.save()

    detail = page_text(
        owner_client.get(reverse("interviews:detail", args=[interview.pk]))
    )

    assert "Call 416-555-0121" in detail
    assert detail.count("416-555-0121") == 1
    assert "Reach them" in detail
    assert "maya@example.org" in detail


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        (Interview.Format.TELEPHONE, "Number tested"),
        (Interview.Format.VIDEO, "Link tested"),
        (Interview.Format.IN_PERSON, "Route, travel time, what to wear"),
    ],
)
def test_the_notes_for_getting_ready_suit_the_format(owner_client, user, kind, hint):
    interview = make_interview(user, format=kind)

    detail = page_text(
        owner_client.get(reverse("interviews:detail", args=[interview.pk]))
    )

    assert hint in detail
    if kind != Interview.Format.IN_PERSON:
        assert "Route, travel time" not in detail
        assert "what to wear" not in detail.lower()


def test_the_contacts_timeline_names_the_kind_of_interview(owner_client, user):
    interview = make_interview(
        user, format=Interview.Format.VIDEO, location="https://meet.example.org/a"
    )
    interview.cancel("Moved to spring.")

    timeline = page_text(
        owner_client.get(reverse("contacts:detail", args=[interview.contact.pk]))
    )

    assert "Video interview — cancelled" in timeline
    assert "By video interview" not in timeline
