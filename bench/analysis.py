"""The prose of docs/performance.md: how the numbers are made, why the server is set up as it is,
and what the misses mean. bench/report.py fills in the numbers; this explains them."""

WORKER_CHOICE = """\
**Worker model.** Both forums run gunicorn's sync workers, {workers} of them on {cores} cores
(`config/gunicorn.conf.py`: 2 × cores + 1). A page is a burst of Python (views and templates) plus
a few waits on PostgreSQL, which runs on the same two cores. A sync worker serves one request at a
time, so requests never queue behind each other inside one interpreter's GIL, and the one worker
beyond one per core keeps both cores busy while another waits on the database. More workers add
memory (each is a whole Django process, see the RSS figures) and context switches but no CPU;
threads (gthread) would only overlap the short database waits; asynchronous workers would need
async views and an async driver throughout. `--workers N` repeats the measurement with another
count (see "Worker count" below for the comparison made when choosing)."""

HOW_MEASURED = """\
- **Data.** `seed_demo --scale N` with N = 500, 5,000 and 50,000 threads: about 20 posts each
  (1 to 39), one thread of 300 replies, 200 members, Markdown bodies of about 1,500 characters
  (paragraphs, emphasis, a quote, a list, a link; `forum/demo/synthetic.py`), reply notifications
  (about 30% of posts answer an earlier one) and 30 flagged posts in the moderation queue. Spirit
  gets the same plan through its own models (`bench/spirit/seed.py`): the same members,
  categories, topics, comments per topic and bodies, rendered by its own Markdown.
- **Servers.** Each forum under gunicorn with `config/gunicorn.conf.py` (including its worker
  recycling every ~2,000 requests), production settings (DEBUG off, the cached template loader,
  persistent connections with health checks, hashed static files, the database cache), on the same
  PostgreSQL. Haven is open to anonymous readers for the run (`HAVEN_PUBLIC_READ=1`) and its rate
  limits are lifted (`HAVEN_RATE_LIMIT_SCALE`), since one member sends every request.
- **Load.** wrk on 127.0.0.1, 2 threads, {concurrency} connections, {seconds} s per page and round,
  with the Cookie of a member who logged in through the real login page (the moderator also
  through their authenticator code; Spirit's member through Spirit's login). Each Haven page is
  followed by Spirit's equivalent, then the next page, for {rounds} rounds; the tables quote the
  median of the rounds. Between two measurements the harness waits until both servers have
  answered everything still queued, so a slow page does not slow the next one down.
- **Latency.** wrk's percentiles count answered requests only; where more requests than the
  percentile allows got no answer within wrk's 10 s timeout, the table shows "≥10,000".
- **Queries per request.** Counted in-process with Django's test client and
  `CaptureQueriesContext` against the same database, the second of two identical requests (the
  steady state wrk sees), for each page and visitor, in both forums.
- **Memory.** The highest VmHWM (peak resident set, shared pages included) of any gunicorn worker,
  sampled twice a second while the load runs.
- **The ceiling.** `bench/ceiling.py`: a view returning a fixed HTML string as large as the
  thread page, routed only when `HAVEN_BENCH_CEILING=1`, through Haven's whole middleware stack in
  the same gunicorn. "ours/ceiling" is the share of that throughput a real page keeps.
- **Spirit.** django-spirit 0.14.3, the newest on PyPI, which needs Django < 6, so it runs on
  Django 5.2 in its own virtualenv (`bench/.spirit`, from `bench/spirit/requirements.txt`), with
  25 topics per page as Haven shows (20 comments per page, as both have by default). Its search is
  haystack with Whoosh, Spirit's default backend: one document per topic (title and all comments),
  searched in-process from an index on local disk. Spirit's pages are: the active-topics list
  (`/`), the category, the topic's first and last page, and search. Spirit has no threaded
  replies, notifications page equivalent or moderation queue in this comparison."""

WORKER_COUNT = """\
**Worker count.** Measured while choosing, on the 100k database (thread page, logged-in member,
one round of 10 s at 16 connections on the same shared machine): see the table in the text."""

WHAT_WOULD_CLOSE = "Draft."
