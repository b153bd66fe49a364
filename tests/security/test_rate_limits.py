import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from forum.models import Post, Reaction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reply(client, thread, n):
    return client.post(reverse("forum:reply", args=[thread.pk]), {"body": f"reply number {n}"})


def test_too_many_replies_get_a_calm_429_and_nothing_is_saved(member_client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (3, 100, 600)}
    for n in range(3):
        assert _reply(member_client, thread, n).status_code == 302
    response = _reply(member_client, thread, 4)
    assert response.status_code == 429
    assert "Let’s take a breath" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not Post.objects.filter(body="reply number 4").exists()


def test_newcomers_get_half_the_limit(client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (4, 100, 600)}
    client.force_login(UserFactory(is_trusted=False))
    statuses = [_reply(client, thread, n).status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_the_per_ip_limit_covers_many_accounts(client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (10, 2, 600)}
    statuses = []
    for n in range(3):
        client.force_login(UserFactory())
        statuses.append(_reply(client, thread, n).status_code)
    assert statuses == [302, 302, 429]


def test_searches_are_limited(member_client, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "search": (1, 100, 600)}
    member_client.get(reverse("forum:search"), {"q": "x"})
    assert member_client.get(reverse("forum:search"), {"q": "x"}).status_code == 429


def test_new_threads_are_limited(member_client, settings, category):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "thread": (1, 100, 600)}
    data = {"category": category.pk, "body": "Words"}
    assert member_client.post(reverse("forum:new_thread"), {**data, "title": "First"}).status_code == 302
    assert member_client.post(reverse("forum:new_thread"), {**data, "title": "Second"}).status_code == 429


@pytest.mark.parametrize(
    "step",
    [
        {"body": "A draft to look at first", "preview": "1"},  # a preview
        {"body": ""},  # a form with an error
        {"body": "Some nights I want to die and I don't know who to tell"},  # the safe-messaging step
        {"body": "My client Jo Bloggs on 07700 900123 called again"},  # the confidentiality warning
    ],
)
def test_only_a_reply_that_is_posted_counts_toward_the_limit(member_client, thread, settings, step):
    """A newcomer who previews, meets the crisis guidance and then posts is never stopped before
    their words are posted."""
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (1, 100, 600)}
    for _ in range(3):
        assert member_client.post(reverse("forum:reply", args=[thread.pk]), step).status_code == 200
    assert _reply(member_client, thread, 1).status_code == 302


def test_a_reply_refused_for_the_limit_posts_when_sent_again_after_the_wait(member_client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (1, 100, 600)}
    assert _reply(member_client, thread, 1).status_code == 302
    form = {"body": "the one that waited", "submission_key": "key-1"}
    assert member_client.post(reverse("forum:reply", args=[thread.pk]), form).status_code == 429
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (10, 100, 600)}
    assert member_client.post(reverse("forum:reply", args=[thread.pk]), form).status_code == 302
    assert Post.objects.filter(body="the one that waited").exists()


def test_reactions_answer_429_as_json_for_javascript(member_client, thread, other_member, settings):
    from forum import services

    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "react": (1, 100, 600)}
    post = services.reply(thread=thread, author=other_member, body="x")
    url = reverse("forum:react", args=[post.pk])
    member_client.post(url, {"kind": "support"}, HTTP_ACCEPT="application/json")
    response = member_client.post(url, {"kind": "relate"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and response.json()["error"] == "Please slow down."
    assert Reaction.objects.count() == 1


def test_flags_and_exports_are_limited(member_client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "export": (1, 100, 3600)}
    assert member_client.post(reverse("accounts:export")).status_code == 200
    assert member_client.post(reverse("accounts:export")).status_code == 429


def test_reading_is_never_limited(member_client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (1, 1, 600)}
    for _ in range(5):
        assert member_client.get(thread.get_absolute_url(), {"page": 1}).status_code == 200


def _redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_limits_are_shared_through_redis_when_redis_url_is_set(member_client, thread, settings):
    """REDIS_URL switches the cache to Redis; counters are then shared by every worker."""
    import os

    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail("CI machines provide Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    settings.HAVEN_RATE_LIMIT_STORE = "cache"
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (2, 100, 600)}
    caches["default"].clear()
    try:
        assert [_reply(member_client, thread, n).status_code for n in range(3)] == [302, 302, 429]
        assert any(
            key.startswith(b":1:rl:reply:m:") for key in caches["default"]._cache.get_client().keys("*")
        )
    finally:
        caches["default"].clear()


def test_the_settings_pick_redis_from_redis_url(monkeypatch):
    import importlib

    import config.settings as production

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(production)
        assert reloaded.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert reloaded.HAVEN_RATE_LIMIT_STORE == "cache"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(production)


def test_without_redis_counters_live_in_postgresql_and_cost_one_query(
    member_client, thread, settings, django_assert_max_num_queries
):
    from django.db import connection

    assert settings.HAVEN_RATE_LIMIT_STORE == "database"
    from accounts.ratelimit import _hits_in_database

    with django_assert_max_num_queries(1):
        assert _hits_in_database(["rl:test:a", "rl:test:b"], 60) == [1, 1]
    assert _hits_in_database(["rl:test:a"], 60) == [2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE haven_rate_limit SET expires_at = now() - interval '1 second' WHERE key = 'rl:test:a'"
        )
    assert _hits_in_database(["rl:test:a"], 60) == [1]  # a new window starts from one


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(20, "less than a minute"), (75, "about a minute"), (170, "about 3 minutes"), (3500, "about an hour"),
     (7300, "about 2 hours")],
)  # fmt: skip
def test_the_wait_is_given_in_words_people_use(seconds, words):
    from accounts.ratelimit import wait_in_words

    assert wait_in_words(seconds) == words


def test_the_slow_down_page_says_how_long_in_words(member_client, thread, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "reply": (1, 100, 600)}
    _reply(member_client, thread, 1)
    page = _reply(member_client, thread, 2).content.decode()
    assert "minute" in page and "seconds)" not in page
