"""Circle content is invisible to non-members everywhere, through the one visibility rule."""

import pytest
from django.core import mail
from django.urls import reverse

from conversations import services as conversation_services
from forum import member_services, services
from forum.models import Category, Post, Thread
from moderation import services as moderation_services
from moderation.models import FlagReason, ModerationAction, QueueEntry
from orgs import services as org_services
from tests.factories import (
    CategoryFactory,
    ModeratorFactory,
    SettledMemberFactory,
    UserFactory,
    add_to_circle,
)
from tests.orgs.conftest import SECRET, client_for

pytestmark = pytest.mark.django_db


def test_members_read_their_circles_categories(insider, circle_category):
    assert circle_category in Category.objects.readable_by(insider)


def test_non_members_do_not_read_a_circles_categories(outsider, circle_category):
    assert circle_category not in Category.objects.readable_by(outsider)


def test_site_moderators_do_not_read_a_circles_categories(moderator, circle_category):
    assert circle_category not in Category.objects.readable_by(moderator)


def test_visitors_do_not_read_a_circles_categories(circle_category):
    from django.contrib.auth.models import AnonymousUser

    assert circle_category not in Category.objects.readable_by(AnonymousUser())


def test_global_categories_stay_readable_by_everyone(outsider, category):
    assert category in Category.objects.readable_by(outsider)


def test_circle_threads_are_visible_to_members_only(insider, outsider, moderator, circle_thread):
    assert Thread.objects.visible_to(insider).filter(pk=circle_thread.pk).exists()
    assert not Thread.objects.visible_to(outsider).filter(pk=circle_thread.pk).exists()
    assert not Thread.objects.visible_to(moderator).filter(pk=circle_thread.pk).exists()


def test_circle_posts_are_invisible_to_non_members(outsider, circle_thread):
    assert not Post.objects.visible_to(outsider).filter(thread=circle_thread).exists()


def test_the_thread_page_is_not_found_for_non_members(outsider, circle_thread):
    response = client_for(outsider).get(circle_thread.get_absolute_url())
    assert response.status_code == 404


def test_the_thread_page_opens_for_members(insider, circle_thread):
    response = client_for(insider).get(circle_thread.get_absolute_url())
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_the_category_page_is_not_found_for_non_members(outsider, circle_category):
    assert client_for(outsider).get(circle_category.get_absolute_url()).status_code == 404


def test_latest_leaves_circle_threads_out_for_non_members(outsider, circle_thread, thread):
    page = client_for(outsider).get(reverse("forum:latest")).content.decode()
    assert SECRET not in page
    assert thread.title in page


def test_latest_shows_circle_threads_to_members_with_the_circle_named(insider, circle_thread, circle):
    page = client_for(insider).get(reverse("forum:latest")).content.decode()
    assert SECRET in page
    assert f'<span class="circle-mark">{circle.name}</span>' in page


def test_the_new_tab_leaves_circle_threads_out_for_non_members(outsider, circle_thread):
    page = client_for(outsider).get(reverse("forum:new")).content.decode()
    assert SECRET not in page


def test_search_never_finds_circle_posts_for_non_members(outsider, circle_thread):
    page = client_for(outsider).get(reverse("forum:search"), {"q": SECRET}).content.decode()
    assert SECRET not in page.replace(f'value="{SECRET}"', "")


def test_search_finds_circle_posts_for_members(insider, circle_thread):
    page = client_for(insider).get(reverse("forum:search"), {"q": SECRET}).content.decode()
    assert "Hard night" in page


def test_non_members_mentioned_in_a_circle_are_not_notified(insider, outsider, circle_thread):
    services.reply(thread=circle_thread, author=insider, body=f"@{outsider.display_name} {SECRET}")
    assert not outsider.notifications.exists()


def test_non_members_cannot_start_threads_in_a_circle(outsider, circle_category):
    assert circle_category not in Category.objects.postable_by(outsider)


def test_members_can_start_threads_in_their_circle(insider, circle_category):
    assert circle_category in Category.objects.postable_by(insider)


def test_profiles_of_circle_members_show_circle_posts_to_members_only(insider, outsider, circle_thread):
    url = reverse("accounts:profile", args=[insider.pk])
    assert SECRET not in client_for(outsider).get(url).content.decode()
    other_insider = UserFactory()
    add_to_circle(circle_thread.category.circle, other_insider)
    assert SECRET in client_for(other_insider).get(url).content.decode()


