"""gunicorn settings for development (./haven run) and production alike; override with env vars."""

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
# Recycle workers now and then so that memory stays flat (it does: about 90 MB under load), but
# rarely: a new worker imports Django again and starts with empty caches (rendered fragments,
# prepared statements), which at 2,000 requests meant a restart every few seconds under load.
max_requests = 10000
max_requests_jitter = 1000
accesslog = "-" if os.environ.get("ACCESS_LOG", "1") == "1" else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Start the embedded PostgreSQL once, in the master, before any worker imports settings."""
    if not os.environ.get("DATABASE_URL"):
        from config import embedded_postgres

        embedded_postgres.start()
