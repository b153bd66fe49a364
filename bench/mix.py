"""The realistic-mix benchmark: one command, prints tables, writes the top of docs/performance.md.

    .venv/bin/python -m bench.mix [--sizes 100k,1m] [--seconds 60] [--warmup 20] [--concurrency 16]
        [--rounds 1] [--no-spirit] [--spirit-search-sizes 100k] [--no-redis]
        [--redis-url redis://127.0.0.1:6379/5] [--zipf 1.0] [--report docs/performance.md]
    .venv/bin/python -m bench.mix --from-results bench/results/mix-*.json --report docs/performance.md

From a fresh clone (DATABASE_URL pointing at a PostgreSQL server, wrk installed, Redis at
--redis-url for the Redis runs) this builds or reuses its own databases (bench_mix_haven_bench_*
and bench_mix_spirit_bench_*, bench/databases.py with a prefix, since the mix writes to them) and
Spirit's virtualenv, then for each size runs, one after the other, the same mix against:

- Haven with Redis (REDIS_URL: the fragment cache, sessions and rate limits in Redis; the Redis
  database is emptied first with FLUSHDB),
- Haven without Redis (the fragment cache in PostgreSQL, config/fragment_cache.py; its table is
  emptied first),
- Spirit, where it has the pages: without its Whoosh index (not built at 1M: an hour or two)
  Spirit's mix has no searches, and Haven with Redis runs that same mix too, for the comparison.

The mix (bench/realistic.lua): the 200 bench members' sessions (bench/mix_setup.py logs each in
through the forum's own session store), threads drawn with Zipf popularity over every thread of
the data set and a page across each, list pages (newest threads and categories, Zipf over their
pages), searches of one or two words from the seeded vocabulary, and 4% writes (replies and
reactions; Spirit: replies and likes) that invalidate cached fragments while the load runs.

Each run: the server starts (gunicorn, config/gunicorn.conf.py, bench/mix_settings.py or
bench/spirit/mix_settings.py: the site's settings plus bench/probe.py), wrk sends the mix for
--warmup seconds unmeasured (the caches start empty), then for --seconds measured. Every answer
carries bench/probe.py's header: the worker's CPU time, its PostgreSQL backend's CPU time and the
hits and misses of each cache during the request; the script writes each with its kind, status
and latency, and this harness turns them into req/s, p50/p95/p99, CPU ms per request and hit
rates per kind of page. Peak worker memory is bench/servers.PeakMemory's (VmHWM).

About 25 minutes with both sizes and --rounds 2 once the databases exist (22 minutes on
2026-12-04). Building them took, on a busy machine (load average 6-10 on 2 cores), 16 minutes for
Haven's 1M, 2 for Haven's 100k, 21 for Spirit's 100k with its search index and 12 for Spirit's 1M;
on an idle one about a quarter of that (docs/performance.md, per-page section, "Seeding"). Progress and an ETA go to standard output, subprocess output to bench/results/mix-*.log,
the measurements to bench/results/mix-*.json.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import psycopg

from bench import databases, report, servers, wrk
from bench.databases import BASE_DIR, SPIRIT_PYTHON
from bench.run import python_speed
from forum.demo import synthetic

RESULTS_DIR = BASE_DIR / "bench" / "results"
SCRIPT = Path(__file__).resolve().parent / "realistic.lua"
PREFIX = "bench_mix_"
KINDS = ("thread", "latest", "category", "search", "reply", "react")
WEIGHTS = {"thread": 48, "latest": 16, "category": 16, "search": 16, "reply": 2, "react": 2}
FORM_FIELDS = {  # the reply's text field and a reaction's body
    "haven": ("body", "kind=support"),
    "spirit": ("comment", ""),
}
SEED = 20
START_SECONDS = 15  # a run's server start, settling and parsing, for the ETA


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured seconds of the mix first")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1, help="times each run is repeated, interleaved")
    parser.add_argument("--no-spirit", action="store_true")
    parser.add_argument(
        "--spirit-search-sizes", default="100k", help="sizes at which Spirit's index is built"
    )
    parser.add_argument("--no-redis", action="store_true", help="leave out the runs with Redis")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5", help="emptied before each run")
    parser.add_argument("--zipf", type=float, default=1.0, help="popularity skew of threads")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: cores + 1)")
    parser.add_argument("--report", default=None, help="write the Markdown report into this file")
    parser.add_argument("--from-results", default=None, metavar="JSON", help="report a saved run")
    args = parser.parse_args()
    if args.from_results:
        saved = json.loads(Path(args.from_results).read_text())
        return _report(saved, args.report)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    sizes = [size.strip().lower() for size in args.sizes.split(",") if size.strip()]
    if unknown := [size for size in sizes if size not in databases.SIZES]:
        raise SystemExit(f"Unknown size {', '.join(unknown)}: choose from {', '.join(databases.SIZES)}")
    workers = args.workers or (os.cpu_count() or 1) + 1
    redis_url = None if args.no_redis else args.redis_url
    if redis_url and not _redis_ready(redis_url):
        say(f"No Redis answers at {redis_url}: the runs with Redis are left out.")
        redis_url = None
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%S}"
    log_path, results_path = RESULTS_DIR / f"mix-{stamp}.log", RESULTS_DIR / f"mix-{stamp}.json"
    started = time.monotonic()
    command = "python -m bench.mix " + " ".join(sys.argv[1:])
    saved = {
        "command": command,
        "arguments": vars(args) | {"workers": workers, "redis_url": redis_url},
        "machine": report.describe_machine(workers),
        "weights": WEIGHTS,
        "sizes": [],
    }
    say(
        f"Realistic mix: sizes {', '.join(sizes)}; {args.warmup}s warm-up + {args.seconds}s measured per run,"
    )
    say(f"{args.concurrency} connections, gunicorn sync x {workers}, {args.rounds} round(s).")
    say(f"Subprocess output: {log_path.relative_to(BASE_DIR)}; results: {results_path.relative_to(BASE_DIR)}")
    with log_path.open("w") as log:
        databases.collect_haven_static(log)
        if not args.no_spirit:
            databases.ensure_spirit_environment(log, say)
        plans = [_prepare(size, args, redis_url, log) for size in sizes]
        total_runs = sum(len(plan["runs"]) for plan in plans) * args.rounds
        run_seconds = args.warmup + args.seconds + START_SECONDS
        done = 0
        for plan in plans:
            say(f"\n== {plan['size']} posts ==")
            results = {}
            for round_number in range(1, args.rounds + 1):
                for run in plan["runs"]:
                    eta = (total_runs - done) * run_seconds
                    say(
                        f"  round {round_number}: {run['label']} "
                        f"(run {done + 1} of {total_runs}, ETA {eta // 60:.0f} min {eta % 60:02.0f} s)…"
                    )
                    measured = measure(run, plan, args, workers, log)
                    results.setdefault(run["key"], []).append(measured)
                    done += 1
                    say("    " + _summary_line(measured))
            shutil.rmtree(Path(plan["runs"][0]["data"]).parent, ignore_errors=True)  # sessions' cookies
            saved["sizes"].append(
                {
                    "size": plan["size"],
                    "databases": plan["databases"],
                    "notes": plan["notes"],
                    "runs": [
                        {k: v for k, v in run.items() if k not in ("env", "data")}
                        | {"rounds": results[run["key"]]}
                        for run in plan["runs"]
                    ],
                }
            )
            saved["machine"]["elapsed_minutes"] = (time.monotonic() - started) / 60
            saved["machine"]["load_end"] = os.getloadavg()
            results_path.write_text(json.dumps(saved, indent=1))
            say("\n" + text_table(saved["sizes"][-1], saved["machine"]["cores"]))
    return _report(saved, args.report)


def say(message: str):
    print(message, flush=True)


def _redis_ready(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.RedisError:
        return False


# --- Before the runs ------------------------------------------------------------------------------


def search_words() -> list[str]:
    """Words of the seeded bodies and titles (one in many posts, one in few, most in between)."""
    text = " ".join(synthetic.PARAGRAPHS + synthetic.TITLE_STARTS + synthetic.TITLE_ENDS)
    words = sorted({word.lower() for word in re.findall(r"[A-Za-z]{6,}", text)})
    return sorted({synthetic.COMMON_WORD, synthetic.RARE_WORD, *words[::3]})


def _prepare(size: str, args, redis_url: str | None, log) -> dict:
    """The databases, each forum's files for the script, and the runs of one size."""
    say(f"\nPreparing {size}…")
    haven_db = databases.haven_database(size, rebuild=False, log=log, say=say, prefix=PREFIX)
    spirit_search = size in [s.strip() for s in args.spirit_search_sizes.split(",")]
    spirit_db = (
        None
        if args.no_spirit
        else databases.spirit_database(
            size, rebuild=False, search=spirit_search, log=log, say=say, prefix=PREFIX
        )
    )
    data = Path(tempfile.mkdtemp(prefix=f"mix-{size}-", dir=RESULTS_DIR))
    words = "".join(f"{word}\n" for word in search_words())
    haven_env = {**databases.haven_env(haven_db.url), "REDIS_URL": ""}
    _setup_files("haven", [sys.executable], haven_env, data / "haven", words, log)
    plan = {"size": size, "databases": {"haven": _db_facts(haven_db)}, "notes": [], "runs": []}
    full = WEIGHTS
    no_search = {kind: share for kind, share in WEIGHTS.items() if kind != "search"}

    def add(key, label, forum, env, weights, database):
        plan["runs"].append(
            {
                "key": key,
                "label": label,
                "forum": forum,
                "env": env,
                "weights": weights,
                "data": str(data / forum),
                "database": database.url,
                "database_name": database.name,
            }
        )

    if redis_url:
        add("haven_redis", "Haven, Redis on", "haven", {"REDIS_URL": redis_url}, full, haven_db)
    add("haven_db", "Haven, Redis off", "haven", {"REDIS_URL": ""}, full, haven_db)
    if spirit_db:
        plan["databases"]["spirit"] = _db_facts(spirit_db)
        spirit_env = databases.spirit_env(spirit_db.url, size)
        _setup_files("spirit", [str(SPIRIT_PYTHON)], spirit_env, data / "spirit", words, log)
        weights = full if spirit_search else no_search
        add("spirit", "Spirit" + ("" if spirit_search else ", no searches"), "spirit", {}, weights, spirit_db)
        if not spirit_search:
            plan["notes"].append(
                f"Spirit's Whoosh search index is not built at {size} (single-threaded, an estimated one to "
                "two hours at 1M), so Spirit's mix there has no searches (their share goes to the other "
                "kinds in proportion), and Haven runs that same mix too for the comparison."
            )
            twin = ("haven_redis_no_search", "Haven, Redis on, Spirit's mix (no searches)", redis_url)
            if not redis_url:
                twin = ("haven_db_no_search", "Haven, Redis off, Spirit's mix (no searches)", "")
            add(twin[0], twin[1], "haven", {"REDIS_URL": twin[2]}, no_search, haven_db)
    return plan


