"""The thread's follow control is a group of three buttons, the current level pressed (issue 24,
item 10); each posts the level it names, so it works without JavaScript."""

import re

import pytest
from django.urls import reverse

from forum import services
from forum.models import ThreadSubscription

pytestmark = pytest.mark.django_db


def _pressed(client, thread) -> list[str]:
    page = client.get(thread.get_absolute_url()).content.decode()
    return re.findall(r'name="level" value="([a-z]*)"[^>]*aria-pressed="true"', page)


def test_the_follow_control_shows_the_current_level_pressed(member_client, member, thread):
    services.set_thread_subscription(member=member, thread=thread, level="muted")
    assert _pressed(member_client, thread) == ["muted"]


def test_a_member_who_chose_nothing_hears_only_when_answered(other_member, client, thread):
    client.force_login(other_member)
    assert _pressed(client, thread) == [""]


def test_pressing_follow_follows(client, other_member, thread):
    client.force_login(other_member)
    client.post(reverse("forum:subscribe_thread", args=[thread.pk]), {"level": "following"})
    assert ThreadSubscription.objects.get(user=other_member, thread=thread).level == "following"
