"""Fill the database with demo data that walks through the whole journey.

A demo student with contacts at every stage, interviews past and upcoming, a
thank-you note, follow-ups and touchpoints; a shared directory; and a staff
user for the admin. Everyone and every address here is invented; emails use
the example.org and .test domains, telephone numbers the fictional 555-01xx.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Province, User
from accounts.staff import ensure_staff_group
from contacts.models import Channel, Contact, DirectoryEntry, LeadSource, Organization
from followups.aftermath import complete_interview
from followups.models import FollowUp, Learning, ThankYouNote, Touchpoint
from infointerview.demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    LOGINS,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    still_has_demo_password,
)
from interviews.models import Interview, InterviewRequest, Question
from interviews.questions import add_from_bank

SITE_URL = "http://127.0.0.1:8000/"

STUDENT = {
    "first_name": "Maya",
    "last_name": "Desjardins",
    "program": "Arts Management",
    "province": Province.ON,
    "phone": "416-555-0142",
    "mailing_address": "Residence B, Room 214\n40 College Street\nToronto ON  M5G 2J3",
    "time_zone": "America/Toronto",
    "interests": (
        "Live theatre and music; how a season comes together; bringing new "
        "audiences into old venues."
    ),
    "strengths": (
        "Organised under pressure (stage-managed three student productions); "
        "budgets and spreadsheets; calm with the public after two summers in a "
        "box office."
    ),
    "values": (
        "Work that puts art in front of people; a team that trusts each other; "
        "a life outside show weeks."
    ),
    "target_occupations": (
        "theatre manager\ncompany manager\nproduction manager\narts administrator"
    ),
}

# The shared directory: (organization, city, entry fields).
DIRECTORY = [
    (
        "Harbourfront Centre",
        "Toronto",
        {
            "first_name": "Nadia",
            "last_name": "Haddad",
            "job_title": "Marketing Director",
            "field": "Arts marketing",
            "source": DirectoryEntry.Source.ALUMNI_OFFICE,
            "program": "Arts Management",
            "graduation_year": 2011,
            "topics": "Audience development, season campaigns, first jobs.",
            "approach_notes": "Email first; she answers within the week.",
            "email": "nadia.haddad@example.org",
        },
    ),
    (
        "Canadian Opera Company",
        "Toronto",
        {
            "first_name": "Isabelle",
            "last_name": "Fortin",
            "job_title": "Volunteer Coordinator",
            "field": "Volunteer management",
            "topics": "Volunteering as a way in; working with large crews.",
            "approach_notes": "Mornings are best.",
            "email": "isabelle.fortin@example.org",
        },
    ),
    (
        "Massey Hall",
        "Toronto",
        {
            "first_name": "Gregory",
            "last_name": "Osei",
            "job_title": "House Manager",
            "field": "Front of house",
            "topics": "Front of house, ushering, running a show night.",
            "preferred_channel": Channel.TELEPHONE,
            "approach_notes": "Call on a weekday afternoon; evenings are shows.",
            "phone": "416-555-0121",
        },
    ),
    (
        "Soulpepper Theatre",
        "Toronto",
        {
            "first_name": "Leah",
            "last_name": "Kowalski",
            "job_title": "Education Programs Manager",
            "field": "Arts education",
            "source": DirectoryEntry.Source.ALUMNI_OFFICE,
            "program": "Theatre and Drama Studies",
            "graduation_year": 2009,
            "topics": "School programmes, youth outreach, grant reports.",
            "email": "leah.kowalski@example.org",
        },
    ),
    (
        "National Arts Centre",
        "Ottawa",
        {
            "first_name": "Hélène",
            "last_name": "Bouchard",
            "job_title": "Producer",
            "field": "Performing arts production",
            "topics": "Producing in both official languages; touring.",
            "preferred_channel": Channel.MAIL,
            "approach_notes": "A short letter, in French or English.",
            "mailing_address": "Hélène Bouchard\nc/o Producing Office\nOttawa ON",
            "monthly_limit": 1,
        },
    ),
    (
        "Toronto Symphony Orchestra",
        "Toronto",
        {
            "first_name": "Daniel",
            "last_name": "Nakamura",
            "job_title": "Development Manager",
            "field": "Fundraising for the arts",
            "source": DirectoryEntry.Source.ALUMNI_OFFICE,
            "program": "Arts Management",
            "graduation_year": 2015,
            "topics": "Donor relations, sponsorship, grant writing.",
            "email": "daniel.nakamura@example.org",
        },
    ),
]

# The student's contacts, in an order where a referrer comes before the
# people they referred: key -> (organization, city, contact fields). "added"
# is how many days ago the student added them: before anything happened with
# them (a referral, after the interview that suggested them).
CONTACTS = {
    "tremblay": (
        "Massey Hall",
        "Toronto",
        {
            "added": 75,
            "first_name": "Danielle",
            "last_name": "Tremblay",
            "job_title": "Director of Operations",
            "field": "Venue management",
            "lead_source": LeadSource.PROFESSOR,
            "found_through": "Prof. Singh, Arts Management seminar",
        },
    ),
    "chen": (
        "Soulpepper Theatre",
        "Toronto",
        {
            "added": 50,
            "first_name": "Marcus",
            "last_name": "Chen",
            "job_title": "Company Manager",
            "field": "Theatre management",
            "lead_source": LeadSource.REFERRAL,
            "found_through": "Danielle Tremblay",
            "referred_by": "tremblay",
        },
    ),
    "gagnon": (
        "Canadian Opera Company",
        "Toronto",
        {
            "added": 7,
            "first_name": "Amélie",
            "last_name": "Gagnon",
            "job_title": "Production Manager",
            "field": "Opera production",
            "lead_source": LeadSource.REFERRAL,
            "found_through": "Marcus Chen",
            "referred_by": "chen",
        },
    ),
    "mehta": (
        "Tarragon Theatre",
        "Toronto",
        {
            "added": 16,
            "first_name": "Rohan",
            "last_name": "Mehta",
            "job_title": "Development Officer",
            "field": "Fundraising for the arts",
            "lead_source": LeadSource.FRIENDS_PARENT,
            "found_through": "Priya's father",
            "phone": "416-555-0104",
        },
    ),
    "haddad": (
        "Harbourfront Centre",
        "Toronto",
        {
            "added": 5,
            "first_name": "Nadia",
            "last_name": "Haddad",
            "job_title": "Marketing Director",
            "field": "Arts marketing",
            "lead_source": LeadSource.ALUMNI_OFFICE,
            "directory": "Haddad",
        },
    ),
    "lavoie": (
        "Stratford Festival",
        "Stratford",
        {
            "added": 28,
            "first_name": "Sophie",
            "last_name": "Lavoie",
            "job_title": "Associate Producer",
            "field": "Festival programming",
            "lead_source": LeadSource.ORGANIZATION,
            "found_through": "The festival's general inbox",
            "mailing_address": "Sophie Lavoie\nc/o Programming Office\nStratford ON",
        },
    ),
    "asante": (
        "Toronto Fringe",
        "Toronto",
        {
            "added": 33,
            "first_name": "Kwame",
            "last_name": "Asante",
            "job_title": "Festival Coordinator",
            "field": "Festival management",
            "lead_source": LeadSource.FRIEND,
            "found_through": "Lee, from the stage-management class",
        },
    ),
    "macleod": (
        "Grand Theatre",
        "London",
        {
            "added": 4,
            "first_name": "Owen",
            "last_name": "MacLeod",
            "job_title": "Box Office Manager",
            "field": "Ticketing and audience services",
            "lead_source": LeadSource.PARENT,
            "found_through": "Mom's former colleague",
            "phone": "519-555-0107",
        },
    ),
    "fortin": (
        "Canadian Opera Company",
        "Toronto",
        {
            "added": 2,
            "first_name": "Isabelle",
            "last_name": "Fortin",
            "job_title": "Volunteer Coordinator",
            "field": "Volunteer management",
            "lead_source": LeadSource.CAREER_CENTRE,
            "directory": "Fortin",
        },
    ),
    "bergeron": (
        None,
        "Toronto",
        {
            "added": 9,
            "first_name": "Tyler",
            "last_name": "Bergeron",
            "job_title": "Lighting Designer (freelance)",
            "field": "Theatre design",
            "lead_source": LeadSource.OTHER,
            "found_through": "Met at a festival volunteer orientation",
        },
    ),
}

REQUEST_SUBJECT = "Arts Management student: 20 minutes of your advice?"
REQUEST_MESSAGE = (
    "Dear {name},\n\n"
    "I am a student in Arts Management and I am exploring work in {field}. "
    "I am not asking for a job: I would be grateful for 20 minutes of your "
    "time to hear how you came to your work and what you would advise someone "
    "starting out.\n\nThank you for considering it,\nMaya Desjardins"
)


class Clock:
    """Demo dates relative to today, as local times in the student's zone."""

    def __init__(self, zone):
        self.zone = zone
        self.today = timezone.localdate(timezone=zone)

    def day(self, offset):
        return self.today + datetime.timedelta(days=offset)

    def at(self, offset, hour, minute=0):
        time = datetime.time(hour, minute)
        return datetime.datetime.combine(self.day(offset), time, tzinfo=self.zone)

    def weekday_at(self, offset, hour, minute=0):
        """Like at(), but off the weekend: back to Friday, or on to Monday ahead."""
        step = 1 if offset > 0 else -1
        while self.day(offset).weekday() >= 5:
            offset += step
        return self.at(offset, hour, minute)


