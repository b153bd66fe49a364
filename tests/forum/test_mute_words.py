"""Mute words: a member's private list of words and phrases. Posts, thread rows and search results
containing them are collapsed for that member only, and notifications about threads whose title
has one leave the title out, in the site and by email (forum/mute.py)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import ContentWarning, Notification
from forum.mute import MAX_MUTE_WORDS, reader_filter
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db

MUTED_POST = '<details class="muted-post"><summary>Hidden by your mute words (show)</summary>'
MUTED_ROW = '<details class="muted-row"><summary>A thread hidden by your mute words (show)</summary>'
MUTED_RESULT = '<details class="muted-result"><summary>A result hidden by your mute words (show)</summary>'


@pytest.fixture
def reader(db):
    return UserFactory(mute_words=["overdose", "self harm"])


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def _words(*words):
    return reader_filter(UserFactory.build(pk=1, mute_words=list(words)))


# --- Matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "muted"),
    [
        ("A client's Overdose last night", True),
        ("OVERDOSE.", True),
        ("overdosed", False),  # whole words only
        ("nonoverdose", False),
        ("thoughts of self harm", True),
        ("thoughts of self-harm", True),  # a phrase matches across hyphens…
        ("thoughts of self\n  harm", True),  # …and line breaks
        ("selfharm", False),
        ("nothing to see", False),
    ],
)
def test_mute_words_match_whole_words_and_phrases_in_any_case(text, muted):
    assert _words("overdose", "self harm").mutes(text) is muted


def test_words_that_begin_or_end_with_punctuation_still_match():
    assert _words("c++").mutes("I write C++ at night")
    assert not _words("c++").mutes("abc++")


def test_regular_expression_characters_in_mute_words_are_taken_literally():
    assert not _words("a.c").mutes("abc")
    assert _words("a.c").mutes("about a.c today")


def test_an_empty_list_mutes_nothing():
    assert not _words().mutes("overdose")


# --- Saving mute words ----------------------------------------------------------------------------


def _save(client, mute_words):
    warnings = {f"warning_{kind}": "collapsed" for kind in ContentWarning.values}
    data = {"email_notifications": "immediate", "time_zone": "UTC", "mute_words": mute_words, **warnings}
    return client.post(reverse("accounts:preferences"), data)


def test_members_save_mute_words_one_per_line_lowercased_and_without_repeats(member_client, member):
    assert _save(member_client, "Overdose\n\n  Self   Harm \noverdose\n").status_code == 302
    member.refresh_from_db()
    assert member.mute_words == ["overdose", "self harm"]


def test_the_preferences_page_shows_the_saved_mute_words(client):
    member = UserFactory(mute_words=["overdose", "self harm"])
    client.force_login(member)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert "overdose\nself harm</textarea>" in page


def test_more_than_the_limit_of_mute_words_is_a_form_error(member_client, member):
    words = "\n".join(f"word{n}" for n in range(MAX_MUTE_WORDS + 1))
    response = _save(member_client, words)
    assert response.status_code == 200
    assert f"the limit is {MAX_MUTE_WORDS}" in response.content.decode()
    member.refresh_from_db()
    assert member.mute_words == []


def test_a_mute_word_longer_than_sixty_characters_is_a_form_error(member_client):
    response = _save(member_client, "x" * 61)
    assert response.status_code == 200
    assert "is longer than 60 characters" in response.content.decode()


def test_a_nul_byte_in_mute_words_is_refused_and_nothing_is_saved(member_client, member):
    assert _save(member_client, "over\x00dose").status_code == 400  # the one NUL check (config/middleware.py)
    member.refresh_from_db()
    assert member.mute_words == []


# --- Thread page ----------------------------------------------------------------------------------


def test_a_post_containing_a_mute_word_is_collapsed_and_can_be_shown(reader_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="After the overdose I froze")
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert MUTED_POST in page
    assert "After the overdose I froze" in page.split(MUTED_POST, 1)[1]  # inside, one click away


def test_other_posts_are_not_collapsed(reader_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="A quiet day at work")
    assert "muted-post" not in reader_client.get(thread.get_absolute_url()).content.decode()


def test_mute_words_are_private_to_the_member_who_set_them(member_client, thread, reader):
    services.reply(thread=thread, author=UserFactory(), body="After the overdose I froze")
    assert "muted-post" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_a_members_own_posts_are_never_collapsed_for_them(client, thread):
    writer = UserFactory(mute_words=["overdose"])
    services.reply(thread=thread, author=writer, body="Writing about an overdose helps me")
    client.force_login(writer)
    assert "muted-post" not in client.get(thread.get_absolute_url()).content.decode()


def test_a_muted_post_with_a_content_warning_keeps_the_warning_inside(reader_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="The overdose", content_warning="graphic")
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    inside = page.split(MUTED_POST, 1)[1]
    assert inside.index('<details class="content-warning">') < inside.index("The overdose")


def test_the_thread_page_stays_bounded_with_mute_words(
    reader_client, category, django_assert_max_num_queries
):
    thread = make_thread(category=category, replies=25)
    for n in range(5):
        services.reply(thread=thread, author=UserFactory(), body=f"overdose story {n}")
    with django_assert_max_num_queries(10):
        response = reader_client.get(thread.get_absolute_url(), {"page": 2})
    assert response.status_code == 200


# --- Lists ----------------------------------------------------------------------------------------


@pytest.fixture
def muted_thread(category):
    return make_thread(category=category, title="After an overdose on shift", body="It stays with me")


@pytest.mark.parametrize("page", ["latest", "category"])
def test_a_thread_whose_title_has_a_mute_word_is_a_collapsed_row_in_lists(reader_client, muted_thread, page):
    path = reverse("forum:latest") if page == "latest" else muted_thread.category.get_absolute_url()
    html = reader_client.get(path).content.decode()
    row = html.split(MUTED_ROW, 1)[1]
    assert "After an overdose on shift" in row.split("</details>", 1)[0]


@pytest.mark.parametrize("page", ["latest", "category"])
def test_other_members_see_the_row_as_usual(member_client, muted_thread, reader, page):
    path = reverse("forum:latest") if page == "latest" else muted_thread.category.get_absolute_url()
    assert "muted-row" not in member_client.get(path).content.decode()


def test_the_members_own_thread_is_never_collapsed_for_them(client, category):
    writer = UserFactory(mute_words=["overdose"])
    make_thread(author=writer, category=category, title="My overdose story")
    client.force_login(writer)
    assert "muted-row" not in client.get(reverse("forum:latest")).content.decode()


def test_lists_stay_bounded_with_mute_words(reader_client, category, django_assert_max_num_queries):
    for n in range(30):
        make_thread(category=category, title=f"overdose {n}" if n % 2 else f"thread {n}", replies=1)
    with django_assert_max_num_queries(7):
        assert reader_client.get(reverse("forum:latest")).status_code == 200
    with django_assert_max_num_queries(8):
        assert reader_client.get(category.get_absolute_url()).status_code == 200


# --- Search ---------------------------------------------------------------------------------------


def test_a_search_result_whose_post_has_a_mute_word_is_collapsed(reader_client, thread):
    services.reply(thread=thread, author=UserFactory(), body="Supervision after an overdose")
    page = reader_client.get(reverse("forum:search"), {"q": "supervision"}).content.decode()
    assert MUTED_RESULT in page
    assert "1 result" in page  # collapsed, not left out: the count stays true


def test_a_search_result_in_a_thread_whose_title_has_a_mute_word_is_collapsed(reader_client, muted_thread):
    page = reader_client.get(reverse("forum:search"), {"q": "stays"}).content.decode()
    assert MUTED_RESULT in page


def test_search_results_without_mute_words_are_shown_as_usual(reader_client, thread):
    page = reader_client.get(reverse("forum:search"), {"q": "opening"}).content.decode()
    assert "muted-result" not in page
    assert "<mark>" in page


# --- Notifications and email ----------------------------------------------------------------------


def _follow(member, thread):
    services.set_thread_subscription(member=member, thread=thread, level="following")


def test_emails_about_a_thread_whose_title_has_a_mute_word_leave_the_title_out(
    reader, muted_thread, django_capture_on_commit_callbacks
):
    _follow(reader, muted_thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=muted_thread, author=UserFactory(), body="Thinking of you")
    (email,) = [message for message in mail.outbox if message.to == [reader.email]]
    assert "overdose" not in email.subject.lower() and "overdose" not in email.body.lower()
    assert "New reply in a thread you follow or took part in" in email.subject
    assert "New reply in a thread you follow or took part in" in email.body


def test_a_daily_digest_leaves_muted_titles_out_and_keeps_the_others(muted_thread, category, settings):
    from forum.notifications import deliver_due_emails

    reader = UserFactory(mute_words=["overdose"], email_notifications="daily")
    plain = make_thread(category=category, title="A good week")
    _follow(reader, muted_thread)
    _follow(reader, plain)
    services.reply(thread=muted_thread, author=UserFactory(), body="one")
    services.reply(thread=plain, author=UserFactory(), body="two")
    settings.HAVEN_DIGEST_HOUR = 0
    assert deliver_due_emails(reader) == 2
    body = mail.outbox[-1].body
    assert "overdose" not in body.lower()
    assert "A good week" in body


def test_emails_about_other_threads_still_name_them(reader, thread, django_capture_on_commit_callbacks):
    _follow(reader, thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=thread, author=UserFactory(), body="Thinking of you")
    (email,) = [message for message in mail.outbox if message.to == [reader.email]]
    assert thread.title in email.subject


def test_the_notifications_page_leaves_muted_titles_out(reader_client, reader, muted_thread):
    _follow(reader, muted_thread)
    services.reply(thread=muted_thread, author=UserFactory(), body="Thinking of you")
    page = reader_client.get(reverse("forum:notifications")).content.decode()
    assert "New reply in a thread you follow or took part in" in page
    assert "overdose" not in page.lower()
    # Only what is shown changes: the stored notification keeps its words.
    assert "overdose" in Notification.objects.get(recipient=reader).message


def test_the_notifications_page_stays_bounded_with_mute_words(
    reader_client, reader, muted_thread, django_assert_max_num_queries
):
    _follow(reader, muted_thread)
    for n in range(20):
        services.reply(thread=muted_thread, author=UserFactory(), body=f"reply {n}")
    with django_assert_max_num_queries(5):
        assert reader_client.get(reverse("forum:notifications")).status_code == 200


# --- Fragment cache -------------------------------------------------------------------------------


def test_a_muted_post_and_an_open_one_are_cached_apart(thread, reader):
    services.reply(thread=thread, author=UserFactory(), body="After the overdose I froze")
    plain, muting = Client(), Client()
    plain.force_login(UserFactory())
    muting.force_login(reader)
    assert "muted-post" not in plain.get(thread.get_absolute_url()).content.decode()
    assert MUTED_POST in muting.get(thread.get_absolute_url()).content.decode()
    assert "muted-post" not in plain.get(thread.get_absolute_url()).content.decode()
