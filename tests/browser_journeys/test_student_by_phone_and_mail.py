"""In Chromium, the other two ways to ask: one person by telephone, another
by a letter in the mail. Both agree; the call is before the work day, the
visit at the end of it; the first is thanked with a card sent by hand.

The student starts signed in, with her profile filled: the sign-up and the
profile are the email journey's.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from interviews.models import Interview
from tests.browser import printed
from tests.browser_journeys.conftest import (
    arrived,
    field,
    follow,
    menu,
    told,
    weekday_ahead,
)
from tests.factories import ContactFactory, OrganizationFactory, UserFactory

LEARNING = "Box office managers are hired from the front-of-house staff."


@pytest.fixture
def student():
    """A student with a telephone and an address to give, and two leads:
    one reached only by telephone, one only by mail."""
    maya = UserFactory(
        email="maya@example.com",
        first_name="Maya",
        last_name="Desjardins",
        phone="416-555-0142",
        mailing_address="Residence B, Room 214\n40 College Street\nToronto ON M5G 2J3",
        target_occupations="theatre manager",
    )
    ContactFactory(
        owner=maya,
        first_name="Owen",
        last_name="MacLeod",
        job_title="Box Office Manager",
        organization=OrganizationFactory(owner=maya, name="Grand Theatre"),
        city="London",
        email="",
        phone="519-555-0107",
    )
    ContactFactory(
        owner=maya,
        first_name="Sophie",
        last_name="Lavoie",
        job_title="Associate Producer",
        organization=OrganizationFactory(owner=maya, name="Stratford Festival"),
        city="Stratford",
        email="",
        mailing_address="55 Queen Street\nStratford ON N5A 4M9",
    )
    return maya


def schedule(page, *, start, end, how, where):
    """Fill in the schedule form, for a weekday two days ahead or more."""
    field(page, "Date").fill(weekday_ahead(2).isoformat())
    field(page, "Starts at").fill(start)
    field(page, "Ends at").fill(end)
    page.get_by_role("radio", name=how).check()
    field(page, "Where").fill(where)


@pytest.mark.browser
def test_a_student_asks_by_telephone_and_by_mail_and_thanks_by_card(
    live_server,
    page,
    logged_in,
    shoot,
    dashboard,
    stage_of,
    student,
    question_bank,
    time_machine,
):
    logged_in(page, live_server, student)
    page.goto(live_server.url + "/")

    assert dashboard(page) == []
    expect(page.get_by_text("Nothing is due.")).to_be_visible()

    # 1. The call script for Owen, with what to say to his voicemail.
    assert stage_of(page, "Owen MacLeod") == "Lead"
    ask = page.get_by_role("region", name="Ask for an information interview")
    follow(ask.get_by_role("link", name="By telephone"))
    arrived(page, "Ask Owen MacLeod for an information interview")
    expect(field(page, "Call script")).to_contain_text("I am not looking for a job")
    expect(field(page, "Voicemail message")).to_contain_text("416-555-0142")
    shoot(page, "call script")
    follow(page.get_by_role("button", name="Save draft"))
    arrived(page, "Telephone request to Owen MacLeod")
    told(page, "Your request is saved as a draft.")

    # He is out: a voicemail is the request gone out.
    call = page.get_by_role("region", name="Log the call")
    call.get_by_role("radio", name="I left a voicemail").check()
    follow(call.get_by_role("button", name="Save the call"))
    told(page, "The call is noted.")
    shoot(page, "voicemail left")

    assert dashboard(page) == []
    expect(
        page.get_by_text("1 request is waiting, too soon to act on.")
    ).to_be_visible()
    assert stage_of(page, "Owen MacLeod") == "Requested"

    # He calls back and agrees: a call before his work day.
    follow(page.get_by_role("link", name=re.compile(r"^Open Telephone request")))
    arrived(page, "Telephone request to Owen MacLeod")
    call = page.get_by_role("region", name="Log the call")
    call.get_by_role("radio", name="We spoke, and they agreed to meet").check()
    # A yes on the phone goes straight to scheduling, as a yes by email does.
    follow(call.get_by_role("button", name="Save the call"))
    arrived(page, "Schedule your interview with Owen MacLeod")
    told(page, "Wonderful! Now schedule the conversation.")
    schedule(page, start="08:00", end="08:20", how="By telephone", where="519-555-0107")
    shoot(page, "schedule the call")
    follow(page.get_by_role("button", name="Schedule"))
    arrived(page, "Interview with Owen MacLeod")
    told(page, "The interview is in your calendar.")
    when = page.get_by_role("region", name="When and where")
    expect(when).to_contain_text("8 a.m. – 8:20 a.m.")
    expect(when).to_contain_text("Before the work day")
    expect(when).to_contain_text("By telephone")
    shoot(page, "call scheduled")

    assert stage_of(page, "Owen MacLeod") == "Scheduled"
    assert dashboard(page) == ["Prepare for Owen MacLeod"]
    expect(page.get_by_text("request is waiting")).to_have_count(0)

    # 2. A letter to Sophie, printed and mailed.
    assert stage_of(page, "Sophie Lavoie") == "Lead"
    ask = page.get_by_role("region", name="Ask for an information interview")
    follow(ask.get_by_role("link", name="By mail"))
    arrived(page, "Ask Sophie Lavoie for an information interview")
    expect(field(page, "Letter")).to_contain_text("I am not asking for employment")
    shoot(page, "letter draft")
    follow(page.get_by_role("button", name="Save draft"))
    arrived(page, "Regular mail request to Sophie Lavoie")
    told(page, "Your request is saved as a draft.")
    follow(page.get_by_role("link", name="Printable letter"))
    # On screen, the letter starts with the way back to the request.
    expect(page.get_by_role("link", name="Back to the request")).to_be_visible()
    shoot(page, "printable letter")
    pages, text = printed(page)
    assert pages == 1
    assert "40 College Street" in text
    assert "55 Queen Street" in text
    assert "Back to the request" not in text
    follow(page.get_by_role("link", name="Back to the request"))
    arrived(page, "Regular mail request to Sophie Lavoie")
    follow(page.get_by_role("button", name="I mailed it"))
    told(page, "Marked as sent. Good luck!")
    shoot(page, "letter mailed")

    assert dashboard(page) == ["Prepare for Owen MacLeod"]
    expect(
        page.get_by_text("1 request is waiting, too soon to act on.")
    ).to_be_visible()
    assert stage_of(page, "Sophie Lavoie") == "Requested"

    # She writes back to accept: a visit at the end of the day.
    follow(page.get_by_role("link", name=re.compile(r"^Open Regular mail request")))
    arrived(page, "Regular mail request to Sophie Lavoie")
    answer = page.get_by_role("region", name="Their answer")
    field(answer, "Their answer").select_option(label="Accepted")
    field(answer, "What they said").fill("A card back: Thursday after rehearsal.")
    follow(answer.get_by_role("button", name="Save the answer"))
    arrived(page, "Schedule your interview with Sophie Lavoie")
    schedule(
        page,
        start="17:00",
        end="17:30",
        how="In person",
        where="Stratford Festival, 55 Queen Street",
    )
    follow(page.get_by_role("button", name="Schedule"))
    arrived(page, "Interview with Sophie Lavoie")
    when = page.get_by_role("region", name="When and where")
    expect(when).to_contain_text("5 p.m. – 5:30 p.m.")
    expect(when).to_contain_text("At the end of the day")
    shoot(page, "visit scheduled")

    assert stage_of(page, "Sophie Lavoie") == "Scheduled"
    assert dashboard(page) == ["Prepare for Owen MacLeod", "Prepare for Sophie Lavoie"]

    # 3. The call took place; what she learned from it.
    menu(page, "Interviews")
    arrived(page, "Your interviews")
    shoot(page, "interviews")
    upcoming = page.get_by_role("region", name="Upcoming")
    follow(upcoming.get_by_role("link", name="Owen MacLeod"))
    arrived(page, "Interview with Owen MacLeod")
    # The call's time comes (the clock of this process, so of the live
    # server too); the page now asks how it went.
    call = Interview.objects.get(contact__first_name="Owen")
    time_machine.move_to(call.ends_at + datetime.timedelta(minutes=5))
    page.reload()
    follow(page.get_by_role("button", name="It took place"))
    arrived(page, "After your interview with Owen MacLeod")
    learned = page.get_by_role("region", name="What you learned")
    field(learned, "What you learned").fill(LEARNING)
    follow(learned.get_by_role("button", name="Add what you learned"))
    told(page, "Noted. Pick it for the thank-you note.")
    shoot(page, "wrap-up")

    assert stage_of(page, "Owen MacLeod") == "Interviewed"
    # The thank-you is due a day after the call; preparing for Sophie, the
    # day before her visit.
    assert dashboard(page) == ["Prepare for Sophie Lavoie", "Thank Owen MacLeod"]

    # 4. The thank-you, on a card: he gave no email address.
    todo = page.get_by_role("region", name="What to do next")
    follow(todo.get_by_role("link", name="Write the thank-you"))
    arrived(page, "Thank Owen MacLeod")
    page.get_by_role("checkbox", name=LEARNING).check()
    follow(page.get_by_role("button", name="Redraft with what I picked"))
    told(page, "Redrafted with what you picked.")
    follow(page.get_by_role("button", name="It is ready"))
    told(page, "Ready to send.")
    send = page.get_by_role("region", name="Send it")
    expect(send.get_by_role("button", name="Send from Infointerview")).to_have_count(0)
    shoot(page, "thank-you ready")
    follow(send.get_by_role("link", name="Printable card"))
    expect(page.get_by_role("link", name="Back to the note")).to_be_visible()
    expect(page.get_by_text(LEARNING)).to_be_visible()
    shoot(page, "thank-you card")
    pages, text = printed(page)
    assert pages == 1
    assert LEARNING in text
    follow(page.get_by_role("link", name="Back to the note"))
    arrived(page, "Thank Owen MacLeod")
    send = page.get_by_role("region", name="Send it")
    follow(send.get_by_role("button", name="I mailed it or gave it by hand"))
    arrived(page, "After your interview with Owen MacLeod")
    told(page, "Recorded as sent.")
    shoot(page, "thanked")

    assert stage_of(page, "Owen MacLeod") == "Thanked"
    assert dashboard(page) == ["Prepare for Sophie Lavoie"]
