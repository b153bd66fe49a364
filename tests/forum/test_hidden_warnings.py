"""Hiding by content warning: per kind, a member chooses collapsed (the default), always shown, or
hidden. Hidden kinds are folded behind a notice in thread pages, lists, search and notifications,
and emails about such threads leave the title out (forum/mute.py)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import ContentWarning
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

HIDDEN_POST = (
    '<details class="hidden-warning"><summary>Hidden by your content-warning settings (show)</summary>'
)
HIDDEN_ROW = (
    '<details class="hidden-warning-row"><summary>A thread hidden by your content-warning settings (show)'
)
HIDDEN_RESULT = '<details class="hidden-warning-result"><summary>A result hidden by your content-warning'


@pytest.fixture
def reader(db):
    return UserFactory(hidden_warnings=["abuse"])


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def abuse_thread(category):
    return services.create_thread(
        author=UserFactory(),
        category=category,
        title="What a client told me",
        body="Detailed account",
        content_warning="abuse",
    )


# --- Preferences ----------------------------------------------------------------------------------


def _save(client, **choices):
    data = {"email_notifications": "immediate", "time_zone": "UTC"}
    data |= {f"warning_{kind}": choices.get(kind, "collapsed") for kind in ContentWarning.values}
    return client.post(reverse("accounts:preferences"), data)


def test_members_choose_per_warning_kind_collapsed_shown_or_hidden(member_client, member):
    assert _save(member_client, violence="show", abuse="hide", graphic="hide").status_code == 302
    member.refresh_from_db()
    assert member.expanded_warnings == ["violence"]
    assert member.hidden_warnings == ["abuse", "graphic"]


def test_choosing_collapsed_again_clears_both_lists(client):
    member = UserFactory(expanded_warnings=["violence"], hidden_warnings=["abuse"])
    client.force_login(member)
    _save(client)
    member.refresh_from_db()
    assert (member.expanded_warnings, member.hidden_warnings) == ([], [])


def test_the_preferences_page_shows_each_kinds_current_choice(client):
    client.force_login(UserFactory(expanded_warnings=["violence"], hidden_warnings=["abuse"]))
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert 'name="warning_abuse" value="hide" id="id_warning_abuse_2" required checked' in page
    assert 'name="warning_violence" value="show" id="id_warning_violence_1" required checked' in page
    assert 'name="warning_graphic" value="collapsed" id="id_warning_graphic_0" required checked' in page


def test_an_unknown_choice_is_a_form_error(member_client, member):
    response = _save(member_client, abuse="both")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Thread page ----------------------------------------------------------------------------------


def test_a_post_with_a_hidden_warning_is_folded_behind_a_notice(reader_client, abuse_thread):
    page = reader_client.get(abuse_thread.get_absolute_url()).content.decode()
    inside = page.split(HIDDEN_POST, 1)[1].split("</details>", 1)[0]
    assert "<strong>Content warning:</strong> Abuse" in inside
    assert "Detailed account" in inside


def test_posts_with_other_warnings_stay_collapsed_as_usual(reader_client, category):
    thread = services.create_thread(
        author=UserFactory(), category=category, title="t", body="x", content_warning="violence"
    )
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert '<details class="content-warning">' in page
    assert "hidden-warning" not in page


def test_a_reply_with_a_hidden_warning_is_folded_in_a_thread_without_one(reader_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="Hard to read", content_warning="abuse")
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert HIDDEN_POST in page
    assert page.count("hidden-warning") == 1


def test_a_members_own_warned_post_is_not_hidden_from_them(client, category):
    writer = UserFactory(hidden_warnings=["abuse"])
    thread = services.create_thread(
        author=writer, category=category, title="Mine", body="My account", content_warning="abuse"
    )
    client.force_login(writer)
    assert "hidden-warning" not in client.get(thread.get_absolute_url()).content.decode()


# --- Lists ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["latest", "category"])
def test_a_thread_with_a_hidden_warning_is_a_collapsed_row_in_lists(reader_client, abuse_thread, page):
    path = reverse("forum:latest") if page == "latest" else abuse_thread.category.get_absolute_url()
    html = reader_client.get(path).content.decode()
    assert "What a client told me" in html.split(HIDDEN_ROW, 1)[1].split("</details>", 1)[0]


@pytest.mark.parametrize("page", ["latest", "category"])
def test_members_who_do_not_hide_the_kind_see_the_row_as_usual(member_client, abuse_thread, page):
    path = reverse("forum:latest") if page == "latest" else abuse_thread.category.get_absolute_url()
    html = member_client.get(path).content.decode()
    assert "hidden-warning-row" not in html
    assert "<strong>Content warning:</strong> Abuse" in html


# --- Search ---------------------------------------------------------------------------------------


def test_a_search_result_with_a_hidden_warning_is_collapsed(reader_client, abuse_thread):
    page = reader_client.get(reverse("forum:search"), {"q": "detailed account"}).content.decode()
    assert HIDDEN_RESULT in page


def test_a_reply_in_a_thread_with_a_hidden_warning_is_collapsed_in_search(reader_client, abuse_thread):
    services.reply(thread=abuse_thread, author=UserFactory(), body="Supervision helped")
    page = reader_client.get(reverse("forum:search"), {"q": "supervision"}).content.decode()
    assert HIDDEN_RESULT in page  # the result shows the thread's title


# --- Notifications and email ----------------------------------------------------------------------


def test_emails_about_a_thread_with_a_hidden_warning_leave_the_title_out(
    reader, abuse_thread, django_capture_on_commit_callbacks
):
    services.set_thread_subscription(member=reader, thread=abuse_thread, level="following")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=abuse_thread, author=UserFactory(), body="Thinking of you")
    (email,) = [message for message in mail.outbox if message.to == [reader.email]]
    assert abuse_thread.title not in email.subject
    assert abuse_thread.title not in email.body
    assert "New reply in a thread you follow or took part in" in email.subject


def test_a_mention_in_a_thread_with_a_hidden_warning_is_neutral_too(
    abuse_thread, django_capture_on_commit_callbacks
):
    maya = UserFactory(display_name="Maya L", hidden_warnings=["abuse"])
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=abuse_thread, author=UserFactory(), body="@Maya L what do you think?")
    (email,) = [message for message in mail.outbox if message.to == [maya.email]]
    assert email.subject == "[Haven] Someone mentioned you in a thread"


def test_the_notifications_page_leaves_the_title_out(reader_client, reader, abuse_thread):
    services.set_thread_subscription(member=reader, thread=abuse_thread, level="following")
    services.reply(thread=abuse_thread, author=UserFactory(), body="Thinking of you")
    page = reader_client.get(reverse("forum:notifications")).content.decode()
    assert "New reply in a thread you follow or took part in" in page
    assert abuse_thread.title not in page


# --- Fragment cache and query counts --------------------------------------------------------------


def test_a_hidden_row_and_an_open_one_are_cached_apart(abuse_thread, reader):
    plain, hiding = Client(), Client()
    plain.force_login(UserFactory())
    hiding.force_login(reader)
    assert "hidden-warning-row" not in plain.get(reverse("forum:latest")).content.decode()
    assert HIDDEN_ROW in hiding.get(reverse("forum:latest")).content.decode()
    assert "hidden-warning-row" not in plain.get(reverse("forum:latest")).content.decode()


def test_pages_stay_bounded_with_hidden_warnings(reader_client, category, django_assert_max_num_queries):
    for n in range(30):
        services.create_thread(
            author=UserFactory(), category=category, title=f"t{n}", body="x", content_warning="abuse"
        )
    thread = make_thread(category=category, replies=22)
    for _ in range(3):
        services.reply(thread=thread, author=UserFactory(), body="warned", content_warning="abuse")
    with django_assert_max_num_queries(7):
        assert reader_client.get(reverse("forum:latest")).status_code == 200
    with django_assert_max_num_queries(8):
        assert reader_client.get(category.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert reader_client.get(thread.get_absolute_url(), {"page": 2}).status_code == 200
