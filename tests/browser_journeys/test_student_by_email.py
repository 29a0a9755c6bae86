"""The whole journey in Chromium, by email: a new student signs up, finds a
theatre manager in the career-centre directory, asks for an interview by
email with the resume attached, prepares, thanks them, and keeps in touch.

It follows tests/infointerview/test_journey.py step by step, but through what
a person sees and does on each page, checking the dashboard's "What to do
next" and the contact's stage as it goes.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact
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
from tests.factories import (
    PDF_BYTES,
    DirectoryEntryFactory,
    DirectoryOrganizationFactory,
)

PASSWORD = "velvet-curtain-rehearsal"
RESUME = "Theatre management, fall"
OWN_QUESTION = "How did the renovation change the front-of-house team?"
LEARNING = "Front-of-house work is the usual way into theatre management."


@pytest.fixture
def directory():
    """The career centre's directory: one theatre manager among other people."""
    DirectoryEntryFactory(
        first_name="Priya",
        last_name="Raman",
        job_title="Theatre Manager",
        organization=DirectoryOrganizationFactory(name="Massey Hall"),
        field="Theatre management",
        email="priya@example.org",
        topics="Running a historic hall; front of house; touring shows.",
    )
    # Neither is a theatre manager, though one works at a theatre.
    DirectoryEntryFactory(
        first_name="Leah",
        last_name="Kowalski",
        job_title="Education Programs Coordinator",
        organization=DirectoryOrganizationFactory(name="Canadian Opera Company"),
        field="Arts education",
    )
    DirectoryEntryFactory(
        first_name="Rohan",
        last_name="Mehta",
        job_title="Development Officer",
        organization=DirectoryOrganizationFactory(name="Tarragon Theatre"),
        field="Fundraising for the arts",
    )


