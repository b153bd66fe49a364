import pytest
from django.urls import reverse

from forum import services
from forum.models import Notification, ThreadSubscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _level(user, thread):
    return ThreadSubscription.objects.filter(user=user, thread=thread).values_list("level", flat=True).first()


def test_you_follow_threads_you_start_and_reply_to(thread, member, other_member):
    assert _level(member, thread) == "following"
    services.reply(thread=thread, author=other_member, body="hi")
    assert _level(other_member, thread) == "following"


def test_followers_hear_about_new_replies(thread, other_member):
    follower = UserFactory()
    services.set_thread_subscription(member=follower, thread=thread, level="following")
    services.reply(thread=thread, author=other_member, body="news")
    assert Notification.objects.filter(recipient=follower, kind="reply").exists()


def test_muting_a_thread_silences_it_even_for_its_author(thread, member, other_member):
    services.set_thread_subscription(member=member, thread=thread, level="muted")
    services.reply(thread=thread, author=other_member, body="news")
    assert not Notification.objects.filter(recipient=member).exists()


def test_follow_mute_and_reset_through_the_site(member_client, member, thread):
    url = reverse("forum:subscribe_thread", args=[thread.pk])
    member_client.post(url, {"level": "muted"})
    assert _level(member, thread) == "muted"
    member_client.post(url, {"level": ""})
    assert _level(member, thread) is None
    assert member_client.post(url, {"level": "shouting"}).status_code == 404


def test_category_followers_hear_about_new_posts(member_client, member, thread, other_member):
    member_client.post(reverse("forum:subscribe_category", args=[thread.category.slug]))
    services.set_thread_subscription(member=member, thread=thread, level=None)
    services.reply(thread=thread, author=other_member, body="category news")
    assert Notification.objects.get(recipient=member).message.startswith("New post in")
    member_client.post(reverse("forum:subscribe_category", args=[thread.category.slug]))
    assert not thread.category.subscriptions.exists()
