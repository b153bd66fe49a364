"""Finding one's way in a long thread: the jump control (first, a page picker, last, first unread)
and the keyboard shortcuts' help page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from forum import services
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db
PER_PAGE = settings.HAVEN_POSTS_PER_PAGE


@pytest.fixture
def long_thread(category):
    """Three pages of posts: 2 full and a half."""
    return make_thread(
        category=category, title="A long conversation", replies=PER_PAGE * 2 + PER_PAGE // 2 - 1
    )


def _jump(page: str) -> str:
    match = re.search(r'<nav class="thread-jump".*?</nav>', page, re.DOTALL)
    assert match, "no jump control"
    return match.group(0)


def test_a_long_thread_has_a_page_picker_as_long_as_the_thread(member_client, long_thread):
    jump = _jump(member_client.get(long_thread.get_absolute_url()).content.decode())
    assert 'name="page"' in jump
    assert 'max="3"' in jump
    assert f'action="{long_thread.get_absolute_url()}"' in jump


def test_the_jump_control_links_the_first_and_the_last_post(member_client, long_thread):
    jump = _jump(member_client.get(long_thread.get_absolute_url(), {"page": 2}).content.decode())
    assert f'href="{long_thread.get_absolute_url()}?page=1"' in jump
    assert f'href="{long_thread.get_absolute_url()}?page=3#post-{long_thread.last_post_id}"' in jump


def test_the_page_picker_opens_the_page_asked_for(member_client, long_thread):
    response = member_client.get(long_thread.get_absolute_url(), {"page": "3"})
    assert response.context["posts"][0].position == 2 * PER_PAGE + 1


def test_first_unread_leads_past_what_the_member_has_read(member_client, long_thread):
    page = member_client.get(long_thread.get_absolute_url(), {"page": 1}).content.decode()
    assert f'href="{long_thread.get_absolute_url()}?page=2#unread">First unread</a>' in _jump(page)


def test_first_unread_is_not_offered_once_everything_is_read(member_client, long_thread):
    page = member_client.get(long_thread.get_absolute_url(), {"page": 3}).content.decode()
    assert "First unread" not in _jump(page)


def test_first_unread_counts_posts_written_since(member_client, long_thread):
    member_client.get(long_thread.get_absolute_url(), {"page": 3})
    for _ in range(PER_PAGE):
        services.reply(thread=long_thread, author=UserFactory(), body="later")
    page = member_client.get(long_thread.get_absolute_url(), {"page": 1}).content.decode()
    assert '?page=3#unread">First unread</a>' in _jump(page)


def test_a_short_thread_has_no_jump_control(member_client, thread):
    assert 'class="thread-jump"' not in member_client.get(thread.get_absolute_url()).content.decode()


def test_the_thread_page_links_the_keyboard_shortcuts(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:shortcuts")}"' in page


def test_the_help_page_lists_the_shortcuts(client):
    page = client.get(reverse("forum:shortcuts")).content.decode()
    for key, action in [("j", "Next post"), ("k", "Previous post"), ("r", "Reply")]:
        assert re.search(rf"<kbd>{key}</kbd>\s*</th>\s*<td>{action}", page), key


def test_the_help_page_offers_to_turn_the_shortcuts_off(client):
    page = client.get(reverse("forum:shortcuts")).content.decode()
    assert 'id="shortcuts-enabled"' in page
