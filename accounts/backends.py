"""Who is looking: the request's member, loaded with what the header shows.

Django's authentication reads the session, then the member, and the header then counts their
unread notifications, on every page a member opens. Here loading the member brings the count in
the same query. Everything else about authentication (which backend, the session hash check,
inactive members) stays Django's.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL


def unread_notification_count_sql(member_column: str) -> str:
    """SQL counting the unread notifications of the member whose id is in MEMBER_COLUMN
    ("table.column"): the header shows it on every page."""
    from forum.models import Notification

    table = Notification._meta.db_table
    return f"SELECT count(*) FROM {table} WHERE recipient_id = {member_column} AND read_at IS NULL"  # noqa: S608


def with_unread_notification_count(queryset, member_column: str):
    """QUERYSET with `unread_notification_count` (see unread_notification_count_sql), counted inside
    the same query. Written as SQL because a Subquery costs more CPU to build than the count costs."""
    count = unread_notification_count_sql(member_column)
    return queryset.annotate(unread_notification_count=RawSQL(count, [], output_field=IntegerField()))  # noqa: S611


class MemberBackendMixin:
    def get_user(self, user_id):
        from accounts.models import User

        members = with_unread_notification_count(User.objects.all(), f"{User._meta.db_table}.id")
        member = members.filter(pk=user_id).first()
        return member if member is not None and self.user_can_authenticate(member) else None


class ModelBackend(MemberBackendMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(MemberBackendMixin, AllauthBackend):
    pass
