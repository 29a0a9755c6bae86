from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("resumes/", views.resumes, name="resumes"),
    path("resumes/<int:pk>/download/", views.resume_download, name="resume_download"),
    path("resumes/<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("profile/calendar/renew/", views.calendar_feed_renew, name="calendar_renew"),
    path(
        "profile/calendar/revoke/", views.calendar_feed_revoke, name="calendar_revoke"
    ),
]
