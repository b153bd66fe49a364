"""The prose of docs/performance.md: how the numbers are made, why the server is set up as it is,
and, from the measured numbers, what each missed target would take."""

import os

WORKER_CHOICE = """\
**Worker model.** Both forums run gunicorn's sync workers, {workers} of them on {cores} cores
(`config/gunicorn.conf.py`: cores + 1). A page is a burst of Python (views and templates) plus a
few waits on PostgreSQL, which runs on the same two cores (the tables' "alone ms (SQL ms)" column
shows how a page's time splits). A sync worker serves one request at a time, so requests never queue behind each
other inside one interpreter's GIL, and the one worker beyond one per core keeps both cores busy
while another waits on the database. More workers add memory (each is a whole Django process, see
the RSS figures) and context switches but no CPU; threads (gthread) would only overlap the short
database waits; asynchronous workers would need async views and an async driver throughout.
Measured while choosing (2026-12-03, logged-in member, one run of 10 s at 16 connections,
`--workers N`), Haven's latest list, thread page and its last page in req/s: at 1M posts 287, 219
and 297 with 3 workers, 259, 214 and 288 with 4, 267, 199 and 264 with 5 (2 x cores + 1, the
earlier default); 289, 221 and 300 with 2. At 100k: 272, 206 and 283 with 3 workers against 247,
194 and 266 with 5, while Spirit gained 1-4% from the same change (85, 54 and 81 against 83, 52
and 79 req/s). Two workers are as fast but leave a single one serving while the other is recycled
or waits on a slow query; three keep that margin at no cost."""

# Spirit's latest list, thread page and its last page at 100k posts, req/s, in those runs.
WORKER_CHOICE_SPIRIT_100K = {"latest_1": 85, "thread_first": 54, "thread_last": 81}


def worker_choice(results, machine: dict) -> str:
    """The worker paragraph, and how fast the machine of its figures was against this run's."""
    text = WORKER_CHOICE.format(workers=machine["workers"], cores=machine["cores"])
    at_100k = next((result for result in results if result.size == "100k"), None)
    now = (
        {key: at_100k.median("spirit", key, "member", "rps") for key in WORKER_CHOICE_SPIRIT_100K}
        if at_100k
        else {}
    )
    if not now or not all(now.values()):
        return text
    speed = sum(WORKER_CHOICE_SPIRIT_100K[key] / now[key] for key in now) / len(now)
    if 0.9 <= speed <= 1.1:
        return text
    return (
        f"{text} Virtual machines of the same size differ: the one those runs used served Spirit's three "
        f"pages at 100k {speed:.1f} times as fast as this run measured ("
        + ", ".join(f"{WORKER_CHOICE_SPIRIT_100K[key]} against {now[key]:,.0f}" for key in now)
        + " req/s), so compare those figures with each other, and each table's forums with each other."
    )


HOW_MEASURED = """\
- **Data.** `seed_demo --scale N` with N = 500, 5,000 and 50,000 threads: about 20 posts each
  (1 to 39), one thread of 300 replies, 200 members, Markdown bodies of about 1,500 characters
  (paragraphs, emphasis, a quote, a list, a link; `forum/demo/synthetic.py`), reply notifications
  (about 30% of posts answer an earlier one) and 30 flagged posts in the moderation queue. Spirit
  gets the same plan through its own models (`bench/spirit/seed.py`): the same members,
  categories, topics, comments per topic and bodies, rendered by its own Markdown. Both forums'
  databases are vacuumed and analysed once seeded (untimed), as autovacuum would soon do in
  production: without the visibility map a list index cannot be read alone.
- **Servers.** Each forum under gunicorn with `config/gunicorn.conf.py` (including its worker
  recycling every ~10,000 requests), production settings (DEBUG off, the cached template loader,
  persistent connections with health checks, hashed static files, the database cache; for Haven
  also prepared statements, `DATABASE_PREPARED_STATEMENTS`), on the same PostgreSQL. Haven is open to anonymous readers for the
  run (`HAVEN_PUBLIC_READ=1`) and its rate limits are lifted (`HAVEN_RATE_LIMIT_SCALE`), since one
  member sends every request.
- **Load.** wrk on 127.0.0.1, 2 threads, {concurrency} connections, {seconds} s per page and round,
  with the Cookie of a member who logged in through the real login page (the moderator also
  through their authenticator code; Spirit's member through Spirit's login). Each Haven page is
  followed by Spirit's equivalent, then the next page, for {rounds} rounds; the tables quote the
  median of the rounds. Between two measurements the harness waits until both servers have
  answered everything still queued, so a slow page does not slow the next one down.
- **Latency.** wrk's percentiles count answered requests only; where more requests than the
  percentile allows got no answer within wrk's 10 s timeout, the table shows "≥10,000".
- **Queries and time per request.** Counted in-process with Django's test client and
  `CaptureQueriesContext` against the same database, after one unmeasured request (the steady
  state wrk sees), for each page and visitor, in both forums. "alone ms (SQL ms)" is the fastest
  of three such requests, one at a time, and the part of it spent waiting for PostgreSQL.
- **Memory.** The peak resident set (VmHWM, shared pages included) of any gunicorn worker while
  the load runs, sampled twice a second after resetting the kernel's peak counter; the figure
  "before the load" also covers start-up and the benchmark's own logins.
- **The ceiling.** `bench/ceiling.py`: a view returning a fixed HTML string as large as the
  thread page, routed only on a benchmark server (bench/urls.py), through Haven's whole middleware stack in
  the same gunicorn. "ours/ceiling" is the share of that throughput a real page keeps.
  The frame, beside it, puts the same fixed HTML inside the site's layout for the member who asks
  (their session, the header with their name and unread count, the footer): the least any member
  page does.
- **Spirit.** django-spirit 0.14.3, the newest on PyPI, which needs Django < 6, so it runs on
  Django 5.2 in its own virtualenv (`bench/.spirit`, from `bench/spirit/requirements.txt`), with
  25 topics per page as Haven shows (20 comments per page, as both have by default). Its search is
  haystack with Whoosh, Spirit's default backend: one document per topic (title and all comments),
  searched in-process from an index on local disk. Its pages here: the active-topics list (`/`),
  the category, the topic's first and last page, and search; it has no counterpart in this
  comparison for Haven's notifications page or moderation queue, nor for threaded replies."""


