"""Categories for verified members: verified-only ones (only verified members and moderators read
and post) stay out of every list, search and notification of everyone else; in verified ones
everybody reads but only verified members post."""

import pytest
from django.urls import reverse

from accounts.models import User
from forum import services
from forum.models import Bookmark, Category, CategorySubscription, Notification, Thread
from forum.notifications import notify
from moderation.models import FlagReason
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

SECRET = "Lanterns in the lounge"


@pytest.fixture
def nurse(db):
    return UserFactory(display_name="Nurse Ana", verified_role="nurse")


@pytest.fixture
def lounge(db):
    return CategoryFactory(name="Clinicians' lounge", slug="lounge", access=Category.Access.VERIFIED_ONLY)


@pytest.fixture
def case_talk(db):
    return CategoryFactory(name="Case talk", slug="case-talk", access=Category.Access.VERIFIED_POST)


@pytest.fixture
def secret_thread(lounge, nurse):
    thread = make_thread(category=lounge, author=nurse, title=SECRET, body="Lanterns glow for the verified")
    services.reply(thread=thread, author=nurse, body="Lanterns again, a reply")
    return thread


@pytest.fixture
def open_thread(category):
    return make_thread(category=category, title="Open to everyone", body="Lanterns for all")


@pytest.fixture
def nurse_client(client, nurse):
    client.force_login(nurse)
    return client


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory())
    return client


def _page(client, url, **params) -> str:
    return client.get(url, params).content.decode()


# --- Reading: every list ----------------------------------------------------------------------------


def test_the_latest_list_leaves_out_verified_only_threads(member_client, secret_thread, open_thread):
    page = _page(member_client, reverse("forum:latest"))
    assert "Open to everyone" in page
    assert SECRET not in page


@pytest.mark.parametrize("reader", ["nurse_client", "moderator_client"])
def test_verified_members_and_moderators_see_them_in_the_latest_list(
    request, reader, secret_thread, open_thread
):
    client = request.getfixturevalue(reader)
    assert SECRET in _page(client, reverse("forum:latest"))


def test_the_latest_list_counts_pages_from_readable_categories_only(member_client, lounge, nurse, settings):
    settings.HAVEN_THREADS_PER_PAGE = 2
    for n in range(3):
        make_thread(category=lounge, author=nurse, title=f"Lounge {n}")
    response = member_client.get(reverse("forum:latest"))
    assert response.context["page"].num_pages == 1


def test_the_category_navigation_leaves_out_verified_only_categories(member_client, lounge, open_thread):
    page = _page(member_client, reverse("forum:latest"))
    assert lounge.get_absolute_url() not in page
    assert open_thread.category.get_absolute_url() in page


def test_the_category_navigation_shows_them_to_verified_members(nurse_client, lounge):
    assert lounge.get_absolute_url() in _page(nurse_client, reverse("forum:latest"))


def test_the_landing_page_leaves_out_verified_only_categories(client, lounge, category):
    page = _page(client, reverse("forum:home"))
    assert category.name in page
    assert lounge.name not in page


def test_a_verified_only_category_page_explains_and_lists_nothing(member_client, secret_thread):
    response = member_client.get(secret_thread.category.get_absolute_url())
    assert response.status_code == 403
    page = response.content.decode()
    assert "is for verified members" in page
    assert reverse("accounts:verification") in page
    assert SECRET not in page


def test_verified_members_read_the_verified_only_category(nurse_client, secret_thread):
    assert SECRET in _page(nurse_client, secret_thread.category.get_absolute_url())


def test_a_verified_only_thread_is_not_found_for_others(member_client, secret_thread):
    assert member_client.get(secret_thread.get_absolute_url()).status_code == 404
    assert member_client.get(reverse("forum:thread_short", args=[secret_thread.pk])).status_code == 404


def test_a_verified_only_post_link_is_not_found_for_others(member_client, secret_thread):
    post = secret_thread.posts.get(position=2)
    assert member_client.get(reverse("forum:post", args=[post.pk])).status_code == 404


