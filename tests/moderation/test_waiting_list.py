"""The unanswered-post watch: which threads wait for a reply, who sees the list, the author's one
kind notice, and members' opt-in daily nudge."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block
from forum import member_services
from forum import services as forum_services
from forum.models import Category, CategorySubscription, Notification, Post
from moderation import peer_selectors, peer_services
from moderation.models import FlagReason
from moderation.services import raise_automatic_flag, suspend_member
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    ModeratorFactory,
    UserFactory,
    add_to_circle,
    age_thread,
    make_peer_supporter,
    make_thread,
)

pytestmark = pytest.mark.django_db


def _waiting_titles(viewer):
    return [thread.title for thread in peer_selectors.waiting_list(viewer)]


def test_a_thread_without_a_reply_waits_after_six_hours():
    age_thread(make_thread(title="Quiet one"), hours=7)
    assert _waiting_titles(make_peer_supporter()) == ["Quiet one"]


def test_a_thread_younger_than_six_hours_does_not_wait_yet():
    age_thread(make_thread(title="Fresh"), hours=5)
    assert _waiting_titles(make_peer_supporter()) == []


def test_the_waiting_time_is_a_setting(settings):
    settings.HAVEN_WAITING_HOURS = 2
    age_thread(make_thread(title="Two hours"), hours=3)
    assert _waiting_titles(make_peer_supporter()) == ["Two hours"]


def test_a_thread_with_a_crisis_flag_waits_after_one_hour():
    thread = make_thread(title="Worrying")
    raise_automatic_flag(thread.opening_post, FlagReason.CRISIS, "crisis match")
    age_thread(thread, hours=1.5)
    assert _waiting_titles(make_peer_supporter()) == ["Worrying"]


def test_a_reply_by_another_member_ends_the_wait():
    thread = age_thread(make_thread(title="Answered", replies=1), hours=7)
    assert thread.reply_count == 1
    assert _waiting_titles(make_peer_supporter()) == []


def test_the_authors_own_reply_does_not_end_the_wait():
    thread = make_thread(title="Talking to myself")
    forum_services.reply(thread=thread, author=thread.author, body="Adding a bit more")
    age_thread(thread, hours=7)
    assert _waiting_titles(make_peer_supporter()) == ["Talking to myself"]


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.HIDDEN])
def test_a_reply_the_public_cannot_see_does_not_end_the_wait(state):
    thread = make_thread(title="Unseen reply")
    reply = forum_services.reply(thread=thread, author=UserFactory(), body="A reply")
    forum_services.set_post_state(reply, state)
    age_thread(thread, hours=7)
    assert _waiting_titles(make_peer_supporter()) == ["Unseen reply"]


def test_a_deleted_reply_does_not_end_the_wait():
    thread = make_thread(title="Deleted reply")
    reply = forum_services.reply(thread=thread, author=UserFactory(), body="A reply")
    forum_services.delete_post(post=reply)
    age_thread(thread, hours=7)
    assert _waiting_titles(make_peer_supporter()) == ["Deleted reply"]


def test_the_list_is_oldest_first():
    age_thread(make_thread(title="Seven hours"), hours=7)
    age_thread(make_thread(title="Ten hours"), hours=10)
    assert _waiting_titles(make_peer_supporter()) == ["Ten hours", "Seven hours"]


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.HIDDEN])
def test_hidden_and_pending_threads_never_wait(state):
    thread = make_thread(title="Not listed")
    forum_services.set_post_state(thread.opening_post, state)
    age_thread(thread, hours=7)
    assert _waiting_titles(ModeratorFactory()) == []


def test_deleted_threads_never_wait():
    thread = age_thread(make_thread(title="Gone"), hours=7)
    forum_services.delete_post(post=thread.opening_post)
    assert _waiting_titles(ModeratorFactory()) == []


def test_a_circles_threads_wait_only_for_its_members():
    circle = CircleFactory()
    age_thread(make_thread(title="In the circle", category=CategoryFactory(circle=circle)), hours=7)
    inside = make_peer_supporter()
    add_to_circle(circle, inside)
    assert _waiting_titles(inside) == ["In the circle"]
    assert _waiting_titles(make_peer_supporter()) == []
    assert _waiting_titles(ModeratorFactory()) == []


def test_verified_only_threads_wait_only_for_verified_readers():
    closed = CategoryFactory(access=Category.Access.VERIFIED_ONLY)
    age_thread(make_thread(title="Verified only", category=closed), hours=7)
    assert _waiting_titles(make_peer_supporter()) == []
    assert _waiting_titles(ModeratorFactory()) == ["Verified only"]


def _page(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("peers:waiting"))


def test_the_page_shows_the_age_in_words():
    age_thread(make_thread(title="Quiet one"), hours=7)
    body = _page(make_peer_supporter()).content.decode()
    assert "waiting 7\xa0hours" in body


def test_the_page_never_names_an_anonymous_author():
    author = UserFactory(display_name="Hidden Writer")
    thread = forum_services.create_thread(
        author=author, category=CategoryFactory(), title="Unsigned", body="Words", anonymous=True
    )
    age_thread(thread, hours=7)
    body = _page(make_peer_supporter()).content.decode()
    assert "Unsigned" in body
    assert "Hidden Writer" not in body


def test_members_cannot_see_the_list():
    assert _page(UserFactory()).status_code == 403


def test_moderators_see_the_list():
    age_thread(make_thread(title="Quiet one"), hours=7)
    assert "Quiet one" in _page(ModeratorFactory()).content.decode()


def test_the_list_page_costs_the_same_queries_however_many_threads_wait():
    supporter = make_peer_supporter()
    age_thread(make_thread(title="First"), hours=7)
    client = Client()
    client.force_login(supporter)
    client.get(reverse("peers:waiting"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("peers:waiting"))
    for n in range(4):
        thread = age_thread(make_thread(title=f"More {n}"), hours=8 + n)
        peer_services.claim_thread(thread, make_peer_supporter()) if n % 2 else None
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("peers:waiting"))
    assert response.content.decode().count('class="thread-title"') == 5
    assert len(five) == len(one)


# --- The author's kind notice ---------------------------------------------------------------------


def test_the_author_is_told_once_after_a_day_without_a_reply():
    thread = age_thread(make_thread(title="Long quiet"), hours=25)
    assert peer_services.tell_waiting_authors() == 1
    assert peer_services.tell_waiting_authors() == 0
    notice = Notification.objects.get(recipient=thread.author)
    assert notice.url == reverse("peers:ask", args=[thread.pk])
    assert "ignored" not in notice.message.lower()


def test_the_author_is_not_told_before_a_day():
    age_thread(make_thread(title="Quiet"), hours=20)
    assert peer_services.tell_waiting_authors() == 0


def test_an_author_on_a_break_is_told_once_back():
    thread = age_thread(make_thread(title="Long quiet"), hours=25)
    member_services.start_break(thread.author, days=3)
    assert peer_services.tell_waiting_authors() == 0


def test_the_ask_page_offers_a_peer_and_resources():
    thread = age_thread(make_thread(title="Long quiet"), hours=25)
    client = Client()
    client.force_login(thread.author)
    body = client.get(reverse("peers:ask", args=[thread.pk])).content.decode()
    assert "Ask for a peer supporter" in body
    assert reverse("forum:crisis") in body


# --- The daily nudge --------------------------------------------------------------------------------


@pytest.fixture
def morning(time_machine):
    """Half past nine tomorrow (UTC): past the digest hour, when nudges go out."""
    tomorrow = timezone.now().astimezone(UTC).date() + timedelta(days=1)
    time_machine.move_to(datetime.combine(tomorrow, time(9, 30), tzinfo=UTC), tick=False)


def _nudged_member(**fields):
    member = UserFactory(waiting_nudge=True, **fields)
    return member


def _follow(member, category):
    CategorySubscription.objects.create(user=member, category=category)


def _waiting_in(category, n, hours=7):
    return [
        age_thread(make_thread(title=f"Waiting {i}", category=category), hours=hours + i) for i in range(n)
    ]


def test_a_member_who_opted_in_gets_up_to_three_waiting_threads_they_follow(morning):
    category = CategoryFactory()
    _waiting_in(category, 4)
    _waiting_in(CategoryFactory(), 1)  # not followed
    member = _nudged_member()
    _follow(member, category)
    assert peer_services.send_waiting_nudges() == 1
    (message,) = mail.outbox
    assert message.body.count("Waiting ") == 3
    assert message.to == [member.email]


def test_the_nudge_is_sent_once_a_day(morning):
    category = CategoryFactory()
    _waiting_in(category, 1)
    _follow(_nudged_member(), category)
    peer_services.send_waiting_nudges()
    assert peer_services.send_waiting_nudges() == 0


def test_members_who_did_not_opt_in_get_no_nudge(morning):
    category = CategoryFactory()
    _waiting_in(category, 1)
    _follow(UserFactory(), category)
    assert peer_services.send_waiting_nudges() == 0


def test_no_nudge_in_quiet_hours(morning):
    category = CategoryFactory()
    _waiting_in(category, 1)
    _follow(_nudged_member(quiet_hours_start=time(9), quiet_hours_end=time(11)), category)
    assert peer_services.send_waiting_nudges() == 0


def test_no_nudge_during_a_break(morning):
    category = CategoryFactory()
    _waiting_in(category, 1)
    member = _nudged_member()
    _follow(member, category)
    member_services.start_break(member, days=3)
    assert peer_services.send_waiting_nudges() == 0


def test_no_nudge_when_nothing_waits(morning):
    category = CategoryFactory()
    _follow(_nudged_member(), category)
    assert peer_services.send_waiting_nudges() == 0


def test_a_members_own_thread_is_not_in_their_nudge(morning):
    category = CategoryFactory()
    member = _nudged_member()
    age_thread(make_thread(author=member, category=category), hours=7)
    _follow(member, category)
    assert peer_services.send_waiting_nudges() == 0


def test_the_nudge_is_a_preference():
    member = UserFactory()
    client = Client()
    client.force_login(member)
    response = client.get(reverse("accounts:preferences"))
    assert 'name="waiting_nudge"' in response.content.decode()


def test_unsubscribing_stops_the_nudge():
    member = _nudged_member()
    forum_services.turn_off_email(member)
    member.refresh_from_db()
    assert member.waiting_nudge is False


def test_a_thread_by_a_member_they_blocked_is_not_in_their_nudge(morning):
    category = CategoryFactory()
    thread = age_thread(make_thread(category=category), hours=7)
    member = _nudged_member()
    Block.objects.create(blocker=member, blocked=thread.author)
    _follow(member, category)
    assert peer_services.send_waiting_nudges() == 0


def test_a_suspended_supporter_is_not_counted_as_available():
    supporter = make_peer_supporter()
    suspend_member(supporter, ModeratorFactory(), "Cooling off", days=2)
    assert peer_selectors.available_supporter_count() == 0
