"""The benchmark databases, built once per size and reused while their marker row matches.

Haven's are haven_bench_10k, _100k and _1m (migrated, then `seed_demo --scale N`); Spirit's are
spirit_bench_* (migrated in Spirit's virtualenv, seeded by bench/spirit/seed.py, with a Whoosh
search index per database under bench/.spirit/). A `bench_seed` table in each records the shape
and how long the seed took; a database without it (a seed that failed half way) is built again,
and so is every database when --rebuild is given.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests import live

BASE_DIR = Path(__file__).resolve().parent.parent
SPIRIT_DIR = BASE_DIR / "bench" / ".spirit"
SPIRIT_PYTHON = SPIRIT_DIR / "bin" / "python"
SPIRIT_REQUIREMENTS = BASE_DIR / "bench" / "spirit" / "requirements.txt"
HAVEN_STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"
# Posts per size, and the threads of about 20 posts that make them.
SIZES = {"10k": 500, "100k": 5_000, "1m": 50_000}


@dataclass
class Database:
    name: str
    url: str
    threads: int
    posts: int
    seed_seconds: float
    index_seconds: float | None  # Spirit's search index; None where it was not built
    seed_load: float | None  # the machine's 5-minute load average when the seed finished
    reused: bool


def haven_env(database_url: str) -> dict:
    """Production settings on plain HTTP at 127.0.0.1, as tests/live.py runs them."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "ACCESS_LOG": "0",
        "STATIC_ROOT": str(HAVEN_STATIC_ROOT),  # collected once per run (collect_haven_static)
        # The forum is open to anonymous readers so that both kinds of visit can be measured.
        "HAVEN_PUBLIC_READ": "1",
        # One member sends every request: lift the per-member limits (as bench/load.py does).
        "HAVEN_RATE_LIMIT_SCALE": "100000",
    }


def collect_haven_static(log):
    """Haven's hashed static files, which production settings need to render any page."""
    env = haven_env(live.with_database(live.server_database_url(), "postgres"))
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"], env, log)


def spirit_env(database_url: str, size: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.spirit.settings",
        "SPIRIT_DATABASE_URL": database_url,
        "SPIRIT_SEARCH_INDEX": str(SPIRIT_DIR / f"search-{size}"),
        "SPIRIT_STATIC_ROOT": str(SPIRIT_DIR / "static"),
        "PYTHONPATH": str(BASE_DIR),
        # gunicorn reads config/gunicorn.conf.py, which starts the embedded PostgreSQL only without this.
        "DATABASE_URL": database_url,
    }


def _admin_url() -> str:
    return live.with_database(live.server_database_url(), "postgres")


def _marker(url: str) -> tuple | None:
    try:
        with psycopg.connect(url) as connection:
            return connection.execute(
                "SELECT threads, posts, seed_seconds, index_seconds, seed_load FROM bench_seed"
            ).fetchone()
    except psycopg.Error:  # no such database, or no marker: not (completely) built
        return None


def _write_marker(url: str, threads: int, posts: int, seed_seconds: float, index_seconds: float | None, load):
    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_seed (threads integer, posts bigint, seed_seconds double precision,"
            " index_seconds double precision, seed_load double precision, built_at timestamptz DEFAULT now())"
        )
        connection.execute("DELETE FROM bench_seed")
        connection.execute(
            "INSERT INTO bench_seed (threads, posts, seed_seconds, index_seconds, seed_load)"
            " VALUES (%s, %s, %s, %s, %s)",
            [threads, posts, seed_seconds, index_seconds, load],
        )


