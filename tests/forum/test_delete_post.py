import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _delete(client, post):
    return client.post(reverse("forum:delete_post", args=[post.pk]))


def test_author_deletes_a_reply_softly(client, thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="Regret this")
    client.force_login(other_member)
    assert _delete(client, reply).status_code == 302
    reply.refresh_from_db()
    assert reply.is_deleted
    assert reply.body == "Regret this"  # nothing is physically removed
    thread.refresh_from_db()
    other_member.refresh_from_db()
    assert thread.reply_count == 0
    assert other_member.post_count == 0


def test_deleted_reply_without_answers_disappears_from_the_page(client, thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="Regret this")
    services.delete_post(post=reply)
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Regret this" not in page
    assert f'id="post-{reply.pk}"' not in page


def test_deleted_reply_with_answers_leaves_a_placeholder(member_client, thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="Regret this")
    services.reply(thread=thread, author=UserFactory(), body="An answer", parent=reply)
    services.delete_post(post=reply)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Regret this" not in page
    assert "This post was deleted by its author." in page
    assert "in reply to a deleted post" in page


def test_deleting_an_unanswered_opening_post_deletes_the_thread(member_client, thread, category):
    _delete(member_client, thread.opening_post)
    thread.refresh_from_db()
    category.refresh_from_db()
    assert thread.is_deleted
    assert category.thread_count == 0
    assert member_client.get(thread.get_absolute_url()).status_code == 404
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_deleting_an_answered_opening_post_keeps_the_thread(member_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="Still here")
    _delete(member_client, thread.opening_post)
    thread.refresh_from_db()
    assert not thread.is_deleted
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "This post was deleted by its author." in page
    assert "Still here" in page


def test_deleting_another_members_post_is_refused(client, thread, other_member):
    client.force_login(other_member)
    assert _delete(client, thread.opening_post).status_code == 403
    assert not Post.objects.get(pk=thread.opening_post.pk).is_deleted


def test_deleting_twice_changes_counters_once(thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="x")
    services.delete_post(post=reply)
    services.delete_post(post=Post.objects.get(pk=reply.pk))
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_delete_needs_a_post_request(member_client, thread):
    response = member_client.get(reverse("forum:delete_post", args=[thread.opening_post.pk]))
    assert response.status_code == 200  # a confirmation page
    assert not Post.objects.get(pk=thread.opening_post.pk).is_deleted