def _db_facts(database) -> dict:
    return {
        "name": database.name,
        "threads": database.threads,
        "posts": database.posts,
        "seed_seconds": database.seed_seconds,
        "index_seconds": database.index_seconds,
    }


def _setup_files(forum: str, python: list, env: dict, directory: Path, words: str, log):
    started = time.monotonic()
    output = subprocess.run(
        [*python, "-m", "bench.mix_setup", forum, str(directory), str(SEED)],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    log.write(output.stdout + output.stderr)
    if output.returncode:
        raise RuntimeError(f"bench.mix_setup {forum} failed:\n{output.stderr[-3000:]}")
    (directory / "words.tsv").write_text(words)
    say(
        f"  {forum}: {output.stdout.strip()}, sessions of the bench members ({time.monotonic() - started:.0f}s)"
    )


# --- One run --------------------------------------------------------------------------------------


def _script(run: dict, out_prefix: str, args) -> str:
    reply_field, react_body = FORM_FIELDS[run["forum"]]
    weights = ",".join(f"{kind}={share}" for kind, share in run["weights"].items())

    lua = wrk.lua_string
    header = (
        f"DATA = {lua(run['data'] + '/')}\nOUT = {lua(out_prefix)}\nSEED = {SEED}\nZIPF = {args.zipf}\n"
        f"WEIGHTS = {lua(weights)}\nREPLY_FIELD = {lua(reply_field)}\nREACT_BODY = {lua(react_body)}\n"
    )
    return header + SCRIPT.read_text()


def _reset_caches(run: dict):
    if run["forum"] != "haven":
        return
    if run["env"].get("REDIS_URL"):
        import redis

        redis.Redis.from_url(run["env"]["REDIS_URL"]).flushdb()
    with psycopg.connect(run["database"], autocommit=True) as connection:
        connection.execute("TRUNCATE haven_fragment_cache")


def _start(run: dict, workers: int):
    if run["forum"] == "haven":
        env = {**run["env"], "DJANGO_SETTINGS_MODULE": "bench.mix_settings"}
        return servers.start_haven(run["database"], workers=workers, ceiling_bytes=0, extra_env=env)
    size = run["database_name"].rsplit("_", 1)[1]
    env = {"DJANGO_SETTINGS_MODULE": "bench.spirit.mix_settings"}
    return servers.start_spirit(run["database"], size, workers=workers, extra_env=env)


def _process_seconds(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _redis_pid() -> int | None:
    for process in psutil.process_iter(["name"]):
        if process.info["name"] == "redis-server":
            return process.pid
    return None


def measure(run: dict, plan: dict, args, workers: int, log) -> dict:
    _reset_caches(run)
    server = _start(run, workers)
    out_dir = Path(tempfile.mkdtemp(prefix=f"mix-{run['key']}-", dir=RESULTS_DIR))
    try:
        wrk.run_script(
            server.url,
            _script(run, str(out_dir / "warmup-"), args),
            seconds=args.warmup,
            concurrency=args.concurrency,
        )
        server.settle()
        redis_pid = _redis_pid() if run["env"].get("REDIS_URL") else None
        workers_before = {pid: _process_seconds([pid]) for pid in server.worker_pids()}
        redis_before = _process_seconds([redis_pid]) if redis_pid else 0.0
        load_before, speed_before = os.getloadavg(), python_speed()
        memory = servers.PeakMemory([server])
        with memory, databases.CpuUsed(databases._admin_url(), run["database_name"]) as postgres:
            script = _script(run, str(out_dir / "run-"), args)
            summary = wrk.run_script(server.url, script, seconds=args.seconds, concurrency=args.concurrency)
            workers_after = {pid: _process_seconds([pid]) for pid in server.worker_pids()}
        redis_seconds = (_process_seconds([redis_pid]) - redis_before) if redis_pid else 0.0
        recycled = sorted(set(workers_before) ^ set(workers_after))
        worker_seconds = sum(
            workers_after[pid] - workers_before.get(pid, 0) for pid in workers_after if pid in workers_before
        )
    finally:
        server.stop()
    records = _read_records(out_dir, "run-")
    result = {
        "wrk": summary,
        "seconds": summary["seconds"],
        "kinds": kind_stats(records, summary["seconds"]),
        "peak_rss_mb": memory.peak_mb(server.name),
        "memory_method": memory.method,
        "cpu_seconds": {
            "workers": worker_seconds,
            "postgres": postgres.server_seconds,
            "redis": redis_seconds,
        },
        "recycled_workers": len(recycled),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "python_speed": (speed_before, python_speed()),  # bench/run.py's loop: the machine's speed now
    }
    shutil.rmtree(out_dir, ignore_errors=True)
    return result


def _read_records(directory: Path, prefix: str) -> list[tuple]:
    records = []
    for path in sorted(directory.glob(f"{prefix}*.tsv")):
        for line in path.read_text().splitlines():
            kind, status, latency, probe = line.split("\t")
            parts = probe.split()
            cpu, pg = (float(parts[1]), float(parts[2])) if len(parts) >= 3 else (None, None)
            caches = {}
            for item in parts[3:]:
                name, hits, misses = item.rsplit(":", 2)
                caches[name] = (int(hits), int(misses))
            records.append((kind, int(status), float(latency), cpu, pg, caches))
    return records


def _percentile(values: list[float], percent: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))]


