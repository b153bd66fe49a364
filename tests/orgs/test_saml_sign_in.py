"""Signing in through an organisation's SAML 2.0 identity provider: a real provider
(tests/idp/saml_provider, pysaml2's IdP) runs on loopback and sends signed assertions naming the
person by their employee number, with their real name and work email as attributes, as employers'
providers do. Haven keeps a keyed hash of the NameID and nothing else (orgs/identity.py, the same
adapter as for OpenID Connect)."""

import base64
import json
from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote_plus, urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import MemberSession, User
from orgs import provisioning
from orgs.models import IdentityProvider, OrganisationMembership, identity_digest
from tests.factories import OrganisationFactory, link_saml_identity_provider
from tests.idp.provider import DESMOND, ROSALIND
from tests.idp.saml import (
    first_saml_sign_in,
    key_and_certificate,
    post_assertion,
    start_saml_sign_in,
    through_saml_provider,
)


def test_the_provider_sends_the_real_name_and_work_email(saml_trust_a):
    assertion = start_saml_sign_in(Client(), "trust-a-saml", ROSALIND)

    assert ROSALIND["email"] in assertion.xml
    assert ROSALIND["last_name"] in assertion.xml
    assert "<ds:Signature" in assertion.xml or "Signature" in assertion.xml


def test_first_saml_sign_in_asks_for_a_pseudonym_only(saml_trust_a):
    client = Client()
    response = through_saml_provider(client, "trust-a-saml", ROSALIND)
    assert response["Location"] == "/accounts/3rdparty/signup/"

    form = client.get("/accounts/3rdparty/signup/")

    assert 'name="display_name"' in form.content.decode()
    assert 'name="email"' not in form.content.decode()


def test_first_saml_sign_in_makes_a_member_who_keeps_only_the_digest(saml_trust_a):
    client = first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")

    member = User.objects.get(display_name="Quiet Harbour")
    account = SocialAccount.objects.get(user=member)
    assert client.get("/latest/").wsgi_request.user == member
    assert OrganisationMembership.objects.active().get(member=member).organisation == saml_trust_a
    assert account.uid == identity_digest("trust-a-saml", ROSALIND["username"])
    assert account.extra_data == {}
    assert member.email is None
    assert not EmailAddress.objects.filter(user=member).exists()


def test_second_saml_sign_in_is_the_same_member(saml_trust_a):
    first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")
    client = Client()

    response = through_saml_provider(client, "trust-a-saml", ROSALIND)

    assert response.status_code == 302
    assert response["Location"] != "/accounts/3rdparty/signup/"
    assert client.get("/latest/").wsgi_request.user.display_name == "Quiet Harbour"
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().extra_data == {}


def test_saml_and_openid_connect_subjects_share_one_digest_function(saml_trust_a):
    first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")

    membership = OrganisationMembership.objects.active().get(member__display_name="Quiet Harbour")

    assert membership.external_id == identity_digest(saml_trust_a.pk, ROSALIND["username"])


def test_a_member_scim_deprovisioned_cannot_sign_in_through_the_saml_provider(saml_trust_a):
    first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")
    provisioned = provisioning.provision_user(
        saml_trust_a, provisioning.Changes(user_name="x@trust-a.example", external_id=ROSALIND["username"])
    )
    provisioning.update_provisioned_user(provisioned, provisioning.Changes(active=False))

    response = through_saml_provider(Client(), "trust-a-saml", ROSALIND)

    assert response.status_code == 403
    assert "has ended this sign-in" in response.content.decode()


def test_a_saml_provider_linked_to_no_organisation_signs_nobody_in(saml_trust_a):
    IdentityProvider.objects.filter(organisation=saml_trust_a).delete()

    response = through_saml_provider(Client(), "trust-a-saml", ROSALIND)

    assert response.status_code == 403
    assert User.objects.count() == 0


