"""Running a test identity provider (OpenID Connect or SAML) in its own process on loopback: start
it, wait until it answers, stop it. Its process also ends by itself after its lifetime."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LIFETIME = 900  # seconds
STARTUP = 60  # seconds to answer before the fixture gives up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(
    module: str, port: int, environment: dict, ready_url: str, folder: str, what: str
) -> Iterator[None]:
    """MODULE (`python -m MODULE PORT LIFETIME`) serving on PORT with ENVIRONMENT, once READY_URL
    answers; its log in FOLDER/idp.log, shown if it exits early. WHAT names it in errors."""
    log = Path(folder) / "idp.log"
    process = subprocess.Popen(
        [sys.executable, "-m", module, str(port), str(LIFETIME)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 (closed with the folder)
    )
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{what} exited: " + log.read_text())
            try:
                if requests.get(ready_url, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start within {STARTUP} s")
            time.sleep(0.2)
        yield
    finally:
        process.kill()
        process.wait(timeout=10)
