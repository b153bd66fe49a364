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


def test_links_in_emails_follow_the_port_the_server_binds():
    """Issue 24, item 2: with PORT or BIND set and no HAVEN_SITE_URL, emails link to that port."""
    from config.settings import site_url_from_bind

    assert site_url_from_bind("127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert site_url_from_bind("0.0.0.0:9000") == "http://127.0.0.1:9000"
    assert site_url_from_bind("[::]:9001") == "http://127.0.0.1:9001"


def test_haven_site_url_still_wins_and_port_is_read_when_unset():
    code = "from django.conf import settings; print(settings.HAVEN_SITE_URL)"
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgresql://x@127.0.0.1/x",
    }
    base.pop("HAVEN_SITE_URL", None)
    base.pop("BIND", None)

    def site_url(**env):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=BASE_DIR, env={**base, **env}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout.strip()

    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url(PORT="8123", HAVEN_SITE_URL="https://haven.example.org/") == "https://haven.example.org"
