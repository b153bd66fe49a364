"""Moderation hours: when moderators are on duty, and the rules that switch on outside those hours
(exactly at the boundaries, on the local clock, across daylight-saving changes)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from forum import services as forum_services
from forum.models import Post
from moderation import hours, services
from moderation.apps import check_moderation_hours
from moderation.models import FlagReason, QueueEntry
from tests.factories import ModeratorFactory, UserFactory, make_thread

LONDON = ZoneInfo("Europe/London")
HOURS = "Mon-Fri 08:00-20:00, Sat-Sun 10:00-16:00"


def london(day: str, clock: str) -> datetime:
    """A moment on the London wall clock: london("2026-03-02", "07:59:59") (a Monday)."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LONDON)


ON_DUTY = london("2026-03-02", "12:00:00")  # a Monday


@pytest.fixture
def staffed_hours(settings):
    settings.HAVEN_MODERATION_HOURS = HOURS
    settings.HAVEN_MODERATION_TIMEZONE = "Europe/London"


@pytest.fixture
def thread(staffed_hours, member, category):
    """Written while moderators are on duty, so that it is published whatever the time the tests
    run at (a newcomer's post written outside hours waits for review)."""
    with time_machine.travel(ON_DUTY, tick=False):
        return make_thread(author=member, category=category, title="Carrying it home")


# --- When moderators are on duty ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "staffed"),
    [
        (london("2026-03-02", "07:59:59"), False),  # Monday
        (london("2026-03-02", "08:00:00"), True),
        (london("2026-03-02", "19:59:59"), True),
        (london("2026-03-02", "20:00:00"), False),
        (london("2026-03-07", "09:59:59"), False),  # Saturday
        (london("2026-03-07", "10:00:00"), True),
        (london("2026-03-07", "15:59:59"), True),
        (london("2026-03-07", "16:00:00"), False),
    ],
)
def test_hours_start_inclusive_and_end_exclusive(staffed_hours, moment, staffed):
    assert hours.is_staffed(moment) is staffed


def test_hours_follow_the_local_clock_across_the_change_to_summer_time(staffed_hours):
    # Friday before the change: 08:00 GMT is 08:00 UTC. Monday after: 08:00 BST is 07:00 UTC.
    assert not hours.is_staffed(datetime(2026, 3, 27, 7, 59, 59, tzinfo=ZoneInfo("UTC")))
    assert hours.is_staffed(datetime(2026, 3, 27, 8, 0, tzinfo=ZoneInfo("UTC")))
    assert not hours.is_staffed(datetime(2026, 3, 30, 6, 59, 59, tzinfo=ZoneInfo("UTC")))
    assert hours.is_staffed(datetime(2026, 3, 30, 7, 0, tzinfo=ZoneInfo("UTC")))


def test_no_hours_set_means_always_staffed(settings):
    settings.HAVEN_MODERATION_HOURS = ""
    assert hours.is_staffed(london("2026-03-02", "03:00:00"))
    assert hours.next_staffed_start(london("2026-03-02", "03:00:00")) is None
    assert hours.describe() is None


@pytest.mark.parametrize(
    ("moment", "back"),
    [
        (london("2026-03-02", "07:59:59"), london("2026-03-02", "08:00:00")),
        (london("2026-03-06", "20:00:00"), london("2026-03-07", "10:00:00")),  # Friday night
        (london("2026-03-08", "16:00:00"), london("2026-03-09", "08:00:00")),  # Sunday afternoon
    ],
)
def test_next_staffed_start(staffed_hours, moment, back):
    assert hours.next_staffed_start(moment) == back


def test_next_staffed_start_is_now_while_staffed(staffed_hours):
    moment = london("2026-03-02", "12:00:00")
    assert hours.next_staffed_start(moment) == moment


def test_next_staffed_start_across_the_change_to_summer_time(staffed_hours):
    # Saturday 16:00 GMT; Sunday 10:00 is already BST, so 09:00 UTC.
    back = hours.next_staffed_start(london("2026-03-28", "16:00:00"))
    assert back.astimezone(ZoneInfo("UTC")) == datetime(2026, 3, 29, 9, 0, tzinfo=ZoneInfo("UTC"))


