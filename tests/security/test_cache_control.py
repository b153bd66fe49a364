"""Nothing a signed-in member sees is kept by a browser or proxy cache: on a shared clinic computer
the next person could otherwise read it from the cache or the Back button."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "forum:home",
    "forum:latest",
    "forum:notifications",
    "accounts:edit_profile",
    "accounts:export",
]


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages_are_private_and_not_stored(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_thread_pages_and_redirects_after_a_post_are_not_stored(member_client, thread):
    assert member_client.get(thread.get_absolute_url())["Cache-Control"] == "private, no-store"
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here."})
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_the_data_export_download_is_not_stored(member_client):
    response = member_client.post(reverse("accounts:export"))
    assert response["Content-Disposition"] == 'attachment; filename="haven-data.zip"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_value_a_view_chose_is_kept(member_client):
    response = member_client.get(reverse("healthz"))  # never_cache: stricter still
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_static_files_keep_their_long_caching_for_members(settings, member_client):
    settings.WHITENOISE_USE_FINDERS = True  # tests have no collected STATIC_ROOT
    settings.WHITENOISE_IMMUTABLE_FILE_TEST = r"\.css$"  # stands in for production's hashed names
    response = member_client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def test_pages_for_visitors_who_are_not_signed_in_are_left_alone(client):
    assert "Cache-Control" not in client.get(reverse("forum:crisis"))
