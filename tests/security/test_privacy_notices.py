"""What the site tells members about who can see something matches who can."""

import pytest
from django.urls import reverse

from forum import services
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db


def test_revision_history_says_the_moderators_can_see_it_too(member_client, thread):
    post = thread.opening_post
    services.edit_post(post=post, editor=post.author, body="Said better the second time")
    history = reverse("forum:post_history", args=[post.pk])
    assert "Only you and the moderators can see these." in member_client.get(history).content.decode()

    moderator = ModeratorFactory()
    member_client.force_login(moderator)
    assert member_client.get(history).status_code == 200  # so the notice must say so
