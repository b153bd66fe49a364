"""Which circles a viewer belongs to and moderates: what forum's visibility rule reads.

The request's member arrives with both lists in the same query that loads them (accounts/backends.py,
registered in orgs/apps.py), so deciding what a page may show costs no query of its own. A member
loaded any other way (a service's recipients, a test's object) has them looked up once, on first
use, and kept on that object; the services that change a membership forget them
(`forget_circles`) on the objects they were given.

A circle moderator acts as one only with two-factor authentication, as site moderators do: without
it they read their circle as the member they also are.
"""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.expressions import RawSQL

from accounts.models import Viewer
from orgs.models import CircleMembership


@dataclass(frozen=True)
class CircleAccess:
    member_of: frozenset[int]
    moderates: frozenset[int]  # circles they act as a moderator in (two-factor set up)
    holds_moderator_role: frozenset[int]  # with or without two-factor


NO_CIRCLES = CircleAccess(frozenset(), frozenset(), frozenset())
_KEPT = "_haven_circle_access"


def _member_sql(member_column: str, *, moderators: bool = False, acting: bool = False) -> str:
    table = CircleMembership._meta.db_table
    sql = f"SELECT circle_id FROM {table} WHERE member_id = {member_column} AND ended_at IS NULL"  # noqa: S608
    if moderators:
        sql += f" AND role = '{CircleMembership.Role.MODERATOR}'"
    if acting:
        authenticators = Authenticator._meta.db_table
        sql += (
            f" AND EXISTS (SELECT 1 FROM {authenticators}"  # noqa: S608
            f" WHERE user_id = {member_column} AND type = '{Authenticator.Type.TOTP}')"
        )
    return f"ARRAY({sql})"


def member_annotations(member_column: str) -> dict[str, RawSQL]:
    """The circles of the member whose id is in MEMBER_COLUMN, as annotations for the query that
    loads them (accounts.backends.register_member_annotations)."""
    field = ArrayField(models.IntegerField())
    # Written as SQL, as the unread count is: no values in it, only table and column names.
    queries = {
        "circle_ids": _member_sql(member_column),
        "moderator_role_circle_ids": _member_sql(member_column, moderators=True),
        "moderated_circle_ids": _member_sql(member_column, moderators=True, acting=True),
    }
    return {name: RawSQL(sql, [], output_field=field) for name, sql in queries.items()}  # noqa: S611


def circles_of(user: Viewer) -> CircleAccess:
    """The circles USER belongs to and moderates (none for visitors)."""
    if not user.is_authenticated or not user.is_active:
        return NO_CIRCLES
    # getattr and setattr, not __dict__: the request's member is a lazy object around the User.
    kept = getattr(user, _KEPT, None)
    if kept is not None:
        return kept
    loaded = getattr(user, "circle_ids", None)  # annotated by the authentication backend
    if loaded is not None:
        access = CircleAccess(
            frozenset(loaded),
            frozenset(getattr(user, "moderated_circle_ids", [])),
            frozenset(getattr(user, "moderator_role_circle_ids", [])),
        )
    else:
        rows = list(
            CircleMembership.objects.active().filter(member_id=user.pk).values_list("circle_id", "role")
        )
        held = frozenset(circle for circle, role in rows if role == CircleMembership.Role.MODERATOR)
        acting = (
            bool(held)
            and Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        )
        access = CircleAccess(frozenset(circle for circle, _ in rows), held if acting else frozenset(), held)
    setattr(user, _KEPT, access)
    return access


def forget_circles(*users: object) -> None:
    """Make the next circles_of(USER) look again, after a membership of theirs changed."""
    for user in users:
        if user is not None:
            for name in (_KEPT, "circle_ids", "moderated_circle_ids", "moderator_role_circle_ids"):
                if hasattr(user, name):
                    delattr(user, name)


def holds_circle_moderator_role(user: Viewer) -> bool:
    """Moderates at least one circle, with or without two-factor authentication (whether they may
    act is circles_of(user).moderates)."""
    return bool(circles_of(user).holds_moderator_role)
