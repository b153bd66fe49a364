"""Which database each query uses when a read replica is configured (DATABASE_REPLICA_URL).

Writes always go to the primary. Reads go to the replica only inside a request that
ReplicaReadsMiddleware has opened for it: a GET or HEAD by a visitor who has not written in the
last HAVEN_REPLICA_STICKY_SECONDS. Everything else reads from the primary:

- a request that writes, from its start (POST) or from its first write on (read-your-own-writes);
- anything inside transaction.atomic, where a read decides what is written;
- sessions and the database cache, which must never be read stale (a login just made, a
  rate-limit counter just counted);
- management commands, task workers and anything else outside a request.

A replica lags the primary by a fraction of a second, so what a member sees on the replica can be
that old; what they wrote themselves, never.
"""

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
# The database cache's table (app label "django_cache") and the task queue: read-modify-write state.
PRIMARY_ONLY_APPS = {"django_cache", "django_tasks_db"}


@dataclasses.dataclass
class RequestRouting:
    replica_allowed: bool
    wrote: bool = False


_current: ContextVar[RequestRouting | None] = ContextVar("haven_request_routing", default=None)


@contextmanager
def request_routing(*, replica_allowed: bool) -> Iterator[RequestRouting]:
    """Route the reads of the code inside (one request) as described above; the yielded state
    says afterwards whether it wrote."""
    state = RequestRouting(replica_allowed=replica_allowed)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _current.get()
        if state is None or not state.replica_allowed:
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS or issubclass(model, AbstractBaseSession):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.replica_allowed = False
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica follows the primary's schema through replication
