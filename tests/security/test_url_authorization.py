"""Every URL pattern of the project, for every kind of visitor, against one table.

The test resolves every pattern (the admin's as a group), fills in real object ids (someone
else's post, bookmark, notification: IDOR attempts included) and compares what happens with
EXPECTED. A new view with no rule in the table fails `test_every_url_has_a_rule`.

Outcomes: "ok" (rendered, or redirected somewhere other than a login/MFA/password prompt),
"login" (sent to log in), "mfa" (sent to set up two-factor), "reauth" (asked for the password
again), or an HTTP status (403, 404).
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import User
from checkins import services as checkin_services
from conversations import services as conversation_services
from forum import services
from forum.notifications import notify_moderation
from moderation import services as moderation_services
from moderation.models import FlagReason
from orgs import provisioning
from orgs import services as org_services
from tests.checkins import harbour_scale
from tests.factories import (
    CategoryFactory,
    CircleFactory,
    ModeratorFactory,
    OrganisationFactory,
    ResourcePageFactory,
    UserFactory,
    add_to_circle,
    add_to_organisation,
    give_totp,
    link_identity_provider,
    link_saml_identity_provider,
    make_peer_supporter,
    make_thread,
)
from tests.idp.provider import unanswering_server_url
from tests.idp.saml import unanswering_saml_provider

ROLES = ("anonymous", "member", "new_member", "suspended", "peer_supporter", "moderator", "staff")
ALL_OK = ("ok",) * 7
MEMBERS_OK = ("login", "ok", "ok", "ok", "ok", "ok", "ok")
WRITERS = ("login", "ok", "ok", 403, "ok", "ok", "ok")
NOBODY = ("login", 403, 403, 403, 403, 403, 403)
NOT_FOUND = ("login", 404, 404, 404, 404, 404, 404)
MODERATORS = ("login", 403, 403, 403, 403, "ok", 403)
PEERS_AND_MODERATORS = ("login", 403, 403, 403, "ok", "ok", 403)
PEERS = ("login", 403, 403, 403, "ok", 403, 403)
MODERATORS_REAUTH = ("login", 403, 403, 403, 403, "reauth", 403)

# name: (method, outcome per role in ROLES order)
EXPECTED = {
    "healthz": ("get", ALL_OK),
    "forum:home": ("get", ALL_OK),
    "forum:latest": ("get", MEMBERS_OK),
    "forum:unread": ("get", MEMBERS_OK),
    "forum:new": ("get", MEMBERS_OK),
    "forum:mark_all_read": ("post", MEMBERS_OK),
    "forum:category": ("get", MEMBERS_OK),
    "forum:subscribe_category": ("post", MEMBERS_OK),
    "forum:new_thread": ("get", WRITERS),
    "forum:reply": ("get", WRITERS),
    "forum:bookmark_thread": ("post", MEMBERS_OK),
    "forum:subscribe_thread": ("post", MEMBERS_OK),
    "forum:thread_short": ("get", MEMBERS_OK),
    "forum:thread": ("get", MEMBERS_OK),
    "forum:post": ("get", MEMBERS_OK),
    "forum:edit_post": ("get", NOBODY),  # someone else's post
    "forum:delete_post": ("post", NOBODY),
    "forum:post_history": ("get", ("login", 403, 403, 403, 403, "ok", 403)),
    "forum:react": ("post", WRITERS),
    "forum:reactions": ("get", MEMBERS_OK),
    "forum:bookmark_post": ("post", MEMBERS_OK),
    "forum:bookmarks": ("get", MEMBERS_OK),
    "forum:search": ("get", MEMBERS_OK),
    "forum:notifications": ("get", MEMBERS_OK),
    "forum:mark_notifications_read": ("post", MEMBERS_OK),
    "forum:open_notification": ("get", NOT_FOUND),  # someone else's notification
    "forum:unsubscribe": ("get", (404,) * 7),  # a forged token
    "forum:guidelines": ("get", ALL_OK),
    "forum:accessibility": ("get", ALL_OK),
    "forum:shortcuts": ("get", ALL_OK),
    "forum:crisis": ("get", ALL_OK),
    # Resource pages: the staff's writing, open to all like the crisis page that links to them; a
    # draft is for staff only (test_a_draft_resource_page_is_there_for_staff_only).
    "resources:list": ("get", ALL_OK),
    "resources:page": ("get", ALL_OK),
    "accounts:profile": ("get", MEMBERS_OK),
    "accounts:block": ("post", MEMBERS_OK),
    "accounts:edit_profile": ("get", MEMBERS_OK),
    "accounts:preferences": ("get", MEMBERS_OK),
    "accounts:take_break": ("get", MEMBERS_OK),  # always the signed-in member's own break
    "accounts:end_break": ("post", MEMBERS_OK),
    "accounts:activity": ("get", MEMBERS_OK),  # always the signed-in member's own
    "accounts:verification": ("get", MEMBERS_OK),
    "accounts:withdraw_verification": ("post", MEMBERS_OK),  # only ever one's own application
    "accounts:export": ("get", MEMBERS_OK),
    "accounts:delete_account": ("get", MEMBERS_OK),  # the explanation; deleting asks for the password
    "accounts:consent": ("get", MEMBERS_OK),
    "accounts:withdraw_consent": ("post", MEMBERS_OK),  # always the signed-in member's own
    "accounts:privacy": ("get", ALL_OK),
    # A member's private check-in: always the signed-in member's own (no URL names a member or a
    # check-in), open to suspended and new members too, since it is for their own reflection.
    "checkins:check_in": ("get", MEMBERS_OK),
    "checkins:saved": ("get", MEMBERS_OK),  # with no check-in this week: back to the form
    "checkins:history": ("get", MEMBERS_OK),
    "checkins:instrument": ("get", MEMBERS_OK),  # an imported instrument; results only one's own
    "moderation:flag": ("get", WRITERS),
    "moderation:appeal_post": ("post", NOT_FOUND),  # someone else's hidden post
    "moderation:my_suspension": ("get", MEMBERS_OK),
    "moderation:queue": ("get", MODERATORS),
    "moderation:entry": ("get", MODERATORS),
    "moderation:act": ("post", MODERATORS),
    "moderation:reveal": ("post", MODERATORS_REAUTH),
    "moderation:crisis_queue": ("get", MODERATORS),
    "moderation:close_crisis": ("post", MODERATORS),  # a spam entry: refused as not a crisis, nothing done
    "moderation:reveal_content": ("post", MODERATORS),
    "moderation:shift": ("post", MODERATORS),
    "moderation:member": ("get", MODERATORS),
    "moderation:warn": ("post", MODERATORS),
    "moderation:suspend": ("post", MODERATORS_REAUTH),
    "moderation:lift": ("post", MODERATORS),
    "moderation:audit_log": ("get", MODERATORS),
    "moderation:verifications": ("get", MODERATORS),
    "moderation:verification": ("get", MODERATORS),
    "moderation:decide_verification": ("post", MODERATORS),
    "moderation:verification_document": ("get", MODERATORS),  # someone's licence document
    "moderation:stats": ("get", MODERATORS),
    "moderation:peer_supporter": ("post", MODERATORS),
    # Peer support: the waiting list and taking threads on; asking is for a thread's author only.
    "peers:waiting": ("get", PEERS_AND_MODERATORS),
    "peers:claim": ("post", PEERS_AND_MODERATORS),  # moderators are told only supporters take threads on
    "peers:release": ("post", PEERS_AND_MODERATORS),  # nothing taken on: told so
    "peers:step_back": ("post", PEERS),
    "peers:ask": ("get", NOBODY),  # someone else's thread
    # Private messages: the inbox is everyone's own; writing needs a member who may use messages
    # (not new, not suspended); a conversation between two other members is not there for anyone,
    # moderators and staff included (they read one only through a report, on the moderation page).
    "conversations:inbox": ("get", MEMBERS_OK),
    "conversations:compose": ("get", ("login", "ok", 403, 403, "ok", "ok", "ok")),
    "conversations:conversation": ("get", NOT_FOUND),
    "conversations:report": ("post", NOT_FOUND),
    "moderation:conversation_report": ("get", ("login", 403, 403, 403, 403, "ok", 403)),
    # Showing the message of a possible crisis; this one is a member's report: nothing is counted.
    "moderation:reveal_message": ("post", ("login", 403, 403, 403, 403, "ok", 403)),
    # Circles: a circle none of these roles is in, manages or was invited to is not there for them,
    # site moderators and staff included (tests/orgs covers its members, moderators and admins).
    "circles:index": ("get", MEMBERS_OK),
    "circles:join": ("post", NOT_FOUND),  # an invitation-only circle
    "circles:leave": ("post", NOT_FOUND),
    "circles:manage": ("get", NOT_FOUND),
    "circles:invite": ("post", NOT_FOUND),
    "circles:accept": ("post", NOT_FOUND),  # someone else's invitation
    "circles:decline": ("post", NOT_FOUND),
    "circles:revoke": ("post", NOT_FOUND),
    "circles:remove_member": ("post", NOT_FOUND),
    "circles:set_role": ("post", NOT_FOUND),
    "circles:invitation_link": ("get", NOT_FOUND),  # a forged token
    # An organisation's report: its admins only (tests/reports covers them).
    "reports:organisation": ("get", NOT_FOUND),
    # An organisation admin's SCIM tokens: its admins only (tests/orgs/test_scim_tokens_by_org_admins.py).
    "orgs:scim_tokens": ("get", NOT_FOUND),
    "orgs:revoke_scim_token": ("post", NOT_FOUND),
    # SCIM, for organisations' identity providers: a bearer token of the organisation, never a
    # session (tests/orgs/test_scim_protocol.py covers the tokens).
    "scim:users": ("get", (401,) * 7),
    "scim:user": ("get", (401,) * 7),
    # allauth
    "account_login": ("get", ALL_OK),
    "account_logout": ("get", ALL_OK),
    "account_inactive": ("get", ALL_OK),
    "account_signup": ("get", ALL_OK),
    "account_reauthenticate": ("get", MEMBERS_OK),
    "account_email": ("get", MEMBERS_OK),
    "account_email_verification_sent": ("get", ALL_OK),
    "account_change_password": ("get", MEMBERS_OK),
    "account_set_password": ("get", MEMBERS_OK),
    "account_reset_password": ("get", ALL_OK),
    "account_confirm_login_code": ("get", ("login", "ok", "ok", "ok", "ok", "ok", "ok")),
    "account_confirm_email": ("get", ALL_OK),  # a bad key: a page saying so
    "account_reset_password_from_key_done": ("get", ALL_OK),
    "account_reset_password_from_key": ("get", ALL_OK),  # a bad key: a page saying so
    "account_reset_password_done": ("get", ALL_OK),
    # Sign-in through an organisation's identity provider (orgs/identity.py), one whose server does
    # not answer: the log-in page only asks to continue (the POST goes to the provider); a callback
    # without the state of a sign-in begun here is refused; there is no sign-up without a sign-in
    # through a provider under way.
    "openid_connect_login": ("get", ALL_OK),
    "openid_connect_callback": ("get", (401,) * 7),
    # SAML 2.0 (allauth's provider, the same adapter): the log-in page only asks to continue; the
    # ACS keeps what was posted and sends the browser on to finish, where an answer that was never
    # posted is refused; Haven's metadata for the provider's operator is public; a logout with no
    # SAML message in it is a bad request (and logs nobody out).
    "saml_login": ("get", ALL_OK),
    "saml_acs": ("post", ALL_OK),
    "saml_finish_acs": ("get", (401,) * 7),
    "saml_metadata": ("get", ALL_OK),
    "saml_sls": ("get", (400,) * 7),
    "socialaccount_signup": ("get", ("login",) * 7),
    "socialaccount_connections": ("get", MEMBERS_OK),
    "socialaccount_login_cancelled": ("get", ALL_OK),
    "socialaccount_login_error": ("get", (401,) * 7),  # allauth's authentication-error page
    "mfa_index": ("get", MEMBERS_OK),
    "mfa_authenticate": ("get", ("login", "ok", "ok", "ok", "ok", "ok", "ok")),
    # Changing two-factor settings always asks for the password again; pages about codes a member
    # doesn't have are 404.
    "mfa_reauthenticate": ("get", ("login", "reauth", "reauth", "reauth", "reauth", "ok", "ok")),
    "mfa_activate_totp": ("get", ("login", "reauth", "reauth", "reauth", "reauth", "reauth", "reauth")),
    "mfa_deactivate_totp": ("get", ("login", 404, 404, 404, 404, "reauth", "reauth")),
    "mfa_view_recovery_codes": ("get", ("login", 404, 404, 404, 404, 404, 404)),
    "mfa_generate_recovery_codes": (
        "get",
        ("login", "reauth", "reauth", "reauth", "reauth", "reauth", "reauth"),
    ),
    "mfa_download_recovery_codes": ("get", ("login", 404, 404, 404, 404, 404, 404)),
}
# The admin, as one rule: only staff with two-factor authentication get in; other signed-in
# members are refused (sent to a login they have already passed, they would loop).
ADMIN = ("login", 403, 403, 403, 403, 403, "ok")
# ...and even they can't write audit-log entries by hand: it is append-only, written by actions.
# Task results, likewise, are written by the task queue only.
ADMIN_STAFF_REFUSED = {
    "admin:moderation_moderationaction_add": 403,
    "admin:accounts_verificationapplication_add": 403,  # members apply; moderators decide
    "admin:django_tasks_database_dbtaskresult_add": 403,
    # Circle invitations are sent from the circle's page (a link's token is shown once there), and
    # the circle's log is written by its services only.
    "admin:orgs_circleinvitation_add": 403,
    "admin:orgs_circleevent_add": 403,
    # Provisioned users are written by the organisation's identity provider through SCIM only.
    "admin:orgs_provisioneduser_add": 403,
}


def _patterns(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield (f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name), pattern


def test_every_url_has_a_rule():
    names = {name for name, _ in _patterns() if name}
    missing = {name for name in names if not name.startswith("admin:")} - set(EXPECTED)
    assert missing == set(), f"Add these views to EXPECTED: {sorted(missing)}"
    assert set(EXPECTED) - names == set(), "EXPECTED names views that no longer exist"


@pytest.fixture
def world(db, settings, tmp_path):
    settings.HAVEN_PRIVATE_UPLOADS_DIR = tmp_path
    boss = ModeratorFactory()
    someone = UserFactory(display_name="Someone Else")
    thread = make_thread(author=someone, replies=1)
    post = thread.posts.get(position=2)
    entry = moderation_services.flag_post(post, UserFactory(), FlagReason.SPAM, "").entry
    hidden = services.reply(thread=thread, author=someone, body="to be hidden")
    hidden_entry = moderation_services.flag_post(hidden, UserFactory(), FlagReason.SPAM, "").entry
    moderation_services.hide_post(hidden_entry, boss, "spam")
    suspended = UserFactory()
    moderation_services.suspend_member(suspended, boss, "x", days=2)
    users = {
        "anonymous": None,
        "member": UserFactory(),
        "new_member": UserFactory(is_trusted=False),
        "suspended": suspended,
        "peer_supporter": make_peer_supporter(),
        "moderator": ModeratorFactory(),
        "staff": give_totp(UserFactory(is_staff=True, is_superuser=True)),
    }
    writer = UserFactory()
    # Everyone has been a member for a while (private messages wait some days), except the newcomer.
    User.objects.exclude(pk=users["new_member"].pk).update(date_joined=timezone.now() - timedelta(days=30))
    for member in users.values():
        if member is not None:
            member.refresh_from_db()
    writer.refresh_from_db()
    someone.refresh_from_db()
    sent = conversation_services.send_message(writer, someone, "A private word").message
    report = conversation_services.report_conversation(sent.conversation, someone, "")
    application = accounts_services.apply_for_verification(
        someone,
        role="nurse",
        licence_number="12A3456E",
        issuing_body="Nursing and Midwifery Council",
        document=SimpleUploadedFile("card.pdf", b"%PDF-1.4 registration card"),
    )
    ids = {
        "forum:category": {"slug": thread.category.slug},
        "forum:subscribe_category": {"slug": thread.category.slug},
        "forum:thread": {"slug": thread.slug, "pk": thread.pk},
        "forum:open_notification": {"pk": notify_moderation(someone, "private").pk},
        "forum:unsubscribe": {"token": "forged-token"},
        "accounts:profile": {"pk": someone.pk},
        "accounts:block": {"pk": someone.pk},
        "moderation:appeal_post": {"pk": hidden.pk},
        "moderation:entry": {"pk": entry.pk},
        "moderation:act": {"pk": entry.pk},
        "moderation:reveal": {"pk": entry.pk},
        "moderation:close_crisis": {"pk": entry.pk},
        "moderation:reveal_content": {"pk": entry.pk},
        "moderation:member": {"pk": someone.pk},
        "moderation:warn": {"pk": someone.pk},
        "moderation:suspend": {"pk": someone.pk},
        "moderation:lift": {"pk": suspended.pk},
        "moderation:verification": {"pk": application.pk},
        "moderation:decide_verification": {"pk": application.pk},
        "moderation:verification_document": {"pk": application.pk},
        "moderation:peer_supporter": {"pk": someone.pk},
        "conversations:compose": {"pk": someone.pk},
        "conversations:conversation": {"pk": sent.conversation_id},
        "conversations:report": {"pk": sent.conversation_id},
        "moderation:conversation_report": {"pk": report.pk},
        "moderation:reveal_message": {"pk": report.pk},
        "peers:claim": {"pk": thread.pk},
        "peers:release": {"pk": thread.pk},
        "peers:ask": {"pk": thread.pk},
        "account_confirm_email": {"key": "bad-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "bad-key"},
    }
    thread_ids = {"forum:reply", "forum:bookmark_thread", "forum:subscribe_thread", "forum:thread_short"}
    post_ids = {
        "forum:post", "forum:edit_post", "forum:delete_post", "forum:post_history", "forum:react",
        "forum:reactions", "forum:bookmark_post", "moderation:flag",
    }  # fmt: skip
    ids.update({name: {"pk": thread.pk} for name in thread_ids})
    ids.update({name: {"pk": post.pk} for name in post_ids})
    services.edit_post(post=post, editor=post.author, body="edited, so it has a history")
    circle = CircleFactory()
    circle_admin = UserFactory()
    add_to_organisation(circle.organisation, circle_admin, role="admin")
    circle_membership = add_to_circle(circle, someone)
    invitation = org_services.invite_member(circle, circle_admin, UserFactory())
    circle_ids = {"pk": circle.pk}
    ids.update({f"circles:{name}": circle_ids for name in ("join", "leave", "manage", "invite")})
    ids.update({f"circles:{name}": {"pk": invitation.pk} for name in ("accept", "decline", "revoke")})
    ids.update({f"circles:{name}": {"pk": circle_membership.pk} for name in ("remove_member", "set_role")})
    ids["circles:invitation_link"] = {"token": "forged-token"}
    ids["reports:organisation"] = {"slug": circle.organisation.slug}
    instrument, _ = checkin_services.import_instrument(harbour_scale())
    ids["checkins:instrument"] = {"slug": instrument.key}
    ids["orgs:scim_tokens"] = {"slug": circle.organisation.slug}
    scim_token, _ = provisioning.create_scim_token(circle.organisation, "Entra ID", circle_admin)
    ids["orgs:revoke_scim_token"] = {"slug": circle.organisation.slug, "pk": scim_token.pk}
    provisioned = provisioning.provision_user(
        circle.organisation, provisioning.Changes(user_name="a@trust.example")
    )
    ids["scim:users"] = {"slug": circle.organisation.slug}
    ids["scim:user"] = {"slug": circle.organisation.slug, "scim_id": provisioned.scim_id}
    link_identity_provider(
        OrganisationFactory(), client_id="trust-down", secret="x", server_url=unanswering_server_url()
    )
    ids.update(
        {name: {"provider_id": "trust-down"} for name in ("openid_connect_login", "openid_connect_callback")}
    )
    link_saml_identity_provider(
        OrganisationFactory(), client_id="saml-down", provider=unanswering_saml_provider()
    )
    ids.update(
        {
            name: {"organization_slug": "saml-down"}
            for name in ("saml_login", "saml_acs", "saml_finish_acs", "saml_metadata", "saml_sls")
        }
    )
    circle_thread = make_thread(author=someone, category=CategoryFactory(circle=circle), replies=1)
    circle_urls = [
        circle_thread.get_absolute_url(),
        reverse("forum:thread_short", args=[circle_thread.pk]),
        reverse("forum:post", args=[circle_thread.last_post_id]),
        reverse("forum:reply", args=[circle_thread.pk]),
        reverse("forum:reactions", args=[circle_thread.last_post_id]),
        reverse("moderation:flag", args=[circle_thread.last_post_id]),
        circle_thread.category.get_absolute_url(),
    ]
    ids["resources:page"] = {"slug": ResourcePageFactory().slug}
    draft = ResourcePageFactory(status="draft")
    return {"users": users, "ids": ids, "circle_urls": circle_urls, "draft_resource": draft}


POST_DATA = {
    "forum:react": {"kind": "support"},
    "moderation:act": {"action": "approve", "reason": "checked"},
    "moderation:reveal": {"reason": "safety"},
    "moderation:close_crisis": {"outcome": "no_action"},
    "moderation:shift": {"on_shift": "0"},
    "moderation:warn": {"reason": "be kind"},
    "moderation:suspend": {"duration": "1", "reason": "x"},
    "moderation:lift": {"reason": "ok"},
    "moderation:decide_verification": {"decision": "approve", "reason": "On the register"},
    "moderation:appeal_post": {"message": "please"},
    "moderation:peer_supporter": {"action": "grant", "trained_on": "2026-03-02", "course": "Listening"},
    "peers:step_back": {"days": "1"},
}


def _outcome(response):
    if response.status_code in (301, 302):
        prompts = [
            ("account_login", "login"),
            ("admin:login", "login"),
            ("mfa_activate_totp", "mfa"),
            ("account_reauthenticate", "reauth"),
        ]
        for name, outcome in prompts:
            if response.url.startswith(reverse(name)):
                return outcome
        if response.url.startswith(reverse("mfa_reauthenticate")):
            return "reauth"
        return "ok"
    return "ok" if response.status_code == 200 else response.status_code


CASES = [(name, role, EXPECTED[name][1][i]) for name in EXPECTED for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "role", "expected"), CASES)
def test_url_authorization(world, name, role, expected):
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    url = reverse(name, kwargs=world["ids"].get(name, {}))
    method = EXPECTED[name][0]
    response = getattr(client, method)(url, POST_DATA.get(name, {}))
    assert _outcome(response) == expected, f"{method.upper()} {url} as {role}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_a_circles_pages_are_not_there_for_those_outside_it(world, role):
    """Thread, post, reply, reactions, flag and category pages of a circle nobody here is in."""
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    for url in world["circle_urls"]:
        expected = "login" if role == "anonymous" else 404
        assert _outcome(client.get(url)) == expected, f"GET {url} as {role}"


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_resource_page_is_there_for_staff_only(world, role):
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    expected = "ok" if role == "staff" else 404
    assert _outcome(client.get(world["draft_resource"].get_absolute_url())) == expected


def _admin_urls():
    for name, pattern in _patterns():
        if name and name.startswith("admin:"):
            groups = list(pattern.pattern.regex.groupindex)
            yield name, {key: "forum" if key == "app_label" else "1" for key in groups} or None


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_with_mfa_only(world, role):
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    expected = ADMIN[ROLES.index(role)]
    for name, kwargs in _admin_urls():
        if name == "admin:logout":
            continue  # logging out is harmless for anyone
        if expected == "ok" and (
            (kwargs is not None and name != "admin:app_list") or name in {"admin:login", "admin:autocomplete"}
        ):
            continue  # object pages and autocomplete need real objects and parameters
        response = client.get(reverse(name, kwargs=kwargs or {}))
        outcome = _outcome(response)
        if name == "admin:autocomplete":  # refuses with 403 rather than a login redirect
            assert outcome in ("login", 403), f"{name} as {role}: {response.status_code}"
        else:
            wanted = ADMIN_STAFF_REFUSED.get(name, expected) if expected == "ok" else expected
            assert outcome == wanted, f"{name} as {role}: {response.status_code}"


def test_staff_without_mfa_are_sent_to_set_it_up(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.url == reverse("mfa_activate_totp") or follow.url.startswith(
        reverse("account_reauthenticate")
    )
