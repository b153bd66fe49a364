"""Every routed URL, sent every kind of bad input, as a visitor, a member and a moderator: never
a 500.

The URLs come from the resolver (tests/routes.py), so a view routed tomorrow is swept tomorrow;
their parameters are filled from one seeded data set (a thread, a post, a member, a category, a
queue entry, a verification application, a notification, an unsubscribe token, allauth's keys, an
admin object). A route that can't be filled fails the sweep unless it is listed, with the reason,
in UNFILLABLE; the routes visited are counted against the routes the resolver has.

Each kind of bad input is one test, which visits every route and reports every failure at once:
a response with status 500, or an exception that escaped Django's handler altogether (what
gunicorn would answer with its bare error page). Requests are sent as a browser sends them, with
the CSRF check on and a valid token in each form, so the bad input reaches the views.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import User
from checkins import services as checkin_services
from conversations import services as conversation_services
from forum import services
from forum.models import Post
from forum.notifications import notify_moderation, unsubscribe_token
from moderation import services as moderation_services
from moderation.models import FlagReason
from orgs import provisioning
from orgs import services as org_services
from tests.checkins import harbour_scale
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    ModeratorFactory,
    ResourcePageFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
    link_identity_provider,
    link_saml_identity_provider,
    make_thread,
)
from tests.idp.provider import CLIENTS
from tests.idp.saml import unanswering_saml_provider
from tests.routes import Route, all_routes

pytestmark = pytest.mark.django_db

# Routes the sweep can't fill, by route, with the reason. None today: any route that can't be
# filled fails the sweep until it is filled or listed here.
UNFILLABLE: dict[str, str] = {}
# Unnamed regular expressions can't be built from parameters (nothing to reverse them by): a URL
# that reaches each.
LITERAL_URLS = {"admin/(?P<url>.*)$": "/admin/no-such-page/"}  # the admin's catch-all

HUGE = 99999999999999999999  # far past PostgreSQL's bigint
CSRF_TOKEN = "a" * 32  # a CSRF secret, sent unmasked in forms as Django accepts
# Moderators too, for the moderation pages' own forms and filters. (Staff only add the admin, which
# is Django's own; tests/security/test_canary_crawl.py requests it as staff.)
ROLES = ("anonymous", "member", "moderator")
# Parameters that carry an object's id whatever their converter (the admin's are paths and str).
ID_PARAMETERS = {"pk", "object_id", "id", "content_type_id"}


@dataclass
class World:
    users: dict[str, object]  # who the sweep signs in as, by role
    values: dict[str, object]  # by parameter name, for every route
    by_prefix: list[tuple[str, dict]]  # for routes starting so: what their parameters name (a "pk"…)
    by_name: dict[str, dict]  # for one route
    routes: list[Route] = field(default_factory=all_routes)

    def values_for(self, route: Route) -> dict[str, object]:
        prefixed = next((values for prefix, values in self.by_prefix if route.route.startswith(prefix)), {})
        return {**self.values, **prefixed, **self.by_name.get(route.name, {})}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory, identity_provider) -> Iterator[World]:
    """One data set for the whole sweep, rolled back at the end (each test's own changes are rolled
    back after it, as usual)."""
    uploads = tmp_path_factory.mktemp("uploads")
    with (
        django_db_blocker.unblock(),
        override_settings(HAVEN_PRIVATE_UPLOADS_DIR=uploads),
        transaction.atomic(),
    ):
        yield _seed(identity_provider.server_url)
        transaction.set_rollback(True)


def _seed(identity_provider_url: str) -> World:
    """IDENTITY_PROVIDER_URL: the running test provider's (tests/idp), so that its sign-in routes
    reach a provider that answers, as they would in production."""
    member = UserFactory()
    someone = UserFactory()
    category = CategoryFactory()
    thread = make_thread(author=someone, category=category)
    post = services.reply(thread=thread, author=member, body="What helped me was supervision.")
    services.edit_post(post=post, editor=member, body="What helped me most was supervision.")
    flagged = services.reply(thread=thread, author=someone, body="A reply someone worried about")
    entry = moderation_services.flag_post(flagged, UserFactory(), FlagReason.SPAM, "").entry
    application = accounts_services.apply_for_verification(
        someone,
        role="nurse",
        licence_number="12A3456E",
        issuing_body="Nursing and Midwifery Council",
        document=SimpleUploadedFile("card.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    circle = CircleFactory()
    add_to_organisation(circle.organisation, member, role="admin")
    circle_membership = add_to_circle(circle, someone)
    invitation = org_services.invite_member(circle, member, UserFactory())
    provisioned = provisioning.provision_user(
        circle.organisation, provisioning.Changes(user_name="a@trust.example")
    )
    link_identity_provider(
        circle.organisation, client_id="trust-a", secret=CLIENTS["trust-a"], server_url=identity_provider_url
    )
    # SAML: Haven never calls the provider's server (the browser carries every message), so the
    # provider need not be running; the sweep's answers are posted to the ACS as they come.
    link_saml_identity_provider(
        circle.organisation, client_id="trust-a-saml", provider=unanswering_saml_provider()
    )
    User.objects.filter(pk__in=[member.pk, someone.pk]).update(
        date_joined=timezone.now() - timedelta(days=30)
    )
    member.refresh_from_db()
    someone.refresh_from_db()
    conversation = conversation_services.send_message(member, someone, "A private word").message.conversation
    conversation_report = conversation_services.report_conversation(conversation, member, "")
    newcomer = UserFactory(verified_email=False)
    unconfirmed = EmailAddress.objects.create(user=newcomer, email=newcomer.email, primary=True)
    values = {
        "slug": category.slug,
        "token": unsubscribe_token(member),
        "key": EmailConfirmationHMAC(unconfirmed).key,
        "uidb36": user_pk_to_url_str(member),
        "app_label": "forum",
        "object_id": post.pk,
        "id": member.pk,
        "content_type_id": ContentType.objects.get_for_model(Post).pk,
        "provider_id": "trust-a",
        "organization_slug": "trust-a-saml",
    }
    scim_token, _ = provisioning.create_scim_token(circle.organisation, "Entra ID", None)
    # No "pk" above: what it names depends on the route, and a route with a pk none of these
    # prefixes claims is reported as unfilled.
    by_prefix = [
        ("t/", {"pk": thread.pk, "slug": thread.slug}),
        ("support/t/", {"pk": thread.pk}),
        ("p/", {"pk": post.pk}),
        ("members/", {"pk": someone.pk}),
        ("moderation/members/", {"pk": someone.pk}),
        ("moderation/entries/", {"pk": entry.pk}),
        ("moderation/conversations/", {"pk": conversation_report.pk}),
        ("messages/new/", {"pk": someone.pk}),
        ("messages/", {"pk": conversation.pk}),
        ("moderation/verifications/", {"pk": application.pk}),
        ("notifications/", {"pk": notify_moderation(member, "A note from the moderators").pk}),
        ("circles/invitations/", {"pk": invitation.pk}),
        ("circles/memberships/", {"pk": circle_membership.pk}),
        ("circles/", {"pk": circle.pk}),
        ("resources/", {"slug": ResourcePageFactory().slug}),
        ("settings/check-in/reflect/", {"slug": checkin_services.import_instrument(harbour_scale())[0].key}),
        # SCIM answers a session with 401 before reading any input; tests/orgs/test_scim_protocol.py
        # sends it bad input with the organisation's token.
        ("scim/", {"slug": circle.organisation.slug, "scim_id": provisioned.scim_id}),
        ("organisations/", {"slug": circle.organisation.slug, "pk": scim_token.pk}),
    ]
    by_name = {"account_reset_password_from_key": {"key": default_token_generator.make_token(member)}}
    users = {
        "member": member,
        "moderator": ModeratorFactory(),
    }
    return World(users=users, values=values, by_prefix=by_prefix, by_name=by_name)


# --- The kinds of bad input ---------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    data: bytes | str = b""
    content_type: str = "application/octet-stream"
    extra: dict = field(default_factory=dict)


def _form(fields: str) -> str:
    return f"csrfmiddlewaretoken={CSRF_TOKEN}&{fields}"


FORM = "application/x-www-form-urlencoded"
MULTIPART_IN_BASE64 = "multipart/form-data; boundary=x; charset=base64"
MULTIPART_BODY = b"--x\r\nContent-Disposition: form-data; name=body\r\n\r\nhello\r\n--x--\r\n"
FIELDS = ("body", "title", "q", "reason", "message", "display_name", "category", "kind", "parent")


def _every_field(value: str) -> str:
    return "&".join(f"{name}={value}" for name in FIELDS)


def _request(url: str, route: Route, values: dict) -> list[Request]:
    """The plain request, as the role's browser would send it (the control)."""
    return [Request("GET", url)]


