from moderation.models import QueueEntry
from moderation.permissions import can_moderate


def moderation(request):
    """The open-queue count in a moderator's navigation (one query, for moderators only)."""
    if not can_moderate(request.user):
        return {}
    return {"open_queue_count": QueueEntry.objects.open().count()}
