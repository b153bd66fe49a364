"""What bench/mix.lua draws its requests from, for one forum's benchmark database:
`python -m bench.mix_setup haven|spirit DIRECTORY SEED` (bench/mix.py runs it under Haven's
settings and, with Spirit's interpreter, under Spirit's). Writes into DIRECTORY, tab-separated:

- members.tsv: Cookie header and CSRF token of every bench member (member0001@bench.example and
  on: 200 in both forums' seeds), each logged in here through django.contrib.auth.login() into
  the forum's own session store, as the login page would (logging 200 members in through the page
  would meet allauth's per-address login limit); the CSRF token is the cookie's secret, which
  Django accepts in the X-CSRFToken header.
- threads.tsv: every listed thread (Spirit: topic) in popularity order, a fixed shuffle of them
  by id with SEED, so that the script's Zipf draw over ranks spreads over the whole data set:
  address, pages, reply address, two reaction addresses (its first and last post).
- lists.tsv: the newest-threads list and each category: kind, address, pages.

Only Django and the standard library are imported at the top, so either virtualenv can run it.
"""

import random
import sys
from importlib import import_module
from pathlib import Path

import django

SPIRIT_PER_PAGE = 20  # Spirit's default topics and comments a page, unless its djconfig says otherwise


def _pages(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def haven_rows():
    from django.conf import settings
    from django.db.models import Max, Min, Sum
    from django.urls import reverse

    from forum.models import Category, Post, Thread

    ends = {
        row["thread_id"]: (row["first"], row["last"])
        for row in Post.objects.values("thread_id").annotate(first=Min("pk"), last=Max("pk"))
    }
    per_thread, per_list = settings.HAVEN_POSTS_PER_PAGE, settings.HAVEN_THREADS_PER_PAGE
    threads = [
        (
            thread.pk,
            thread.get_absolute_url(),
            _pages(thread.post_count, per_thread),
            reverse("forum:reply", args=[thread.pk]),
            *(reverse("forum:react", args=[pk]) for pk in ends.get(thread.pk, (None, None)) if pk),
        )
        for thread in Thread.objects.listed().only("pk", "title", "post_count").order_by("pk")
        if thread.pk in ends
    ]
    listed = Category.objects.aggregate(total=Sum("thread_count"))["total"] or 0
    lists = [("latest", reverse("forum:latest"), _pages(listed, per_list))]
    lists += [
        ("category", category.get_absolute_url(), _pages(category.thread_count, per_list))
        for category in Category.objects.order_by("pk")
    ]
    return threads, lists


def spirit_rows():
    from django.db.models import Count, Max, Min
    from djconfig.models import Config
    from spirit.category.models import Category
    from spirit.comment.models import Comment
    from spirit.topic.models import Topic

    configured = dict(Config.objects.values_list("key", "value"))  # bench/spirit/seed.py sets topics'
    per_topic = int(configured.get("comments_per_page", SPIRIT_PER_PAGE))
    per_list = int(configured.get("topics_per_page", SPIRIT_PER_PAGE))
    ends = {
        row["topic_id"]: (row["first"], row["last"])
        for row in Comment.objects.values("topic_id").annotate(first=Min("pk"), last=Max("pk"))
    }
    topics = Topic.objects.filter(is_removed=False, category__is_private=False).order_by("pk")
    threads = [
        (
            topic.pk,
            topic.get_absolute_url(),
            _pages(topic.comment_count, per_topic),
            f"/comment/{topic.pk}/publish/",
            *(f"/comment/like/{pk}/create/" for pk in ends[topic.pk]),
        )
        for topic in topics.only("pk", "slug", "comment_count", "category_id")
        if topic.pk in ends
    ]
    lists = [("latest", "/", _pages(len(threads), per_list))]
    categories = Category.objects.filter(is_private=False, is_removed=False).annotate(topics=Count("topic"))
    lists += [
        ("category", category.get_absolute_url(), _pages(category.topics, per_list))
        for category in categories.order_by("pk")
        if category.topics
    ]
    return threads, lists


def members() -> list[tuple[str, str]]:
    """Each bench member's Cookie header and CSRF token, logged in as the login page would."""
    from django.conf import settings
    from django.contrib.auth import get_user_model, login
    from django.test import RequestFactory
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    rows = []
    users = get_user_model().objects.filter(email__endswith="@bench.example").order_by("pk")
    for user in users:
        request = RequestFactory().get("/")
        request.session = store()
        request.user = user
        login(request, user, backend=backend)
        request.session.save()
        csrf = get_random_string(32)
        cookie = f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        rows.append((cookie, csrf))
    if not rows:
        raise SystemExit("No bench members (…@bench.example) in this database.")
    return rows


def main() -> int:
    forum, directory, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    django.setup()
    threads, lists = haven_rows() if forum == "haven" else spirit_rows()
    random.Random(seed).shuffle(threads)  # ranks over the whole data set, the same shuffle for both
    directory.mkdir(parents=True, exist_ok=True)

    def write(name: str, rows):
        (directory / name).write_text("".join("\t".join(map(str, row)) + "\n" for row in rows))

    write("threads.tsv", [row[1:] for row in threads])
    write("lists.tsv", lists)
    write("members.tsv", members())
    print(f"{len(threads)} threads, {len(lists)} lists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
