"""Bulk synthetic content for benchmarks: `seed_demo --scale N` adds N threads with replies.

Rows go in through PostgreSQL COPY with ids reserved from the sequences up front, so threads can
point at their first and last posts without a second pass. Bodies come from a small pool rendered
once (rendering is the slow part, and benchmarks need realistic HTML, not unique HTML).
Counters are recomputed in SQL at the end.
"""

import random
import sys
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from forum.demo import content
from forum.markup import render_markdown
from forum.models import Category, Post, Thread
from forum.services import recount_counters

User = get_user_model()
BATCH_THREADS = 500
LONG_THREAD_REPLIES = 300

PARAGRAPHS = [
    "Some weeks the stories follow me home. I notice it first in my body: a tight jaw, shallow breathing, "
    "a kind of alertness that doesn't switch off when I close the laptop.",
    "What helped most was **supervision that was about me**, not just about the cases. My supervisor asked "
    "how I was sleeping, and I realised nobody had asked that in months.",
    "I've started protecting the first ten minutes after a difficult session: a walk around the block, "
    "water, and a few slow breaths before the next person comes in.",
    "Exercise isn't a cure, but running three mornings a week gives the adrenaline somewhere to go. On the "
    "days I skip it I'm noticeably more irritable with my family.",
    "It took me a long time to accept that being affected by this work is *normal*. It's not a sign that "
    "I'm in the wrong profession; it's a sign that I'm paying attention.",
    "Our team started a monthly reflective practice group. Nobody presents cases; we just talk about what "
    "the work is doing to us. It has changed the culture of the whole office.",
    "If you're early in your career: build the habits now. Leave work at work, take your leave, and find "
    "your own therapist before you think you need one.",
    "I keep a short list on my phone of things that restore me: the allotment, choir, my sister's kitchen. "
    "When I'm depleted I can't remember them, so the list does the remembering.",
    "Reading about vicarious resilience was a revelation. The same work that wounds us can also teach us "
    "about courage and recovery, if we give ourselves room to notice it.",
    "Please be gentle with yourself this week. You're carrying a lot, and you don't have to carry it alone.",
]


def _body(rng: random.Random) -> str:
    parts = []
    while sum(len(p) for p in parts) < 1400:
        parts.append(rng.choice(PARAGRAPHS))
    return "\n\n".join(parts)


class Progress:
    def __init__(self, total: int, label: str, out):
        self.total, self.label, self.out = total, label, out
        self.started = time.monotonic()

    def update(self, done: int):
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        eta = (self.total - done) / rate if rate else 0
        self.out.write(
            f"\r  {self.label}: {done:,}/{self.total:,} ({100 * done / self.total:.0f}%)"
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
    existing = list(User.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True))
    missing = count - len(existing)
    if missing > 0:
        password = make_password(content.DEMO_PASSWORD)  # hashed once, shared by all synthetic members
        start = len(existing) + 1
        users = User.objects.bulk_create(
            User(
                email=f"member{n:04d}@bench.example",
                display_name=f"Member {n:04d}",
                password=password,
                is_trusted=True,
                profession=random.choice(["Therapist", "Nurse", "Social worker", "Paramedic", ""]),
            )
            for n in range(start, start + missing)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        existing += [user.pk for user in users]
    return existing[:count]


def seed_at_scale(*, threads: int, posts_per_thread: int = 20, members: int = 200, out=sys.stdout, seed=1):
    rng = random.Random(seed)
    member_ids = _synthetic_members(members)
    category_ids = list(Category.objects.values_list("pk", flat=True))
    pool = [(body, render_markdown(body)) for body in (_body(rng) for _ in range(40))]
    posts_total = threads * posts_per_thread + LONG_THREAD_REPLIES
    out.write(f"Seeding {threads:,} threads, about {posts_total:,} posts, {len(member_ids)} members")
    progress = Progress(posts_total, "posts", out)
    now = timezone.now()
    written = 0
    for batch_start in range(0, threads, BATCH_THREADS):
        batch = range(batch_start, min(threads, batch_start + BATCH_THREADS))
        sizes = [
            LONG_THREAD_REPLIES + 1 if n == 0 else max(1, rng.randint(1, 2 * posts_per_thread - 1))
            for n in batch
        ]
        with transaction.atomic():
            thread_ids = _reserve_ids(Thread, len(sizes))
            post_ids = iter(_reserve_ids(Post, sum(sizes)))
            thread_rows, post_rows = [], []
            for thread_id, size in zip(thread_ids, sizes, strict=True):
                started = now - timedelta(minutes=rng.randint(60, 60 * 24 * 730))
                ids = [next(post_ids) for _ in range(size)]
                parents = [None] + [
                    ids[rng.randrange(position)] if rng.random() < 0.3 else None
                    for position in range(1, size)
                ]
                answered = {}
                for parent in parents:
                    if parent is not None:
                        answered[parent] = answered.get(parent, 0) + 1
                created = started
                title = f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_ENDS)}"
                for position, (post_id, parent) in enumerate(zip(ids, parents, strict=True), start=1):
                    body, html = rng.choice(pool)
                    post_rows.append(
                        (
                            post_id,
                            thread_id,
                            position,
                            rng.choice(member_ids),
                            parent,
                            body,
                            html,
                            created,
                            answered.get(post_id, 0),
                            title if position == 1 else "",
                        )
                    )
                    created += timedelta(minutes=rng.randint(1, 240))
                last_at = post_rows[-1][7]
                thread_rows.append(
                    (
                        thread_id,
                        rng.choice(category_ids),
                        title,
                        post_rows[-size][3],
                        started,
                        last_at,
                        ids[0],
                        ids[-1],
                        size - 1,
                        size,
                    )
                )
            _copy("forum_thread", THREAD_COLUMNS, ((*row, *THREAD_DEFAULTS) for row in thread_rows))
            _copy("forum_post", POST_COLUMNS, ((*row, *POST_DEFAULTS) for row in post_rows))
        written += len(post_rows)
        progress.update(written)
    progress.finish()
    out.write("\n  recounting category and member counters…")
    recount_counters()
    out.write(" done.")


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


def _copy(table: str, columns: tuple[str, ...], rows):
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


TITLE_STARTS = [
    "How do you cope with",
    "Struggling with",
    "Finally talking about",
    "Anyone else noticing",
    "What helped me with",
    "Questions about",
    "A year of",
    "Learning to live with",
]
TITLE_ENDS = [
    "secondary traumatic stress",
    "compassion fatigue",
    "night shifts",
    "intrusive memories",
    "supervision that doesn't help",
    "leaving work at work",
    "a heavy caseload",
    "going back after leave",
    "the first year in practice",
    "sleep after difficult visits",
]
