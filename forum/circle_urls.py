"""The circles pages (forum/circle_views.py)."""

from django.urls import path

from forum import circle_views as views

app_name = "circles"
urlpatterns = [
    path("circles/", views.circles, name="index"),
    path("circles/<int:pk>/join/", views.join, name="join"),
    path("circles/<int:pk>/leave/", views.leave, name="leave"),
    path("circles/<int:pk>/manage/", views.manage, name="manage"),
    path("circles/<int:pk>/invite/", views.invite, name="invite"),
    path("circles/invitations/<int:pk>/accept/", views.accept, name="accept"),
    path("circles/invitations/<int:pk>/decline/", views.decline, name="decline"),
    path("circles/invitations/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("circles/memberships/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("circles/memberships/<int:pk>/role/", views.set_role, name="set_role"),
    path("circles/join/<str:token>/", views.invitation_link, name="invitation_link"),
]
