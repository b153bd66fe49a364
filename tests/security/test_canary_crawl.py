"""The canary crawl: every routed URL, requested as every role, never shows a role what it may not see.

A unique canary string is planted in each kind of protected content (a post awaiting approval, a
hidden post, a post in a hidden thread, a soft-deleted post, a moderator-redacted revision, a post
in a verified-only category, the real name behind an anonymous post, a blocked member's post, a
member's email address, a post in a circle). Then every URL the project routes (walked from the resolver by
tests/routes.py, its parameters filled from the seeded objects) is requested as each role, as a
page, as the JSON the scripts ask for, and as an empty form POST. The crawl fails if a canary
appears where its role may not see it, if a moderator-only or staff-only page answers 200 to
someone else, or if a member page answers 200 to a visitor. A new URL is covered the day it is
routed: if its parameters can't be filled the crawl fails and says which.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from checkins import services as checkin_services
from conversations import services as conversation_services
from conversations.models import ConversationReport
from forum import services
from forum.models import Category, Post, Thread
from forum.notifications import unsubscribe_token
from moderation import peer_services
from moderation import services as moderation_services
from moderation.models import FlagReason
from orgs import provisioning
from orgs import services as org_services
from orgs.models import CircleMembership, Organisation
from tests.checkins import harbour_scale
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    ModeratorFactory,
    ReferralEntryFactory,
    ResourcePageFactory,
    SettledMemberFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
    give_totp,
    link_identity_provider,
    link_saml_identity_provider,
    make_peer_supporter,
)
from tests.idp.provider import CLIENTS
from tests.idp.saml import unanswering_saml_provider
from tests.routes import all_routes

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "member", "author", "suspended", "moderator_without_2fa", "moderator", "staff", "circle_member",
    "peer_supporter",
]  # fmt: skip
MODERATOR = {"moderator"}
EVERY_READER = set(ROLES) - {"anonymous"}

# Which roles may see each canary. Staff are the operators: with two-factor authentication the
# admin shows them every row (emails in the member list included), so they may see every canary.
MAY_SEE = {
    "pending": {"author", "staff"} | MODERATOR,
    "hidden": {"author", "staff"} | MODERATOR,
    "hidden_thread": {"staff"} | MODERATOR,
    "deleted": {"author", "staff"} | MODERATOR,
    "redacted": {"author", "staff"} | MODERATOR,
    "verified_only": {"staff"} | MODERATOR,
    "anonymous_name": {"staff"},
    # The member blocked its author: they see the post only collapsed, behind "a member you blocked".
    "blocked": EVERY_READER,
    "email": {"staff"},
    # A post in a circle (and its thread's title, its category's name): the circle's members only.
    # Site moderators are not the circle's moderators, so they never see it.
    "circle": {"circle_member", "staff"},
    # A private check-in's note: its member only. Not staff either: the admin doesn't show check-ins.
    "checkin": {"author"},
    # Private messages: the two members of a conversation only (the author and a member no role
    # here is). Nobody else, moderators and staff included, until one of them reports it; after a
    # report, moderators read the messages up to it; a crisis match shows moderators that message only.
    "message": {"author"},
    "reported_message": {"author", "moderator"},
    "crisis_message": {"author", "moderator"},
    "crisis_context": {"author"},
    # A resource page still in draft: staff only. A referral entry of the circle's organisation:
    # that organisation's people (here the circle member) only.
    "resource_draft": {"staff"},
    "organisation_referral": {"circle_member", "staff"},
}
CANARY = {kind: f"canary{index}x{kind.replace('_', '')}q" for index, kind in enumerate(MAY_SEE)}

# Pages a visitor who is not signed in may open.
PUBLIC = {
    "forum:home", "forum:guidelines", "forum:accessibility", "forum:shortcuts", "forum:crisis", "forum:unsubscribe", "healthz", "accounts:privacy",
    "resources:list", "resources:page",
    "account_login", "account_signup", "account_reset_password", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done", "account_email_verification_sent",
    "account_confirm_email", "account_inactive", "account_login_code_confirm", "account_request_login_code",
    "account_logout", "mfa_authenticate",
    # Sign-in through an organisation's identity provider: the page that continues to it, its
    # callback and allauth's pages after it.
    "openid_connect_login", "openid_connect_callback", "socialaccount_signup", "socialaccount_login_cancelled",
    "socialaccount_login_error",
    # The same through a SAML 2.0 provider: the page that continues to it, the assertion consumer
    # service and its finish, single logout, and Haven's metadata for the provider's operator.
    "saml_login", "saml_acs", "saml_finish_acs", "saml_sls", "saml_metadata",
}  # fmt: skip
# Moderation pages members use for themselves; every other moderation page is for moderators.
MEMBERS_OWN_MODERATION_PAGES = {"moderation:flag", "moderation:appeal_post", "moderation:my_suspension"}
# Peer support's pages are for peer supporters and moderators, except a thread author's "Ask for a peer".
PEER_SUPPORT_ROLES = {"peer_supporter", "moderator"}
MEMBERS_OWN_PEER_PAGES = {"peers:ask"}
# Signing out on an empty POST would make the rest of the crawl anonymous; it is requested by GET.
NOT_POSTED = {"account_logout"}


@dataclass
class World:
    users: dict
    params: dict = field(default_factory=dict)  # route name -> the parameter sets to request it with


def build_world(identity_provider_url: str) -> World:
    """Every kind of protected content, each carrying its canary, and the people around it; the
    circle's organisation signs in through the running test provider at IDENTITY_PROVIDER_URL."""
    category = CategoryFactory()
    closed = CategoryFactory(access=Category.Access.VERIFIED_ONLY)
    author = UserFactory()
    other = UserFactory(email=f"{CANARY['email']}@example.org")
    anonymous_author = UserFactory(display_name=CANARY["anonymous_name"])
    blocked_author = UserFactory()
    member = UserFactory()
    moderator = ModeratorFactory()
    users = {
        "member": member,
        "author": author,
        "suspended": UserFactory(),
        "moderator_without_2fa": UserFactory(is_moderator=True),
        "moderator": moderator,
        "staff": give_totp(UserFactory(is_staff=True, is_superuser=True)),
        "circle_member": UserFactory(),
        "peer_supporter": make_peer_supporter(),
    }
    moderation_services.suspend_member(users["suspended"], moderator, "Cooling off", days=3)

    thread = services.create_thread(
        author=other, category=category, title="An open thread", body="Open words"
    )
    pending = services.reply(thread=thread, author=author, body=f"Waiting {CANARY['pending']}")
    services.set_post_state(pending, Post.State.PENDING)
    hidden = services.reply(thread=thread, author=author, body=f"Hidden {CANARY['hidden']}")
    services.set_post_state(hidden, Post.State.HIDDEN, hidden_reason="Unkind")
    deleted = services.reply(thread=thread, author=author, body=f"Gone {CANARY['deleted']}")
    services.delete_post(post=deleted)
    redacted = services.reply(thread=thread, author=author, body=f"Too much detail {CANARY['redacted']}")
    services.edit_post(post=redacted, editor=moderator, body="Edited by a moderator")
    blocked = services.reply(thread=thread, author=blocked_author, body=f"Blocked {CANARY['blocked']}")
    account_services.block(member, blocked_author)
    anonymous = services.reply(thread=thread, author=anonymous_author, body="Unsigned words", anonymous=True)
    anonymous_thread = services.create_thread(
        author=anonymous_author, category=category, title="Unsigned thread", body="Unsigned", anonymous=True
    )
    hidden_thread = services.create_thread(
        author=other, category=category, title=f"Hidden thread {CANARY['hidden_thread']}", body="Opening"
    )
    hidden_thread_reply = services.reply(
        thread=hidden_thread, author=blocked_author, body=f"Reply {CANARY['hidden_thread']}"
    )
    services.set_post_state(hidden_thread.opening_post, Post.State.HIDDEN, hidden_reason="Unkind")
    closed_thread = services.create_thread(
        author=other, category=closed, title=f"Closed {CANARY['verified_only']}", body=CANARY["verified_only"]
    )
    entries = [
        moderation_services.flag_post(post, users["member"], FlagReason.HARASSMENT, "Unkind").entry
        for post in (anonymous, blocked, hidden_thread_reply)
    ]
    entries.append(moderation_services.queue_for_approval(pending))
    # Moderators acted on anonymous content: the audit log must still not name its author.
    hidden_anonymously = services.reply(thread=thread, author=anonymous_author, body="More", anonymous=True)
    moderation_services.hide_post(
        moderation_services.flag_post(hidden_anonymously, member, FlagReason.OTHER).entry, moderator, "Odd"
    )
    moderation_services.set_thread_locked(anonymous_thread, moderator, True, "Cooling off")
    appeal = moderation_services.appeal_hidden_post(hidden, author, "Please look again")
    entries.append(appeal.queue_entry)
    services.reply(thread=thread, author=member, body=f"@{author.display_name} thinking of you")
    application = account_services.apply_for_verification(
        author, role="nurse", licence_number="N123", issuing_body="NMC"
    )

    # A circle none of the other roles is in: its thread, a reply naming the author (who must not
    # hear of it), a flag on it (in no site moderator's queue), an invitation to someone else and a
    # link already used.
    circle = CircleFactory(joining="invitation")
    add_to_circle(circle, users["circle_member"])
    circle_flagger = UserFactory()
    add_to_circle(circle, circle_flagger)
    circle_admin = UserFactory()
    add_to_organisation(circle.organisation, circle_admin, role="admin")
    circle_category = CategoryFactory(name=f"Circle {CANARY['circle']}", circle=circle)
    circle_thread = services.create_thread(
        author=users["circle_member"], category=circle_category, title=f"Circle {CANARY['circle']}",
        body=f"Circle words {CANARY['circle']}",
    )  # fmt: skip
    circle_reply = services.reply(
        thread=circle_thread, author=users["circle_member"], body=f"@{author.display_name} {CANARY['circle']}"
    )
    entries.append(
        moderation_services.flag_post(circle_reply, circle_flagger, FlagReason.HARASSMENT, "x").entry
    )
    invitation = org_services.invite_member(circle, circle_admin, UserFactory())
    used_link, used_token = org_services.create_invitation_link(circle, circle_admin)
    org_services.accept_invitation(used_link, UserFactory())
    circle_membership = CircleMembership.objects.get(circle=circle, member=users["circle_member"])
    # The circle member signed in through the organisation's provider, which provisioned them by SCIM.
    provisioning.record_identity_provider_sign_in(circle.organisation, users["circle_member"], "00u-member")
    provisioned = provisioning.provision_user(
        circle.organisation, provisioning.Changes(user_name="member@trust.example", external_id="00u-member")
    )
    link_identity_provider(
        circle.organisation,
        client_id=FIXED_VALUES["provider_id"],
        secret=CLIENTS[FIXED_VALUES["provider_id"]],
        server_url=identity_provider_url,
    )
    link_saml_identity_provider(
        circle.organisation, client_id=FIXED_VALUES["organization_slug"], provider=unanswering_saml_provider()
    )

    # Private conversations between the author and a member who is none of the roles: one never
    # reported, one the author reported, and one with a crisis match in a message.
    correspondents = [SettledMemberFactory(), SettledMemberFactory(), SettledMemberFactory()]
    User.objects.filter(pk=author.pk).update(date_joined=timezone.now() - timedelta(days=30))
    author.refresh_from_db()
    private = conversation_services.send_message(author, correspondents[0], f"Private {CANARY['message']}")
    reported = conversation_services.send_message(
        correspondents[1], author, f"Unkind {CANARY['reported_message']}"
    ).message.conversation
    conversation_report = conversation_services.report_conversation(reported, author, "Please look")
    conversation_services.send_message(author, correspondents[2], f"Before {CANARY['crisis_context']}")
    conversation_services.send_message(
        author,
        correspondents[2],
        "I can't do this any more. I have the pills ready and I plan to take them all tonight. "
        + CANARY["crisis_message"],
    )
    crisis_report = ConversationReport.objects.get(kind=ConversationReport.Kind.CRISIS)
    conversations = [private.message.conversation, reported, crisis_report.conversation]
    published_page = ResourcePageFactory(title="Sleep after hard shifts")
    draft_page = ResourcePageFactory(
        title=f"Draft {CANARY['resource_draft']}", body=CANARY["resource_draft"], status="draft"
    )
    ReferralEntryFactory(name="The site's EAP")
    ReferralEntryFactory(
        name=f"Trust EAP {CANARY['organisation_referral']}", organisation=circle.organisation
    )

    # The author's private check-in, and their answers to an imported instrument.
    checkin_services.record_check_in(
        author, answers=dict.fromkeys(("work_weight", "sleep", "support", "switch_off"), 2),
        note=f"Private {CANARY['checkin']}",
    )  # fmt: skip
    instrument, _ = checkin_services.import_instrument(harbour_scale())
    checkin_services.take_instrument(author, instrument, dict.fromkeys("123456", 4))

    threads = [thread, hidden_thread, closed_thread, anonymous_thread, circle_thread]
    # Every thread started two days ago, so those without a reply wait on the peer supporters' list;
    # the anonymous author asked for a peer and a supporter has taken the thread on.
    Thread.objects.update(created_at=timezone.now() - timedelta(days=2))
    peer_services.ask_for_peer(anonymous_thread, anonymous_author)
    peer_services.claim_thread(anonymous_thread, users["peer_supporter"])
    posts = [
        pending,
        hidden,
        deleted,
        redacted,
        blocked,
        anonymous,
        hidden_thread_reply,
        closed_thread.opening_post,
    ]
    posts += [anonymous_thread.opening_post, hidden_thread.opening_post, circle_reply]
    # Not the anonymous author: their own profile names them, as it should; what must never name
    # them is a page about their anonymous posts.
    people = [other, blocked_author, author, member, users["circle_member"]]
    scim_token, _ = provisioning.create_scim_token(circle.organisation, "Entra ID", None)
    world = World(users=users)
    world.params = {
        "thread": [{"pk": t.pk, "slug": t.slug} for t in threads],
        "thread_pk": [{"pk": t.pk} for t in threads],
        "post": [{"pk": p.pk} for p in posts],
        "member": [{"pk": m.pk} for m in people],
        "entry": [{"pk": e.pk} for e in entries],
        "verification": [{"pk": application.pk}],
        "category": [{"slug": c.slug} for c in (category, closed, circle_category)],
        "circle": [{"pk": circle.pk}],
        "circle_invitation": [{"pk": invitation.pk}],
        "circle_membership": [{"pk": circle_membership.pk}],
        "circle_link": [{"token": used_token}],
        "organisation": [{"slug": circle.organisation.slug}],
        "scim_user": [{"slug": circle.organisation.slug, "scim_id": provisioned.scim_id}],
        "scim_token": [{"slug": circle.organisation.slug, "pk": scim_token.pk}],
        "notification": [{"pk": n.pk} for n in author.notifications.all()],
        "unsubscribe": [{"token": unsubscribe_token(author)}],
        "instrument": [{"slug": instrument.key}],
        "conversation": [{"pk": c.pk} for c in conversations],
        "conversation_report": [{"pk": r.pk} for r in (conversation_report, crisis_report)],
        "resource": [{"slug": published_page.slug}, {"slug": draft_page.slug}],
    }
    return world


