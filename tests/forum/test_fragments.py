"""Cached post and thread-row fragments (forum/fragments.py) must show exactly what a fresh render
shows, for every kind of viewer and after every change, and carry the viewer's own CSRF token."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts import services as account_services
from forum import services
from forum.models import Reaction
from moderation import services as moderation_services
from moderation.models import FlagReason
from tests.factories import ModeratorFactory, UserFactory, make_thread
from tests.pages import page_without_tokens

pytestmark = pytest.mark.django_db
# Per-request values: the CSRF token and the composer's one-time submission key.


@pytest.fixture
def busy_thread(db):
    author = UserFactory(display_name="Opening Author")
    thread = make_thread(author=author, title="Fragments", body="Opening words", replies=2)
    replier = UserFactory(display_name="Replier")
    services.reply(thread=thread, author=replier, body="Anonymous words", anonymous=True)
    services.reply(
        thread=thread,
        author=replier,
        body="Warned words",
        content_warning="graphic",
        parent=thread.opening_post,
    )
    services.toggle_reaction(post=thread.opening_post, member=replier, kind=Reaction.Kind.SUPPORT)
    return thread


def _viewers(thread):
    blocker = UserFactory()
    account_services.block(blocker, thread.author)
    return {
        "author": thread.author,
        "member": UserFactory(),
        "moderator": ModeratorFactory(),
        "blocker": blocker,
        # Reader controls: a post and the thread's row collapsed by mute words; a warning hidden.
        "muter": UserFactory(mute_words=["reply number 1", "fragments"]),
        "hider": UserFactory(hidden_warnings=["graphic"]),
    }


@pytest.mark.parametrize("viewer", ["author", "member", "moderator", "blocker", "muter", "hider"])
@pytest.mark.parametrize("page", ["thread", "latest"])
def test_a_cached_page_is_identical_to_a_fresh_render(client, busy_thread, viewer, page):
    client.force_login(_viewers(busy_thread)[viewer])
    path = busy_thread.get_absolute_url() + "?page=1" if page == "thread" else reverse("forum:latest")
    first, cached = page_without_tokens(client, path), page_without_tokens(client, path)
    with override_settings(HAVEN_FRAGMENT_CACHE=False):
        fresh = page_without_tokens(client, path)
    assert cached == first == fresh


def test_a_cached_notifications_page_is_identical_to_a_fresh_render(client, busy_thread):
    client.force_login(busy_thread.author)  # notified of the reply to their opening post
    path = reverse("forum:notifications")
    first, cached = page_without_tokens(client, path), page_without_tokens(client, path)
    with override_settings(HAVEN_FRAGMENT_CACHE=False):
        fresh = page_without_tokens(client, path)
    assert cached == first == fresh
    assert "replied to your post" in fresh


def test_viewers_with_different_relationships_see_their_own_versions(busy_thread):
    viewers = _viewers(busy_thread)
    pages = {}
    for name, user in viewers.items():
        client = Client()
        client.force_login(user)
        pages[name] = page_without_tokens(client, busy_thread.get_absolute_url() + "?page=1")
    assert "Edit</a>" in pages["author"] and "Edit</a>" not in pages["member"]
    assert "Post by a member you blocked" in pages["blocker"]
    assert "Post by a member you blocked" not in pages["member"]
    assert "Hidden by your mute words" in pages["muter"]
    assert "Hidden by your mute words" not in pages["member"]
    assert "Hidden by your content-warning settings" in pages["hider"]
    assert "Hidden by your content-warning settings" not in pages["member"]


def test_a_reaction_shows_at_once_on_the_next_render(client, busy_thread):
    member = UserFactory()
    client.force_login(member)
    path = busy_thread.get_absolute_url() + "?page=1"
    pressed = 'class="reaction is-active" aria-pressed="true"'
    assert pressed not in page_without_tokens(client, path)
    services.toggle_reaction(post=busy_thread.opening_post, member=member, kind=Reaction.Kind.RELATE)
    assert pressed in page_without_tokens(client, path)


def test_an_edit_and_a_rename_show_at_once(client, busy_thread):
    client.force_login(UserFactory())
    path = busy_thread.get_absolute_url() + "?page=1"
    page_without_tokens(client, path)
    services.edit_post(post=busy_thread.opening_post, editor=busy_thread.author, body="Edited words")
    busy_thread.author.display_name = "Renamed Author"
    busy_thread.author.save()
    page = page_without_tokens(client, path)
    assert "Edited words" in page and "Renamed Author" in page and "Opening Author" not in page


def test_a_hidden_post_disappears_from_the_cachedpage_without_tokens(client, busy_thread):
    client.force_login(UserFactory())
    path = busy_thread.get_absolute_url() + "?page=1"
    assert "Reply number 1" in page_without_tokens(client, path)
    post = busy_thread.posts.get(body="Reply number 1")
    entry = moderation_services.flag_post(post, UserFactory(), FlagReason.SPAM, "").entry
    moderation_services.hide_post(entry, ModeratorFactory(), "Spam")
    assert "Reply number 1" not in page_without_tokens(client, path)


def test_each_member_gets_their_own_csrf_token_in_cached_forms(busy_thread):
    path = busy_thread.get_absolute_url() + "?page=1"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(UserFactory())
    member = UserFactory()
    second.force_login(member)
    first.get(path)
    page = second.get(path).content.decode()
    assert "haven-csrf-placeholder" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = second.post(
        reverse("forum:react", args=[busy_thread.opening_post_id]),
        {"kind": "helpful", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Reaction.objects.filter(user=member, kind="helpful").exists()


def _submission_key(page: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', page).group(1)


def test_every_view_of_the_reply_composer_gets_a_fresh_submission_key(busy_thread, member_client):
    path = busy_thread.get_absolute_url() + "?page=1"
    first, second = member_client.get(path).content.decode(), member_client.get(path).content.decode()
    assert "haven-submission-key-placeholder" not in first + second
    assert _submission_key(first) != _submission_key(second)


def test_the_cached_composer_posts_a_reply(busy_thread, member_client, member):
    page = member_client.get(busy_thread.get_absolute_url() + "?page=1").content.decode()
    response = member_client.post(
        reverse("forum:reply", args=[busy_thread.pk]),
        {"body": "Thank you for writing this.", "submission_key": _submission_key(page)},
    )
    assert response.status_code == 302
    assert busy_thread.posts.filter(author=member, body="Thank you for writing this.").exists()


# --- The site header ------------------------------------------------------------------------------


def test_a_new_notification_counts_in_the_cached_header_at_once(member_client, member):
    from forum.models import Notification

    member_client.get(reverse("forum:latest"))
    Notification.objects.create(
        recipient=member, kind=Notification.Kind.MENTION, message="You were mentioned"
    )
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert '1<span class="visually-hidden"> unread</span>' in page


def test_a_rename_shows_in_the_cached_header_at_once(member_client, member):
    member_client.get(reverse("forum:latest"))
    member.display_name = "Calmer Name"
    member.save()
    assert "</span>Calmer Name</summary>" in member_client.get(reverse("forum:latest")).content.decode()


def test_a_moderators_cached_header_counts_a_new_flag_at_once(client, busy_thread):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    client.get(reverse("forum:latest"))
    moderation_services.flag_post(busy_thread.opening_post, UserFactory(), FlagReason.SPAM, "")
    page = client.get(reverse("forum:latest")).content.decode()
    assert '1<span class="visually-hidden"> open items</span>' in page


def test_the_logout_form_in_the_cached_header_carries_each_members_own_token():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(UserFactory())
    second.force_login(UserFactory())
    first.get(reverse("forum:latest"))
    page = second.get(reverse("forum:latest")).content.decode()
    token = re.search(
        r'action="/accounts/logout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        page,
    )
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session
