"""The benchmark's references: what a page could cost at best.

- The ceiling: a page of fixed HTML, as large as a thread page, through the whole middleware stack
  (sessions, authentication, CSRF, security headers) and nothing else.
- The frame: the same fixed HTML inside the site's layout (base.html: the header with the member's
  name and unread count, notices, footer), rendered for the member who asks. It is the least any
  real page does for a logged-in member: load their session, then render the layout.

bench/run.py measures both beside the real pages, so "our/ceiling" says how much of the budget the
views, queries and templates take. They are routed only by bench/urls.py (a benchmark server's
settings, bench/settings.py), never in a normal run; HAVEN_BENCH_CEILING_BYTES sets the size.
"""

import os

from django.http import HttpResponse
from django.template import engines
from django.utils.safestring import mark_safe

FILLER = "<p>Some weeks the stories follow me home; supervision helps me put them down.</p>\n"
# About what base.html adds around a page's content for a member.
FRAME_BYTES = 3_000


def filler(size: int) -> str:
    return (FILLER * (size // len(FILLER) + 1))[:size]


def fixed_page(size: int) -> bytes:
    """An HTML document of exactly SIZE bytes."""
    head = b'<!doctype html>\n<html lang="en"><title>Ceiling</title><body>\n'
    tail = b"</body></html>\n"
    return head + filler(max(0, size - len(head) - len(tail))).encode() + tail


SIZE = int(os.environ.get("HAVEN_BENCH_CEILING_BYTES", "60000"))
PAGE = fixed_page(SIZE)
FRAME_CONTENT = mark_safe(filler(max(0, SIZE - FRAME_BYTES)))  # noqa: S308 - our own constant
FRAME = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Frame{% endblock %}{% block content %}{{ content }}{% endblock %}'
)


def ceiling(request):
    return HttpResponse(PAGE)


def frame(request):
    return HttpResponse(FRAME.render({"content": FRAME_CONTENT}, request))
