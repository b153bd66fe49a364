"""One bounded wrk run against one page of a server on 127.0.0.1, parsed into numbers."""

import re
import subprocess
import tempfile
from pathlib import Path

PAGE_SCRIPT = Path(__file__).resolve().parent / "page.lua"
TIMEOUT_SECONDS = 10


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_script(url: str, script: str, *, seconds: int, concurrency: int, threads: int = 2) -> dict:
    """Run wrk with the Lua SCRIPT (text) against URL; the numbers of the RESULT line it prints."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-wrk-") as file:
        file.write(script)
        file.flush()
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{concurrency}",
                f"-d{seconds}s",
                "--timeout",
                f"{TIMEOUT_SECONDS}s",
                "-s",
                file.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        ).stdout
    line = re.search(r"^RESULT (.*)$", output, re.M)
    if not line:
        raise RuntimeError(f"wrk printed no result for {url}:\n{output}")
    return {key: float(value) for key, value in (pair.split("=") for pair in line.group(1).split())}


def measure(url: str, *, cookie: str, seconds: int, concurrency: int, threads: int = 2) -> dict:
    """Requests per second, latency percentiles (ms), 2xx and other answers, socket errors."""
    script = f"COOKIE = {lua_string(cookie)}\n" + PAGE_SCRIPT.read_text()
    result = run_script(url, script, seconds=seconds, concurrency=concurrency, threads=threads)
    # wrk's percentiles cover the answered requests only. Where more than (100 - N)% got no answer
    # within the timeout, the true Nth percentile is at least the timeout: say so (infinity).
    attempts = result["requests"] + result["errors"]
    for percentile in (50, 90, 95, 99):
        if not result["requests"] or result["errors"] / attempts > 1 - percentile / 100:
            result[f"p{percentile}_ms"] = float("inf")
    return result
