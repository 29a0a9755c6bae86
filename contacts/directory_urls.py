"""The career-centre directory: its own section of the site, kept by contacts."""

from django.urls import path

from contacts import directory_views

app_name = "directory"

urlpatterns = [
    path("", directory_views.directory_list, name="list"),
    path("<int:pk>/", directory_views.directory_detail, name="detail"),
    path("<int:pk>/add/", directory_views.directory_add, name="add"),
]
