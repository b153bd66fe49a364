"""Taking a break: for 1 day to 4 weeks a member hears nothing (no notifications, no email), may
leave chosen categories out of Latest, and lands on a calm page after logging in that says when the
break ends (in their time zone) and how to end it early. The break ends on time by itself."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from forum import member_services, services
from forum.models import Category, Notification, Post
from forum.notifications import deliver_due_emails, notify_moderation
from tests.factories import PASSWORD, CategoryFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday; 07:00 in New York


@pytest.fixture
def resting(db):
    """A member on a week's break that began at START."""
    member = UserFactory(time_zone="America/New_York")
    with time_machine.travel(START, tick=False):
        member_services.start_break(member, days=7)
    return member


@pytest.fixture
def during():
    with time_machine.travel(START + timedelta(days=3), tick=False):
        yield


def _notifications(member):
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


# --- Starting and ending --------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 3, 7, 14, 28])
def test_members_take_a_break_of_a_chosen_length(member_client, member, days):
    with time_machine.travel(START, tick=False):
        response = member_client.post(reverse("accounts:take_break"), {"days": days})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.break_until == START + timedelta(days=days)


@pytest.mark.parametrize("days", ["5", "0", "-1", "a week", ""])
def test_a_length_that_is_not_offered_is_a_form_error(member_client, member, days):
    response = member_client.post(reverse("accounts:take_break"), {"days": days})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.break_until is None


def test_the_service_refuses_a_length_that_is_not_offered(member):
    with pytest.raises(ValueError, match="A break lasts"):
        member_services.start_break(member, days=5)


@pytest.mark.parametrize("choice", ["999999", "not-a-number"])
def test_an_unknown_category_is_a_form_error(member_client, member, category, choice):
    response = member_client.post(reverse("accounts:take_break"), {"days": 7, "hidden_categories": [choice]})
    assert response.status_code == 200
    assert "Please check the form" in response.content.decode()
    member.refresh_from_db()
    assert member.break_until is None


