"""Every queue action: its effect, what the member is told, and its audit-log entry."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services as forum_services
from forum.models import Notification, Post, Thread
from moderation.models import Flag, ModerationAction, QueueEntry
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def _act(client, entry, action, reason="Checked by a moderator", **extra):
    return client.post(
        reverse("moderation:act", args=[entry.pk]), {"action": action, "reason": reason, **extra}
    )


def _audit(kind):
    return ModerationAction.objects.get(kind=kind)


def test_approve_dismisses_flags_and_resolves(moderator_client, moderator, flagged_entry):
    _act(moderator_client, flagged_entry, "approve", reason="Not unkind in context")
    flagged_entry.refresh_from_db()
    assert flagged_entry.resolved_by == moderator
    assert list(Flag.objects.values_list("status", flat=True)) == ["dismissed"]
    entry = _audit("dismiss_flags")
    assert (entry.actor, entry.reason, entry.post) == (moderator, "Not unkind in context", flagged_entry.post)
    assert entry.before == {"state": "published"} and entry.after == {"state": "published"}


def test_approve_republishes_an_auto_hidden_post(moderator_client, flagged_entry):
    post = flagged_entry.post
    forum_services.set_post_state(post, Post.State.AUTO_HIDDEN)
    _act(moderator_client, flagged_entry, "approve")
    post.refresh_from_db()
    assert post.state == Post.State.PUBLISHED
    assert _audit("dismiss_flags").before == {"state": "auto_hidden"}


def test_hide_hides_the_post_and_tells_the_author_why(moderator_client, flagged_entry, reader_client):
    post = flagged_entry.post
    _act(moderator_client, flagged_entry, "hide", reason="Please keep it kind")
    post.refresh_from_db()
    assert post.state == Post.State.HIDDEN
    assert post.hidden_reason == "Please keep it kind"
    assert Notification.objects.get(recipient=post.author).message.endswith("Please keep it kind")
    assert _audit("hide").after == {"state": "hidden", "hidden_reason": "Please keep it kind"}
    assert list(Flag.objects.values_list("status", flat=True)) == ["upheld"]
    assert (
        "A reply that worries someone"
        not in reader_client.get(post.thread.get_absolute_url()).content.decode()
    )


def test_author_sees_the_hidden_post_with_the_reason_and_an_appeal_link(moderator_client, flagged_entry):
    post = flagged_entry.post
    _act(moderator_client, flagged_entry, "hide", reason="Please keep it kind")
    author = Client()
    author.force_login(post.author)
    page = author.get(post.thread.get_absolute_url()).content.decode()
    assert "A moderator hid this post from other members: Please keep it kind" in page
    assert reverse("moderation:appeal_post", args=[post.pk]) in page


def test_redact_keeps_the_revision_and_marks_the_edit(
    moderator_client, moderator, flagged_entry, reader_client
):
    post = flagged_entry.post
    _act(moderator_client, flagged_entry, "redact", reason="Removed a name", body="A reply, [redacted]")
    post.refresh_from_db()
    assert post.body == "A reply, [redacted]"
    assert post.edited_by_moderator
    assert post.revisions.get().body == "A reply that worries someone"
    assert post.revisions.get().replaced_by == moderator
    assert _audit("edit").before["body"] == "A reply that worries someone"
    assert "edited by a moderator" in reader_client.get(post.thread.get_absolute_url()).content.decode()


def test_redact_with_an_empty_body_does_nothing(moderator_client, flagged_entry):
    _act(moderator_client, flagged_entry, "redact", body="  ")
    flagged_entry.refresh_from_db()
    assert flagged_entry.is_open
    assert not ModerationAction.objects.exists()


def test_delete_soft_deletes_with_a_moderator_placeholder(moderator_client, flagged_entry, reader_client):
    post = flagged_entry.post
    forum_services.reply(thread=post.thread, author=post.thread.author, body="answer", parent=post)
    _act(moderator_client, flagged_entry, "delete", reason="Advertising")
    post.refresh_from_db()
    assert post.is_deleted and post.deleted_by_moderator
    page = reader_client.get(post.thread.get_absolute_url()).content.decode()
    assert "This post was removed by a moderator." in page
    assert _audit("delete").after == {"is_deleted": True}


def test_lock_and_unlock_the_thread(moderator_client, flagged_entry):
    thread = flagged_entry.post.thread
    _act(moderator_client, flagged_entry, "lock", reason="Cooling off")
    thread.refresh_from_db()
    assert thread.is_locked
    assert _audit("lock").after == {"is_locked": True}
    _act(moderator_client, flagged_entry, "unlock", reason="Calmer now")
    thread.refresh_from_db()
    assert not thread.is_locked
    flagged_entry.refresh_from_db()
    assert flagged_entry.is_open  # locking does not close the review


def test_locking_twice_is_refused_and_logged_once(moderator_client, flagged_entry):
    _act(moderator_client, flagged_entry, "lock")
    _act(moderator_client, flagged_entry, "lock")
    assert ModerationAction.objects.filter(kind="lock").count() == 1


def test_move_thread_moves_counters_too(moderator_client, flagged_entry):
    thread = flagged_entry.post.thread
    old, new = thread.category, CategoryFactory(name="Supervision")
    _act(moderator_client, flagged_entry, "move", category=new.pk, reason="Better fit")
    thread.refresh_from_db()
    old.refresh_from_db()
    new.refresh_from_db()
    assert thread.category == new
    assert (old.thread_count, new.thread_count) == (0, 1)
    assert (old.post_count, new.post_count) == (0, 2)
    assert _audit("move").before == {"category": old.name}
    assert _audit("move").after == {"category": "Supervision"}


def test_warn_sends_the_member_a_notice(moderator_client, flagged_entry):
    author = flagged_entry.post.author
    _act(moderator_client, flagged_entry, "warn", reason="Please read the guidelines on kindness")
    notice = Notification.objects.get(recipient=author)
    assert "Please read the guidelines on kindness" in notice.message
    assert _audit("warn").member == author


def test_an_action_without_a_reason_does_nothing(moderator_client, flagged_entry):
    response = _act(moderator_client, flagged_entry, "hide", reason="")
    assert response.status_code == 302
    flagged_entry.post.refresh_from_db()
    assert flagged_entry.post.state == Post.State.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_a_handled_entry_cannot_be_handled_again(moderator_client, flagged_entry):
    _act(moderator_client, flagged_entry, "approve")
    response = _act(moderator_client, flagged_entry, "hide")
    assert "already handled by Rowan" in moderator_client.get(response.url).content.decode()
    flagged_entry.post.refresh_from_db()
    assert flagged_entry.post.state == Post.State.PUBLISHED
    assert ModerationAction.objects.count() == 1


def test_approving_a_thread_awaiting_review_lists_it(moderator_client, category):
    from tests.factories import UserFactory, make_thread

    newcomer = UserFactory(is_trusted=False)
    thread = make_thread(author=newcomer, category=category)
    assert Thread.objects.get(pk=thread.pk).is_hidden
    entry = QueueEntry.objects.get(post=thread.opening_post)
    _act(moderator_client, entry, "approve")
    thread.refresh_from_db()
    category.refresh_from_db()
    assert not thread.is_hidden
    assert category.thread_count == 1


def test_the_audit_log_names_an_approval_as_one(moderator_client, category):
    from tests.factories import UserFactory, make_thread

    thread = make_thread(author=UserFactory(is_trusted=False), category=category)
    _act(moderator_client, QueueEntry.objects.get(post=thread.opening_post), "approve")
    page = moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert "<td>Approved a waiting post</td>" in page


def test_the_audit_log_names_dismissed_flags_apart_from_approvals(moderator_client, flagged_entry):
    _act(moderator_client, flagged_entry, "dismiss")
    page = moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert "<td>Dismissed flags</td>" in page
