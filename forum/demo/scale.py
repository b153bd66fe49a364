"""Bulk synthetic content for benchmarks: `seed_demo --scale N` adds N threads with replies.

What goes in is planned by forum/demo/synthetic.py (shared with the Spirit comparison seed): about
20 posts per thread, one thread of 300 replies, Markdown bodies of about 1,500 characters, reply
notifications, and a few flagged posts waiting in the moderation queue.

Rows go in through PostgreSQL COPY with ids reserved from the sequences up front, so threads can
point at their first and last posts without a second pass. Bodies come from a small pool rendered
once (rendering is the slow part, and benchmarks need realistic HTML, not unique HTML). The cost
that remains is PostgreSQL's: every post's search vector is computed as it is written (about a
quarter of a millisecond of CPU for 1,500 characters). So a large load (BULK_POSTS and more, not
inside a transaction) runs on one connection per core, with the secondary indexes dropped and
built again at the end, which is several times faster than maintaining them row by row; 1M posts
take under five minutes on two cores. Counters are recomputed in SQL at the end.
"""

import os
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import names
from forum.demo import content, synthetic
from forum.markup import render_markdown
from forum.models import Category, Notification, Post, Thread
from forum.services import recount_counters

User = get_user_model()
BATCH_THREADS = 500
BULK_POSTS = 50_000
BULK_TABLES = ("forum_post", "forum_thread", "forum_notification")
FLAGGED_POSTS = 30
LONG_THREAD_REPLIES = synthetic.LONG_THREAD_REPLIES


class Progress:
    def __init__(self, total: int, label: str, out):
        self.total, self.label, self.out = total, label, out
        self.started = time.monotonic()
        self.done = 0
        self.lock = threading.Lock()

    def add(self, count: int):
        with self.lock:
            self.done += count
            elapsed = time.monotonic() - self.started
            rate = self.done / elapsed if elapsed else 0
            eta = max(0, self.total - self.done) / rate if rate else 0
            self.out.write(
                f"\r  {self.label}: {self.done:,}/{self.total:,} ({100 * self.done / self.total:.0f}%)"
                f"  {rate:,.0f}/s  ETA {eta:,.0f}s   ",
                ending="",
            )
            self.out.flush()

    def finish(self):
        self.out.write(f"\n  {self.label}: done in {time.monotonic() - self.started:,.1f}s")


