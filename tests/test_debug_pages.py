"""With DEBUG on (`./haven run`), a page that doesn't exist shows the site's own 404 page, as in
production, while a server error still shows Django's technical page (issue 24, item 6)."""

import pytest
from django.test import RequestFactory

from config.middleware import Debug404PageMiddleware

pytestmark = pytest.mark.django_db

SITE_404 = "We couldn’t find that page"


def test_an_unknown_address_shows_the_Debug404PageMiddleware(settings, member_client):
    settings.DEBUG = True
    response = member_client.get("/no-such-page/")
    assert response.status_code == 404
    assert SITE_404 in response.content.decode()


def test_a_missing_object_shows_the_Debug404PageMiddleware(settings, member_client):
    settings.DEBUG = True
    response = member_client.get("/notifications/999999999/")
    assert response.status_code == 404
    assert SITE_404 in response.content.decode()


def test_other_errors_are_left_to_django_in_debug(settings):
    settings.DEBUG = True
    middleware = Debug404PageMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("boom")) is None
