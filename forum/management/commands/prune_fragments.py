"""Remove expired entries from the database's fragment cache (config/fragment_cache.py).

Run daily from cron (docs/scaling.md). With Redis (REDIS_URL) entries expire there by themselves
and this has nothing to do.
"""

from django.core.cache import caches
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Remove expired rendered fragments from the database cache table."

    def handle(self, *args, **options):
        fragments = caches["fragments"]
        if not hasattr(fragments, "delete_expired"):
            self.stdout.write("The fragment cache expires its own entries (Redis); nothing to do.")
            return
        removed = fragments.delete_expired()
        self.stdout.write(f"Removed {removed} expired fragment{'' if removed == 1 else 's'}.")
