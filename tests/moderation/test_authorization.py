"""Who may use each moderation URL and action: one table, every role.

Roles: anonymous, member, the author of the post under review, a suspended member, a moderator
without MFA, a moderator with MFA, and staff (admin access, not a moderator).
Outcomes: "login" (sent to log in), "mfa" (sent to set up MFA), "reauth" (asked to confirm their
password), 403, 404, or "ok" (the page renders, or the action is carried out).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts import services as accounts_services
from conversations import services as conversation_services
from conversations.models import ConversationReport
from forum import services as forum_services
from forum.models import Post
from moderation import services
from moderation.models import Exposure, FlagReason, ModerationAction, OffShift, QueueEntry
from tests.factories import ModeratorFactory, SettledMemberFactory, UserFactory, make_thread

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "author", "suspended", "moderator_without_mfa", "moderator", "staff"]

CRISIS = "I can't do this any more. I have the pills ready and I plan to take them all tonight."

# endpoint: (method, outcome per role in ROLES order)
MODERATOR_PAGE = ["login", 403, 403, 403, "mfa", "ok", 403]
MATRIX = {
    "queue": ("get", MODERATOR_PAGE),
    "entry": ("get", MODERATOR_PAGE),
    "member": ("get", MODERATOR_PAGE),
    "audit_log": ("get", MODERATOR_PAGE),
    "stats": ("get", MODERATOR_PAGE),
    "act_approve": ("post", MODERATOR_PAGE),
    "act_hide": ("post", MODERATOR_PAGE),
    "warn": ("post", MODERATOR_PAGE),
    "lift": ("post", MODERATOR_PAGE),
    "suspend": ("post", ["login", 403, 403, 403, "mfa", "reauth", 403]),
    "reveal": ("post", ["login", 403, 403, 403, "mfa", "reauth", 403]),
    "crisis_queue": ("get", MODERATOR_PAGE),
    "close_crisis": ("post", MODERATOR_PAGE),
    "reveal_content": ("post", MODERATOR_PAGE),
    "shift": ("post", MODERATOR_PAGE),
    "peer_supporter": ("post", MODERATOR_PAGE),
    "flag": ("post", ["login", "ok", 403, 403, "ok", "ok", "ok"]),
    "flag_form": ("get", ["login", "ok", 403, 403, "ok", "ok", "ok"]),
    "appeal_post": ("post", ["login", 404, "ok", 404, 404, 404, 404]),
    "verifications": ("get", MODERATOR_PAGE),
    "verification": ("get", MODERATOR_PAGE),
    "decide_verification": ("post", MODERATOR_PAGE),
    "verification_document": ("get", MODERATOR_PAGE),
    "my_suspension": ("get", ["login", "ok", "ok", "ok", "ok", "ok", "ok"]),
    "conversation_report": ("get", MODERATOR_PAGE),  # a reported conversation: site moderators only
    "reveal_message": ("post", MODERATOR_PAGE),  # a possible crisis in a message: site moderators only
}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.HAVEN_PRIVATE_UPLOADS_DIR = tmp_path
    category_thread = make_thread()
    author = UserFactory(display_name="Author")
    post = forum_services.reply(thread=category_thread, author=author, body="Under review")
    entry = services.flag_post(post, UserFactory(), FlagReason.HARASSMENT, "x").entry
    hidden = forum_services.reply(thread=category_thread, author=author, body="Hidden one")
    at_risk = forum_services.reply(thread=category_thread, author=UserFactory(), body="I want to die")
    hidden_entry = services.flag_post(hidden, UserFactory(), FlagReason.SPAM, "").entry
    boss = ModeratorFactory()
    services.hide_post(hidden_entry, boss, "Spam")
    suspended_target = UserFactory()
    services.suspend_member(suspended_target, boss, "for the lift test", days=1)
    users = {
        "anonymous": None,
        "member": UserFactory(),
        "author": author,
        "suspended": UserFactory(),
        "moderator_without_mfa": UserFactory(is_moderator=True),
        "moderator": ModeratorFactory(),
        "staff": UserFactory(is_staff=True),
    }
    services.suspend_member(users["suspended"], boss, "rude", days=3)
    application = accounts_services.apply_for_verification(
        UserFactory(),
        role="psychologist",
        licence_number="PYL01234",
        issuing_body="Health and Care Professions Council",
        document=SimpleUploadedFile("licence.png", b"\x89PNG\r\n\x1a\n an image"),
    )
    writer, reader = SettledMemberFactory(), SettledMemberFactory()
    sent = conversation_services.send_message(writer, reader, "A private word").message
    report = conversation_services.report_conversation(sent.conversation, reader, "")
    conversation_services.send_message(writer, reader, CRISIS)
    return {"post": post, "entry": entry, "hidden": hidden, "target": suspended_target, "users": users,
            "application": application, "crisis_entry": QueueEntry.objects.get(post=at_risk),
            "conversation_report": report,
            "crisis_report": ConversationReport.objects.get(kind=ConversationReport.Kind.CRISIS)}  # fmt: skip


def _request(client, endpoint, world):
    post, entry = world["post"], world["entry"]
    requests = {
        "queue": (reverse("moderation:queue"), {}),
        "entry": (reverse("moderation:entry", args=[entry.pk]), {}),
        "member": (reverse("moderation:member", args=[post.author_id]), {}),
        "audit_log": (reverse("moderation:audit_log"), {}),
        "stats": (reverse("moderation:stats"), {}),
        "act_approve": (reverse("moderation:act", args=[entry.pk]), {"action": "approve", "reason": "ok"}),
        "act_hide": (reverse("moderation:act", args=[entry.pk]), {"action": "hide", "reason": "no"}),
        "warn": (reverse("moderation:warn", args=[post.author_id]), {"reason": "be kind"}),
        "lift": (reverse("moderation:lift", args=[world["target"].pk]), {"reason": "ok"}),
        "suspend": (reverse("moderation:suspend", args=[post.author_id]), {"duration": "1", "reason": "x"}),
        "reveal": (reverse("moderation:reveal", args=[entry.pk]), {"reason": "safety"}),
        "crisis_queue": (reverse("moderation:crisis_queue"), {}),
        "close_crisis": (
            reverse("moderation:close_crisis", args=[world["crisis_entry"].pk]),
            {"outcome": "reached_out"},
        ),
        "reveal_content": (reverse("moderation:reveal_content", args=[entry.pk]), {}),
        "shift": (reverse("moderation:shift"), {"on_shift": "0"}),
        "peer_supporter": (
            reverse("moderation:peer_supporter", args=[post.author_id]),
            {"action": "grant", "trained_on": "2026-03-02", "course": "Listening skills"},
        ),
        "flag": (reverse("moderation:flag", args=[post.pk]), {"reason": "spam"}),
        "flag_form": (reverse("moderation:flag", args=[post.pk]), {}),
        "appeal_post": (reverse("moderation:appeal_post", args=[world["hidden"].pk]), {"message": "please"}),
        "my_suspension": (reverse("moderation:my_suspension"), {}),
        "verifications": (reverse("moderation:verifications"), {}),
        "verification": (reverse("moderation:verification", args=[world["application"].pk]), {}),
        "decide_verification": (
            reverse("moderation:decide_verification", args=[world["application"].pk]),
            {"decision": "approve", "reason": "On the register"},
        ),
        "verification_document": (
            reverse("moderation:verification_document", args=[world["application"].pk]),
            {},
        ),
        "conversation_report": (
            reverse("moderation:conversation_report", args=[world["conversation_report"].pk]),
            {},
        ),
        "reveal_message": (reverse("moderation:reveal_message", args=[world["crisis_report"].pk]), {}),
    }
    url, data = requests[endpoint]
    method = MATRIX[endpoint][0]
    return getattr(client, method)(url, data)


def _outcome(response):
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302:
        if response.url.startswith(reverse("account_login")):
            return "login"
        if response.url.startswith(reverse("mfa_activate_totp")):
            return "mfa"
        if response.url.startswith(reverse("account_reauthenticate")):
            return "reauth"
        return "ok"
    if response.status_code == 200:
        return "ok"
    return response.status_code


CASES = [(endpoint, role, MATRIX[endpoint][1][i]) for endpoint in MATRIX for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_authorization_matrix(world, endpoint, role, expected):
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    actions_before = ModerationAction.objects.count()
    response = _request(client, endpoint, world)
    assert _outcome(response) == expected
    if expected != "ok" and endpoint in {"act_approve", "act_hide", "warn", "lift", "suspend", "decide_verification",
                                         "close_crisis"}:  # fmt: skip
        assert ModerationAction.objects.count() == actions_before  # refused means nothing happened
    if expected != "ok" and endpoint in {"reveal_content", "reveal_message", "shift"}:
        assert not Exposure.objects.exists() and not OffShift.objects.exists()


def test_every_moderation_url_is_in_the_matrix():
    from moderation.urls import urlpatterns

    covered = {"queue", "entry", "member", "audit_log", "act", "warn", "lift", "suspend", "flag", "appeal_post",
               "my_suspension", "reveal", "stats", "verifications", "verification", "decide_verification",
               "verification_document", "crisis_queue", "close_crisis", "reveal_content", "shift", "peer_supporter",
               "conversation_report", "reveal_message"}  # fmt: skip
    assert {pattern.name for pattern in urlpatterns} == covered


def test_refused_hide_leaves_the_post_published(world):
    client = Client()
    client.force_login(world["users"]["moderator_without_mfa"])
    _request(client, "act_hide", world)
    assert Post.objects.get(pk=world["post"].pk).state == Post.State.PUBLISHED