def test_a_members_own_export_keeps_their_circle_posts(insider, circle_thread):
    data = member_services.member_data(insider)
    assert any(SECRET in post["body"] for post in data["posts"])


def test_a_removed_members_export_leaves_out_circle_bookmarks(insider, circle, circle_thread, org_admin):
    reader = UserFactory()
    membership = add_to_circle(circle, reader)
    services.toggle_bookmark(member=reader, thread=circle_thread)
    org_services.remove_member(membership, org_admin)
    data = member_services.member_data(reader)
    assert SECRET not in str(data)


def test_bookmarks_of_a_removed_member_no_longer_list_the_circle_thread(circle, circle_thread, org_admin):
    reader = UserFactory()
    membership = add_to_circle(circle, reader)
    services.toggle_bookmark(member=reader, thread=circle_thread)
    org_services.remove_member(membership, org_admin)
    assert SECRET not in client_for(reader).get(reverse("forum:bookmarks")).content.decode()


def test_a_removed_member_loses_notifications_about_the_circle(insider, circle, circle_thread, org_admin):
    reader = UserFactory()
    membership = add_to_circle(circle, reader)
    services.set_thread_subscription(member=reader, thread=circle_thread, level="following")
    services.reply(thread=circle_thread, author=insider, body="More words")
    assert reader.notifications.count() == 1
    org_services.remove_member(membership, org_admin)
    assert reader.notifications.count() == 0


def test_a_removed_member_hears_nothing_new_about_the_circle(insider, circle, circle_thread, org_admin):
    reader = UserFactory()
    membership = add_to_circle(circle, reader)
    services.set_thread_subscription(member=reader, thread=circle_thread, level="following")
    org_services.remove_member(membership, org_admin)
    mail.outbox.clear()
    services.reply(thread=circle_thread, author=insider, body=f"@{reader.display_name} {SECRET}")
    assert not reader.notifications.exists()
    assert not any(reader.email in message.to for message in mail.outbox)


def test_pending_email_about_a_circle_is_not_sent_after_the_member_loses_access(
    insider, circle, circle_thread
):
    from forum.notifications import deliver_due_emails
    from orgs.models import CircleMembership

    reader = UserFactory()
    add_to_circle(circle, reader)
    services.set_thread_subscription(member=reader, thread=circle_thread, level="following")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("forum.notifications.schedule_email_delivery", lambda member: None)
        services.reply(thread=circle_thread, author=insider, body="More words")
    # Ended without the service (as a raw update would): the send-time check still holds.
    CircleMembership.objects.filter(member=reader).update(ended_at="2026-01-01T00:00:00Z")
    reader.refresh_from_db()
    mail.outbox.clear()
    assert deliver_due_emails(reader) == 0
    assert mail.outbox == []


def test_site_moderators_queue_leaves_circle_entries_out(moderator, insider, circle_thread):
    flagger = UserFactory()
    add_to_circle(circle_thread.category.circle, flagger)
    entry = moderation_services.flag_post(circle_thread.opening_post, flagger, FlagReason.HARASSMENT).entry
    assert not QueueEntry.objects.moderated_by(moderator).filter(pk=entry.pk).exists()
    page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert SECRET not in page
    assert client_for(moderator).get(reverse("moderation:entry", args=[entry.pk])).status_code == 404


def test_circle_moderators_queue_holds_their_circles_entries(circle_moderator, circle_thread):
    flagger = UserFactory()
    add_to_circle(circle_thread.category.circle, flagger)
    entry = moderation_services.flag_post(circle_thread.opening_post, flagger, FlagReason.HARASSMENT).entry
    response = client_for(circle_moderator).get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert client_for(circle_moderator).get(reverse("moderation:entry", args=[entry.pk])).status_code == 200


def test_circle_moderators_queue_leaves_site_entries_out(circle_moderator, thread, other_member):
    entry = moderation_services.flag_post(thread.opening_post, other_member, FlagReason.SPAM).entry
    assert not QueueEntry.objects.moderated_by(circle_moderator).filter(pk=entry.pk).exists()