def kind_stats(records: list[tuple], seconds: float) -> dict:
    groups = {kind: [r for r in records if r[0] == kind] for kind in (*KINDS, "unmatched")}
    groups["lists"] = groups["latest"] + groups["category"]
    groups["all"] = [r for r in records if r[0] != "unmatched"]
    stats = {}
    for kind, rows in groups.items():
        if not rows:
            continue
        latencies = [r[2] for r in rows if r[2] >= 0]
        cpu = [r[3] for r in rows if r[3] is not None]
        pg = [r[4] for r in rows if r[4] is not None and r[4] >= 0]
        caches = {}
        for row in rows:
            for name, (hits, misses) in row[5].items():
                total = caches.setdefault(name, [0, 0])
                total[0] += hits
                total[1] += misses
        statuses = {}
        for row in rows:
            statuses[f"{row[1] // 100}xx"] = statuses.get(f"{row[1] // 100}xx", 0) + 1
        stats[kind] = {
            "requests": len(rows),
            "rps": len(rows) / seconds,
            "p50_ms": _percentile(latencies, 50),
            "p95_ms": _percentile(latencies, 95),
            "p99_ms": _percentile(latencies, 99),
            "cpu_ms": statistics.fmean(cpu) if cpu else None,
            "pg_ms": statistics.fmean(pg) if pg else None,
            "caches": caches,
            "statuses": statuses,
        }
    return stats