def test_search_leaves_out_verified_only_posts(member_client, secret_thread, open_thread):
    response = member_client.get(reverse("forum:search"), {"q": "lanterns"})
    assert [post.thread.title for post in response.context["results"]] == ["Open to everyone"]


def test_search_finds_them_for_verified_members(nurse_client, secret_thread, open_thread):
    response = nurse_client.get(reverse("forum:search"), {"q": "lanterns"})
    assert {post.thread.title for post in response.context["results"]} == {SECRET, "Open to everyone"}


def test_the_search_category_filter_does_not_offer_verified_only_categories(member_client, secret_thread):
    response = member_client.get(
        reverse("forum:search"), {"q": "lanterns", "category": secret_thread.category.pk}
    )
    assert "category" in response.context["form"].errors
    assert secret_thread.category.name not in response.content.decode()


def test_bookmarks_leave_out_threads_the_member_can_no_longer_read(member_client, member, category):
    thread = make_thread(category=category, title="Saved before it closed")
    services.toggle_bookmark(member=member, thread=thread)
    Category.objects.filter(pk=category.pk).update(access=Category.Access.VERIFIED_ONLY)
    response = member_client.get(reverse("forum:bookmarks"))
    assert list(response.context["bookmarks"]) == []
    assert Bookmark.objects.filter(user=member).exists()  # kept, in case they are verified later


def test_notifications_leave_out_posts_the_member_can_no_longer_read(member_client, member, category):
    thread = make_thread(category=category, title="Mentioned before it closed")
    notify(member, Notification.Kind.MENTION, "Someone mentioned you", post=thread.opening_post)
    notify(member, Notification.Kind.MODERATION, "A message from the moderators")
    Category.objects.filter(pk=category.pk).update(access=Category.Access.VERIFIED_ONLY)
    response = member_client.get(reverse("forum:notifications"))
    assert [n.message for n in response.context["notifications"]] == ["A message from the moderators"]


def test_the_profile_post_list_leaves_out_verified_only_posts(
    member_client, nurse, secret_thread, open_thread
):
    services.reply(thread=open_thread, author=nurse, body="Visible reply")
    response = member_client.get(nurse.get_absolute_url())
    assert [post.thread.title for post in response.context["recent_posts"]] == ["Open to everyone"]


def test_the_profile_post_list_shows_them_to_verified_readers(client, nurse, secret_thread):
    client.force_login(UserFactory(verified_role="psychologist"))
    response = client.get(nurse.get_absolute_url())
    assert {post.thread.title for post in response.context["recent_posts"]} == {SECRET}


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("forum:reactions", "get"),
        ("forum:react", "post"),
        ("forum:bookmark_post", "post"),
        ("moderation:flag", "get"),
    ],
)
def test_post_actions_are_not_found_for_others(member_client, secret_thread, name, method):
    post = secret_thread.posts.get(position=2)
    response = getattr(member_client, method)(reverse(name, args=[post.pk]), {"kind": "support"})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["forum:reply", "forum:bookmark_thread", "forum:subscribe_thread"])
def test_thread_actions_are_not_found_for_others(member_client, secret_thread, name):
    assert member_client.post(reverse(name, args=[secret_thread.pk]), {"body": "hello"}).status_code == 404


def test_members_cannot_follow_a_verified_only_category(member_client, member, lounge):
    response = member_client.post(reverse("forum:subscribe_category", args=[lounge.slug]))
    assert response.status_code == 403
    assert not CategorySubscription.objects.filter(user=member).exists()


# --- Notifications ---------------------------------------------------------------------------------


def test_only_readers_hear_about_posts_in_a_verified_only_category(lounge, nurse, member):
    verified_follower = UserFactory(verified_role="social_worker")
    for follower in (member, verified_follower):
        services.toggle_category_subscription(member=follower, category=lounge)
    thread = make_thread(category=lounge, author=nurse, title="Who hears")
    services.reply(thread=thread, author=nurse, body=f"Thinking of @{member.display_name}")
    assert not Notification.objects.filter(recipient=member).exists()
    assert Notification.objects.filter(recipient=verified_follower).exists()


