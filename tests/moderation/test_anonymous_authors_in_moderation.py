"""Moderating an anonymous post never names its author: not in the audit log, not in a member's
moderation history, not in the queue, an appeal or the admin. Revealing the author, with a reason
and the password again, stays the only way to learn who wrote it."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services as forum_services
from forum.models import Post
from moderation import services
from moderation.models import CrisisOutcome, FlagReason, ModerationAction
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db

SECRET_NAME = "Quillon Vesper"


@pytest.fixture
def secret_author():
    return UserFactory(display_name=SECRET_NAME)


@pytest.fixture
def anonymous_reply(thread, secret_author):
    return forum_services.reply(
        thread=thread, author=secret_author, body="Words I can't sign", anonymous=True
    )


@pytest.fixture
def anonymous_entry(anonymous_reply):
    return services.flag_post(anonymous_reply, UserFactory(), FlagReason.HARASSMENT, "Unkind").entry


@pytest.fixture
def anonymous_crisis_entry(anonymous_reply):
    return services.flag_post(anonymous_reply, UserFactory(), FlagReason.CRISIS, "Worried").entry


@pytest.fixture
def other_moderator_client():
    """A second moderator, who never revealed anything, reading the moderation pages."""
    client = Client()
    client.force_login(ModeratorFactory())
    return client


ACTIONS_ON_THE_ENTRY = {
    "approve": lambda entry, moderator: services.approve(entry, moderator, "Fine as it is"),
    "hide": lambda entry, moderator: services.hide_post(entry, moderator, "Unkind"),
    "redact": lambda entry, moderator: services.redact_post(entry, moderator, "Kinder words", "Tone"),
    "delete": lambda entry, moderator: services.delete_post(entry, moderator, "Unkind"),
    "warn": lambda entry, moderator: services.warn_author(entry, moderator, "Please be kind"),
    "lock": lambda entry, moderator: services.set_thread_locked(
        entry.post.thread, moderator, True, "Cooling off", entry=entry
    ),
}


@pytest.mark.parametrize("action", ["approve", "hide", "redact", "delete", "warn"])
def test_an_action_on_an_anonymous_post_records_no_member(action, anonymous_entry, moderator):
    ACTIONS_ON_THE_ENTRY[action](anonymous_entry, moderator)
    recorded = ModerationAction.objects.get(entry=anonymous_entry)
    assert recorded.member_id is None
    assert recorded.post_id == anonymous_entry.post_id


@pytest.mark.parametrize("action", ACTIONS_ON_THE_ENTRY)
def test_the_audit_log_does_not_name_an_anonymous_author(
    action, anonymous_entry, moderator, other_moderator_client
):
    ACTIONS_ON_THE_ENTRY[action](anonymous_entry, moderator)
    page = other_moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert SECRET_NAME not in page


def test_the_audit_log_says_an_action_concerned_an_anonymous_member(
    anonymous_entry, moderator, other_moderator_client
):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    page = other_moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert "Anonymous member" in page


def test_closing_a_crisis_on_an_anonymous_post_records_no_member(anonymous_crisis_entry, moderator):
    services.close_crisis_entry(anonymous_crisis_entry, moderator, CrisisOutcome.SHARED_RESOURCES)
    assert ModerationAction.objects.get(entry=anonymous_crisis_entry).member_id is None


def test_moving_an_anonymous_thread_records_no_member(secret_author, category, moderator):
    thread = forum_services.create_thread(
        author=secret_author, category=category, title="Unsigned", body="Words", anonymous=True
    )
    services.move_thread(thread, moderator, CategoryFactory(), "Better there")
    assert ModerationAction.objects.get(thread=thread).member_id is None


def test_the_authors_moderation_history_leaves_out_their_anonymous_posts(
    anonymous_entry, secret_author, moderator, other_moderator_client
):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    page = other_moderator_client.get(reverse("moderation:member", args=[secret_author.pk])).content.decode()
    assert "Hid a post" not in page
    assert "No earlier moderation actions." in page


def test_earlier_actions_on_a_named_post_do_not_count_the_anonymous_ones(
    anonymous_entry, secret_author, thread, moderator
):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    named = forum_services.reply(thread=thread, author=secret_author, body="Signed words")
    entry = services.flag_post(named, UserFactory(), FlagReason.OTHER, "Odd").entry
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("moderation:entry", args=[entry.pk])).content.decode()
    assert "0 earlier moderation actions" in page


def test_a_warning_from_an_anonymous_post_still_reaches_its_author(anonymous_entry, secret_author, moderator):
    services.warn_author(anonymous_entry, moderator, "Please be kind")
    assert secret_author.notifications.filter(message__contains="Please be kind").exists()


def test_revealing_is_the_one_recorded_way_to_name_the_author(
    anonymous_entry, secret_author, moderator, other_moderator_client
):
    services.reveal_author(anonymous_entry, moderator, "Safety check needed")
    reveal = ModerationAction.objects.get(kind=ModerationAction.Kind.REVEAL_AUTHOR)
    assert reveal.member_id == secret_author.pk
    assert reveal.reason == "Safety check needed"


def test_an_appeal_against_hiding_an_anonymous_post_does_not_name_its_author(
    anonymous_entry, secret_author, moderator, other_moderator_client
):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    post = Post.objects.get(pk=anonymous_entry.post_id)
    appeal = services.appeal_hidden_post(post, secret_author, "Please look again")
    queue = other_moderator_client.get(reverse("moderation:queue")).content.decode()
    entry_page = other_moderator_client.get(
        reverse("moderation:entry", args=[appeal.queue_entry.pk])
    ).content.decode()
    for page in (queue, entry_page):
        assert "Please look again" in page
        assert SECRET_NAME not in page


def test_deciding_an_appeal_on_an_anonymous_post_records_no_member(anonymous_entry, secret_author, moderator):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    post = Post.objects.get(pk=anonymous_entry.post_id)
    appeal = services.appeal_hidden_post(post, secret_author, "Please look again")
    services.decide_appeal(appeal.queue_entry, moderator, overturn=True, reason="On reflection, fine")
    decision = ModerationAction.objects.get(kind=ModerationAction.Kind.APPEAL_OVERTURNED)
    assert decision.member_id is None


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def test_the_admin_post_list_does_not_name_an_anonymous_author(staff_client, anonymous_reply):
    page = staff_client.get(reverse("admin:forum_post_changelist")).content.decode()
    assert SECRET_NAME not in page
    assert "Anonymous member" in page


def test_the_admin_post_page_does_not_name_an_anonymous_author(staff_client, anonymous_reply, secret_author):
    response = staff_client.get(reverse("admin:forum_post_change", args=[anonymous_reply.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET_NAME not in page
    assert f'value="{secret_author.pk}"' not in page


def test_the_admin_cannot_filter_posts_by_author(staff_client, anonymous_reply, secret_author):
    assert str(anonymous_reply.pk) in _result_ids(staff_client.get(reverse("admin:forum_post_changelist")))
    response = staff_client.get(
        reverse("admin:forum_post_changelist"), {"author__id__exact": secret_author.pk}
    )
    assert str(anonymous_reply.pk) not in _result_ids(response)


def test_the_admin_thread_list_does_not_name_an_anonymous_author(staff_client, secret_author, category):
    forum_services.create_thread(
        author=secret_author, category=category, title="Unsigned", body="Words", anonymous=True
    )
    page = staff_client.get(reverse("admin:forum_thread_changelist")).content.decode()
    assert "Unsigned" in page
    assert SECRET_NAME not in page


def test_the_admin_audit_log_does_not_name_an_anonymous_author(staff_client, anonymous_entry, moderator):
    services.hide_post(anonymous_entry, moderator, "Unkind")
    page = staff_client.get(reverse("admin:moderation_moderationaction_changelist")).content.decode()
    assert SECRET_NAME not in page


def _result_ids(response) -> list[str]:
    """The ids the admin change list shows (its `cl` context), or none if it refused the filter."""
    if response.status_code != 200 or response.context is None or "cl" not in response.context:
        return []
    return [str(obj.pk) for obj in response.context["cl"].result_list]


def test_the_migration_clears_authors_from_earlier_entries_about_anonymous_posts(
    anonymous_reply, secret_author, thread, moderator
):
    """Entries written before the fix named the author; the migration forgets them (reveals stay)."""
    from importlib import import_module

    from django.db import connection, transaction

    migration = import_module("moderation.migrations.0007_audit_log_forgets_anonymous_authors")
    named_post = forum_services.reply(thread=thread, author=secret_author, body="Signed words")
    old_style = ModerationAction.objects.create(
        actor=moderator,
        kind=ModerationAction.Kind.HIDE,
        reason="Unkind",
        member=secret_author,
        post=anonymous_reply,
    )
    reveal = ModerationAction.objects.create(
        actor=moderator, kind=ModerationAction.Kind.REVEAL_AUTHOR, reason="Safety", member=secret_author,
        post=anonymous_reply,
    )  # fmt: skip
    named = ModerationAction.objects.create(
        actor=moderator,
        kind=ModerationAction.Kind.HIDE,
        reason="Unkind",
        member=secret_author,
        post=named_post,
    )
    with connection.cursor() as cursor:
        cursor.execute(migration.FORGET_ANONYMOUS_AUTHORS)
    members = dict(
        ModerationAction.objects.filter(pk__in=[old_style.pk, reveal.pk, named.pk]).values_list(
            "pk", "member"
        )
    )
    assert members == {old_style.pk: None, reveal.pk: secret_author.pk, named.pk: secret_author.pk}
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_moderationaction SET reason = 'changed'")
