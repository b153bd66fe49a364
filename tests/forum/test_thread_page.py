import pytest
from django.conf import settings
from django.urls import reverse

from forum import services
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db
PER_PAGE = settings.HAVEN_POSTS_PER_PAGE


@pytest.fixture
def long_thread(member, category):
    """A thread with two and a half pages of posts."""
    thread = make_thread(author=member, category=category, title="A long conversation")
    author = UserFactory()
    for n in range(2, PER_PAGE * 2 + PER_PAGE // 2 + 1):
        services.reply(thread=thread, author=author, body=f"Post number {n}")
    thread.refresh_from_db()
    return thread


def test_thread_page_shows_posts_in_order(member_client, long_thread):
    page = member_client.get(long_thread.get_absolute_url()).content.decode()
    assert (
        page.index("Post number 2<") < page.index("Post number 3<") < page.index(f"Post number {PER_PAGE}<")
    )
    assert f"Post number {PER_PAGE + 1}<" not in page


def test_thread_pages_hold_a_fixed_number_of_posts(member_client, long_thread):
    response = member_client.get(long_thread.get_absolute_url(), {"page": 2})
    positions = [post.position for post in response.context["posts"]]
    assert positions == list(range(PER_PAGE + 1, 2 * PER_PAGE + 1))


def test_last_page_has_the_remainder(member_client, long_thread):
    response = member_client.get(long_thread.get_absolute_url(), {"page": 3})
    assert len(response.context["posts"]) == PER_PAGE // 2


def test_page_past_the_end_is_404(member_client, long_thread):
    assert member_client.get(long_thread.get_absolute_url(), {"page": 4}).status_code == 404


def test_permalink_lands_on_the_right_page_and_post(member_client, long_thread):
    post = long_thread.posts.get(position=PER_PAGE * 2 + 3)
    response = member_client.get(reverse("forum:post", args=[post.pk]))
    assert response.status_code == 302
    assert response.url == f"{long_thread.get_absolute_url()}?page=3#post-{post.pk}"
    page = member_client.get(response.url.split("#")[0]).content.decode()
    assert f'id="post-{post.pk}"' in page


def test_permalink_on_the_first_page_has_no_page_number(member_client, long_thread):
    post = long_thread.posts.get(position=2)
    response = member_client.get(reverse("forum:post", args=[post.pk]))
    assert response.url == f"{long_thread.get_absolute_url()}#post-{post.pk}"


def test_every_post_links_to_its_permalink(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{thread.opening_post.get_absolute_url()}"' in page


def test_short_and_outdated_thread_urls_redirect_to_the_canonical_one(member_client, thread):
    response = member_client.get(reverse("forum:thread_short", args=[thread.pk]), {"page": 1})
    assert response.status_code == 301
    assert response.url == f"{thread.get_absolute_url()}?page=1"
    assert member_client.get(f"/t/old-title/{thread.pk}/").url == thread.get_absolute_url()


@pytest.mark.parametrize("page", [1, 2, 3])
def test_the_thread_composer_shows_on_every_page(member_client, long_thread, page):
    html = member_client.get(long_thread.get_absolute_url(), {"page": page}).content.decode()
    assert 'id="reply-heading"' in html
    assert "data-in-thread" in html


def test_a_reply_from_an_earlier_page_tells_the_script_where_it_landed(member_client, long_thread):
    response = member_client.post(
        reverse("forum:reply", args=[long_thread.pk]),
        {"body": "Answering from the first page"},
        HTTP_ACCEPT="application/json",
    )
    reply = long_thread.posts.get(body="Answering from the first page")
    assert response.json()["page"] == 3
    assert response.json()["url"] == reply.location_in_thread()


def test_deleted_thread_is_404(member_client, thread):
    services.delete_post(post=thread.opening_post)
    assert member_client.get(thread.get_absolute_url()).status_code == 404
    assert member_client.get(reverse("forum:post", args=[thread.opening_post.pk])).status_code == 404


def test_post_html_is_rendered_safely(member_client, category, member):
    thread = make_thread(author=member, category=category, body="<script>alert('x')</script>")
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_title_and_display_name_are_escaped(member_client, category):
    author = UserFactory(display_name="Ann O'Neil")
    thread = make_thread(author=author, category=category, title="<img src=x onerror=alert(1)>")
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "<img src=x" not in page
    assert "Ann O&#x27;Neil" in page


@pytest.mark.parametrize("replies", [1, 45])
def test_thread_page_query_count_is_constant(member_client, category, django_assert_max_num_queries, replies):
    thread = make_thread(category=category, replies=replies)
    for post in thread.posts.exclude(position=1)[:10]:
        services.reply(thread=thread, author=UserFactory(), body="answer", parent=post)
    # The session with its member, the thread with the member's marker, follow and save, the
    # marker's move forward, the posts, and the member's reactions, saved posts and blocks; and with
    # the database's fragment cache cold, a read and a write for the posts and for the composer.
    with django_assert_max_num_queries(6 + 4):
        response = member_client.get(thread.get_absolute_url(), {"page": 2 if replies > 20 else 1})
    assert response.status_code == 200


def test_rereading_a_thread_page_takes_seven_queries(member_client, category, django_assert_num_queries):
    thread = make_thread(category=category, replies=3)
    member_client.get(thread.get_absolute_url())
    with django_assert_num_queries(5 + 2):  # two of them the warm fragment cache (posts, composer)
        response = member_client.get(thread.get_absolute_url(), {"page": 1})
    assert response.status_code == 200


@pytest.mark.parametrize("replies", [2, 45])
def test_thread_page_with_member_state_stays_bounded(
    member_client, member, category, django_assert_max_num_queries, replies
):
    """Reactions, unread state, bookmarks, follows, blocks and warnings merged in a fixed number of queries."""
    from accounts.services import block

    thread = make_thread(category=category, replies=replies)
    posts = list(thread.posts.order_by("position")[:20])
    for post in posts[1:]:
        services.toggle_reaction(post=post, member=member, kind="support")
        services.toggle_bookmark(member=member, thread=thread, post=post)
        block(member, post.author)
    services.reply(thread=thread, author=UserFactory(), body="warned", content_warning="abuse")
    services.mark_read(member=member, thread=thread, position=1)
    with django_assert_max_num_queries(6 + 4):  # with the fragment cache cold
        response = member_client.get(thread.get_absolute_url(), {"page": 1})
    assert response.status_code == 200


def test_other_members_private_columns_are_not_loaded_with_their_posts(member_client, category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = make_thread(category=category, replies=3)
    with CaptureQueriesContext(connection) as captured:
        page = member_client.get(thread.get_absolute_url()).content.decode()
    posts_query = next(
        query["sql"] for query in captured.captured_queries if 'FROM "forum_post"' in query["sql"]
    )
    assert '"accounts_user"."display_name"' in posts_query
    for private in ("email", "password", "mute_words", "time_zone"):
        assert f'"accounts_user"."{private}"' not in posts_query
    assert thread.opening_post.author.display_name in page


def test_times_are_given_to_the_second_as_html_allows(member_client, category):
    """Issue 24, item 7: <time datetime> with microseconds is invalid HTML (at most three digits)."""
    import re

    thread = make_thread(category=category, replies=2)
    page = member_client.get(thread.get_absolute_url() + "?page=1").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp) for stamp in stamps)
