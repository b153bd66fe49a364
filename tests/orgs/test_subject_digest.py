"""What Haven keeps of a provider's identifiers for a person: one keyed hash (orgs/models.identity_digest)."""

from orgs.models import identity_digest


def test_digest_is_stable(settings):
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-one"

    assert identity_digest("trust-a", "emp-1") == identity_digest("trust-a", "emp-1")


def test_digest_depends_on_the_deployments_secret(settings):
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-one"
    first = identity_digest("trust-a", "emp-1")
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-two"

    assert identity_digest("trust-a", "emp-1") != first


def test_same_subject_at_two_providers_gives_two_digests():
    assert identity_digest("trust-a", "emp-1") != identity_digest("trust-b", "emp-1")


def test_digest_does_not_contain_the_subject():
    digest = identity_digest("trust-a", "emp-740193")

    assert "740193" not in digest
    assert len(digest) == 64


def test_provider_and_subject_cannot_be_shifted_into_each_other():
    assert identity_digest("trust-a", "b-emp") != identity_digest("trust-a-b", "emp")
