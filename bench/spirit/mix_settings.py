"""Spirit's settings for a realistic-mix server (bench/mix.py): the comparison's own
(bench/spirit/settings.py), with bench/probe.py's header and counting caches as Haven gets them."""

from bench import probe
from bench.spirit.settings import *  # noqa: F403
from bench.spirit.settings import CACHES, MIDDLEWARE

MIDDLEWARE = ["bench.probe.ProbeMiddleware", *MIDDLEWARE]
CACHES = probe.counting(CACHES)