def _summary_line(result: dict) -> str:
    every = result["kinds"].get("all", {})
    return (
        f"{result['wrk']['rps']:.1f} req/s, p50 {every.get('p50_ms') or 0:.0f} ms, p99 {every.get('p99_ms') or 0:.0f} ms,"
        f" CPU {cpu_per_request(result):.1f} ms/req, fragments hit {_rate(every.get('caches', {}).get('fragments'))},"
        f" statuses {every.get('statuses')}, socket errors {result['wrk']['errors']:.0f},"
        f" peak RSS {result['peak_rss_mb'] or 0:.0f} MB"
    )


def cpu_per_request(result: dict) -> float:
    """Workers', PostgreSQL's and Redis's CPU time over the measured requests, in ms."""
    requests = result["wrk"]["requests"] or 1
    return sum(result["cpu_seconds"].values()) * 1000 / requests


def _rate(pair) -> str:
    if not pair or not sum(pair):
        return "–"
    return f"{pair[0] / sum(pair):.0%}"


# --- Tables ---------------------------------------------------------------------------------------

KIND_LABELS = {
    "thread": "Thread pages",
    "lists": "Lists (newest + categories)",
    "latest": "Newest threads",
    "category": "Category pages",
    "search": "Search",
    "reply": "Reply (POST)",
    "react": "Reaction (POST)",
    "all": "Whole mix",
}
TABLE_KINDS = ("thread", "latest", "category", "lists", "search", "reply", "react", "all")