def _moderation_queue(result, p99_misses) -> str:
    if not any(v.target.startswith("Moderation queue") for v in p99_misses):
        return ""
    alone = result.queries.get(("haven", "moderation", "moderator"), {})
    latest = result.queries.get(("haven", "latest_1", "member"), {})
    return (
        f" The moderation queue is a case apart: {_ms(alone.get('ms'))} alone with "
        f"{alone.get('queries', '?')} queries, against {_ms(latest.get('ms'))} with "
        f"{latest.get('queries', '?')} for the latest threads. Its entries' summaries are "
        "rendered once per worker like posts, but its queries (the page of entries with their posts, "
        "threads, authors and appeals, their flags, the open counts, the moderator's shift and what "
        "they have seen today) are built on every request, as every page's queries are."
    )


def _frame_share(result) -> str:
    frame = result.median("haven", "frame", "member", "rps")
    ceiling = result.median("ceiling", "ceiling", "member", "rps")
    if not (frame and ceiling):
        return ""
    alone = result.queries.get(("haven", "frame", "member"), {})
    return (
        f" Even the frame, the site's layout around the same fixed HTML with no view behind it (the "
        f"member's session and the header, {_ms(alone.get('ms'))} alone), keeps {frame / ceiling:.0%} of "
        f"the ceiling ({frame:,.0f} req/s): no page that identifies its member and renders the layout "
        "on each request reaches half of it."
    )