class Journey:
    """Builds the demo student's rows through the models' own methods."""

    def __init__(self, student, directory):
        self.student = student
        self.clock = Clock(student.zone)
        self.directory = directory
        self.contacts = {}
        self.bank = {q.key: q for q in Question.objects.shared().exclude(key=None)}

    def add_contacts(self):
        organizations = {}
        for key, (org_name, city, fields) in CONTACTS.items():
            fields = dict(fields)
            if org_name and org_name not in organizations:
                organizations[org_name] = Organization.objects.create(
                    owner=self.student, name=org_name, city=city
                )
            referrer = fields.pop("referred_by", None)
            entry = fields.pop("directory", None)
            added = self.clock.at(-fields.pop("added"), 19)
            contact = self.contacts[key] = Contact.objects.create(
                owner=self.student,
                organization=organizations.get(org_name),
                city=city,
                region="Ontario",
                email=_email(fields) if "mailing_address" not in fields else "",
                referred_by=self.contacts.get(referrer),
                directory_entry=self.directory.get(entry),
                **fields,
            )
            # created_at is stamped on creation; the demo dates it back, so
            # that "Added as a lead" comes first in the contact's timeline.
            Contact.objects.filter(pk=contact.pk).update(
                created_at=added, stage_changed_at=added
            )
            contact.created_at = contact.stage_changed_at = added

    def send_request(self, key, days_ago, channel=Channel.EMAIL, follow_up_after=7):
        contact = self.contacts[key]
        request = InterviewRequest.objects.create(
            owner=self.student,
            contact=contact,
            channel=channel,
            subject=REQUEST_SUBJECT if channel == Channel.EMAIL else "",
            message=REQUEST_MESSAGE.format(
                name=contact.first_name, field=contact.field.lower()
            ),
            follow_up_on=self.clock.day(follow_up_after - days_ago),
        )
        request.mark_sent(self.clock.at(-days_ago, 9, 30))
        return request

    def schedule(self, request, starts_at, **fields):
        """The interview an accepted request led to; the contact is now scheduled."""
        return Interview.objects.schedule(
            contact=request.contact, request=request, starts_at=starts_at, **fields
        )

    def ask(self, interview, questions):
        """Copy questions from the bank by key, each with its answer (or "")."""
        # Scheduling already copied the suggested set: answer those, add the
        # rest as a student would, before "Who else could I speak with?".
        asked = {row.question_id: row for row in interview.questions.all()}
        for key, answer in questions:
            if key not in self.bank:
                continue
            row = asked.get(self.bank[key].pk) or add_from_bank(
                interview, self.bank[key]
            )
            row.answer = answer
            row.save(update_fields=["answer"])

    def learned(self, interview, **fields):
        """A learning, noted the evening after the interview."""
        learning = Learning.objects.create(interview=interview, **fields)
        noted = interview.ends_at + datetime.timedelta(hours=5)
        Learning.objects.filter(pk=learning.pk).update(created_at=noted)
        learning.created_at = noted
        return learning

    def thank(self, interview, learning, body, *, keep_in_mind=False):
        note = ThankYouNote.objects.create(
            interview=interview,
            subject="Thank you for your time",
            body=body,
            ask_keep_in_mind=keep_in_mind,
            due_at=ThankYouNote.due_for(interview),
        )
        note.learnings.add(learning)
        sent_at = interview.ends_at + datetime.timedelta(hours=6)
        note.mark_sent(ThankYouNote.SentVia.EMAIL_APP, when=sent_at)
        return note

    def follow_up(self, key, kind, title, due_in, **fields):
        return FollowUp.objects.create(
            owner=self.student,
            contact=self.contacts[key],
            kind=kind,
            title=title,
            due_on=self.clock.day(due_in),
            **fields,
        )