def test_a_category_the_member_cannot_read_cannot_be_chosen(member_client, member):
    closed = CategoryFactory(access=Category.Access.VERIFIED_ONLY)
    response = member_client.post(
        reverse("accounts:take_break"), {"days": 7, "hidden_categories": [closed.pk]}
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.break_until is None


def test_members_end_their_break_early(client, resting, during):
    client.force_login(resting)
    response = client.post(reverse("accounts:end_break"))
    assert response.url == reverse("forum:latest")
    resting.refresh_from_db()
    assert resting.break_until is None and not resting.is_on_break


def test_ending_a_break_when_not_on_one_changes_nothing(member_client, member):
    assert member_client.post(reverse("accounts:end_break")).status_code == 302
    member.refresh_from_db()
    assert member.break_until is None


def test_starting_a_second_break_during_one_keeps_the_first(client, resting, during):
    client.force_login(resting)
    client.post(reverse("accounts:take_break"), {"days": 28})
    resting.refresh_from_db()
    assert resting.break_until == START + timedelta(days=7)


# --- The calm page --------------------------------------------------------------------------------


def test_the_break_page_says_when_it_ends_in_the_members_time_zone(client, resting, during):
    client.force_login(resting)
    page = client.get(reverse("accounts:take_break")).content.decode()
    assert "Monday 30 November 2026, 07:00" in page  # 12:00 UTC, in New York
    assert "America/New York time" in page


def test_the_break_page_shows_how_to_end_it_and_crisis_resources(client, resting, during, settings):
    client.force_login(resting)
    page = client.get(reverse("accounts:take_break")).content.decode()
    assert f'action="{reverse("accounts:end_break")}"' in page
    assert settings.HAVEN_CRISIS_RESOURCES[0]["name"] in page


def test_logging_in_during_a_break_lands_on_the_break_page(client, resting, during):
    response = client.post(reverse("account_login"), {"login": resting.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:take_break")


def test_where_the_member_was_going_stays_one_link_away(client, resting, during):
    thread = make_thread()
    response = client.post(
        f"{reverse('account_login')}?next={thread.get_absolute_url()}",
        {"login": resting.email, "password": PASSWORD},
    )
    assert response.url.startswith(reverse("accounts:take_break") + "?next=")
    page = client.get(response.url).content.decode()
    assert f'href="{thread.get_absolute_url()}">Continue to Haven anyway' in page


def test_an_address_on_another_site_is_never_offered(client, resting, during):
    client.force_login(resting)
    page = client.get(reverse("accounts:take_break"), {"next": "//elsewhere.example/"}).content.decode()
    assert "elsewhere.example" not in page


def test_logging_in_without_a_break_goes_to_the_forum(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.url == reverse("forum:latest")


def test_logging_in_after_the_break_ended_goes_to_the_forum(client, resting):
    with time_machine.travel(START + timedelta(days=7, minutes=1), tick=False):
        response = client.post(reverse("account_login"), {"login": resting.email, "password": PASSWORD})
    assert response.url == reverse("forum:latest")


# --- Silence --------------------------------------------------------------------------------------


def test_during_a_break_replies_mentions_and_reactions_do_not_notify(resting, during, category):
    resting.display_name = "Resting Member"
    resting.save()
    thread = make_thread(author=resting, category=category)
    other = UserFactory()
    services.reply(thread=thread, author=other, body="A reply to your thread")
    services.reply(thread=make_thread(), author=other, body="Hello @Resting Member")
    services.toggle_reaction(post=thread.opening_post, member=other, kind="support")
    assert _notifications(resting) == []


def test_a_reaction_does_not_update_an_earlier_notification_during_a_break(member, category):
    thread = make_thread(author=member, category=category)
    with time_machine.travel(START, tick=False):
        services.toggle_reaction(post=thread.opening_post, member=UserFactory(), kind="support")
        member_services.start_break(member, days=7)
    before = Notification.objects.get(recipient=member).message
    post = Post.objects.get(pk=thread.opening_post_id)  # as a new request loads it
    with time_machine.travel(START + timedelta(days=1), tick=False):
        services.toggle_reaction(post=post, member=UserFactory(), kind="support")
    assert Notification.objects.get(recipient=member).message == before


def test_during_a_break_no_email_is_sent(resting, during, category, django_capture_on_commit_callbacks):
    thread = make_thread(author=resting, category=category)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=thread, author=UserFactory(), body="A reply")
        notify_moderation(resting, "Your post is published")
    assert [message for message in mail.outbox if message.to == [resting.email]] == []


def test_moderation_notices_are_kept_in_the_site_without_email(resting, during):
    notification = notify_moderation(resting, "A moderator hid your post")
    assert notification.email == Notification.Email.NONE
    assert _notifications(resting) == ["moderation"]


def test_email_waiting_when_a_break_starts_is_dropped(settings):
    settings.HAVEN_DIGEST_HOUR = 20
    member = UserFactory(email_notifications="daily")
    with time_machine.travel(START, tick=False):
        notify_moderation(member, "Held for tonight's digest")
        member_services.start_break(member, days=1)
    with time_machine.travel(START + timedelta(days=2), tick=False):  # after the break
        assert deliver_due_emails(member) == 0
    assert mail.outbox == []
    assert Notification.objects.get(recipient=member).email == Notification.Email.NONE


def test_no_digest_goes_out_during_a_break(settings, resting):
    settings.HAVEN_DIGEST_HOUR = 8
    resting.email_notifications = "daily"
    resting.save()
    Notification.objects.create(
        recipient=resting, kind="moderation", message="pending", email=Notification.Email.PENDING
    )
    with time_machine.travel(START + timedelta(days=1, hours=2), tick=False):  # 09:00 in New York
        assert deliver_due_emails(resting) == 0
    assert mail.outbox == []


def test_the_break_ends_on_time_and_notifications_return(resting, category):
    thread = make_thread(author=resting, category=category)
    with time_machine.travel(START + timedelta(days=7, seconds=-1), tick=False):
        services.reply(thread=thread, author=UserFactory(), body="Just before the end")
        assert _notifications(resting) == []
    with time_machine.travel(START + timedelta(days=7, seconds=1), tick=False):
        services.reply(thread=thread, author=UserFactory(), body="Just after the end")
        assert _notifications(resting) == ["reply"]


def test_emails_return_when_the_break_ends(resting, category, django_capture_on_commit_callbacks):
    thread = make_thread(author=resting, category=category)
    with (
        time_machine.travel(START + timedelta(days=7, minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reply(thread=thread, author=UserFactory(), body="Welcome back")
    assert [message.to for message in mail.outbox] == [[resting.email]]


def test_notifications_return_at_once_when_the_break_is_ended_early(client, resting, during, category):
    thread = make_thread(author=resting, category=category)
    client.force_login(resting)
    client.post(reverse("accounts:end_break"))
    resting.refresh_from_db()
    services.reply(thread=thread, author=UserFactory(), body="Welcome back")
    assert _notifications(resting) == ["reply"]


# --- Categories set aside -------------------------------------------------------------------------


@pytest.fixture
def heavy(db):
    return CategoryFactory(name="Heavy cases")


@pytest.fixture
def resting_without_heavy(heavy, category):
    make_thread(category=heavy, title="A heavy thread")
    make_thread(category=category, title="A light thread")
    member = UserFactory()
    with time_machine.travel(START, tick=False):
        member_services.start_break(member, days=7, hidden_categories=[heavy])
    return member


def test_chosen_categories_are_saved_with_the_break(member_client, member, heavy):
    member_client.post(reverse("accounts:take_break"), {"days": 3, "hidden_categories": [heavy.pk]})
    member.refresh_from_db()
    assert member.break_hidden_categories == [heavy.pk]


def test_chosen_categories_are_left_out_of_latest_during_the_break(client, resting_without_heavy, during):
    client.force_login(resting_without_heavy)
    page = client.get(reverse("forum:latest")).content.decode()
    assert "A light thread" in page
    assert "A heavy thread" not in page
    assert "During your break, 1 category is left out of this list." in page


def test_chosen_categories_come_back_when_the_break_ends(client, resting_without_heavy):
    client.force_login(resting_without_heavy)
    with time_machine.travel(START + timedelta(days=7, minutes=1), tick=False):
        page = client.get(reverse("forum:latest")).content.decode()
    assert "A heavy thread" in page
    assert "left out of this list" not in page


def test_a_set_aside_category_shows_a_gentle_notice_and_its_threads_on_request(
    client, resting_without_heavy, heavy, during
):
    client.force_login(resting_without_heavy)
    page = client.get(heavy.get_absolute_url()).content.decode()
    assert "You set this category aside during your break" in page
    folded = page.split('<details class="set-aside">', 1)[1].split("</details>", 1)[0]
    assert "A heavy thread" in folded


def test_other_members_see_the_category_as_usual(member_client, resting_without_heavy, heavy, during):
    page = member_client.get(heavy.get_absolute_url()).content.decode()
    assert "set this category aside" not in page


def test_latest_stays_bounded_during_a_break(client, heavy, category, during, django_assert_max_num_queries):
    for n in range(15):
        make_thread(category=heavy if n % 2 else category, replies=1)
    member = UserFactory()
    member_services.start_break(member, days=7, hidden_categories=[heavy])
    client.force_login(member)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("forum:latest")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(heavy.get_absolute_url()).status_code == 200


# --- Your data ------------------------------------------------------------------------------------


def test_the_data_export_includes_reader_controls(member):
    member.mute_words = ["overdose"]
    member.hidden_warnings = ["abuse"]
    member.save()
    member_services.start_break(member, days=1)
    exported = member_services.member_data(member)["settings"]
    assert exported["mute_words"] == ["overdose"]
    assert exported["hidden_content_warnings"] == ["abuse"]
    assert exported["break_until"] is not None


def test_deleting_the_account_clears_reader_controls(member):
    member.mute_words = ["overdose"]
    member.hidden_warnings = ["abuse"]
    member.save()
    member_services.start_break(member, days=1)
    member_services.delete_account(member, member_services.KEEP_POSTS)
    member.refresh_from_db()
    assert (member.mute_words, member.hidden_warnings, member.break_until) == ([], [], None)
