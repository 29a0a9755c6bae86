"""The pages of a student's journey, filled in, for the accessibility tests.

One student with one contact who has almost everything (a call made and a
letter answered, an interview done and one to come, questions, a learning, a
thank-you note, follow-ups and touchpoints), a draft email to the person she
suggested (a contact has one open request at a time), plus enough around her
for the lists, the board, the directory and the network to show their real
layout.

The pages are checked at two sizes: a desktop and a phone (390 x 844 CSS
pixels, an iPhone 12 to 15). The phone is emulated as one: a touch screen
whose scroll bars take no room, so a page that is wider than the screen shows
as overflow and not as a scroll bar eating into the width.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.account_mail import confirmation_path
from contacts.models import Channel, Contact, LeadSource
from contacts.views import BOARD_COLUMN_SIZE
from followups.aftermath import complete_interview
from followups.models import FollowUp, Learning, Touchpoint
from interviews.models import Interview
from tests.browser import TIMEOUT_MS, log_in
from tests.factories import (
    ContactFactory,
    DirectoryEntryFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    InterviewRequestFactory,
    LearningFactory,
    OrganizationFactory,
    QuestionFactory,
    ResumeFactory,
    TouchpointFactory,
    UserFactory,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

VIDEO_LINK = "https://us02web.zoom.us/j/81234567890?pwd=eXampLeT0kenABCdefGHIjklMNOpq"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "a11y"

# axe-core 4.12's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at
# levels A and AA. (WCAG 2.2 added no level A criterion that axe tests, so
# there is no "wcag22a" tag.) Its "best-practice" rules are left out.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_22_AA},
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")


def violations(page):
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def blocking(found):
    return [violation for violation in found if violation["impact"] in BLOCKING]


def describe(found):
    """One line per rule and element, enough to find and fix it."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}")
            lines.append(f"        {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    logged_in: bool = True


@pytest.fixture
def journey(user):
    """Every page a student visits, as (name, path), with data behind each."""
    now = timezone.now()
    today = timezone.localdate()
    user.phone = "416-555-0142"
    user.mailing_address = "40 College Street\nToronto ON  M5G 2J3"
    user.target_occupations = "theatre manager\ncompany manager"
    user.save(update_fields=["phone", "mailing_address", "target_occupations"])
    resume = ResumeFactory(owner=user, label="Arts management resume")

    referrer = ContactFactory(
        owner=user,
        first_name="Ana",
        last_name="Pereira",
        stage=Contact.Stage.IN_NETWORK,
        keep_in_touch_days=90,
        last_contacted_on=today - datetime.timedelta(days=120),
    )
    maya = ContactFactory(
        owner=user,
        first_name="Maya",
        last_name="Okafor",
        job_title="General Manager",
        field="Theatre management",
        organization=OrganizationFactory(owner=user, name="Massey Hall"),
        city="Toronto",
        region="Ontario",
        phone="416-555-0199",
        mailing_address="178 Victoria St\nToronto ON  M5B 1T7",
        linkedin_url="https://www.linkedin.com/in/example",
        lead_source=LeadSource.REFERRAL,
        found_through="Ana, after our interview",
        referred_by=referrer,
        notes="Prefers mornings. Ran the box office at Soulpepper.",
        keep_in_touch_days=60,
    )

    # A letter answered, then a call made (one open request at a time); the
    # draft email is to Kwame, below.
    letter = InterviewRequestFactory(
        owner=user, contact=maya, channel=Channel.MAIL, resume=resume
    )
    letter.mark_sent(now - datetime.timedelta(days=20))
    letter.mark_accepted(now - datetime.timedelta(days=12), notes="Happy to meet.")
    call = InterviewRequestFactory(
        owner=user,
        contact=maya,
        channel=Channel.TELEPHONE,
        subject="",
        voicemail="Hello, this is Olivia; I will call again on Thursday.",
    )
    call.mark_sent(now - datetime.timedelta(days=9))

    # The interview that took place, with answers, a learning and a note.
    past = InterviewFactory(
        owner=user,
        contact=maya,
        request=letter,
        starts_at=now - datetime.timedelta(days=1, hours=2),
        prep_researched=True,
        prep_questions_ready=True,
        notes="She started as an usher.",
    )
    for position, text in enumerate(
        [
            "What does an average day look like for a {occupation}?",
            "Who else could I speak with to learn more about this field?",
        ]
    ):
        InterviewQuestionFactory(
            interview=past,
            text=text,
            position=position,
            answer="Budgets in the morning, shows at night.",
        )
    complete_interview(past, now - datetime.timedelta(days=1))
    LearningFactory(interview=past, kind=Learning.Kind.CAREER)
    kwame = ContactFactory(
        owner=user,
        first_name="Kwame",
        last_name="Asante",
        lead_source=LeadSource.REFERRAL,
        referred_by=maya,
    )
    InterviewRequestFactory(owner=user, contact=kwame, channel=Channel.EMAIL)
    # Someone not asked yet, reachable every way, for the request forms.
    jonah = ContactFactory(
        owner=user,
        first_name="Jonah",
        last_name="Lee",
        phone="416-555-0177",
        mailing_address="260 King St W\nToronto ON  M5V 1H9",
    )

    # The interview to come, half prepared.
    upcoming = InterviewFactory(
        owner=user,
        contact=maya,
        format=Interview.Format.VIDEO,
        # As long as the links video services hand out, without a space.
        location=VIDEO_LINK,
        prep_researched=True,
        prep_questions_ready=True,
        prep_route_planned=True,
    )
    for position in range(3):
        InterviewQuestionFactory(interview=upcoming, position=position)

    # Follow-ups overdue, due today, to come and done; touchpoints.
    FollowUpFactory(
        owner=user,
        contact=maya,
        kind=FollowUp.Kind.SEND_RESUME,
        title="Send my resume",
        due_on=today - datetime.timedelta(days=3),
        interview=past,
    )
    FollowUpFactory(owner=user, contact=referrer, title="Check in with Ana")
    FollowUpFactory(
        owner=user,
        contact=maya,
        kind=FollowUp.Kind.SHARE_ARTICLE,
        title="Share the article on touring",
        due_on=today + datetime.timedelta(days=10),
        notes="The Globe piece.",
    )
    FollowUpFactory(
        owner=user,
        contact=referrer,
        title="Tell Ana about the interview",
        due_on=today - datetime.timedelta(days=5),
        done_at=now - datetime.timedelta(days=4),
    )
    TouchpointFactory(
        owner=user,
        contact=maya,
        kind=Touchpoint.Kind.ARTICLE,
        link="https://www.theglobeandmail.com/arts/theatre-and-performance/"
        "article-the-cost-of-touring-canadian-theatre/",
        happened_on=today - datetime.timedelta(days=1),
    )
    TouchpointFactory(
        owner=user, contact=referrer, happened_on=today - datetime.timedelta(days=120)
    )

    # Someone at each of the other stages, and more leads than the board
    # shows in a column and the list on a page, for their links to the rest.
    for stage in (
        Contact.Stage.REQUESTED,
        Contact.Stage.SCHEDULED,
        Contact.Stage.DECLINED,
    ):
        ContactFactory(owner=user, stage=stage)
    ContactFactory.create_batch(
        BOARD_COLUMN_SIZE + 1, owner=user, organization=None, stage=Contact.Stage.LEAD
    )

    # The career centre's directory: one already added, one to add.
    in_contacts = DirectoryEntryFactory(first_name="Nadia", last_name="Haddad")
    ContactFactory(owner=user, directory_entry=in_contacts)
    entry = DirectoryEntryFactory(
        first_name="Leah",
        last_name="Kowalski",
        bio="Runs the education programs.",
        topics="School programmes, youth outreach.",
        program="Arts Management",
        graduation_year=2009,
    )

    QuestionFactory()
    QuestionFactory(owner=user, text="What would you do differently?")

    thank_you = reverse("followups:thank_you", args=[past.pk])
    pages = [
        ("welcome", reverse("home")),
        ("login", reverse("login")),
        ("signup", reverse("accounts:signup")),
        ("signup-sent", reverse("accounts:signup_sent")),
        (
            "confirm-email",
            confirmation_path(
                UserFactory(email="unconfirmed@example.com", email_confirmed_at=None)
            ),
        ),
        ("password-reset", reverse("password_reset")),
        ("privacy", reverse("accounts:privacy")),
    ]
    logged_out = [Page(name, path, logged_in=False) for name, path in pages]
    return logged_out + [
        Page(name, path)
        for name, path in [
            ("dashboard", reverse("home")),
            ("contacts", reverse("contacts:list")),
            ("board", reverse("contacts:board")),
            ("contact", reverse("contacts:detail", args=[maya.pk])),
            ("contact-form", reverse("contacts:create")),
            ("import", reverse("contacts:import")),
            ("directory", reverse("directory:list")),
            ("directory-entry", reverse("directory:detail", args=[entry.pk])),
            *[
                (
                    f"request-form-{channel}",
                    reverse("interviews:request_create", args=[jonah.pk])
                    + f"?channel={channel}",
                )
                for channel in Channel.values
            ],
            ("requests", reverse("interviews:request_list") + "?status=all"),
            ("request", reverse("interviews:request_detail", args=[call.pk])),
            ("letter", reverse("interviews:request_letter", args=[letter.pk])),
            ("interviews", reverse("interviews:list")),
            ("schedule-form", reverse("interviews:schedule") + f"?contact={maya.pk}"),
            ("interview", reverse("interviews:detail", args=[upcoming.pk])),
            ("brief", reverse("interviews:brief", args=[upcoming.pk])),
            ("answers", reverse("interviews:answers", args=[past.pk])),
            ("question-bank", reverse("interviews:bank")),
            ("wrap-up", reverse("followups:wrapup", args=[past.pk])),
            ("thank-you", thank_you),
            ("card", reverse("followups:thank_you_card", args=[past.pk])),
            ("follow-ups", reverse("followups:list")),
            ("follow-up-form", reverse("followups:create") + f"?contact={maya.pk}"),
            ("network", reverse("followups:network")),
            (
                "touchpoint-form",
                reverse("followups:touchpoint_create", args=[maya.pk]),
            ),
            ("profile", reverse("accounts:profile")),
            ("resumes", reverse("accounts:resumes")),
            ("message-templates", reverse("interviews:templates")),
            ("what-staff-see", reverse("accounts:privacy")),
        ]
    ]


@pytest.fixture
def sized_page(chromium, live_server, user):
    """`sized_page("phone" | "desktop", logged_in=True)`: a page in its own
    context at that size, signed in as the student or not. Contexts are kept
    for the test, so each size is opened once and its page reused."""
    contexts = []

    def open_page(size, *, logged_in=True):
        options = {"viewport": SIZES[size]}
        if size == "phone":
            options.update(is_mobile=True, has_touch=True)
        context = chromium.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if logged_in:
            log_in(page, live_server, user)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def visit(live_server):
    """`visit(page, target)`: open a journey page, and check that it is the
    page itself, not an error or the login page after a redirect."""

    def open_target(page, target):
        url = live_server.url + target.path
        response = page.goto(url)
        assert (response.status, response.url) == (200, url), target.name
        return page

    return open_target


@pytest.fixture
def screenshot():
    """`screenshot(page, target, size)`: the whole page, saved under
    var/screenshots/a11y/<page>-<size>.png for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, target, size):
        page.screenshot(path=SCREENSHOTS / f"{target.name}-{size}.png", full_page=True)

    return save