# Which seeded objects fill a route's parameters, by the start of its route: a route with
# parameters that matches none of these fails the crawl (test_every_route_is_filled) until added.
PARAMETERS_BY_ROUTE = [
    (r"^t/<slug:slug>/<int:pk>/", "thread"),
    (r"^t/<int:pk>/", "thread_pk"),
    (r"^support/t/<int:pk>/", "thread_pk"),
    (r"^p/<int:pk>/", "post"),
    (r"^c/<slug:slug>/", "category"),
    (r"^(moderation/)?members/<int:pk>/", "member"),
    (r"^moderation/entries/<int:pk>/", "entry"),
    (r"^moderation/verifications/<int:pk>/", "verification"),
    (r"^notifications/<int:pk>/", "notification"),
    (r"^messages/new/<int:pk>/", "member"),
    (r"^messages/<int:pk>/", "conversation"),
    (r"^moderation/conversations/<int:pk>/", "conversation_report"),
    (r"^unsubscribe/<str:token>/", "unsubscribe"),
    (r"^circles/invitations/<int:pk>/", "circle_invitation"),
    (r"^circles/memberships/<int:pk>/", "circle_membership"),
    (r"^circles/<int:pk>/", "circle"),
    (r"^circles/join/<str:token>/", "circle_link"),
    (r"^organisations/<slug:slug>/scim-tokens/<int:pk>/", "scim_token"),
    (r"^organisations/<slug:slug>/", "organisation"),
    (r"^scim/v2/<slug:slug>/Users/<str:scim_id>", "scim_user"),
    (r"^scim/v2/<slug:slug>/", "organisation"),
    (r"^resources/<slug:slug>/", "resource"),
    (r"^settings/check-in/reflect/<slug:slug>/", "instrument"),
]
# allauth's and the admin's own parameters: values of the right shape that name nothing here (the
# pages answer 4xx or a form), except the admin's object id, which names a seeded post.
FIXED_VALUES = {
    "key": "x-invalid-key", "uidb36": "zz", "app_label": "forum", "object_id": "1", "id": "1",
    "content_type_id": "1", "url": "nothing-here", "provider_id": "trust-a",  # seeded in build_world
    "organization_slug": "trust-a-saml",  # seeded in build_world too
}  # fmt: skip


