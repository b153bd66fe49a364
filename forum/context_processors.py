from django.conf import settings


def site(request):
    context = {
        "SITE_NAME": "Haven",
        "PUBLIC_READ": settings.HAVEN_PUBLIC_READ,
        "CRISIS_RESOURCES": settings.HAVEN_CRISIS_RESOURCES,
    }
    # Error pages can be rendered before authentication has run (a bad Host header): no user then.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notification_count"] = user.notifications.filter(read_at__isnull=True).count()
    return context
