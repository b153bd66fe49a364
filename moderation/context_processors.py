from django.utils.functional import SimpleLazyObject

from moderation import hours, queue_selectors
from moderation.permissions import can_moderate_content


def moderation(request):
    """For members: when moderators are back, outside moderation hours (no queries). For
    moderators: the open-queue count in their navigation (queue_selectors.open_counts, one query, skipped on the queue pages,
    which count it themselves and pass `open_queue_count` in their context)."""
    user = getattr(request, "user", None)  # absent on error pages rendered before authentication
    if user is None or not user.is_authenticated:
        return {}
    context = {"moderators_back_at": hours.moderators_back_at(user)}
    if can_moderate_content(user):
        context["can_moderate_content"] = True
        context["open_queue_count"] = SimpleLazyObject(
            lambda: queue_selectors.open_counts(user)["open_queue_count"]
        )
    return context