# Unnamed regular expressions can't be reversed: a literal URL that reaches each.
LITERAL_URLS = {"admin/(?P<url>.*)$": "/admin/nothing-here/"}


def _urls(route, world: World) -> list[str]:
    """The URLs to request ROUTE at (none if the crawl doesn't know how to fill it)."""
    if route.route in LITERAL_URLS:
        return [LITERAL_URLS[route.route]]
    return [route.url(**values) for values in _parameter_sets(route, world) or []]


def _parameter_sets(route, world: World) -> list[dict] | None:
    """The parameter sets to request ROUTE with; None if the crawl doesn't know how to fill it."""
    if not route.params:
        return [{}]
    for pattern, kind in PARAMETERS_BY_ROUTE:
        if re.match(pattern, route.route):
            return world.params[kind]
    if set(route.params) <= set(FIXED_VALUES):
        return [{name: FIXED_VALUES[name] for name in route.params}]
    return None


COLLAPSED_BLOCKED_POST = re.compile(r'<details class="collapsed-post">.*?</details>', re.S)


def _leaks(role: str, body: str) -> list[str]:
    """The canaries in BODY that ROLE may not see."""
    found = [kind for kind, canary in CANARY.items() if canary in body and role not in MAY_SEE[kind]]
    if role == "member" and CANARY["blocked"] in COLLAPSED_BLOCKED_POST.sub("", body):
        found.append("blocked (shown expanded to the member who blocked its author)")
    return found


