from django.contrib.auth.decorators import login_not_required
from django.urls import path

from interviews import bank_views, brief_views, calendar_views, request_views, views

app_name = "interviews"

urlpatterns = [
    path("", views.interview_list, name="list"),
    path("new/", views.interview_schedule, name="schedule"),
    path("<int:pk>/", views.interview_detail, name="detail"),
    path("<int:pk>/reschedule/", views.interview_reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.interview_cancel, name="cancel"),
    # Preparation: the checklist, the questions and the printable brief.
    path("<int:pk>/checklist/", views.interview_checklist, name="checklist"),
    path("<int:pk>/occupation/", views.interview_occupation, name="occupation"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path(
        "<int:pk>/questions/suggested/",
        views.questions_suggested,
        name="questions_suggested",
    ),
    path("<int:pk>/answers/", views.interview_answers, name="answers"),
    path("<int:pk>/brief/", brief_views.interview_brief, name="brief"),
    path("asked/<int:pk>/edit/", views.asked_edit, name="asked_edit"),
    path("asked/<int:pk>/remove/", views.asked_remove, name="asked_remove"),
    path("asked/<int:pk>/move/", views.asked_move, name="asked_move"),
    # The student's own question bank (interviews/bank_views.py).
    path("bank/", bank_views.question_bank, name="bank"),
    path("bank/new/", bank_views.question_create, name="bank_create"),
    path("bank/<int:pk>/edit/", bank_views.question_edit, name="bank_edit"),
    path("bank/<int:pk>/delete/", bank_views.question_delete, name="bank_delete"),
    # Calendars (interviews/calendar_views.py). The feed is reached by a secret
    # address from a calendar program, which cannot log in.
    path("<int:pk>/calendar.ics", calendar_views.interview_ics, name="ics"),
    path(
        "calendar/<str:token>.ics",
        login_not_required(calendar_views.calendar_feed),
        name="feed",
    ),
    # Requests (interviews/request_views.py).
    path("requests/", request_views.request_list, name="request_list"),
    path(
        "requests/new/<int:contact_pk>/",
        request_views.request_create,
        name="request_create",
    ),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", request_views.request_edit, name="request_edit"),
    path("requests/<int:pk>/send/", request_views.request_send, name="request_send"),
    path(
        "requests/<int:pk>/sent/", request_views.request_mark_sent, name="request_sent"
    ),
    path("requests/<int:pk>/call/", request_views.request_call, name="request_call"),
    path(
        "requests/<int:pk>/answer/", request_views.request_answer, name="request_answer"
    ),
    path(
        "requests/<int:pk>/followed-up/",
        request_views.request_followed_up,
        name="request_followed_up",
    ),
    path(
        "requests/<int:pk>/letter/", request_views.request_letter, name="request_letter"
    ),
    path("templates/", request_views.message_templates, name="templates"),
]
