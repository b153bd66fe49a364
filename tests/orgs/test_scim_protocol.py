"""The SCIM 2.0 Users endpoint as identity providers call it (RFC 7644): bearer tokens per
organisation, lookups by filter, SCIM JSON for every answer and error, and nothing in any answer
that names a member or their posts."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from orgs import provisioning
from orgs.models import ProvisionedUser, ScimToken
from orgs.provisioning import record_identity_provider_sign_in
from tests.factories import OrganisationFactory, UserFactory, add_to_circle
from tests.orgs.test_scim_deprovisioning import PATCH_OP, SCIM, ScimClient

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def token(organisation):
    return provisioning.create_scim_token(organisation, "Okta", None)[1]


@pytest.fixture
def scim_client(organisation, token):
    return ScimClient(organisation, token)


def _is_scim_error(response, status):
    body = response.json()
    return (
        response.status_code == status
        and response["Content-Type"] == SCIM
        and body["schemas"] == [ERROR]
        and body["status"] == str(status)
    )


# --- Authentication -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer wrong-token", "Basic dXNlcjpwYXNz", "bearer  "]
)
def test_a_missing_or_wrong_token_is_a_401_scim_error(organisation, authorization):
    headers = {"authorization": authorization} if authorization else {}
    response = Client().get(reverse("scim:users", args=[organisation.slug]), headers=headers)
    assert _is_scim_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_is_stored_only_as_a_digest(organisation, token):
    assert not ScimToken.objects.filter(token_digest=token).exists()
    assert ScimToken.objects.filter(organisation=organisation).count() == 1


def test_another_organisations_token_is_refused(organisation, scim_client):
    scim_id = scim_client.provision("a@trust.example", "x1")
    other_token = provisioning.create_scim_token(OrganisationFactory(), "Okta", None)[1]
    other = ScimClient(organisation, other_token)
    assert _is_scim_error(other.get(f"/{scim_id}"), 401)
    assert _is_scim_error(other.send("delete", f"/{scim_id}"), 401)
    assert ProvisionedUser.objects.filter(scim_id=scim_id).exists()


def test_a_token_used_on_another_organisations_endpoint_is_refused(token):
    other = OrganisationFactory()
    response = Client().get(
        reverse("scim:users", args=[other.slug]), headers={"authorization": f"Bearer {token}"}
    )
    assert _is_scim_error(response, 401)


def test_a_revoked_token_is_refused(organisation, scim_client):
    ScimToken.objects.update(revoked_at="2026-01-01T00:00Z")
    assert _is_scim_error(scim_client.get(), 401)


def test_a_session_does_not_authenticate(organisation):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert _is_scim_error(client.get(reverse("scim:users", args=[organisation.slug])), 401)


# --- Reading --------------------------------------------------------------------------------------


def test_filter_by_user_name_finds_the_person_case_insensitively(scim_client):
    scim_id = scim_client.provision("Nurse@Trust.example", "00u1")
    body = scim_client.get(filter='userName eq "nurse@trust.example"').json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert body["totalResults"] == 1
    assert body["Resources"][0]["id"] == scim_id
    assert body["Resources"][0]["userName"] == "nurse@trust.example"  # what this request sent


def test_filter_by_external_id(scim_client):
    scim_id = scim_client.provision("nurse@trust.example", "00u1")
    body = scim_client.get(filter='externalId eq "00u1"').json()
    assert [r["id"] for r in body["Resources"]] == [scim_id]
    assert body["Resources"][0]["externalId"] == "00u1"


def test_filter_for_someone_unknown_is_an_empty_list(scim_client):
    body = scim_client.get(filter='userName eq "nobody@trust.example"').json()
    assert (body["totalResults"], body["Resources"]) == (0, [])


def test_get_one_user(scim_client):
    scim_id = scim_client.provision("nurse@trust.example", "00u1")
    body = scim_client.get(f"/{scim_id}").json()
    assert (body["id"], body["active"], body["meta"]["resourceType"]) == (scim_id, True, "User")


def test_an_unknown_or_malformed_id_is_a_404_scim_error(scim_client):
    assert _is_scim_error(scim_client.get("/7d3c5a4e-0000-4000-8000-000000000000"), 404)
    assert _is_scim_error(scim_client.get("/not-a-uuid"), 404)


def test_another_organisations_user_is_not_there(scim_client):
    other = OrganisationFactory()
    theirs = ScimClient(other, provisioning.create_scim_token(other, "Okta", None)[1])
    scim_id = theirs.provision("nurse@trust.example", "00u1")
    assert _is_scim_error(scim_client.get(f"/{scim_id}"), 404)
    assert scim_client.get(filter='userName eq "nurse@trust.example"').json()["totalResults"] == 0


def test_the_list_pages(scim_client):
    for n in range(3):
        scim_client.provision(f"n{n}@trust.example", f"00u{n}")
    body = scim_client.get(startIndex="2", count="1").json()
    assert (body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (3, 2, 1)


def test_a_user_name_already_provisioned_is_a_409(scim_client):
    scim_client.provision("nurse@trust.example", "00u1")
    response = scim_client.send("post", body={"userName": "NURSE@trust.example"})
    assert _is_scim_error(response, 409)
    assert response.json()["scimType"] == "uniqueness"


def test_post_answers_with_the_location_of_the_new_user(scim_client):
    response = scim_client.send("post", body={"userName": "nurse@trust.example"})
    assert response["Location"].endswith(f"/Users/{response.json()['id']}")


# --- Bad input: a 400 SCIM error, never a 500 -----------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'userName co "nurse"',
        'userName eq "a" or userName eq "b"',
        "userName eq nurse",
        'emails eq "a@b"',
        'userName eq "\\x"',
        "",
        '(userName eq "a")',
    ],
)
def test_an_unsupported_or_malformed_filter_is_a_400(scim_client, query):
    response = scim_client.get(filter=query)
    assert _is_scim_error(response, 400)
    assert response.json()["scimType"] == "invalidFilter"


@pytest.mark.parametrize("params", [{"startIndex": "one"}, {"count": "1.5"}])
def test_bad_paging_is_a_400(scim_client, params):
    assert _is_scim_error(scim_client.get(**params), 400)


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '"a string"',
        "\udcff",
        {},
        {"userName": ""},
        {"userName": 12},
        {"userName": "a@b", "externalId": ["x"]},
        {"userName": "a@b", "active": "maybe"},
    ],
)
def test_a_malformed_user_is_a_400(scim_client, body):
    if body == "\udcff":
        response = scim_client.http.post(
            scim_client.base, b"\xff\xfe{", content_type=SCIM, headers=scim_client.headers
        )
    else:
        response = scim_client.send("post", body=body)
    assert _is_scim_error(response, 400)


@pytest.mark.parametrize(
    "body",
    [
        "{",
        {"Operations": [{"op": "replace", "path": "active", "value": False}]},  # no PatchOp schema
        {"schemas": [PATCH_OP]},
        {"schemas": [PATCH_OP], "Operations": []},
        {"schemas": [PATCH_OP], "Operations": ["replace"]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "move", "path": "active", "value": False}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active"}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active", "value": "no"}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": [False]}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": 3, "value": False}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "remove", "path": "active"}]},
        {"schemas": [PATCH_OP], "Operations": [{"op": "remove"}]},
    ],
)
def test_a_malformed_patch_is_a_400_and_changes_nothing(scim_client, body):
    scim_id = scim_client.provision("nurse@trust.example", "00u1")
    response = scim_client.send("patch", f"/{scim_id}", body)
    assert _is_scim_error(response, 400)
    assert ProvisionedUser.objects.get(scim_id=scim_id).active


def test_a_patch_of_attributes_haven_does_not_keep_is_accepted(scim_client):
    scim_id = scim_client.provision("nurse@trust.example", "00u1")
    body = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "path": "name.familyName", "value": "Smith"}],
    }
    response = scim_client.send("patch", f"/{scim_id}", body)
    assert response.status_code == 200
    assert "Smith" not in response.content.decode()


def test_put_with_active_false_deprovisions(scim_client):
    scim_id = scim_client.provision("nurse@trust.example", "00u1")
    response = scim_client.send("put", f"/{scim_id}", {"userName": "nurse@trust.example", "active": False})
    assert response.json()["active"] is False
    assert not ProvisionedUser.objects.get(scim_id=scim_id).active


def test_an_unsupported_method_is_a_scim_error(scim_client):
    assert _is_scim_error(scim_client.send("put"), 405)


# --- The firewall ---------------------------------------------------------------------------------


def test_nothing_is_stored_in_clear(scim_client, organisation):
    scim_client.provision("Real.Person@trust.example", "00u-real")
    record_identity_provider_sign_in(organisation, UserFactory(), "00u-real")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(p)::text FROM orgs_provisioneduser p")
        stored = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT row_to_json(m)::text FROM orgs_organisationmembership m")
        stored += " ".join(row[0] for row in cursor.fetchall())
    assert "00u-real" not in stored
    assert "real.person" not in stored.lower()


def test_no_answer_names_the_member_or_their_posts(scim_client, organisation, circle, circle_category):
    from forum import services

    member = UserFactory(display_name="Distinctive Heron", email="heron@personal.example")
    record_identity_provider_sign_in(organisation, member, "00u-heron")
    add_to_circle(circle, member)
    services.create_thread(author=member, category=circle_category, title="Hard week", body="Words")
    scim_id = scim_client.provision("heron@trust.example", "00u-heron")
    deactivate = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]}
    answers = [
        scim_client.get(),
        scim_client.get(filter='externalId eq "00u-heron"'),
        scim_client.get(f"/{scim_id}"),
        scim_client.send("patch", f"/{scim_id}", deactivate),
    ]
    text = json.dumps([answer.json() for answer in answers])
    for revealing in ("Distinctive Heron", "personal.example", "Hard week"):
        assert revealing not in text
    resources = [*answers[0].json()["Resources"], *answers[1].json()["Resources"], answers[2].json()]
    resources.append(answers[3].json())
    assert {key for resource in resources for key in resource} <= {
        "schemas", "id", "userName", "externalId", "active", "meta"
    }  # fmt: skip


def test_a_lookup_by_filter_costs_two_queries(scim_client, django_assert_num_queries):
    scim_client.provision("nurse@trust.example", "00u1")  # the token's use is recorded by now
    with django_assert_num_queries(2):  # the token with its organisation, the user
        assert scim_client.get(filter='userName eq "nurse@trust.example"').status_code == 200
