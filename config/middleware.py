"""Site-wide HTTP behaviour that Django does not ship: the Permissions-Policy header, a limit on
request bodies checked before they are read, the refusal of text PostgreSQL can't hold and of
forms that can't be read, no caching of members' pages, a calm 503 page (never a stack trace)
while the database is unreachable, which requests may read from a replica, the site's own 404
page with DEBUG on, and asking for consent when the privacy notice changes."""

import time
from collections.abc import Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest, MiddlewareNotUsed, SuspiciousOperation
from django.db import InterfaceError, OperationalError, router
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.defaults import page_not_found

from accounts import consent
from config import db_router, views

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


# Why a query string or form can't be read: a form declared in a charset other than UTF-8
# (BadRequest), too many fields or files (SuspiciousOperation), a malformed multipart body, or a
# declared charset Python has no text codec for, such as "base64" (LookupError, UnicodeError).
UNREADABLE = (BadRequest, SuspiciousOperation, MultiPartParserError, LookupError, UnicodeError)


def refuse_nul_bytes_and_unreadable_forms(get_response):
    """Answer the 400 page to a request with a NUL character in its path, a query parameter, a
    form field or a cookie, and to one whose query string or form can't be read. (Django takes
    unprintable characters out of uploads' names itself.)

    PostgreSQL can store no text with a NUL in it, so such a value failed (with a 500) inside the
    first query that used it; this is the one place it is refused, for every view and form.
    Reading the form here, after RequestBodyLimitMiddleware, also means no later code can fail on
    it: Django's CSRF check and its error handlers (through requires_csrf_token) read the form
    again, and a form declared as UTF-16 raised BadRequest in the 400 and 500 handlers too, ending
    in gunicorn's bare error page. Once the form has been read here, they get the parsed copy.
    """

    def middleware(request):
        try:
            refused = any("\x00" in text for text in _texts(request))
        except UNREADABLE:
            refused = True
        if refused:
            return views.bad_request(request)
        return get_response(request)

    return middleware


def _texts(request) -> Iterator[str]:
    """Every piece of text in REQUEST that the site might store or query with."""
    yield request.path_info
    for values in (request.GET, request.POST):
        for key, items in values.lists():
            yield key
            yield from items
    for key, value in request.COOKIES.items():
        yield key
        yield value


class RequestBodyLimitMiddleware:
    """Refuse a request body over the site's limit with the 413 page before anything reads it.

    Django applies DATA_UPLOAD_MAX_MEMORY_SIZE only as it reads a form, and never to the files of
    a multipart body, so an anonymous 100 MB upload used to be read in full (by the CSRF check)
    before it was refused. Here the declared Content-Length is compared with the limit: 1 MB
    (DATA_UPLOAD_MAX_MEMORY_SIZE) for every request but the verification upload, which takes a
    document of up to HAVEN_VERIFICATION_MAX_UPLOAD_BYTES and the rest of its form.

    A chunked body without a Content-Length is refused too (411): Django reads a body only up to
    its declared length, so it would otherwise be taken for an empty one. gunicorn has no body
    limit of its own; the proxy in front caps bodies as well (README, "Security and operations").
    """

    # The verification form's other fields and the multipart framing around its document.
    VERIFICATION_FORM_ALLOWANCE = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            return views.bad_request(request, status=411)
        try:
            length = int(declared or 0)
        except ValueError:  # Django reads nothing of a body whose length it can't parse
            length = 0
        limit = self.limit(request)
        if limit is not None and length > limit:
            return views.request_too_large(request)
        return self.get_response(request)

    def limit(self, request) -> int | None:
        if request.path_info == self.verification_path:
            return settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES + self.VERIFICATION_FORM_ALLOWANCE
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    @cached_property
    def verification_path(self) -> str:
        return reverse("accounts:verification")  # on first use: the URLconf may not be loaded before


def private_to_members(get_response):
    """Keep every response to a signed-in member out of browser and proxy caches (on a shared
    clinic computer the next person could read a page from the cache or with the Back button),
    the data export included. A value a view chose itself (never_cache, stricter) is kept.

    It sits after authentication in MIDDLEWARE, so static files, which whitenoise answers before
    that with their long caching, never reach it.
    """

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """Answer 503 with the maintenance page when PostgreSQL can't be reached.

    Connections are health-checked before reuse (CONN_HEALTH_CHECKS), so once the database is
    back the next request simply reconnects: no gunicorn restart is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            # Raised before a view runs (sessions, authentication), so process_exception never saw it.
            return self.unavailable()

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return self.unavailable()
        return None

    @staticmethod
    def unavailable():
        # The page is rendered without a request: no context processor may touch the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class ReplicaReadsMiddleware:
    """Let GET and HEAD requests read from the replica (config/db_router.py), except for a visitor
    who wrote in the last HAVEN_REPLICA_STICKY_SECONDS: their reads stay on the primary, so the
    page after a reply shows the reply even if the replica is a moment behind.

    The moment is remembered in a cookie rather than the session, so that marking it never costs
    a session write. Forging the cookie only moves one's own reads to the primary.
    """

    COOKIE = "haven_primary_until"
    READ_ONLY_METHODS = {"GET", "HEAD"}

    def __init__(self, get_response):
        if not any(isinstance(r, db_router.PrimaryReplicaRouter) for r in router.routers):
            raise MiddlewareNotUsed("No read replica (DATABASE_REPLICA_URL) is configured.")
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in self.READ_ONLY_METHODS
        replica_allowed = not writes and not self.wrote_recently(request)
        with db_router.request_routing(replica_allowed=replica_allowed) as routing:
            response = self.get_response(request)
        if writes or routing.wrote:
            sticky = settings.HAVEN_REPLICA_STICKY_SECONDS
            response.set_cookie(
                self.COOKIE,
                str(int(time.time()) + sticky),
                max_age=sticky,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def wrote_recently(self, request) -> bool:
        try:
            until = int(request.COOKIES.get(self.COOKIE, ""))
        except ValueError:
            return False
        now = time.time()
        return now < until <= now + settings.HAVEN_REPLICA_STICKY_SECONDS + 1


class Debug404PageMiddleware:
    """With DEBUG on, answer "not found" with the site's 404 page (templates/404.html), as production
    does, instead of Django's technical page, which lists every URL pattern: `./haven run` then
    shows what members see. Server errors keep Django's technical page in DEBUG. Last in
    MIDDLEWARE, so the page is rendered for the signed-in member, header and all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No resolver match: no URL pattern matched, and Django answered before any view ran.
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class ConsentMiddleware:
    """Before any page, a signed-in member whose consent to processing health information does
    not cover the current privacy notice is asked for it (accounts/consent.py). Only page views
    are sent there: a form already on its way (a reply being posted) is never lost to the
    question. The pages a member needs to decide, or to leave, stay open: the notice, the
    question itself, the crisis resources, the guidelines, the data export and account deletion
    (with the password check it asks for), and logging out."""

    OPEN = frozenset(
        {
            "accounts:consent", "accounts:privacy", "accounts:delete_account", "accounts:export",
            "forum:crisis", "forum:guidelines", "account_logout", "account_reauthenticate",
            "mfa_reauthenticate", "healthz",
        }
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not consent.needs_consent(request.user):
            return None
        if request.resolver_match and request.resolver_match.view_name in self.OPEN:
            return None
        return HttpResponseRedirect(
            f"{reverse('accounts:consent')}?{urlencode({'next': request.get_full_path()})}"
        )
