"""A gunicorn worker killed mid-request: the master replaces it and other requests succeed."""

import os
import signal
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from bench import live


@pytest.fixture(scope="module")
def server():
    running = live.start("haven_worker_crash", workers=3)
    yield running
    running.stop()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own 127.0.0.1 server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "connection error"


def _workers(server):
    return [child.pid for child in psutil.Process(server.process.pid).children()]


def _wait_for_workers(server, count, without=None):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        workers = _workers(server)
        if len(workers) == count and without not in workers:
            return workers
        time.sleep(0.2)
    return _workers(server)


def test_a_killed_worker_is_replaced_and_other_requests_succeed(server):
    pages = [f"{server.url}/", f"{server.url}/healthz", f"{server.url}/guidelines/", f"{server.url}/crisis/"]
    before = _wait_for_workers(server, 3)
    assert len(before) == 3
    with ThreadPoolExecutor(max_workers=8) as pool:
        in_flight = [pool.submit(_get, pages[n % len(pages)]) for n in range(200)]
        time.sleep(0.05)
        os.kill(before[0], signal.SIGKILL)  # mid-burst, with requests in flight
        results = [future.result() for future in in_flight]
    # At most the requests on the killed worker fail; every other one succeeds.
    assert results.count(200) >= len(results) - 8
    after = _wait_for_workers(server, 3, without=before[0])
    assert len(after) == 3 and before[0] not in after  # the master started a replacement
    assert [_get(page) for page in pages * 5] == [200] * 20