def what_would_close(results, verdicts) -> str:
    """A paragraph per family of missed targets, with the numbers that explain it."""
    missed = [verdict for verdict in verdicts if not verdict.met]
    if not missed:
        return "Every target is met."
    largest = results[-1]
    paragraphs = []
    ceiling_misses = [v for v in missed if "of the ceiling" in v.target]
    if ceiling_misses:
        ceiling = largest.median("ceiling", "ceiling", "member", "rps")
        thread = largest.queries.get(("haven", "thread_first", "member"), {})
        paragraphs.append(
            f"**Half of the ceiling.** The ceiling is served at {ceiling:,.0f} req/s, about "
            f"{1000 * _cores() / ceiling:.1f} ms of the {_cores()} cores per request (wrk's share included); "
            f"half of that throughput leaves about {2000 * _cores() / ceiling:.1f} ms per request for "
            "everything a page does, PostgreSQL included. The "
            f"thread page alone takes {_ms(thread.get('ms'))} ({_ms(thread.get('sql_ms'))} of it waiting on "
            f"{thread.get('queries', '?')} queries), so no tuning of the queries or templates gets there."
            f"{_frame_share(largest)} "
            "Only serving most requests without running the view would. For anonymous readers that is a "
            "whole-page cache keyed by URL and invalidated when a thread changes; for members, whose "
            "pages carry their own unread marks, reactions, bookmarks and CSRF tokens, it means one "
            "cached page body shared by everyone (as the rendered-post fragments already are) with the "
            "member's own state added by a second, small request or by edge-side includes."
        )
    spirit_misses = [v for v in missed if "Spirit" in v.target]
    if spirit_misses:
        rows = []
        for result in results:
            if not any(v.size == SIZE_NAMES[result.size] for v in spirit_misses):
                continue
            for key in ("thread_first", "thread_last", "latest_1"):
                ours = result.queries.get(("haven", key, "member"), {})
                theirs = result.queries.get(("spirit", key, "member"), {})
                if ours and theirs:
                    rows.append(
                        f"{_label(result, key)} at {SIZE_NAMES[result.size]}: Haven {_ms(ours.get('ms'))} with "
                        f"{ours.get('queries')} queries, Spirit {_ms(theirs.get('ms'))} with {theirs.get('queries')}"
                    )
        paragraphs.append(
            "**Three times Spirit.** Both forums are Django on the same server, so the ratio is the ratio of "
            "their cost per request. Measured alone: "
            + "; ".join(rows)
            + ". "
            + _spirit_trend(results)
            + "Where it falls short, three times Spirit's throughput needs a Haven request to cost a third "
            "of Spirit's. The queries are already few: a member page spends two on who is looking (the "
            "session, then the member with their unread count: accounts/backends), a thread page read "
            "again makes five (those two; the thread with the "
            "member's read marker, follow level and saved mark; the posts with what 'in reply to' needs; "
            "the member's reactions, saved posts and blocks together), and list rows join no table per row "
            "beyond their author, of whom only what the row shows is loaded. Every query is a prepared "
            "statement, so PostgreSQL neither parses nor plans it again. "
            "What is left is Django's own work around them (a model per row) and the page template. "
            "Going further means not running them for most requests: the cached page body with "
            "the member's own state merged in, as the ceiling paragraph describes."
        )
    p99_misses = [v for v in missed if "p99" in v.target]
    if p99_misses:
        concurrency = 16
        paragraphs.append(
            f"**p99 under 100 ms at {concurrency} connections.** With {concurrency} requests always in flight, "
            f"the mean latency is {concurrency} / throughput (Little's law), so a mean below 100 ms alone "
            f"needs more than {concurrency / 0.1:,.0f} req/s and a p99 below 100 ms needs clearly more, around "
            f"{1.5 * concurrency / 0.1:,.0f} req/s: a page costing no more than about "
            f"{1000 * _cores() / (1.5 * concurrency / 0.1):.0f} ms of CPU, PostgreSQL's share included, on "
            f"{_cores()} cores. The pages that miss are "
            + ", ".join(f"{v.target.split(': p99')[0]} ({v.measured})" for v in p99_misses[:6])
            + (" and more" if len(p99_misses) > 6 else "")
            + (
                "; what closes the ceiling gap closes this one."
                if any(not v.target.startswith("Moderation queue") for v in p99_misses)
                else "."
            )
            + _moderation_queue(largest, p99_misses)
        )
    search_misses = [v for v in missed if "Search" in v.target]
    if search_misses:
        details, sql_bound, alone_fast = [], False, True
        for key in ("search_common", "search_rare"):
            alone = largest.queries.get(("haven", key, "member"), {})
            rps = largest.median("haven", key, "member", "rps")
            if alone and rps:
                sql_bound = sql_bound or (alone.get("sql_ms") or 0) > 0.5 * (alone.get("ms") or 1)
                alone_fast = alone_fast and (alone.get("ms") or 0) < 150
                details.append(
                    f"{_label(largest, key)}: {_ms(alone.get('ms'))} alone ({_ms(alone.get('sql_ms'))} in SQL), "
                    f"{rps:,.0f} req/s under load, so 16 requests in flight wait {16000 / rps:,.0f} ms on average"
                )
        explanation = (
            "A search's own time has two parts. In SQL: finding the newest 1,000 matches and ranking "
            "each as it is found (a GIN index scan for a rare word, a walk down the newest posts for a "
            "common one, each planned for its own words and looking up only those posts' threads), "
            "which reads every candidate's search vector, then highlighting the page's 20 snippets "
            "(ts_headline parses each body again, about 0.4 ms a post). In Python: the 20 results with "
            "their threads, categories and authors, and the template, as on every page. "
            + (
                "Here SQL is the larger part. "
                if sql_bound
                else "Here Python is the larger part, so what would close the p99 gap would close most of this one. "
            )
            + "Fewer candidates would shrink the first in proportion (MAX_CANDIDATES, forum/search.py) at "
            "the price of ranking fewer; a date column inside the full-text index (btree_gin) would let "
            "a rare word's newest matches be found without sorting them all."
        )
        paragraphs.append(
            "**Search p95 under 150 ms.** "
            + "; ".join(details)
            + (
                ". Alone a search is inside the limit; under 16 connections it is the queue that misses it, "
                "as for every page. "
                if alone_fast
                else ". Even alone a search is over the limit. "
            )
            + explanation
        )
    deep_misses = [v for v in missed if "as fast as page 1" in v.target]
    deep_lines = []
    for deep, first in DEEP_PAGES:
        deep_alone = largest.queries.get(("haven", deep, "member"), {})
        first_alone = largest.queries.get(("haven", first, "member"), {})
        if deep_alone and first_alone:
            deep_lines.append(
                f"{_label(largest, deep)} {_ms(deep_alone.get('ms'))} ({_ms(deep_alone.get('sql_ms'))} SQL) "
                f"against page 1's {_ms(first_alone.get('ms'))} ({_ms(first_alone.get('sql_ms'))} SQL)"
            )
    if deep_misses:
        paragraphs.append(
            "**Deep pages.** "
            + "; ".join(f"{v.target}: {v.measured}" for v in deep_misses)
            + ". Alone, one request at a time: "
            + "; ".join(deep_lines)
            + ". Where a deep page's SQL is no dearer than page 1's, the difference under load is within "
            "this shared machine's noise; where it is dearer, the database is stepping over the rows "
            "before the page (OFFSET costs a step per skipped row, even over an index alone), and a "
            "keyset ('the 25 threads after this one', by the list's sort key and the index that matches "
            "it) would make every page cost what page 1 does, at the price of page numbers in the "
            "address. Page 5,000 of a category does not exist at 1M posts (the biggest category has "
            "about 8,500 threads, some 340 pages of 25), so the harness measures its middle and last pages."
        )
    ceiling_p50 = largest.median("ceiling", "ceiling", "member", "p50_ms")
    ceiling_p99 = largest.median("ceiling", "ceiling", "member", "p99_ms")
    if ceiling_p50 and ceiling_p99 and ceiling_p99 > 5 * ceiling_p50:
        paragraphs.append(
            f"**The ceiling's tail.** Its p50 is {ceiling_p50:,.0f} ms but its p99 {_ms(ceiling_p99)}: at "
            "that rate each worker reaches gunicorn's `max_requests` (config/gunicorn.conf.py) within "
            "seconds of the others, in the middle of the measurement. A replacement is forked from the "
            "preloaded master, ready to serve, but the requests queued for the old ones wait while the "
            f"three are replaced; real pages, served {_slower(largest)} times slower, recycle that much "
            "less often."
        )
    rss_misses = [v for v in missed if "RSS" in v.target]
    if rss_misses:
        paragraphs.append(
            "**Worker memory.** "
            + "; ".join(f"{v.size}: {v.measured}" for v in rss_misses)
            + ". Logging in hashes the password with Argon2 (100 MiB of memory for a moment, by design), "
            "which is most of a worker's peak; the pages themselves stay near 80 MB."
        )
    seed_misses = [v for v in missed if "seed_demo" in v.target]
    if seed_misses:
        paragraphs.append(
            "**Seeding.** "
            + "; ".join(f"{v.size}: {v.measured}" for v in seed_misses)
            + ". Nearly all of it is PostgreSQL computing each post's full-text vector (a generated "
            "column) and building the GIN index; the seed already loads on one connection per core "
            "with the secondary indexes dropped, so on a machine shared with other work the wall time "
            "follows the CPU left over."
        )
    return "\n\n".join(paragraphs)


