"""The WSGI application, behind one guard: a request Django can't even build answers the site's
400 page instead of gunicorn's bare 500.

Django reads the Content-Type header while it builds the request, before any middleware runs,
so a charset that is no text encoding ("base64") or a malformed header parameter
(`text/plain; a*=zz''%ff`) raised there. config/middleware.py deals with everything that can be
seen once the request exists.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.utils.http import parse_header_parameters

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()


def readable_content_type(environ: dict) -> bool:
    """Whether Django can read the request's Content-Type: its parameters parse, and a charset it
    names is a text encoding."""
    try:
        _content_type, parameters = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        if charset := parameters.get("charset"):
            "".encode(charset)
    except (LookupError, ValueError, UnicodeError):
        return False
    return True


def application(environ, start_response):
    if not readable_content_type(environ):
        from django.template.loader import render_to_string

        body = render_to_string("400.html").encode()
        start_response(
            "400 Bad Request",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
             ("Cache-Control", "no-store")],
        )  # fmt: skip
        return [body]
    return django_application(environ, start_response)
