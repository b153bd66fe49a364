"""Sessions: kept in PostgreSQL with the member they belong to, and read from Redis with REDIS_URL.

The Redis tests need a Redis server: REDIS_URL if set, else 127.0.0.1:6379 (CI provides one).
They keep their keys under a prefix of their own and delete only those.
"""

import importlib
import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MemberSession
from tests.factories import PASSWORD, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
CACHED_DB_PREFIX = "accounts.sessions.cached_db"


def _log_in(member) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _delete_account(client, member) -> None:
    mark_recently_reauthenticated(client, member)
    response = client.post(reverse("accounts:delete_account"), {"mode": "anonymise", "confirm": "on"})
    assert response.status_code == 200


def _session_key(client) -> str:
    return client.cookies["sessionid"].value


def _queries_on_the_session_table(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if MemberSession._meta.db_table in q["sql"]]


# --- PostgreSQL only (no REDIS_URL) ---------------------------------------------------------------


def test_a_session_records_the_member_it_belongs_to(member):
    client = _log_in(member)
    assert MemberSession.objects.get(session_key=_session_key(client)).user == member


def test_a_visitor_who_has_not_logged_in_has_a_session_without_a_member(client, member):
    session = client.session
    session["something"] = "remembered"
    session.save()
    assert MemberSession.objects.get(session_key=session.session_key).user is None


def test_deleting_an_account_logs_the_member_out_on_every_device(member_client, member):
    phone = _log_in(member)
    _delete_account(member_client, member)
    assert not MemberSession.objects.filter(user=member).exists()
    assert phone.get(reverse("forum:new_thread")).status_code == 302  # to the login page


def test_deleting_an_account_leaves_other_members_logged_in(member_client, member, other_member):
    someone_else = _log_in(other_member)
    _delete_account(member_client, member)
    assert MemberSession.objects.filter(user=other_member).exists()
    assert someone_else.get(reverse("forum:new_thread")).status_code == 200


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [(None, "accounts.sessions.db"), ("redis://127.0.0.1:6379/3", "accounts.sessions.cached_db")],
)
def test_the_settings_put_sessions_in_redis_only_when_redis_url_is_set(monkeypatch, redis_url, engine):
    import config.settings as production

    if redis_url:
        monkeypatch.setenv("REDIS_URL", redis_url)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    try:
        assert engine == importlib.reload(production).SESSION_ENGINE
    finally:
        monkeypatch.undo()
        importlib.reload(production)


# --- Redis in front of PostgreSQL (REDIS_URL) -----------------------------------------------------


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        return False


@pytest.fixture
def redis_sessions(settings):
    """The settings REDIS_URL gives: cache and sessions on Redis, under a key prefix of this test's."""
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI machines provide Redis on 127.0.0.1:6379 (tried {REDIS_URL})")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"haven-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SESSION_ENGINE = "accounts.sessions.cached_db"
    settings.HAVEN_RATE_LIMIT_STORE = "cache"
    cache = caches["default"]
    yield cache
    server = cache._cache.get_client()
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def _cached(cache, client):
    return cache.get(CACHED_DB_PREFIX + _session_key(client))


def test_logging_in_keeps_the_session_in_redis_and_in_postgresql(redis_sessions, member):
    client = _log_in(member)
    assert _cached(redis_sessions, client)["_auth_user_id"] == str(member.pk)
    assert MemberSession.objects.get(session_key=_session_key(client)).user == member


def test_pages_read_the_session_from_redis_without_a_session_query(redis_sessions, member):
    client = _log_in(member)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("forum:new_thread")).status_code == 200
    assert _queries_on_the_session_table(captured) == []


def test_a_session_outlives_a_redis_restart(redis_sessions, member):
    client = _log_in(member)
    redis_sessions.delete(CACHED_DB_PREFIX + _session_key(client))  # what a restart or eviction does
    assert client.get(reverse("forum:new_thread")).status_code == 200
    assert _cached(redis_sessions, client)["_auth_user_id"] == str(member.pk)  # cached again


def test_logging_out_deletes_the_session_from_redis_and_postgresql(redis_sessions, member):
    client = _log_in(member)
    key = _session_key(client)
    client.post(reverse("account_logout"))
    assert redis_sessions.get(CACHED_DB_PREFIX + key) is None
    assert not MemberSession.objects.filter(session_key=key).exists()
    assert client.get(reverse("forum:new_thread")).status_code == 302


def test_deleting_an_account_ends_its_sessions_in_redis_too(redis_sessions, member):
    laptop, phone = _log_in(member), _log_in(member)
    phone_key = _session_key(phone)
    _delete_account(laptop, member)
    assert redis_sessions.get(CACHED_DB_PREFIX + phone_key) is None
    assert not MemberSession.objects.filter(user=member).exists()
    assert phone.get(reverse("forum:new_thread")).status_code == 302