def _median(rounds: list[dict], pick) -> float | None:
    values = [value for value in (pick(result) for result in rounds) if value is not None]
    return statistics.median(values) if values else None


def _kind(rounds, kind, metric):
    return _median(rounds, lambda result: result["kinds"].get(kind, {}).get(metric))


def _hits(rounds, kind, cache) -> str:
    hits = misses = 0
    for result in rounds:
        pair = result["kinds"].get(kind, {}).get("caches", {}).get(cache)
        if pair:
            hits, misses = hits + pair[0], misses + pair[1]
    return _rate((hits, misses))


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table_rows(size_result: dict) -> list[list[str]]:
    rows = []
    for kind in TABLE_KINDS:
        for run in size_result["runs"]:
            rounds = run["rounds"]
            if _kind(rounds, kind, "requests") is None:
                continue
            statuses = {}
            for result in rounds:
                for name, count in result["kinds"].get(kind, {}).get("statuses", {}).items():
                    statuses[name] = statuses.get(name, 0) + count
            worker, pg = _kind(rounds, kind, "cpu_ms"), _kind(rounds, kind, "pg_ms")
            rows.append(
                [
                    KIND_LABELS[kind],
                    run["label"],
                    f"{_kind(rounds, kind, 'rps'):,.1f}",
                    _ms(_kind(rounds, kind, "p50_ms")),
                    _ms(_kind(rounds, kind, "p95_ms")),
                    _ms(_kind(rounds, kind, "p99_ms")),
                    f"{(worker or 0) + (pg or 0):.1f} ({_ms(pg)})" if worker is not None else "–",
                    _hits(rounds, kind, "fragments"),
                    _hits(rounds, kind, "default"),
                    ", ".join(f"{name} {count:,}" for name, count in sorted(statuses.items())),
                ]
            )
    return rows


TABLE_HEADERS = [
    "Kind",
    "Server",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "CPU ms/req (PostgreSQL)",
    "Fragment cache hits",
    "Default cache hits",
    "Answers",
]


