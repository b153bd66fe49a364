"""Browser journeys: headless Chromium (Debian's package) against the real gunicorn server.

The session starts the real server (bench/live.py): its own database (`haven_browser`) on the
same PostgreSQL the suite uses, migrated and seeded with the demo content, and gunicorn with
production settings on a free port. Outgoing email goes to gunicorn's
output, where the tests read verification links like a developer would. Screenshots of each step
at desktop and phone widths land in artifacts/screenshots/ (git-ignored).

Every HTML page the journeys load (as the server sent it, before any script ran) is kept in
artifacts/html/ and checked once, at the end of the session, by the Nu Html Checker (vnu.jar from
the vnu-jar npm package, run with the system Java): any error fails the run.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench import live

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "haven-demo-2026"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
BROWSER_DATABASE = os.environ.get("HAVEN_BROWSER_DATABASE", "haven_browser")
VNU = Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTML_PAGES = BASE_DIR / "artifacts" / "html"


class PageCollector:
    """The HTML of each distinct page the journeys load, written to FOLDER for the Nu Html Checker."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.urls: dict[str, str] = {}  # file name -> the address it came from
        self.seen: set[str] = set()

    def start(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def record(self, response):
        """A context's "response" handler: keep documents that are HTML (redirects have no body)."""
        if response.request.resource_type != "document" or 300 <= response.status < 400:
            return
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            return
        try:
            html = response.text()
        except Exception:  # the page went away before its body was read: nothing to check
            return
        digest = hashlib.sha256(html.encode()).hexdigest()
        if digest in self.seen or not self.folder.is_dir():
            return
        self.seen.add(digest)
        name = f"{len(self.urls) + 1:04d}.html"
        (self.folder / name).write_text(html)
        self.urls[name] = response.url

    def errors(self) -> list[str]:
        """The Nu Html Checker's errors over every page kept, each with the address it came from."""
        files = sorted(self.folder.glob("*.html"))
        if not files:
            return []
        result = subprocess.run(
            [shutil.which("java") or "java", "-jar", str(VNU), "--format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        messages = json.loads(result.stderr or result.stdout)["messages"]
        found = []
        for message in messages:
            if message.get("type") != "error" and message.get("subType") != "fatal":
                continue
            name = message.get("url", "").rsplit("/", 1)[-1]
            where = f"{self.urls.get(name, name)} line {message.get('lastLine', '?')}"
            found.append(f"{where}: {message.get('message')} [{message.get('extract', '').strip()}]")
        return found


PAGES = PageCollector(HTML_PAGES)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def live_server_url():
    if not _chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    # HAVEN_BROWSER_DATABASE lets two checkouts run their journeys at once on one PostgreSQL.
    server = live.start(BROWSER_DATABASE)
    os.environ["HAVEN_BROWSER_SERVER_LOG"] = server.log_path
    yield server.url
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def valid_markup():
    """Check every page the journeys loaded with the Nu Html Checker once they have all run."""
    PAGES.start()
    yield
    if not PAGES.urls:
        return  # no journey ran (Chromium missing, or none selected)
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail(
            "The Nu Html Checker needs vnu-jar (npm ci --prefix tests/browser) and Java (default-jre-headless)."
        )
    errors = PAGES.errors()
    assert errors == [], f"{len(errors)} markup errors in {len(PAGES.urls)} pages:\n" + "\n".join(errors[:60])


@pytest.fixture(scope="session")
def browser(live_server_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visitor:
    """One person in a browser: a desktop page plus screenshots at desktop and phone widths."""

    def __init__(self, browser, base_url, journey, *, javascript=True, time_zone=None):
        self.base_url = base_url
        self.journey = journey
        self.javascript = javascript
        self.context = browser.new_context(
            viewport=DESKTOP, java_script_enabled=javascript, timezone_id=time_zone
        )
        self.context.set_default_timeout(15_000)
        self.context.on("response", PAGES.record)
        self.page = self.context.new_page()
        self.shots = 0

    def go(self, path):
        self.page.goto(self.base_url + path)
        return self.page

    def login(self, email, password=DEMO_PASSWORD):
        self.go("/accounts/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", password)
        self.page.click("main button[type=submit]")

    def submit(self, label=None):
        """Press the main form's submit button (the header's log-out button is a form too)."""
        selector = f"main button:has-text('{label}')" if label else "main button[type=submit]"
        self.page.click(selector)
        self.settle()

    def wait_until(self, expression, timeout=10):
        """Poll EXPRESSION in the page until it is true (Playwright's wait_for_function evaluates
        strings, which the site's CSP rightly forbids)."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"never true on {self.page.url}: {expression}")
            time.sleep(0.05)

    def settle(self):
        """Wait until the page has finished what the last action started: a request the site's
        script makes in place (it marks <html data-busy> meanwhile), or a new page loading."""
        if not self.javascript:
            self.page.wait_for_load_state()
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if self.page.evaluate("!document.documentElement.hasAttribute('data-busy')"):
                    self.page.wait_for_load_state()
                    return
            except Exception:  # noqa: S110 - the page was replaced mid-check; look again
                pass
            time.sleep(0.05)
        raise AssertionError(f"{self.page.url} stayed busy")

    def check_accessibility(self):
        """axe-core on the current page: no serious or critical violations, at either width."""
        if not self.javascript:
            return  # axe runs as JavaScript; the same pages are checked in the journeys with it on
        if not AXE.exists():
            pytest.fail("axe-core is missing: npm ci --prefix tests/browser (./haven test does it).")
        # Evaluated through the DevTools protocol, which the site's CSP rightly doesn't allow
        # pages themselves to do.
        self.page.evaluate(AXE.read_text())
        for viewport in (DESKTOP, PHONE):
            self.page.set_viewport_size(viewport)
            violations = self.page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
            )
            serious = [v for v in violations if v["impact"] in SERIOUS]
            assert serious == [], f"{self.page.url} at {viewport['width']}px: {serious}"
        self.page.set_viewport_size(DESKTOP)

    def screenshot(self, name):
        """Check accessibility, then save this page at desktop and phone widths."""
        self.check_accessibility()
        self.shots += 1
        folder = ARTIFACTS / self.journey
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{self.shots:02d}-{name}"
        self.page.screenshot(path=folder / f"{stem}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=folder / f"{stem}-phone.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)

    def close(self):
        self.context.close()


@pytest.fixture
def visitor_factory(browser, live_server_url, request):
    visitors = []

    def make(journey=None):
        visitor = Visitor(browser, live_server_url, journey or request.node.name)
        visitors.append(visitor)
        return visitor

    yield make
    for visitor in visitors:
        visitor.close()


@pytest.fixture(scope="session")
def moderator(browser, live_server_url):
    """The demo moderator, signed in after setting up TOTP in the browser with a code computed
    here. Shared by the journeys: a TOTP code can't be used twice, so one sign-in serves all."""
    rowan = Visitor(browser, live_server_url, "moderator-setup")
    sign_in_moderator(rowan)
    yield rowan
    rowan.close()


def sign_in_moderator(rowan: Visitor) -> None:
    """Log the demo moderator in and set up TOTP the way a person would, code computed here."""
    rowan.login("moderator@haven.example")
    page = rowan.page
    rowan.go("/moderation/")
    # allauth asks for the password again before MFA changes, but not just after logging in.
    assert "/reauthenticate/" not in page.url
    assert "/2fa/totp/activate/" in page.url
    assert "two-factor authentication" in page.content()
    rowan.screenshot("mfa-setup")
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.content()).group(1)
    for _ in range(2):  # a code typed as its 30-second step ends is refused: a person types the next one
        page.fill("input[name=code]", totp_code(secret))
        rowan.submit()
        if "/2fa/totp/activate/" not in page.url:
            break
    assert "/recovery-codes/" in page.url  # allauth shows the new recovery codes...
    rowan.screenshot("recovery-codes")
    page.click("main a:has-text('go to the moderation queue')")  # ...and set-up ends on the queue
    assert page.url.endswith("/moderation/")


def emailed_link(to: str, path_fragment: str) -> str:
    """The newest link containing PATH_FRAGMENT in an email to TO, from the server's output."""
    log = Path(os.environ["HAVEN_BROWSER_SERVER_LOG"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        emails = [chunk for chunk in text.split("----- Email to ") if chunk.startswith(to)]
        links = [
            link for email in emails for link in re.findall(r"https?://\S+", email) if path_fragment in link
        ]
        if links:
            return links[-1]
        time.sleep(0.2)
    raise AssertionError(f"No email to {to} with a link containing {path_fragment}")


def totp_code(secret: str) -> str:
    """The current code for an authenticator SECRET, as an authenticator app would show it."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
