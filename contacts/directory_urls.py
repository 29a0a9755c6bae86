"""The career-centre directory: its own section of the site, kept by contacts."""

from django.urls import path

from contacts import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="list"),
]