def run_rows(size_result: dict, cores: int) -> list[list[str]]:
    rows = []
    for run in size_result["runs"]:
        rounds = run["rounds"]
        rows.append(
            [
                run["label"],
                f"{_median(rounds, lambda r: r['wrk']['rps']):,.1f}",
                f"{_median(rounds, cpu_per_request):.1f}",
                f"{_median(rounds, lambda r: r['cpu_seconds']['workers'] * 1000 / r['wrk']['requests']):.1f}",
                f"{_median(rounds, lambda r: r['cpu_seconds']['postgres'] * 1000 / r['wrk']['requests']):.1f}",
                f"{_median(rounds, lambda r: r['cpu_seconds']['redis'] * 1000 / r['wrk']['requests']):.2f}",
                f"{_median(rounds, lambda r: sum(r['cpu_seconds'].values()) / r['seconds']):.2f}",
                f"{_median(rounds, lambda r: cores * 1000 / cpu_per_request(r)):,.0f}",
                f"{max(r['peak_rss_mb'] or 0 for r in rounds):.0f}",
                f"{sum(int(r['wrk']['errors']) for r in rounds)}",
                ", ".join(f"{r['load_before'][0]:.1f}" for r in rounds),
                ", ".join("/".join(f"{s:.2f}" for s in r["python_speed"]) for r in rounds),
            ]
        )
    return rows


RUN_HEADERS = [
    "Server",
    "req/s (whole mix)",
    "CPU ms/req, all",
    "gunicorn workers",
    "PostgreSQL",
    "Redis",
    "Cores used",
    "CPU-bound req/s on all cores",
    "Peak worker RSS MB",
    "Socket errors",
    "Load average before",
    "Speed loop s (before/after)",
]


def text_table(size_result: dict, cores: int) -> str:
    lines = [f"{size_result['size']} posts"]
    tables = ((RUN_HEADERS, run_rows(size_result, cores)), (TABLE_HEADERS, table_rows(size_result)))
    for headers, rows in tables:
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
        for row in (headers, *rows):
            lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
        lines.append("")
    return "\n".join(lines)


# --- Targets and the report -----------------------------------------------------------------------

SPIRIT_FACTOR, P99_LIMIT_MS, SEARCH_P95_LIMIT_MS, RSS_LIMIT_MB = 5.0, 150, 150, 150


def _run(size_result: dict, key: str) -> dict | None:
    return next((run for run in size_result["runs"] if run["key"] == key), None)


def verdicts(saved: dict) -> list[list[str]]:
    found = []

    def verdict(target, size, measured, met, gap):
        found.append(
            [target, report.SIZE_NAMES[size], measured, "yes" if met else "**no**", "–" if met else gap]
        )

    for size_result in saved["sizes"]:
        size, spirit = size_result["size"], _run(size_result, "spirit")
        if spirit:
            rivals = ["haven_redis", "haven_db"] if spirit["weights"] == WEIGHTS else []
            rivals += ["haven_redis_no_search", "haven_db_no_search"]
            for key in rivals:
                haven = _run(size_result, key)
                if not haven:
                    continue
                ours = _median(haven["rounds"], lambda r: r["wrk"]["rps"])
                theirs = _median(spirit["rounds"], lambda r: r["wrk"]["rps"])
                ratio = ours / theirs
                verdict(
                    f"≥ {SPIRIT_FACTOR:.0f}x Spirit's req/s on the same mix ({haven['label']})",
                    size,
                    f"{ours:,.1f} vs {theirs:,.1f} req/s: {ratio:.2f}x",
                    ratio >= SPIRIT_FACTOR,
                    f"{SPIRIT_FACTOR / ratio:.2f}x short ({ratio:.2f}x of {SPIRIT_FACTOR:.0f}x)",
                )
                for kind in ("thread", "lists", "search"):
                    ours_cpu = _cpu_ms(haven, kind)
                    theirs_cpu = _cpu_ms(spirit, kind)
                    if ours_cpu and theirs_cpu:
                        ratio = theirs_cpu / ours_cpu
                        verdict(
                            f"≥ {SPIRIT_FACTOR:.0f}x: {KIND_LABELS[kind]}, Spirit's CPU ms per request "
                            f"over Haven's ({haven['label']})",
                            size,
                            f"{theirs_cpu:.1f} vs {ours_cpu:.1f} ms: {ratio:.2f}x",
                            ratio >= SPIRIT_FACTOR,
                            f"{ratio:.2f}x of {SPIRIT_FACTOR:.0f}x",
                        )
        for key in ("haven_redis", "haven_db"):
            haven = _run(size_result, key)
            if not haven or size != "1m" or saved["arguments"]["concurrency"] != 16:
                continue
            for kind in ("thread", "latest", "category"):
                p99 = _kind(haven["rounds"], kind, "p99_ms")
                verdict(
                    f"p99 < {P99_LIMIT_MS} ms at 16 connections: {KIND_LABELS[kind]} ({haven['label']})",
                    size,
                    f"{p99:,.0f} ms",
                    p99 < P99_LIMIT_MS,
                    f"{p99 - P99_LIMIT_MS:,.0f} ms over",
                )
            p95 = _kind(haven["rounds"], "search", "p95_ms")
            if p95 is not None:
                verdict(
                    f"Search p95 < {SEARCH_P95_LIMIT_MS} ms at 16 connections ({haven['label']})",
                    size,
                    f"{p95:,.0f} ms",
                    p95 < SEARCH_P95_LIMIT_MS,
                    f"{p95 - SEARCH_P95_LIMIT_MS:,.0f} ms over",
                )
        for run in size_result["runs"]:
            if run["forum"] != "haven":
                continue
            rss = max(r["peak_rss_mb"] or 0 for r in run["rounds"])
            verdict(
                f"Worker RSS < {RSS_LIMIT_MB} MB ({run['label']})",
                size,
                f"{rss:.0f} MB",
                rss < RSS_LIMIT_MB,
                f"{rss - RSS_LIMIT_MB:.0f} MB over",
            )
    return found


