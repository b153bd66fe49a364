"""Rate limits on writes and searches, per member and per IP, stricter for newcomers.

Counters live in the default cache, so every gunicorn worker shares them: Redis when REDIS_URL is
set, PostgreSQL's cache table otherwise. Limits are fixed windows (HAVEN_RATE_LIMITS: scope ->
(per member, per IP, window in seconds)); members whose posts still need approval get half.
Over the limit, the member gets the calm "please slow down" page (429) and nothing is saved.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse


def client_ip(request) -> str:
    # gunicorn's forwarded_allow_ips decides whether REMOTE_ADDR may come from a trusted proxy.
    return request.META.get("REMOTE_ADDR", "unknown")


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def check(request, scope: str) -> int | None:
    """Count one REQUEST against SCOPE; the seconds to wait if it is over a limit, else None."""
    member_limit, ip_limit, window = settings.HAVEN_RATE_LIMITS[scope]
    user = request.user
    if user.is_authenticated and not (user.is_trusted or user.is_moderator):
        member_limit = max(1, member_limit // 2)
    now = int(time.time())
    bucket = now // window
    retry_after = window - now % window
    if user.is_authenticated and _hit(f"rl:{scope}:m:{user.pk}:{bucket}", window) > member_limit:
        return retry_after
    if _hit(f"rl:{scope}:ip:{client_ip(request)}:{bucket}", window) > ip_limit:
        return retry_after
    return None


def rate_limit(scope: str, *, methods=("POST",)):
    """Limit VIEW's requests with one of METHODS (writes by default) under SCOPE."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and (retry_after := check(request, scope)) is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, retry_after: int):
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse({"error": "Please slow down.", "retry_after": retry_after}, status=429)
    else:
        response = TemplateResponse(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
