"""The sending limits: Infointerview is no open mail relay.

A student's emails per day (in their own zone), a student's emails to one
address in any 7 days, and everyone's emails in any hour are counted in the
database before each email goes; a refused email stays a draft, is recorded
for staff, and can still go from the student's own email app.
"""

import datetime
import re
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connections
from django.urls import reverse

from followups import aftermath
from followups.models import ThankYouNote
from interviews.models import (
    InterviewRequest,
    SendingLimit,
    SendingLimitHit,
    SendingLimitReached,
    SentEmail,
)
from tests.factories import (
    ContactFactory,
    InterviewFactory,
    InterviewRequestFactory,
    LearningFactory,
    UserFactory,
)
from tests.infointerview.test_reminders import database_for_threads, open_connection
from tests.interviews.pinned import signed_in_at
from tests.queries import queries_for
from tests.smtp import RecordingHandler, running_smtp_server
from tests.staff import sign_in_staff

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")
# A week of April 2027, clear of the clocks changing: Monday the 12th.
MONDAY = datetime.date(2027, 4, 12)
Status = InterviewRequest.Status


def at(day, hour, minute=0, zone=TORONTO, days_on=0):
    day = day + datetime.timedelta(days=days_on)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def draft_to(user, email="rhea@massey.example"):
    contact = ContactFactory(owner=user, first_name="Rhea", email=email)
    return InterviewRequestFactory(owner=user, contact=contact)


def send(client, draft):
    return client.post(reverse("interviews:request_send", args=[draft.pk]), follow=True)


def send_at(client, user, when, draft):
    with signed_in_at(client, user, when):
        return send(client, draft)


def page_at(client, user, when, draft):
    with signed_in_at(client, user, when):
        return client.get(reverse("interviews:request_detail", args=[draft.pk]))


def errors(response):
    return [m.message for m in response.context["messages"] if m.level_tag == "error"]


def status_of(draft):
    draft.refresh_from_db()
    return draft.status


# The student's day


def test_the_eleventh_email_of_the_day_is_refused_after_ten_reach_the_server(
    owner_client, user, smtp_server
):
    drafts = [draft_to(user, f"person{n}@example.org") for n in range(11)]

    with signed_in_at(owner_client, user, at(MONDAY, 9)):
        for draft in drafts[:10]:
            send(owner_client, draft)
        refused = send(owner_client, drafts[10])

    assert [status_of(draft) for draft in drafts] == [Status.SENT] * 10 + [Status.DRAFT]
    # Ten to the contacts, each with the student's copy: nothing of the 11th.
    received = [envelope.rcpt_tos for envelope in smtp_server.envelopes]
    assert received[::2] == [[f"person{n}@example.org"] for n in range(10)]
    assert received[1::2] == [[user.email]] * 10
    assert errors(refused) == [
        "Infointerview sends at most 10 emails a day for you, and it has sent "
        "them today. From 13 Apr 2027, midnight it can send again. Nothing you "
        "wrote is lost: send it then, or now from your own email."
    ]
    hit = SendingLimitHit.objects.get()
    assert (hit.owner, hit.limit) == (user, SendingLimit.STUDENT_DAY)
    assert hit.at == at(MONDAY, 9)