def _email(fields):
    name = f"{fields['first_name']}.{fields['last_name']}".lower()
    # Accents dropped so the invented address is plain ASCII.
    return f"{name.replace('é', 'e')}@example.org"


def in_network_journey(j):
    """Danielle: interviewed weeks ago, thanked, and kept in touch since."""
    request = j.send_request("tremblay", days_ago=60)
    request.mark_accepted(j.clock.at(-58, 14), notes="Yes, come by the hall.")
    interview = j.schedule(
        request,
        j.clock.weekday_at(-52, 12),
        location="Massey Hall, administrative offices",
        prep_researched=True,
        prep_questions_ready=True,
        notes=(
            "Operations is the part of venue work nobody sees: building, staff, "
            "safety, the calendar. She suggested I usher this season."
        ),
    )
    j.ask(
        interview,
        [
            (
                "average_day",
                "Mornings on the building and staff, show nights on the floor.",
            ),
            (
                "career_path",
                "Usher, box office, then front-of-house manager elsewhere.",
            ),
            ("who_else", "Marcus Chen at Soulpepper, for the theatre side."),
        ],
    )
    interview.complete(when=interview.ends_at)
    learning = j.learned(
        interview,
        text="Front-of-house jobs are the usual way into venue operations.",
    )
    j.thank(
        interview,
        learning,
        "Thank you for showing me around. Your point that front-of-house jobs "
        "are the usual way into venue operations changed my summer plans: I "
        "have applied to usher this season.",
    )
    keep_in_touch(j, interview)


