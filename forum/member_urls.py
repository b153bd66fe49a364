"""The URLs of a member's own pages (forum/member_views.py). They keep the `accounts:` namespace
they had when the views lived in accounts, so links and bookmarks stay as they were."""

from django.urls import path

from forum import member_views as views

app_name = "accounts"
urlpatterns = [
    path("members/<int:pk>/", views.profile, name="profile"),
    path("members/<int:pk>/block/", views.block, name="block"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("settings/preferences/", views.preferences, name="preferences"),
    path("settings/break/", views.take_break, name="take_break"),
    path("settings/break/end/", views.end_break, name="end_break"),
    path("settings/activity/", views.activity, name="activity"),
    path("settings/verification/", views.verification, name="verification"),
    path("settings/verification/withdraw/", views.withdraw_verification, name="withdraw_verification"),
    path("settings/export/", views.export, name="export"),
    path("settings/delete/", views.delete_account, name="delete_account"),
    path("settings/consent/", views.consent, name="consent"),
    path("settings/consent/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("privacy/", views.privacy_notice, name="privacy"),
]
