import pytest

from tests.factories import SettledMemberFactory


@pytest.fixture
def maya(db):
    return SettledMemberFactory(display_name="Maya")


@pytest.fixture
def tomasz(db):
    return SettledMemberFactory(display_name="Tomasz")


@pytest.fixture
def maya_client(client, maya):
    client.force_login(maya)
    return client
