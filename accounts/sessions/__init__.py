"""Where login sessions live, and how to end all of one member's.

Two session engines, chosen in config/settings.py:

- `accounts.sessions.db`: PostgreSQL only (the default).
- `accounts.sessions.cached_db` (with REDIS_URL): read from Redis, written through to PostgreSQL.
  Redis spares every request its session query; PostgreSQL keeps sessions durable, so a Redis
  restart, failover or eviction logs nobody out (a member mid-post would lose the draft).

Both store sessions in accounts.MemberSession, which records whose session each one is.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from accounts.models import MemberSession


class MemberSessionStoreMixin:
    """Saves sessions as MemberSession rows that name the logged-in member.

    Every save rewrites the row, so a key cycled at login or at a password change is recorded too.
    Loading a session from PostgreSQL brings its member along (`member`, with the header's unread
    count), which accounts.backends hands to authentication instead of querying again.
    """

    _member = None

    @property
    def member(self):
        """The member whose session this is, if it was read from PostgreSQL in this request."""
        self._get_session()  # loads the session, once
        return self._member

    def _get_session_from_db(self):
        # Django's, plus the member (accounts.backends).
        from accounts.backends import with_unread_notification_count

        sessions = with_unread_notification_count(
            self.model.objects.select_related("user"), f"{self.model._meta.db_table}.user_id"
        )
        try:
            session = sessions.get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            self._session_key = None
            return None
        if session.user is not None:
            session.user.unread_notification_count = session.unread_notification_count
            self._member = session.user
        return session

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
