from django.urls import path

from moderation import peer_views, views

app_name = "moderation"
urlpatterns = [
    # Members
    path("p/<int:pk>/flag/", views.flag_post, name="flag"),
    path("p/<int:pk>/appeal/", views.appeal_post, name="appeal_post"),
    path("suspension/", views.my_suspension, name="my_suspension"),
    # Moderators
    path("moderation/", views.queue, name="queue"),
    path("moderation/crisis/", views.crisis_queue, name="crisis_queue"),
    path("moderation/shift/", views.shift, name="shift"),
    path("moderation/entries/<int:pk>/", views.entry, name="entry"),
    path("moderation/entries/<int:pk>/act/", views.act, name="act"),
    path("moderation/entries/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("moderation/entries/<int:pk>/close-crisis/", views.close_crisis, name="close_crisis"),
    path("moderation/entries/<int:pk>/show/", views.reveal_content, name="reveal_content"),
    path("moderation/conversations/<int:pk>/", views.conversation_report, name="conversation_report"),
    path("moderation/conversations/<int:pk>/show/", views.reveal_message, name="reveal_message"),
    path("moderation/members/<int:pk>/", views.member, name="member"),
    path("moderation/members/<int:pk>/warn/", views.warn, name="warn"),
    path("moderation/members/<int:pk>/suspend/", views.suspend, name="suspend"),
    path("moderation/members/<int:pk>/lift/", views.lift, name="lift"),
    path("moderation/members/<int:pk>/peer-supporter/", peer_views.peer_supporter, name="peer_supporter"),
    path("moderation/log/", views.audit_log, name="audit_log"),
    path("moderation/verifications/", views.verifications, name="verifications"),
    path("moderation/verifications/<int:pk>/", views.verification, name="verification"),
    path("moderation/verifications/<int:pk>/decide/", views.decide_verification, name="decide_verification"),
    path(
        "moderation/verifications/<int:pk>/document/",
        views.verification_document,
        name="verification_document",
    ),
    path("moderation/stats/", views.stats, name="stats"),
]