def test_a_period_past_midnight_runs_into_the_next_day(settings):
    settings.HAVEN_MODERATION_HOURS = "Fri 22:00-02:00"
    settings.HAVEN_MODERATION_TIMEZONE = "Europe/London"
    assert not hours.is_staffed(london("2026-03-06", "21:59:59"))
    assert hours.is_staffed(london("2026-03-06", "22:00:00"))
    assert hours.is_staffed(london("2026-03-07", "01:59:59"))
    assert not hours.is_staffed(london("2026-03-07", "02:00:00"))
    assert hours.next_staffed_start(london("2026-03-07", "02:00:00")) == london("2026-03-13", "22:00:00")


def test_a_period_can_end_at_midnight(settings):
    settings.HAVEN_MODERATION_HOURS = "Daily 18:00-24:00"
    settings.HAVEN_MODERATION_TIMEZONE = "Europe/London"
    assert hours.is_staffed(london("2026-03-02", "23:59:59"))
    assert not hours.is_staffed(london("2026-03-03", "00:00:00"))


def test_the_hours_are_described_for_members(staffed_hours):
    assert hours.describe() == (
        "Monday to Friday, 08:00–20:00; Saturday and Sunday, 10:00–16:00 (Europe/London time)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Mon-Fro 08:00-20:00",
        "Mon 8am-5pm",
        "Mon 08:00-25:00",
        "Mon 24:00-08:00",
        "Mon 08:60-09:00",
        "08:00-20:00",
    ],
)
def test_unreadable_hours_are_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        hours.parse(text, "Europe/London")


def test_an_unknown_time_zone_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        hours.parse(HOURS, "Europe/Atlantis")


def test_the_system_check_reports_unreadable_hours(settings):
    settings.HAVEN_MODERATION_HOURS = "Weekdays 9-5"
    assert [error.id for error in check_moderation_hours()] == ["haven.E001"]


# --- "Moderators are back at HH:MM", in the member's time zone --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member_zone", "moment", "expected"),
    [
        ("Europe/London", london("2026-03-02", "07:00:00"), "08:00"),
        ("Europe/London", london("2026-03-06", "21:00:00"), "10:00 tomorrow"),
        ("America/New_York", london("2026-03-06", "21:00:00"), "05:00 tomorrow"),
        ("Asia/Tokyo", london("2026-03-06", "21:00:00"), "19:00"),  # already Saturday morning there
    ],
)
def test_members_see_when_moderators_are_back_in_their_own_time(staffed_hours, member_zone, moment, expected):
    member = UserFactory(time_zone=member_zone)
    assert hours.moderators_back_at(member, moment) == expected


@pytest.mark.django_db
def test_a_return_days_away_names_the_day(settings, member):
    settings.HAVEN_MODERATION_HOURS = "Mon-Fri 08:00-20:00"
    settings.HAVEN_MODERATION_TIMEZONE = "Europe/London"
    member.time_zone = "Europe/London"
    assert hours.moderators_back_at(member, london("2026-03-06", "21:00:00")) == "08:00 on Monday"


@pytest.mark.django_db
def test_nothing_is_said_while_moderators_are_on_duty(staffed_hours, member):
    assert hours.moderators_back_at(member, london("2026-03-02", "12:00:00")) is None


@pytest.mark.django_db
def test_the_flag_form_says_when_moderators_are_back_with_crisis_resources(
    staffed_hours, client, other_member, thread
):
    client.force_login(other_member)
    with time_machine.travel(london("2026-03-02", "07:30:00"), tick=False):
        page = client.get(reverse("moderation:flag", args=[thread.opening_post.pk])).content.decode()
    assert "Moderators are back at 08:00" in page
    assert "116 123" in page and "988" in page


@pytest.mark.django_db
def test_the_flag_form_says_nothing_about_hours_while_moderators_are_on_duty(
    staffed_hours, client, other_member, thread
):
    client.force_login(other_member)
    with time_machine.travel(london("2026-03-02", "08:00:00"), tick=False):
        response = client.get(reverse("moderation:flag", args=[thread.opening_post.pk]))
    assert response.status_code == 200
    assert "Moderators are back at" not in response.content.decode()


