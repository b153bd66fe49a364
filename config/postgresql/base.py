"""Django's PostgreSQL backend with a health check that needs no round trip to the server.

Connections persist across requests and are checked before each request reuses one
(CONN_HEALTH_CHECKS), so that after PostgreSQL restarts the next request reconnects instead of
failing. Django checks by sending `SELECT 1` and waiting for the answer: a round trip on every
request, 73 µs of a worker's CPU plus the server's share and two context switches, for an answer
that is almost always yes. Between requests a healthy connection has nothing to read, while a
closed one does: the server's goodbye when it shuts down or restarts, or the end of the stream.
So a socket with something to read, or a connection psycopg already knows is broken, is not
reused. A connection lost without a word (a network cut) shows at its first query instead, which
answers the calm 503 page (config/middleware.py); Django then drops the connection, and the next
request connects afresh.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError):  # ValueError: the connection was closed meanwhile
            return False
