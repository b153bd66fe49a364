"""SCIM 2.0 for organisations' identity providers: /scim/v2/<organisation slug>/Users."""

from django.urls import path

from orgs import scim_views

app_name = "scim"
urlpatterns = [
    path("<slug:slug>/Users", scim_views.users, name="users"),
    path("<slug:slug>/Users/<str:scim_id>", scim_views.user, name="user"),
]
