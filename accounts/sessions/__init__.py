"""Where login sessions live, and how to end all of one member's.

Two session engines, chosen in config/settings.py:

- `accounts.sessions.db`: PostgreSQL only (the default).
- `accounts.sessions.cached_db` (with REDIS_URL): read from Redis, written through to PostgreSQL.
  Redis spares every request its session query; PostgreSQL keeps sessions durable, so a Redis
  restart, failover or eviction logs nobody out (a member mid-post would lose the draft).

Both store sessions in accounts.MemberSession, which records whose session each one is.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.db import router
from django.utils import timezone

from accounts.models import MemberSession, User


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
        # Django's, plus the member (accounts.backends), in SQL written once per process: the query
        # every page a member opens starts with would otherwise be compiled anew each time.
        database = router.db_for_read(self.model)
        rows = list(User.objects.raw(_session_query(), [self.session_key, timezone.now()]).using(database))
        if not rows:
            self._session_key = None
            return None
        row = rows[0]
        session = self.model(
            session_key=self.session_key,
            session_data=row.session_data,
            expire_date=row.session_expire_date,
            user_id=row.pk,
        )
        del row.session_data, row.session_expire_date  # the session's, not the member's
        if row.pk is not None:  # a member's session (the columns of the member are NULL otherwise)
            self._member = row
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


@cache
def _session_query() -> str:
    """One session by key, if unexpired, with every column of its member (a User, NULL where the
    session has none) and their unread notification count."""
    from accounts.backends import unread_notification_count_sql

    sessions, members = f'"{MemberSession._meta.db_table}"', f'"{User._meta.db_table}"'
    member_columns = ", ".join(f'{members}."{field.column}"' for field in User._meta.concrete_fields)
    return (
        f"SELECT {member_columns}, {sessions}.session_data, {sessions}.expire_date AS session_expire_date,"  # noqa: S608
        f" ({unread_notification_count_sql(f'{sessions}.user_id')}) AS unread_notification_count"
        f" FROM {sessions} LEFT JOIN {members} ON {members}.id = {sessions}.user_id"
        f" WHERE {sessions}.session_key = %s AND {sessions}.expire_date > %s"
    )


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
