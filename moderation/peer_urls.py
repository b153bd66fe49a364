from django.urls import path

from moderation import peer_views

app_name = "peers"
urlpatterns = [
    # Peer supporters and moderators
    path("support/waiting/", peer_views.waiting, name="waiting"),
    path("support/step-back/", peer_views.step_back, name="step_back"),
    path("support/t/<int:pk>/claim/", peer_views.claim, name="claim"),
    path("support/t/<int:pk>/release/", peer_views.release, name="release"),
    # A thread's author
    path("support/t/<int:pk>/ask/", peer_views.ask, name="ask"),
]
