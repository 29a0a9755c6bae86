import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import UserTimezoneMiddleware

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def profile_data(**overrides):
    data = {
        "first_name": "Olivia",
        "last_name": "Chen",
        "program": "Arts Management",
        "graduation_year": "2027",
        "province": "BC",
        "time_zone": "America/Vancouver",
        "interests": "Live theatre, festivals",
        "strengths": "Organizing people",
        "values": "Community",
        "target_occupations": "theatre manager\nfestival producer",
        "phone": "416-555-0199",
        "mailing_address": "12 College St\nToronto ON  M5S 1A1",
        "try_others_after_days": "3",
        "follow_up_after_days": "7",
    }
    return data | overrides


def test_the_profile_page_shows_the_users_own_details(owner_client, user):
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].instance == user
    assert user.email in response.content.decode()


def test_saving_the_profile_keeps_the_self_assessment_and_time_zone(owner_client, user):
    response = owner_client.post(URL, profile_data())

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.province == "BC"
    assert user.time_zone == "America/Vancouver"
    assert user.target_occupation_list == ["theatre manager", "festival producer"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"graduation_year": "1800"}, "graduation_year"),
        ({"province": "ZZ"}, "province"),
        ({"try_others_after_days": "0"}, "try_others_after_days"),
        ({"follow_up_after_days": "2"}, "follow_up_after_days"),
    ],
)
def test_bad_profile_input_gets_a_field_error_and_changes_nothing(
    owner_client, user, overrides, field
):
    response = owner_client.post(URL, profile_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Live theatre, festivals" in response.content.decode()
    user.refresh_from_db()
    assert user.interests == ""


def test_the_profile_cannot_change_the_login_email_or_staff_status(owner_client, user):
    owner_client.post(URL, profile_data(email="x@example.com", is_staff="on"))

    user.refresh_from_db()
    assert user.email == "owner@example.com"
    assert not user.is_staff


def test_pages_are_rendered_in_the_users_time_zone(rf, user):
    user.time_zone = "America/Vancouver"
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = rf.get("/")
    request.user = user
    UserTimezoneMiddleware(view)(request)

    assert seen["zone"] == "America/Vancouver"
    assert timezone.get_current_timezone_name() == "America/Toronto"


def test_the_profile_refuses_other_methods(owner_client):
    assert owner_client.delete(URL).status_code == 405