def keep_in_touch(j, interview):
    contact = j.contacts["tremblay"]
    article_on = j.clock.day(-30)
    Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.ARTICLE,
        happened_on=article_on,
        link="https://example.org/arts-news/opening-historic-venues-to-everyone",
        note="An article on making historic halls accessible, after our talk.",
    )
    j.follow_up(
        "tremblay",
        FollowUp.Kind.SHARE_ARTICLE,
        "Share the article on accessible venues",
        due_in=-31,
        interview=interview,
        done_at=j.clock.at(-30, 10),
    )
    Touchpoint.objects.log(
        contact=contact,
        kind=Touchpoint.Kind.ACHIEVEMENT,
        happened_on=j.clock.day(-10),
        note="Told her I got the ushering position she suggested.",
    )
    contact.advance_to(Contact.Stage.IN_NETWORK, when=j.clock.at(-30, 10))


def thanked_journey(j):
    """Marcus: referred by Danielle, interviewed last week, thanked the same day."""
    request = j.send_request("chen", days_ago=20)
    request.mark_accepted(
        j.clock.at(-18, 15), notes="Happy to; lunch near the theatre works best."
    )
    interview = j.schedule(
        request,
        j.clock.weekday_at(-8, 12),
        location="A café near the theatre, Distillery District",
        prep_researched=True,
        prep_questions_ready=True,
        prep_route_planned=True,
        prep_resume_ready=True,
        notes=(
            "Company management is looking after the artists: contracts, "
            "schedules, travel. Touring experience matters. He offered to read "
            "my resume and named Amélie Gagnon at the opera."
        ),
    )
    j.ask(
        interview,
        [
            ("average_day", "Rehearsal reports, contracts, and a lot of email."),
            ("independent_or_team", "Mostly a team: stage management and artists."),
            ("skills_that_matter", "Calm, spreadsheets, and reading a contract."),
            ("how_to_begin", "Assistant stage manage, ideally on a tour."),
            ("who_else", "Amélie Gagnon, production manager at the opera company."),
        ],
    )
    interview.complete(when=interview.ends_at)
    learning = j.learned(
        interview,
        kind=Learning.Kind.EMPLOYMENT,
        text=(
            "Company managers often start as assistant stage managers, and "
            "touring experience counts for a lot."
        ),
    )
    j.thank(
        interview,
        learning,
        "Thank you for lunch and for your advice. I had not realised how much "
        "touring experience counts; I will look for assistant stage manager "
        "work on a touring show next summer.",
        keep_in_mind=True,
    )
    j.follow_up(
        "chen",
        FollowUp.Kind.SEND_RESUME,
        "Send Marcus my resume; he offered to look it over",
        due_in=0,
        interview=interview,
    )


