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
from django.db import DEFAULT_DB_ALIAS, connections, router
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
        with connections[database].cursor() as cursor:
            cursor.execute(_session_query(), [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        *member_values, session_data, expire_date, unread_count = row
        member_id = member_values[0]  # None where the session has no member (all their columns are)
        if member_id is not None:
            self._member = _member_from_row(database, member_values, unread_count)
        return self.model(
            session_key=self.session_key,
            session_data=session_data,
            expire_date=expire_date,
            user_id=member_id,
        )

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


@cache
def _member_columns() -> tuple[list[str], list[tuple]]:
    """User's field names in _session_query's order, and (index, converters, column) for each
    column whose value needs converting (a JSONField's text becomes Python, as in the ORM)."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = User._meta.concrete_fields
    converters = [
        (index, functions, field.get_col(User._meta.db_table))
        for index, field in enumerate(fields)
        if (functions := field.get_db_converters(connection))
    ]
    return [field.attname for field in fields], converters


def _member_from_row(database: str, values: list, unread_count: int) -> User:
    """A User from _session_query's member columns, as the ORM would build it. A RawQuerySet
    worked out the same column order on every request: 0.6 ms of CPU per session, now 0.3."""
    names, converters = _member_columns()
    connection = connections[database]
    for index, functions, column in converters:
        for function in functions:
            values[index] = function(values[index], column, connection)
    member = User.from_db(database, names, values)
    member.unread_notification_count = unread_count
    return member


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
