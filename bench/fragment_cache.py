"""The database fragment cache's write against Django's DatabaseCache, on a table already holding
many fragments (config/fragment_cache.py quotes the result).

    DATABASE_URL=postgresql://... .venv/bin/python -m bench.fragment_cache [--rows 100000]

Uses two scratch tables in DATABASE_URL's database and drops them afterwards.
"""

import argparse
import os
import statistics
import time

import django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="fragments already in each table")
    parser.add_argument("--pages", type=int, default=30, help="pages of 20 fragments written, each way")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from config.fragment_cache import FragmentCache

    tables = {"django": "bench_django_cache", "haven": "bench_fragment_cache"}
    caches = {
        "django": DatabaseCache(tables["django"], {"OPTIONS": {"MAX_ENTRIES": args.rows * 2}}),
        "haven": FragmentCache(tables["haven"], {}),
    }
    scratch = {
        name: {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
        for name, table in tables.items()
    }
    with override_settings(CACHES=scratch):
        call_command("createcachetable", verbosity=0)
    fragment = "<a href='/members/1/'>A member</a> " * 80  # about 3 KB, as a post's shared parts
    try:
        for name, cache in caches.items():
            print(f"filling {tables[name]} with {args.rows:,} rows…", flush=True)
            for start in range(0, args.rows, 1000):
                FragmentCache(tables[name], {}).set_many({f"fill:{start + n}": fragment for n in range(1000)})
            timings = []
            for page in range(args.pages):
                entries = {f"page:{page}:{n}": fragment for n in range(20)}
                started = time.perf_counter()
                cache.set_many(entries)
                timings.append((time.perf_counter() - started) * 1000)
            reads = []
            for page in range(args.pages):
                started = time.perf_counter()
                cache.get_many([f"page:{page}:{n}" for n in range(20)])
                reads.append((time.perf_counter() - started) * 1000)
            print(
                f"{name:7} set_many of 20: median {statistics.median(timings):.1f} ms; "
                f"get_many of 20: median {statistics.median(reads):.1f} ms",
                flush=True,
            )
    finally:
        with connection.cursor() as cursor:
            for table in tables.values():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


if __name__ == "__main__":
    main()
