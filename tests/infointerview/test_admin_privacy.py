"""An auditor's test of the admin: staff never see what a student wrote.

Every private field of every row a student owns holds a marker. The models
are walked, not listed, so a field added tomorrow is covered the day it is
added. A staff member made by create_staff_user then opens every admin page
reachable from the admin's home (lists, filters, searches, change pages,
history, exports), and every row's own admin addresses besides, and no
marker may show on any of them. With sharing on, the markers show on the
shared journey's pages only, and each visit is recorded.
"""

import collections
import html
import io
import re
import urllib.parse

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import JourneyVisit, Resume, User
from contacts.models import ImportBatch, Organization
from followups.models import ReminderDigest
from interviews.models import (
    MessageTemplate,
    Question,
    Reschedule,
    SendingLimit,
    SendingLimitHit,
    SentEmail,
)
from tests import factories
from tests.staff import enrol_on_the_second_step, sign_in_staff

pytestmark = pytest.mark.django_db

# Underscored: no random token on a page (a CSRF token, say) can hold it.
MARK = "zq_mk"
OUR_APPS = ("accounts", "contacts", "interviews", "followups", "infointerview")
# The account fields staff see, by design: who the student is.
STAFF_SEE_OF_AN_ACCOUNT = {"email", "first_name", "last_name", "program"}
# A foreign key to a user that does not make the row that user's own.
NOT_AN_OWNER = {("accounts.JourneyVisit", "staff")}
# Rows that no student owns: the career centre's, or the site's.
NOT_STUDENTS = {
    "contacts.DirectoryEntry",
    "contacts.DirectoryImport",
    # Keyed hashes of addresses and times, to limit account emails; no one's words.
    "accounts.AccountEmail",
}
STAFF_PASSWORD = "box-office-opens-at-noon-9"
# Pages the crawl does not follow: leaving, or leaving the admin.
NOT_FOLLOWED = ("/admin/logout/", "/admin/r/", "/admin/password_change/")


def owner_path(model, seen=()):
    """How a model's row reaches the student who owns it, or None."""
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        if (model._meta.label, field.name) in NOT_AN_OWNER:
            continue
        if field.related_model is User:
            return field.name
        if field.related_model in seen or field.related_model is model:
            continue
        upper = owner_path(field.related_model, (*seen, model))
        if upper:
            return f"{field.name}__{upper}"
    return None


def our_models():
    return [m for label in OUR_APPS for m in apps.get_app_config(label).get_models()]


def students_models():
    return [
        m
        for m in our_models()
        if m is User
        or (m._meta.label not in NOT_STUDENTS and owner_path(m) is not None)
    ]


def rows_of(model, student):
    if model is User:
        return User.objects.filter(pk=student.pk)
    return model._default_manager.filter(**{owner_path(model): student})


def private_fields(model):
    """What a student writes: every text field but a choice of ours."""
    for field in model._meta.concrete_fields:
        if not isinstance(
            field, (models.CharField, models.TextField, models.JSONField)
        ):
            continue
        if field.choices:
            continue
        if model is User and field.name in STAFF_SEE_OF_AN_ACCOUNT:
            continue
        yield field


def test_every_model_is_judged_students_or_not():
    judged = {m._meta.label for m in students_models()} | NOT_STUDENTS
    assert {m._meta.label for m in our_models()} <= judged
    assert {
        "accounts.User",
        "accounts.Resume",
        "contacts.Contact",
        "contacts.ImportBatch",
        "interviews.Interview",
        "interviews.InterviewQuestion",
        "followups.Learning",
        "followups.Touchpoint",
        "interviews.SentEmail",
        "interviews.SendingLimitHit",
    } <= judged - NOT_STUDENTS


