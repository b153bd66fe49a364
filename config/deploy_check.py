"""`./haven deploy-check`: the production stack of deploy/ started on this machine without systemd,
and checked over HTTPS as a visitor, a new member and a member who follows a thread meet it.

What runs is what deploy/README.md installs, with only the machine-specific parts changed:

- Caddy (`caddy` on PATH, Debian's package) with deploy/Caddyfile itself, imported behind global
  options that put it on loopback, on free high ports, with its internal CA instead of Let's
  Encrypt (`local_certs`) and its data in a temporary folder (XDG_DATA_HOME, HOME), so nothing of
  the machine's Caddy or trust store is touched;
- gunicorn (config/gunicorn.conf.py) and the worker (`manage.py db_worker`, as the systemd units
  start them), with deploy/haven.env.example as their whole environment: each CHANGE-ME and each
  address filled in for this machine (`environment` below), DEBUG off;
- PostgreSQL: a database of its own (HAVEN_DEPLOY_CHECK_DATABASE, `haven_deploy_check`) on the
  embedded server, or on DATABASE_URL's server when that is set, migrated and seeded with the demo;
- an SMTP server on loopback (aiosmtpd), which keeps what it receives: the worker sends every
  email there through Django's SMTP backend, as it would to a mail provider.

Then it checks, over HTTPS and trusting only Caddy's root certificate: plain HTTP redirects to
HTTPS; /healthz; HSTS and Secure, HttpOnly cookies; compression; a sign-up (with the consent box
ticked) whose verification email arrives over SMTP and whose link signs the new member in; a reply
whose notification the worker delivers over SMTP to the thread's author. Last, the daily backup
job (`manage.py backup`, as its systemd timer runs it) writes an encrypted archive.

Each step is printed with the time it took and an estimate of what is left. Everything it started
is stopped on the way out, also on a failure, Ctrl-C or SIGTERM, and its database dropped. The
exit status is 1 if any step failed (130 if interrupted). The whole run is bounded by
HAVEN_DEPLOY_CHECK_SECONDS (default 120).

Usage: ./haven deploy-check   (or: python -m config.deploy_check)
"""

from __future__ import annotations

import email
import email.policy
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from forum.demo.content import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY_DIR = BASE_DIR / "deploy"
ENV_TEMPLATE = DEPLOY_DIR / "haven.env.example"
CADDYFILE = DEPLOY_DIR / "Caddyfile"
DOMAIN = "localhost"  # Caddy's internal CA issues for it; it resolves to loopback everywhere
DEMO_THREAD = ("maya@haven.example", "my-struggle-with-sts-as-a-clinician")  # its author, its slug
DEMO_REPLIER = "grace@haven.example"
# The same worker command as deploy/systemd/haven-worker.service.
WORKER_COMMAND = ["manage.py", "db_worker", "--no-reload"]
MAIL_WAIT_SECONDS = 20


class CheckFailed(Exception):
    """A check saw something other than what production must do."""


class OutOfTime(CheckFailed):
    pass


