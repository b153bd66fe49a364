"""Production settings: `manage.py check --deploy` is clean when the production env vars are set."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from config import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent


def _test_database_url() -> str:
    """The URL of the database this test session uses (the checks connect to it)."""
    from django.db import connection

    base = os.environ.get("DATABASE_URL") or embedded_postgres.database_url()
    return urlunsplit(urlsplit(base)._replace(path=f"/{connection.settings_dict['NAME']}"))


def test_check_deploy_is_clean_with_production_environment(db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-real-secret-key-of-sufficient-length-and-entropy-1234567890-abcdefghijkl",
        "ALLOWED_HOSTS": "haven.example.org",
        "DATABASE_URL": _test_database_url(),
        "EMAIL_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
