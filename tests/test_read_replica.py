"""A read replica (DATABASE_REPLICA_URL): GET requests read from it, writes and a member's reads
right after they write go to the primary.

The "replica" alias here is a second connection to the test database (config/settings_test.py),
so the tests see where each query went, not replication itself. Queries through two connections
only see each other's rows once committed, hence transactional tests.
"""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberSession
from config import db_router
from config.middleware import ReplicaReadsMiddleware
from forum.models import Post

ROUTER = "config.db_router.PrimaryReplicaRouter"
both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    """The settings DATABASE_REPLICA_URL gives (the alias itself is always there in tests)."""
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.HAVEN_REPLICA_STICKY_SECONDS = 10


def _client_for(member) -> Client:
    client = Client()  # made after the settings change, so that it loads the middleware with them
    client.force_login(member)
    return client


def _queries(alias):
    return CaptureQueriesContext(connections[alias])


def _post_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if Post._meta.db_table in q["sql"]]


@both_databases
def test_a_members_page_is_read_from_the_replica(replica, member, thread):
    client = _client_for(member)
    with _queries("replica") as on_replica, _queries("default") as on_primary:
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert _post_queries(on_replica)
    assert _post_queries(on_primary) == []


@both_databases
def test_after_replying_a_member_reads_their_reply_from_the_primary(replica, other_member, thread):
    client = _client_for(other_member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here, every week."})
    assert response.status_code == 302
    with _queries("replica") as on_replica:
        page = client.get(response.url)
    assert "Same here, every week." in page.content.decode()
    assert on_replica.captured_queries == []


@both_databases
def test_a_members_reads_return_to_the_replica_once_the_sticky_window_ends(replica, other_member, thread):
    client = _client_for(other_member)
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here, every week."})
    with time_machine.travel(timezone.now() + timedelta(seconds=11)), _queries("replica") as on_replica:
        assert client.get(thread.get_absolute_url(), {"page": 1}).status_code == 200
    assert _post_queries(on_replica)


@both_databases
def test_a_primary_cookie_far_in_the_future_is_ignored(replica, member, thread):
    client = _client_for(member)
    client.cookies[ReplicaReadsMiddleware.COOKIE] = str(int(timezone.now().timestamp()) + 10**6)
    with _queries("replica") as on_replica:
        client.get(thread.get_absolute_url())
    assert _post_queries(on_replica)


@both_databases
def test_reads_inside_a_transaction_go_to_the_primary(replica):
    with db_router.request_routing(replica_allowed=True):
        assert router.db_for_read(Post) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Post) == "default"


def test_a_write_moves_the_rest_of_the_request_to_the_primary(replica):
    with db_router.request_routing(replica_allowed=True) as routing:
        assert router.db_for_write(Post) == "default"
        assert router.db_for_read(Post) == "default"
    assert routing.wrote


@pytest.mark.parametrize(
    "model", [MemberSession, Session, DatabaseCache("haven_cache", {}).cache_model_class]
)
def test_sessions_and_the_database_cache_are_always_read_from_the_primary(replica, model):
    with db_router.request_routing(replica_allowed=True):
        assert router.db_for_read(model) == "default"


def test_outside_a_request_everything_reads_from_the_primary(replica):
    assert router.db_for_read(Post) == "default"


def test_migrations_never_run_on_the_replica(replica):
    assert router.allow_migrate_model("default", Post)
    assert not router.allow_migrate_model("replica", Post)
    assert not router.allow_migrate("replica", "accounts")


@pytest.mark.django_db
def test_without_a_replica_nothing_is_routed_and_no_cookie_is_set(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Same here."})
    assert response.status_code == 302
    assert ReplicaReadsMiddleware.COOKIE not in response.cookies
    assert router.db_for_read(Post) == "default"


@pytest.mark.parametrize(
    ("replica_url", "routers"),
    [(None, []), ("postgresql://reader@replica.example.org:5432/haven", [ROUTER])],
)
def test_the_settings_add_the_replica_only_when_its_url_is_set(monkeypatch, replica_url, routers):
    import config.settings as production

    if replica_url:
        monkeypatch.setenv("DATABASE_REPLICA_URL", replica_url)
    else:
        monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    try:
        reloaded = importlib.reload(production)
        assert getattr(reloaded, "DATABASE_ROUTERS", []) == routers
        assert ("replica" in reloaded.DATABASES) == bool(replica_url)
        if replica_url:
            assert reloaded.DATABASES["replica"]["HOST"] == "replica.example.org"
            assert reloaded.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.undo()
        importlib.reload(production)


def test_transaction_pooling_turns_off_server_side_cursors(monkeypatch):
    import config.settings as production

    monkeypatch.setenv("DATABASE_TRANSACTION_POOLING", "1")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://reader@replica.example.org:5432/haven")
    try:
        reloaded = importlib.reload(production)
        assert all(database["DISABLE_SERVER_SIDE_CURSORS"] for database in reloaded.DATABASES.values())
    finally:
        monkeypatch.undo()
        importlib.reload(production)


@pytest.mark.parametrize(
    ("environment", "prepared"),
    [
        ({}, True),
        ({"DATABASE_TRANSACTION_POOLING": "1"}, False),
        ({"DATABASE_TRANSACTION_POOLING": "1", "DATABASE_PREPARED_STATEMENTS": "1"}, True),
        ({"DATABASE_PREPARED_STATEMENTS": "0"}, False),
    ],
)
def test_prepared_statements_unless_a_transaction_pooler_may_lose_them(monkeypatch, environment, prepared):
    import config.settings as production

    monkeypatch.delenv("DATABASE_TRANSACTION_POOLING", raising=False)
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://reader@replica.example.org:5432/haven")
    try:
        reloaded = importlib.reload(production)
        for database in reloaded.DATABASES.values():
            options = database.get("OPTIONS", {})
            assert options.get("server_side_binding", False) is prepared
            assert (options.get("prepare_threshold") is not None) is prepared
    finally:
        monkeypatch.undo()
        importlib.reload(production)
