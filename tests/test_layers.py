"""The apps in layers (issue 20): accounts at the bottom, forum on it, moderation on both; config
and bench above everything; tests never imported by product code, and bench never imports tests.

Every import statement counts, at the top of a module or inside a function. The modules that
still reach upward are listed below, each import by name, to be removed one by one: a new upward
import fails here, and so does a listed one that is gone (so the list only ever shrinks).

Run alone: `.venv/bin/python -m pytest tests/test_layers.py`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYER = {"accounts": 0, "forum": 1, "moderation": 2, "config": 3, "bench": 4, "tests": 5}

# (module file, the app it imports from): upward imports that predate the layering, still to go.
STILL_REACHING_UP = {
    ("accounts/forms.py", "forum"),
    ("accounts/selectors.py", "forum"),
    ("accounts/services.py", "forum"),
    ("accounts/views.py", "forum"),
}


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


def test_no_new_import_reaches_up_a_layer():
    assert _upward_imports() - STILL_REACHING_UP == set()


def test_the_list_of_imports_still_to_remove_only_shrinks():
    assert STILL_REACHING_UP - _upward_imports() == set()


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


def test_without_moderation_no_post_is_saved_unguarded(monkeypatch):
    import pytest

    from forum import safeguards

    monkeypatch.setattr(safeguards, "review_post", safeguards._not_registered)
    monkeypatch.setattr(safeguards, "screen_draft", safeguards._not_registered)
    with pytest.raises(safeguards.SafeguardsNotRegistered):
        safeguards.review_post(None, text="", confirmed_no_identifying_details=False)
    with pytest.raises(safeguards.SafeguardsNotRegistered):
        safeguards.screen_draft("a draft")
