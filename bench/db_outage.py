"""Restart the embedded PostgreSQL under a bounded load and report what visitors saw.

    .venv/bin/python -m bench.db_outage [--seconds 30] [--concurrency 8]

Starts gunicorn with production settings on its own seeded database, sends requests from a few
threads to 127.0.0.1 only, stops PostgreSQL (fast shutdown) a third of the way in, starts it again
a few seconds later, and prints, for before / during / after the outage, how many answers were
200, 503 (the maintenance page), anything else, or no answer at all. The promise it checks: no
500s ever, and once the database is back every request succeeds without restarting gunicorn.
"""

import argparse
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

from bench import live
from config import embedded_postgres

PAGES = ["/", "/healthz", "/guidelines/", "/latest/"]


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "no answer"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--outage", type=float, default=5.0, help="seconds PostgreSQL stays down")
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL"):
        print("This script restarts the embedded PostgreSQL; unset DATABASE_URL.", file=sys.stderr)
        return 2
    server = live.start("haven_outage", workers=3, extra_env={"HAVEN_PUBLIC_READ": "1"})
    print(f"gunicorn on {server.url}; load for {args.seconds}s at concurrency {args.concurrency}")
    results: list[tuple[float, object]] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + args.seconds

    def worker(n: int):
        i = n
        while time.monotonic() < stop_at:
            status = fetch(server.url + PAGES[i % len(PAGES)])
            with lock:
                results.append((time.monotonic(), status))
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(args.seconds / 3)
        down_at = time.monotonic()
        embedded_postgres.stop()
        print(f"  {down_at - started:5.1f}s  PostgreSQL stopped")
        time.sleep(args.outage)
        embedded_postgres.start()
        up_at = time.monotonic()
        print(f"  {up_at - started:5.1f}s  PostgreSQL started again")
        for thread in threads:
            thread.join()
    finally:
        server.stop()

    phases = {"before": Counter(), "during": Counter(), "after": Counter()}
    for at, status in results:
        phase = "before" if at < down_at else "during" if at < up_at + 0.5 else "after"
        phases[phase][status] += 1
    print(f"\n{'phase':<8} {'requests':>9} {'200':>7} {'503':>7} {'other':>7} {'no answer':>10}")
    for name, counts in phases.items():
        total = sum(counts.values())
        other = total - counts[200] - counts[503] - counts["no answer"]
        print(f"{name:<8} {total:>9} {counts[200]:>7} {counts[503]:>7} {other:>7} {counts['no answer']:>10}")
    five_hundreds = sum(n for counts in phases.values() for status, n in counts.items() if status == 500)
    after_failures = sum(n for status, n in phases["after"].items() if status != 200)
    print(f"\n500 responses: {five_hundreds}; failures after the database returned: {after_failures}")
    return 0 if five_hundreds == 0 and after_failures == 0 and phases["after"][200] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
