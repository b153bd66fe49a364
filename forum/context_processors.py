from django.conf import settings


def site(request):
    context = {
        "SITE_NAME": "Haven",
        "PUBLIC_READ": settings.HAVEN_PUBLIC_READ,
        "CRISIS_RESOURCES": settings.HAVEN_CRISIS_RESOURCES,
    }
    if request.user.is_authenticated:
        context["unread_notification_count"] = request.user.notifications.filter(read_at__isnull=True).count()
    return context
