"""Signing in through an organisation's identity provider: a real OpenID Connect provider
(tests/idp/oidc_provider, django-oauth-toolkit) runs on loopback; Haven talks to it as it would
to an employer's. The provider sends the person's name and work email whatever it is asked; Haven
keeps a keyed hash of the subject and nothing else."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.models import ConsentRecord, User
from orgs import provisioning
from orgs.models import OrganisationMembership, ProvisionedUser, identity_digest
from tests.idp.provider import DESMOND, ROSALIND, first_sign_in, through_provider


def test_first_sign_in_asks_for_a_pseudonym_only(trust_a):
    client = Client()
    through_provider(client, "trust-a", ROSALIND)

    form = client.get("/accounts/3rdparty/signup/")

    assert form.status_code == 200
    assert 'name="display_name"' in form.content.decode()
    assert 'name="email"' not in form.content.decode()


def test_first_sign_in_makes_a_member_of_the_providers_organisation(trust_a):
    client = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")

    member = User.objects.get(display_name="Quiet Harbour")
    membership = OrganisationMembership.objects.active().get(member=member)
    assert membership.organisation == trust_a
    assert membership.source == OrganisationMembership.Source.IDENTITY_PROVIDER
    assert client.get("/latest/").wsgi_request.user == member


def test_member_keeps_no_email_name_or_claims_from_the_provider(trust_a):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")

    member = User.objects.get(display_name="Quiet Harbour")
    account = SocialAccount.objects.get(user=member)
    assert member.email is None
    assert not EmailAddress.objects.filter(user=member).exists()
    assert account.extra_data == {}
    assert account.uid == identity_digest("trust-a", ROSALIND["username"])


def test_second_sign_in_is_the_same_member(trust_a):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    client = Client()

    response = through_provider(client, "trust-a", ROSALIND)

    assert response.status_code == 302
    assert response["Location"] != "/accounts/3rdparty/signup/"
    assert client.get("/latest/").wsgi_request.user.display_name == "Quiet Harbour"
    assert User.objects.count() == 1
    assert OrganisationMembership.objects.active().count() == 1
    assert SocialAccount.objects.get().extra_data == {}  # nothing kept on a return either


def test_another_person_is_another_member(trust_a):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    first_sign_in("trust-a", DESMOND, "Steady Lantern")

    assert SocialAccount.objects.count() == 2
    assert OrganisationMembership.objects.active().filter(organisation=trust_a).count() == 2


def test_signing_in_through_another_organisations_provider_gives_its_membership_only(trust_a, trust_b):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")

    first_sign_in("trust-b", ROSALIND, "Open Window")

    through_b = User.objects.get(display_name="Open Window")
    assert list(
        OrganisationMembership.objects.active()
        .filter(member=through_b)
        .values_list("organisation__slug", flat=True)
    ) == ["trust-b"]
    through_a = User.objects.get(display_name="Quiet Harbour")
    assert list(
        OrganisationMembership.objects.active()
        .filter(member=through_a)
        .values_list("organisation__slug", flat=True)
    ) == ["trust-a"]


def test_returning_member_whose_membership_ended_is_a_member_again(trust_a):
    from orgs.services import end_organisation_membership

    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    end_organisation_membership(OrganisationMembership.objects.active().get(), reason="left")

    through_provider(Client(), "trust-a", ROSALIND)

    assert OrganisationMembership.objects.active().filter(organisation=trust_a).count() == 1


def test_provider_linked_to_no_organisation_signs_nobody_in(trust_a):
    from orgs.models import IdentityProvider

    IdentityProvider.objects.all().delete()
    client = Client()

    response = through_provider(client, "trust-a", ROSALIND)

    assert response.status_code == 403
    assert not User.objects.exists()
    assert "socialaccount_sociallogin" not in client.session


def test_a_sign_in_records_the_digest_scim_knows_the_member_by(trust_a):
    """The sign-in and SCIM meet: the membership carries the organisation's digest of the subject."""
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    membership = OrganisationMembership.objects.active().get(member__display_name="Quiet Harbour")
    assert membership.external_id == identity_digest(trust_a.pk, ROSALIND["username"])
    assert membership.authenticated_at is not None


def test_the_first_sign_in_records_consent_like_sign_up(trust_a):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    assert ConsentRecord.objects.filter(member__display_name="Quiet Harbour").exists()


def test_a_member_scim_deprovisioned_cannot_sign_in_through_the_provider(trust_a):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    provisioned = provisioning.provision_user(
        trust_a, provisioning.Changes(user_name="x@trust-a.example", external_id=ROSALIND["username"])
    )
    provisioning.update_provisioned_user(
        provisioned, provisioning.Changes(active=False)
    )  # SCIM: active false
    assert not ProvisionedUser.objects.get(pk=provisioned.pk).active
    response = through_provider(Client(), "trust-a", ROSALIND)
    assert response.status_code == 403
    assert "has ended this sign-in" in response.content.decode()


def test_the_refused_sign_in_says_how_to_have_the_account_deleted(trust_a, settings):
    first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    provisioned = provisioning.provision_user(
        trust_a, provisioning.Changes(user_name="x@trust-a.example", external_id=ROSALIND["username"])
    )
    provisioning.update_provisioned_user(provisioned, provisioning.Changes(active=False))
    page = through_provider(Client(), "trust-a", ROSALIND).content.decode()
    assert "want this account deleted, write to us" in page
    assert f"mailto:{settings.HAVEN_CONTACT_EMAIL}" in page
