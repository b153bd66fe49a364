from moderation.models import QueueEntry
from moderation.permissions import can_moderate


def moderation(request):
    """The open-queue count in a moderator's navigation (one query, for moderators only)."""
    user = getattr(request, "user", None)  # absent on error pages rendered before authentication
    if user is None or not can_moderate(user):
        return {}
    return {"open_queue_count": QueueEntry.objects.open().count()}
