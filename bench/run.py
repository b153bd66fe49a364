"""The performance benchmark: one command, prints tables, writes docs/performance.md.

    .venv/bin/python -m bench.run [--sizes 10k,100k,1m] [--seconds 15] [--concurrency 16]
        [--rounds 3] [--no-spirit] [--spirit-sizes 100k,1m] [--spirit-search-sizes 10k,100k]
        [--anonymous-sizes 1m] [--workers N] [--rebuild] [--pages KEY,...] [--report docs/performance.md]
    .venv/bin/python -m bench.run --from-results bench/results/run-*.json --report docs/performance.md

For each size (10k, 100k and 1M posts: 500, 5,000 and 50,000 threads of about 20 posts, one of 300
replies, 200 members) it builds or reuses Haven's benchmark database (`seed_demo --scale`, timed)
and Spirit's (bench/spirit/seed.py: the same conversations through Spirit's models), counts the SQL
queries of every page in-process, then starts both forums under gunicorn with the same
config/gunicorn.conf.py and measures each page with wrk on 127.0.0.1 (2 threads, --concurrency
connections, --seconds each): Haven, then Spirit's equivalent page, then Haven's next page, so
that both see the same moments of a shared machine, for --rounds rounds; tables quote medians.
The ceiling is a fixed page as large as the thread page, served by Haven's gunicorn through the
same middleware, and the frame the same HTML inside the site's layout for the member who asks
(bench/ceiling.py). Peak memory is the highest VmHWM of any gunicorn worker.

The full run (all three sizes, 15 s, 3 rounds, Spirit at 100k and 1M, anonymous visits at 1M) takes
about 40 minutes once the databases exist (building them the first time: about 10 minutes for
Haven's, 20 for Spirit's with its search index at 10k and 100k). Progress goes to standard output,
subprocess output to bench/results/run-*.log, the measurements to bench/results/run-*.json (which
--from-results turns into the report again without measuring). Uses DATABASE_URL's server, or the
embedded PostgreSQL without it; wrk must be installed (apt-get install -y wrk).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import databases, report, servers, wrk
from bench.databases import BASE_DIR, SPIRIT_PYTHON
from forum.demo import content, synthetic

RESULTS_DIR = BASE_DIR / "bench" / "results"
MEMBER_EMAIL = "member0001@bench.example"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str  # member, anonymous or moderator
    haven: str
    spirit: str | None = None


@dataclass
class SizeResult:
    size: str
    haven_db: databases.Database
    spirit_db: databases.Database | None
    pages: list[Page]
    runs: dict = field(default_factory=dict)  # (forum, key, role) -> [wrk result per round]
    queries: dict = field(default_factory=dict)  # (forum, key, role) -> {"queries", "bytes", "status"}
    peak_rss_mb: dict = field(default_factory=dict)  # forum -> MB, while the load ran
    login_rss_mb: dict = field(default_factory=dict)  # forum -> MB, before: start-up, warm-up, logins
    memory_method: str = "VmHWM"
    notes: list[str] = field(default_factory=list)
    load_before: tuple = ()
    load_after: tuple = ()
    speed_before: float | None = None  # python_speed() before and after the rounds
    speed_after: float | None = None

    def median(self, forum: str, key: str, role: str, metric: str) -> float | None:
        rounds = self.runs.get((forum, key, role))
        return statistics.median(run[metric] for run in rounds) if rounds else None

    def total(self, forum: str, key: str, role: str, metric: str) -> int | None:
        rounds = self.runs.get((forum, key, role))
        return int(sum(run[metric] for run in rounds)) if rounds else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration per page and round")
    parser.add_argument("--concurrency", type=int, default=16, help="wrk connections")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-spirit", action="store_true", help="leave out the Spirit comparison")
    parser.add_argument("--spirit-sizes", default="100k,1m", help="sizes at which Spirit is measured")
    parser.add_argument(
        "--spirit-search-sizes", default="10k,100k", help="sizes at which Spirit's search index is built"
    )
    parser.add_argument(
        "--anonymous-sizes", default="1m", help="sizes at which anonymous visits are measured"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: config's cores + 1)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the benchmark databases again")
    parser.add_argument(
        "--pages", default=None, help="only these pages, e.g. thread_first,latest_1 (for experiments)"
    )
    parser.add_argument("--report", default=None, help="write the Markdown report here")
    parser.add_argument(
        "--from-results", default=None, metavar="JSON", help="measure nothing: report a saved run's results"
    )
    args = parser.parse_args()
    if args.from_results:
        results, machine, saved = load_results(Path(args.from_results))
        for result in results:
            say("\n" + report.text_table(result, saved))
        return _report(results, machine, saved, args.report, say)
    sizes = _sizes(args.sizes)
    spirit_sizes = set() if args.no_spirit else set(_sizes(args.spirit_sizes)) & set(sizes)
    spirit_search_sizes = set(_sizes(args.spirit_search_sizes))
    anonymous_sizes = set(_sizes(args.anonymous_sizes))
    workers = args.workers or (os.cpu_count() or 1) + 1
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    RESULTS_DIR.mkdir(exist_ok=True)
    log_path = RESULTS_DIR / f"run-{datetime.now(UTC):%Y%m%d-%H%M%S}.log"
    results_path = log_path.with_suffix(".json")
    started = time.monotonic()
    say(f"Haven benchmark: sizes {', '.join(sizes)}; wrk {args.seconds}s x {args.concurrency} connections,")
    say(
        f"{args.rounds} rounds; gunicorn sync x {workers}; Spirit at {', '.join(sorted(spirit_sizes)) or 'no size'}."
    )
    say(f"Subprocess output: {log_path.relative_to(BASE_DIR)}; results: {results_path.relative_to(BASE_DIR)}")
    machine = report.describe_machine(workers)
    results = []
    with log_path.open("w") as log:
        databases.collect_haven_static(log)
        if spirit_sizes:
            databases.ensure_spirit_environment(log, say)
        for size in sizes:
            say(f"\n== {size} posts ==")
            result = measure_size(
                size,
                args,
                workers=workers,
                spirit=size in spirit_sizes,
                spirit_search=size in spirit_search_sizes,
                anonymous=size in anonymous_sizes,
                log=log,
            )
            results.append(result)
            machine["elapsed_minutes"] = (time.monotonic() - started) / 60
            machine["load_end"] = os.getloadavg()
            save_results(results_path, results, machine, args)  # a failure later loses nothing measured
            say("\n" + report.text_table(result, args))
    return _report(results, machine, args, args.report, say)


def _report(results, machine, settings, report_path, say) -> int:
    """Print the targets and, with --report, write the Markdown report."""
    say("\n" + report.text_targets(results))
    if report_path:
        path = Path(report_path)
        existing = path.read_text() if path.exists() else ""  # keeps bench/mix.py's section on top
        path.write_text(report.with_per_page_report(existing, report.markdown(results, machine, settings)))
        say(f"\nWrote {report_path}")
    return 0


SAVED_ARGUMENTS = (
    "seconds",
    "concurrency",
    "rounds",
    "no_spirit",
    "spirit_sizes",
    "spirit_search_sizes",
    "anonymous_sizes",
)


def save_results(path: Path, results: list[SizeResult], machine: dict, args):
    """The measurements as JSON, so that --from-results can write the report again without them."""

    def flat(mapping: dict) -> dict:
        return {"|".join(key): value for key, value in mapping.items()}

    data = {
        "arguments": {name: getattr(args, name) for name in SAVED_ARGUMENTS},
        "machine": machine,
        "results": [
            asdict(result) | {"runs": flat(result.runs), "queries": flat(result.queries)}
            for result in results
        ],
    }
    path.write_text(json.dumps(data, indent=1, default=str))  # latencies beyond the timeout: Infinity


def load_results(path: Path) -> tuple[list[SizeResult], dict, argparse.Namespace]:
    data = json.loads(path.read_text())

    def unflat(mapping: dict) -> dict:
        return {tuple(key.split("|")): value for key, value in mapping.items()}

    def numbers(run: dict) -> dict:
        return {key: float(value) for key, value in run.items()}

    results = []
    for item in data["results"]:
        runs = {key: [numbers(run) for run in rounds] for key, rounds in unflat(item.pop("runs")).items()}
        results.append(
            SizeResult(
                **item
                | {
                    "haven_db": databases.Database(**item["haven_db"]),
                    "spirit_db": databases.Database(**item["spirit_db"]) if item["spirit_db"] else None,
                    "pages": [Page(**page) for page in item["pages"]],
                    "runs": runs,
                    "queries": unflat(item["queries"]),
                }
            )
        )
    return results, data["machine"], argparse.Namespace(**data["arguments"])


SPEED_LOOP = "import time; t = time.process_time(); sum(i * i for i in range(3_000_000)); print(time.process_time() - t)"


def python_speed() -> float:
    """CPU seconds a fixed loop of Python takes on this machine now. A shared virtual machine's
    speed drifts (the same loop took 0.65 s and 1.1 s within a minute here), and every absolute
    figure moves with it; the ratios, measured in interleaved rounds, much less."""
    output = subprocess.run([sys.executable, "-c", SPEED_LOOP], capture_output=True, text=True, check=True)
    return float(output.stdout)


def say(message: str):
    print(message, flush=True)


def _sizes(value: str) -> list[str]:
    chosen = [size.strip().lower() for size in value.split(",") if size.strip()]
    unknown = [size for size in chosen if size not in databases.SIZES]
    if unknown:
        raise SystemExit(f"Unknown size {', '.join(unknown)}: choose from {', '.join(databases.SIZES)}")
    return chosen


def measure_size(size, args, *, workers, spirit, spirit_search, anonymous, log) -> SizeResult:
    haven_db = databases.haven_database(size, rebuild=args.rebuild, log=log, say=say)
    spirit_db = (
        databases.spirit_database(size, rebuild=args.rebuild, search=spirit_search, log=log, say=say)
        if spirit
        else None
    )
    facts = _haven_facts(haven_db, log)
    pages = _pages(facts, _spirit_facts(spirit_db) if spirit_db else None, anonymous=anonymous)
    if args.pages:
        pages = [page for page in pages if page.key in args.pages.split(",")]
    result = SizeResult(size, haven_db, spirit_db, pages)
    if spirit_db and spirit_db.index_seconds is None:
        result.notes.append(
            "Spirit's Whoosh search index is not built at this size (see --spirit-search-sizes: building it "
            "is single-threaded Python and took 10 minutes at 100k posts on this machine, so an estimated one to two "
            "hours at 1M), so Spirit's search pages are left out."
        )
        result.pages = pages = [
            page if not page.key.startswith("search") else Page(page.key, page.label, page.role, page.haven)
            for page in pages
        ]
    say("  counting SQL queries per page…")
    result.queries.update(_count_queries("haven", haven_db, pages, facts, log))
    if spirit_db:
        result.queries.update(_count_queries("spirit", spirit_db, pages, facts, log))
    bad = {key: value for key, value in result.queries.items() if value["status"] != 200}
    if bad:
        raise RuntimeError(f"Pages that do not answer 200 in-process: {bad}")
    ceiling_bytes = result.queries.get(("haven", "thread_first", "member"), {}).get("bytes", 100_000)
    say(f"  starting gunicorn (sync x {workers}) for Haven{' and Spirit' if spirit_db else ''}…")
    haven = servers.start_haven(haven_db.url, workers=workers, ceiling_bytes=ceiling_bytes)
    spirit_server = servers.start_spirit(spirit_db.url, size, workers=workers) if spirit_db else None
    try:
        cookies = {
            ("haven", "anonymous"): "",
            ("haven", "member"): servers.haven_session(haven.url, MEMBER_EMAIL, content.DEMO_PASSWORD),
            ("haven", "moderator"): servers.haven_session(
                haven.url,
                facts["moderator"]["email"],
                content.DEMO_PASSWORD,
                facts["moderator"]["totp_secret"],
            ),
        }
        if spirit_server:
            cookies[("spirit", "anonymous")] = ""
            cookies[("spirit", "member")] = servers.spirit_session(
                spirit_server.url, MEMBER_EMAIL, content.DEMO_PASSWORD
            )
        targets = [("haven", haven, page.haven, page) for page in pages]
        targets += [
            ("spirit", spirit_server, page.spirit, page) for page in pages if page.spirit and spirit_server
        ]
        ceiling = Page("ceiling", "Ceiling: fixed HTML, thread-page size", "member", "/bench/ceiling/")
        targets.append(("ceiling", haven, ceiling.haven, ceiling))
        say("  warming up every page…")
        for forum, server, path, page in targets:
            warm = wrk.measure(
                server.url + path,
                cookie=cookies[(_cookie_forum(forum), page.role)],
                seconds=1,
                concurrency=args.concurrency,
            )
            server.settle()
            if warm["non2xx"] and not warm["ok"]:
                # A lost login answers every request with a fast redirect: measuring that would
                # report the login page's speed as the page's. (A page slower than the warm-up's
                # second, such as Spirit's search for a common word, answers nothing at all yet.)
                raise RuntimeError(f"{forum}'s {page.label} answered no request with 2xx as {page.role}.")
        result.load_before, result.speed_before = os.getloadavg(), python_speed()
        memory = servers.PeakMemory([haven] + ([spirit_server] if spirit_server else []))
        with memory:
            for round_number in range(1, args.rounds + 1):
                for page in [*pages, ceiling]:
                    for forum, server, path, target in targets:
                        if target is not page:
                            continue
                        run = wrk.measure(
                            server.url + path,
                            cookie=cookies[(_cookie_forum(forum), page.role)],
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                        )
                        for running in filter(None, (haven, spirit_server)):
                            running.settle()
                        result.runs.setdefault((forum, page.key, page.role), []).append(run)
                        say(
                            f"  round {round_number} {forum:<7} {page.key:<15} {page.role:<9}"
                            f" {run['rps']:8.1f} req/s  p50 {run['p50_ms']:6.1f}  p99 {run['p99_ms']:7.1f} ms"
                            f"  non-2xx {int(run['non2xx'] + run['errors'])}"
                        )
        result.load_after, result.speed_after = os.getloadavg(), python_speed()
        result.peak_rss_mb = {"haven": memory.peak_mb("haven"), "spirit": memory.peak_mb("spirit")}
        result.login_rss_mb = {"haven": memory.before_mb("haven"), "spirit": memory.before_mb("spirit")}
        result.memory_method = memory.method
    finally:
        haven.stop()
        if spirit_server:
            spirit_server.stop()
    return result


def _cookie_forum(forum: str) -> str:
    return "haven" if forum == "ceiling" else forum


def _haven_facts(database, log) -> dict:
    env = databases.haven_env(database.url)
    output = subprocess.run(
        [sys.executable, "-m", "bench.prepare"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _spirit_facts(database) -> dict:
    with psycopg.connect(database.url) as connection:
        topic = connection.execute(
            "SELECT id, slug, comment_count FROM spirit_topic_topic ORDER BY comment_count DESC, id LIMIT 1"
        ).fetchone()
        categories = {
            slug: (pk, count)
            for pk, slug, count in connection.execute(
                "SELECT c.id, c.slug, count(t.id) FROM spirit_category_category c"
                " LEFT JOIN spirit_topic_topic t ON t.category_id = c.id GROUP BY c.id, c.slug"
            )
        }
    return {"topic": topic, "categories": categories}


def _pages(facts: dict, spirit: dict | None, *, anonymous: bool) -> list[Page]:
    per_list, per_thread = facts["threads_per_page"], facts["posts_per_page"]
    latest_pages = max(1, -(-facts["listed_threads"] // per_list))
    latest_deep = min(50, latest_pages)
    category = facts["category"]
    category_deep = max(1, -(-category["threads"] // per_list))
    category_middle = max(1, (category_deep + 1) // 2)  # the farthest from either end of the list
    thread_url, thread_last = facts["long_thread"]["url"], -(-facts["long_thread"]["posts"] // per_thread)
    s = {}
    if spirit:
        topic_id, topic_slug, comments = spirit["topic"]
        category_id, category_topics = spirit["categories"][category["slug"]]
        topic = f"/topic/{topic_id}/{topic_slug}/"
        spirit_category = f"/category/{category_id}/{category['slug']}/"
        # Haven also has the few demo threads, so its last page may be one further than Spirit's.
        spirit_topics = sum(count for _, count in spirit["categories"].values())
        s = {
            "latest_1": "/",
            "latest_deep": f"/?page={min(latest_deep, -(-spirit_topics // per_list))}",
            "category_1": spirit_category,
            "category_deep": f"{spirit_category}?page={-(-category_topics // per_list)}",
            "thread_first": f"{topic}?page=1",
            "thread_last": f"{topic}?page={-(-comments // 20)}",  # Spirit's default: 20 comments a page
            "search_common": f"/search/?q={synthetic.COMMON_WORD}",
            "search_rare": f"/search/?q={synthetic.RARE_WORD}",
        }
    rows = [
        ("latest_1", "Latest threads, page 1", "/latest/"),
        ("latest_deep", f"Latest threads, page {latest_deep}", f"/latest/?page={latest_deep}"),
        ("category_1", f"Category ({category['threads']:,} threads), page 1", category["url"]),
        (
            "category_middle",
            f"Category, page {category_middle} (the middle)",
            f"{category['url']}?page={category_middle}",
        ),
        (
            "category_deep",
            f"Category, page {category_deep} (its last)",
            f"{category['url']}?page={category_deep}",
        ),
        ("thread_first", "Thread of 300 replies, page 1", f"{thread_url}?page=1"),
        (
            "thread_last",
            f"Thread of 300 replies, page {thread_last} (last)",
            f"{thread_url}?page={thread_last}",
        ),
        (
            "search_common",
            f"Search, common word ({synthetic.COMMON_WORD})",
            f"/search/?q={synthetic.COMMON_WORD}",
        ),
        ("search_rare", f"Search, rare word ({synthetic.RARE_WORD})", f"/search/?q={synthetic.RARE_WORD}"),
        ("notifications", "Notifications", "/notifications/"),
    ]
    pages = [Page(key, label, "member", path, s.get(key)) for key, label, path in rows]
    pages.append(Page("moderation", "Moderation queue", "moderator", "/moderation/"))
    # A reference, not a page: the least any member page does (bench/ceiling.py).
    pages.append(Page("frame", "Frame: the site's layout around fixed HTML", "member", "/bench/frame/"))
    if anonymous:  # Haven's only: the targets compare logged-in members, and this bounds the run's time
        pages += [
            Page(page.key, page.label, "anonymous", page.haven)
            for page in pages
            if page.key in ("latest_1", "category_1", "thread_first", "thread_last")
        ]
    return pages


def _count_queries(forum: str, database, pages: list[Page], facts: dict, log) -> dict:
    if forum == "haven":
        python, env = (
            sys.executable,
            {**databases.haven_env(database.url), "DJANGO_SETTINGS_MODULE": "bench.settings"},
        )
        logins = {"member": MEMBER_EMAIL, "anonymous": None, "moderator": facts["moderator"]["email"]}
        wanted = [{"key": page.key, "role": page.role, "path": page.haven} for page in pages]
        wanted.append({"key": "ceiling", "role": "member", "path": "/bench/ceiling/"})
    else:
        python, env = str(SPIRIT_PYTHON), databases.spirit_env(database.url, database.name.rsplit("_", 1)[1])
        logins = {"member": MEMBER_EMAIL, "anonymous": None}
        wanted = [{"key": page.key, "role": page.role, "path": page.spirit} for page in pages if page.spirit]
    output = subprocess.run(
        [python, "-m", "bench.queries", json.dumps({"logins": logins, "pages": wanted})],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise RuntimeError(f"Counting {forum}'s queries failed:\n{output.stderr[-3000:]}")
    counted = json.loads(output.stdout.strip().splitlines()[-1])
    return {(forum, *name.split(" ")): value for name, value in counted.items()}


if __name__ == "__main__":
    sys.exit(main())
