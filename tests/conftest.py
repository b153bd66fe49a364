import shutil

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, CategoryFactory, ModeratorFactory, UserFactory, make_thread
from tests.idp.provider import running_provider
from tests.idp.saml import running_saml_provider


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none. (Rendered fragments live
    in a database table, rolled back with each test's transaction.)"""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def thread(db, member, category):
    return make_thread(author=member, category=category, title="Carrying it home", body="Opening post body")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def moderator(db):
    """The one moderator fixture: with two-factor set up, as every acting moderator has."""
    return ModeratorFactory(display_name="Rowan")


@pytest.fixture
def second_moderator(db):
    return ModeratorFactory(display_name="Sam")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, having agreed to the current privacy notice like every member
    made by tests/factories.py (a superuser made by createsuperuser is asked on their first page)."""
    from accounts import consent

    consent.give_consent(admin_user)
    return admin_user


@pytest.fixture(scope="session")
def identity_provider():
    """The test OpenID Connect provider (tests/idp), in its own process, for the whole session:
    organisations' sign-in (tests/orgs) and the security sweeps over its routes (tests/security)."""
    with running_provider(["http://testserver"]) as provider:
        yield provider


@pytest.fixture(scope="session")
def saml_identity_provider():
    """The test SAML 2.0 identity provider (tests/idp/saml_provider, pysaml2), in its own process,
    for the whole session. It signs with Debian's xmlsec1 command (.ci/run installs it); without
    it, the tests that sign in through SAML are skipped."""
    if shutil.which("xmlsec1") is None:
        pytest.skip("the test SAML identity provider needs xmlsec1 (apt-get install xmlsec1)")
    with running_saml_provider(["http://testserver"]) as provider:
        yield provider
