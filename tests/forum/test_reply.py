import pytest
from django.urls import reverse

from forum import services
from forum.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reply(client, thread, body="I relate to this so much.", **extra):
    return client.post(reverse("forum:reply", args=[thread.pk]), {"body": body, **extra})


def test_member_replies_to_the_thread(client, thread, other_member):
    client.force_login(other_member)
    response = _reply(client, thread)
    post = thread.posts.get(position=2)
    assert post.author == other_member
    assert post.parent is None
    assert response.url == post.location_in_thread()


def test_reply_updates_thread_category_and_member_counters(client, thread, other_member):
    client.force_login(other_member)
    _reply(client, thread)
    thread.refresh_from_db()
    other_member.refresh_from_db()
    thread.category.refresh_from_db()
    assert (thread.reply_count, thread.post_count) == (1, 2)
    assert thread.last_post.author == other_member
    assert other_member.post_count == 1
    assert thread.category.post_count == 2


def test_reply_to_a_reply_records_the_parent(client, thread, other_member):
    first = services.reply(thread=thread, author=UserFactory(), body="First reply")
    client.force_login(other_member)
    _reply(client, thread, body="Answering the first reply", parent=first.pk)
    answer = thread.posts.get(position=3)
    assert answer.parent == first
    first.refresh_from_db()
    assert first.direct_reply_count == 1


def test_thread_page_shows_in_reply_to_link(member_client, thread):
    grace = UserFactory(display_name="Grace")
    first = services.reply(thread=thread, author=grace, body="First reply")
    services.reply(thread=thread, author=UserFactory(), body="Answer", parent=first)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}">in reply to Grace</a>' in page


def test_quote_fills_the_reply_box_with_the_quoted_post(member_client, thread):
    post = thread.opening_post
    response = member_client.get(reverse("forum:reply", args=[thread.pk]), {"to": post.pk, "quote": 1})
    page = response.content.decode()
    assert f"**{thread.author.display_name}** wrote:\n&gt; Opening post body" in page
    assert f'name="parent" value="{post.pk}"' in page


def test_logged_out_visitor_cannot_reply(client, thread):
    response = _reply(client, thread)
    assert response.status_code == 302
    assert thread.posts.count() == 1


def test_nobody_can_reply_to_a_locked_thread(member_client, thread):
    thread.is_locked = True
    thread.save()
    assert _reply(member_client, thread).status_code == 403
    assert thread.posts.count() == 1


def test_cannot_reply_to_a_deleted_post(member_client, thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="Soon gone")
    services.delete_post(post=reply)
    assert _reply(member_client, thread, parent=reply.pk).status_code == 404


def test_positions_are_sequential(thread):
    for n in range(3):
        services.reply(thread=thread, author=UserFactory(), body=f"reply {n}")
    assert list(thread.posts.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]


def test_reply_service_refuses_a_parent_from_another_thread(thread, category, member):
    from tests.factories import make_thread

    elsewhere = make_thread(category=category)
    with pytest.raises(ValueError):
        services.reply(thread=thread, author=member, body="x", parent=elsewhere.opening_post)
    assert Post.objects.filter(thread=thread).count() == 1
