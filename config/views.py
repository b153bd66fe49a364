"""Views that belong to no app: the health check, and the pages that refuse a request before any
app's view sees it (config/middleware.py)."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The refusals below read nothing of the request's query string or body: they answer requests
# refused *because* those could not be read. Nor do they run Django's CSRF check (Django's own
# error handlers do, through requires_csrf_token), which reads the form body again.


def bad_request(
    request: HttpRequest, exception: Exception | None = None, *, status: int = 400
) -> HttpResponse:
    """The site's 400 page (with the signature of Django's handler400); a STATUS of 411 answers a
    body sent without its length."""
    return render(request, "400.html", status=status)


def request_too_large(request: HttpRequest) -> HttpResponse:
    """The site's 413 page, saying what the limits are."""
    context = {
        "max_post_length": settings.HAVEN_MAX_POST_LENGTH,
        "verification_limit": settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES,
    }
    return render(request, "413.html", context, status=413)