def test_circle_moderators_can_hide_a_post_in_their_circle(circle_moderator, circle_thread, insider):
    reply = services.reply(thread=circle_thread, author=UserFactory(), body="Unkind words")
    entry = moderation_services.flag_post(reply, insider, FlagReason.HARASSMENT).entry
    response = client_for(circle_moderator).post(
        reverse("moderation:act", args=[entry.pk]), {"action": "hide", "reason": "Unkind"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.state == Post.State.HIDDEN
    assert ModerationAction.objects.filter(post=reply, actor=circle_moderator).exists()


def test_circle_moderators_see_hidden_posts_in_their_circle_only(circle_moderator, circle_thread, thread):
    hidden = services.reply(thread=circle_thread, author=UserFactory(), body="hidden here")
    services.set_post_state(hidden, Post.State.HIDDEN)
    hidden_elsewhere = services.reply(thread=thread, author=UserFactory(), body="hidden there")
    services.set_post_state(hidden_elsewhere, Post.State.HIDDEN)
    visible = Post.objects.visible_to(circle_moderator)
    assert visible.filter(pk=hidden.pk).exists()
    assert not visible.filter(pk=hidden_elsewhere.pk).exists()


def test_circle_moderators_without_two_factor_are_sent_to_set_it_up(circle):
    moderator = UserFactory()
    add_to_circle(circle, moderator, role="moderator")
    response = client_for(moderator).get(reverse("moderation:queue"))
    assert response.url == reverse("mfa_activate_totp")


def test_circle_moderators_cannot_open_site_moderator_pages(circle_moderator, other_member):
    response = client_for(circle_moderator).get(reverse("moderation:member", args=[other_member.pk]))
    assert response.status_code == 403


def test_the_audit_log_of_site_moderators_leaves_circle_actions_out(
    circle_moderator, moderator, circle_thread
):
    reply = services.reply(thread=circle_thread, author=UserFactory(), body="x")
    entry = moderation_services.flag_post(reply, circle_moderator, FlagReason.SPAM).entry
    moderation_services.redact_post(entry, circle_moderator, "redacted", f"Spam {SECRET}")
    assert SECRET not in client_for(moderator).get(reverse("moderation:audit_log")).content.decode()
    assert SECRET in client_for(circle_moderator).get(reverse("moderation:audit_log")).content.decode()


def test_threads_never_move_into_or_out_of_a_circle(moderator, thread, circle_category):
    with pytest.raises(moderation_services.ModerationError):
        moderation_services.move_thread(thread, moderator, circle_category, "tidy")


def test_a_site_moderator_who_joins_a_circle_reads_it_as_a_member(moderator, circle, circle_thread):
    add_to_circle(circle, moderator)
    hidden = services.reply(thread=circle_thread, author=UserFactory(), body="hidden here")
    services.set_post_state(hidden, Post.State.HIDDEN)
    assert Thread.objects.visible_to(moderator).filter(pk=circle_thread.pk).exists()
    assert not Post.objects.visible_to(moderator).filter(pk=hidden.pk).exists()


def test_a_site_moderator_still_moderates_global_categories(moderator, thread):
    hidden = services.reply(thread=thread, author=UserFactory(), body="hidden")
    services.set_post_state(hidden, Post.State.HIDDEN)
    assert Post.objects.visible_to(moderator).filter(pk=hidden.pk).exists()


def test_notifications_page_leaves_out_circles_the_member_left(insider, circle, circle_thread):
    from forum.models import Notification

    reader = UserFactory()
    membership = add_to_circle(circle, reader)
    Notification.objects.create(
        recipient=reader, kind="reply", message=f"About {SECRET}", post=circle_thread.opening_post
    )
    from orgs.models import CircleMembership

    CircleMembership.objects.filter(pk=membership.pk).update(ended_at="2026-01-01T00:00:00Z")
    assert SECRET not in client_for(reader).get(reverse("forum:notifications")).content.decode()


def test_crisis_emails_about_a_circle_post_go_to_its_moderators(
    circle_moderator, moderator, circle_thread, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    mail.outbox.clear()
    flagger = UserFactory()
    add_to_circle(circle_thread.category.circle, flagger)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.flag_post(circle_thread.opening_post, flagger, FlagReason.CRISIS)
    recipients = {address for message in mail.outbox for address in message.to}
    assert circle_moderator.email in recipients
    assert moderator.email not in recipients


def test_a_global_category_with_the_same_look_is_unaffected(outsider):
    open_category = CategoryFactory()
    assert open_category in Category.objects.postable_by(outsider)
    assert ModeratorFactory()  # site moderators exist alongside circles


def test_a_circle_members_thread_page_takes_the_same_seven_queries(
    insider, circle_thread, django_assert_num_queries
):
    client = client_for(insider)
    client.get(circle_thread.get_absolute_url())
    with django_assert_num_queries(
        5 + 2
    ):  # as tests/forum/test_thread_page.py, the circles in the member's row
        assert client.get(circle_thread.get_absolute_url(), {"page": 1}).status_code == 200


def test_a_circle_members_latest_list_stays_at_its_query_count(
    insider, circle_thread, thread, django_assert_max_num_queries
):
    client = client_for(insider)
    client.get(reverse("forum:latest"))
    with django_assert_max_num_queries(4 + 2):  # as tests/forum/test_thread_lists.py
        assert client.get(reverse("forum:latest")).status_code == 200


def test_a_circle_category_page_stays_at_its_query_count(
    insider, circle_thread, circle_category, django_assert_max_num_queries
):
    client = client_for(insider)
    client.get(circle_category.get_absolute_url())
    with django_assert_max_num_queries(5 + 2):  # as tests/forum/test_thread_lists.py
        assert client.get(circle_category.get_absolute_url()).status_code == 200


def test_circle_moderators_see_the_state_of_a_waiting_post_in_their_circle(circle_moderator, circle_thread):
    waiting = services.reply(thread=circle_thread, author=UserFactory(), body="waiting here")
    services.set_post_state(waiting, Post.State.PENDING)
    page = client_for(circle_moderator).get(circle_thread.get_absolute_url()).content.decode()
    assert f'<span class="mod-marker">{Post.State.PENDING.label}</span>' in page


def test_site_moderators_see_no_state_marker_on_a_circle_post_they_read_as_members(
    moderator, circle, circle_thread
):
    add_to_circle(circle, moderator)
    waiting = services.reply(thread=circle_thread, author=UserFactory(), body="waiting here")
    services.set_post_state(waiting, Post.State.HIDDEN)
    page = client_for(moderator).get(circle_thread.get_absolute_url()).content.decode()
    assert "mod-marker" not in page


def _links_on(client, url):
    import re

    page = client.get(url).content.decode()
    return set(re.findall(r'href="(/[^"#?]*)', page)) | set(re.findall(r'action="(/[^"#?]*)', page))


def test_every_moderation_link_a_circle_moderator_is_shown_opens_for_them(circle_moderator, circle_thread):
    flagger = UserFactory()
    add_to_circle(circle_thread.category.circle, flagger)
    entry = moderation_services.flag_post(circle_thread.opening_post, flagger, FlagReason.CRISIS).entry
    client = client_for(circle_moderator)
    pages = [
        reverse("moderation:queue"),
        reverse("moderation:crisis_queue"),
        reverse("moderation:entry", args=[entry.pk]),
    ]
    links = set().union(*(_links_on(client, page) for page in pages))
    moderation_links = sorted(link for link in links if link.startswith("/moderation/"))
    assert moderation_links  # the pages link to entries and to each other
    refused = [link for link in moderation_links if client.get(link).status_code == 403]
    assert refused == []


def test_circle_moderators_can_reveal_an_anonymous_author_in_their_circle(
    circle_moderator, circle_category, insider
):
    from tests.factories import mark_recently_reauthenticated

    circle = circle_category.circle
    thread = services.create_thread(
        author=insider, category=circle_category, title="Heavy night", body="Too much tonight", anonymous=True
    )
    flagger = UserFactory()
    add_to_circle(circle, flagger)
    entry = moderation_services.flag_post(thread.opening_post, flagger, FlagReason.CRISIS).entry
    client = client_for(circle_moderator)
    mark_recently_reauthenticated(client, circle_moderator)
    response = client.post(
        reverse("moderation:reveal", args=[entry.pk]), {"reason": "Safety check"}, follow=True
    )
    assert f"The author is {insider.display_name}" in response.content.decode()
    assert ModerationAction.objects.filter(
        kind=ModerationAction.Kind.REVEAL_AUTHOR, actor=circle_moderator
    ).exists()


def test_a_circle_moderators_queue_link_leaves_out_reports_about_private_conversations(
    circle_moderator, circle_thread
):
    reporter, other = SettledMemberFactory(), SettledMemberFactory()
    conversation = conversation_services.send_message(other, reporter, "Hello").message.conversation
    conversation_services.report_conversation(conversation, reporter, "")

    page = client_for(circle_moderator).get(reverse("forum:latest")).content.decode()

    assert "open items</span>" not in page