@pytest.fixture
def marked_student():
    """A student with a row of every model a student owns, each private field
    of it holding a marker of its own."""
    student = factories.UserFactory(
        email="olivia@example.com", first_name="Olivia", last_name="Chen"
    )
    student.renew_calendar_token()
    referrer = factories.ContactFactory(owner=student)
    contact = factories.ContactFactory(
        owner=student, lead_source="referral", referred_by=referrer
    )
    request = factories.InterviewRequestFactory(owner=student, contact=contact)
    request.mark_sent()
    request.mark_accepted()
    interview = factories.InterviewFactory(
        owner=student, contact=contact, request=request
    )
    Reschedule.objects.create(
        interview=interview,
        previous_starts_at=interview.starts_at,
        previous_duration_minutes=30,
    )
    factories.InterviewQuestionFactory(interview=interview)
    learning = factories.LearningFactory(interview=interview)
    note = factories.ThankYouNoteFactory(interview=interview)
    note.learnings.add(learning)
    factories.FollowUpFactory(owner=student, contact=contact, interview=interview)
    factories.TouchpointFactory(owner=student, contact=contact)
    factories.QuestionFactory(owner=student)
    factories.ResumeFactory(owner=student)
    MessageTemplate.objects.create(owner=student, kind="email", body="Mine")
    ImportBatch.objects.create(owner=student, source="csv", filename="mine.csv")
    ReminderDigest.objects.create(user=student, day=interview.starts_at.date())
    JourneyVisit.objects.create(student=student, staff_name="An advisor")
    SentEmail.objects.claim(student, contact.email)
    SendingLimitHit.objects.create(owner=student, limit=SendingLimit.RECIPIENT_WEEK)

    count = 0
    for model in students_models():
        rows = rows_of(model, student)
        assert rows.exists(), f"Give the marked student a {model._meta.label} row."
        for pk in rows.values_list("pk", flat=True):
            values = {}
            for field in private_fields(model):
                count += 1
                marker = f"{MARK}{count:03d}"
                if isinstance(field, models.JSONField):
                    marker = [marker]
                elif isinstance(field, models.URLField):
                    # The database holds a link to the web, nothing else.
                    marker = f"https://example.org/{marker}"
                values[field.name] = marker
            if values:
                model._default_manager.filter(pk=pk).update(**values)
    assert count > 60
    student.refresh_from_db()
    return student


@pytest.fixture
def career_centre(client, monkeypatch):
    """Signed in as a staff member made the documented way."""
    monkeypatch.setenv("STAFF_PASSWORD", STAFF_PASSWORD)
    call_command("create_staff_user", "jordan@college.example", stdout=io.StringIO())
    # django-axes counts a sign-in against the request it came with.
    assert client.login(
        request=HttpRequest(), email="jordan@college.example", password=STAFF_PASSWORD
    )
    # The second step too, as the first time: the app is set up with a code.
    enrol_on_the_second_step(client, User.objects.get(email="jordan@college.example"))
    # The career centre's own rows, so that its pages have something to show.
    factories.DirectoryEntryFactory()
    Organization.objects.create(name="Massey Hall")
    MessageTemplate.objects.create(kind="letter", body="Dear {contact_formal_name},")
    return client


def worth_a_visit(query):
    """Each filter and each sort on its own: a combination, another sort
    order or the same page with the list's filters kept shows the same
    columns of the same rows."""
    if len(query) > 1:
        return False
    return all(
        name != "_changelist_filters" and (name != "o" or value.isdigit())
        for name, value in query
    )


def links_in(url, body):
    for href in re.findall(r'(?:href|action)="([^"]*)"', body):
        target = urllib.parse.urljoin(url, html.unescape(href)).split("#")[0]
        parts = urllib.parse.urlsplit(target)
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path
        if not path.startswith("/admin/") or path.startswith(NOT_FOLLOWED):
            continue
        if not worth_a_visit(urllib.parse.parse_qsl(parts.query)):
            continue
        yield path + (f"?{parts.query}" if parts.query else "")


def searches_of(url, body, student):
    if 'id="changelist-search"' in body:
        for term in (MARK, student.email, "theatre"):
            yield f"{urllib.parse.urlsplit(url).path}?q={urllib.parse.quote(term)}"


def row_addresses(student):
    """Every admin address of every row the student owns, reachable or not."""
    for model in admin.site._registry:
        if model not in students_models():
            continue
        rows = rows_of(model, student)
        meta = model._meta
        for pk in rows.values_list("pk", flat=True):
            for view in ("change", "history", "delete"):
                yield reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[pk]
                )
    # The admin's chooser, asked for every foreign key there is, offered or
    # not: it labels each row it finds with the row's str().
    for model in our_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and not field.many_to_many:
                query = urllib.parse.urlencode(
                    {
                        "app_label": model._meta.app_label,
                        "model_name": model._meta.model_name,
                        "field_name": field.name,
                        "term": "",
                    }
                )
                yield f"{reverse('admin:autocomplete')}?{query}"
    yield f"/admin/accounts/user/{student.pk}/password/"
    yield reverse("journeys:detail", args=[student.pk])


