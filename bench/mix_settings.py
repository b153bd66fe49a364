"""Haven's settings for a realistic-mix server (bench/mix.py): the benchmark server's
(bench/settings.py), with every request answered with bench/probe.py's header and every cache
counting its hits and misses."""

from bench import probe
from bench.settings import *  # noqa: F403
from bench.settings import CACHES, MIDDLEWARE

MIDDLEWARE = ["bench.probe.ProbeMiddleware", *MIDDLEWARE]
CACHES = probe.counting(CACHES)
