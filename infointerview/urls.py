from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from infointerview import export_views, views

admin.site.site_header = _("Infointerview — career centre")
admin.site.site_title = _("Infointerview admin")
admin.site.index_title = _("Directory, question bank and student activity")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/export/", export_views.export, name="export"),
    # Django's reset views, within the limits on account emails: before
    # django.contrib.auth.urls, so that these answer at the same addresses.
    path(
        "accounts/password_reset/",
        accounts_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("contacts/", include("contacts.urls")),
    path("directory/", include("contacts.directory_urls")),
    path("interviews/", include("interviews.urls")),
    path("followups/", include("followups.urls")),
    path("admin/journeys/", include("infointerview.journey_urls")),
    path("admin/reports/", include("infointerview.report_urls")),
    path("admin/", admin.site.urls),
]