def _recreate(name: str):
    with psycopg.connect(_admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _run(command: list, env: dict, log, timeout: int = 3600):
    """Run COMMAND from the repository, its output into LOG; raise with the log's tail on failure."""
    log.write(f"\n$ {' '.join(map(str, command))}\n")
    log.flush()
    result = subprocess.run(
        command, env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, timeout=timeout
    )
    if result.returncode:
        log.flush()
        tail = Path(log.name).read_text()[-3000:]
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{tail}")


def haven_database(size: str, *, rebuild: bool, log, say) -> Database:
    threads = SIZES[size]
    name = f"haven_bench_{size}"
    url = live.with_database(live.server_database_url(), name)
    env = haven_env(url)
    manage = [sys.executable, "manage.py"]
    marker = None if rebuild else _marker(url)
    if marker and marker[0] == threads:
        _run([*manage, "migrate", "--noinput", "-v", "0"], env, log)  # others' new migrations, if any
        say(f"  {name}: reusing ({marker[1]:,} posts, seeded in {marker[2]:.0f}s)")
        return Database(name, url, threads, marker[1], marker[2], None, marker[4], reused=True)
    say(f"  {name}: building ({threads:,} threads)…")
    _recreate(name)
    _run([*manage, "migrate", "--noinput", "-v", "0"], env, log)
    started = time.monotonic()
    _run([*manage, "seed_demo", "--scale", str(threads)], env, log)
    seconds, load = time.monotonic() - started, os.getloadavg()[1]
    posts = _count(url, "forum_post")
    _write_marker(url, threads, posts, seconds, None, load)
    say(
        f"  {name}: seed_demo --scale {threads} wrote {posts:,} posts in {seconds:.0f}s (load average {load:.1f})"
    )
    return Database(name, url, threads, posts, seconds, None, load, reused=False)


def spirit_database(size: str, *, rebuild: bool, search: bool, log, say) -> Database:
    threads = SIZES[size]
    name = f"spirit_bench_{size}"
    url = live.with_database(live.server_database_url(), name)
    env = spirit_env(url, size)
    index_dir = Path(env["SPIRIT_SEARCH_INDEX"])
    marker = None if rebuild else _marker(url)
    if marker and marker[0] == threads and (marker[3] is not None or not search):
        say(f"  {name}: reusing ({marker[1]:,} comments, seeded in {marker[2]:.0f}s)")
        return Database(name, url, threads, marker[1], marker[2], marker[3], marker[4], reused=True)
    django = [str(SPIRIT_PYTHON), "-m", "django"]
    if not (marker and marker[0] == threads):
        say(f"  {name}: building ({threads:,} topics)…")
        _recreate(name)
        shutil.rmtree(index_dir, ignore_errors=True)
        _run([*django, "migrate", "--noinput", "-v", "0"], env, log)
        _run([*django, "createcachetable"], env, log)
        started = time.monotonic()
        _run(
            [str(SPIRIT_PYTHON), "-m", "bench.spirit.seed", "--threads", str(threads), "--no-index"], env, log
        )
        seed_seconds, load = time.monotonic() - started, os.getloadavg()[1]
        posts = _count(url, "spirit_comment_comment")
        _write_marker(url, threads, posts, seed_seconds, None, load)
        say(f"  {name}: wrote {posts:,} comments in {seed_seconds:.0f}s")
    else:
        posts, seed_seconds, load = marker[1], marker[2], marker[4]
    index_seconds = None
    if search:
        say(f"  {name}: building Spirit's Whoosh search index…")
        shutil.rmtree(index_dir, ignore_errors=True)
        started = time.monotonic()
        _run([*django, "update_index", "-v", "0"], env, log, timeout=4 * 3600)
        index_seconds = time.monotonic() - started
        _write_marker(url, threads, posts, seed_seconds, index_seconds, load)
        say(f"  {name}: search index built in {index_seconds:.0f}s")
    return Database(name, url, threads, posts, seed_seconds, index_seconds, load, reused=False)


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our own table names


def ensure_spirit_environment(log, say):
    """bench/.spirit: a virtualenv with Spirit's pinned requirements, made with this interpreter
    (Haven's, 3.12 or newer, which Spirit supports), reinstalled when requirements.txt changes;
    its static files collected once."""
    stamp = SPIRIT_DIR / ".requirements.sha256"
    wanted = hashlib.sha256(SPIRIT_REQUIREMENTS.read_bytes()).hexdigest()
    if not SPIRIT_PYTHON.exists():
        say("  creating Spirit's virtualenv (bench/.spirit)…")
        base = getattr(sys, "_base_executable", sys.executable)
        _run([base, "-m", "venv", str(SPIRIT_DIR)], dict(os.environ), log)
    if not stamp.exists() or stamp.read_text() != wanted:
        say("  installing bench/spirit/requirements.txt into bench/.spirit…")
        pip = [str(SPIRIT_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        _run([*pip, "-r", str(SPIRIT_REQUIREMENTS)], dict(os.environ), log)
        stamp.write_text(wanted)
    if not (SPIRIT_DIR / "static" / "staticfiles.json").exists():
        env = spirit_env("postgresql://unused@127.0.0.1/unused", "none")
        _run([str(SPIRIT_PYTHON), "-m", "django", "collectstatic", "--noinput", "-v", "0"], env, log)
