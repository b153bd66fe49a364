"""What Haven keeps of a provider's subject identifier: a keyed hash (orgs/identity.py)."""

from orgs.identity import subject_digest


def test_digest_is_stable(settings):
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-one"

    assert subject_digest("trust-a", "emp-1") == subject_digest("trust-a", "emp-1")


def test_digest_depends_on_the_deployments_secret(settings):
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-one"
    first = subject_digest("trust-a", "emp-1")
    settings.HAVEN_IDENTITY_HASH_KEY = "deployment-two"

    assert subject_digest("trust-a", "emp-1") != first


def test_same_subject_at_two_providers_gives_two_digests():
    assert subject_digest("trust-a", "emp-1") != subject_digest("trust-b", "emp-1")


def test_digest_does_not_contain_the_subject():
    digest = subject_digest("trust-a", "emp-740193")

    assert "740193" not in digest
    assert len(digest) == 64


def test_provider_and_subject_cannot_be_shifted_into_each_other():
    assert subject_digest("trust-a", "b-emp") != subject_digest("trust-a-b", "emp")
