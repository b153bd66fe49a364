"""Peer supporters: the role and its audit trail, the mark beside their name, asking for a peer,
taking a waiting thread on (one at a time, lapsing), answering it, the private daily count, and
stepping back."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import member_services
from forum import services as forum_services
from forum.models import Notification
from moderation import peer_selectors, peer_services
from moderation.models import ModerationAction, PeerClaim, PeerSupporter
from tests.factories import (
    CategoryFactory,
    ModeratorFactory,
    UserFactory,
    age_thread,
    make_peer_supporter,
    make_thread,
)

pytestmark = pytest.mark.django_db
TRAINED = datetime.date(2026, 3, 2)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- The role -------------------------------------------------------------------------------------


def test_a_moderator_grants_the_role_with_the_training_date_and_course():
    member, moderator = UserFactory(), ModeratorFactory()
    _client(moderator).post(
        reverse("moderation:peer_supporter", args=[member.pk]),
        {"action": "grant", "trained_on": "2026-03-02", "course": "Listening skills"},
    )
    member.refresh_from_db()
    assert member.is_peer_supporter
    role = PeerSupporter.objects.get(member=member)
    assert (role.trained_on, role.course, role.granted_by) == (TRAINED, "Listening skills", moderator)


def test_granting_is_in_the_audit_log():
    member, moderator = UserFactory(), ModeratorFactory()
    peer_services.grant_peer_supporter(member, moderator, trained_on=TRAINED, course="Listening skills")
    action = ModerationAction.objects.get(kind=ModerationAction.Kind.GRANT_PEER_SUPPORT)
    assert (action.actor, action.member, action.after["course"]) == (moderator, member, "Listening skills")


def test_a_training_date_in_the_future_is_refused():
    with pytest.raises(peer_services.PeerSupportError):
        peer_services.grant_peer_supporter(
            UserFactory(), ModeratorFactory(), trained_on=timezone.localdate() + datetime.timedelta(days=2),
            course="Listening skills",
        )  # fmt: skip


def test_a_missing_course_is_a_form_error_not_a_grant():
    member = UserFactory()
    response = _client(ModeratorFactory()).post(
        reverse("moderation:peer_supporter", args=[member.pk]),
        {"action": "grant", "trained_on": "2026-03-02"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_peer_supporter


def test_members_cannot_grant_the_role():
    member = UserFactory()
    response = _client(UserFactory()).post(
        reverse("moderation:peer_supporter", args=[member.pk]),
        {"action": "grant", "trained_on": "2026-03-02", "course": "x"},
    )
    assert response.status_code == 403


def test_revoking_ends_the_role_and_open_claims_and_is_logged():
    supporter = make_peer_supporter()
    thread = age_thread(make_thread(), hours=7)
    peer_services.claim_thread(thread, supporter)
    moderator = ModeratorFactory()
    peer_services.revoke_peer_supporter(supporter, moderator, "Stepping down")
    supporter.refresh_from_db()
    assert not supporter.is_peer_supporter
    assert not PeerClaim.objects.filter(ended_at__isnull=True).exists()
    assert ModerationAction.objects.filter(
        kind=ModerationAction.Kind.REVOKE_PEER_SUPPORT, actor=moderator
    ).exists()


# --- The mark -------------------------------------------------------------------------------------


def test_a_peer_supporters_posts_carry_the_mark_linking_to_its_explanation():
    supporter = make_peer_supporter()
    thread = make_thread()
    forum_services.reply(thread=thread, author=supporter, body="Here with you")
    body = _client(UserFactory()).get(thread.get_absolute_url()).content.decode()
    assert "Peer supporter</a>" in body
    assert f"{reverse('forum:guidelines')}#peer-supporters" in body


def test_the_help_page_explains_the_mark():
    body = _client(UserFactory()).get(reverse("forum:guidelines")).content.decode()
    assert 'id="peer-supporters"' in body


def test_an_anonymous_post_by_a_peer_supporter_carries_no_mark():
    supporter = make_peer_supporter()
    thread = make_thread()
    forum_services.reply(thread=thread, author=supporter, body="Unsigned", anonymous=True)
    body = _client(UserFactory()).get(thread.get_absolute_url()).content.decode()
    assert "Peer supporter</a>" not in body


def test_the_mark_goes_when_the_role_ends():
    supporter = make_peer_supporter()
    thread = make_thread()
    forum_services.reply(thread=thread, author=supporter, body="Here with you")
    reader = _client(UserFactory())
    reader.get(thread.get_absolute_url())  # cached with the mark
    peer_services.revoke_peer_supporter(supporter, ModeratorFactory(), "Ended")
    assert "Peer supporter</a>" not in reader.get(thread.get_absolute_url()).content.decode()


# --- Asking for a peer ------------------------------------------------------------------------------


def test_the_author_asks_and_the_thread_goes_to_the_top_of_the_list():
    age_thread(make_thread(title="Older"), hours=10)
    asked = make_thread(title="Asked")  # too young to wait by itself
    _client(asked.author).post(reverse("peers:ask", args=[asked.pk]))
    titles = [thread.title for thread in peer_selectors.waiting_list(make_peer_supporter())]
    assert titles == ["Asked", "Older"]


def test_only_the_author_may_ask():
    thread = make_thread()
    response = _client(UserFactory()).post(reverse("peers:ask", args=[thread.pk]))
    assert response.status_code == 403


def test_the_thread_page_offers_the_ask_to_its_author_only():
    thread = make_thread()
    ask = reverse("peers:ask", args=[thread.pk])
    assert ask in _client(thread.author).get(thread.get_absolute_url()).content.decode()
    assert ask not in _client(UserFactory()).get(thread.get_absolute_url()).content.decode()


def test_asking_twice_keeps_one_request():
    thread = make_thread()
    peer_services.ask_for_peer(thread, thread.author)
    with pytest.raises(peer_services.PeerSupportError):
        peer_services.ask_for_peer(thread, thread.author)


# --- Taking a thread on -------------------------------------------------------------------------


def test_a_supporter_takes_a_thread_on_and_others_see_who():
    thread = age_thread(make_thread(title="Quiet"), hours=7)
    first = make_peer_supporter(UserFactory(display_name="First Helper"))
    _client(first).post(reverse("peers:claim", args=[thread.pk]))
    body = _client(make_peer_supporter()).get(reverse("peers:waiting")).content.decode()
    assert "First Helper is answering this" in body


def test_a_second_supporter_cannot_take_on_a_claimed_thread():
    thread = age_thread(make_thread(), hours=7)
    peer_services.claim_thread(thread, make_peer_supporter())
    with pytest.raises(peer_services.PeerSupportError, match="already answering"):
        peer_services.claim_thread(thread, make_peer_supporter())


def test_a_claim_lapses_after_the_set_time_without_a_reply(settings, time_machine):
    thread = age_thread(make_thread(), hours=7)
    peer_services.claim_thread(thread, make_peer_supporter())
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=settings.HAVEN_PEER_CLAIM_MINUTES + 1))
    second = make_peer_supporter()
    peer_services.claim_thread(thread, second)
    assert PeerClaim.objects.get(outcome=PeerClaim.Outcome.LAPSED)
    assert PeerClaim.objects.get(ended_at__isnull=True).supporter == second


def test_taking_on_and_handing_back_are_logged():
    thread = age_thread(make_thread(), hours=7)
    supporter = make_peer_supporter()
    peer_services.claim_thread(thread, supporter)
    peer_services.release_claim(thread, supporter)
    kinds = set(ModerationAction.objects.filter(actor=supporter).values_list("kind", flat=True))
    assert kinds == {ModerationAction.Kind.PEER_CLAIM, ModerationAction.Kind.PEER_RELEASE}


def test_the_log_never_names_an_anonymous_author():
    thread = forum_services.create_thread(
        author=UserFactory(), category=CategoryFactory(), title="Unsigned", body="Words", anonymous=True
    )
    age_thread(thread, hours=7)
    peer_services.claim_thread(thread, make_peer_supporter())
    assert ModerationAction.objects.get(kind=ModerationAction.Kind.PEER_CLAIM).member is None


def test_a_thread_that_is_not_waiting_cannot_be_taken_on():
    thread = make_thread()  # just posted
    with pytest.raises(peer_services.PeerSupportError, match="isn't waiting"):
        peer_services.claim_thread(thread, make_peer_supporter())


def test_moderators_who_are_not_supporters_cannot_take_threads_on():
    thread = age_thread(make_thread(), hours=7)
    _client(ModeratorFactory()).post(reverse("peers:claim", args=[thread.pk]))
    assert not PeerClaim.objects.exists()


# --- Answering --------------------------------------------------------------------------------------


def test_the_author_is_notified_when_the_peer_replies():
    thread = age_thread(make_thread(title="Quiet"), hours=7)
    supporter = make_peer_supporter()
    peer_services.claim_thread(thread, supporter)
    forum_services.reply(thread=thread, author=supporter, body="I hear you")
    assert Notification.objects.filter(
        recipient=thread.author, message="A peer supporter replied to your thread “Quiet”"
    ).exists()
    assert PeerClaim.objects.get().outcome == PeerClaim.Outcome.ANSWERED


def test_a_peers_reply_answers_the_request_and_the_thread_leaves_the_list():
    thread = make_thread(title="Asked")
    peer_services.ask_for_peer(thread, thread.author)
    supporter = make_peer_supporter()
    forum_services.reply(thread=thread, author=supporter, body="I'm here")
    assert peer_selectors.waiting_list(supporter) == []


# --- The supporter's own day ------------------------------------------------------------------------


def test_supporters_see_their_private_daily_count():
    supporter = make_peer_supporter()
    for _ in range(2):
        peer_services.claim_thread(age_thread(make_thread(), hours=7), supporter)
    assert (
        "Today you have taken on 2 threads."
        in _client(supporter).get(reverse("peers:waiting")).content.decode()
    )


def test_moderators_do_not_see_a_supporters_count():
    peer_services.claim_thread(age_thread(make_thread(), hours=7), make_peer_supporter())
    assert "taken on" not in _client(ModeratorFactory()).get(reverse("peers:waiting")).content.decode()


def test_a_supporter_who_stepped_back_is_not_available_and_is_told_so():
    supporter = make_peer_supporter()
    client = _client(supporter)
    client.post(reverse("peers:step_back"), {"days": "3"})
    assert peer_selectors.available_supporter_count() == 0
    assert "You've stepped back" in client.get(reverse("peers:waiting")).content.decode()


def test_a_supporter_who_stepped_back_cannot_take_threads_on():
    supporter = make_peer_supporter()
    peer_services.step_back(supporter, 3)
    with pytest.raises(peer_services.PeerSupportError):
        peer_services.claim_thread(age_thread(make_thread(), hours=7), supporter)


def test_stepping_back_in_makes_them_available_again():
    supporter = make_peer_supporter()
    client = _client(supporter)
    client.post(reverse("peers:step_back"), {"days": ""})
    client.post(reverse("peers:step_back"), {"step_in": "1"})
    assert peer_selectors.available_supporter_count() == 1


def test_the_author_gets_one_notification_for_the_peers_reply():
    thread = age_thread(make_thread(title="Quiet"), hours=7)
    supporter = make_peer_supporter()
    peer_services.claim_thread(thread, supporter)
    forum_services.reply(thread=thread, author=supporter, body="I hear you")
    assert list(Notification.objects.filter(recipient=thread.author).values_list("message", flat=True)) == [
        "A peer supporter replied to your thread “Quiet”"
    ]


def test_an_author_who_muted_the_thread_still_hears_that_the_peer_they_asked_for_replied():
    thread = make_thread(title="Asked")
    forum_services.set_thread_subscription(member=thread.author, thread=thread, level="muted")
    peer_services.ask_for_peer(thread, thread.author)
    forum_services.reply(thread=thread, author=make_peer_supporter(), body="I'm here")
    assert Notification.objects.filter(
        recipient=thread.author, message__startswith="A peer supporter"
    ).exists()


def test_a_deleted_account_is_no_longer_a_peer_supporter_nor_nudged():
    supporter = make_peer_supporter()
    User.objects.filter(pk=supporter.pk).update(waiting_nudge=True)
    supporter.refresh_from_db()
    member_services.delete_account(supporter, member_services.KEEP_POSTS)
    supporter.refresh_from_db()
    assert (supporter.is_peer_supporter, supporter.waiting_nudge) == (False, False)
    assert peer_selectors.available_supporter_count() == 0


def test_a_supporter_who_stepped_back_for_three_days_is_told_until_when():
    supporter = make_peer_supporter()
    peer_services.step_back(supporter, 3)
    body = _client(supporter).get(reverse("peers:waiting")).content.decode()
    back = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    assert f"You've stepped back until {back:%-d %B}" in body


def test_the_moderation_member_page_shows_the_recorded_training():
    supporter = make_peer_supporter(course="Listening skills")
    body = _client(ModeratorFactory()).get(reverse("moderation:member", args=[supporter.pk])).content.decode()
    assert "Trained on 15 January 2026: Listening skills." in body
    assert "End peer-supporter role" in body
