"""What bench/run.py needs from a Haven benchmark database: `python -m bench.prepare` (under
Haven's settings, DATABASE_URL pointing at it) prints JSON with the page sizes, the 300-reply
thread's address, the biggest category, the number of listed threads, and the demo moderator's
authenticator secret, set up here if they have none (the moderation pages need two-factor
authentication, and the benchmark logs in through it like a moderator would)."""

import json
import sys

import django


def main() -> int:
    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt
    from django.conf import settings
    from django.db.models import Sum

    from accounts.models import User
    from forum.demo import content
    from forum.models import Category, Thread

    moderator = User.objects.get(email=content.MODERATOR[0])
    authenticator = Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(moderator, generate_totp_secret()).instance
    long_thread = Thread.objects.listed().order_by("-post_count", "pk").first()
    biggest = Category.objects.order_by("-thread_count", "pk").first()
    facts = {
        "threads_per_page": settings.HAVEN_THREADS_PER_PAGE,
        "posts_per_page": settings.HAVEN_POSTS_PER_PAGE,
        "long_thread": {"url": long_thread.get_absolute_url(), "posts": long_thread.post_count},
        "category": {
            "slug": biggest.slug,
            "url": biggest.get_absolute_url(),
            "threads": biggest.thread_count,
        },
        "listed_threads": Category.objects.aggregate(total=Sum("thread_count"))["total"] or 0,
        "moderator": {"email": moderator.email, "totp_secret": decrypt(authenticator.data["secret"])},
    }
    print(json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