# --- Answers Haven must refuse: a clear 4xx page, never a 500, nobody signed in -----------------


def _refused(response, status=401) -> bool:
    return response.status_code == status and not response.wsgi_request.user.is_authenticated


def test_an_assertion_signed_by_another_key_is_refused(saml_trust_a):
    SocialApp.objects.filter(client_id="trust-a-saml").update(
        settings={
            **SocialApp.objects.get(client_id="trust-a-saml").settings,
            "idp": {
                **SocialApp.objects.get(client_id="trust-a-saml").settings["idp"],
                "x509cert": key_and_certificate("Impostor")[1],
            },
        }
    )

    response = through_saml_provider(Client(), "trust-a-saml", ROSALIND)

    assert _refused(response)
    assert "couldn’t confirm this sign-in" in response.content.decode()
    assert User.objects.count() == 0


def test_an_assertion_altered_after_signing_is_refused(saml_trust_a):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)
    altered = assertion.xml.replace(ROSALIND["username"], DESMOND["username"])
    assert altered != assertion.xml

    response = post_assertion(
        client, replace(assertion, saml_response=base64.b64encode(altered.encode()).decode())
    )

    assert _refused(response)
    assert User.objects.count() == 0


def test_an_assertion_posted_a_second_time_is_refused(saml_trust_a):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)
    assert post_assertion(client, assertion).status_code == 302

    assert _refused(post_assertion(client, assertion), status=403)
    assert _refused(post_assertion(Client(), assertion), status=403)


def test_an_expired_assertion_is_refused(saml_trust_a):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = post_assertion(client, assertion)

    assert _refused(response)


def test_an_assertion_for_another_organisation_is_refused(saml_trust_a, saml_identity_provider):
    trust_b = OrganisationFactory(name="SAML Trust B", slug="saml-trust-b")
    link_saml_identity_provider(trust_b, client_id="trust-b-saml", provider=saml_identity_provider)
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)

    response = post_assertion(
        client, replace(assertion, acs_url=assertion.acs_url.replace("trust-a", "trust-b"))
    )

    assert _refused(response)


def test_an_assertion_for_an_unknown_provider_is_not_found(saml_trust_a):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)

    response = post_assertion(
        client, replace(assertion, acs_url=assertion.acs_url.replace("trust-a", "nobody"))
    )

    assert _refused(response, status=404)


@pytest.mark.parametrize(
    "saml_response",
    [
        "",
        "not base64!",
        base64.b64encode(b"not xml").decode(),
        base64.b64encode(b"<a><b></a>").decode(),
        base64.b64encode(b"<a/>").decode(),
        base64.b64encode(
            b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0"/>'
        ).decode(),
    ],
)
def test_a_malformed_response_is_refused(saml_trust_a, saml_response):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)

    response = post_assertion(client, replace(assertion, saml_response=saml_response))

    assert _refused(response, status=response.status_code)
    assert 400 <= response.status_code < 500


def test_a_saml_provider_needs_its_provider_id_set_to_its_client_id(saml_trust_a):
    app = SocialApp.objects.get(client_id="trust-a-saml")
    app.provider_id = ""

    with pytest.raises(ValidationError):
        IdentityProvider(organisation=saml_trust_a, app=app).clean()


def test_an_assertion_never_taken_to_the_finish_is_kept_minutes_only(saml_trust_a):
    client = Client()
    assertion = start_saml_sign_in(client, "trust-a-saml", ROSALIND)

    client.post(
        urlsplit(assertion.acs_url).path,
        {"SAMLResponse": assertion.saml_response, "RelayState": assertion.relay_state},
    )  # and the browser is closed before it follows the redirect

    kept = [
        session
        for session in MemberSession.objects.all()
        if quote_plus(assertion.saml_response) in json.dumps(session.get_decoded())
    ]
    assert len(kept) == 1
    assert kept[0].expire_date <= timezone.now() + timedelta(minutes=5)
