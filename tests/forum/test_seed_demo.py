import io

import pytest
from django.core.management import call_command
from django.db import models

from accounts.models import User
from forum.demo import content
from forum.models import Category, Notification, Post, Thread
from moderation.models import QueueEntry

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Category.objects.count(), Thread.objects.count(), Post.objects.count())


def test_seed_demo_creates_the_demo_community():
    call_command("seed_demo", stdout=io.StringIO())
    assert Category.objects.count() == len(content.CATEGORIES) + 1  # and the circle's
    assert Thread.objects.count() == len(content.THREADS) + 1
    assert User.objects.get(email=content.MODERATOR[0]).is_moderator
    sts = Thread.objects.get(title="My struggle with STS as a clinician")
    assert sts.reply_count == 4
    assert sts.posts.filter(parent__isnull=False).count() == 4


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_demo_members_can_log_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(
        "/accounts/login/", {"login": content.MEMBERS[0][0], "password": content.DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_scale_seeding_creates_threads_posts_and_consistent_counters():
    call_command("seed_demo", scale=12, posts_per_thread=5, members=20, stdout=io.StringIO())
    synthetic = Thread.objects.exclude(title__in=[t[2] for t in content.THREADS] + [content.CIRCLE_THREAD[1]])
    assert synthetic.count() == 12
    long_thread = synthetic.order_by("-post_count").first()
    assert long_thread.post_count == 301
    assert long_thread.posts.count() == 301
    for thread in synthetic:
        posts = list(thread.posts.order_by("position"))
        assert [p.position for p in posts] == list(range(1, thread.post_count + 1))
        assert thread.opening_post_id == posts[0].pk and thread.last_post_id == posts[-1].pk
        assert thread.reply_count == len(posts) - 1
    for category in Category.objects.all():
        assert category.thread_count == Thread.objects.filter(category=category).count()
    members = User.objects.filter(email__endswith="@bench.example")
    assert members.count() == 20
    assert sum(m.post_count for m in members) == Post.objects.filter(author__in=members).count()
    for post in Post.objects.filter(thread__in=synthetic, direct_reply_count__gt=0)[:20]:
        assert post.direct_reply_count == post.replies.count()


def test_scaled_thread_pages_work(member_client):
    call_command("seed_demo", scale=3, posts_per_thread=5, members=5, stdout=io.StringIO())
    long_thread = Thread.objects.order_by("-post_count").first()
    response = member_client.get(long_thread.get_absolute_url(), {"page": long_thread.page_count()})
    assert response.status_code == 200


def test_scale_seeding_notifies_authors_of_replies_and_fills_the_moderation_queue():
    call_command("seed_demo", scale=12, posts_per_thread=5, members=20, stdout=io.StringIO())
    synthetic = Thread.objects.exclude(title__in=[t[2] for t in content.THREADS] + [content.CIRCLE_THREAD[1]])
    answers = (
        Post.objects.filter(thread__in=synthetic, parent__isnull=False)
        .exclude(author=models.F("parent__author"))
        .select_related("parent")
    )
    notified = Notification.objects.filter(post__thread__in=synthetic, kind=Notification.Kind.REPLY)
    assert sorted(notified.values_list("post_id", "recipient_id")) == sorted(
        (post.pk, post.parent.author_id) for post in answers
    )
    assert QueueEntry.objects.open().filter(post__thread__in=synthetic).exists()


def test_seeding_outside_moderation_hours_still_publishes_everything(settings):
    import time_machine

    settings.HAVEN_MODERATION_HOURS = "Mon-Sun 08:00-20:00"
    settings.HAVEN_MODERATION_TIMEZONE = "UTC"
    with time_machine.travel("2026-11-23 03:00:00+00:00", tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Post.objects.exclude(state=Post.State.PUBLISHED).exists()


def test_the_demo_content_raises_no_safety_item():
    """The demo conversations talk about heavy work without a crisis, method detail or a client's details."""
    from moderation import safety

    threads = [thread[1:] for thread in content.THREADS] + [content.CIRCLE_THREAD]
    texts = [f"{title}\n\n{body}" for _author, title, body, _replies in threads]
    texts += [reply[1] for *_thread, replies in threads for reply in replies]
    screenings = {text[:60]: safety.screen_text(text, phrases=()) for text in texts}
    assert {
        start: s.as_json()
        for start, s in screenings.items()
        if s.crisis.is_crisis or s.method_detail or s.identifying
    } == {}


def test_seeding_the_demo_raises_no_queue_item():
    from moderation.models import QueueEntry

    call_command("seed_demo", stdout=io.StringIO())
    assert not QueueEntry.objects.filter(flags__flagged_by__isnull=True).exists()


def test_scale_seeded_members_carry_their_look_alike_keys():
    """bulk_create skips save(); the seeder fills the keys itself so a look-alike name is still refused."""
    from accounts import names

    call_command("seed_demo", scale=2, posts_per_thread=3, members=3, stdout=io.StringIO())
    member = User.objects.filter(email__endswith="@bench.example").first()
    assert (member.display_name_skeleton, member.display_name_cased_skeleton) == names.skeletons(
        member.display_name
    )


def test_background_tasks_do_not_fill_the_terminal():
    """Issue 24, item 6: `./haven run` shows the address, the logins and emails, not a line per task."""
    import logging

    assert logging.getLogger("django.tasks").getEffectiveLevel() >= logging.WARNING


def test_seeding_the_demo_emails_nobody(mailoutbox, django_capture_on_commit_callbacks):
    """The demo's conversations are history: `./haven run` prints the emails a person's actions
    send, not digests of the seeded replies (issue 24, item 6)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert mailoutbox == []


def test_seeding_the_demo_keeps_its_notifications_in_the_site():
    call_command("seed_demo", stdout=io.StringIO())
    assert Notification.objects.filter(kind=Notification.Kind.REPLY).exists()


def test_the_demo_circle_is_seen_only_by_its_members(client):
    call_command("seed_demo", stdout=io.StringIO())
    circle_thread = Thread.objects.get(title=content.CIRCLE_THREAD[1])
    for email in [content.CIRCLE_MODERATOR, *content.CIRCLE_MEMBERS]:
        assert Thread.objects.visible_to(User.objects.get(email=email)).filter(pk=circle_thread.pk).exists()
    outsider = User.objects.get(email=content.MEMBERS[1][0])
    assert not Thread.objects.visible_to(outsider).filter(pk=circle_thread.pk).exists()


def test_the_demo_has_an_invitation_waiting_for_a_circle():
    from orgs.models import CircleInvitation

    call_command("seed_demo", stdout=io.StringIO())
    assert CircleInvitation.objects.usable().filter(invitee__email=content.CIRCLE_INVITED).count() == 1


def test_the_demo_has_a_peer_supporter_with_a_training_record():
    from moderation.models import PeerSupporter

    call_command("seed_demo", stdout=io.StringIO())
    email, course = content.PEER_SUPPORTER
    assert User.objects.get(email=email).is_peer_supporter
    assert PeerSupporter.objects.get(member__email=email).course == course
