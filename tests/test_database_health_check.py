"""A connection kept from an earlier request is checked before reuse without asking the server
(config/postgresql): a healthy one costs no round trip, a closed one is replaced."""

import select

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _other_connection():
    params = connection.get_connection_params()
    return psycopg.connect(
        **{key: params[key] for key in ("dbname", "user", "password", "host", "port") if params.get(key)},
        autocommit=True,
    )


def _last_query_of(pid: int) -> str:
    with _other_connection() as other:
        return other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]


def _request_starts():
    """What Django does when a request starts with a connection kept from an earlier one."""
    connection.close_if_unusable_or_obsolete()
    connection.close_if_health_check_failed()


def test_a_healthy_kept_connection_is_reused_without_a_round_trip():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last words'")
    pid = connection.connection.info.backend_pid
    _request_starts()
    assert connection.connection is not None and connection.connection.info.backend_pid == pid
    assert _last_query_of(pid) == "SELECT 'the last words'"


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    assert poller.poll(10_000), "the server's goodbye never arrived"
    _request_starts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_connection_is_not_usable():
    connection.ensure_connection()
    connection.connection.close()
    assert not connection.is_usable()
    connection.close()  # as Django does with an unusable connection