def _cpu_ms(run: dict, kind: str) -> float | None:
    worker, pg = _kind(run["rounds"], kind, "cpu_ms"), _kind(run["rounds"], kind, "pg_ms")
    return None if worker is None else worker + (pg or 0)


def markdown(saved: dict) -> str:
    args, machine = saved["arguments"], saved["machine"]
    shares = ", ".join(f"{kind} {share}%" for kind, share in saved["weights"].items())
    used = [
        sum(result["cpu_seconds"].values()) / result["seconds"]
        for size_result in saved["sizes"]
        for run in size_result["runs"]
        for result in run["rounds"]
    ]
    share = (
        f"Over the measured runs the server under test got {min(used):.2f} to {max(used):.2f} of the "
        f'{machine["cores"]} cores (median {statistics.median(used):.2f}; the run table\'s "cores used").'
        if used
        else ""
    )
    parts = [
        "## Realistic mix",
        "",
        "Generated by `bench/mix.py`; regenerate with (from a fresh clone: DATABASE_URL, wrk, Redis):",
        "",
        f"    .venv/bin/python -m {saved['command'].removeprefix('python -m ')}",
        "",
        f"Run on {machine['date']}, taking {machine.get('elapsed_minutes', 0):.0f} minutes, on "
        f"{machine['cpu']} ({machine['cores']} cores, {machine['ram_gb']:.0f} GB), PostgreSQL {machine['postgres']} "
        f"({machine['postgres_settings']}), Python {machine['python']}, Django {machine['django']} (Spirit: 5.2), "
        f"gunicorn {machine['gunicorn']} sync x {args['workers']} for every server, {machine['wrk']} with 2 threads "
        f"and {args['concurrency']} connections on 127.0.0.1. Load average (1, 5, 15 min) "
        f"{report._load(machine['load_start'])} at the start, {report._load(machine['load_end'])} at the end: "
        "the machine is shared, so compare the rows of one table with each other. " + share,
        "",
        "**The mix** (`bench/realistic.lua`, shares: "
        + shares
        + "). Every request comes from one of the 200 seeded members (their sessions made by "
        "`bench/mix_setup.py` in each forum's own session store; the seed makes 200). Threads are drawn "
        f"with Zipf popularity (weight 1/rank^{args['zipf']}) over a fixed shuffle of every thread in the "
        "database, and a page of each: the first (40%), the last (30%) or any (30%). List pages are the "
        "newest threads or a category, with Zipf weights over all their pages. Searches are one or two words "
        "from the seeded vocabulary. Writes: replies (Haven: with a fresh submission key) and reactions "
        "(Spirit: likes) on threads drawn the same way, which change posts and threads and so invalidate "
        "their cached fragments while the load runs.",
        "",
        f"**Each run**: caches emptied (Redis FLUSHDB of {args['redis_url'] or 'the Redis database'}, the "
        "PostgreSQL fragment table truncated), the server started, "
        f"{args['warmup']} s of the mix unmeasured, then {args['seconds']} s measured"
        + (f", {args['rounds']} rounds interleaved (medians)" if args["rounds"] > 1 else "")
        + ". Latency is from the load script's clock, per request; "
        "`bench/probe.py` adds a header to every answer with the worker's CPU time for the request, its "
        "PostgreSQL backend's CPU time (sampled from /proc in 10 ms ticks, meaningful as a mean over many "
        "requests) and each cache's hits and misses, so that all are reported per kind of page. "
        "**CPU ms/req** is the worker's plus PostgreSQL's (in brackets); the run table adds whole-process "
        "totals (workers, PostgreSQL backends, Redis) over the measured requests. **Fragment cache hits**: "
        "`caches['fragments']` gets (posts' and thread rows' shared parts); **default cache hits**: the "
        "default cache (with Redis, sessions read through it, rate limits, submission keys; without, "
        "the same in a PostgreSQL table; Spirit: its database cache). Peak worker RSS is the highest VmHWM "
        "of any worker during the measured seconds. **Cores used** is that whole-process CPU time over the "
        "measured seconds: how much of the machine the server (with its PostgreSQL backends and Redis) "
        "actually got; on a machine shared with other work it can get much less than all of it, and then "
        "req/s and latency measure the sharing more than the forum. **CPU-bound req/s on all cores** "
        "is what the measured CPU ms per request would allow with every core to itself (cores x 1000 / "
        "CPU ms), a ceiling that ignores waits. The last two columns say how busy and how fast the shared "
        "machine was around each run: the 1-minute load average (other work included) and the CPU seconds "
        "bench/run.py's fixed Python loop took just before and after.",
        "",
    ]
    for size_result in saved["sizes"]:
        dbs = size_result["databases"]
        described = f"Haven {dbs['haven']['posts']:,} posts in {dbs['haven']['threads']:,} threads" + (
            f", Spirit {dbs['spirit']['posts']:,} comments" if "spirit" in dbs else ""
        )
        parts += [
            f"### {report.SIZE_NAMES[size_result['size']]}",
            "",
            f"{described}.",
            "",
            report._markdown_table(RUN_HEADERS, run_rows(size_result, machine["cores"])),
            "",
            report._markdown_table(TABLE_HEADERS, table_rows(size_result)),
            "",
            *[f"{note}\n" for note in size_result["notes"]],
        ]
    parts += [
        "### Targets (realistic mix)",
        "",
        "Spirit's factor is checked two ways: the whole mix's req/s on the same mix (what the load "
        "measures), and per kind of page the ratio of CPU ms per request (Spirit's over Haven's), which "
        "is what each page would allow alone on this machine.",
        "",
        report._markdown_table(["Target", "Size", "Measured", "Met", "Missed by"], verdicts(saved)),
        "",
        _latency_reading(saved),
        "",
    ]
    return "\n".join(parts)


