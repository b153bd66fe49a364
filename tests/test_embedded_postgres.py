"""The embedded PostgreSQL: reused when running, a clear message when it cannot start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent


def _run(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "config.embedded_postgres", *args],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_data_dir_that_cannot_hold_a_cluster_gives_a_clear_message(tmp_path):
    not_a_directory = tmp_path / "pgdata"
    not_a_directory.write_text("this is a file, not a data directory")
    result = _run("start", HAVEN_PGDATA=str(not_a_directory))
    assert result.returncode == 1
    assert "Could not start the embedded PostgreSQL" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the suite runs on an external server")
def test_starting_again_reuses_the_running_server():
    assert embedded_postgres.is_running()
    assert embedded_postgres.start() is False  # nothing to do: it is already running
    result = _run("status")
    assert result.stdout.startswith("running")
