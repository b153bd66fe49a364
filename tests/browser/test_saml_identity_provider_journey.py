"""Journey: a nurse signs in through her organisation's SAML 2.0 identity provider (the test
pysaml2 provider of tests/idp/saml_provider, on loopback) for the first time and picks a pseudonym.
In a real browser, so that the log-in page's Content Security Policy is applied to the redirect to
the provider (`form-action`, orgs/identity.py) and the provider's page posts the signed assertion
back to Haven (HTTP-POST binding) as browsers do."""

import os
import shutil
import subprocess
import sys

import pytest

from bench.live import server_database_url, with_database
from tests.browser.conftest import BASE_DIR, BROWSER_DATABASE
from tests.idp.provider import ROSALIND
from tests.idp.saml import running_saml_provider


@pytest.fixture(scope="module")
def saml_provider_for_the_server(live_server_url):
    """The test SAML provider, knowing the live server, linked to "Trust A (SAML)" there."""
    if shutil.which("xmlsec1") is None:
        pytest.skip("the test SAML identity provider needs xmlsec1 (apt-get install xmlsec1)")
    with running_saml_provider([live_server_url]) as provider:
        code = f"""
from types import SimpleNamespace
from tests.factories import OrganisationFactory, link_saml_identity_provider
organisation = OrganisationFactory(name="Trust A (SAML)", slug="trust-a-saml-journey")
provider = SimpleNamespace(entity_id={provider.entity_id!r}, sso_url={provider.sso_url!r}, certificate={provider.certificate!r})
link_saml_identity_provider(organisation, client_id="trust-a-saml", provider=provider)
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


def test_first_sign_in_through_a_saml_provider_asks_for_a_pseudonym_only(
    visitor_factory, saml_provider_for_the_server
):
    nurse = visitor_factory("saml-identity-provider")
    page = nurse.go("/accounts/login/")

    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.click("main button:has-text('Sign in with Trust A (SAML)')")
    page.wait_for_url(f"{saml_provider_for_the_server.url}/**")  # at the provider: the CSP let it go on
    page.fill("input[name=username]", ROSALIND["username"])
    page.fill("input[name=password]", ROSALIND["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{nurse.base_url}/accounts/3rdparty/signup/")
    assert page.locator("#id_email").count() == 0
    assert ROSALIND["first_name"] not in page.content()
    nurse.screenshot("saml-pick-a-pseudonym")

    page.fill("#id_display_name", "Still Water")
    page.check("#id_consent")
    nurse.submit("Create account")
    assert "/accounts/3rdparty/signup/" not in page.url
    assert "Still Water" in page.content()
    assert ROSALIND["first_name"] not in page.content()
    assert blocked == []
    nurse.screenshot("saml-signed-in")
