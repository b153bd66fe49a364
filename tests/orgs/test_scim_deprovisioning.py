"""An organisation's identity provider deprovisions a leaver through SCIM 2.0 (issue 23, item 2):
a SCIM client provisions a person, they sign in through the provider and post in a circle, then
the client deprovisions them (PATCH active false, as Okta and Entra ID send it, or DELETE). They
are signed out, lose the organisation's circles and keep their posts and their account."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Post
from orgs import provisioning
from orgs.models import CircleMembership, OrganisationMembership
from orgs.provisioning import IdentityDeprovisioned, record_identity_provider_sign_in
from tests.factories import OrganisationFactory, UserFactory, add_to_circle, add_to_organisation
from tests.orgs.conftest import SECRET, client_for

SCIM = "application/scim+json"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimClient:
    """What an identity provider does, over HTTP, with the organisation's tenant URL and token."""

    def __init__(self, organisation, token):
        self.http = Client()
        self.base = reverse("scim:users", args=[organisation.slug])
        self.headers = {"authorization": f"Bearer {token}"}

    def get(self, path="", **params):
        return self.http.get(self.base + path, params, headers=self.headers)

    def send(self, method, path="", body=None):
        data = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.http, method)(self.base + path, data, content_type=SCIM, headers=self.headers)

    def provision(self, user_name, external_id):
        response = self.send(
            "post",
            body={
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": user_name,
                "externalId": external_id,
                "name": {"givenName": "Real", "familyName": "Person"},
                "emails": [{"value": user_name, "primary": True}],
                "active": True,
            },
        )
        assert response.status_code == 201, response.content
        return response.json()["id"]


@pytest.fixture
def scim_client(organisation):
    _, token = provisioning.create_scim_token(organisation, "Entra ID", None)
    return ScimClient(organisation, token)


@pytest.fixture
def leaver(organisation, circle):
    """Signed in through the provider (subject "00u-leaver"), in the circle, signed in on the site."""
    member = UserFactory(display_name="Quiet Owl")
    record_identity_provider_sign_in(organisation, member, "00u-leaver")
    add_to_circle(circle, member)
    return member


def _okta_deactivate(scim_client, scim_id):
    body = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]}
    return scim_client.send("patch", f"/{scim_id}", body)


def _entra_deactivate(scim_client, scim_id):
    body = {"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    return scim_client.send("patch", f"/{scim_id}", body)


@pytest.mark.parametrize("deactivate", [_okta_deactivate, _entra_deactivate])
def test_a_deprovisioned_member_is_signed_out(scim_client, leaver, deactivate):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    browser = client_for(leaver)
    assert browser.get(reverse("forum:latest")).status_code == 200
    assert deactivate(scim_client, scim_id).status_code == 200
    response = browser.get(reverse("forum:latest"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_deprovisioned_member_no_longer_sees_the_circle(scim_client, leaver, circle_category):
    thread = services.create_thread(author=leaver, category=circle_category, title="Shift", body=SECRET)
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    assert client_for(leaver).get(thread.get_absolute_url()).status_code == 200
    _okta_deactivate(scim_client, scim_id)
    assert client_for(leaver).get(thread.get_absolute_url()).status_code == 404


def test_a_deprovisioned_members_posts_stay(scim_client, leaver, circle_category, insider):
    thread = services.create_thread(author=leaver, category=circle_category, title="Shift", body=SECRET)
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _okta_deactivate(scim_client, scim_id)
    post = Post.objects.get(pk=thread.opening_post.pk)
    assert (post.author_id, post.state) == (leaver.pk, Post.State.PUBLISHED)
    assert SECRET in client_for(insider).get(thread.get_absolute_url()).content.decode()


def test_a_deprovisioned_member_keeps_their_account_for_the_wider_forum(scim_client, leaver):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _okta_deactivate(scim_client, scim_id)
    leaver.refresh_from_db()
    assert leaver.is_active
    assert client_for(leaver).get(reverse("forum:latest")).status_code == 200


def test_deprovisioning_ends_the_organisation_membership_and_its_circles(scim_client, leaver, organisation):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _entra_deactivate(scim_client, scim_id)
    assert not OrganisationMembership.objects.active().filter(member=leaver).exists()
    ended = CircleMembership.objects.get(member=leaver)
    assert ended.end_reason == "left the organisation (deprovisioned)"


def test_delete_deprovisions_and_forgets_the_record(scim_client, leaver):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    assert scim_client.send("delete", f"/{scim_id}").status_code == 204
    assert not CircleMembership.objects.active().filter(member=leaver).exists()
    assert scim_client.get(f"/{scim_id}").status_code == 404


def test_a_member_matched_by_user_name_when_the_subject_is_the_user_name(scim_client, organisation, circle):
    member = UserFactory()
    record_identity_provider_sign_in(organisation, member, "nurse@trust.example")  # a SAML NameID
    add_to_circle(circle, member)
    scim_id = scim_client.provision("Nurse@Trust.example", "a1b2c3")
    _okta_deactivate(scim_client, scim_id)
    assert not CircleMembership.objects.active().filter(member=member).exists()


def test_deprovisioning_leaves_other_members_alone(scim_client, leaver, insider, circle):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    browser = client_for(insider)
    _okta_deactivate(scim_client, scim_id)
    assert CircleMembership.objects.active().filter(member=insider, circle=circle).exists()
    assert browser.get(reverse("forum:latest")).status_code == 200


def test_deprovisioning_leaves_the_members_other_organisations_alone(scim_client, leaver):
    elsewhere = OrganisationFactory()
    add_to_organisation(elsewhere, leaver)
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _okta_deactivate(scim_client, scim_id)
    assert OrganisationMembership.objects.active().filter(member=leaver, organisation=elsewhere).exists()


def test_a_deprovisioned_person_cant_sign_in_through_the_provider_again(scim_client, leaver, organisation):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _okta_deactivate(scim_client, scim_id)
    with pytest.raises(IdentityDeprovisioned):
        record_identity_provider_sign_in(organisation, leaver, "00u-leaver")


def test_reactivated_they_get_in_again_at_their_next_sign_in(scim_client, leaver, organisation):
    scim_id = scim_client.provision("leaver@trust.example", "00u-leaver")
    _okta_deactivate(scim_client, scim_id)
    body = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active", "value": True}]}
    assert scim_client.send("patch", f"/{scim_id}", body).json()["active"] is True
    record_identity_provider_sign_in(organisation, leaver, "00u-leaver")
    assert OrganisationMembership.objects.active().filter(member=leaver, organisation=organisation).exists()


def test_someone_provisioned_inactive_is_refused_at_sign_in(scim_client, organisation):
    scim_client.send(
        "post", body={"userName": "gone@trust.example", "externalId": "00u-gone", "active": False}
    )
    with pytest.raises(IdentityDeprovisioned):
        record_identity_provider_sign_in(organisation, UserFactory(), "00u-gone")