@pytest.mark.browser
def test_a_new_student_goes_from_signing_up_to_keeping_in_touch_by_email(
    live_server,
    page,
    shoot,
    dashboard,
    stage_of,
    smtp_server,
    directory,
    question_bank,
    time_machine,
):
    # 1. She signs up, confirms her address from the email, and is asked for
    # her self-assessment first.
    page.goto(live_server.url + "/")
    follow(page.get_by_role("link", name="Sign up"))
    arrived(page, "Create your account")
    field(page, "Email address").fill("maya@example.com")
    field(page, "First name").fill("Maya")
    field(page, "Last name").fill("Desjardins")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password confirmation").fill(PASSWORD)
    shoot(page, "sign up")
    follow(page.get_by_role("button", name="Sign up"))
    arrived(page, "Check your email")
    (confirmation,) = smtp_server.messages
    assert confirmation["To"] == "maya@example.com"
    link = re.search(r"http\S+/accounts/confirm/\S+/", confirmation.get_content())[0]
    smtp_server.messages.clear()
    smtp_server.envelopes.clear()
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    arrived(page, "Confirm your email address")
    field(page, "Your password").fill(PASSWORD)
    shoot(page, "confirm the address")
    follow(page.get_by_role("button", name="Confirm my address"))
    arrived(page, "Your profile")
    told(page, "Your address is confirmed, Maya. Start with your self-assessment.")

    field(page, "Program of study").fill("Arts Management")
    field(page, "Telephone").fill("416-555-0142")
    field(page, "Mailing address").fill(
        "Residence B, Room 214\n40 College Street\nToronto ON M5G 2J3"
    )
    field(page, "Interests").fill("Live theatre; how a season comes together.")
    field(page, "Strengths").fill("Organised under pressure; budgets.")
    field(page, "Values").fill("Work that puts art in front of people.")
    field(page, "Target occupations").fill("theatre manager\ncompany manager")
    follow(page.get_by_role("button", name="Save profile"))
    told(page, "Your profile is saved.")
    shoot(page, "profile")

    assert dashboard(page) == []
    expect(page.get_by_text("You have no contacts yet.")).to_be_visible()

    # 2. A resume to send with her requests: a PDF picked in the file chooser.
    menu(page, "Profile")
    arrived(page, "Your profile")
    follow(page.get_by_role("link", name="Your resumes"))
    arrived(page, "Your resumes")
    field(page, "Label").fill(RESUME)
    with page.expect_file_chooser() as chooser:
        field(page, "File").click()
    chooser.value.set_files(
        {"name": "maya-resume.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    follow(page.get_by_role("button", name="Upload"))
    told(page, f"“{RESUME}” is uploaded.")
    expect(page.get_by_role("link", name=RESUME)).to_be_visible()
    shoot(page, "resumes")

    # 3. She searches the directory for a theatre manager and adds her.
    menu(page, "Directory")
    arrived(page, "Career-centre directory")
    search = page.get_by_role("search", name="Search the directory")
    field(search, "Search").fill("theatre manager")
    follow(search.get_by_role("button", name="Search the directory"))
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    expect(page.get_by_role("heading", name="Priya Raman", level=3)).to_be_visible()
    shoot(page, "directory search")
    follow(page.get_by_role("button", name="Add Priya Raman to my contacts"))
    arrived(page, "Priya Raman")

    assert dashboard(page) == []
    expect(page.get_by_text("Nothing is due.")).to_be_visible()
    assert stage_of(page, "Priya Raman") == "Lead"

    # 4. An email request with the resume, sent from Infointerview.
    ask = page.get_by_role("region", name="Ask for an information interview")
    follow(ask.get_by_role("link", name="By email"))
    arrived(page, "Ask Priya Raman for an information interview")
    expect(page.get_by_role("textbox", name="Email")).to_contain_text(
        "not asking for a job"
    )
    field(page, "Resume to attach").select_option(label=RESUME)
    shoot(page, "email request")
    follow(page.get_by_role("button", name="Save and send from Infointerview"))
    arrived(page, "Email request to Priya Raman")
    told(page, "Sent to priya@example.org, with a copy to you.")
    expect(page.get_by_text(f"resume attached: {RESUME}")).to_be_visible()
    shoot(page, "request sent")

    email, _copy = smtp_server.messages
    assert email["To"] == "priya@example.org"
    assert "not asking for a job" in email.get_body(("plain",)).get_content()
    (resume,) = email.iter_attachments()
    assert resume.get_content_type() == "application/pdf"
    assert resume.get_content() == PDF_BYTES

    assert dashboard(page) == []
    expect(
        page.get_by_text("1 request is waiting, too soon to act on.")
    ).to_be_visible()
    assert stage_of(page, "Priya Raman") == "Requested"

    # 5. She accepts: the interview is scheduled over lunch, a weekday ahead.
    # Her request is a step of the timeline on her page.
    follow(page.get_by_role("link", name=re.compile(r"^Open .*request")))
    arrived(page, "Email request to Priya Raman")
    answer = page.get_by_role("region", name="Their answer")
    field(answer, "Their answer").select_option(label="Accepted")
    follow(answer.get_by_role("button", name="Save the answer"))
    arrived(page, "Schedule your interview with Priya Raman")
    told(page, "Wonderful! Now schedule the conversation.")
    field(page, "Date").fill(weekday_ahead(3).isoformat())
    field(page, "Starts at").fill("12:00")
    field(page, "Ends at").fill("12:30")
    page.get_by_role("radio", name="In person").check()
    field(page, "Where").fill("Massey Hall, 178 Victoria St")
    shoot(page, "schedule")
    follow(page.get_by_role("button", name="Schedule"))
    arrived(page, "Interview with Priya Raman")
    told(page, "The interview is in your calendar.")
    when = page.get_by_role("region", name="When and where")
    expect(when).to_contain_text("noon – 12:30 p.m.")
    expect(when).to_contain_text("Over lunch")
    shoot(page, "interview")

    assert stage_of(page, "Priya Raman") == "Scheduled"
    assert dashboard(page) == ["Prepare for Priya Raman"]

    # 6. She prepares: a question of her own, every item of the checklist.
    todo = page.get_by_role("region", name="What to do next")
    follow(todo.get_by_role("link", name="Prepare", exact=True))
    arrived(page, "Interview with Priya Raman")
    field(page, "Or in your own words").fill(OWN_QUESTION)
    follow(page.get_by_role("button", name="Add the question"))
    told(page, "The question is added.")
    questions = page.get_by_role("region", name="Your questions")
    # The suggested set from the bank, then hers: "who else?" stays last.
    asked = questions.get_by_role("listitem")
    expect(asked).to_have_count(6)
    expect(asked.nth(4)).to_contain_text(OWN_QUESTION)
    expect(asked.last).to_contain_text("Who else do you think I could speak with?")
    preparation = page.get_by_role("region", name="Preparation")
    for item in preparation.get_by_role("checkbox").all():
        item.check()
    follow(preparation.get_by_role("button", name="Save the checklist"))
    told(page, "Preparation: 6 of 6 done.")
    progress = preparation.get_by_role("progressbar", name="Preparation")
    expect(progress).to_have_attribute("aria-valuenow", "6")
    shoot(page, "prepared")

    assert dashboard(page) == []

    # 7. The brief, printed to take along: two pages at most.
    menu(page, "Interviews")
    arrived(page, "Your interviews")
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming).to_contain_text("preparation 6 of 6")
    shoot(page, "interviews")
    follow(upcoming.get_by_role("link", name="Priya Raman"))
    arrived(page, "Interview with Priya Raman")
    follow(page.get_by_role("link", name="Print the brief"))
    # The brief is titled as the interview's page is; its way back tells them apart.
    expect(page.get_by_role("link", name="Back to the interview")).to_be_visible()
    shoot(page, "brief")
    pages, text = printed(page)
    assert pages <= 2
    assert "Priya Raman" in text
    assert OWN_QUESTION in text

    # 8. It took place: what she learned, and the person Priya suggested.
    follow(page.get_by_role("link", name="Back to the interview"))
    arrived(page, "Interview with Priya Raman")
    # Before the conversation, the page only says when it can be told.
    expect(page.get_by_role("button", name="It took place")).to_have_count(0)
    expect(page.get_by_text("You can record how it went from")).to_be_visible()
    # The clock (of this process, so of the live server too) moves on to
    # just after the conversation.
    met = Interview.objects.get(contact__first_name="Priya")
    time_machine.move_to(met.ends_at + datetime.timedelta(minutes=5))
    page.reload()
    follow(page.get_by_role("button", name="It took place"))
    arrived(page, "After your interview with Priya Raman")

    assert stage_of(page, "Priya Raman") == "Interviewed"
    assert dashboard(page) == ["Thank Priya Raman"]

    # The note is to mention something learned: the page sends her to note it.
    todo = page.get_by_role("region", name="What to do next")
    follow(todo.get_by_role("link", name="Write the thank-you"))
    arrived(page, "Thank Priya Raman")
    shoot(page, "thank-you, nothing learned yet")
    follow(page.get_by_role("link", name="Note what you learned first."))
    arrived(page, "After your interview with Priya Raman")
    learned = page.get_by_role("region", name="What you learned")
    field(learned, "Helps with").select_option(label="Career and employment planning")
    field(learned, "What you learned").fill(LEARNING)
    follow(learned.get_by_role("button", name="Add what you learned"))
    told(page, "Noted. Pick it for the thank-you note.")
    suggested = page.get_by_role("region", name="People they suggested")
    person = suggested.get_by_role("group", name="Person 1")
    field(person, "First name").fill("Omar")
    field(person, "Last name").fill("Haddad")
    field(person, "Job title").fill("Box Office Manager")
    field(person, "Organization").fill("Soulpepper")
    follow(suggested.get_by_role("button", name="Add them to my contacts"))
    expect(suggested.get_by_role("link", name="Omar Haddad")).to_be_visible()
    shoot(page, "wrap-up")

    menu(page, "Contacts")
    arrived(page, "Your contacts")
    omar = page.get_by_role("row", name=re.compile(r"^Omar Haddad"))
    expect(omar).to_contain_text("Box Office Manager, Soulpepper")
    shoot(page, "contacts")
    assert stage_of(page, "Omar Haddad") == "Lead"
    # Pursuing the new lead is due in two days, not yet.
    assert dashboard(page) == ["Thank Priya Raman"]

    # 9. The thank-you mentions what she learned, and goes out by email.
    todo = page.get_by_role("region", name="What to do next")
    follow(todo.get_by_role("link", name="Write the thank-you"))
    arrived(page, "Thank Priya Raman")
    page.get_by_role("checkbox", name=LEARNING).check()
    follow(page.get_by_role("button", name="Redraft with what I picked"))
    told(page, "Redrafted with what you picked.")
    expect(field(page, "Note")).to_have_value(re.compile(re.escape(LEARNING)))
    shoot(page, "thank-you")
    follow(page.get_by_role("button", name="It is ready"))
    told(page, "Ready to send.")
    send = page.get_by_role("region", name="Send it")
    follow(send.get_by_role("button", name="Send from Infointerview"))
    arrived(page, "After your interview with Priya Raman")
    told(page, "Sent. Keep in touch with Priya Raman from time to time")
    shoot(page, "thanked")

    assert len(smtp_server.messages) == 4  # each message, then its copy
    thanks = smtp_server.messages[2]
    assert thanks["To"] == "priya@example.org"
    assert LEARNING in thanks.get_content()

    assert stage_of(page, "Priya Raman") == "Thanked"
    assert dashboard(page) == []

    # 10. Ninety-one days later, she is due for a check-in...
    long_ago = timezone.now() - datetime.timedelta(days=91)
    Contact.objects.filter(first_name="Priya", last_name="Raman").update(
        last_contacted_on=timezone.localdate(long_ago), stage_changed_at=long_ago
    )
    assert dashboard(page) == ["Keep in touch with Priya Raman"]

    # 11. ...and an article shared with her keeps her in the network.
    todo = page.get_by_role("region", name="What to do next")
    follow(todo.get_by_role("link", name="Log a touchpoint"))
    arrived(page, "Log a touchpoint with Priya Raman")
    field(page, "What you did").select_option(label="Shared an article")
    field(page, "Link").fill("https://example.org/front-of-house")
    field(page, "Note").fill("The article on front-of-house careers she mentioned.")
    expect(field(page, "When")).to_have_value(timezone.localdate().isoformat())
    shoot(page, "touchpoint")
    follow(page.get_by_role("button", name="Log the touchpoint"))
    arrived(page, "Priya Raman")

    assert stage_of(page, "Priya Raman") == "In network"
    assert dashboard(page) == []