def crawl(client, student, limit=1500):
    """{url: text} of every admin page reachable from the admin's home."""
    pages = {}
    queue = collections.deque(["/admin/", *row_addresses(student)])
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        text = response.content.decode(errors="replace")
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        if query.get("q") == MARK:
            # The search box shows back the term searched for, a marker's
            # start: what counts is that no private field answers it.
            assert response.context["cl"].result_count == 0, url
            text = re.sub(rf"{MARK}(?!\d)", "", text)
        pages[url] = text + response.get("Location", "")
        if response.status_code in (301, 302) and response["Location"].startswith(
            "/admin/"
        ):
            queue.append(response["Location"])
        if "html" in response.get("Content-Type", ""):
            queue.extend(links_in(url, text))
            queue.extend(searches_of(url, text, student))
    assert len(pages) < limit, "The crawl stopped early; raise the limit."
    return pages


def with_marker(pages):
    """{url: what surrounds the first marker} of the pages that show one."""
    found = {}
    previous = None
    for url, text in pages.items():
        at = text.lower().find(MARK)
        if at >= 0:
            found[url] = f"(after {previous}) {text[max(0, at - 300) : at + 40]}"
        previous = url
    return found


def test_staff_see_no_private_word_on_any_admin_page(career_centre, marked_student):
    pages = crawl(career_centre, marked_student)

    assert with_marker(pages) == {}
    resume = Resume.objects.get(owner=marked_student)
    assert not any(resume.file.name in text for text in pages.values())
    # The crawl went where an auditor would.
    visited = set(pages)
    for expected in [
        "/admin/",
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[marked_student.pk]),
        reverse("admin:accounts_user_history", args=[marked_student.pk]),
        reverse("admin:interviews_interview_changelist"),
        reverse("admin:followups_thankyounote_changelist"),
        reverse("admin:contacts_directoryentry_changelist"),
        reverse("admin:interviews_question_changelist"),
        reverse("admin:interviews_messagetemplate_changelist"),
        reverse("admin:interviews_sendinglimithit_changelist"),
        reverse("journeys:list"),
    ]:
        assert expected in visited, expected
    assert any("?q=" in url for url in visited)
    assert any("__exact=" in url for url in visited)
    assert len(pages) > 100
    # Not shared: no page of the journey, and no visit recorded.
    assert not JourneyVisit.objects.filter(staff__isnull=False).exists()


def test_a_superuser_sees_no_private_word_either(client, marked_student):
    superuser = User.objects.create_superuser("root@college.example", STAFF_PASSWORD)
    sign_in_staff(client, superuser)

    pages = crawl(client, marked_student)

    assert with_marker(pages) == {}


def test_with_sharing_on_the_words_show_on_the_journey_only_and_each_visit_counts(
    career_centre, marked_student
):
    marked_student.share_journey()
    before = JourneyVisit.objects.filter(staff__isnull=False).count()

    pages = crawl(career_centre, marked_student)

    journey = reverse("journeys:detail", args=[marked_student.pk])
    assert list(with_marker(pages)) == [journey]
    shown = set(re.findall(rf"{MARK}\d+", pages[journey].lower()))
    # What an advisor coaches from: the notes, learnings, texts and answers.
    assert len(shown) >= 20
    visits = JourneyVisit.objects.filter(staff__isnull=False).count() - before
    assert visits == 1
    assert JourneyVisit.objects.filter(
        student=marked_student, staff__email="jordan@college.example"
    ).exists()


def test_after_sharing_stops_the_journey_is_gone_at_once(career_centre, marked_student):
    marked_student.share_journey()
    journey = reverse("journeys:detail", args=[marked_student.pk])
    assert career_centre.get(journey).status_code == 200

    marked_student.stop_sharing_journey()

    response = career_centre.get(journey)
    assert response.status_code == 404
    assert MARK not in response.content.decode().lower()


def test_the_shared_bank_is_not_the_students_own(marked_student):
    # The marker fixture reaches a student's own question, not the bank's.
    assert Question.objects.filter(owner=marked_student).exists()
    assert not Question.objects.shared().filter(text__startswith=MARK).exists()
