"""conversations.permissions.can_message: who may send whom a private message, and why not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from conversations.permissions import can_message
from moderation import services as moderation_services
from tests.factories import ModeratorFactory, SettledMemberFactory, UserFactory, make_peer_supporter

pytestmark = pytest.mark.django_db


def test_settled_members_may_message_each_other(maya, tomasz):
    assert can_message(maya, tomasz)


def test_a_member_in_their_first_days_may_not_message(tomasz):
    newcomer = UserFactory(date_joined=timezone.now() - timedelta(days=1))
    decision = can_message(newcomer, tomasz)
    assert not decision
    assert "3 days" in decision.reason


def test_the_first_days_are_a_setting(settings, tomasz):
    settings.HAVEN_MESSAGES_MIN_DAYS = 0
    assert can_message(UserFactory(), tomasz)


def test_a_member_whose_first_post_still_waits_for_approval_may_not_message(tomasz):
    newcomer = SettledMemberFactory(is_trusted=False)
    assert not can_message(newcomer, tomasz)


def test_a_member_with_a_published_post_may_message_before_being_trusted(tomasz):
    newcomer = SettledMemberFactory(is_trusted=False, post_count=1)
    assert can_message(newcomer, tomasz)


def test_a_member_in_their_first_days_may_not_be_messaged(maya):
    assert not can_message(maya, UserFactory())


def test_moderators_may_message_from_their_first_day(maya):
    assert can_message(ModeratorFactory(), maya)


def test_a_suspended_member_may_not_message(maya, tomasz):
    moderation_services.suspend_member(maya, ModeratorFactory(), "Cooling off", days=2)
    maya.refresh_from_db()
    assert can_message(maya, tomasz).reason == "Private messages are paused while your account is suspended."


def test_a_suspended_member_may_not_be_messaged(maya, tomasz):
    moderation_services.suspend_member(tomasz, ModeratorFactory(), "Cooling off", days=2)
    tomasz.refresh_from_db()
    assert not can_message(maya, tomasz)


def test_a_member_who_turned_messages_off_gets_none(maya, tomasz):
    tomasz.accepts_messages_from = User.MessagesFrom.NOBODY
    assert not can_message(maya, tomasz)


def test_messages_turned_off_are_off_for_moderators_too(tomasz):
    tomasz.accepts_messages_from = User.MessagesFrom.NOBODY
    assert not can_message(ModeratorFactory(), tomasz)


def test_a_member_who_accepts_only_supporters_refuses_other_members(maya, tomasz):
    tomasz.accepts_messages_from = User.MessagesFrom.SUPPORTERS
    assert not can_message(maya, tomasz)


def test_a_member_who_accepts_only_supporters_accepts_a_peer_supporter(tomasz):
    supporter = make_peer_supporter(SettledMemberFactory())
    tomasz.accepts_messages_from = User.MessagesFrom.SUPPORTERS
    assert can_message(supporter, tomasz)


def test_a_member_who_accepts_only_supporters_accepts_a_moderator(tomasz):
    tomasz.accepts_messages_from = User.MessagesFrom.SUPPORTERS
    assert can_message(ModeratorFactory(), tomasz)


def test_the_blocker_may_not_message_the_member_they_blocked(maya, tomasz):
    account_services.block(maya, tomasz)
    assert can_message(maya, tomasz).reason == "You blocked Tomasz. Unblock them to send a message."


def test_the_blocked_member_may_not_message_the_blocker(maya, tomasz):
    account_services.block(maya, tomasz)
    assert not can_message(tomasz, maya)


def test_the_blocked_member_is_not_told_they_were_blocked(maya, tomasz):
    """The reason is the same one a member who turned messages off gives."""
    account_services.block(maya, tomasz)
    blocked_reason = can_message(tomasz, maya).reason
    account_services.unblock(maya, tomasz)
    maya.accepts_messages_from = User.MessagesFrom.NOBODY
    assert blocked_reason == can_message(tomasz, maya).reason


def test_nobody_messages_themselves(maya):
    assert not can_message(maya, maya)


def test_nobody_messages_a_former_member(maya, tomasz):
    tomasz.is_deleted_account = True
    assert can_message(maya, tomasz).reason == "This member has left Haven."
