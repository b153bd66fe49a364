"""Who is looking: the request's member, loaded in one query.

Django's authentication reads the session (one query), then the member (a second), and the header
then counts their unread notifications (a third), on every page a member opens. Here the session
query brings the member and the count along (accounts/sessions: a join on MemberSession.user), and
where the session came from Redis instead, loading the member brings the count. Everything else
about authentication (which backend, the session hash check, inactive members) stays Django's:
MemberAuthenticationMiddleware hands the member loaded with the session to the backend's
get_user through a context variable that lives only for that call.
"""

from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils.functional import SimpleLazyObject

_member_from_session = ContextVar("member_from_session", default=None)


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
        member = _member_from_session.get()
        if member is None or member.pk != user_id:
            from accounts.models import User

            members = with_unread_notification_count(User.objects.all(), f"{User._meta.db_table}.id")
            member = members.filter(pk=user_id).first()
        return member if member is not None and self.user_can_authenticate(member) else None


class ModelBackend(MemberBackendMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(MemberBackendMixin, AllauthBackend):
    pass


def get_member(request):
    """django.contrib.auth.get_user, given the member that came with the session, if any."""
    token = _member_from_session.set(getattr(request.session, "member", None))
    try:
        return auth.get_user(request)
    finally:
        _member_from_session.reset(token)


class MemberAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_member(request))
