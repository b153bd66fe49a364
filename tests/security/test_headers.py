"""CSP and the secure headers, on representative pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["forum:home", "forum:guidelines", "forum:crisis", "account_login", "account_signup", "healthz"]


@pytest.mark.parametrize("name", PAGES)
def test_csp_forbids_inline_code_and_foreign_origins(client, name):
    csp = client.get(reverse(name))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no nonce needed: no inline code
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"


@pytest.mark.parametrize("name", PAGES)
def test_secure_headers(client, name):
    response = client.get(reverse(name), secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_member_pages_carry_the_headers_too(member_client, thread):
    response = member_client.get(thread.get_absolute_url())
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_templates_contain_no_inline_script_or_style(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert "onclick=" not in page


def test_production_cookies_are_secure_httponly_and_samesite():
    from config import settings as production

    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.CSRF_COOKIE_SAMESITE == "Lax"


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("forum:home"))
    assert response.status_code == 301 and response.url.startswith("https://")
