"""gunicorn settings for development (./haven run) and production alike; override with env vars."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers, cores + 1: a page is mostly Python (docs/performance.md, "alone ms (SQL ms)"), so
# one worker per core plus one to cover the short database waits keeps the CPUs busy; more only add
# context switches and memory (measured in bench/analysis.py).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Workers are forked from a master that has already imported Django and the project (when_ready
# below), so a new or recycled worker serves at once. Otherwise the requests queued for a recycled
# worker wait while it imports everything again: under the benchmark's load all three recycled
# within a second of each other, in the middle of a measurement. The workers also share that memory.
preload_app = True
# Recycle workers now and then so that memory stays flat (it does: about 90 MB under load), but
# rarely: a new worker starts with empty caches (rendered fragments, compiled queries, prepared
# statements), which at 2,000 requests meant a restart every few seconds under load.
max_requests = 10000
max_requests_jitter = 1000
# What gunicorn itself refuses (414, 431) before Django sees a request: a request line over 4 KB
# (Haven's URLs and searches are far shorter), more headers than a browser and the proxy send, or
# a header over 8 KB (the session and CSRF cookies are far smaller). gunicorn has no limit on the
# body: RequestBodyLimitMiddleware (config/middleware.py) refuses large bodies unread, and the
# proxy in front should cap them too (README, "Security and operations").
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
accesslog = "-" if os.environ.get("ACCESS_LOG", "1") == "1" else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, with the application loaded and before the first worker is forked."""
    from django.db import connections
    from django.urls import get_resolver

    # Django imports the URLconfs, and with them every view module, and indexes them for reversing
    # on a process's first request: done here once, a new worker's first page took 80 ms, not 400.
    get_resolver().reverse_dict  # noqa: B018 - the property does the work
    connections.close_all()  # none should be open; a connection shared with the workers would break
    # What is loaded by now lives as long as the process: leave it out of the garbage collector's
    # full passes (each took about 70 ms on a warm worker, every couple of thousand requests), and
    # so keep the pages the workers share from being copied when the collector touches them.
    gc.freeze()