# --- The environment --------------------------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them: comments and blank lines skipped,
    the value is the rest of the line with one pair of surrounding quotes removed."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def environment(template: dict[str, str], *, site_url: str, bind: str, database_url: str,
                smtp_port: int, folder: Path) -> dict[str, str]:  # fmt: skip
    """The template's settings with what differs on this machine filled in; refuses to go on if a
    CHANGE-ME is left (a new setting in the template this check does not know how to fill)."""
    import pyrage

    filled = {
        **template,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": DOMAIN,
        "CSRF_TRUSTED_ORIGINS": site_url,
        "HAVEN_SITE_URL": site_url,
        "BIND": bind,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": "0",  # the sink on loopback speaks plain SMTP
        "HAVEN_OPERATOR_NAME": "Haven deploy check",
        "HAVEN_MAIL_PROCESSOR": "a local SMTP sink",
        "HAVEN_HOSTING_PROCESSOR": "this machine",
        "HAVEN_PRIVATE_UPLOADS_DIR": str(folder / "uploads"),
        "STATIC_ROOT": str(folder / "static"),
        "HAVEN_BACKUP_RECIPIENTS": str(pyrage.x25519.Identity.generate().to_public()),
        "HAVEN_BACKUP_DIR": str(folder / "backups"),
        "HAVEN_IDENTITY_HASH_KEY": secrets.token_urlsafe(32),
        "WEB_CONCURRENCY": "2",
    }
    left = sorted(key for key, value in filled.items() if "CHANGE-ME" in value)
    if left:
        raise CheckFailed(f"{ENV_TEMPLATE.name} has CHANGE-ME values this check does not fill: {left}")
    if filled.get("DEBUG") not in {"0", ""}:
        raise CheckFailed(f"{ENV_TEMPLATE.name} must keep DEBUG off")
    if filled.get("TASKS_BACKEND") != "database":  # else gunicorn sends email itself, during requests
        raise CheckFailed(f"{ENV_TEMPLATE.name} must queue email for the worker (TASKS_BACKEND=database)")
    # Only what the template sets (and what any process needs to run): nothing of the developer's
    # own environment reaches the stack.
    passed = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL", "TZ") if key in os.environ}
    return {**passed, "HOME": str(folder), "DJANGO_SETTINGS_MODULE": "config.settings", **filled}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def server_url() -> str:
    """DATABASE_URL's server, or the embedded one (started if it is not running)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from config import embedded_postgres

    return embedded_postgres.database_url()


# --- The SMTP sink ----------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd's handler: keeps every message it is sent, for `wait_for` to find."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # The bytes as received (aiosmtpd decodes nothing unless asked to).
        message = email.message_from_bytes(envelope.original_content or b"", policy=email.policy.default)
        with self.arrived:
            self.messages.append(([address.lower() for address in envelope.rcpt_tos], message))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, recipient: str, deadline: float, after: int = 0) -> EmailMessage:
        """The first message to RECIPIENT among those that arrived after the first AFTER ones."""
        with self.arrived:
            while True:
                for recipients, message in self.messages[after:]:
                    if recipient.lower() in recipients:
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CheckFailed(f"no email to {recipient} arrived over SMTP")
                self.arrived.wait(timeout=left)


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


# --- An HTTPS client that trusts Caddy's CA ----------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Message
    body: str
    url: str

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the caller sees the 3xx itself


class Visitor:
    """One person's browser, as far as the checks need one: cookies, the CA it trusts, forms sent
    with the page they came from as Referer (Django's CSRF check over HTTPS wants it)."""

    def __init__(self, context: ssl.SSLContext, deadline: Callable[[], float]) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirects(),
        )
        self.seconds_left = deadline
        self.last_url = ""

    def request(
        self, url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        encoded = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=encoded, headers=headers or {})  # noqa: S310 - https/http to loopback
        if encoded is not None and self.last_url:
            request.add_header("Referer", self.last_url)
            request.add_header("Origin", "{0.scheme}://{0.netloc}".format(urlsplit(self.last_url)))
        timeout = max(0.1, min(20.0, self.seconds_left()))
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return Response(answer.status, answer.headers, answer.read().decode(errors="replace"), url)
        except urllib.error.HTTPError as answer:
            return Response(answer.code, answer.headers, answer.read().decode(errors="replace"), url)

    def go(self, url: str, data: dict[str, str] | None = None) -> Response:
        """Request URL and follow redirects as a browser does (a POST answered with 302 or 303 is
        followed with a GET); the last page becomes the Referer of the next form."""
        for _ in range(10):
            response = self.request(url, data)
            if response.status not in {301, 302, 303, 307, 308}:
                self.last_url = url
                return response
            url = urllib.parse.urljoin(url, response.header("Location"))
            data = None
        raise CheckFailed(f"too many redirects from {url}")

    def submit(self, page: Response, action: str, values: dict[str, str]) -> Response:
        """Send the form on PAGE whose action is ACTION (or the one form whose action starts with
        it), with VALUES over the values of its own fields."""
        forms = forms_in(page.body)
        matching = [key for key in forms if key == action] or [key for key in forms if key.startswith(action)]
        if len(matching) != 1:
            raise CheckFailed(
                f"no one form for {action} on {page.url} (HTTP {page.status}); forms: {sorted(forms)}"
            )
        return self.go(urllib.parse.urljoin(page.url, matching[0]), {**forms[matching[0]], **values})

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((cookie for cookie in self.jar if cookie.name == name), None)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = self.forms.setdefault(attributes.get("action", ""), {})
        elif tag == "input" and self.current is not None and attributes.get("name"):
            if attributes.get("type") in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.current[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_in(html: str) -> dict[str, dict[str, str]]:
    """Each form's action and the values its inputs would send as the page stands."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


# --- The stack ----------------------------------------------------------------------------------


@dataclass
class Stack:
    folder: Path
    database: str
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    gunicorn_port: int = field(default_factory=free_port)
    smtp_port: int = field(default_factory=free_port)
    processes: dict[str, tuple[subprocess.Popen, Path]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    admin_url: str = ""
    mailbox: Mailbox = field(default_factory=Mailbox)
    smtp: Controller | None = None
    tls: ssl.SSLContext | None = None

    @property
    def site_url(self) -> str:
        return f"https://{DOMAIN}:{self.https_port}"

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.folder / f"{name}.log"
        with log.open("wb") as output:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(  # noqa: S603 - our own commands, as argument lists
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches this check alone, which stops them in order
            )
        self.processes[name] = (process, log)
        return process

    def log_tail(self, name: str, lines: int = 12) -> str:
        _, log = self.processes[name]
        text = log.read_text(errors="replace").splitlines() if log.exists() else []
        return "\n".join(f"    {name}| {line[:400]}" for line in text[-lines:])

    def stop(self) -> None:
        for name in ("caddy", "gunicorn", "worker"):
            if name in self.processes:
                process, _ = self.processes[name]
                if process.poll() is None:
                    process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.smtp is not None:
            self.smtp.stop()
        if self.admin_url:
            try:
                drop_database(self.admin_url, self.database)
            except psycopg.Error as error:
                print(f"==> Could not drop the database {self.database}: {error}", flush=True)


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for_port(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"it exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise OutOfTime(f"nothing listened on port {port} in time")


# --- Steps, with progress and an estimate of the time left ---------------------------------------


@dataclass
class Step:
    title: str
    expected_seconds: float  # measured on a 2-core machine; only for the estimate
    run: Callable[[], str | None]
    setup: bool = False  # a setup step that fails ends the run; a failed check lets the others run


class Run:
    def __init__(self, steps: list[Step], budget: float) -> None:
        self.steps = steps
        self.started = time.monotonic()
        self.deadline = self.started + budget
        self.timings: list[tuple[str, float, bool]] = []

    def seconds_left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OutOfTime(f"the check's time ({self.deadline - self.started:.0f} s) ran out")
        return left

    def estimate(self, index: int) -> float:
        """Seconds still to go before step INDEX starts: the remaining steps' usual times, scaled
        by how this machine has compared with them so far."""
        done_expected = sum(step.expected_seconds for step in self.steps[:index])
        elapsed = time.monotonic() - self.started
        pace = elapsed / done_expected if done_expected >= 10 else 1.0
        return pace * sum(step.expected_seconds for step in self.steps[index:])

    def execute(self) -> bool:
        failed = 0
        count = len(self.steps)
        for index, step in enumerate(self.steps):
            elapsed = time.monotonic() - self.started
            print(f"[{index + 1}/{count}] {step.title}  ({elapsed:.0f} s in, about {self.estimate(index):.0f} s to go)",
                  flush=True)  # fmt: skip
            began = time.monotonic()
            try:
                detail = step.run()
            except CheckFailed as error:
                took = time.monotonic() - began
                self.timings.append((step.title, took, False))
                print(f"      FAILED after {took:.1f} s: {error}", flush=True)
                failed += 1
                if step.setup or isinstance(error, OutOfTime):
                    return False
                continue
            took = time.monotonic() - began
            self.timings.append((step.title, took, True))
            print(f"      ok in {took:.1f} s" + (f": {detail}" if detail else ""), flush=True)
        return failed == 0

    def summary(self) -> str:
        rows = [
            f"  {'ok    ' if ok else 'FAILED'} {took:6.1f} s  {title}" for title, took, ok in self.timings
        ]
        return "\n".join([*rows, f"  total  {time.monotonic() - self.started:6.1f} s"])


def build_steps(stack: Stack, run: Run) -> list[Step]:
    python = sys.executable
    visitors: dict[str, Visitor] = {}

    def deadline() -> float:
        return time.monotonic() + run.seconds_left()

    def mail_deadline() -> float:
        """An email is given MAIL_WAIT_SECONDS (the worker looks for work every second), so that
        one that never comes fails its check and leaves time for the others."""
        return min(deadline(), time.monotonic() + MAIL_WAIT_SECONDS)

    def manage(*args: str) -> None:
        result = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            [python, "manage.py", *args], cwd=BASE_DIR, env=stack.env, capture_output=True, text=True,
            timeout=run.seconds_left(), check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise CheckFailed(
                f"manage.py {' '.join(args)} failed:\n{(result.stdout + result.stderr)[-3000:]}"
            )

    def visitor() -> Visitor:
        if stack.tls is None:
            raise CheckFailed("Caddy's root certificate was never read")
        return Visitor(stack.tls, run.seconds_left)

    def prepare() -> str:
        if shutil.which("caddy") is None:
            raise CheckFailed("caddy is not installed (apt-get install caddy)")
        base = server_url()
        stack.admin_url = with_database(base, "postgres")
        drop_database(stack.admin_url, stack.database)
        with psycopg.connect(stack.admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(f'CREATE DATABASE "{stack.database}"')
        stack.env = environment(
            read_env_file(ENV_TEMPLATE),
            site_url=stack.site_url,
            bind=f"127.0.0.1:{stack.gunicorn_port}",
            database_url=with_database(base, stack.database),
            smtp_port=stack.smtp_port,
            folder=stack.folder,
        )
        stack.smtp = Controller(stack.mailbox, hostname="127.0.0.1", port=stack.smtp_port)
        stack.smtp.start()
        where = "DATABASE_URL's server" if os.environ.get("DATABASE_URL") else "the embedded PostgreSQL"
        return f"database {stack.database} on {where}; SMTP sink on 127.0.0.1:{stack.smtp_port}"

    def migrate_and_collect() -> str:
        # collectstatic needs no database: it runs beside the migrations.
        collect = subprocess.Popen(  # noqa: S603
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=stack.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            manage("migrate", "--noinput", "-v", "0")
            output, _ = collect.communicate(timeout=run.seconds_left())
        finally:
            if collect.poll() is None:
                collect.kill()
                collect.wait()
        if collect.returncode != 0:
            raise CheckFailed(f"collectstatic failed:\n{output[-3000:]}")
        manage("check", "--deploy", "--fail-level", "WARNING")
        return "migrate, collectstatic, check --deploy clean"

    def seed() -> None:
        manage("seed_demo")

    def start_gunicorn() -> str:
        process = stack.start("gunicorn", [python, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                              stack.env)  # fmt: skip
        try:
            wait_for_port(stack.gunicorn_port, process, deadline())
        except CheckFailed as error:
            raise CheckFailed(f"gunicorn did not start: {error}") from error
        worker = stack.start("worker", [python, *WORKER_COMMAND], stack.env)
        time.sleep(0.2)
        if worker.poll() is not None:
            raise CheckFailed("the worker exited at once")
        return f"gunicorn on 127.0.0.1:{stack.gunicorn_port}, db_worker running"

    def start_caddy() -> str:
        caddy_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(stack.folder / "caddy-home"),
            "XDG_DATA_HOME": str(stack.folder / "caddy-data"),
            "XDG_CONFIG_HOME": str(stack.folder / "caddy-config"),
            "HAVEN_DOMAIN": DOMAIN,
            "HAVEN_UPSTREAM": f"127.0.0.1:{stack.gunicorn_port}",
        }
        config = stack.folder / "Caddyfile"
        config.write_text(
            "{\n"
            f"\thttp_port {stack.http_port}\n"
            f"\thttps_port {stack.https_port}\n"
            "\tdefault_bind 127.0.0.1\n"
            "\tadmin off\n"
            "\tlocal_certs\n"  # every site on Caddy's internal CA: `tls internal`
            "\tskip_install_trust\n"  # never into this machine's trust store
            "}\n"
            f"import {CADDYFILE}\n"
        )
        process = stack.start(
            "caddy", ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], caddy_env
        )
        root = stack.folder / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        try:
            wait_for_port(stack.https_port, process, deadline())
            while not root.exists():
                if process.poll() is not None or time.monotonic() > deadline():
                    raise CheckFailed("its root certificate never appeared")
                time.sleep(0.1)
        except CheckFailed as error:
            raise CheckFailed(f"Caddy did not start: {error}") from error
        stack.tls = ssl.create_default_context(cafile=str(root))
        # The site's certificate is issued just after Caddy starts listening.
        while True:
            try:
                with (
                    socket.create_connection(("127.0.0.1", stack.https_port), timeout=2) as raw,
                    stack.tls.wrap_socket(raw, server_hostname=DOMAIN),
                ):
                    break
            except (ssl.SSLError, OSError) as error:
                if time.monotonic() > deadline() - 1:
                    raise CheckFailed(f"no trusted TLS handshake with Caddy: {error}") from error
                time.sleep(0.2)
        return f"HTTPS on {stack.site_url}, HTTP on :{stack.http_port}, trusting {root.relative_to(stack.folder)}"

    def redirect_to_https() -> str:
        # Caddy's automatic redirect names no port when it sends visitors to its own https_port:
        # it takes that port to be where the public 443 arrives, as it is in production.
        response = visitor().request(f"http://{DOMAIN}:{stack.http_port}/healthz?from=http")
        location = response.header("Location")
        if response.status not in {301, 308} or location != f"https://{DOMAIN}/healthz?from=http":
            raise CheckFailed(f"http:// answered {response.status} to {location or 'nowhere'}")
        return f"{response.status} to {location}"

    def healthz() -> str:
        response = visitor().request(f"{stack.site_url}/healthz")
        if response.status != 200 or response.body.strip() != "ok":
            raise CheckFailed(f"/healthz answered {response.status}: {response.body[:200]}")
        return "200 ok over TLS from Caddy's CA"

    def hsts_and_cookies() -> str:
        browser = visitor()
        page = browser.go(f"{stack.site_url}/accounts/login/")
        hsts = page.header("Strict-Transport-Security")
        if "max-age=31536000" not in hsts:
            raise CheckFailed(f"Strict-Transport-Security is {hsts!r}")
        login = browser.submit(page, "/accounts/login/", {"login": DEMO_REPLIER, "password": DEMO_PASSWORD})
        if login.status != 200 or browser.cookie("sessionid") is None:
            raise CheckFailed(f"signing in as {DEMO_REPLIER} failed (HTTP {login.status} at {login.url})")
        for name in ("csrftoken", "sessionid"):
            cookie = browser.cookie(name)
            if cookie is None or not cookie.secure:
                raise CheckFailed(f"the {name} cookie is not Secure")
        session = browser.cookie("sessionid")
        if session is None or not session.has_nonstandard_attr("HttpOnly"):
            raise CheckFailed("the session cookie is not HttpOnly")
        visitors["replier"] = browser
        return f"HSTS {hsts!r}; csrftoken and sessionid Secure, sessionid HttpOnly"

    def compression() -> str:
        response = visitor().request(f"{stack.site_url}/accounts/login/", headers={"Accept-Encoding": "gzip"})
        if response.header("Content-Encoding") != "gzip":
            raise CheckFailed(
                f"a page asked for gzip came back as {response.header('Content-Encoding') or 'identity'}"
            )
        return "pages gzip-compressed by Caddy"

    def sign_up() -> str:
        browser = visitor()
        address = f"new-{secrets.token_hex(4)}@deploy-check.example"
        page = browser.go(f"{stack.site_url}/accounts/signup/")
        already = len(stack.mailbox.messages)
        password = secrets.token_urlsafe(16)
        answer = browser.submit(page, "/accounts/signup/", {
            "display_name": "Deploy check", "email": address, "password1": password, "password2": password,
            "consent": "on",
        })  # fmt: skip
        if answer.status != 200 or "/accounts/confirm-email/" not in answer.url:
            raise CheckFailed(f"sign-up was not accepted (HTTP {answer.status} at {answer.url})")
        message = stack.mailbox.wait_for(address, mail_deadline(), after=already)
        found = re.search(r"https?://\S+/accounts/confirm-email/[^\s/]+/", plain_text(message))
        if found is None:
            raise CheckFailed(f"the verification email has no link:\n{plain_text(message)[:500]}")
        link = found.group(0)
        if not link.startswith(stack.site_url + "/"):
            raise CheckFailed(f"the verification link {link} is not on {stack.site_url}")
        confirm = browser.go(link)
        # The page's form carries the confirmation key signed afresh (allauth's HMAC keys).
        welcome = browser.submit(confirm, "/accounts/confirm-email/", {})
        if welcome.status != 200 or browser.cookie("sessionid") is None:
            raise CheckFailed(
                f"confirming the address did not sign in (HTTP {welcome.status} at {welcome.url})"
            )
        notifications = browser.go(f"{stack.site_url}/notifications/")
        if notifications.status != 200 or not notifications.url.endswith("/notifications/"):
            raise CheckFailed(f"the new member can't open their notifications (HTTP {notifications.status})")
        return f"email to {address} over SMTP; its link signed the member in"

    def reply_notification() -> str:
        browser = visitors.get("replier")
        if browser is None:
            raise CheckFailed(f"no signed-in session for {DEMO_REPLIER} (see the cookies check)")
        author, slug = DEMO_THREAD
        latest = browser.go(f"{stack.site_url}/latest/")
        found = re.search(rf'href="/t/{slug}/(\d+)/"', latest.body)
        if found is None:
            raise CheckFailed(f"the demo thread {slug} is not on /latest/ (HTTP {latest.status})")
        action = f"/t/{found.group(1)}/reply/"
        form = browser.go(stack.site_url + action)
        already = len(stack.mailbox.messages)
        posted = browser.submit(
            form, action, {"body": "Thank you for writing this down. It helps to read it."}
        )
        if posted.status != 200 or f"/{found.group(1)}/" not in posted.url:
            raise CheckFailed(f"the reply was not posted (HTTP {posted.status} at {posted.url})")
        message = stack.mailbox.wait_for(author, mail_deadline(), after=already)
        text = plain_text(message)
        if f"{stack.site_url}/notifications/" not in text:
            raise CheckFailed(f"the notification email links nowhere on the site:\n{text[:500]}")
        return f"{message['Subject']!r} to {author}, sent by the worker over SMTP"

    def daily_backup() -> str:
        # What haven-daily@backup.timer runs, with the template's HAVEN_BACKUP_* settings.
        manage("backup")
        archives = sorted(Path(stack.env["HAVEN_BACKUP_DIR"]).glob("haven-*.age"))
        if len(archives) != 1 or not archives[0].read_bytes().startswith(b"age-encryption.org/v1"):
            raise CheckFailed(f"no age-encrypted archive in HAVEN_BACKUP_DIR: {archives}")
        return f"{archives[0].name}, {archives[0].stat().st_size / 1e6:.1f} MB, encrypted"

    return [
        Step(
            "Prepare: database, environment from deploy/haven.env.example, SMTP sink",
            0.5,
            prepare,
            setup=True,
        ),
        Step("Migrate, collect static files, check --deploy", 14, migrate_and_collect, setup=True),
        Step("Seed the demo content", 6, seed, setup=True),
        Step("Start gunicorn and the email worker", 2, start_gunicorn, setup=True),
        Step("Start Caddy (deploy/Caddyfile, internal CA)", 1, start_caddy, setup=True),
        Step("Plain HTTP redirects to HTTPS", 0.2, redirect_to_https),
        Step("/healthz over HTTPS", 0.2, healthz),
        Step("HSTS, Secure and HttpOnly cookies", 1, hsts_and_cookies),
        Step("Compression by Caddy", 0.2, compression),
        Step("Sign-up: verification email over SMTP, its link signs in", 3, sign_up),
        Step("Reply notification delivered by the worker over SMTP", 3, reply_notification),
        Step("Daily job: manage.py backup, as its timer runs it", 2, daily_backup),
    ]


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    budget = float(os.environ.get("HAVEN_DEPLOY_CHECK_SECONDS", "120"))
    database = os.environ.get("HAVEN_DEPLOY_CHECK_DATABASE", "haven_deploy_check")
    # Ctrl-C and SIGTERM stop the stack on the way out (even where a shell started us with SIGINT
    # ignored, as it does background jobs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    folder = Path(tempfile.mkdtemp(prefix="haven-deploy-check-"))
    stack = Stack(folder=folder, database=database)
    run = Run([], budget)
    run.steps = build_steps(stack, run)
    print(f"==> Checking the production stack (deploy/) on this machine, within {budget:.0f} s", flush=True)
    passed = False
    interrupted = False
    try:
        passed = run.execute()
    except KeyboardInterrupt:
        interrupted = True
        print("\n==> Interrupted", flush=True)
    finally:
        # Stop everything, even if interrupted again meanwhile.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stopping = time.monotonic()
        if not passed and not interrupted:
            for name in stack.processes:
                print(f"--- last lines of {name}'s log:\n{stack.log_tail(name)}", flush=True)
        try:
            stack.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"==> Stopped Caddy, gunicorn, the worker and the SMTP sink; dropped {database} "
              f"({time.monotonic() - stopping:.1f} s)", flush=True)  # fmt: skip
    print(run.summary())
    if interrupted:
        return 130
    print("==> All checks passed" if passed else "==> The production stack check FAILED", flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
