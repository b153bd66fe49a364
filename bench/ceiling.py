"""The benchmark's ceiling: a page of fixed HTML, as large as a thread page, through the whole
middleware stack (sessions, authentication, CSRF, security headers) and nothing else.

bench/run.py measures it beside the real pages, so "our/ceiling" says how much of the budget the
views, queries and templates take. It is routed only when HAVEN_BENCH_CEILING=1 (config/urls.py),
never in a normal run; HAVEN_BENCH_CEILING_BYTES sets its size.
"""

import os

from django.http import HttpResponse

FILLER = "<p>Some weeks the stories follow me home; supervision helps me put them down.</p>\n"


def fixed_page(size: int) -> bytes:
    """An HTML document of exactly SIZE bytes."""
    head = b'<!doctype html>\n<html lang="en"><title>Ceiling</title><body>\n'
    tail = b"</body></html>\n"
    room = max(0, size - len(head) - len(tail))
    body = (FILLER * (room // len(FILLER) + 1)).encode()[:room]
    return head + body + tail


PAGE = fixed_page(int(os.environ.get("HAVEN_BENCH_CEILING_BYTES", "60000")))


def ceiling(request):
    return HttpResponse(PAGE)