def test_the_day_starts_again_at_midnight_in_the_students_zone_not_the_servers(
    owner_client, user, settings
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 2
    user.time_zone = "America/Vancouver"
    user.save(update_fields=["time_zone"])
    first, second, late, next_day = (
        draft_to(user, f"p{n}@example.org") for n in range(4)
    )
    # 8 p.m. in Vancouver is 11 p.m. in Toronto, the server's zone.
    send_at(owner_client, user, at(MONDAY, 20, zone=VANCOUVER), first)
    send_at(owner_client, user, at(MONDAY, 20, 30, zone=VANCOUVER), second)

    # Tuesday on the server, still Monday for the student.
    response = send_at(owner_client, user, at(MONDAY, 23, 30, zone=VANCOUVER), late)
    assert status_of(late) == Status.DRAFT
    assert "From 13 Apr 2027, midnight it can send again." in errors(response)[0]

    send_at(owner_client, user, at(MONDAY, 0, 5, zone=VANCOUVER, days_on=1), next_day)
    assert status_of(next_day) == Status.SENT


# One address


def test_the_fourth_email_to_one_address_in_a_week_is_refused_through_any_contact(
    owner_client, user
):
    # Four contacts, one address written four ways.
    spellings = [
        "rhea@massey.example",
        "Rhea@Massey.example",
        "RHEA@MASSEY.EXAMPLE",
        "rhea@MASSEY.example",
    ]
    drafts = [draft_to(user, email) for email in spellings]
    for day, draft in enumerate(drafts[:3]):
        send_at(owner_client, user, at(MONDAY, 10, days_on=day), draft)

    response = send_at(owner_client, user, at(MONDAY, 10, days_on=3), drafts[3])

    assert status_of(drafts[3]) == Status.DRAFT
    assert errors(response) == [
        "Infointerview sends at most 3 emails to the same address in a week, and "
        "this address has had them. From 19 Apr 2027, 10 a.m. it can write to it "
        "again. Nothing you wrote is lost: send it then, or now from your own "
        "email."
    ]
    assert SendingLimitHit.objects.get().limit == SendingLimit.RECIPIENT_WEEK
    # Another address still goes that day.
    other = draft_to(user, "owen@grand.example")
    send_at(owner_client, user, at(MONDAY, 10, 1, days_on=3), other)
    assert status_of(other) == Status.SENT
    # A week after the first, it may go to that address again.
    send_at(owner_client, user, at(MONDAY, 10, 1, days_on=7), drafts[3])
    assert status_of(drafts[3]) == Status.SENT


def test_no_address_is_stored_only_a_keyed_digest_of_it(owner_client, user):
    draft = draft_to(user, "Rhea@Massey.example")

    send_at(owner_client, user, at(MONDAY, 9), draft)

    (sent,) = SentEmail.objects.values_list("recipient_digest", flat=True)
    assert re.fullmatch(r"[0-9a-f]{64}", sent)
    assert "massey" not in sent.lower()


# Everyone's hour


def test_everyones_emails_in_an_hour_are_limited_together(owner_client, user, settings):
    settings.EMAILS_PER_SITE_PER_HOUR = 3
    for n in range(3):
        SentEmail.objects.claim(
            UserFactory(), f"person{n}@example.org", now=at(MONDAY, 9, 10 * n)
        )
    draft = draft_to(user)

    response = send_at(owner_client, user, at(MONDAY, 9, 45), draft)

    assert status_of(draft) == Status.DRAFT
    assert errors(response) == [
        "Infointerview has sent as many emails as it may in an hour for everyone "
        "together. From 12 Apr 2027, 10 a.m. it can send again. Nothing you wrote "
        "is lost: send it then, or now from your own email."
    ]
    assert SendingLimitHit.objects.get(owner=user).limit == SendingLimit.SITE_HOUR
    send_at(owner_client, user, at(MONDAY, 10, 1), draft)
    assert status_of(draft) == Status.SENT


# What a refusal leaves


def test_a_refused_email_stays_a_draft_that_can_go_from_the_students_own_email(
    owner_client, user, settings
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 1
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user, "a@example.org"))
    draft = draft_to(user, "b@example.org")
    typed = draft.message

    send_at(owner_client, user, at(MONDAY, 9, 5), draft)
    response = page_at(owner_client, user, at(MONDAY, 9, 6), draft)

    draft.refresh_from_db()
    assert (draft.status, draft.message) == (Status.DRAFT, typed)
    html = response.content.decode()
    assert response.context["mailto"] in html.replace("&amp;", "&")
    assert reverse("interviews:request_sent", args=[draft.pk]) in html
    # The button that would only be refused again is not offered.
    assert reverse("interviews:request_send", args=[draft.pk]) not in html
    assert "From 13 Apr 2027, midnight it can send again." in html


def test_save_and_send_over_the_limit_keeps_what_was_typed_as_a_draft(
    owner_client, user, settings
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 1
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user, "a@example.org"))
    contact = ContactFactory(owner=user, email="b@example.org")

    with signed_in_at(owner_client, user, at(MONDAY, 9, 5)):
        response = owner_client.post(
            reverse("interviews:request_create", args=[contact.pk]),
            {
                "channel": "email",
                "subject": "Twenty minutes?",
                "message": "Typed with care.",
                "send": "",
            },
            follow=True,
        )

    saved = InterviewRequest.objects.get(contact=contact)
    assert (saved.status, saved.message) == (Status.DRAFT, "Typed with care.")
    assert "sends at most 1 email a day" in errors(response)[0]