def _latency_reading(saved: dict) -> str:
    """What the latency targets need, from the largest size's Haven run (Little's law)."""
    size_result = saved["sizes"][-1]
    run = _run(size_result, "haven_redis") or _run(size_result, "haven_db")
    if not run:
        return ""
    connections, cores = saved["arguments"]["concurrency"], saved["machine"]["cores"]
    rps = _median(run["rounds"], lambda r: r["wrk"]["rps"])
    cpu = _median(run["rounds"], cpu_per_request)
    used = _median(run["rounds"], lambda r: sum(r["cpu_seconds"].values()) / r["seconds"])
    needed = connections / (P99_LIMIT_MS / 1000)
    return (
        f"**Reading the latency targets.** With {connections} requests always in flight the mean latency is "
        f"{connections} / throughput (Little's law): at {report.SIZE_NAMES[size_result['size']]} {run['label']} "
        f"served {rps:,.1f} req/s, so requests waited {connections / rps * 1000:,.0f} ms on average whatever "
        f"each page costs. A p99 under {P99_LIMIT_MS} ms needs a mean well under it, so more than "
        f"{needed:,.0f} req/s: at most {cores * 1000 / needed:.1f} ms of CPU per request (workers, PostgreSQL "
        f"and Redis together) with all {cores} cores to itself. Measured: {cpu:.1f} ms per request, while the "
        f"server got {used:.2f} of the {cores} cores; CPU time measured on cores shared with other work is "
        "itself inflated (caches, hyperthreads), so the per-page benchmark's figures alone are the better "
        "measure of each page's own cost."
    )


def _report(saved: dict, report_path: str | None) -> int:
    for size_result in saved["sizes"]:
        say("\n" + text_table(size_result, saved["machine"]["cores"]))
    for row in verdicts(saved):
        say("  " + " | ".join(row))
    if report_path:
        path = Path(report_path)
        path.write_text(report.with_mix_section(path.read_text() if path.exists() else "", markdown(saved)))
        say(f"\nWrote {report_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
