"""The `reports:` pages (reports/views.py)."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("organisations/<slug:slug>/report/", views.organisation_report, name="organisation"),
]
