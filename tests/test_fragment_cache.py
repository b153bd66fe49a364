"""The database's fragment cache (config/fragment_cache.py): one statement per set_many, Django's
reads, and expired entries pruned by `prune_fragments`."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_page_of_fragments_is_stored_in_one_statement_and_read_back(django_assert_num_queries):
    fragments = caches["fragments"]
    entries = {f"post:{n}": {"byline": f"<a>Member {n}</a>", "stamp": "<time>…</time>"} for n in range(20)}
    with django_assert_num_queries(1):
        fragments.set_many(entries)
    with django_assert_num_queries(1):
        assert fragments.get_many(list(entries)) == entries


def test_storing_a_key_again_replaces_its_value():
    fragments = caches["fragments"]
    fragments.set("reply-form:x", "first")
    fragments.set_many({"reply-form:x": "second", "reply-form:y": "other"})
    assert fragments.get_many(["reply-form:x", "reply-form:y"]) == {
        "reply-form:x": "second",
        "reply-form:y": "other",
    }


def test_prune_removes_only_expired_fragments(capsys):
    fragments = caches["fragments"]
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        fragments.set("post:old", "old", timeout=60)
    fragments.set("post:new", "new", timeout=60)
    call_command("prune_fragments")
    assert "Removed 1 expired fragment." in capsys.readouterr().out
    assert fragments.get("post:new") == "new"
    assert fragments.delete_expired() == 0
