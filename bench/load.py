"""Load test: gunicorn with production settings on a seeded database, driven by wrk on 127.0.0.1.

    .venv/bin/python -m bench.load [--scale 2000] [--seconds 60] [--concurrency 32]

Seeds `--scale` threads of about 20 posts each (so 2000 gives about 40,000 posts), logs in a
member, then runs wrk (Debian package `wrk`) for a bounded time with bench/mix.lua: thread lists
(35%), category lists (15%), thread pages (35%), searches (11%) and logged-in replies (4%).
Prints throughput, latency percentiles and status counts; exits non-zero on any error or 5xx.
"""

import argparse
import http.cookiejar
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

from bench import live

BENCH_DIR = Path(__file__).resolve().parent
MEMBER = ("member0001@bench.example", "haven-demo-2026")


def log_in(base_url: str) -> tuple[str, str]:
    """A logged-in member's Cookie header and CSRF token, as a browser would get them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"login": MEMBER[0], "password": MEMBER[1], "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(
        urllib.request.Request(f"{base_url}/accounts/login/", data=data, headers={"Referer": base_url})
    )
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("Could not log in the benchmark member.")
    return "; ".join(f"{name}={value}" for name, value in cookies.items()), cookies["csrftoken"]


def lua_globals(database_url: str, cookie: str, csrf: str) -> str:
    from django.utils.text import slugify

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT id, title FROM forum_thread WHERE NOT is_hidden ORDER BY random() LIMIT 500"
        )
        # Canonical thread addresses, as links on the site give them (no redirect).
        threads = [f"/t/{slugify(title)[:60] or 'thread'}/{pk}/" for pk, title in rows]
        categories = [row[0] for row in connection.execute("SELECT slug FROM forum_category")]
    return (
        f"COOKIE = {lua_string(cookie)}\nCSRF = {lua_string(csrf)}\n"
        f"THREADS = {{{', '.join(lua_string(url) for url in threads)}}}\n"
        f"CATEGORIES = {{{', '.join(lua_string(slug) for slug in categories)}}}\n"
    )


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=2000, help="threads to seed (about 20 posts each)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the config's)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    print(f"Seeding {args.scale:,} threads and starting gunicorn (production settings)…", flush=True)
    started = time.monotonic()
    env = {"HAVEN_RATE_LIMIT_SCALE": "100000"}  # one member sends every request: lift the per-member limits
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    server = live.start(
        "haven_load", workers=args.workers or 5, extra_env=env, seed_args=["--scale", str(args.scale)]
    )
    print(f"  ready in {time.monotonic() - started:.0f}s at {server.url}", flush=True)
    try:
        cookie, csrf = log_in(server.url)
        script = BENCH_DIR / ".mix.generated.lua"
        database_url = live.with_database(live.server_database_url(), "haven_load")
        script.write_text(lua_globals(database_url, cookie, csrf) + (BENCH_DIR / "mix.lua").read_text())
        print(f"wrk: {args.seconds}s, {args.concurrency} connections, 2 threads, 127.0.0.1 only", flush=True)
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.concurrency}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                server.url,
            ],
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
            check=True,
        ).stdout
    finally:
        server.stop()
    result = dict(pair.split("=") for pair in re.search(r"^RESULT (.*)$", output, re.M).group(1).split())
    print(
        f"\n{'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'2xx':>7} {'3xx':>6} {'4xx':>5} {'5xx':>5} {'errors':>7}"
    )
    errors = sum(int(result[key]) for key in ("connect", "read", "write", "timeout"))
    print(
        f"{result['requests']:>9} {float(result['rps']):>8.1f} {float(result['p50_ms']):>7.1f} {float(result['p90_ms']):>7.1f} "
        f"{float(result['p99_ms']):>7.1f} {result['s2xx']:>7} {result['s3xx']:>6} {result['s4xx']:>5} {result['s5xx']:>5} {errors:>7}"
    )
    return 0 if errors == 0 and int(result["s5xx"]) == 0 and int(result["s4xx"]) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