def scheduled_journey(j):
    """Amélie: referred by Marcus, accepted, and the interview is in a few days."""
    request = j.send_request("gagnon", days_ago=6)
    request.mark_accepted(
        j.clock.at(-4, 11), notes="Lunch next week? I can give you thirty minutes."
    )
    interview = j.schedule(
        request,
        j.clock.weekday_at(3, 12),
        location="Canadian Opera Company offices, Front St E (ask at reception)",
        prep_researched=True,
        research_notes="Read the season announcement and her company profile.",
        prep_questions_ready=True,
        prep_route_planned=True,
        logistics_notes="Streetcar east along King, about 25 minutes; business casual.",
    )
    j.ask(
        interview,
        [
            ("average_day", ""),
            ("works_with", ""),
            ("routes_in", ""),
            ("future_in_region", ""),
            ("who_else", ""),
        ],
    )


def interviewed_journey(j):
    """Rohan: a phone call before work two days ago; the thank-you is overdue."""
    request = j.send_request("mehta", days_ago=12, channel=Channel.TELEPHONE)
    request.mark_accepted(
        j.clock.at(-11, 16), notes="Called back: a call before work suits him."
    )
    interview = j.schedule(
        request,
        j.clock.weekday_at(-2, 8, 15),
        duration_minutes=20,
        format=Interview.Format.TELEPHONE,
        location=j.contacts["mehta"].phone,
        prep_researched=True,
        prep_questions_ready=True,
        prep_route_planned=True,
        notes="Grant writing is the skill every small theatre is short of.",
    )
    j.ask(
        interview,
        [
            ("career_path", "From the box office into development, by writing grants."),
            ("best_and_hardest", "Best: a funded season. Hardest: the rejections."),
        ],
    )
    # Completed the way the wrap-up does it: a thank-you draft is now due
    # (overdue, in the demo) with the follow-up that reminds of it.
    complete_interview(interview, when=interview.ends_at)
    j.learned(
        interview,
        text="Arts councils run free grant-writing workshops worth taking.",
    )


def open_requests_journey(j):
    """A request still waiting, one declined, one that never had an answer."""
    j.send_request("haddad", days_ago=3)
    declined = j.send_request("lavoie", days_ago=25, channel=Channel.MAIL)
    declined.mark_declined(
        j.clock.at(-15, 11),
        notes="A kind card back: the season is too busy; try again in November.",
    )
    silent = j.send_request("asante", days_ago=30)
    silent.mark_no_reply()


def leads_journey(j):
    """Leads not yet approached, with a task to pursue one."""
    j.follow_up(
        "macleod",
        FollowUp.Kind.PURSUE_LEAD,
        "Ask Mom for Owen's email address",
        due_in=5,
    )


