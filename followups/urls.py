from django.urls import path

from followups import views, wrapup_views

app_name = "followups"

urlpatterns = [
    # Follow-ups, touchpoints and the network (followups/views.py).
    path("", views.followup_list, name="list"),
    path("new/", views.followup_create, name="create"),
    path("<int:pk>/edit/", views.followup_edit, name="edit"),
    path("<int:pk>/done/", views.followup_done, name="done"),
    path("<int:pk>/snooze/", views.followup_snooze, name="snooze"),
    path("network/", views.network, name="network"),
    path(
        "touchpoints/new/<int:contact_pk>/",
        views.touchpoint_create,
        name="touchpoint_create",
    ),
    # After the interview (followups/wrapup_views.py).
    path(
        "wrap-up/<int:interview_pk>/complete/",
        wrapup_views.interview_complete,
        name="complete",
    ),
    path(
        "wrap-up/<int:interview_pk>/no-show/",
        wrapup_views.interview_no_show,
        name="no_show",
    ),
    path(
        "wrap-up/<int:interview_pk>/reopen/",
        wrapup_views.interview_reopen,
        name="reopen",
    ),
    path("wrap-up/<int:interview_pk>/", wrapup_views.wrapup, name="wrapup"),
    path(
        "wrap-up/<int:interview_pk>/learnings/",
        wrapup_views.learning_add,
        name="learning_add",
    ),
    path(
        "learnings/<int:pk>/delete/",
        wrapup_views.learning_delete,
        name="learning_delete",
    ),
    path("wrap-up/<int:interview_pk>/leads/", wrapup_views.leads_add, name="leads_add"),
    path(
        "wrap-up/<int:interview_pk>/promises/",
        wrapup_views.promise_add,
        name="promise_add",
    ),
    path("thank-you/<int:interview_pk>/", wrapup_views.thank_you, name="thank_you"),
    path(
        "thank-you/<int:interview_pk>/send/",
        wrapup_views.thank_you_send,
        name="thank_you_send",
    ),
    path(
        "thank-you/<int:interview_pk>/sent/",
        wrapup_views.thank_you_sent,
        name="thank_you_sent",
    ),
    path(
        "thank-you/<int:interview_pk>/card/",
        wrapup_views.thank_you_card,
        name="thank_you_card",
    ),
]
