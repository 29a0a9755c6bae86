"""Keeping the network: who is due for a check-in and why, the network page,
logging a touchpoint, and the keep-in-touch card on a contact's page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import Contact
from followups.models import FollowUp, Touchpoint
from followups.network import checkins_due
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LearningFactory,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

Stage = Contact.Stage
DAY = datetime.timedelta(days=1)
LEARNED = "Most theatre managers started in front-of-house roles."


@pytest.fixture
def today(user):
    return timezone.localdate(timezone.now(), user.zone)


def thanked(user, today, *, days_ago=91, cadence=90, **kwargs):
    """A thanked contact last heard from some days ago."""
    return ContactFactory(
        owner=user,
        stage=kwargs.pop("stage", Stage.THANKED),
        keep_in_touch_days=cadence,
        last_contacted_on=today - days_ago * DAY,
        **kwargs,
    )


def learned_from(contact, text=LEARNED):
    interview = InterviewFactory(owner=contact.owner, contact=contact)
    return LearningFactory(interview=interview, text=text)


def touchpoint_data(**overrides):
    data = {
        "kind": Touchpoint.Kind.ARTICLE,
        "happened_on": timezone.localdate().isoformat(),
        "link": "https://example.org/arts-funding",
        "note": "Sent the article on arts funding.",
        "keep_in_touch_days": "90",
    }
    return data | overrides


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Who is due for a check-in


def test_a_thanked_contact_past_their_cadence_is_due_with_what_they_taught_me(
    user, today
):
    contact = thanked(user, today, days_ago=91, cadence=90)
    learned_from(contact, "An old learning about box offices.")
    learned_from(contact, LEARNED)

    [check_in] = checkins_due(user, today)

    assert check_in.contact == contact
    assert check_in.due_on == today - DAY
    assert check_in.last_contact == today - 91 * DAY
    assert "front-of-house" in check_in.reason  # the latest learning
    assert "box offices" not in check_in.reason


def test_without_a_learning_the_reason_is_news_of_my_own(user, today):
    thanked(user, today, days_ago=91, cadence=90)

    [check_in] = checkins_due(user, today)

    assert "a new course, a co-op placement, a graduation" in check_in.reason


def test_a_contact_is_not_due_before_the_cadence_runs_out(user, today):
    thanked(user, today, days_ago=89, cadence=90)

    assert checkins_due(user, today) == []


def test_without_a_recorded_contact_the_cadence_runs_from_the_thank_you(user, today):
    # Thanked at noon 100 days ago on the user's calendar: 100 times 24 hours
    # before 23:30 can be the day after, when the clocks went back between.
    ContactFactory(
        owner=user,
        stage=Stage.THANKED,
        stage_changed_at=datetime.datetime.combine(
            today - 100 * DAY, datetime.time(12), tzinfo=user.zone
        ),
        last_contacted_on=None,
    )

    [check_in] = checkins_due(user, today)

    assert check_in.last_contact is None
    assert check_in.due_on == today - 10 * DAY


def test_a_contact_not_to_be_contacted_is_never_due(user, today):
    thanked(user, today, days_ago=3000, cadence=None)

    assert checkins_due(user, today) == []


@pytest.mark.parametrize(
    "stage",
    [Stage.LEAD, Stage.REQUESTED, Stage.SCHEDULED, Stage.INTERVIEWED, Stage.DECLINED],
)
def test_contacts_not_yet_in_the_network_are_never_due(user, today, stage):
    thanked(user, today, days_ago=365, stage=stage)

    assert checkins_due(user, today) == []


def test_the_longest_waiting_come_first_and_only_mine(user, other_user, today):
    recent = thanked(user, today, days_ago=95, stage=Stage.IN_NETWORK)
    oldest = thanked(user, today, days_ago=200)
    thanked(other_user, today, days_ago=300)

    assert [c.contact for c in checkins_due(user, today)] == [oldest, recent]


def test_logging_a_touchpoint_clears_the_due_check_in(owner_client, user, today):
    contact = thanked(user, today)
    assert checkins_due(user, today)

    owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]), touchpoint_data()
    )

    assert checkins_due(user, today) == []


# The network page


def test_the_network_lists_my_thanked_and_in_network_contacts_only(
    owner_client, user, other_user, today
):
    thanked(user, today, first_name="Thanked", days_ago=10)
    thanked(user, today, first_name="Kept", stage=Stage.IN_NETWORK, days_ago=10)
    thanked(user, today, first_name="Lead", stage=Stage.LEAD)
    thanked(user, today, first_name="Interviewed", stage=Stage.INTERVIEWED)
    thanked(other_user, today, first_name="Stranger")

    response = owner_client.get(reverse("followups:network"))

    names = {m.contact.first_name for m in response.context["page"].object_list}
    assert names == {"Thanked", "Kept"}


def test_the_network_shows_last_contact_cadence_and_next_check_in(
    owner_client, user, today
):
    contact = thanked(user, today, days_ago=10, cadence=60)

    response = owner_client.get(reverse("followups:network"))

    [member] = response.context["page"].object_list
    assert member.next_on == today + 50 * DAY
    assert not member.is_due
    html = response.content.decode()
    assert date_format(today - 10 * DAY, "DATE_FORMAT") in html
    assert "every 60 days" in html
    assert date_format(today + 50 * DAY, "DATE_FORMAT") in html
    assert reverse("followups:touchpoint_create", args=[contact.pk]) in html
    assert ">Due<" not in html


def test_a_due_contact_has_a_badge_and_the_reason_and_comes_first(
    owner_client, user, today
):
    thanked(user, today, first_name="Aaron", days_ago=10)
    due = thanked(user, today, first_name="Zoe", days_ago=91)
    learned_from(due)

    response = owner_client.get(reverse("followups:network"))

    members = response.context["page"].object_list
    assert [m.contact.first_name for m in members] == ["Zoe", "Aaron"]
    assert members[0].is_due
    assert response.context["due_count"] == 1
    html = response.content.decode()
    assert ">Due<" in html
    assert "front-of-house" in html


def test_a_contact_without_a_cadence_is_shown_as_not_to_be_contacted_and_last(
    owner_client, user, today
):
    thanked(user, today, first_name="Aaron", cadence=None)
    thanked(user, today, first_name="Zoe", days_ago=10)

    response = owner_client.get(reverse("followups:network"))

    members = response.context["page"].object_list
    assert [m.contact.first_name for m in members] == ["Zoe", "Aaron"]
    assert members[1].next_on is None
    assert "not to be contacted" in response.content.decode()


def test_the_log_button_names_the_person_for_screen_readers(owner_client, user, today):
    thanked(user, today, first_name="Priya", last_name="Raman")

    html = owner_client.get(reverse("followups:network")).content.decode()

    assert (
        'Log a touchpoint<span class="visually-hidden"> with Priya Raman</span>' in html
    )


def make_network(user, n, today):
    for i in range(n):
        contact = thanked(user, today, days_ago=85 + 3 * i)  # some due
        learned_from(contact)
        thanked(user, today, cadence=None)
        thanked(user, today, stage=Stage.LEAD)


def test_the_network_runs_as_many_queries_for_60_contacts_as_for_3(
    owner_client, user, today
):
    url = reverse("followups:network")
    make_network(user, 3, today)
    few = queries_for(owner_client, url)

    make_network(user, 57, today)
    many = queries_for(owner_client, url)

    assert many == few


def test_the_network_page_takes_get_only(owner_client):
    assert owner_client.post(reverse("followups:network")).status_code == 405


# Logging a touchpoint


@pytest.fixture
def contact(user, today):
    return thanked(user, today, first_name="Priya", last_name="Raman")


def test_the_form_starts_from_today_and_the_contacts_cadence(owner_client, contact):
    response = owner_client.get(
        reverse("followups:touchpoint_create", args=[contact.pk])
    )

    assert response.status_code == 200
    assert response.context["form"]["happened_on"].value() == timezone.localdate()
    assert response.context["cadence_form"]["keep_in_touch_days"].value() == 90
    html = response.content.decode()
    assert "a co-op placement, a graduation" in html


def test_it_logs_the_touchpoint_and_goes_back_to_the_contact(
    owner_client, user, contact, today
):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(owner=999),
    )

    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    touchpoint = Touchpoint.objects.get()
    assert touchpoint.owner == user
    assert touchpoint.contact == contact
    assert touchpoint.kind == Touchpoint.Kind.ARTICLE
    assert touchpoint.link == "https://example.org/arts-funding"
    contact.refresh_from_db()
    assert contact.last_contacted_on == today
    assert "Touchpoint with Priya Raman logged." in message_texts(response)


def test_a_thanked_contact_joins_the_network(owner_client, contact):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]), touchpoint_data()
    )

    contact.refresh_from_db()
    assert contact.stage == Stage.IN_NETWORK
    assert "Priya Raman is now in your network." in message_texts(response)


def test_a_lead_stays_a_lead_after_a_touchpoint(owner_client, user, today):
    lead = thanked(user, today, stage=Stage.LEAD)

    owner_client.post(
        reverse("followups:touchpoint_create", args=[lead.pk]), touchpoint_data()
    )

    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD


def test_it_marks_done_the_check_ins_due_by_today(owner_client, user, contact, today):
    late = FollowUpFactory(owner=user, contact=contact, due_on=today - 5 * DAY)
    now = FollowUpFactory(owner=user, contact=contact, due_on=today)
    later = FollowUpFactory(owner=user, contact=contact, due_on=today + 5 * DAY)
    other_kind = FollowUpFactory(
        owner=user, contact=contact, kind=FollowUp.Kind.SEND_RESUME, due_on=today
    )
    other_contact = FollowUpFactory(owner=user, due_on=today)

    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]), touchpoint_data()
    )

    done = set(FollowUp.objects.filter(done_at__isnull=False))
    assert done == {late, now}
    assert not {later, other_kind, other_contact} & done
    assert "The 2 check-ins it answers are marked done." in message_texts(response)


@pytest.mark.parametrize(("posted", "saved"), [("30", 30), ("", None)])
def test_it_saves_the_keep_in_touch_cadence(owner_client, contact, posted, saved):
    owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(keep_in_touch_days=posted),
    )

    contact.refresh_from_db()
    assert contact.keep_in_touch_days == saved


def test_leaving_the_cadence_out_of_the_post_keeps_it(owner_client, contact):
    data = touchpoint_data()
    del data["keep_in_touch_days"]

    owner_client.post(reverse("followups:touchpoint_create", args=[contact.pk]), data)

    contact.refresh_from_db()
    assert contact.keep_in_touch_days == 90
    assert Touchpoint.objects.count() == 1


@pytest.mark.parametrize("cadence", ["0", "-5", "3651", "often"])
def test_a_cadence_that_is_not_a_number_of_days_is_a_field_error(
    owner_client, contact, cadence
):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(keep_in_touch_days=cadence),
    )

    assert response.status_code == 200
    assert "keep_in_touch_days" in response.context["cadence_form"].errors
    assert not Touchpoint.objects.exists()
    contact.refresh_from_db()
    assert contact.keep_in_touch_days == 90
    assert contact.stage == Stage.THANKED


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://example.org/article.pdf", "mailto:a@example.org"],
)
def test_a_link_that_is_not_a_web_address_is_a_field_error(owner_client, contact, link):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(link=link),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["link"] == [
        "Enter a web address that starts with http:// or https://."
    ]
    assert not Touchpoint.objects.exists()


@pytest.mark.parametrize("link", ["http://example.org/a", ""])
def test_an_http_link_or_none_is_fine(owner_client, contact, link):
    owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(link=link, kind=Touchpoint.Kind.ACHIEVEMENT),
    )

    assert Touchpoint.objects.get().link == link


@pytest.mark.parametrize(
    ("happened_on", "error"),
    [
        ("1900-01-01", "Choose a date in 2000 or later."),
        ("tomorrow", "Enter a valid date."),
    ],
)
def test_an_implausible_date_is_a_field_error(
    owner_client, contact, happened_on, error
):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(happened_on=happened_on),
    )

    assert response.context["form"].errors["happened_on"] == [error]
    assert not Touchpoint.objects.exists()


def test_a_touchpoint_cannot_be_in_the_future(owner_client, contact, today):
    response = owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(happened_on=(today + DAY).isoformat()),
    )

    assert "happened_on" in response.context["form"].errors
    assert not Touchpoint.objects.exists()


def test_an_earlier_touchpoint_is_logged_without_moving_the_last_contact_back(
    owner_client, user, today
):
    contact = thanked(user, today, days_ago=2)

    owner_client.post(
        reverse("followups:touchpoint_create", args=[contact.pk]),
        touchpoint_data(happened_on=(today - 30 * DAY).isoformat()),
    )

    contact.refresh_from_db()
    assert contact.last_contacted_on == today - 2 * DAY
    assert Touchpoint.objects.get().happened_on == today - 30 * DAY


def test_a_touchpoint_for_a_strangers_contact_is_not_found(
    owner_client, other_user, today
):
    theirs = thanked(other_user, today)
    url = reverse("followups:touchpoint_create", args=[theirs.pk])

    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, touchpoint_data()).status_code == 404
    assert not Touchpoint.objects.exists()
    theirs.refresh_from_db()
    assert theirs.stage == Stage.THANKED
    assert theirs.last_contacted_on == today - 91 * DAY


def test_a_touchpoint_for_an_unknown_contact_is_not_found(owner_client):
    url = reverse("followups:touchpoint_create", args=[999999])

    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, touchpoint_data()).status_code == 404


def test_logging_a_touchpoint_takes_get_and_post_only(owner_client, contact):
    url = reverse("followups:touchpoint_create", args=[contact.pk])

    assert owner_client.put(url).status_code == 405
    assert not Touchpoint.objects.exists()


def test_the_network_and_touchpoint_pages_carry_no_inline_script_or_style(
    owner_client, contact
):
    for url in (
        reverse("followups:network"),
        reverse("followups:touchpoint_create", args=[contact.pk]),
        reverse("contacts:detail", args=[contact.pk]),
    ):
        html = owner_client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html, url
        assert " style=" not in html, url


# The keep-in-touch card on a contact's page


def test_the_contact_page_offers_a_touchpoint_and_a_follow_up(
    owner_client, user, today
):
    contact = thanked(user, today, days_ago=10, cadence=60)

    html = owner_client.get(
        reverse("contacts:detail", args=[contact.pk])
    ).content.decode()

    assert reverse("followups:touchpoint_create", args=[contact.pk]) in html
    assert f"{reverse('followups:create')}?contact={contact.pk}" in html
    assert "Every 60 days." in html
    next_on = date_format(today + 50 * DAY, "DATE_FORMAT")
    assert f"Next check-in: {next_on}" in html


def test_the_contact_page_says_when_a_check_in_is_due(owner_client, contact):
    html = owner_client.get(
        reverse("contacts:detail", args=[contact.pk])
    ).content.decode()

    assert "Next check-in" in html
    assert '<span class="badge text-bg-warning">Due</span>' in html


def test_the_contact_page_of_someone_not_to_be_contacted_says_so(
    owner_client, user, today
):
    contact = thanked(user, today, cadence=None)

    html = owner_client.get(
        reverse("contacts:detail", args=[contact.pk])
    ).content.decode()

    assert "Not to be contacted." in html
    assert "Next check-in" not in html


def test_a_lead_has_no_check_in_date_yet(owner_client, user, today):
    lead = thanked(user, today, stage=Stage.LEAD)

    html = owner_client.get(reverse("contacts:detail", args=[lead.pk])).content.decode()

    assert "The check-ins start once you have thanked them." in html
