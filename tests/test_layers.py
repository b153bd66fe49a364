"""The apps in layers (issue 20): accounts at the bottom, orgs, forum, resources, moderation, then reports and operations; config
and bench above everything; tests never imported by product code, and bench never imports tests.

Every import statement counts, at the top of a module or inside a function. No module imports
from a layer above its own, so there is no import cycle between the apps; a lower app reaches a
higher one only through a hook the higher one registers (forum/safeguards.py, accounts/backends.py's
unread count and circle annotations, orgs/signals.py, conversations/safeguards.py and
forum/member_services.py's register_member_data).

Run alone: `.venv/bin/python -m pytest tests/test_layers.py`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# orgs (organisations and circles) sits between accounts and forum: circles are groups of members,
# which forum's visibility rule reads (a category belongs to a circle), and it needs nothing of
# forum's; it tells forum that a member left a circle through one signal (orgs/signals.py).
# resources (the staff's resource pages) renders their Markdown through forum's one sanitiser
# (forum/markup.py), so it sits on forum; moderation's demo seed writes its example pages, so it
# sits below moderation. (The referral directory is orgs': forum's crisis page and moderation's
# escalation note both read it.)
# checkins (a member's private weekly check-in and imported instruments) sits beside orgs: it needs
# only accounts, and forum imports it for the member's activity chart, data export and account
# deletion; reports counts its rows.
# reports (an organisation's anonymous figures) counts forum's and moderation's rows, so it sits on
# moderation; operations (backups) reads only settings and the database, below config, which
# lists it as an app.
# conversations (private messages) sits between forum and moderation: it renders with forum's
# sanitiser, notifies through forum's notifications and screens messages through forum's safeguards
# hook; moderation reads its reports into the queue and closes them (with the audit log), and tells
# it about crises through conversations/safeguards.py. The data export and account deletion, in
# forum, reach it through forum/member_services.py's register_member_data.
LAYER = {
    "accounts": 0, "orgs": 1, "checkins": 1, "forum": 2, "conversations": 3, "resources": 3, "moderation": 4,
    "reports": 5, "operations": 5, "config": 6, "bench": 7, "tests": 8,
}  # fmt: skip


def _imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps |= {name.split(".")[0] for name in names} & set(LAYER)
    return apps


def _upward_imports() -> set[tuple[str, str]]:
    found = set()
    for app, layer in LAYER.items():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "node_modules" in path.parts:
                continue
            for imported in _imported_apps(path) - {app}:
                if LAYER[imported] > layer:
                    found.add((str(path.relative_to(ROOT)), imported))
    return found


def test_no_import_reaches_up_a_layer():
    assert _upward_imports() == set()


def test_no_two_apps_import_each_other():
    """What the layers guarantee, checked directly: the graph of which app imports which has no
    cycle (each app's imports, followed, never lead back to it)."""
    graph = {app: set() for app in LAYER}
    for app in LAYER:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and "node_modules" not in path.parts:
                graph[app] |= _imported_apps(path) - {app}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(
            step == target or (step not in seen and reaches(step, target, seen | {step}))
            for step in graph[start]
        )

    assert [app for app in LAYER if reaches(app, app, {app})] == []


def test_config_never_imports_bench_and_bench_never_imports_tests():
    upward = _upward_imports()
    assert not {(module, app) for module, app in upward if module.startswith("config/") and app == "bench"}
    assert not {(module, app) for module, app in upward if module.startswith("bench/") and app == "tests"}


@pytest.mark.django_db
def test_moderation_registers_its_safeguards_with_forum():
    """forum reaches moderation through one hook (forum/safeguards.py), registered at start-up."""
    from forum import safeguards
    from moderation import hours
    from moderation import safeguards as moderation_safeguards

    assert safeguards.review_post is moderation_safeguards.review_post
    assert safeguards.holds_posts_by is hours.holds_posts_by
    assert safeguards.moderators_back_at is hours.moderators_back_at
    assert safeguards.describe_hours is hours.describe
    assert safeguards.screen_draft("I want to kill myself tonight").crisis.is_crisis
    assert safeguards.find_identifying_details("My client Jane Smith, 34, from Leeds") != []


def test_moderation_registers_its_crisis_alert_with_conversations_and_conversations_its_data_with_forum():
    from conversations import safeguards as conversation_safeguards
    from conversations import services as conversation_services
    from forum import member_services
    from moderation import services

    assert conversation_safeguards.crisis_in_message == services.alert_moderators_about_message_crisis
    assert member_services._member_data["private_messages"] == (
        conversation_services.member_messages,
        conversation_services.forget_member,
    )


def test_orgs_registers_the_members_circles_with_accounts_and_forum_listens_for_leavers():
    from accounts import backends
    from forum.notifications import forget_circle
    from orgs.access import member_annotations
    from orgs.signals import circle_membership_ended

    assert member_annotations in backends._member_annotations
    assert forget_circle in [entry[1]() for entry in circle_membership_ended.receivers]


def test_without_moderation_no_post_is_saved_unguarded(monkeypatch):
    import pytest

    from forum import safeguards

    monkeypatch.setattr(safeguards, "review_post", safeguards._not_registered)
    monkeypatch.setattr(safeguards, "screen_draft", safeguards._not_registered)
    with pytest.raises(safeguards.SafeguardsNotRegistered):
        safeguards.review_post(None, text="", confirmed_no_identifying_details=False)
    with pytest.raises(safeguards.SafeguardsNotRegistered):
        safeguards.screen_draft("a draft")
