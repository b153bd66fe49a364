"""An organisation admin's pages in orgs (orgs/views.py)."""

from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("organisations/<slug:slug>/scim-tokens/", views.scim_tokens, name="scim_tokens"),
    path(
        "organisations/<slug:slug>/scim-tokens/<int:pk>/revoke/",
        views.revoke_scim_token,
        name="revoke_scim_token",
    ),
]
