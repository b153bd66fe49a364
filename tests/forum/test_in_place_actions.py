"""The JSON answers the progressive-enhancement script (static/js/haven.js) uses to reply, start a
thread, follow and flag without a page reload. Without JavaScript the same views redirect."""

import pytest
from django.conf import settings
from django.urls import reverse

from forum.models import CategorySubscription, Post, ThreadSubscription
from moderation.models import Flag
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_reply_by_script_gets_the_new_post_html_and_its_page(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Thinking of you."}, **JSON)
    post = thread.posts.get(position=2)
    data = response.json()
    assert data["url"] == post.location_in_thread()
    assert data["page"] == 1
    assert f'id="post-{post.pk}"' in data["html"]
    assert "Thinking of you." in data["html"]


def test_the_new_post_html_takes_a_bounded_number_of_queries(
    client, thread, other_member, django_assert_max_num_queries
):
    client.force_login(other_member)
    with django_assert_max_num_queries(30):  # the reply's writes and notifications included
        client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here."}, **JSON)


def test_a_reply_that_starts_a_new_page_reports_that_page(client, other_member):
    thread = make_thread(replies=settings.HAVEN_POSTS_PER_PAGE - 1)
    client.force_login(other_member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Page two."}, **JSON)
    assert response.json()["page"] == 2


def test_a_reply_awaiting_review_gets_only_its_address_so_the_notice_is_seen(client, thread):
    newcomer = UserFactory(is_trusted=False)
    client.force_login(newcomer)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "My first post."}, **JSON)
    post = Post.objects.get(author=newcomer)
    assert post.state == Post.State.PENDING
    assert response.json() == {"url": post.location_in_thread(), "page": 1}


def test_an_invalid_reply_by_script_gets_the_form_page_with_the_text(client, thread, other_member):
    client.force_login(other_member)
    body = "x" * 200_000
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": body}, **JSON)
    assert response["Content-Type"].startswith("text/html")
    assert body[:1000] in response.content.decode()


def test_a_new_thread_by_script_gets_its_address(client, category, member):
    client.force_login(member)
    response = client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "Carrying it home", "body": "Some evenings it follows me."},
        **JSON,
    )
    thread = category.threads.get()
    assert response.json() == {"url": thread.get_absolute_url()}


def test_following_a_thread_by_script_answers_with_the_message(member_client, thread):
    response = member_client.post(
        reverse("forum:subscribe_thread", args=[thread.pk]), {"level": "following"}, **JSON
    )
    assert response.json() == {"level": "following", "message": "You're following this thread."}
    assert ThreadSubscription.objects.get(thread=thread).level == "following"


def test_following_a_category_by_script_answers_with_the_state(member_client, member, category):
    response = member_client.post(reverse("forum:subscribe_category", args=[category.slug]), **JSON)
    assert response.json()["active"] is True
    assert CategorySubscription.objects.filter(user=member, category=category).exists()


def test_flagging_by_script_answers_with_the_thanks(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("moderation:flag", args=[thread.opening_post_id]), {"reason": "spam", "note": ""}, **JSON
    )
    assert "Thank you for looking out for the community" in response.json()["message"]
    assert Flag.objects.filter(flagged_by=other_member).exists()


def test_an_invalid_flag_by_script_gets_the_form_back(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("moderation:flag", args=[thread.opening_post_id]), {"reason": "other", "note": ""}, **JSON
    )
    assert response["Content-Type"].startswith("text/html")
    assert not Flag.objects.exists()
