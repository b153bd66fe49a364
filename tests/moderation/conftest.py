import pytest
from django.test import Client

from forum import services as forum_services
from moderation import services
from moderation.models import FlagReason
from tests.factories import UserFactory


@pytest.fixture
def reader_client(db):
    """A second browser: an ordinary member reading, beside a moderator's `client`."""
    reader = Client()
    reader.force_login(UserFactory())
    return reader


@pytest.fixture
def reply_post(thread, other_member):
    return forum_services.reply(thread=thread, author=other_member, body="A reply that worries someone")


@pytest.fixture
def flagged_entry(reply_post):
    """The queue entry for a reply flagged by one member as harassment."""
    flag = services.flag_post(reply_post, UserFactory(), FlagReason.HARASSMENT, "Unkind")
    return flag.entry
