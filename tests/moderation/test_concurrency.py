"""Two moderators acting on the same entry at the same moment: one acts, the other is told."""

import threading

import pytest
from django.db import connection

from moderation import peer_services, services
from moderation.models import ModerationAction, PeerClaim, QueueEntry
from tests.factories import age_thread, make_peer_supporter, make_thread


@pytest.mark.django_db(transaction=True)
def test_two_moderators_acting_at_once_do_not_both_act(flagged_entry, moderator, second_moderator):
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, action, who):
        try:
            barrier.wait(timeout=10)
            action(QueueEntry.objects.get(pk=flagged_entry.pk), who, f"{name} decided")
            outcomes[name] = "acted"
        except services.AlreadyHandled as handled:
            outcomes[name] = str(handled)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("first", services.hide_post, moderator)),
        threading.Thread(target=act, args=("second", services.approve, second_moderator)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(outcomes.values()).count("acted") == 1
    refused = next(outcome for outcome in outcomes.values() if outcome != "acted")
    assert "already handled by" in refused
    assert ModerationAction.objects.count() == 1
    entry = QueueEntry.objects.get(pk=flagged_entry.pk)
    action = ModerationAction.objects.get()
    assert entry.resolved_by_id == action.actor_id
    post = entry.post
    post.refresh_from_db()
    assert post.state == ("hidden" if action.kind == "hide" else "published")


@pytest.mark.django_db(transaction=True)
def test_two_peer_supporters_taking_a_thread_on_at_once_get_one_claim():
    waiting = age_thread(make_thread(), hours=7)
    supporters = [make_peer_supporter(), make_peer_supporter()]
    barrier = threading.Barrier(2)
    outcomes = []

    def take_on(supporter):
        try:
            barrier.wait(timeout=10)
            peer_services.claim_thread(waiting, supporter)
            outcomes.append("claimed")
        except peer_services.PeerSupportError as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=take_on, args=(supporter,)) for supporter in supporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("claimed") == 1
    (refused,) = [outcome for outcome in outcomes if outcome != "claimed"]
    assert "is already answering this thread" in refused
    assert PeerClaim.objects.count() == 1
