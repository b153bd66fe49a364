from django.contrib import admin
from django.urls import include, path

from config.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("forum.urls")),
    path("", include("forum.member_urls")),  # the `accounts:` pages (forum/member_views.py)
    path("", include("forum.circle_urls")),  # the `circles:` pages (forum/circle_views.py)
    path("", include("moderation.urls")),
    path("", include("moderation.peer_urls")),  # the `peers:` pages (moderation/peer_views.py)
    path("", include("reports.urls")),  # organisations' anonymous reports
    path("scim/v2/", include("orgs.scim_urls")),  # organisations' identity providers deprovision here
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
