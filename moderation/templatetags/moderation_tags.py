from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def minutes_ago(moment) -> str:
    """How long ago MOMENT was, for the crisis queue: "just now", "12 min ago", "2 h 5 min ago",
    "3 days ago". static/js/haven.js (minutesAgo) words it the same way as the minutes pass."""
    minutes = max(0, int((timezone.now() - moment).total_seconds() // 60))
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min ago" if rest else f"{hours} h ago"
    days = minutes // (24 * 60)
    return f"{days} day{'s' if days != 1 else ''} ago"
