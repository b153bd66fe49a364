"""Sessions in PostgreSQL (accounts.MemberSession): SESSION_ENGINE without REDIS_URL."""

from django.contrib.sessions.backends import db

from accounts.sessions import MemberSessionStoreMixin


class SessionStore(MemberSessionStoreMixin, db.SessionStore):
    pass
