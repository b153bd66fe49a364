"""Rate limits on writes and searches, per member and per IP, stricter for newcomers.

Every gunicorn worker shares the counters: in Redis (atomic INCR) when REDIS_URL is set, else in
PostgreSQL (an UNLOGGED table, one atomic upsert for both counters; Django's database cache would
take some sixteen queries and could lose increments between workers). Limits are fixed windows
(HAVEN_RATE_LIMITS: scope -> (per member, per IP, window in seconds)); members whose posts still
need approval get half.
Over the limit, the member gets the calm "please slow down" page (429) and nothing is saved.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.template.response import TemplateResponse


def client_ip(request) -> str:
    # gunicorn's forwarded_allow_ips decides whether REMOTE_ADDR may come from a trusted proxy.
    return request.META.get("REMOTE_ADDR", "unknown")


def _hits_in_cache(keys: list[str], window: int) -> list[int]:
    hits = []
    for key in keys:
        cache.add(key, 0, timeout=window)
        try:
            hits.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            hits.append(1)
    return hits


UPSERT = """
INSERT INTO haven_rate_limit AS counter (key, expires_at, hits)
SELECT key, now() + make_interval(secs => %s), 1 FROM unnest(%s::text[]) AS key
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN counter.expires_at <= now() THEN 1 ELSE counter.hits + 1 END,
    expires_at = CASE WHEN counter.expires_at <= now() THEN EXCLUDED.expires_at ELSE counter.expires_at END
RETURNING key, hits
"""


def _hits_in_database(keys: list[str], window: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [window, keys])
        hits = dict(cursor.fetchall())
    return [hits[key] for key in keys]


def check(request, scope: str) -> int | None:
    """Count one REQUEST against SCOPE; the seconds to wait if it is over a limit, else None."""
    member_limit, ip_limit, window = settings.HAVEN_RATE_LIMITS[scope]
    user = request.user
    if user.is_authenticated and not (user.is_trusted or user.is_moderator):
        member_limit = max(1, member_limit // 2)
    now = int(time.time())
    bucket = now // window
    retry_after = window - now % window
    keys, limits = [f"rl:{scope}:ip:{client_ip(request)}:{bucket}"], [ip_limit]
    if user.is_authenticated:
        keys.append(f"rl:{scope}:m:{user.pk}:{bucket}")
        limits.append(member_limit)
    count = _hits_in_cache if settings.HAVEN_RATE_LIMIT_STORE == "cache" else _hits_in_database
    if any(hits > limit for hits, limit in zip(count(keys, window), limits, strict=True)):
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
        response = TemplateResponse(
            request, "429.html", {"retry_after": retry_after, "wait": wait_in_words(retry_after)}, status=429
        )
    response["Retry-After"] = str(retry_after)
    return response


def wait_in_words(seconds: int) -> str:
    """A wait as people say it: "less than a minute", "about a minute", "about 3 minutes"."""
    if seconds < 50:
        return "less than a minute"
    minutes = round(seconds / 60)
    if minutes <= 1:
        return "about a minute"
    if minutes < 55:
        return f"about {minutes} minutes"
    hours = round(seconds / 3600)
    return "about an hour" if hours <= 1 else f"about {hours} hours"
