"""SQL queries and bytes per page, counted in-process by Django's test client against a
benchmark database: `python -m bench.queries SPEC` (bench/run.py runs it under Haven's settings and,
with Spirit's interpreter, under Spirit's).

SPEC is JSON: {"logins": {ROLE: EMAIL or null}, "pages": [{"key", "role", "path"}]}. Each page is
requested once unmeasured, then TIMED_REQUESTS more times: the steady state that wrk then measures
(a first visit may create a read marker or fill a cache). Prints JSON: {"KEY ROLE": {"queries",
"bytes", "status", "ms", "sql_ms"}}, the last two from the fastest request (the least disturbed on
a shared machine): its time in the view and middleware, and the part of it spent waiting on SQL.
Only Django and the standard library are imported, so either virtualenv can run it.
"""

import json
import sys
import time

import django

TIMED_REQUESTS = 3


def main() -> int:
    spec = json.loads(sys.argv[1])
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role, email in spec["logins"].items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        if email:
            clients[role].force_login(get_user_model().objects.get(email=email))
    results = {}
    for page in spec["pages"]:
        client = clients[page["role"]]
        client.get(page["path"])
        timings = []
        for _ in range(TIMED_REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(page["path"])
                elapsed = time.perf_counter() - started
            timings.append((elapsed, sum(float(query["time"]) for query in queries.captured_queries)))
        fastest, sql = min(timings)
        results[f"{page['key']} {page['role']}"] = {
            "queries": len(queries),
            "bytes": len(response.content),
            "status": response.status_code,
            "ms": round(fastest * 1000, 1),
            "sql_ms": round(sql * 1000, 1),
        }
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
