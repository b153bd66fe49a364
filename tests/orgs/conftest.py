import pytest
from django.test import Client

from forum import services
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    ModeratorFactory,
    OrganisationFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
    link_identity_provider,
    link_saml_identity_provider,
)
from tests.idp.provider import CLIENTS

SECRET = "circlesecretwordq"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="St Elsewhere Trust", slug="st-elsewhere", email_domains=["elsewhere.example"]
    )


@pytest.fixture
def circle(organisation):
    return CircleFactory(organisation=organisation, name="Night shift")


@pytest.fixture
def circle_category(circle):
    return CategoryFactory(name="Night shift talk", circle=circle)


@pytest.fixture
def insider(circle):
    member = UserFactory(display_name="Insider")
    add_to_circle(circle, member)
    return member


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Outsider")


@pytest.fixture
def circle_moderator(circle):
    moderator = ModeratorFactory(is_moderator=False, display_name="Circle Mod")
    add_to_circle(circle, moderator, role="moderator")
    return moderator


@pytest.fixture
def org_admin(organisation):
    admin = UserFactory(display_name="Org Admin")
    add_to_organisation(organisation, admin, role="admin")
    return admin


@pytest.fixture
def circle_thread(circle_category, insider):
    return services.create_thread(
        author=insider, category=circle_category, title=f"Hard night {SECRET}", body=f"Words {SECRET}"
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Identity providers (tests/idp; the running provider is tests/conftest.py's) ----


@pytest.fixture
def trust_a(db, identity_provider):
    organisation = OrganisationFactory(name="Trust A", slug="trust-a")
    link_identity_provider(
        organisation, client_id="trust-a", secret=CLIENTS["trust-a"], server_url=identity_provider.server_url
    )
    return organisation


@pytest.fixture
def trust_b(db, identity_provider):
    organisation = OrganisationFactory(name="Trust B", slug="trust-b")
    link_identity_provider(
        organisation, client_id="trust-b", secret=CLIENTS["trust-b"], server_url=identity_provider.server_url
    )
    return organisation


@pytest.fixture
def saml_trust_a(db, saml_identity_provider):
    organisation = OrganisationFactory(name="SAML Trust A", slug="saml-trust-a")
    link_saml_identity_provider(organisation, client_id="trust-a-saml", provider=saml_identity_provider)
    return organisation
