from allauth.account.views import login
from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from orgs.identity import allows_forms_to_identity_providers

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("forum.urls")),
    path("", include("forum.member_urls")),  # the `accounts:` pages (forum/member_views.py)
    path("", include("forum.circle_urls")),  # the `circles:` pages (forum/circle_views.py)
    path("", include("checkins.urls")),  # a member's private check-in (checkins/)
    path("", include("conversations.urls")),  # private messages
    path("", include("resources.urls")),  # the staff's resource pages
    path("", include("moderation.urls")),
    path("", include("moderation.peer_urls")),  # the `peers:` pages (moderation/peer_views.py)
    path("", include("reports.urls")),  # organisations' anonymous reports
    path("", include("orgs.urls")),  # organisation admins' own pages (SCIM tokens)
    path("scim/v2/", include("orgs.scim_urls")),  # organisations' identity providers deprovision here
    # allauth's log-in page, whose buttons for organisations' identity providers lead there. Named
    # as allauth names it (the same path), so that every page treats it as the log-in page.
    path("accounts/login/", allows_forms_to_identity_providers(login), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
