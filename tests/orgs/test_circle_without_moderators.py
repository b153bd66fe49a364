"""A circle with no moderator of its own who can act still has someone to see a possible crisis
posted in it: the site's moderators see those items, and nothing else of the circle."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation import services as moderation_services
from moderation.models import FlagReason, QueueEntry
from orgs.models import Circle
from tests.factories import ModeratorFactory, UserFactory, add_to_circle
from tests.orgs.conftest import SECRET, client_for

pytestmark = pytest.mark.django_db


def _flag(thread, reason):
    flagger = UserFactory()
    add_to_circle(thread.category.circle, flagger)
    return moderation_services.flag_post(thread.opening_post, flagger, reason).entry


def test_a_crisis_in_a_circle_without_moderators_reaches_the_site_moderators(moderator, circle_thread):
    entry = _flag(circle_thread, FlagReason.CRISIS)
    assert QueueEntry.objects.moderated_by(moderator).filter(pk=entry.pk).exists()
    page = client_for(moderator).get(reverse("moderation:crisis_queue")).content.decode()
    assert SECRET in page


def test_other_items_of_a_circle_without_moderators_stay_out_of_the_site_queue(moderator, circle_thread):
    entry = _flag(circle_thread, FlagReason.HARASSMENT)
    assert not QueueEntry.objects.moderated_by(moderator).filter(pk=entry.pk).exists()


def test_the_site_moderator_still_cannot_read_the_circles_thread(moderator, circle_thread):
    _flag(circle_thread, FlagReason.CRISIS)
    assert client_for(moderator).get(circle_thread.get_absolute_url()).status_code == 404


def test_once_the_circle_has_a_moderator_its_crises_are_theirs_alone(
    moderator, circle_moderator, circle_thread
):
    entry = _flag(circle_thread, FlagReason.CRISIS)
    assert not QueueEntry.objects.moderated_by(moderator).filter(pk=entry.pk).exists()
    assert QueueEntry.objects.moderated_by(circle_moderator).filter(pk=entry.pk).exists()


def test_a_circle_moderator_without_two_factor_does_not_count(moderator, circle, circle_thread):
    add_to_circle(circle, UserFactory(), role="moderator")  # no authenticator: cannot open the queue
    assert circle in Circle.objects.without_moderators()
    entry = _flag(circle_thread, FlagReason.CRISIS)
    assert QueueEntry.objects.moderated_by(moderator).filter(pk=entry.pk).exists()


def test_a_circle_whose_moderator_account_was_closed_has_no_moderator(circle, circle_moderator):
    assert circle not in Circle.objects.without_moderators()
    circle_moderator.is_active = False
    circle_moderator.save()
    assert circle in Circle.objects.without_moderators()


def test_the_crisis_email_for_a_circle_without_moderators_goes_to_the_site_moderators(
    moderator, circle_thread, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _flag(circle_thread, FlagReason.CRISIS)
    assert moderator.email in {address for message in mail.outbox for address in message.to}


def test_a_circle_moderator_without_an_email_address_does_not_stop_the_crisis_email(
    circle, circle_moderator, circle_thread, settings, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    second = ModeratorFactory(is_moderator=False)
    add_to_circle(circle, second, role="moderator")
    type(second).objects.filter(pk=second.pk).update(email=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _flag(circle_thread, FlagReason.CRISIS)
    assert [message.to for message in mail.outbox] == [[circle_moderator.email]]


def test_the_circles_page_says_who_sees_a_possible_crisis(insider):
    page = client_for(insider).get(reverse("circles:index")).content.decode()
    assert "the site’s moderators see a post there that may be a crisis, and nothing else of it" in page


def test_a_newcomers_post_in_a_circle_without_moderators_is_not_held_where_nobody_could_review_it(
    circle, circle_category, settings
):
    from forum import services
    from forum.models import Post

    settings.HAVEN_PREMODERATE_FIRST_POSTS = 1
    newcomer = UserFactory(is_trusted=False)
    add_to_circle(circle, newcomer)
    thread = services.create_thread(
        author=newcomer, category=circle_category, title="First night", body="Hello all"
    )
    assert thread.opening_post.state == Post.State.PUBLISHED


def test_a_newcomers_post_in_a_moderated_circle_still_waits_for_its_moderators(
    circle, circle_category, circle_moderator, settings
):
    from forum import services
    from forum.models import Post

    settings.HAVEN_PREMODERATE_FIRST_POSTS = 1
    newcomer = UserFactory(is_trusted=False)
    add_to_circle(circle, newcomer)
    thread = services.create_thread(
        author=newcomer, category=circle_category, title="First night", body="Hello all"
    )
    assert thread.opening_post.state == Post.State.PENDING
    entry = QueueEntry.objects.get(post=thread.opening_post)
    assert QueueEntry.objects.moderated_by(circle_moderator).filter(pk=entry.pk).exists()
