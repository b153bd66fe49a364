from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from forum import services as forum_services
from moderation import services
from moderation.models import FlagReason
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 12, 12, tzinfo=UTC)  # a Wednesday; its week starts on Monday 10 March
URL = reverse("moderation:stats")
# The flags chart's table: a column per reason, in FlagReason's order, then the total.
REASONS = list(FlagReason)


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def _ago(**delta):
    return time_machine.travel(NOW - timedelta(**delta), tick=False)


def _flag(thread, reason=FlagReason.SPAM):
    post = forum_services.reply(thread=thread, author=UserFactory(), body=f"About {reason}")
    return services.flag_post(post, UserFactory(), reason, "")


def _chart(client, name):
    return client.get(URL).context[name]


def _flag_cells(column):
    return dict(zip([*REASONS, "total"], column.cells, strict=True))


def test_flags_are_counted_per_week_by_reason(moderator_client, thread):
    with _ago(weeks=1):
        _flag(thread, FlagReason.HARASSMENT)
        _flag(thread, FlagReason.HARASSMENT)
        _flag(thread, FlagReason.CRISIS)
    _flag(thread, FlagReason.SPAM)
    columns = _chart(moderator_client, "flags_chart").columns
    last_week, this_week = _flag_cells(columns[-2]), _flag_cells(columns[-1])
    assert last_week[FlagReason.HARASSMENT] == "2"
    assert last_week[FlagReason.CRISIS] == "1"
    assert last_week["total"] == "3"
    assert (this_week[FlagReason.SPAM], this_week["total"]) == ("1", "1")


def test_weeks_without_flags_are_zero(moderator_client, thread):
    _flag(thread)
    columns = _chart(moderator_client, "flags_chart").columns
    assert len(columns) == 12
    assert [column.value for column in columns] == ["0"] * 11 + ["1"]


def test_flags_on_the_page_are_listed_as_text_for_screen_readers(moderator_client, thread):
    for _ in range(3):
        _flag(thread, FlagReason.HARMFUL)
    page = moderator_client.get(URL).content.decode()
    cells = (
        "<td>0</td>" * 4 + "<td>3</td><td>0</td><td>0</td><td>3</td>"
    )  # harmful advice is the fifth reason
    assert f'<tr><th scope="row">10 Mar</th>{cells}</tr>' in page
    assert "Harmful advice: 3" in page


def test_median_time_to_resolution_is_per_week_of_resolution(moderator_client, moderator, thread):
    """Waits of 1, 2, 4 and 10 hours: the median is 3 hours (the mean would be 4.25)."""
    for waited in (1, 2, 4, 10):
        with _ago(hours=waited):
            entry = _flag(thread).entry
        services.approve(entry, moderator, "fine")
    columns = _chart(moderator_client, "resolution_chart").columns
    assert columns[-1].value == "3 h"


def test_a_week_with_nothing_resolved_has_no_median(moderator_client, moderator, thread):
    with _ago(weeks=1, hours=2):
        entry = _flag(thread).entry
    with _ago(weeks=1):
        services.hide_post(entry, moderator, "spam")
    _flag(thread)  # still open: not part of any median
    columns = _chart(moderator_client, "resolution_chart").columns
    assert [column.value for column in columns[-2:]] == ["2 h", "–"]
    assert columns[-1].bars == []


def test_open_items_are_counted_by_how_long_they_have_waited(moderator_client, moderator, thread):
    for waited in (timedelta(minutes=5), timedelta(minutes=50), timedelta(hours=3), timedelta(days=3)):
        with time_machine.travel(NOW - waited, tick=False):
            _flag(thread)
    with _ago(days=20):
        _flag(thread)
        resolved = _flag(thread).entry
    services.approve(resolved, moderator, "fine")  # resolved items have stopped waiting
    columns = _chart(moderator_client, "waiting_chart").columns
    assert [(column.label, column.value) for column in columns] == [
        ("Under 1 hour", "2"),
        ("1 to 24 hours", "1"),
        ("1 to 7 days", "1"),
        ("Over 7 days", "1"),
    ]


def test_the_navigation_counts_every_open_item_from_the_age_buckets(moderator_client, thread):
    with _ago(days=10):
        _flag(thread)
    _flag(thread)
    page = moderator_client.get(URL).content.decode()
    assert '<span class="count">2<span class="visually-hidden"> open items</span>' in page


def test_members_cannot_see_queue_statistics(member_client):
    assert member_client.get(URL).status_code == 403


def test_moderators_without_two_factor_are_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_moderator=True))
    assert client.get(URL).url == reverse("mfa_activate_totp")


def test_the_queue_links_to_its_statistics(moderator_client):
    assert f'href="{URL}"' in moderator_client.get(reverse("moderation:queue")).content.decode()


def test_the_statistics_page_needs_a_bounded_number_of_queries(
    moderator_client, moderator, thread, django_assert_max_num_queries
):
    for weeks in range(4):
        with _ago(weeks=weeks, hours=1):
            entry = _flag(thread, REASONS[weeks]).entry
        with _ago(weeks=weeks):
            services.approve(entry, moderator, "fine", outcome="no_action")  # week 0's is a possible crisis
        _flag(thread)
    with django_assert_max_num_queries(7):
        response = moderator_client.get(URL)
    assert response.content.decode().count('role="img"') == 3
