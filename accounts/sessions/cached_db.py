"""Sessions read from the cache (Redis) and written through to PostgreSQL: SESSION_ENGINE with
REDIS_URL. A Redis restart or eviction costs one query to reload the session, not a login."""

from django.contrib.sessions.backends import cached_db

from accounts.sessions import MemberSessionStoreMixin


class SessionStore(MemberSessionStoreMixin, cached_db.SessionStore):
    cache_key_prefix = "accounts.sessions.cached_db"
