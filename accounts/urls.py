from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path("confirm/again/", views.confirm_email_again, name="confirm_email_again"),
    path("profile/", views.profile, name="profile"),
    path("profile/delete/", views.account_delete, name="delete"),
    path("resumes/", views.resumes, name="resumes"),
    path("resumes/<int:pk>/download/", views.resume_download, name="resume_download"),
    path("resumes/<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("profile/calendar/renew/", views.calendar_feed_renew, name="calendar_renew"),
    path(
        "profile/calendar/revoke/", views.calendar_feed_revoke, name="calendar_revoke"
    ),
    path("profile/journey/share/", views.journey_share, name="journey_share"),
    path("profile/journey/stop/", views.journey_stop, name="journey_stop"),
    path("privacy/", views.privacy, name="privacy"),
    path("two-factor/", views.second_step, name="two_factor"),
]
