"""The benchmark's tables: printed by bench/run.py and written, with the machine and the targets,
to docs/performance.md."""

import os
import platform
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import psycopg

from bench import live, wrk

SIZE_NAMES = {"10k": "10k posts", "100k": "100k posts", "1m": "1M posts"}
LIST_AND_THREAD_PAGES = (
    "latest_1",
    "latest_deep",
    "category_1",
    "category_middle",
    "category_deep",
    "thread_first",
    "thread_last",
    "notifications",
    "moderation",
)
COMPARED_PAGES = ("thread_first", "thread_last", "latest_1")
P99_LIMIT_MS, SEARCH_P95_LIMIT_MS, RSS_LIMIT_MB, SEED_LIMIT_SECONDS = 100, 150, 150, 300
SPIRIT_FACTOR, CEILING_SHARE, DEEP_PAGE_SHARE = 3.0, 0.5, 0.9


# --- The machine ----------------------------------------------------------------------------------


def describe_machine(workers: int) -> dict:
    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    with psycopg.connect(live.with_database(live.server_database_url(), "postgres")) as connection:
        settings = {
            name: connection.execute(f"SHOW {name}").fetchone()[0]
            for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size")
        }
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": int(memory.group(1)) / 1024 / 1024 if memory else 0,
        "kernel": platform.release(),
        "postgres": settings["server_version"].split(" ")[0],
        "postgres_settings": (
            f"shared_buffers {settings['shared_buffers']}, work_mem {settings['work_mem']}, "
            f"effective_cache_size {settings['effective_cache_size']}"
        ),
        "postgres_where": "the system server (DATABASE_URL)"
        if os.environ.get("DATABASE_URL")
        else "the embedded server (config/embedded_postgres.py)",
        "python": platform.python_version(),
        "django": version("Django"),
        "gunicorn": version("gunicorn"),
        "wrk": wrk_version.strip(),
        "workers": workers,
        "load_start": os.getloadavg(),
    }


# --- Numbers --------------------------------------------------------------------------------------


def _fmt(value, digits=1, suffix="") -> str:
    if value is None:
        return "–"
    if value == float("inf"):  # a latency percentile beyond wrk's timeout
        return f"≥{wrk.TIMEOUT_SECONDS * 1000:,}{suffix}"
    return f"{value:,.{digits}f}{suffix}"


def _ratio(ours, theirs) -> str:
    return f"{ours / theirs:.2f}x" if ours and theirs else "–"


def rows(result) -> list[list[str]]:
    """One row per measured page (and the ceiling): Haven's numbers, Spirit's, and the ratios."""
    ceiling = result.median("ceiling", "ceiling", "member", "rps")
    table = []
    for page in result.pages:
        key, role = page.key, page.role
        rps = result.median("haven", key, role, "rps")
        spirit_rps = result.median("spirit", key, role, "rps")
        haven_queries = result.queries.get(("haven", key, role), {}).get("queries")
        alone = result.queries.get(("haven", key, role), {})
        spirit_queries = result.queries.get(("spirit", key, role), {}).get("queries")
        non2xx = (result.total("haven", key, role, "non2xx") or 0) + (
            result.total("haven", key, role, "errors") or 0
        )
        table.append(
            [
                page.label,
                role,
                _fmt(rps),
                _fmt(result.median("haven", key, role, "p50_ms")),
                _fmt(result.median("haven", key, role, "p95_ms")),
                _fmt(result.median("haven", key, role, "p99_ms")),
                str(non2xx),
                "–" if haven_queries is None else str(haven_queries),
                f"{_fmt(alone.get('ms'), 0)} ({_fmt(alone.get('sql_ms'), 0)})" if alone else "–",
                _fmt(spirit_rps),
                _fmt(result.median("spirit", key, role, "p99_ms")),
                "–" if spirit_queries is None else str(spirit_queries),
                _ratio(rps, spirit_rps),
                _ratio(rps, ceiling) if role == "member" else "–",
            ]
        )
    ceiling_queries = result.queries.get(("haven", "ceiling", "member"), {}).get("queries")
    table.append(
        [
            "Ceiling: fixed HTML of the thread page's size",
            "member",
            _fmt(ceiling),
            _fmt(result.median("ceiling", "ceiling", "member", "p50_ms")),
            _fmt(result.median("ceiling", "ceiling", "member", "p95_ms")),
            _fmt(result.median("ceiling", "ceiling", "member", "p99_ms")),
            str(
                (result.total("ceiling", "ceiling", "member", "non2xx") or 0)
                + (result.total("ceiling", "ceiling", "member", "errors") or 0)
            ),
            "–" if ceiling_queries is None else str(ceiling_queries),
            _fmt(result.queries.get(("haven", "ceiling", "member"), {}).get("ms"), 0),
            "",
            "",
            "",
            "",
            "1.00x",
        ]
    )
    return table