SIZE_NAMES = {"10k": "10k posts", "100k": "100k posts", "1m": "1M posts"}
DEEP_PAGES = (("category_middle", "category_1"), ("category_deep", "category_1"), ("latest_deep", "latest_1"))


def _spirit_trend(results) -> str:
    """Whether Spirit's pages slow down with the forum's size while Haven's do not, as measured."""
    measured = [r for r in results if r.median("spirit", "latest_1", "member", "rps")]
    if len(measured) < 2:
        return ""
    first, last = measured[0], measured[-1]
    spirit = [r.median("spirit", "latest_1", "member", "rps") for r in (first, last)]
    haven = [r.median("haven", "latest_1", "member", "rps") for r in (first, last)]
    if not all(haven) or spirit[1] > 0.8 * spirit[0]:
        return ""
    return (
        f"From {SIZE_NAMES[first.size]} to {SIZE_NAMES[last.size]} Spirit's topic list went from "
        f"{spirit[0]:,.0f} to {spirit[1]:,.0f} req/s and Haven's latest list from {haven[0]:,.0f} to "
        f"{haven[1]:,.0f}: Spirit's list and topic queries sort and count over whole tables (no index "
        "matches their order), so the ratio grows with the forum. "
    )


def _slower(result) -> str:
    ceiling = result.median("ceiling", "ceiling", "member", "rps") or 0
    thread = result.median("haven", "thread_first", "member", "rps")
    return f"{ceiling / thread:,.0f}" if thread else "many"


def _cores() -> int:
    return os.cpu_count() or 1


def _ms(value) -> str:
    return "?" if value is None else f"{value:,.0f} ms"


def _label(result, key: str) -> str:
    return next((page.label for page in result.pages if page.key == key), key)
