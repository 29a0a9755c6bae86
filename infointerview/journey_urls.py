"""The shared journeys, inside the admin: admin_view sends anyone who is not
signed-in staff to the admin's login."""

from django.contrib import admin
from django.urls import path

from infointerview import journey_views

app_name = "journeys"

urlpatterns = [
    path("", admin.site.admin_view(journey_views.journey_list), name="list"),
    path(
        "<int:pk>/",
        admin.site.admin_view(journey_views.journey_detail),
        name="detail",
    ),
]