@pytest.mark.parametrize("failing", ["smtp_server_refusing", "smtp_server_down"])
def test_an_email_the_server_did_not_take_uses_up_nothing(
    owner_client, user, settings, request, failing
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 1
    draft = draft_to(user)
    request.getfixturevalue(failing)

    send_at(owner_client, user, at(MONDAY, 9), draft)

    assert status_of(draft) == Status.DRAFT
    assert not SentEmail.objects.exists()

    with running_smtp_server(settings, RecordingHandler()) as server:
        send_at(owner_client, user, at(MONDAY, 9, 5), draft)

    assert status_of(draft) == Status.SENT
    assert len(server.messages) == 2
    assert SentEmail.objects.count() == 1
    assert not SendingLimitHit.objects.exists()


def test_the_students_own_copy_is_not_counted(owner_client, user):
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user))

    assert SentEmail.objects.count() == 1


# What the student sees before sending


def test_the_request_page_says_how_many_emails_are_left_today(owner_client, user):
    for n in range(3):
        send_at(owner_client, user, at(MONDAY, 9, n), draft_to(user, f"p{n}@x.org"))
    draft = draft_to(user, "next@x.org")

    html = page_at(owner_client, user, at(MONDAY, 10), draft).content.decode()
    assert "You can send 7 more emails from Infointerview today." in html

    for n in range(3, 9):
        send_at(owner_client, user, at(MONDAY, 11, n), draft_to(user, f"p{n}@x.org"))
    html = page_at(owner_client, user, at(MONDAY, 12), draft).content.decode()
    assert "You can send 1 more email from Infointerview today." in html

    html = page_at(owner_client, user, at(MONDAY, 0, 1, days_on=1), draft)
    assert "You can send 10 more emails" in html.content.decode()


def test_the_page_names_the_limit_this_address_has_reached(
    owner_client, user, settings
):
    settings.EMAILS_PER_RECIPIENT_PER_WEEK = 1
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user, "rhea@massey.example"))
    again = draft_to(user, "Rhea@massey.example")

    html = page_at(owner_client, user, at(MONDAY, 10), again).content.decode()

    assert "at most 1 email to the same address in a week" in html
    assert "From 19 Apr 2027, 9 a.m. it can write to it again." in html


def test_the_request_page_runs_as_many_queries_however_many_emails_were_sent(
    owner_client, user
):
    draft = draft_to(user)
    url = reverse("interviews:request_detail", args=[draft.pk])

    def sent(count, hour):
        for n in range(count):
            SentEmail.objects.claim(user, f"p{n}@x.org", now=at(MONDAY, hour, n))
            SentEmail.objects.claim(UserFactory(), "a@x.org", now=at(MONDAY, hour, n))

    sent(1, 8)
    with signed_in_at(owner_client, user, at(MONDAY, 9)):
        few = queries_for(owner_client, url)
    sent(8, 10)
    with signed_in_at(owner_client, user, at(MONDAY, 11)):
        many = queries_for(owner_client, url)

    assert many == few


def test_a_reached_limit_costs_the_page_one_query_more_at_most(
    owner_client, user, settings
):
    settings.EMAILS_PER_RECIPIENT_PER_WEEK = 1
    SentEmail.objects.claim(user, "rhea@massey.example", now=at(MONDAY, 8))
    free, reached = draft_to(user, "owen@grand.example"), draft_to(user)

    with signed_in_at(owner_client, user, at(MONDAY, 9)):
        baseline = queries_for(
            owner_client, reverse("interviews:request_detail", args=[free.pk])
        )
        refused = queries_for(
            owner_client, reverse("interviews:request_detail", args=[reached.pk])
        )

    assert refused <= baseline + 1


# Thank-you notes


@pytest.fixture
def ready_note(user):
    """A completed interview whose thank-you note is ready to send."""
    contact = ContactFactory(owner=user, first_name="Priya", email="priya@x.org")
    with time_machine.travel(at(MONDAY, 8), tick=False):
        interview = InterviewFactory(
            owner=user, contact=contact, starts_at=at(MONDAY, 7)
        )
        aftermath.complete_interview(interview)
    learning = LearningFactory(interview=interview)
    note = aftermath.start_thank_you(interview)
    note.learnings.add(learning)
    note.body = "Thank you. Most theatre managers started in front-of-house roles!"
    note.save()
    note.mark_ready()
    return note


def send_note_at(client, user, when, note):
    with signed_in_at(client, user, when):
        return client.post(
            reverse("followups:thank_you_send", args=[note.interview_id]), follow=True
        )