JOURNEYS = [
    in_network_journey,
    thanked_journey,
    scheduled_journey,
    interviewed_journey,
    open_requests_journey,
    leads_journey,
]


class Command(BaseCommand):
    help = (
        "Fill the database with a demo student, their journey, a shared directory "
        "and a staff user. Safe to run twice; --reset recreates the demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo student and staff user first, then recreate them.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (the demo passwords are published).",
        )
        parser.add_argument(
            "--site-url",
            default=SITE_URL,
            help=f"The address the demo is served at, for the message printed at "
            f"the end (default: {SITE_URL}).",
        )

    def handle(self, *args, reset, force, site_url, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off. seed_demo creates accounts whose passwords are "
                "published in the code, so it does not run on a production site. "
                "Use --force if this really is a demo or test database."
            )
        with transaction.atomic():
            if reset:
                self.reset()
            directory = self.seed_directory()
            self.seed_staff()
            self.seed_student(directory)
        self.print_logins(site_url.rstrip("/") + "/")

    def reset(self):
        deleted, _by_model = User.objects.filter(
            email__in=[DEMO_EMAIL, STAFF_EMAIL]
        ).delete()
        self.stdout.write(f"Reset: deleted the demo accounts ({deleted} rows).")

    def seed_directory(self):
        """Shared organizations and directory entries, found by their names."""
        entries, created = {}, 0
        for org_name, city, fields in DIRECTORY:
            organization, _new = Organization.objects.get_or_create(
                owner=None, name=org_name, defaults={"city": city}
            )
            fields = dict(fields)
            entry, new = DirectoryEntry.objects.get_or_create(
                first_name=fields.pop("first_name"),
                last_name=fields.pop("last_name"),
                organization=organization,
                defaults={"city": city, **fields},
            )
            entries[entry.last_name] = entry
            created += new
        self.stdout.write(f"Directory: {len(entries)} entries, {created} new.")
        return entries

    def seed_staff(self):
        group = ensure_staff_group()
        staff = User.objects.filter(email__iexact=STAFF_EMAIL).first()
        if staff is None:
            staff = User.objects.create_user(
                STAFF_EMAIL,
                STAFF_PASSWORD,
                first_name="Jordan",
                last_name="Ellis",
                is_staff=True,
            )
            self.stdout.write(f"Created the staff user {STAFF_EMAIL}.")
        else:
            self.stdout.write(f"{STAFF_EMAIL} exists; left as it is.")
        staff.groups.add(group)

    def seed_student(self, directory):
        if User.objects.filter(email__iexact=DEMO_EMAIL).exists():
            self.stdout.write(
                f"{DEMO_EMAIL} exists; their data is left alone "
                "(use --reset to recreate it)."
            )
            return
        student = User.objects.create_user(
            DEMO_EMAIL,
            DEMO_PASSWORD,
            graduation_year=timezone.localdate().year + 1,
            # The demo's address is not a real mailbox; it counts as confirmed.
            email_confirmed_at=timezone.now(),
            **STUDENT,
        )
        journey = Journey(student, directory)
        journey.add_contacts()
        for build in JOURNEYS:
            build(journey)
        self.stdout.write(
            f"Created the demo student {DEMO_EMAIL} with "
            f"{len(journey.contacts)} contacts at every stage."
        )

    def print_logins(self, site_url):
        """The logins that work, last, where the person running it looks.

        An account whose password was changed since is named without a
        password: printing the demo one would send people to a failed login.
        """
        users = {
            user.email: user
            for user in User.objects.filter(email__in=[e for _w, e, _p in LOGINS])
        }
        lines = [f"\nDemo ready. Open {site_url}  (the admin: {site_url}admin/)"]
        for who, email, password in LOGINS:
            user = users.get(email)
            if user is None:
                continue
            if still_has_demo_password(user, password):
                lines.append(f"  {who}: {email} / {password}")
            else:
                lines.append(
                    f"  {who}: {email} (its password was changed since the demo "
                    "was made; use the new one)"
                )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