@pytest.mark.django_db
def test_the_guidelines_show_the_staffed_hours(staffed_hours, client):
    page = client.get(reverse("forum:guidelines")).content.decode()
    assert "Monday to Friday, 08:00–20:00; Saturday and Sunday, 10:00–16:00 (Europe/London time)" in page


@pytest.mark.django_db
def test_the_guidelines_say_nothing_about_hours_when_none_are_set(client):
    assert "When moderators are on duty" not in client.get(reverse("forum:guidelines")).content.decode()


# --- Newcomers' posts are held outside staffed hours -------------------------------------------------


@pytest.fixture
def recent_member(db):
    """Joined two days before the Monday morning these tests look at; trusted since their first post."""
    return UserFactory(date_joined=london("2026-02-28", "12:00:00"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("clock", "state"), [("07:59:59", Post.State.PENDING), ("08:00:00", Post.State.PUBLISHED)]
)
def test_a_recent_members_post_waits_for_approval_outside_hours(
    staffed_hours, recent_member, thread, clock, state
):
    with time_machine.travel(london("2026-03-02", clock), tick=False):
        post = forum_services.reply(thread=thread, author=recent_member, body="Hello from the night shift")
    assert post.state == state
    assert QueueEntry.objects.filter(post=post, awaiting_approval=True).exists() == (
        state == Post.State.PENDING
    )


@pytest.mark.django_db
def test_members_who_joined_long_ago_are_not_held_outside_hours(staffed_hours, thread):
    veteran = UserFactory(date_joined=london("2025-01-01", "12:00:00"))
    with time_machine.travel(london("2026-03-02", "03:00:00"), tick=False):
        post = forum_services.reply(thread=thread, author=veteran, body="Awake again")
    assert post.state == Post.State.PUBLISHED


@pytest.mark.django_db
def test_how_recent_counts_as_new_is_a_setting(staffed_hours, settings, recent_member, thread):
    settings.HAVEN_OFF_HOURS_NEWCOMER_DAYS = 1
    with time_machine.travel(london("2026-03-02", "03:00:00"), tick=False):
        post = forum_services.reply(thread=thread, author=recent_member, body="Awake again")
    assert post.state == Post.State.PUBLISHED


@pytest.mark.django_db
def test_moderators_are_never_held_outside_hours(staffed_hours, thread):
    moderator = UserFactory(is_moderator=True, date_joined=london("2026-03-01", "12:00:00"))
    with time_machine.travel(london("2026-03-02", "03:00:00"), tick=False):
        post = forum_services.reply(thread=thread, author=moderator, body="Checking in")
    assert post.state == Post.State.PUBLISHED


@pytest.mark.django_db
def test_a_held_author_is_told_when_moderators_are_back(staffed_hours, client, recent_member, thread):
    client.force_login(recent_member)
    with time_machine.travel(london("2026-03-02", "03:00:00"), tick=False):
        response = client.post(
            reverse("forum:reply", args=[thread.pk]), {"body": "Hello at 3am"}, follow=True
        )
    assert "Moderators are back at 08:00 (your time)" in response.content.decode()


# --- Fewer flags hide a post outside staffed hours ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("clock", "hidden"), [("19:59:59", False), ("20:00:00", True)])
def test_two_flags_hide_a_post_outside_hours(staffed_hours, settings, thread, clock, hidden):
    settings.HAVEN_AUTO_HIDE_FLAGS = 3
    settings.HAVEN_OFF_HOURS_AUTO_HIDE_FLAGS = 2
    with time_machine.travel(ON_DUTY, tick=False):
        post = forum_services.reply(thread=thread, author=UserFactory(), body="Something unkind")
    with time_machine.travel(london("2026-03-02", clock), tick=False):
        services.flag_post(post, UserFactory(), FlagReason.HARASSMENT)
        services.flag_post(post, UserFactory(), FlagReason.HARASSMENT)
    post.refresh_from_db()
    assert (post.state == Post.State.AUTO_HIDDEN) is hidden


# --- Crisis items email the on-call moderators at once outside staffed hours --------------------------


@pytest.fixture
def on_call(db):
    return ModeratorFactory(display_name="On Call")


@pytest.mark.django_db
@pytest.mark.parametrize(("clock", "emailed"), [("19:59:59", False), ("20:00:00", True)])
def test_a_crisis_post_outside_hours_emails_the_on_call_moderators(
    staffed_hours, on_call, member, thread, django_capture_on_commit_callbacks, clock, emailed
):
    with (
        time_machine.travel(london("2026-03-02", clock), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == ([[on_call.email]] if emailed else [])


@pytest.mark.django_db
def test_the_email_carries_no_post_content_and_links_the_crisis_queue(
    staffed_hours, on_call, member, thread, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(london("2026-03-02", "03:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert "kill myself" not in mail.outbox[0].body
    assert reverse("moderation:crisis_queue") in mail.outbox[0].body
    assert "outside moderation hours" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_may_be_at_risk_report_outside_hours_emails_the_on_call_moderators(
    staffed_hours, on_call, thread, django_capture_on_commit_callbacks
):
    post = forum_services.reply(thread=thread, author=UserFactory(), body="Nobody would notice if I was gone")
    with (
        time_machine.travel(london("2026-03-02", "03:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.flag_post(post, UserFactory(), FlagReason.CRISIS, "Worried about them")
    assert [message.to for message in mail.outbox] == [[on_call.email]]


@pytest.mark.django_db
def test_a_second_report_on_the_same_item_sends_no_second_email(
    staffed_hours, on_call, thread, django_capture_on_commit_callbacks
):
    post = forum_services.reply(thread=thread, author=UserFactory(), body="Nobody would notice")
    with (
        time_machine.travel(london("2026-03-02", "03:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.flag_post(post, UserFactory(), FlagReason.CRISIS)
        services.flag_post(post, UserFactory(), FlagReason.CRISIS)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_moderators_off_shift_are_not_emailed(
    staffed_hours, on_call, member, thread, django_capture_on_commit_callbacks
):
    resting = ModeratorFactory()
    services.set_on_shift(resting, False)
    with (
        time_machine.travel(london("2026-03-02", "03:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == [[on_call.email]]


@pytest.mark.django_db
def test_if_every_moderator_is_off_shift_all_are_emailed(
    staffed_hours, on_call, member, thread, django_capture_on_commit_callbacks
):
    services.set_on_shift(on_call, False)
    with (
        time_machine.travel(london("2026-03-02", "03:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == [[on_call.email]]


@pytest.mark.django_db
def test_in_hours_crisis_email_still_follows_the_setting(
    staffed_hours, settings, on_call, member, thread, django_capture_on_commit_callbacks
):
    settings.HAVEN_EMAIL_MODERATORS_ON_CRISIS = True
    with (
        time_machine.travel(london("2026-03-02", "12:00:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        forum_services.reply(thread=thread, author=member, body="I want to kill myself")
    assert [message.to for message in mail.outbox] == [[on_call.email]]
    assert "top of the moderation queue" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_on_call_list_is_the_moderators_on_shift(on_call):
    resting = UserFactory(is_moderator=True, display_name="Resting")
    UserFactory(display_name="Not a moderator")
    services.set_on_shift(resting, False)
    assert list(hours.on_call_moderators()) == [on_call]
    services.set_on_shift(resting, True)
    assert set(hours.on_call_moderators()) == {on_call, resting}


def test_off_hours_threshold_never_exceeds_the_usual_one(staffed_hours, settings):
    settings.HAVEN_AUTO_HIDE_FLAGS = 2
    settings.HAVEN_OFF_HOURS_AUTO_HIDE_FLAGS = 5
    assert hours.auto_hide_threshold(london("2026-03-02", "03:00:00")) == 2
    assert hours.auto_hide_threshold(london("2026-03-02", "12:00:00")) == 2


def test_a_recent_member_joined_within_the_window(staffed_hours, settings):
    member = UserFactory.build(date_joined=london("2026-03-01", "03:00:00"))
    assert hours.holds_posts_by(member, london("2026-03-02", "03:00:00"))
    assert not hours.holds_posts_by(member, london("2026-03-02", "03:00:00") + timedelta(days=8))
