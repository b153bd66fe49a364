"""Who is looking: the request's member, loaded with what the header shows.

Django's authentication reads the session, then the member, and the header then counts their
unread notifications, on every page a member opens. Here loading the member brings the count in
the same query. Notifications are forum's (a layer above), so forum registers the SQL that counts
them when it loads (forum/apps.py: `register_unread_count`); until it has, members load without
the count and the header counts them itself. In the same way orgs registers the circles the member
belongs to and moderates (orgs/apps.py: `register_member_annotations`), which forum's visibility
rule reads; without them orgs looks them up on first use (orgs/access.py). Everything else about authentication (which
backend, the session hash check, inactive members) stays Django's.
"""

from collections.abc import Callable

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

_unread_count_sql: Callable[[str], str] | None = None
_member_annotations: list[Callable[[str], dict]] = []


def register_unread_count(sql: Callable[[str], str]) -> None:
    """Called by forum once: SQL(member_column) counts the unread notifications of the member whose
    id is in MEMBER_COLUMN ("table.column")."""
    global _unread_count_sql
    _unread_count_sql = sql


def register_member_annotations(annotations: Callable[[str], dict]) -> None:
    """Called by a higher app once: ANNOTATIONS(member_column) gives annotations (name -> expression)
    computed for the member whose id is in MEMBER_COLUMN inside the query that loads them."""
    if annotations not in _member_annotations:
        _member_annotations.append(annotations)


def with_unread_notification_count(queryset, member_column: str):
    """QUERYSET with `unread_notification_count`, counted inside the same query (as SQL: a Subquery
    costs more CPU to build than the count costs), once forum has registered how to count."""
    if _unread_count_sql is None:
        return queryset
    count = _unread_count_sql(member_column)
    return queryset.annotate(unread_notification_count=RawSQL(count, [], output_field=IntegerField()))  # noqa: S611


class MemberBackendMixin:
    def get_user(self, user_id):
        from accounts.models import User

        column = f"{User._meta.db_table}.id"
        members = with_unread_notification_count(User.objects.all(), column)
        for annotations in _member_annotations:
            members = members.annotate(**annotations(column))
        member = members.filter(pk=user_id).first()
        return member if member is not None and self.user_can_authenticate(member) else None


class ModelBackend(MemberBackendMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(MemberBackendMixin, AllauthBackend):
    pass