def _reserve_ids(model, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _synthetic_members(count: int) -> list[int]:
    existing = list(
        User.objects.filter(email__endswith="@bench.example").order_by("pk").values_list("pk", flat=True)
    )
    missing = count - len(existing)
    if missing > 0:
        password = make_password(content.DEMO_PASSWORD)  # hashed once, shared by all synthetic members
        start = len(existing) + 1
        professions = ["Therapist", "Nurse", "Social worker", "Paramedic", ""]
        users = User.objects.bulk_create(
            User(
                email=f"member{n:04d}@bench.example",
                display_name=f"Member {n:04d}",
                # bulk_create skips save(), which keeps these look-alike keys (accounts/names.py)
                display_name_skeleton=names.skeletons(f"Member {n:04d}")[0],
                display_name_cased_skeleton=names.skeletons(f"Member {n:04d}")[1],
                password=password,
                is_trusted=True,
                profession=professions[n % len(professions)],
                # synthetic benchmark members, who have agreed to the current privacy notice
                consented_notice_version=settings.HAVEN_PRIVACY_NOTICE_VERSION,
            )
            for n in range(start, start + missing)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        existing += [user.pk for user in users]
    return existing[:count]


class _Load:
    """Everything a batch needs to turn thread plans into rows; shared read-only by the workers."""

    def __init__(self, *, seed, posts_per_thread, member_ids, category_ids, progress):
        self.seed, self.posts_per_thread = seed, posts_per_thread
        self.member_ids, self.category_ids = member_ids, category_ids
        self.names = dict(User.objects.filter(pk__in=member_ids).values_list("pk", "display_name"))
        bodies, rare = synthetic.body_pool(seed)
        self.pool = [(body, render_markdown(body)) for body in bodies]
        self.rare = [(body, render_markdown(body)) for body in rare]
        self.post_url = reverse("forum:post", args=[0])[: -len("0/")]  # "/p/", ids appended
        self.now = timezone.now()
        self.progress = progress

    def body(self, index: int) -> tuple[str, str]:
        return self.pool[index] if index >= 0 else self.rare[-1 - index]

    def batch(self, start: int, stop: int) -> list[tuple[int, int]]:
        """Write threads START..STOP-1 in one transaction; return (post id, author id) of some replies."""
        plans = synthetic.plan_threads(
            start,
            stop,
            seed=self.seed,
            posts_per_thread=self.posts_per_thread,
            members=len(self.member_ids),
            categories=len(self.category_ids),
            pool=len(self.pool),
        )
        week_ago = self.now - timedelta(days=7)
        with transaction.atomic():
            thread_ids = _reserve_ids(Thread, len(plans))
            post_ids = iter(_reserve_ids(Post, sum(len(plan.posts) for plan in plans)))
            thread_rows, post_rows, notification_rows = [], [], []
            for thread_id, plan in zip(thread_ids, plans, strict=True):
                started = self.now - timedelta(minutes=plan.minutes_ago)
                ids = [next(post_ids) for _ in plan.posts]
                authors = [self.member_ids[post.author] for post in plan.posts]
                answered = Counter(post.parent for post in plan.posts if post.parent is not None)
                for index, post in enumerate(plan.posts):
                    body, html = self.body(post.body)
                    created = started + timedelta(minutes=post.minutes_after_start)
                    parent_id = ids[post.parent] if post.parent is not None else None
                    post_rows.append(
                        (
                            ids[index],
                            thread_id,
                            index + 1,
                            authors[index],
                            parent_id,
                            body,
                            html,
                            created,
                            answered.get(index, 0),
                            plan.title if index == 0 else "",
                        )
                    )
                    if parent_id is not None and authors[post.parent] != authors[index]:
                        # What forum.notifications.post_published tells the parent's author; the
                        # past week's are still unread.
                        notification_rows.append(
                            (
                                authors[post.parent],
                                Notification.Kind.REPLY,
                                f"{self.names[authors[index]]} replied to your post in “{plan.title}”",
                                f"{self.post_url}{ids[index]}/",
                                ids[index],
                                created,
                                created + timedelta(hours=2) if created < week_ago else None,
                            )
                        )
                thread_rows.append(
                    (
                        thread_id,
                        self.category_ids[plan.category],
                        plan.title,
                        authors[0],
                        started,
                        post_rows[-1][7],
                        ids[0],
                        ids[-1],
                        len(ids) - 1,
                        len(ids),
                    )
                )
            _copy("forum_thread", THREAD_COLUMNS, ((*row, *THREAD_DEFAULTS) for row in thread_rows))
            _copy("forum_post", POST_COLUMNS, ((*row, *POST_DEFAULTS) for row in post_rows))
            _copy(
                "forum_notification",
                NOTIFICATION_COLUMNS,
                ((*row, *NOTIFICATION_DEFAULTS) for row in notification_rows),
            )
        self.progress.add(len(post_rows))
        return [(row[0], row[3]) for row in post_rows if row[2] > 1][:FLAGGED_POSTS]


def seed_at_scale(
    *, threads: int, posts_per_thread: int = 20, members: int = 200, out=sys.stdout, seed=1
) -> list[int]:
    """Seed THREADS synthetic threads; return the ids of a few replies for the caller to flag (the
    moderation queue is moderation's, a layer above: moderation/management/commands/seed_demo.py)."""
    member_ids = _synthetic_members(members)
    category_ids = list(Category.objects.values_list("pk", flat=True))
    posts_total = threads * posts_per_thread + LONG_THREAD_REPLIES
    out.write(f"Seeding {threads:,} threads, about {posts_total:,} posts, {len(member_ids)} members")
    progress = Progress(posts_total, "posts", out)
    load = _Load(
        seed=seed,
        posts_per_thread=posts_per_thread,
        member_ids=member_ids,
        category_ids=category_ids,
        progress=progress,
    )
    batches = [
        partial(load.batch, start, min(threads, start + BATCH_THREADS))
        for start in range(0, threads, BATCH_THREADS)
    ]
    if posts_total >= BULK_POSTS and not connection.in_atomic_block:
        workers = min(4, os.cpu_count() or 2)
        with _secondary_indexes_dropped(out, workers):
            replies = _in_parallel(batches, workers)[0]
    else:  # small, or inside a caller's transaction (tests): this connection, indexes kept
        loaded = [batch() for batch in batches]
        replies = loaded[0]
    progress.finish()
    out.write("\n  recounting category and member counters…")
    recount_counters()
    # Fresh statistics now, not whenever autovacuum gets round to it: without them the planner
    # guesses at the new rows (a search at 10k posts took half a second instead of ten milliseconds).
    _execute(*(f"ANALYZE {table}" for table in (*BULK_TABLES, "forum_category", "accounts_user")))
    out.write(" done.")
    return [pk for pk, _ in replies]


def _in_parallel(jobs, workers: int) -> list:
    """Run JOBS, in order, on WORKERS threads; each thread keeps one database connection for all
    the jobs it takes and closes it at the end. Returns the jobs' results; re-raises a failure."""
    queue = iter(enumerate(jobs))
    lock = threading.Lock()
    results, failures = {}, []

    def work():
        try:
            while not failures:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                index, job = item
                results[index] = job()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [results[index] for index in sorted(results)]


@contextmanager
def _secondary_indexes_dropped(out, workers: int):
    """Drop the indexes of BULK_TABLES that no constraint needs; build them again afterwards, in
    parallel, the big full-text index first."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, pg_get_indexdef(index.oid)
            FROM pg_index x
            JOIN pg_class index ON index.oid = x.indexrelid
            JOIN pg_class tab ON tab.oid = x.indrelid
            WHERE tab.relname = ANY(%s) AND pg_table_is_visible(tab.oid)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = index.oid)
            ORDER BY (pg_get_indexdef(index.oid) LIKE '%% USING gin %%') DESC, index.relname
            """,
            [list(BULK_TABLES)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        started = time.monotonic()
        out.write(f"\n  building {len(indexes)} indexes…")
        _in_parallel(
            [
                partial(_execute, "SET maintenance_work_mem = '512MB'", definition)
                for _, definition in indexes
            ],
            workers,
        )
        out.write(f" done in {time.monotonic() - started:,.1f}s")


def _execute(*statements: str):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# Columns written by COPY: the generated values first, then constants for the remaining NOT NULL
# columns (COPY does not apply Django's field defaults, so a new NOT NULL column belongs here).
THREAD_COLUMNS = (
    "id",
    "category_id",
    "title",
    "author_id",
    "created_at",
    "last_activity_at",
    "opening_post_id",
    "last_post_id",
    "reply_count",
    "post_count",
    "is_locked",
    "is_pinned",
    "is_deleted",
    "is_hidden",
)
THREAD_DEFAULTS = (False, False, False, False)
POST_COLUMNS = (
    "id",
    "thread_id",
    "position",
    "author_id",
    "parent_id",
    "body",
    "body_html",
    "created_at",
    "direct_reply_count",
    "search_title",
    "is_deleted",
    "state",
    "hidden_reason",
    "edited_by_moderator",
    "deleted_by_moderator",
)
POST_DEFAULTS = (False, "published", "", False, False)
NOTIFICATION_COLUMNS = (
    "recipient_id",
    "kind",
    "message",
    "url",
    "post_id",
    "created_at",
    "read_at",
    "count",
    "email",
    "private",
)
NOTIFICATION_DEFAULTS = (1, "none", False)


def _copy(table: str, columns: tuple[str, ...], rows):
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
