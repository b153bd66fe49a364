"""The benchmark databases, built once per size and reused while their marker row matches.

Haven's are haven_bench_10k, _100k and _1m (migrated, then `seed_demo --scale N`); Spirit's are
spirit_bench_* (migrated in Spirit's virtualenv, seeded by bench/spirit/seed.py, with a Whoosh
search index per database under bench/.spirit/). A `bench_seed` table in each records the shape
and how long the seed took; a database without it (a seed that failed half way) is built again,
and so is every database when --rebuild is given. With a prefix a harness gets its own copies
(bench/mix.py's replies and reactions change its databases, so it uses bench_mix_*).
"""

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench import live

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
    seed_cpu: float | None = None  # CPU seconds the seed used (see CpuUsed), where measured
    seed_load: float | None = None  # the machine's 5-minute load average when the seed finished
    index_seconds: float | None = None  # Spirit's search index; None where it was not built
    reused: bool = False


def haven_env(database_url: str) -> dict:
    """Production settings on plain HTTP at 127.0.0.1, as bench/live.py runs them."""
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


MARKER_COLUMNS = ("threads", "posts", "seed_seconds", "seed_cpu", "seed_load", "index_seconds")


def _marker(url: str) -> dict | None:
    """The marker row: how the database was built, or None if it was not (completely) built."""
    try:
        with psycopg.connect(url) as connection:
            cursor = connection.execute("SELECT * FROM bench_seed")
            row = cursor.fetchone()
            names = [column.name for column in cursor.description]
    except psycopg.Error:  # no such database, or no marker
        return None
    if row is None:
        return None
    found = dict(zip(names, row, strict=True))
    return {column: found.get(column) for column in MARKER_COLUMNS}