def _opened_where_it_may_not(role: str, name: str, status: int) -> bool:
    if status != 200:
        return False
    namespace = name.split(":")[0] if ":" in name else ""
    if role == "anonymous" and name not in PUBLIC:
        return True
    if namespace == "moderation" and name not in MEMBERS_OWN_MODERATION_PAGES and role != "moderator":
        return True
    if namespace == "peers" and name not in MEMBERS_OWN_PEER_PAGES and role not in PEER_SUPPORT_ROLES:
        return True
    return namespace == "admin" and role != "staff"


def _client_for(role: str, world: World) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_every_route_is_filled():
    unknown = [
        route.route
        for route in all_routes()
        if route.params
        if not any(re.match(pattern, route.route) for pattern, _ in PARAMETERS_BY_ROUTE)
        and not set(route.params) <= set(FIXED_VALUES)
        and route.route not in LITERAL_URLS
    ]
    assert unknown == [], "Add these routes to PARAMETERS_BY_ROUTE or FIXED_VALUES"


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_what_it_may_not(role, identity_provider):
    world = build_world(identity_provider.server_url)
    client = _client_for(role, world)
    routes = all_routes()
    problems, visited = [], set()
    for method in ("get", "post"):
        for route in routes:
            if method == "post" and route.name in NOT_POSTED:
                continue
            for url in _urls(route, world):
                if method == "get":
                    response = client.get(url)
                else:
                    response = client.post(url, {}, headers={"accept": "application/json"})
                visited.add(route.route)
                body = response.content.decode(errors="replace")
                if response.status_code >= 500:
                    problems.append(f"{method.upper()} {url}: {response.status_code}")
                if leaks := _leaks(role, body):
                    problems.append(f"{method.upper()} {url} shows {', '.join(leaks)}")
                if method == "get" and _opened_where_it_may_not(role, route.name or "", response.status_code):
                    problems.append(f"GET {url} answered 200")
    assert visited == {route.route for route in routes}, "some routes were not requested"
    assert problems == [], "\n".join(problems)


def test_the_organisations_scim_client_sees_no_canary_and_no_member(identity_provider):
    """The organisation's identity provider, with its SCIM token, on every SCIM URL: nothing it
    gets back names a member (the circle member it provisioned included) or shows any canary."""
    world = build_world(identity_provider.server_url)
    organisation = Organisation.objects.get(slug=world.params["organisation"][0]["slug"])
    token = provisioning.create_scim_token(organisation, "Okta", None)[1]
    client = Client(raise_request_exception=False, headers={"authorization": f"Bearer {token}"})
    member = world.users["circle_member"]
    problems = []
    for route in all_routes():
        if not route.route.startswith("scim/"):
            continue
        for url in _urls(route, world):
            for response in (client.get(url), client.post(url, "{}", content_type="application/scim+json")):
                body = response.content.decode(errors="replace")
                if response.status_code >= 500 or response.status_code == 401:
                    problems.append(f"{url}: {response.status_code}")
                if leaks := [kind for kind, canary in CANARY.items() if canary in body]:
                    problems.append(f"{url} shows {', '.join(leaks)}")
                if member.display_name in body or member.email in body:
                    problems.append(f"{url} names the circle member")
    assert problems == [], "\n".join(problems)
