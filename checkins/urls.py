"""A member's private check-in pages (the `checkins:` namespace). Every URL is the signed-in
member's own: none takes a member's or a check-in's id."""

from django.urls import path

from checkins import views

app_name = "checkins"
urlpatterns = [
    path("settings/check-in/", views.check_in, name="check_in"),
    path("settings/check-in/saved/", views.saved, name="saved"),
    path("settings/check-in/history/", views.history, name="history"),
    path("settings/check-in/reflect/<slug:slug>/", views.instrument, name="instrument"),
]
