"""Journey: a nurse signs in through her organisation's identity provider (the test OpenID Connect
provider of tests/idp, on loopback) for the first time and picks a pseudonym. In a real browser,
so that the log-in page's Content Security Policy is applied to the redirect to the provider
(`form-action`, orgs/identity.py) as browsers apply it."""

import os
import subprocess
import sys

import pytest

from bench.live import server_database_url, with_database
from tests.browser.conftest import BASE_DIR, BROWSER_DATABASE
from tests.idp.provider import CLIENTS, ROSALIND, running_provider


@pytest.fixture(scope="module")
def provider_for_the_server(live_server_url):
    """The test provider, with redirect URIs for the live server, linked to "Trust A" there."""
    with running_provider([live_server_url]) as provider:
        code = f"""
from tests.factories import OrganisationFactory, link_identity_provider
organisation = OrganisationFactory(name="Trust A", slug="trust-a-journey")
link_identity_provider(organisation, client_id="trust-a", secret={CLIENTS["trust-a"]!r}, server_url={provider.server_url!r})
"""
        env = {**os.environ, "DATABASE_URL": with_database(server_database_url(), BROWSER_DATABASE)}
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            env=env,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        yield provider


def test_first_sign_in_through_the_organisation_asks_for_a_pseudonym_only(
    visitor_factory, provider_for_the_server
):
    nurse = visitor_factory("identity-provider")
    page = nurse.go("/accounts/login/")
    nurse.screenshot("log-in-with-organisation")

    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.click("main button:has-text('Sign in with Trust A')")
    page.wait_for_url(f"{provider_for_the_server.url}/**")  # at the provider: the CSP let the form go on
    page.fill("input[name=username]", ROSALIND["username"])
    page.fill("input[name=password]", ROSALIND["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{nurse.base_url}/accounts/3rdparty/signup/")
    assert page.locator("#id_email").count() == 0
    nurse.screenshot("pick-a-pseudonym")

    page.fill("#id_display_name", "Quiet Harbour")
    page.check("#id_consent")
    nurse.submit("Create account")
    assert "/accounts/3rdparty/signup/" not in page.url
    assert "Quiet Harbour" in page.content()
    assert ROSALIND["first_name"] not in page.content()
    assert blocked == []
    nurse.screenshot("signed-in")
