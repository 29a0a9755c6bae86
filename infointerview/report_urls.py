from django.urls import path

from infointerview import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.index, name="index"),
    path("<slug:name>.csv", report_views.csv_download, name="csv"),
]
