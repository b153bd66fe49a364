"""The `resources:` pages (resources/views.py)."""

from django.urls import path

from resources import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.resource_list, name="list"),
    path("resources/<slug:slug>/", views.resource_page, name="page"),
]
