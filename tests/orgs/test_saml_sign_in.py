"""Signing in through an organisation's SAML 2.0 identity provider: a real provider
(tests/idp/saml_provider, pysaml2's IdP) runs on loopback and sends signed assertions naming the
person by their employee number, with their real name and work email as attributes, as employers'
providers do. Haven keeps a keyed hash of the NameID and nothing else (orgs/identity.py, the same
adapter as for OpenID Connect)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.models import User
from orgs.identity import subject_digest
from orgs.models import OrganisationMembership
from tests.idp.provider import ROSALIND
from tests.idp.saml import first_saml_sign_in, start_saml_sign_in, through_saml_provider


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
    assert account.uid == subject_digest("trust-a-saml", ROSALIND["username"])
    assert account.extra_data == {}
    assert member.email is None
    assert not EmailAddress.objects.filter(user=member).exists()
