import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from forum import services as forum_services
from moderation import services
from moderation.models import FlagReason
from tests.factories import UserFactory


def give_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def mark_recently_reauthenticated(client, user):
    """What allauth's reauthentication page records after the member re-enters their password."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def moderator(db):
    return give_totp(UserFactory(is_moderator=True, display_name="Rowan"))


@pytest.fixture
def second_moderator(db):
    return give_totp(UserFactory(is_moderator=True, display_name="Sam"))


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


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
