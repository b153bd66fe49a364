"""Starting the test SAML identity provider (tests/idp/saml_provider, pysaml2) in its own process on
loopback, and linking it to an organisation in Haven.

The provider knows the same two people as the OpenID Connect one (tests/idp/provider.py) and two
service providers for each Haven base URL, one per organisation ("trust-a-saml", "trust-b-saml").
Its signing key and self-signed certificate are made afresh for each run. Its process ends when
the fixture stops it, and by itself after tests/idp/serving.LIFETIME seconds in any case."""

import base64
import datetime
import functools
import json
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.idp.provider import PEOPLE
from tests.idp.serving import free_port, serving

CLIENTS = ["trust-a-saml", "trust-b-saml"]  # the SocialApps' client ids: /accounts/saml/<id>/…


@dataclass
class RunningSamlProvider:
    url: str  # http://127.0.0.1:PORT
    certificate: str  # PEM: what the operator pastes as the provider's x509 certificate
    key: str  # PEM: the provider's signing key (for tests that send what the provider would sign)

    @property
    def entity_id(self) -> str:
        return f"{self.url}/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.url}/sso/redirect"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata"


def key_and_certificate(common_name: str = "Test trust identity provider") -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return (
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )


@functools.cache
def unanswering_saml_provider() -> RunningSamlProvider:
    """A SAML provider's settings on a loopback port nothing listens on (and a certificate made once
    per test run): for tests that never reach the provider."""
    from tests.idp.provider import unanswering_server_url

    key, certificate = key_and_certificate()
    return RunningSamlProvider(
        url=unanswering_server_url().removesuffix("/o"), certificate=certificate, key=key
    )


def sp_metadata(base_url: str, client_id: str) -> str:
    """Haven's service-provider metadata for one organisation, as allauth publishes it at
    /accounts/saml/<client_id>/metadata/ (its entity id is that URL)."""
    prefix = f"{base_url}/accounts/saml/{client_id}"
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'entityID="{prefix}/metadata/">'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="false" WantAssertionsSigned="true">'
        '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{prefix}/acs/" index="1"/>'
        "</md:SPSSODescriptor></md:EntityDescriptor>"
    )


@contextmanager
def running_saml_provider(haven_base_urls: list[str]):
    """The provider, serving, knowing Haven's organisations at each of HAVEN_BASE_URLS."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        key, certificate = key_and_certificate()
        (Path(folder) / "idp.key").write_text(key)
        (Path(folder) / "idp.crt").write_text(certificate)
        environment = {
            **os.environ,
            "IDP_KEY_FILE": str(Path(folder) / "idp.key"),
            "IDP_CERT_FILE": str(Path(folder) / "idp.crt"),
            "IDP_PEOPLE": json.dumps(PEOPLE),
            "IDP_SP_METADATA": json.dumps(
                [sp_metadata(base, client) for base in haven_base_urls for client in CLIENTS]
            ),
        }
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        provider = RunningSamlProvider(url=f"http://127.0.0.1:{port}", certificate=certificate, key=key)
        with serving(
            "tests.idp.saml_provider.serve",
            port,
            environment,
            provider.metadata_url,
            folder,
            "The test SAML identity provider",
        ):
            yield provider


@dataclass
class Assertion:
    """What the provider's page posts back to Haven (the HTTP-POST binding's form)."""

    acs_url: str
    saml_response: str  # base64, as posted
    relay_state: str

    @property
    def xml(self) -> str:
        return base64.b64decode(self.saml_response).decode()


def sign_in_at_saml_provider(sso_redirect_url: str, person: dict, password: str | None = None) -> Assertion:
    """A browser at the provider, as requests: follow Haven's redirect to the provider, sign in as
    PERSON there, and return the signed response its page would post to Haven."""
    session = requests.Session()
    page = session.get(sso_redirect_url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    fields = dict(re.findall(r'name="(SAMLRequest|RelayState)" value="([^"]*)"', page.text))
    answer = session.post(
        urlsplit(sso_redirect_url)._replace(path="/sso/login", query="").geturl(),
        data={
            "SAMLRequest": unescape(fields["SAMLRequest"]),
            "RelayState": unescape(fields.get("RelayState", "")),
            "username": person["username"],
            "password": password or person["password"],
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text[:500]
    action = re.search(r'<form[^>]+action="([^"]+)"', answer.text).group(1)
    response = re.search(r'name="SAMLResponse" value="([^"]+)"', answer.text).group(1)
    relay = re.search(r'name="RelayState" value="([^"]*)"', answer.text)
    return Assertion(unescape(action), unescape(response), unescape(relay.group(1)) if relay else "")


def authn_request(sso_redirect_url: str) -> str:
    """The AuthnRequest XML that Haven's redirect to the provider carries (HTTP-Redirect binding:
    deflated, then base64)."""
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    (encoded,) = parse_qs(urlsplit(sso_redirect_url).query)["SAMLRequest"]
    return OneLogin_Saml2_Utils.decode_base64_and_inflate(encoded).decode()


def start_saml_sign_in(client, client_id: str, person: dict) -> Assertion:
    """Press "Sign in with …" and sign in at the provider as PERSON: the assertion to post back."""
    response = client.post(f"/accounts/saml/{client_id}/login/")
    assert response.status_code == 302, response.content[:500]
    return sign_in_at_saml_provider(response["Location"], person)


def post_assertion(client, assertion: Assertion):
    """The provider's page posts the assertion to Haven's ACS, which sends the browser on to finish
    the sign-in: returns Haven's answer to that."""
    acs = urlsplit(assertion.acs_url)
    response = client.post(
        acs.path, {"SAMLResponse": assertion.saml_response, "RelayState": assertion.relay_state}
    )
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"])


def through_saml_provider(client, client_id: str, person: dict):
    """Sign in at the SAML provider as PERSON and come back to Haven: Haven's answer."""
    return post_assertion(client, start_saml_sign_in(client, client_id, person))


def first_saml_sign_in(client_id: str, person: dict, display_name: str):
    """A first sign-in through the SAML provider, pseudonym chosen: the signed-in test client."""
    from django.test import Client

    client = Client()
    response = through_saml_provider(client, client_id, person)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/accounts/3rdparty/signup/"
    response = client.post("/accounts/3rdparty/signup/", {"display_name": display_name, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def logout_request_query(
    provider: RunningSamlProvider, destination: str, name_id: str, signed: bool = True
) -> str:
    """The query string of a single-logout request from PROVIDER to Haven's logout endpoint
    DESTINATION (HTTP-Redirect binding: deflated, base64, and signed over the query string with
    the provider's key unless SIGNED is false), for the person it knows as NAME_ID."""
    import uuid
    from urllib.parse import quote_plus

    from cryptography.hazmat.primitives.asymmetric import padding
    from onelogin.saml2.constants import OneLogin_Saml2_Constants
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{now}" Destination="{destination}">'
        f"<saml:Issuer>{provider.entity_id}</saml:Issuer>"
        f'<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">{name_id}</saml:NameID>'
        "</samlp:LogoutRequest>"
    )
    query = "SAMLRequest=" + quote_plus(OneLogin_Saml2_Utils.deflate_and_base64_encode(xml))
    if not signed:
        return query
    query += "&SigAlg=" + quote_plus(OneLogin_Saml2_Constants.RSA_SHA256)
    key = serialization.load_pem_private_key(provider.key.encode(), password=None)
    signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
    return query + "&Signature=" + quote_plus(base64.b64encode(signature).decode())
