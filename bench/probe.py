"""What a benchmark server tells bench/mix.py about each request, in a response header.

Used only by the realistic mix, through bench/mix_settings.py (Haven) and
bench/spirit/mix_settings.py (Spirit); the site's own settings never load it. Imports only Django
and the standard library, so both forums' interpreters can run it (Haven's fragment cache class is
imported only when a Haven server asks for it).

ProbeMiddleware, outermost, answers every request with

    X-Bench-Probe: ID CPU_MS PG_MS NAME:HITS:MISSES ...

ID is the request's X-Bench-Id header (bench/mix.lua's number for it, so that the script can match
answers to requests on a connection it does not know), CPU_MS the worker's CPU time for the request
(time.process_time, the whole middleware stack included), PG_MS the CPU time of the worker's
PostgreSQL backend meanwhile (from /proc, in clock ticks of 10 ms, so only a sum over many requests
means something; -1 where the connection was opened during the request or /proc is unreadable),
then for each counting cache its hits and misses during the request.

The counting caches are the site's own backends with get() and get_many() counted: a CACHES entry
names its counter with a BENCH_NAME key (Django's backends ignore keys they do not know).
"""

import functools
import os
import time
from pathlib import Path

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection

_TICKS = os.sysconf("SC_CLK_TCK")
_counts: dict[str, list[int]] = {}
_MISSING = object()


class CountingMixin:
    def __init__(self, location, params):
        super().__init__(location, params)
        self.bench_name = params.get("BENCH_NAME", "default")
        self._inside_get = False

    def _count(self, hits: int, misses: int):
        counts = _counts.setdefault(self.bench_name, [0, 0])
        counts[0] += hits
        counts[1] += misses

    def get(self, key, default=None, version=None):
        self._inside_get = True  # DatabaseCache.get() calls get_many(): count it once
        try:
            value = super().get(key, _MISSING, version)
        finally:
            self._inside_get = False
        self._count(value is not _MISSING, value is _MISSING)
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        keys = list(keys)
        found = super().get_many(keys, version)
        if not self._inside_get:
            self._count(len(found), len(keys) - len(found))
        return found


class CountingRedisCache(CountingMixin, RedisCache):
    pass


class CountingDatabaseCache(CountingMixin, DatabaseCache):
    pass


def __getattr__(name):
    if name == "CountingFragmentCache":  # Haven's, imported only by a Haven server
        return _counting_fragment_cache()
    raise AttributeError(name)


@functools.cache
def _counting_fragment_cache():
    from config.fragment_cache import FragmentCache

    return type("CountingFragmentCache", (CountingMixin, FragmentCache), {"__module__": __name__})


def counting(caches: dict) -> dict:
    """CACHES with every backend replaced by its counting twin, named after its alias."""
    twins = {
        "django.core.cache.backends.redis.RedisCache": f"{__name__}.CountingRedisCache",
        "django.core.cache.backends.db.DatabaseCache": f"{__name__}.CountingDatabaseCache",
        "config.fragment_cache.FragmentCache": f"{__name__}.CountingFragmentCache",
    }
    return {
        alias: {**entry, "BACKEND": twins.get(entry["BACKEND"], entry["BACKEND"]), "BENCH_NAME": alias}
        for alias, entry in caches.items()
    }


def _backend_ticks() -> int | None:
    raw = connection.connection  # the driver's connection, None until one is open
    if raw is None:
        return None
    try:
        stat = Path(f"/proc/{raw.info.backend_pid}/stat").read_text()
    except (OSError, AttributeError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _counts.clear()
        ticks, cpu = _backend_ticks(), time.process_time()
        response = self.get_response(request)
        cpu_ms = (time.process_time() - cpu) * 1000
        after = _backend_ticks()
        pg_ms = (after - ticks) * 1000 / _TICKS if ticks is not None and after is not None else -1
        caches = " ".join(f"{name}:{hits}:{misses}" for name, (hits, misses) in sorted(_counts.items()))
        request_id = request.headers.get("X-Bench-Id", "-")
        response["X-Bench-Probe"] = f"{request_id} {cpu_ms:.2f} {pg_ms:.0f} {caches}".rstrip()
        return response