HEADERS = [
    "Page",
    "As",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "non-2xx",
    "SQL/req",
    "alone ms (SQL ms)",
    "Spirit req/s",
    "Spirit p99 ms",
    "Spirit SQL/req",
    "ours/Spirit",
    "ours/ceiling",
]


def text_table(result, args) -> str:
    table = [HEADERS, *rows(result)]
    widths = [max(len(row[column]) for row in table) for column in range(len(HEADERS))]
    lines = [
        f"{SIZE_NAMES[result.size]}: medians of {args.rounds} rounds of {args.seconds}s, c={args.concurrency}"
    ]
    for number, row in enumerate(table):
        cells = [cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines.append(_memory_line(result))
    lines.extend(result.notes)
    return "\n".join(lines)


def _speed(result) -> str:
    if result.speed_before is None or result.speed_after is None:
        return ""
    return (
        f" A fixed loop of Python (bench/run.py, python_speed) took {result.speed_before:.2f} s of CPU "
        f"before the runs and {result.speed_after:.2f} s after: the machine's own speed, lower is faster."
    )


def _memory_line(result) -> str:
    haven, spirit = result.peak_rss_mb.get("haven"), result.peak_rss_mb.get("spirit")
    line = f"Peak RSS of a gunicorn worker under load ({result.memory_method}): Haven {_fmt(haven, 0, ' MB')}"
    if spirit:
        line += f", Spirit {_fmt(spirit, 0, ' MB')}"
    before = result.login_rss_mb.get("haven")
    if before:
        line += (
            f"; before the load, through start-up, warm-up and the benchmark's logins: Haven "
            f"{_fmt(before, 0, ' MB')}"
        )
        if result.login_rss_mb.get("spirit"):
            line += f", Spirit {_fmt(result.login_rss_mb['spirit'], 0, ' MB')}"
    return line


# --- Targets --------------------------------------------------------------------------------------


@dataclass
class Verdict:
    target: str
    size: str
    measured: str
    met: bool
    gap: str


def verdicts(results) -> list[Verdict]:
    found = []
    largest = results[-1] if results else None
    for result in results:
        size = SIZE_NAMES[result.size]
        ceiling = result.median("ceiling", "ceiling", "member", "rps")
        for key in COMPARED_PAGES:
            label = _label(result, key)
            ours = result.median("haven", key, "member", "rps")
            spirit = result.median("spirit", key, "member", "rps")
            if ours and spirit:
                ratio = ours / spirit
                found.append(
                    Verdict(
                        f"{label}: at least {SPIRIT_FACTOR:.0f}x Spirit's req/s",
                        size,
                        f"{ratio:.2f}x ({ours:,.0f} vs {spirit:,.0f} req/s)",
                        ratio >= SPIRIT_FACTOR,
                        ""
                        if ratio >= SPIRIT_FACTOR
                        else f"needs {SPIRIT_FACTOR * spirit:,.0f} req/s: {SPIRIT_FACTOR * spirit / ours - 1:.0%} more",
                    )
                )
            if ours and ceiling:
                share = ours / ceiling
                found.append(
                    Verdict(
                        f"{label}: at least {CEILING_SHARE:.0%} of the ceiling",
                        size,
                        f"{share:.0%} ({ours:,.0f} of {ceiling:,.0f} req/s)",
                        share >= CEILING_SHARE,
                        ""
                        if share >= CEILING_SHARE
                        else f"needs {CEILING_SHARE * ceiling:,.0f} req/s: {CEILING_SHARE * ceiling / ours - 1:.0%} more",
                    )
                )
        rss = result.peak_rss_mb.get("haven")
        if rss:
            found.append(
                Verdict(
                    f"Peak RSS per gunicorn worker under {RSS_LIMIT_MB} MB",
                    size,
                    f"{rss:.0f} MB",
                    rss < RSS_LIMIT_MB,
                    "" if rss < RSS_LIMIT_MB else f"{rss - RSS_LIMIT_MB:.0f} MB over",
                )
            )
    if largest is None:
        return found
    size = SIZE_NAMES[largest.size]
    seed = largest.haven_db
    cores = os.cpu_count() or 1
    idle = (
        f"; it used {seed.seed_cpu:,.0f} CPU-seconds, about {seed.seed_cpu / cores:,.0f} s on {cores} idle cores"
        if seed.seed_cpu
        else ""
    )
    found.append(
        Verdict(
            f"`seed_demo --scale {seed.threads}` under {SEED_LIMIT_SECONDS / 60:.0f} minutes",
            size,
            f"{seed.seed_seconds:,.0f} s (load average {_fmt(seed.seed_load)}){idle}",
            seed.seed_seconds < SEED_LIMIT_SECONDS,
            ""
            if seed.seed_seconds < SEED_LIMIT_SECONDS
            else f"{seed.seed_seconds - SEED_LIMIT_SECONDS:,.0f} s over",
        )
    )
    for page in largest.pages:
        if page.key not in LIST_AND_THREAD_PAGES:
            continue
        p99 = largest.median("haven", page.key, page.role, "p99_ms")
        if p99 is not None:
            found.append(
                Verdict(
                    f"{page.label} ({page.role}): p99 under {P99_LIMIT_MS} ms",
                    size,
                    _fmt(p99, 0, " ms"),
                    p99 < P99_LIMIT_MS,
                    "" if p99 < P99_LIMIT_MS else _over(p99, P99_LIMIT_MS),
                )
            )
    for key in ("search_common", "search_rare"):
        p95 = largest.median("haven", key, "member", "p95_ms")
        if p95 is not None:
            found.append(
                Verdict(
                    f"{_label(largest, key)}: p95 under {SEARCH_P95_LIMIT_MS} ms",
                    size,
                    _fmt(p95, 0, " ms"),
                    p95 < SEARCH_P95_LIMIT_MS,
                    "" if p95 < SEARCH_P95_LIMIT_MS else _over(p95, SEARCH_P95_LIMIT_MS),
                )
            )
    for deep, first in (
        ("category_middle", "category_1"),
        ("category_deep", "category_1"),
        ("latest_deep", "latest_1"),
    ):
        deep_rps = largest.median("haven", deep, "member", "rps")
        first_rps = largest.median("haven", first, "member", "rps")
        if deep_rps and first_rps:
            share = deep_rps / first_rps
            found.append(
                Verdict(
                    f"{_label(largest, deep)} as fast as page 1 (within {1 - DEEP_PAGE_SHARE:.0%})",
                    size,
                    f"{share:.0%} of page 1's req/s ({deep_rps:,.0f} vs {first_rps:,.0f})",
                    share >= DEEP_PAGE_SHARE,
                    "" if share >= DEEP_PAGE_SHARE else f"{1 - share:.0%} slower",
                )
            )
    return found


def _over(value: float, limit: float) -> str:
    if value == float("inf"):
        return f"more than {wrk.TIMEOUT_SECONDS} s: requests timed out"
    return f"{value - limit:,.0f} ms over ({value / limit:.1f}x the limit)"


def _label(result, key: str) -> str:
    return next((page.label for page in result.pages if page.key == key), key)


def text_targets(results) -> str:
    lines = ["Targets (logged-in member unless stated):"]
    for verdict in verdicts(results):
        mark = "met   " if verdict.met else "MISSED"
        gap = f"  ({verdict.gap})" if verdict.gap else ""
        lines.append(f"  {mark} {verdict.size:<10} {verdict.target}: {verdict.measured}{gap}")
    return "\n".join(lines)


# --- docs/performance.md --------------------------------------------------------------------------


def _markdown_table(headers, body) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(lines)


def markdown(results, machine: dict, args) -> str:
    from bench.analysis import HOW_MEASURED, what_would_close, worker_choice

    sizes = ",".join(result.size for result in results)
    command = (
        f".venv/bin/python -m bench.run --sizes {sizes} --seconds {args.seconds} "
        f"--concurrency {args.concurrency} --rounds {args.rounds}"
        + (
            " --no-spirit"
            if args.no_spirit
            else f" --spirit-sizes {args.spirit_sizes} --spirit-search-sizes {args.spirit_search_sizes}"
        )
        + f" --anonymous-sizes {args.anonymous_sizes or chr(34) * 2} --report docs/performance.md"
    )
    load_start, load_end = machine["load_start"], machine.get("load_end") or os.getloadavg()
    parts = [
        "# Performance",
        "",
        "Generated by `bench/run.py`; regenerate with:",
        "",
        f"    {command}",
        "",
        f"Run on {machine['date']}, taking {machine.get('elapsed_minutes', 0):.0f} minutes.",
        "",
        "## Machine",
        "",
        _markdown_table(
            ["", ""],
            [
                ["CPU", f"{machine['cpu']}, {machine['cores']} cores"],
                ["RAM", f"{machine['ram_gb']:.0f} GB"],
                [
                    "PostgreSQL",
                    f"{machine['postgres']} ({machine['postgres_where']}; {machine['postgres_settings']})",
                ],
                [
                    "Python / Django",
                    f"{machine['python']} / {machine['django']} (Spirit: Django 5.2, its newest supported)",
                ],
                ["gunicorn", f"{machine['gunicorn']}, sync workers x {machine['workers']} (both forums)"],
                ["Load generator", f"{machine['wrk']}, 2 threads, {args.concurrency} connections, 127.0.0.1"],
                [
                    "Load average (1, 5, 15 min)",
                    f"{_load(load_start)} at the start, {_load(load_end)} at the end",
                ],
            ],
        ),
        "",
        worker_choice(results, machine),
        "",
        "## How it is measured",
        "",
        HOW_MEASURED.format(seconds=args.seconds, concurrency=args.concurrency, rounds=args.rounds),
        "",
        "## Seeding",
        "",
        _markdown_table(
            [
                "Size",
                "Haven posts",
                "`seed_demo --scale` time",
                "CPU-seconds used",
                "Load average then",
                "Spirit comments",
                "Spirit seed",
                "Spirit search index",
            ],
            [
                [
                    SIZE_NAMES[result.size],
                    f"{result.haven_db.posts:,}",
                    f"{result.haven_db.seed_seconds:.0f} s",
                    _fmt(result.haven_db.seed_cpu, 0, " s"),
                    _fmt(result.haven_db.seed_load),
                    f"{result.spirit_db.posts:,}" if result.spirit_db else "–",
                    f"{result.spirit_db.seed_seconds:.0f} s" if result.spirit_db else "–",
                    _fmt(result.spirit_db.index_seconds, 0, " s") if result.spirit_db else "–",
                ]
                for result in results
            ],
        ),
        "",
        "Seed times are from when each database was built (the harness reuses a database whose marker "
        "row matches, and `--rebuild` builds them again).",
    ]
    for result in results:
        parts += [
            "",
            f"## {SIZE_NAMES[result.size]}",
            "",
            f"Medians of {args.rounds} rounds of {args.seconds} s at {args.concurrency} connections; non-2xx "
            "counts every round (socket errors included). Load average "
            f"{_load(result.load_before)} before the runs, {_load(result.load_after)} after."
            + _speed(result),
            "",
            _markdown_table(HEADERS, rows(result)),
            "",
            _memory_line(result) + ".",
        ]
        parts += [f"{note}" for note in result.notes]
    found = verdicts(results)
    parts += [
        "",
        "## Targets",
        "",
        "Logged-in member unless stated; the p99, search and deep-page targets are checked at the "
        "largest size measured.",
        "",
        _markdown_table(
            ["Target", "Size", "Measured", "Met", "Missed by"],
            [[v.target, v.size, v.measured, "yes" if v.met else "**no**", v.gap or "–"] for v in found],
        ),
        "",
        "## What would close the gaps",
        "",
        what_would_close(results, found),
        "",
    ]
    return "\n".join(parts)


def _load(values) -> str:
    return ", ".join(f"{value:.1f}" for value in values) if values else "–"


# --- The two benchmarks in one file ---------------------------------------------------------------

MIX_START, MIX_END = "<!-- realistic-mix: bench/mix.py -->", "<!-- /realistic-mix -->"
PER_PAGE_TITLE = "## Per-page benchmark"


def _split_mix(text: str) -> tuple[str, str]:
    """(bench/mix.py's section, the rest) of docs/performance.md."""
    if MIX_START not in text:
        return "", text
    before, rest = text.split(MIX_START, 1)
    block, after = rest.split(MIX_END, 1)
    return block.strip("\n"), before + after


def _per_page_part(text: str) -> str:
    """bench/run.py's report as a section below the realistic mix, titled with its date: its
    headings one level down (unless that was done already)."""
    text = text.strip()
    if text.startswith("# Performance"):
        date = re.search(r"^Run on (.+?), taking", text, re.M)
        text = re.sub(r"^(#{2,5}) ", r"#\1 ", text.removeprefix("# Performance").strip(), flags=re.M)
        text = f"{PER_PAGE_TITLE} (bench/run.py, {date.group(1) if date else 'undated'})\n\n{text}"
    return text


def with_mix_section(existing: str, mix: str) -> str:
    """docs/performance.md with bench/mix.py's section MIX on top and bench/run.py's report below."""
    _, rest = _split_mix(existing)
    rest = rest.strip()
    if rest.startswith("# Performance") and PER_PAGE_TITLE in rest:  # a file written here before
        rest = rest.removeprefix("# Performance").strip()
    return f"# Performance\n\n{MIX_START}\n{mix.strip()}\n{MIX_END}\n\n{_per_page_part(rest)}\n"


def with_per_page_report(existing: str, per_page: str) -> str:
    """docs/performance.md with bench/run.py's new report PER_PAGE, under bench/mix.py's section."""
    mix, _ = _split_mix(existing)
    return with_mix_section(per_page, mix) if mix else per_page
