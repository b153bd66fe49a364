"""Site-wide HTTP behaviour that Django does not ship: the Permissions-Policy header, and a calm
503 page (never a stack trace) while the database is unreachable."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """Answer 503 with the maintenance page when PostgreSQL can't be reached.

    Connections are health-checked before reuse (CONN_HEALTH_CHECKS), so once the database is
    back the next request simply reconnects: no gunicorn restart is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            # Raised before a view runs (sessions, authentication), so process_exception never saw it.
            return self.unavailable()

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return self.unavailable()
        return None

    @staticmethod
    def unavailable():
        # The page is rendered without a request: no context processor may touch the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
