"""Where login sessions live, and how to end all of one member's.

Two session engines, chosen in config/settings.py:

- `accounts.sessions.db`: PostgreSQL only (the default).
- `accounts.sessions.cached_db` (with REDIS_URL): read from Redis, written through to PostgreSQL.
  Redis spares every request its session query; PostgreSQL keeps sessions durable, so a Redis
  restart, failover or eviction logs nobody out (a member mid-post would lose the draft).

Both store sessions in accounts.MemberSession, which records whose session each one is, so that
end_sessions can log a member out everywhere.
"""

from importlib import import_module

from django.conf import settings

from accounts.models import MemberSession


class MemberSessionStoreMixin:
    """Saves sessions as MemberSession rows that name the logged-in member (Django's documented
    way of extending the database session engines: get_model_class and create_model_instance).

    Every save rewrites the row, so a key cycled at login or at a password change is recorded too.
    The member is loaded by accounts.backends, with the header's unread count, in one query.
    """

    @classmethod
    def get_model_class(cls):
        return MemberSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _member_id(data)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _member_id(data)
        return session


def _member_id(data) -> int | None:
    try:
        return int(data.get("_auth_user_id"))
    except (TypeError, ValueError):
        return None


def end_sessions(member) -> None:
    """Log MEMBER out everywhere: delete each of their sessions, and any cached copy of it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session_key in list(MemberSession.objects.filter(user=member).values_list("session_key", flat=True)):
        store.delete(session_key)
