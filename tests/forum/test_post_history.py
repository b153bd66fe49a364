"""A post's edit history: what changed between each version and the next, for its author and the
moderators only (permissions.can_see_revisions)."""

import pytest
from django.urls import reverse

from forum import services
from forum.selectors import post_history
from tests.factories import UserFactory, give_totp, make_thread

pytestmark = pytest.mark.django_db


def _history(client, post):
    return client.get(reverse("forum:post_history", args=[post.pk]))


def _edit(post, author, body, title=None):
    services.edit_post(post=post, editor=author, body=body, title=title)
    post.refresh_from_db()


def test_a_change_shows_the_removed_and_the_added_words(member_client, member, thread):
    post = thread.opening_post
    _edit(post, member, "Opening post, rewritten")
    page = _history(member_client, post).content.decode()
    assert '<del class="diff-removed"><span class="visually-hidden">Removed: </span> body</del>' in page
    assert '<ins class="diff-added"><span class="visually-hidden">Added: </span>, rewritten</ins>' in page


def test_each_edit_is_compared_with_the_version_before_it(member, thread):
    post = thread.opening_post
    _edit(post, member, "second words")
    _edit(post, member, "second words and third")
    steps = post_history(post)
    assert [step.added for step in steps] == [[" and third"], ["second words"]]  # newest change first
    assert [step.removed for step in steps] == [[], ["Opening post body"]]


def test_unchanged_text_is_shown_but_not_marked(member, thread):
    post = thread.opening_post
    _edit(post, member, "Opening post body, and more")
    [step] = post_history(post)
    assert [(segment.kind, segment.text) for segment in step.body] == [
        ("same", "Opening post body"),
        ("added", ", and more"),
    ]


def test_a_changed_title_is_compared_too(member_client, member, thread):
    post = thread.opening_post
    _edit(post, member, post.body, title="Carrying it all home")
    [step] = post_history(post)
    assert step.added == ["all "]
    assert "Title" in _history(member_client, post).content.decode()


def test_member_markup_in_a_revision_is_escaped(member_client, member, thread):
    post = thread.opening_post
    _edit(post, member, "<script>alert(1)</script> & more")
    page = _history(member_client, post).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_moderators_can_read_a_members_history(client, member, thread):
    post = thread.opening_post
    _edit(post, member, "Something they took back")
    client.force_login(give_totp(UserFactory(is_moderator=True)))
    response = _history(client, post)
    assert response.status_code == 200
    assert "Opening post body" in response.content.decode()


def test_other_members_cannot_read_the_history(client, member, other_member, thread):
    _edit(thread.opening_post, member, "Something they took back")
    client.force_login(other_member)
    assert _history(client, thread.opening_post).status_code == 403


def test_a_post_never_edited_has_no_changes(member_client, thread):
    assert "No earlier versions." in _history(member_client, thread.opening_post).content.decode()


def test_a_reply_has_no_title_to_compare(member, category):
    thread = make_thread(category=category, replies=1)
    reply = thread.posts.get(position=2)
    _edit(reply, reply.author, "Reply number one, edited")
    [step] = post_history(reply)
    assert step.title == []
