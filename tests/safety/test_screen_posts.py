"""manage.py screen_posts: moderators try the site's own rules on sample text."""

import io
import json

import pytest
from django.core.management import call_command

from moderation.models import CrisisPhrase

pytestmark = pytest.mark.django_db


def _screen(lines: str, monkeypatch) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    out = io.StringIO()
    call_command("screen_posts", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_line_gets_one_screening_in_the_documented_shape(monkeypatch):
    [result] = _screen('{"text": "I wrote goodbye letters to my kids last night"}\n', monkeypatch)
    assert result["crisis"] is True and result["severity"] == "urgent"
    assert result["crisis_matches"][0]["category"] == "preparation"
    assert set(result) >= {
        "crisis",
        "severity",
        "crisis_matches",
        "method_detail",
        "identifying",
        "identifying_matches",
    }


def test_a_malformed_line_gets_an_error_object_and_the_rest_go_on(monkeypatch):
    results = _screen('not json\n{"txt": 1}\n{"text": "This rota is killing me"}\n', monkeypatch)
    assert results[0] == {"error": "line 1: not JSON (Expecting value)"}
    assert "error" in results[1]
    assert results[2]["crisis"] is False


def test_the_admins_phrases_are_used(monkeypatch):
    CrisisPhrase.objects.create(phrase="at the end of my rope", category=CrisisPhrase.Category.SUICIDE)
    [result] = _screen('{"text": "Honestly I am at the end of my rope"}\n', monkeypatch)
    assert result["crisis"] is True


def test_identifying_details_are_listed(monkeypatch):
    [result] = _screen('{"text": "My client Jo Bloggs on 07700 900123 called again."}\n', monkeypatch)
    assert result["identifying"] is True
    assert {match["kind"] for match in result["identifying_matches"]} >= {"a phone number"}
