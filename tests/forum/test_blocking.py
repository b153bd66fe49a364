import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Block
from accounts.services import block
from forum import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_block_from_the_profile(member_client, member, other_member):
    member_client.post(reverse("accounts:block", args=[other_member.pk]))
    assert Block.objects.filter(blocker=member, blocked=other_member).exists()
    member_client.post(reverse("accounts:block", args=[other_member.pk]), {"unblock": "1"})
    assert not Block.objects.exists()


def test_you_cannot_block_yourself(member_client, member):
    member_client.post(reverse("accounts:block", args=[member.pk]))
    assert not Block.objects.exists()


def test_a_blocked_members_posts_are_collapsed_for_the_blocker(member_client, member, thread, other_member):
    services.reply(thread=thread, author=other_member, body="words from the blocked member")
    block(member, other_member)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Post by a member you blocked (show)" in page


def test_others_still_see_them_normally(thread, member, other_member):
    services.reply(thread=thread, author=other_member, body="words")
    block(member, other_member)
    reader = Client()
    reader.force_login(UserFactory())
    assert "member you blocked" not in reader.get(thread.get_absolute_url()).content.decode()


def test_blocking_is_private(client, member, other_member):
    block(member, other_member)
    client.force_login(other_member)
    page = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert "blocked" not in page.lower().replace(f"block {member.display_name}".lower(), "")
    assert not other_member.notifications.exists()


def test_anonymous_posts_are_not_collapsed_since_that_would_reveal_their_author(
    member_client, member, thread, other_member
):
    services.reply(thread=thread, author=other_member, body="anonymous words", anonymous=True)
    block(member, other_member)
    assert "member you blocked" not in member_client.get(thread.get_absolute_url()).content.decode()
