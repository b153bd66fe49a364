"""Give Spirit the conversations that Haven's `seed_demo --scale N` writes, through Spirit's models.

    bench/.spirit/bin/python -m bench.spirit.seed --threads N   (bench/run.py runs it)

The plan comes from forum/demo/synthetic.py with the same seed, so both forums have the same
members, categories, topics, comments per topic (one topic of 300 replies) and Markdown bodies;
Spirit renders each body with its own Markdown, once per distinct body. Spirit has no threaded
replies, so a reply's parent (and the notification it sends in Haven) has no counterpart here.
Lists show 25 topics per page, as Haven's do (Spirit's default is 20). The search index (Whoosh,
Spirit's default haystack backend) is built at the end unless --no-index.
"""

import argparse
import sys
import time
from datetime import timedelta

import django

BATCH_THREADS = 500


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--posts-per-thread", type=int, default=20)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--no-index", action="store_true", help="skip building the Whoosh search index")
    args = parser.parse_args()
    django.setup()
    started = time.monotonic()
    seed(threads=args.threads, posts_per_thread=args.posts_per_thread, members=args.members)
    print(f"  comments: done in {time.monotonic() - started:,.1f}s", flush=True)
    if not args.no_index:
        from django.core.management import call_command

        started = time.monotonic()
        print("  building the Whoosh search index (haystack update_index)…", flush=True)
        call_command("update_index", verbosity=0)
        print(f"  search index: done in {time.monotonic() - started:,.1f}s", flush=True)
    return 0


def seed(*, threads: int, posts_per_thread: int, members: int, seed: int = 1):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from djconfig.models import Config
    from spirit.category.models import Category
    from spirit.comment.models import Comment
    from spirit.core.utils.markdown import Markdown
    from spirit.topic.models import Topic
    from spirit.user.models import UserProfile

    from forum.demo import content, synthetic

    User = get_user_model()
    if Topic.objects.exists():
        raise SystemExit("Spirit's database already has topics; seed a fresh one.")
    password = make_password(content.DEMO_PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"member{n:04d}", email=f"member{n:04d}@bench.example", password=password)
        for n in range(1, members + 1)
    )
    UserProfile.objects.bulk_create(
        UserProfile(user=user, nickname=user.username, slug=user.username, is_verified=True) for user in users
    )
    categories = [
        Category.objects.create(title=name, slug=slug, description=description[:255], sort=position)
        for position, (name, slug, description) in enumerate(content.CATEGORIES, start=10)
    ]
    Config.objects.update_or_create(key="topics_per_page", defaults={"value": "25"})
    bodies, rare = synthetic.body_pool(seed)
    pool = [(body, Markdown().render(body)) for body in bodies]
    rare_pool = [(body, Markdown().render(body)) for body in rare]
    now = timezone.now()
    total = threads * posts_per_thread + synthetic.LONG_THREAD_REPLIES
    written, clock = 0, time.monotonic()
    for start in range(0, threads, BATCH_THREADS):
        plans = synthetic.plan_threads(
            start,
            min(threads, start + BATCH_THREADS),
            seed=seed,
            posts_per_thread=posts_per_thread,
            members=members,
            categories=len(categories),
            pool=len(pool),
        )
        with transaction.atomic():
            topics = Topic.objects.bulk_create(
                Topic(
                    user=users[plan.posts[0].author],
                    category=categories[plan.category],
                    title=plan.title,
                    slug=slugify(plan.title),
                    date=now - timedelta(minutes=plan.minutes_ago),
                    last_active=now
                    - timedelta(minutes=plan.minutes_ago - plan.posts[-1].minutes_after_start),
                    comment_count=len(plan.posts),
                )
                for plan in plans
            )
            comments = []
            for topic, plan in zip(topics, plans, strict=True):
                for post in plan.posts:
                    body, html = pool[post.body] if post.body >= 0 else rare_pool[-1 - post.body]
                    comments.append(
                        Comment(
                            user=users[post.author],
                            topic=topic,
                            comment=body,
                            comment_html=html,
                            date=topic.date + timedelta(minutes=post.minutes_after_start),
                        )
                    )
            Comment.objects.bulk_create(comments, batch_size=2000)
        written += len(comments)
        rate = written / (time.monotonic() - clock)
        print(
            f"\r  comments: {written:,}/{total:,}  {rate:,.0f}/s  ETA {max(0, total - written) / rate:,.0f}s   ",
            end="",
            flush=True,
        )
    print()
    for user in users:  # Spirit's profile counters, as its own views keep them
        UserProfile.objects.filter(user=user).update(
            topic_count=Topic.objects.filter(user=user).count(),
            comment_count=Comment.objects.filter(user=user).count(),
        )
    with connection.cursor() as cursor:  # fresh planner statistics, as Haven's seed leaves them
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    sys.exit(main())