# --- Posting ----------------------------------------------------------------------------------------


def test_everyone_reads_a_verified_category(member_client, case_talk, nurse):
    thread = make_thread(category=case_talk, author=nurse, title="Case talk thread")
    assert "Case talk thread" in _page(member_client, case_talk.get_absolute_url())
    assert member_client.get(thread.get_absolute_url()).status_code == 200


def test_unverified_members_cannot_reply_in_a_verified_category(member_client, case_talk, nurse):
    thread = make_thread(category=case_talk, author=nurse)
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Me too"})
    assert response.status_code == 403
    assert Thread.objects.get(pk=thread.pk).post_count == 1


def test_the_thread_page_says_who_may_reply_instead_of_a_reply_form(member_client, case_talk, nurse):
    thread = make_thread(category=case_talk, author=nurse)
    page = _page(member_client, thread.get_absolute_url())
    assert "Only verified members reply in Case talk" in page
    assert 'name="body"' not in page


def test_verified_members_reply_in_a_verified_category(nurse_client, case_talk):
    thread = make_thread(category=case_talk, author=UserFactory(verified_role="doctor"))
    response = nurse_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Me too"})
    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).post_count == 2


def test_unverified_members_cannot_start_threads_in_verified_categories(member_client, case_talk, lounge):
    for category in (case_talk, lounge):
        response = member_client.post(
            reverse("forum:new_thread"), {"category": category.pk, "title": "Let me in", "body": "Please"}
        )
        assert response.status_code == 200
        assert "category" in response.context["form"].errors
    assert not Thread.objects.filter(title="Let me in").exists()


def test_the_new_thread_form_offers_only_categories_one_may_post_in(
    member_client, case_talk, lounge, category
):
    choices = list(member_client.get(reverse("forum:new_thread")).context["form"].fields["category"].queryset)
    assert choices == [category]


def test_verified_members_start_threads_in_verified_only_categories(nurse_client, lounge):
    response = nurse_client.post(
        reverse("forum:new_thread"), {"category": lounge.pk, "title": "For us", "body": "Hello colleagues"}
    )
    assert response.status_code == 302
    assert Thread.objects.get(title="For us").category == lounge


def test_the_category_page_offers_verification_instead_of_a_new_thread(member_client, case_talk):
    page = _page(member_client, case_talk.get_absolute_url())
    assert f"{reverse('forum:new_thread')}?category={case_talk.slug}" not in page
    assert reverse("accounts:verification") in page


def test_a_deactivated_verified_member_loses_access(client, nurse, secret_thread):
    User.objects.filter(pk=nurse.pk).update(is_active=False)
    nurse.refresh_from_db()
    assert Thread.objects.visible_to(nurse).filter(pk=secret_thread.pk).exists() is False


# --- Moderation of verified-only posts ---------------------------------------------------------------


def test_moderators_review_flagged_posts_in_verified_only_categories(moderator_client, secret_thread):
    from moderation import services as moderation_services

    post = secret_thread.posts.get(position=2)
    entry = moderation_services.flag_post(post, UserFactory(verified_role="nurse"), FlagReason.SPAM, "").entry
    assert moderator_client.get(reverse("moderation:entry", args=[entry.pk])).status_code == 200


# --- Query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["member_client", "nurse_client"])
def test_lists_stay_within_their_query_bounds(
    request, reader, lounge, category, nurse, django_assert_max_num_queries
):
    client = request.getfixturevalue(reader)
    for n in range(12):
        make_thread(category=lounge if n % 2 else category, author=nurse, replies=1, title=f"Thread {n}")
    # The replies notified the nurse: clear them, so that the header's notification menu (one query
    # for a member with any, tests/forum/test_site_header.py) is not counted against the lists.
    nurse.notifications.all().delete()
    with django_assert_max_num_queries(8):
        client.get(reverse("forum:latest"))
    with django_assert_max_num_queries(9):
        client.get(category.get_absolute_url())
    with django_assert_max_num_queries(9):
        client.get(reverse("forum:search"), {"q": "reply"})
