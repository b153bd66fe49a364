"""gunicorn for Haven and for Spirit on reused benchmark databases, the sessions wrk sends, and
the peak memory of every worker while the load runs.

Both forums run under the same config/gunicorn.conf.py (sync workers, WEB_CONCURRENCY of them,
the same timeouts and worker recycling), each with its own interpreter and settings.
"""

import base64
import hashlib
import hmac
import http.cookiejar
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench import live
from bench.databases import BASE_DIR, SPIRIT_PYTHON, haven_env, spirit_env


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log_path: str

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children (recycled workers come and go)."""
        try:
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        except psutil.Error:
            return []

    def settle(self, timeout: float = 300):
        """Wait until the requests wrk left queued are answered: gunicorn serves its accept queue in
        order, so once a cheap request comes back the workers are free for the next measurement."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/bench-settle", timeout=timeout).read()  # a 404: cheap
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.5)
                continue
            return

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _start(name: str, command: list, env: dict, port: int) -> Server:
    log_dir = BASE_DIR / "bench" / "results"
    log_dir.mkdir(exist_ok=True)
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the server writes to it until stopped
        prefix=f"gunicorn-{name}-", suffix=".log", dir=log_dir, delete=False
    )
    process = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    server = Server(name, f"http://127.0.0.1:{port}", process, log.name)
    if live.wait_for_port(port, process, seconds=60):
        return server
    server.stop()
    raise RuntimeError(f"{name} did not start:\n{Path(log.name).read_text()[-3000:]}")


def start_haven(
    database_url: str, *, workers: int, ceiling_bytes: int, extra_env: dict | None = None
) -> Server:
    port = live.free_port()
    env = {
        **haven_env(database_url),
        "HAVEN_SITE_URL": f"http://127.0.0.1:{port}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the site, with the reference pages routed
        "HAVEN_BENCH_CEILING_BYTES": str(ceiling_bytes),
        **(extra_env or {}),  # bench/mix.py: its settings, with or without Redis
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
    return _start("haven", command, env, port)


def start_spirit(database_url: str, size: str, *, workers: int, extra_env: dict | None = None) -> Server:
    port = live.free_port()
    env = {**spirit_env(database_url, size), "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    env.update(extra_env or {})
    env["ACCESS_LOG"] = "0"
    command = [str(SPIRIT_PYTHON), "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "bench.spirit.wsgi"]
    return _start("spirit", command, env, port)


# --- Sessions -------------------------------------------------------------------------------------


def _opener():
    jar = http.cookiejar.CookieJar()
    return jar, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _post(opener, url: str, fields: dict, referer: str):
    page = opener.open(url).read().decode()
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": _csrf_token(page)}).encode()
    return opener.open(urllib.request.Request(url, data=data, headers={"Referer": referer}))


def _cookie_header(jar) -> str:
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("The benchmark login did not give a session.")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def haven_session(base_url: str, email: str, password: str, totp_secret: str | None = None) -> str:
    """The Cookie header of a member logged in through the real pages (and their authenticator
    code, for a moderator), as a browser would hold it."""
    jar, opener = _opener()
    response = _post(opener, f"{base_url}/accounts/login/", {"login": email, "password": password}, base_url)
    if totp_secret and "/2fa/" in response.geturl():
        for _attempt in range(2):
            response = _post(opener, response.geturl(), {"code": totp_code(totp_secret)}, base_url)
            if "/2fa/" not in response.geturl():
                break
            # A code counts for its own 30-second step only, so one sent as a step ends is refused:
            # send the next step's code.
            time.sleep(30 - time.time() % 30 + 1)
        else:
            raise RuntimeError(f"The benchmark's two-factor login of {email} was refused twice.")
    return _cookie_header(jar)


def spirit_session(base_url: str, email: str, password: str) -> str:
    jar, opener = _opener()
    _post(opener, f"{base_url}/user/login/", {"username": email, "password": password}, base_url)
    return _cookie_header(jar)


def totp_code(secret: str, at: float | None = None) -> str:
    """The current six-digit code of an authenticator app (RFC 6238: SHA-1, 30-second steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# --- Memory ---------------------------------------------------------------------------------------


@dataclass
class PeakMemory:
    """The peak resident memory of any gunicorn worker of SERVERS while the load runs.

    On entry it notes each worker's peak so far (which includes the benchmark's own logins:
    Argon2 hashing takes 100 MiB for a moment) and resets the kernel's peak counter (VmHWM, via
    /proc/PID/clear_refs, which needs the same user as the workers); then it samples every worker's
    VmHWM twice a second, so workers recycled mid-run count too. Without clear_refs it falls back
    to sampling VmRSS, which can miss a brief peak between samples.
    """

    servers: list
    peak_kb: dict = field(default_factory=dict)
    before_kb: dict = field(default_factory=dict)
    method: str = "VmHWM"

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        for server in self.servers:
            for pid in server.worker_pids():
                self.before_kb[server.name] = max(
                    self.before_kb.get(server.name, 0), _status_kb(pid, "VmHWM")
                )
                try:
                    Path(f"/proc/{pid}/clear_refs").write_text("5")
                except OSError:
                    self.method = "VmRSS"
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.5)

    def sample(self):
        for server in self.servers:
            for pid in server.worker_pids():
                kb = _status_kb(pid, self.method)
                if kb > self.peak_kb.get(server.name, 0):
                    self.peak_kb[server.name] = kb

    def peak_mb(self, name: str) -> float | None:
        return self.peak_kb[name] / 1024 if name in self.peak_kb else None

    def before_mb(self, name: str) -> float | None:
        return self.before_kb[name] / 1024 if name in self.before_kb else None


def _status_kb(pid: int, field_name: str) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field_name}:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else 0
