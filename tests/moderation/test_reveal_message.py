"""A possible crisis in a private message is blurred for moderators until they choose to look, and
looking counts toward their private exposure total, as for distressing posts (moderation/wellbeing.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations import services as conversation_services
from conversations.models import ConversationReport
from moderation import services, wellbeing
from moderation.models import Exposure, FlagReason, ModerationAction
from tests.factories import (
    CircleFactory,
    ModeratorFactory,
    SettledMemberFactory,
    UserFactory,
    add_to_circle,
)

pytestmark = pytest.mark.django_db

CRISIS = "I can't do this any more. I have the pills ready and I plan to take them all tonight."


def _blurred(report):
    return (
        f'<div class="is-blurred" aria-hidden="true" inert><div class="post-body">{report.message.body_html}'
    )


def _shown(report):
    return f'<div class="post-body">{report.message.body_html}'


@pytest.fixture
def crisis_report(db):
    conversation_services.send_message(SettledMemberFactory(), SettledMemberFactory(), CRISIS)
    return ConversationReport.objects.get(kind=ConversationReport.Kind.CRISIS)


@pytest.fixture
def member_report(db):
    writer, reader = SettledMemberFactory(), SettledMemberFactory()
    conversation = conversation_services.send_message(writer, reader, "Something unkind").message.conversation
    return conversation_services.report_conversation(conversation, reader, "Please look")


def _page(client, report):
    return client.get(reverse("moderation:conversation_report", args=[report.pk])).content.decode()


def _show(client, report):
    return client.post(reverse("moderation:reveal_message", args=[report.pk]))


# --- Blur and reveal --------------------------------------------------------------------------------


def test_a_possible_crisis_in_a_message_is_blurred_until_revealed(moderator_client, crisis_report):
    page = _page(moderator_client, crisis_report)
    assert _blurred(crisis_report) in page
    assert reverse("moderation:reveal_message", args=[crisis_report.pk]) in page
    assert "Looking counts toward your private total for today." in page


def test_revealing_shows_the_message_to_that_moderator(moderator_client, crisis_report):
    _show(moderator_client, crisis_report)
    page = _page(moderator_client, crisis_report)
    assert 'class="is-blurred"' not in page
    assert _shown(crisis_report) in page


def test_revealing_goes_back_to_the_report_page(moderator_client, crisis_report):
    response = _show(moderator_client, crisis_report)
    url = reverse("moderation:conversation_report", args=[crisis_report.pk])
    assert (response.status_code, response.url) == (302, f"{url}#report-{crisis_report.pk}-message")


def test_revealing_is_for_the_moderator_who_chose_to_look(moderator_client, second_moderator, crisis_report):
    _show(moderator_client, crisis_report)
    colleague = Client()
    colleague.force_login(second_moderator)
    assert _blurred(crisis_report) in _page(colleague, crisis_report)


def test_a_members_report_is_shown_plainly(moderator_client, member_report):
    page = _page(moderator_client, member_report)
    assert 'class="is-blurred"' not in page
    assert '<div class="post-body"><p>Something unkind</p>' in page


def test_a_closed_crisis_report_stays_blurred_until_revealed(moderator_client, moderator, crisis_report):
    services.close_conversation_report(crisis_report, moderator, "no_action", "")
    assert _blurred(crisis_report) in _page(moderator_client, crisis_report)


def test_revealing_an_unknown_report_is_not_found(moderator_client, crisis_report):
    assert (
        moderator_client.post(
            reverse("moderation:reveal_message", args=[crisis_report.pk + 1000])
        ).status_code
        == 404
    )


def test_revealing_takes_a_post(moderator_client, crisis_report):
    response = moderator_client.get(reverse("moderation:reveal_message", args=[crisis_report.pk]))
    assert response.status_code == 405 and not Exposure.objects.exists()


# --- The exposure count -----------------------------------------------------------------------------


def test_revealing_a_message_counts_toward_todays_exposure(moderator_client, moderator, crisis_report):
    _show(moderator_client, crisis_report)
    assert wellbeing.exposure_today(moderator).count == 1


def test_revealing_the_same_message_twice_counts_once(moderator_client, moderator, crisis_report):
    _show(moderator_client, crisis_report)
    _show(moderator_client, crisis_report)
    assert Exposure.objects.filter(moderator=moderator, conversation_report=crisis_report).count() == 1
    assert wellbeing.exposure_today(moderator).count == 1


def test_a_members_report_records_nothing(moderator_client, member_report):
    response = _show(moderator_client, member_report)
    assert response.status_code == 302
    assert response.url.startswith(reverse("moderation:conversation_report", args=[member_report.pk]))
    assert not Exposure.objects.exists()


def test_the_service_counts_a_crisis_message_once_per_moderator(moderator, second_moderator, crisis_report):
    assert services.record_message_exposure(moderator, crisis_report) is True
    assert services.record_message_exposure(moderator, crisis_report) is False
    assert services.record_message_exposure(second_moderator, crisis_report) is True
    assert Exposure.objects.filter(conversation_report=crisis_report).count() == 2


def test_the_service_records_nothing_for_a_members_report(moderator, member_report):
    assert services.record_message_exposure(moderator, member_report) is False
    assert not Exposure.objects.exists()


def test_posts_and_messages_count_together(moderator_client, moderator, crisis_report, thread):
    post = thread.opening_post
    entry = services.flag_post(post, UserFactory(), FlagReason.CRISIS, "worried").entry
    moderator_client.post(reverse("moderation:reveal_content", args=[entry.pk]))
    _show(moderator_client, crisis_report)
    assert wellbeing.exposure_today(moderator).count == 2


def test_the_queue_pages_exposure_total_includes_a_revealed_message(moderator_client, crisis_report):
    _show(moderator_client, crisis_report)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "Today you have opened 1 distressing post." in page


def test_the_count_is_private_to_its_moderator(moderator_client, second_moderator, crisis_report):
    _show(moderator_client, crisis_report)
    colleague = Client()
    colleague.force_login(second_moderator)
    assert (
        "Today you have opened 0 distressing posts."
        in colleague.get(reverse("moderation:queue")).content.decode()
    )


def test_looking_at_a_message_is_not_in_the_audit_log(moderator_client, crisis_report):
    actions = ModerationAction.objects.count()
    _show(moderator_client, crisis_report)
    assert ModerationAction.objects.count() == actions


def test_exposure_today_stays_one_query(moderator, crisis_report, thread, django_assert_num_queries):
    entry = services.flag_post(thread.opening_post, UserFactory(), FlagReason.CRISIS, "worried").entry
    services.record_exposure(moderator, entry)
    services.record_message_exposure(moderator, crisis_report)
    with django_assert_num_queries(1):
        summary = wellbeing.exposure_today(moderator, [entry.pk], report_ids=[crisis_report.pk])
    assert (summary.count, summary.revealed, summary.revealed_reports) == (2, {entry.pk}, {crisis_report.pk})


def test_an_exposure_is_about_a_queue_entry_or_a_report_never_both(moderator, crisis_report, thread):
    from django.db import IntegrityError, transaction

    entry = services.flag_post(thread.opening_post, UserFactory(), FlagReason.CRISIS, "worried").entry
    day = wellbeing.moderators_day(moderator)
    for about in ({"entry": entry, "conversation_report": crisis_report}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Exposure.objects.create(moderator=moderator, day=day, **about)


# --- Who may look -----------------------------------------------------------------------------------


def _circle_moderator():
    circle_moderator = ModeratorFactory(is_moderator=False)
    add_to_circle(CircleFactory(), circle_moderator, role="moderator")
    return circle_moderator


def _circle_member():
    circle_member = UserFactory()
    add_to_circle(CircleFactory(), circle_member)
    return circle_member


@pytest.mark.parametrize(
    "make_user",
    [_circle_moderator, _circle_member, UserFactory],
    ids=["circle_moderator", "circle_member", "member"],
)
def test_only_site_moderators_may_reveal_a_message(client, crisis_report, make_user):
    client.force_login(make_user())
    assert _show(client, crisis_report).status_code == 403
    assert not Exposure.objects.exists()


# --- Queries ----------------------------------------------------------------------------------------


def test_a_crisis_report_page_takes_the_same_queries_blurred_and_revealed(
    moderator_client, crisis_report, django_assert_max_num_queries
):
    _page(moderator_client, crisis_report)  # warm the per-worker caches
    with django_assert_max_num_queries(20) as blurred:
        _page(moderator_client, crisis_report)
    queries = len(blurred.captured_queries)  # before the next request clears Django's query log
    _show(moderator_client, crisis_report)
    shown = _shown(crisis_report)
    with django_assert_max_num_queries(queries):
        page = _page(moderator_client, crisis_report)
    assert shown in page


def test_a_reported_conversation_page_takes_a_constant_number_of_queries_as_it_grows(
    moderator_client, django_assert_max_num_queries
):
    writer, reader = SettledMemberFactory(), SettledMemberFactory()
    conversation = conversation_services.send_message(writer, reader, "One").message.conversation
    report = conversation_services.report_conversation(conversation, reader, "")
    _page(moderator_client, report)
    with django_assert_max_num_queries(20) as few:
        _page(moderator_client, report)
    queries = len(few.captured_queries)
    for n in range(10):
        conversation_services.send_message(writer, reader, f"More {n}")
    ConversationReport.objects.filter(pk=report.pk).update(created_at=timezone.now())  # reported later
    with django_assert_max_num_queries(queries):
        page = _page(moderator_client, report)
    assert page.count('class="message-item') == 11