def _nul_in_the_query(url, route, values):
    return [Request("GET", f"{url}?q=%00&page=%00&category=%00")]


def _invalid_utf8_in_the_query(url, route, values):
    return [
        Request("GET", f"{url}?q=%ff%fe&page=%c3&category=caf%e9"),
        Request("GET", url, extra={"QUERY_STRING": "q=\xff\xfe&page=\xc3"}),  # raw bytes, undecoded
    ]


def _odd_page_numbers(url, route, values):
    return [Request("GET", f"{url}?page={page}") for page in ("-1", str(HUGE), "abc")]


def _nul_in_a_form_field(url, route, values):
    return [Request("POST", url, _form(_every_field("nul%00byte")), FORM)]


def _invalid_utf8_in_the_body(url, route, values):
    return [
        Request("POST", url, _form(_every_field("%ff%fe%fd")).encode(), FORM),
        Request("POST", url, _form(_every_field("caf")).encode().replace(b"caf", b"caf\xe9"), FORM),
    ]


def _a_form_declared_as_utf16(url, route, values):
    return [Request("POST", url, _form(_every_field("hello")), f"{FORM}; charset=utf-16")]


def _a_form_in_a_charset_with_no_text_codec(url, route, values):
    return [Request("POST", url, MULTIPART_BODY, MULTIPART_IN_BASE64)]