def test_a_thank_you_note_counts_as_an_email(owner_client, user, ready_note):
    send_note_at(owner_client, user, at(MONDAY, 9), ready_note)

    ready_note.refresh_from_db()
    assert ready_note.status == ThankYouNote.Status.SENT
    assert SentEmail.objects.filter(owner=user).count() == 1


def test_a_thank_you_note_over_the_limit_stays_ready_with_its_reason(
    owner_client, user, ready_note, settings
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 1
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user))

    response = send_note_at(owner_client, user, at(MONDAY, 9, 5), ready_note)

    ready_note.refresh_from_db()
    assert ready_note.status == ThankYouNote.Status.READY
    assert "sends at most 1 email a day" in errors(response)[0]
    html = response.content.decode()
    # Sent back to the note, where it can still go from the student's own app.
    assert 'href="mailto:priya@x.org?' in html
    assert reverse("followups:thank_you_send", args=[ready_note.interview_id]) not in (
        html
    )


def test_the_thank_you_page_says_how_many_emails_are_left_today(
    owner_client, user, ready_note
):
    send_at(owner_client, user, at(MONDAY, 9), draft_to(user))

    with signed_in_at(owner_client, user, at(MONDAY, 10)):
        response = owner_client.get(
            reverse("followups:thank_you", args=[ready_note.interview_id])
        )

    assert "You can send 9 more emails from Infointerview today." in (
        response.content.decode()
    )


# The career centre


def test_staff_see_who_reached_which_limit_and_when_but_not_to_whom(
    client, user, staff_user, settings
):
    settings.EMAILS_PER_STUDENT_PER_DAY = 1
    send_at(client, user, at(MONDAY, 9), draft_to(user, "first@massey.example"))
    send_at(client, user, at(MONDAY, 9, 5), draft_to(user, "rhea@massey.example"))
    sign_in_staff(client, staff_user)

    url = reverse("admin:interviews_sendinglimithit_changelist")
    html = client.get(url).content.decode()
    filtered = client.get(url, {"limit__exact": "student_day"})
    other = client.get(url, {"limit__exact": "site_hour"})

    assert user.email in html
    assert "A student&#x27;s emails in a day" in html
    for private in ("massey", "Twenty minutes of your advice", "not asking for a job"):
        assert private not in html
    assert filtered.context["cl"].result_count == 1
    assert other.context["cl"].result_count == 0
    (hit,) = SendingLimitHit.objects.all()
    change = reverse("admin:interviews_sendinglimithit_change", args=[hit.pk])
    assert client.get(change).status_code == 403


# Two sends at the very same moment


def claim_in_threads(database, user, count=2):
    """Each thread claims an email for the student on its own connection, at once."""
    start = threading.Barrier(count)
    results = []

    def claim():
        try:
            connections["default"] = open_connection(database)
            start.wait(timeout=10)
            results.append(SentEmail.objects.claim(user, "rhea@massey.example"))
        except Exception as error:  # Shown in the assertion, not lost.
            results.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=claim) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# Committed rows, which the threads' connections can see (see test_reminders).
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_cannot_both_take_the_last_place(tmp_path, settings):
    settings.EMAILS_PER_STUDENT_PER_DAY = 2
    user = UserFactory(email="race@example.com")
    SentEmail.objects.claim(user, "first@example.org")
    database = database_for_threads(tmp_path)

    results = claim_in_threads(database, user)

    kinds = sorted(type(result).__name__ for result in results)
    assert kinds == ["SendingLimitReached", "SentEmail"], results
    refused = next(r for r in results if isinstance(r, SendingLimitReached))
    assert refused.limit == SendingLimit.STUDENT_DAY


def test_an_unconfirmed_student_cannot_send_and_is_told_how_to_confirm(
    client, smtp_server
):
    student = UserFactory(email_confirmed_at=None)
    draft = InterviewRequestFactory(
        owner=student,
        contact=ContactFactory(owner=student, email="lead@example.org"),
        channel="email",
    )
    client.force_login(student)

    page = client.get(reverse("interviews:request_detail", args=[draft.pk]))
    assert "once your address is confirmed" in page.content.decode()
    response = client.post(
        reverse("interviews:request_send", args=[draft.pk]), follow=True
    )

    assert "once your address is confirmed" in response.content.decode()
    assert smtp_server.messages == []
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not SentEmail.objects.exists()
