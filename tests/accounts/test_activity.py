from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from forum import services
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 12, 12, tzinfo=UTC)  # a Wednesday; its week starts on Monday 10 March
URL = reverse("accounts:activity")


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def _weeks_ago(weeks):
    return time_machine.travel(NOW - timedelta(weeks=weeks), tick=False)


def _activity(client):
    return client.get(URL).context["activity"]


@pytest.fixture
def someone_elses_thread(db):
    return make_thread(author=UserFactory())


def test_three_replies_in_one_week_appear_as_three_in_that_week(member_client, member, someone_elses_thread):
    with _weeks_ago(2):
        for n in range(3):
            services.reply(thread=someone_elses_thread, author=member, body=f"Reply {n}")
    assert _activity(member_client).replies == [0] * 9 + [3, 0, 0]


def test_the_page_shows_the_weeks_numbers_as_text(member_client, member, someone_elses_thread):
    with _weeks_ago(2):
        for n in range(3):
            services.reply(thread=someone_elses_thread, author=member, body=f"Reply {n}")
    page = member_client.get(URL).content.decode()
    assert '<tr><th scope="row">24 Feb</th><td>0</td><td>3</td><td>3</td></tr>' in page
    assert "<dt>Replies</dt><dd>3</dd>" in page


def test_threads_started_are_counted_apart_from_replies(member_client, member):
    with _weeks_ago(1):
        thread = make_thread(author=member)
        services.reply(thread=thread, author=member, body="Adding a thought")
    activity = _activity(member_client)
    assert activity.threads_started[-2:] == [1, 0]
    assert activity.replies[-2:] == [1, 0]


def test_weeks_without_activity_are_zero(member_client, member, someone_elses_thread):
    services.reply(thread=someone_elses_thread, author=member, body="Only this week")
    activity = _activity(member_client)
    assert activity.replies == [0] * 11 + [1]
    assert activity.threads_started == [0] * 12


def test_activity_before_the_last_twelve_weeks_is_left_out(member_client, member, someone_elses_thread):
    with _weeks_ago(12):
        services.reply(thread=someone_elses_thread, author=member, body="Long ago")
    assert _activity(member_client).total_replies == 0


def test_support_received_is_counted_by_kind_in_the_week_it_was_given(member_client, member):
    with _weeks_ago(3):
        post = make_thread(author=member).opening_post
    with _weeks_ago(1):
        for kind in ("support", "support", "relate"):
            services.toggle_reaction(post=post, member=UserFactory(), kind=kind)
    services.toggle_reaction(post=post, member=UserFactory(), kind="helpful")
    activity = _activity(member_client)
    assert activity.reactions["support"][-2:] == [2, 0]
    assert activity.reactions["relate"][-2:] == [1, 0]
    assert activity.reactions["helpful"][-2:] == [0, 1]
    assert activity.total_reactions == 4


def test_reactions_to_other_members_posts_are_not_counted(member_client, member, someone_elses_thread):
    services.toggle_reaction(post=someone_elses_thread.opening_post, member=member, kind="support")
    services.toggle_reaction(post=someone_elses_thread.opening_post, member=UserFactory(), kind="relate")
    assert _activity(member_client).total_reactions == 0


def test_anonymous_posts_count_in_the_members_own_chart(member_client, member, someone_elses_thread):
    services.reply(thread=someone_elses_thread, author=member, body="Said quietly", anonymous=True)
    response = member_client.get(URL)
    assert response.context["activity"].total_replies == 1
    assert "Your anonymous posts are counted here too" in response.content.decode()


def test_deleted_posts_are_not_counted(member_client, member, someone_elses_thread):
    post = services.reply(thread=someone_elses_thread, author=member, body="Taken back")
    services.delete_post(post=post)
    assert _activity(member_client).total_replies == 0


def test_weeks_follow_the_members_time_zone(client, someone_elses_thread):
    member = UserFactory(time_zone="Australia/Sydney")
    with time_machine.travel(datetime(2025, 3, 9, 13, 30, tzinfo=UTC), tick=False):  # Monday 00:30 in Sydney
        services.reply(thread=someone_elses_thread, author=member, body="Start of my week")
    client.force_login(member)
    assert _activity(client).replies[-1] == 1


def test_a_member_sees_only_their_own_activity(client, member, other_member, someone_elses_thread):
    for n in range(3):
        services.reply(thread=someone_elses_thread, author=member, body=f"Reply {n}")
    client.force_login(other_member)
    activity = _activity(client)
    assert activity.total_replies == 0
    assert activity.total_threads_started == 0


def test_the_activity_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_account_menu_links_to_the_activity_page(member_client):
    assert f'href="{URL}"' in member_client.get(reverse("accounts:preferences")).content.decode()


def test_the_activity_page_needs_a_bounded_number_of_queries(
    member_client, member, someone_elses_thread, django_assert_max_num_queries
):
    for weeks in range(4):
        with _weeks_ago(weeks):
            reply = services.reply(thread=someone_elses_thread, author=member, body="Another week")
            services.toggle_reaction(post=reply, member=UserFactory(), kind="support")
    with django_assert_max_num_queries(8):
        member_client.get(URL)
