"""Lighthouse (the npm package, on Debian's Chromium): accessibility and best practices score 100 on
the pages it was asked to keep there: the landing page, log in, Latest, a long thread and search.

Each page is a fresh Lighthouse run (about 10 seconds each on the 2-core reference machine); the
member's pages carry the session cookie of a member signed in by the browser journey's own log-in.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import Visitor
from tests.browser.test_composer_and_long_threads import thread_on_the_server

LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices")


def lighthouse(url: str, cookie: str = "") -> tuple[str, dict[str, float], list[str]]:
    """The address Lighthouse ended on for URL, its CATEGORIES scores (0 to 100) and the audits
    that did not pass."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--output=json",
        "--output-path=stdout",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=True)
    report = json.loads(done.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in report["audits"].values()
        if audit.get("scoreDisplayMode") in ("binary", "numeric") and (audit.get("score") or 0) < 1
    ]
    return report["finalDisplayedUrl"], scores, failing


@pytest.fixture(scope="module")
def member_cookie(browser, live_server_url):
    """The Cookie header of a member signed in through the log-in page."""
    visitor = Visitor(browser, live_server_url, "lighthouse-login")
    try:
        visitor.login("grace@haven.example")
        return "; ".join(f"{c['name']}={c['value']}" for c in visitor.context.cookies())
    finally:
        visitor.close()


@pytest.fixture(scope="module")
def long_thread():
    return thread_on_the_server("Lighthouse: the things that keep us going", replies=45) + "?page=2"


PAGES = [
    ("landing", lambda thread: "/", False),
    ("login", lambda thread: "/accounts/login/", False),
    ("latest", lambda thread: "/latest/", True),
    ("long thread", lambda thread: thread, True),
    ("search", lambda thread: "/search/?q=sleep", True),
]


@pytest.mark.parametrize(("name", "path", "signed_in"), PAGES, ids=[page[0] for page in PAGES])
def test_lighthouse_scores_100(live_server_url, member_cookie, long_thread, name, path, signed_in):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: npm ci --prefix tests/browser (./haven test does it).")
    url = live_server_url + path(long_thread)
    measured, scores, failing = lighthouse(url, member_cookie if signed_in else "")
    print(f"Lighthouse {name}: {scores}")
    assert measured == url  # the page itself, not the log-in page it would send a stranger to
    assert scores == {"accessibility": 100, "best-practices": 100}, failing
