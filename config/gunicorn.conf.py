"""gunicorn settings for development (./haven run) and production alike; override with env vars."""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: each request is short and database-bound; 2 x cores + 1 keeps the CPUs busy while
# some workers wait on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 2000  # recycle workers now and then so that memory stays flat
max_requests_jitter = 200
accesslog = "-" if os.environ.get("ACCESS_LOG", "1") == "1" else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Start the embedded PostgreSQL once, in the master, before any worker imports settings."""
    if not os.environ.get("DATABASE_URL"):
        from config import embedded_postgres

        embedded_postgres.start()
