from django.conf import settings

HEADER_NOTIFICATIONS = 5  # how many the header's notification menu lists


def site(request):
    context = {
        "SITE_NAME": "Haven",
        "PUBLIC_READ": settings.HAVEN_PUBLIC_READ,
        "CRISIS_RESOURCES": settings.HAVEN_CRISIS_RESOURCES,
        "CONTACT_EMAIL": settings.HAVEN_CONTACT_EMAIL,
    }
    # Error pages can be rendered before authentication has run (a bad Host header): no user then.
    user = getattr(request, "user", None)
    # A member taking a break sees no unread count: the break is from the pull of new activity.
    if user is not None and user.is_authenticated and not user.is_on_break:
        # Counted with the member's own query (accounts.backends), except for a member loaded otherwise.
        count = getattr(user, "unread_notification_count", None)
        if count is None:
            count = user.notifications.filter(read_at__isnull=True).count()
        context["unread_notification_count"] = count
        # The header's notification menu: the newest few, read or not, in one query, and only for a
        # member who has any (with none, the menu says so and costs no query on every page). It is
        # this member's, rendered for this request: never put it in a shared cache.
        has_any = getattr(user, "has_notifications", None)  # loaded with the member (accounts.backends)
        if has_any or has_any is None:
            from forum.selectors import notifications_for

            context["header_notifications"] = notifications_for(user, limit=HEADER_NOTIFICATIONS)
    return context