def _vacuum(url: str) -> None:
    """VACUUM (ANALYZE) a freshly seeded database, as autovacuum would before long in production:
    fresh statistics, and the visibility map that lets deep list pages read the list index alone
    (without it PostgreSQL fetches every skipped row from the table, or sorts the whole category)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def _write_marker(url: str, **values):
    with psycopg.connect(url) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_seed")
        connection.execute(
            "CREATE TABLE bench_seed (threads integer, posts bigint, seed_seconds double precision,"
            " seed_cpu double precision, seed_load double precision, index_seconds double precision,"
            " built_at timestamptz DEFAULT now())"
        )
        connection.execute(
            f"INSERT INTO bench_seed ({', '.join(MARKER_COLUMNS)}) VALUES ({', '.join(['%s'] * len(MARKER_COLUMNS))})",  # noqa: S608
            [values.get(column) for column in MARKER_COLUMNS],
        )


def _from_marker(name: str, url: str, marker: dict, *, reused: bool = True) -> Database:
    return Database(
        name,
        url,
        marker["threads"],
        marker["posts"],
        marker["seed_seconds"],
        seed_cpu=marker["seed_cpu"],
        seed_load=marker["seed_load"],
        index_seconds=marker["index_seconds"],
        reused=reused,
    )


def _recreate(name: str):
    with psycopg.connect(_admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class CpuUsed:
    """CPU seconds spent on a database while the block runs: by its PostgreSQL backends (sampled
    from /proc twice a second, so only where the server runs on this machine and its processes
    are readable; 0 otherwise) and by the child processes this one waited for meanwhile. On a
    shared machine this says what the work costs whatever else ran: on idle cores its wall time
    is about CPU seconds / cores where the work is spread over all of them."""

    def __init__(self, admin_url: str, database: str):
        self.admin_url, self.database = admin_url, database
        self.ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.client_seconds = (children.ru_utime - self._children.ru_utime) + (
            children.ru_stime - self._children.ru_stime
        )
        self.server_seconds = sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")
        self.seconds = self.client_seconds + self.server_seconds

    def _sample(self):
        try:
            connection = psycopg.connect(self.admin_url, autocommit=True)
        except psycopg.Error:
            return
        with connection:
            while not self._stop.wait(0.5):
                rows = connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
                ).fetchall()
                for (pid,) in rows:
                    try:  # utime and stime, in clock ticks: fields 14 and 15 of /proc/PID/stat
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    self.ticks[pid] = max(self.ticks.get(pid, 0), int(fields[11]) + int(fields[12]))


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


def haven_database(size: str, *, rebuild: bool, log, say, prefix: str = "") -> Database:
    threads = SIZES[size]
    name = f"{prefix}haven_bench_{size}"
    url = live.with_database(live.server_database_url(), name)
    env = haven_env(url)
    manage = [sys.executable, "manage.py"]
    marker = None if rebuild else _marker(url)
    if marker and marker["threads"] == threads:
        _run([*manage, "migrate", "--noinput", "-v", "0"], env, log)  # others' new migrations, if any
        say(f"  {name}: reusing ({marker['posts']:,} posts, seeded in {marker['seed_seconds']:.0f}s)")
        return _from_marker(name, url, marker)
    say(f"  {name}: building ({threads:,} threads)…")
    _recreate(name)
    _run([*manage, "migrate", "--noinput", "-v", "0"], env, log)
    started = time.monotonic()
    with CpuUsed(_admin_url(), name) as cpu:
        _run([*manage, "seed_demo", "--scale", str(threads)], env, log)
    built = {
        "threads": threads,
        "posts": _count(url, "forum_post"),
        "seed_seconds": time.monotonic() - started,
        "seed_cpu": cpu.seconds,
        "seed_load": os.getloadavg()[1],
    }
    _vacuum(url)
    _write_marker(url, **built)
    say(
        f"  {name}: seed_demo --scale {threads} wrote {built['posts']:,} posts in {built['seed_seconds']:.0f}s,"
        f" using {cpu.seconds:.0f} CPU-seconds ({cpu.server_seconds:.0f} in PostgreSQL);"
        f" load average {built['seed_load']:.1f}"
    )
    return _from_marker(name, url, built | {"index_seconds": None}, reused=False)


def spirit_database(size: str, *, rebuild: bool, search: bool, log, say, prefix: str = "") -> Database:
    threads = SIZES[size]
    name = f"{prefix}spirit_bench_{size}"
    url = live.with_database(live.server_database_url(), name)
    env = spirit_env(url, size)
    index_dir = Path(env["SPIRIT_SEARCH_INDEX"])
    marker = None if rebuild else _marker(url)
    if marker and marker["threads"] == threads and (marker["index_seconds"] is not None or not search):
        say(f"  {name}: reusing ({marker['posts']:,} comments, seeded in {marker['seed_seconds']:.0f}s)")
        return _from_marker(name, url, marker)
    django = [str(SPIRIT_PYTHON), "-m", "django"]
    if not (marker and marker["threads"] == threads):
        say(f"  {name}: building ({threads:,} topics)…")
        _recreate(name)
        shutil.rmtree(index_dir, ignore_errors=True)
        _run([*django, "migrate", "--noinput", "-v", "0"], env, log)
        _run([*django, "createcachetable"], env, log)
        started = time.monotonic()
        with CpuUsed(_admin_url(), name) as cpu:
            seed = [str(SPIRIT_PYTHON), "-m", "bench.spirit.seed", "--threads", str(threads), "--no-index"]
            _run(seed, env, log)
        marker = {
            "threads": threads,
            "posts": _count(url, "spirit_comment_comment"),
            "seed_seconds": time.monotonic() - started,
            "seed_cpu": cpu.seconds,
            "seed_load": os.getloadavg()[1],
            "index_seconds": None,
        }
        _vacuum(url)
        _write_marker(url, **marker)
        say(f"  {name}: wrote {marker['posts']:,} comments in {marker['seed_seconds']:.0f}s")
    if search:
        say(f"  {name}: building Spirit's Whoosh search index…")
        shutil.rmtree(index_dir, ignore_errors=True)
        started = time.monotonic()
        _run([*django, "update_index", "-v", "0"], env, log, timeout=4 * 3600)
        marker["index_seconds"] = time.monotonic() - started
        _write_marker(url, **marker)
        say(f"  {name}: search index built in {marker['index_seconds']:.0f}s")
    return _from_marker(name, url, marker, reused=False)


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
