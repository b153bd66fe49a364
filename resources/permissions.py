"""Who may do what with resource pages: the one rule for staff (drafts, the review schedule)."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


def can_manage_resources(user: User | AnonymousUser) -> bool:
    """Staff write the pages in the admin; on the site they also see drafts and which pages are
    due for review. Members and visitors see published pages only, and never the schedule's
    warnings (the dates themselves are shown to everyone)."""
    return user.is_authenticated and user.is_active and user.is_staff
