"""Follow-ups in the browser: the list by urgency, adding and editing one,
marking it done and snoozing it — only ever the signed-in user's own."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, latest_due
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    InterviewRequestFactory,
    UserFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

Kind = FollowUp.Kind
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def contact(user):
    return ContactFactory(owner=user, first_name="Priya", last_name="Raman")


@pytest.fixture
def followup(user, contact, today):
    return FollowUpFactory(
        owner=user,
        contact=contact,
        kind=Kind.SHARE_ARTICLE,
        title="Send the arts funding article",
        due_on=today,
    )


@pytest.fixture
def strangers_followup(other_user, today):
    return FollowUpFactory(owner=other_user, title="Not yours", due_on=today)


def followup_data(contact, **overrides):
    data = {
        "contact": contact.pk,
        "kind": Kind.SEND_RESUME,
        "title": "Send my resume",
        "due_on": (timezone.localdate() + 3 * DAY).isoformat(),
        "notes": "The version for arts administration.",
    }
    return data | overrides


def titles(items):
    return [item.title for item in items]


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Anonymous visitors and wrong methods, for every view of this module


def all_urls():
    return [
        ("followups:list", []),
        ("followups:create", []),
        ("followups:edit", [1]),
        ("followups:done", [1]),
        ("followups:snooze", [1]),
        ("followups:network", []),
        ("followups:touchpoint_create", [1]),
    ]


@pytest.mark.parametrize(("name", "args"), all_urls())
def test_anonymous_visitors_are_sent_to_log_in(client, name, args):
    url = reverse(name, args=args)

    for method in (client.get, client.post):
        response = method(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("followups:list", "post"),
        ("followups:create", "put"),
        ("followups:edit", "delete"),
        ("followups:done", "get"),
        ("followups:snooze", "get"),
    ],
)
def test_each_view_refuses_the_wrong_method(owner_client, followup, name, method):
    args = [] if name in ("followups:list", "followups:create") else [followup.pk]

    response = getattr(owner_client, method)(reverse(name, args=args))

    assert response.status_code == 405
    followup.refresh_from_db()
    assert followup.done_at is None
    assert followup.title == "Send the arts funding article"


# The list


def test_open_follow_ups_are_split_into_overdue_due_today_and_coming_up(
    owner_client, user, contact, today
):
    FollowUpFactory(owner=user, contact=contact, title="Late", due_on=today - 2 * DAY)
    FollowUpFactory(owner=user, contact=contact, title="Now", due_on=today)
    FollowUpFactory(owner=user, contact=contact, title="Later", due_on=today + DAY)
    FollowUpFactory(
        owner=user,
        contact=contact,
        title="Finished",
        due_on=today,
        done_at=timezone.now(),
    )

    response = owner_client.get(reverse("followups:list"))

    assert titles(response.context["overdue"]) == ["Late"]
    assert titles(response.context["due_today"]) == ["Now"]
    assert titles(response.context["page"].object_list) == ["Later"]
    assert titles(response.context["done"]) == ["Finished"]


def test_the_list_shows_only_my_follow_ups(owner_client, followup, strangers_followup):
    response = owner_client.get(reverse("followups:list"))

    assert titles(response.context["due_today"]) == [followup.title]
    assert "Not yours" not in response.content.decode()


def test_the_done_section_shows_the_last_20_done_newest_first(
    owner_client, user, contact
):
    now = timezone.now()
    for n in range(22):
        FollowUpFactory(
            owner=user,
            contact=contact,
            title=f"Task {n}",
            done_at=now - datetime.timedelta(hours=n),
        )

    response = owner_client.get(reverse("followups:list"))

    assert titles(response.context["done"]) == [f"Task {n}" for n in range(20)]


def test_coming_up_is_paginated_by_25(owner_client, user, contact, today):
    for n in range(27):
        FollowUpFactory(owner=user, contact=contact, due_on=today + (n + 1) * DAY)

    first = owner_client.get(reverse("followups:list"))
    second = owner_client.get(reverse("followups:list"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2


def test_filters_by_kind_and_by_contact(owner_client, user, contact, today):
    other = ContactFactory(owner=user, first_name="Ben")
    FollowUpFactory(owner=user, contact=contact, kind=Kind.CHECK_IN, title="A")
    FollowUpFactory(owner=user, contact=contact, kind=Kind.SEND_RESUME, title="B")
    FollowUpFactory(owner=user, contact=other, kind=Kind.CHECK_IN, title="C")
    url = reverse("followups:list")

    by_kind = owner_client.get(url, {"kind": Kind.CHECK_IN})
    by_contact = owner_client.get(url, {"contact": contact.pk})
    by_both = owner_client.get(url, {"kind": Kind.CHECK_IN, "contact": other.pk})

    assert titles(by_kind.context["due_today"]) == ["A", "C"]
    assert titles(by_contact.context["due_today"]) == ["A", "B"]
    assert titles(by_both.context["due_today"]) == ["C"]


def test_the_contact_filter_offers_only_my_contacts(owner_client, contact, other_user):
    theirs = ContactFactory(owner=other_user, first_name="Zed")

    response = owner_client.get(reverse("followups:list"))

    choices = list(response.context["form"].fields["contact"].queryset)
    assert choices == [contact]
    assert "Zed" not in response.content.decode()
    assert theirs not in choices


def test_a_strangers_contact_in_the_filter_is_an_error_and_left_out(
    owner_client, followup, other_user
):
    theirs = ContactFactory(owner=other_user)

    response = owner_client.get(reverse("followups:list"), {"contact": theirs.pk})

    assert response.context["form"].errors["contact"] == [
        "Choose one of your own contacts."
    ]
    assert titles(response.context["due_today"]) == [followup.title]


def test_each_open_item_has_a_done_button_and_a_snooze_choice_of_one_day_first(
    owner_client, followup
):
    html = owner_client.get(reverse("followups:list")).content.decode()

    assert reverse("followups:done", args=[followup.pk]) in html
    assert reverse("followups:snooze", args=[followup.pk]) in html
    assert '<option value="1" selected>1 day</option>' in html
    assert '<option value="3">3 days</option>' in html
    assert '<option value="7">7 days</option>' in html
    # The buttons say which task they act on, for screen readers.
    assert (
        'Done<span class="visually-hidden">: Send the arts funding article '
        "(Priya Raman)</span>" in html
    )


def test_a_thank_you_follow_up_links_to_its_note_instead_of_offering_done(
    owner_client, user, contact, today
):
    interview = InterviewFactory(owner=user, contact=contact)
    thank_you = FollowUpFactory(
        owner=user,
        contact=contact,
        interview=interview,
        kind=Kind.THANK_YOU,
        title="Thank Priya",
        due_on=today,
    )

    html = owner_client.get(reverse("followups:list")).content.decode()

    assert reverse("followups:thank_you", args=[interview.pk]) in html
    assert reverse("followups:done", args=[thank_you.pk]) not in html


def make_followups(user, n, today):
    for i in range(n):
        contact = ContactFactory(owner=user)
        FollowUpFactory(owner=user, contact=contact, due_on=today - DAY)
        FollowUpFactory(owner=user, contact=contact, due_on=today)
        FollowUpFactory(owner=user, contact=contact, due_on=today + (i + 1) * DAY)
        FollowUpFactory(owner=user, contact=contact, done_at=timezone.now())
        FollowUpFactory(
            owner=user,
            contact=contact,
            kind=Kind.THANK_YOU,
            interview=InterviewFactory(owner=user, contact=contact),
        )


def test_the_list_runs_as_many_queries_for_60_rows_as_for_3(owner_client, user, today):
    url = reverse("followups:list")
    make_followups(user, 3, today)
    few = queries_for(owner_client, url)

    make_followups(user, 57, today)
    many = queries_for(owner_client, url)

    assert many == few


# The calls a voicemail promised, listed with the follow-ups


def promised_call(owner, contact, on):
    return InterviewRequestFactory(
        owner=owner,
        contact=contact,
        channel="telephone",
        status="sent",
        sent_at=timezone.now(),
        follow_up_on=on,
    )


def test_a_call_back_a_voicemail_promised_is_listed_with_its_day(
    owner_client, user, contact, today
):
    call = promised_call(user, contact, today + 2 * DAY)

    html = owner_client.get(reverse("followups:list")).content.decode()

    section = html[
        html.index('id="calls-heading"') : html.index('id="overdue-heading"')
    ]
    assert "Call Priya Raman back" in section
    assert (today + 2 * DAY).isoformat() in section
    assert reverse("interviews:request_detail", args=[call.pk]) in section


def test_a_call_back_is_gone_once_they_answered(owner_client, user, contact, today):
    call = promised_call(user, contact, today)
    call.mark_accepted()

    html = owner_client.get(reverse("followups:list")).content.decode()

    assert "Call Priya Raman back" not in html


def test_another_students_call_backs_are_never_listed(owner_client, other_user, today):
    stranger = ContactFactory(owner=other_user, first_name="Noor", last_name="Haddad")
    promised_call(other_user, stranger, today)

    html = owner_client.get(reverse("followups:list")).content.decode()

    assert "Noor" not in html


def test_call_backs_follow_the_contact_filter_and_not_another_kind(
    owner_client, user, contact, today
):
    other = ContactFactory(owner=user, first_name="Owen", last_name="MacLeod")
    promised_call(user, contact, today)
    promised_call(user, other, today)
    url = reverse("followups:list")

    only_owen = owner_client.get(url, {"contact": other.pk}).content.decode()
    articles = owner_client.get(url, {"kind": Kind.SHARE_ARTICLE}).content.decode()

    assert "Call Owen MacLeod back" in only_owen
    assert "Call Priya Raman back" not in only_owen
    assert "Call Owen" not in articles


def test_the_call_backs_cost_no_query_per_row(owner_client, user, today):
    url = reverse("followups:list")
    for n in range(3):
        promised_call(user, ContactFactory(owner=user), today + n * DAY)
    few = queries_for(owner_client, url)

    for n in range(30):
        promised_call(user, ContactFactory(owner=user), today + n * DAY)
    many = queries_for(owner_client, url)

    assert many == few


# Adding a follow-up


def test_it_adds_a_follow_up_for_my_contact_owned_by_me(
    owner_client, user, other_user, contact
):
    data = followup_data(contact, owner=other_user.pk)

    response = owner_client.post(reverse("followups:create"), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("followups:list")
    follow_up = FollowUp.objects.get()
    assert follow_up.owner == user
    assert follow_up.contact == contact
    assert follow_up.kind == Kind.SEND_RESUME
    assert follow_up.due_on == timezone.localdate() + 3 * DAY
    assert "Follow-up added: Send my resume" in message_texts(response)


def test_the_contact_in_the_address_is_preselected(owner_client, contact):
    response = owner_client.get(reverse("followups:create"), {"contact": contact.pk})

    html = response.content.decode()
    assert f'<option value="{contact.pk}" selected>' in html
    assert 'type="date"' in html


def test_it_goes_back_to_the_contacts_page_it_came_from(owner_client, contact):
    back = reverse("contacts:detail", args=[contact.pk])

    response = owner_client.post(
        reverse("followups:create"), followup_data(contact, next=back)
    )

    assert response["Location"] == back


def test_a_strangers_contact_is_a_field_error(owner_client, other_user):
    theirs = ContactFactory(owner=other_user)

    response = owner_client.post(reverse("followups:create"), followup_data(theirs))

    assert response.status_code == 200
    assert response.context["form"].errors["contact"] == [
        "Choose one of your own contacts."
    ]
    assert not FollowUp.objects.exists()


def test_the_contact_choices_are_only_mine(owner_client, contact, other_user):
    ContactFactory(owner=other_user, first_name="Zed")

    response = owner_client.get(reverse("followups:create"))

    assert list(response.context["form"].fields["contact"].queryset) == [contact]


def test_a_thank_you_is_not_offered_as_a_kind_to_add_by_hand(owner_client, contact):
    response = owner_client.post(
        reverse("followups:create"), followup_data(contact, kind=Kind.THANK_YOU)
    )

    assert "kind" in response.context["form"].errors
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("due_on", "error"),
    [
        ("1900-01-01", "Choose a date in 2000 or later."),
        ("1999-12-31", "Choose a date in 2000 or later."),
        ("2999-01-01", "Choose a date within the next 5 years."),
        ("not a date", "Enter a valid date."),
        ("99999-01-01", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_an_implausible_due_date_is_a_field_error(owner_client, contact, due_on, error):
    response = owner_client.post(
        reverse("followups:create"), followup_data(contact, due_on=due_on)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [error]
    assert not FollowUp.objects.exists()


def test_a_due_date_just_within_five_years_is_fine(owner_client, contact):
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + 5)
    except ValueError:
        latest = today.replace(year=today.year + 5, day=28)

    owner_client.post(
        reverse("followups:create"),
        followup_data(contact, due_on=latest.isoformat()),
    )

    assert FollowUp.objects.get().due_on == latest


def test_a_title_is_required(owner_client, contact):
    response = owner_client.post(
        reverse("followups:create"), followup_data(contact, title="")
    )

    assert "title" in response.context["form"].errors


# Editing a follow-up


def test_it_edits_my_follow_up(owner_client, followup, contact, today):
    url = reverse("followups:edit", args=[followup.pk])
    assert owner_client.get(url).status_code == 200

    response = owner_client.post(
        url,
        followup_data(contact, title="Send the article", due_on=today.isoformat()),
    )

    assert response["Location"] == reverse("followups:list")
    followup.refresh_from_db()
    assert followup.title == "Send the article"
    assert followup.kind == Kind.SEND_RESUME


def test_the_edit_form_shows_the_due_date_for_a_date_input(owner_client, followup):
    html = owner_client.get(
        reverse("followups:edit", args=[followup.pk])
    ).content.decode()

    assert f'value="{followup.due_on.isoformat()}"' in html


def test_editing_rejects_a_due_date_in_1900(owner_client, followup, contact):
    response = owner_client.post(
        reverse("followups:edit", args=[followup.pk]),
        followup_data(contact, due_on="1900-06-01"),
    )

    assert "due_on" in response.context["form"].errors
    followup.refresh_from_db()
    assert followup.due_on == timezone.localdate()


def test_a_follow_up_from_an_interview_stays_with_its_contact(
    owner_client, user, contact
):
    interview = InterviewFactory(owner=user, contact=contact)
    follow_up = FollowUpFactory(owner=user, contact=contact, interview=interview)
    elsewhere = ContactFactory(owner=user)

    owner_client.post(
        reverse("followups:edit", args=[follow_up.pk]), followup_data(elsewhere)
    )

    follow_up.refresh_from_db()
    assert follow_up.contact == contact
    assert follow_up.title == "Send my resume"


def test_a_strangers_follow_up_cannot_be_edited(
    owner_client, strangers_followup, contact
):
    url = reverse("followups:edit", args=[strangers_followup.pk])

    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, followup_data(contact)).status_code == 404
    strangers_followup.refresh_from_db()
    assert strangers_followup.title == "Not yours"


def test_an_unknown_follow_up_is_not_found(owner_client):
    for name in ("followups:edit", "followups:done", "followups:snooze"):
        response = owner_client.post(reverse(name, args=[999999]), {"days": 1})
        assert response.status_code == 404, name


# Done


def test_done_marks_it_done_and_goes_back_to_the_list(owner_client, followup):
    response = owner_client.post(reverse("followups:done", args=[followup.pk]))

    assert response["Location"] == reverse("followups:list")
    followup.refresh_from_db()
    assert followup.is_done
    assert "Done: Send the arts funding article" in message_texts(response)


def test_done_goes_back_to_the_page_it_was_posted_from(owner_client, followup):
    back = reverse("followups:list") + "?kind=share_article"

    response = owner_client.post(
        reverse("followups:done", args=[followup.pk]), {"next": back}
    )

    assert response["Location"] == back


def test_done_does_not_go_back_to_another_site(owner_client, followup):
    response = owner_client.post(
        reverse("followups:done", args=[followup.pk]),
        {"next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("followups:list")


def test_done_twice_keeps_the_first_time(owner_client, followup):
    url = reverse("followups:done", args=[followup.pk])
    owner_client.post(url)
    followup.refresh_from_db()
    first = followup.done_at

    response = owner_client.post(url)

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.done_at == first


def test_a_strangers_follow_up_cannot_be_marked_done(owner_client, strangers_followup):
    response = owner_client.post(
        reverse("followups:done", args=[strangers_followup.pk])
    )

    assert response.status_code == 404
    strangers_followup.refresh_from_db()
    assert strangers_followup.done_at is None


# Snooze


@pytest.mark.parametrize("days", [1, 3, 7, 30])
def test_snooze_moves_the_due_date_by_the_days_chosen(
    owner_client, followup, today, days
):
    response = owner_client.post(
        reverse("followups:snooze", args=[followup.pk]), {"days": days}
    )

    assert response["Location"] == reverse("followups:list")
    followup.refresh_from_db()
    assert followup.due_on == today + days * DAY


def test_an_overdue_follow_up_is_snoozed_from_today(owner_client, user, contact, today):
    late = FollowUpFactory(owner=user, contact=contact, due_on=today - 10 * DAY)

    owner_client.post(reverse("followups:snooze", args=[late.pk]), {"days": 3})

    late.refresh_from_db()
    assert late.due_on == today + 3 * DAY


@pytest.mark.parametrize("days", ["0", "-2", "31", "three", ""])
def test_a_bad_snooze_changes_nothing_and_says_why(owner_client, followup, days):
    response = owner_client.post(
        reverse("followups:snooze", args=[followup.pk]), {"days": days}
    )

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.due_on == timezone.localdate()
    assert "Snooze by 1 to 30 days." in message_texts(response)


@pytest.mark.parametrize("due_on", [datetime.date(9999, 12, 31), None])
def test_a_follow_up_due_years_ahead_is_not_snoozed_past_the_bound(
    owner_client, user, contact, today, due_on
):
    # Stored before due dates were bounded (9999), or on the last day allowed.
    due_on = due_on or latest_due(today) - DAY
    far = FollowUpFactory(owner=user, contact=contact, due_on=due_on)

    response = owner_client.post(
        reverse("followups:snooze", args=[far.pk]), {"days": 3}
    )

    assert response.status_code == 302
    far.refresh_from_db()
    assert far.due_on == due_on
    assert message_texts(response) == [
        "It is due years ahead already: edit its date instead."
    ]


def test_a_done_follow_up_is_not_snoozed(owner_client, followup):
    followup.mark_done()

    response = owner_client.post(
        reverse("followups:snooze", args=[followup.pk]), {"days": 3}
    )

    followup.refresh_from_db()
    assert followup.due_on == timezone.localdate()
    assert "This follow-up is already done." in message_texts(response)


def test_a_strangers_follow_up_cannot_be_snoozed(owner_client, strangers_followup):
    response = owner_client.post(
        reverse("followups:snooze", args=[strangers_followup.pk]), {"days": 3}
    )

    assert response.status_code == 404
    strangers_followup.refresh_from_db()
    assert strangers_followup.due_on == timezone.localdate()


def test_the_list_pages_carry_no_inline_script_or_style(owner_client, followup):
    for url in (
        reverse("followups:list"),
        reverse("followups:create"),
        reverse("followups:edit", args=[followup.pk]),
    ):
        html = owner_client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html, url
        assert " style=" not in html, url


def test_another_users_list_is_theirs_alone(client, followup):
    stranger = UserFactory()
    client.force_login(stranger)

    response = client.get(reverse("followups:list"))

    assert list(response.context["due_today"]) == []