def _a_body_over_the_limit(url, route, values):
    limit = settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES if route.name == "accounts:verification" else 0
    size = max(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + 128 * 1024
    return [Request("POST", url, _form("body=" + "x" * size), FORM)]


def _an_unknown_method(url, route, values):
    return [Request("BREW", url)]


def _nul_in_the_session_cookie(url, route, values):
    return [
        Request("GET", url, extra={"HTTP_COOKIE": f'sessionid="abcdefgh\\000ijkl"; csrftoken={CSRF_TOKEN}'})
    ]


def _nul_in_the_path(url, route, values):
    text = [name for name, converter in route.params.items() if converter in ("str", "path")]
    if text:  # through a parameter that takes any character, so the view is reached
        return [Request("GET", route.url(**{**values, **dict.fromkeys(text, "x\x00y")}))]
    return [Request("GET", url + "%00"), Request("GET", url + "%00/")]


def _a_huge_id_in_the_path(url, route, values):
    ids = [name for name, converter in route.params.items() if converter == "int" or name in ID_PARAMETERS]
    return [Request("GET", route.url(**{**values, **dict.fromkeys(ids, HUGE)}))]


def _takes_an_id(route: Route) -> bool:
    return any(converter == "int" or name in ID_PARAMETERS for name, converter in route.params.items())


@dataclass(frozen=True)
class BadInput:
    requests: Callable[[str, Route, dict], list[Request]]
    applies_to: Callable[[Route], bool] = lambda route: True


BAD_INPUT = {
    "nothing odd (the control)": BadInput(_request),
    "NUL in the query string": BadInput(_nul_in_the_query),
    "invalid UTF-8 in the query string": BadInput(_invalid_utf8_in_the_query),
    "odd page numbers": BadInput(_odd_page_numbers),
    "NUL in a form field": BadInput(_nul_in_a_form_field),
    "invalid UTF-8 in the body": BadInput(_invalid_utf8_in_the_body),
    "a form declared as UTF-16": BadInput(_a_form_declared_as_utf16),
    "a form in a charset with no text codec": BadInput(_a_form_in_a_charset_with_no_text_codec),
    "a body over the limit": BadInput(_a_body_over_the_limit),
    "an unknown method": BadInput(_an_unknown_method),
    "NUL in the session cookie": BadInput(_nul_in_the_session_cookie),
    "NUL in the path": BadInput(_nul_in_the_path),
    "a huge id in the path": BadInput(_a_huge_id_in_the_path, applies_to=_takes_an_id),
}


# --- The sweep ----------------------------------------------------------------------------------


def _swept(world: World) -> list[Route]:
    """Every route but the documented ones."""
    return [route for route in world.routes if route.route not in UNFILLABLE]


def _url(world: World, route: Route) -> str:
    """ROUTE's URL with the seeded values; ValueError if they can't fill it."""
    return LITERAL_URLS.get(route.route) or route.url(**world.values_for(route))


def _client(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_TOKEN
    _sign_in_again_if_signed_out(client, world, role)
    return client


def _sign_in_again_if_signed_out(client: Client, world: World, role: str) -> None:
    """The role's visitor signs in, or in again after a request signed them out (a bad form sent
    to the logout page is still a logout)."""
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if role in world.users and (session is None or not session.value):
        client.force_login(world.users[role])


def _send(client: Client, request: Request):
    return client.generic(
        request.method, request.path, request.data, content_type=request.content_type, **request.extra
    )


def test_every_route_is_filled_but_the_documented_ones(world):
    unfilled = {
        route.route: reason
        for route in world.routes
        if route.route not in LITERAL_URLS and (reason := route.unfillable_because(world.values_for(route)))
    }
    assert unfilled == UNFILLABLE, "Fill these routes in _seed, or document why they can't be"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", BAD_INPUT)
def test_bad_input_never_gets_a_500(world, kind, role):
    bad_input = BAD_INPUT[kind]
    failures, visited = [], 0
    client = _client(world, role)
    for route in _swept(world):
        if not bad_input.applies_to(route):
            continue
        try:
            url = _url(world, route)
        except ValueError as error:
            failures.append(str(error))
            continue
        values = world.values_for(route)
        _sign_in_again_if_signed_out(client, world, role)
        for request in bad_input.requests(url, route, values):
            try:
                response = _send(client, request)
            except Exception as error:  # escaped Django's handler: gunicorn's bare 500 page
                failures.append(f"{request.method} {request.path!r}: raised {error!r}")
                continue
            if response.status_code >= 500:
                failures.append(f"{request.method} {request.path!r}: {response.status_code}")
            elif response.status_code in (400, 413) and "Back to Haven" not in response.content.decode():
                failures.append(
                    f"{request.method} {request.path!r}: {response.status_code} without the site's page"
                )
        visited += 1
    routed = [route for route in world.routes if bad_input.applies_to(route)]
    documented = [route for route in routed if route.route in UNFILLABLE]
    assert visited == len(routed) - len(documented) > 0
    assert failures == [], f"{kind} as {role}:\n" + "\n".join(failures)


def test_the_sweep_reaches_the_views_with_its_bad_input(world):
    """The control: plain requests succeed where a member may go, so 4xx answers to the bad input
    are the bad input's doing, not a CSRF failure or a missing login."""
    client = _client(world, "member")
    thread, reply = (
        next(route for route in world.routes if route.name == name)
        for name in ("forum:thread", "forum:reply")
    )
    assert _send(client, Request("GET", _url(world, thread))).status_code == 200
    assert _send(client, Request("POST", _url(world, reply), _form("body=Hi"), FORM)).status_code == 302


def test_routes_come_from_every_include_with_their_converters():
    routes = {route.name: route for route in all_routes() if route.name}
    assert routes["forum:thread"].params == {"slug": "slug", "pk": "int"}
    assert routes["account_reset_password_from_key"].params == {"uidb36": "regex", "key": "regex"}
    assert routes["admin:forum_post_change"].url(object_id=5, pk=7) == "/admin/forum/post/5/change/"
    bare = next(route for route in all_routes() if route.route == "admin/forum/post/<path:object_id>/")
    assert bare.name is None and bare.url(object_id="a b") == "/admin/forum/post/a%20b/"
