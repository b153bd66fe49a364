"""Starting the test identity provider (tests/idp/oidc_provider) in its own process on loopback,
for as long as a test session needs it, and linking it to an organisation in Haven.

The provider knows two people and has two clients, one per organisation ("trust-a", "trust-b"),
as if two employers used the same kind of provider. Its process ends when the fixture stops it,
and by itself after tests/idp/serving.LIFETIME seconds in any case."""

import json
import os
import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.idp.serving import free_port, serving

# The people the provider knows: real names, work emails and employee numbers (the subjects), none
# of which may end up in Haven.
ROSALIND = {
    "username": "emp-740193-okonkwo",
    "password": "idp-password-1",
    "first_name": "Rosalind",
    "last_name": "Okonkwo-Fairweather",
    "email": "rosalind.okonkwo-fairweather@trust-a.example",
}
DESMOND = {
    "username": "emp-558210-abernathy",
    "password": "idp-password-2",
    "first_name": "Desmond",
    "last_name": "Abernathy-Quist",
    "email": "desmond.abernathy-quist@trust-a.example",
}
PEOPLE = [ROSALIND, DESMOND]
CLIENTS = {"trust-a": "secret-of-trust-a-client", "trust-b": "secret-of-trust-b-client"}


@dataclass
class RunningProvider:
    url: str  # http://127.0.0.1:PORT

    @property
    def server_url(self) -> str:
        """What an operator types into the SocialApp's settings as "server_url"."""
        return f"{self.url}/o"


def unanswering_server_url() -> str:
    """A provider's server_url on a loopback port nothing listens on: connections are refused, as
    when an organisation's provider is down."""
    return f"http://127.0.0.1:{free_port()}/o"


def _private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def callback_urls(base_url: str) -> list[str]:
    return [f"{base_url}/accounts/oidc/{client}/login/callback/" for client in CLIENTS]


@contextmanager
def running_provider(haven_base_urls: list[str]):
    """The provider, serving, with redirect URIs for Haven at each of HAVEN_BASE_URLS."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        redirect_uris = [uri for base in haven_base_urls for uri in callback_urls(base)]
        environment = {
            **os.environ,
            "IDP_SECRET_KEY": secrets.token_urlsafe(32),
            "IDP_DATABASE": str(Path(folder) / "idp.sqlite3"),
            "IDP_RSA_PRIVATE_KEY": _private_key(),
            "IDP_PEOPLE": json.dumps(PEOPLE),
            "IDP_CLIENTS": json.dumps(
                [
                    {"client_id": client, "client_secret": secret, "redirect_uris": redirect_uris}
                    for client, secret in CLIENTS.items()
                ]
            ),
        }
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        provider = RunningProvider(url=f"http://127.0.0.1:{port}")
        ready = f"{provider.server_url}/.well-known/openid-configuration"
        with serving(
            "tests.idp.oidc_provider.serve", port, environment, ready, folder, "The test identity provider"
        ):
            yield provider


def sign_in_at_provider(authorize_url: str, person: dict) -> str:
    """A browser at the provider, as requests: follow Haven's redirect to the provider, sign in as
    PERSON there, and return the URL the provider sends the browser back to Haven with."""
    import re

    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=True, timeout=10)  # -> the login page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    next_url = re.search(r'name="next" value="([^"]*)"', response.text).group(1)
    response = session.post(
        response.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": person["username"],
            "password": person["password"],
            "next": next_url.replace("&amp;", "&"),
        },
        headers={"Referer": response.url},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    location = response.headers["Location"]
    while "/login/callback/" not in location:
        response = session.get(
            requests.compat.urljoin(response.url, location), allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        location = response.headers["Location"]
    return location


def through_provider(client, client_id: str, person: dict):
    """Press "Sign in with …", sign in at the provider as PERSON, and come back to Haven: returns
    Haven's answer to the provider's callback."""
    response = client.post(f"/accounts/oidc/{client_id}/login/")
    assert response.status_code == 302
    callback = urlsplit(sign_in_at_provider(response["Location"], person))
    return client.get(f"{callback.path}?{callback.query}")


def first_sign_in(client_id: str, person: dict, display_name: str):
    """A first sign-in through the provider, pseudonym chosen: returns the signed-in test client."""
    from django.test import Client

    client = Client()
    response = through_provider(client, client_id, person)
    assert response["Location"] == "/accounts/3rdparty/signup/"
    response = client.post("/accounts/3rdparty/signup/", {"display_name": display_name, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
