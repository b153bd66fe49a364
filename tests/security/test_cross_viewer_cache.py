"""No viewer ever sees a cached fragment made for another: every page that renders from the
fragment cache (forum/fragments.py: posts on the thread page, rows on the lists), and the pages
that once did (notifications, the moderation queue, any page's header), is rendered for viewers
who differ in every per-viewer fact, in a random order with the cache warm from all of them, and
compared with the same page rendered with caching off. The two must be identical apart from the
per-request tokens.

The last test shows the check has teeth: with one reader's fact moved into a shared part, it fails.
"""

import random
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from forum import services
from forum.models import ContentWarning, Post
from moderation import services as moderation_services
from moderation.models import FlagReason
from tests.factories import CategoryFactory, CircleFactory, ModeratorFactory, UserFactory, add_to_circle

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value="CSRF"'),
    (re.compile(r'name="submission_key" value="[^"]+"'), 'name="submission_key" value="KEY"'),
    (re.compile(r'<meta name="csrf-token" content="[^"]+"'), '<meta name="csrf-token" content="CSRF"'),
]


def _same_apart_from_tokens(html: str) -> str:
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


@pytest.fixture
def world():
    """A thread whose posts look different to each viewer, and viewers who differ in every fact."""
    with time_machine.travel(NOW, tick=False):
        category = CategoryFactory()
        author, blocked, anonymous_writer, other = (UserFactory() for _ in range(4))
        viewers = {
            "author": author,
            "member": UserFactory(),
            "blocker": UserFactory(),
            "mute words": UserFactory(mute_words=["overtime"]),
            "expands warnings": UserFactory(expanded_warnings=[ContentWarning.GRAPHIC]),
            "hides warnings": UserFactory(hidden_warnings=[ContentWarning.GRAPHIC]),
            "reacted": UserFactory(),
            "bookmarked": UserFactory(),
            "suspended": UserFactory(),
            "moderator": ModeratorFactory(),
            "moderator without two-factor": UserFactory(is_moderator=True),
            "circle member": UserFactory(),
            "circle moderator": ModeratorFactory(is_moderator=False),
        }
        # A circle's thread: its posts are cached like any post, which is safe only because who may
        # see them is decided before a fragment is fetched (non-members get a 404, never a fragment).
        circle = CircleFactory()
        add_to_circle(circle, viewers["circle member"])
        add_to_circle(circle, viewers["circle moderator"], role="moderator")
        circle_thread = services.create_thread(
            author=viewers["circle member"], category=CategoryFactory(circle=circle), title="Circle thread",
            body="Circle words",
        )  # fmt: skip
        services.reply(thread=circle_thread, author=viewers["circle moderator"], body="Circle reply")
        circle_pending = services.reply(thread=circle_thread, author=viewers["circle member"], body="Waiting")
        services.set_post_state(circle_pending, Post.State.PENDING)
        thread = services.create_thread(
            author=author, category=category, title="Shared thread", body="Opening words"
        )
        services.reply(thread=thread, author=blocked, body="Words from someone blocked")
        services.reply(thread=thread, author=anonymous_writer, body="Unsigned words", anonymous=True)
        services.reply(thread=thread, author=other, body="All this overtime, again")
        graphic = services.reply(
            thread=thread, author=other, body="A hard shift", content_warning=ContentWarning.GRAPHIC
        )
        hidden = services.reply(thread=thread, author=author, body="Words a moderator hid")
        services.set_post_state(hidden, Post.State.HIDDEN, hidden_reason="Unkind")
        pending = services.reply(thread=thread, author=other, body="Words waiting for approval")
        services.set_post_state(pending, Post.State.PENDING)
        moderation_services.queue_for_approval(pending)
        moderation_services.flag_post(graphic, viewers["member"], FlagReason.HARASSMENT, "Unkind")
        account_services.block(viewers["blocker"], blocked)
        services.toggle_reaction(post=graphic, member=viewers["reacted"], kind="support")
        services.toggle_bookmark(member=viewers["bookmarked"], thread=thread, post=graphic)
        services.reply(thread=thread, author=other, body=f"@{author.display_name} thinking of you")
        moderation_services.suspend_member(viewers["suspended"], viewers["moderator"], "Cooling off", days=3)
        pages = [
            f"{thread.get_absolute_url()}?page=1",
            reverse("forum:latest"),
            category.get_absolute_url(),
            reverse("forum:notifications"),
            reverse("moderation:queue"),
            reverse("forum:guidelines"),  # the site header alone
            f"{circle_thread.get_absolute_url()}?page=1",
            circle_thread.category.get_absolute_url(),
        ]
    return viewers, pages


def _clients(viewers) -> dict[str, Client]:
    clients = {}
    for name, viewer in viewers.items():
        clients[name] = Client()
        clients[name].force_login(viewer)
    clients["visitor"] = Client()
    return clients


def _differences(viewers, pages, settings) -> list[str]:
    clients = _clients(viewers)
    order = list(clients)
    random.Random(7).shuffle(order)
    differences = []
    with time_machine.travel(NOW, tick=False):
        settings.HAVEN_FRAGMENT_CACHE = True
        for name in order:  # every viewer's fragments in the cache, and every read marker set
            for page in pages:
                clients[name].get(page)
        random.Random(11).shuffle(order)
        for name in order:
            for page in pages:
                clients[name].get(page)  # takes any message a redirect left for the next page
                settings.HAVEN_FRAGMENT_CACHE = False
                fresh = clients[name].get(page)
                settings.HAVEN_FRAGMENT_CACHE = True
                cached = clients[name].get(page)
                assert fresh.status_code == cached.status_code
                if _same_apart_from_tokens(fresh.content.decode()) != _same_apart_from_tokens(
                    cached.content.decode()
                ):
                    differences.append(f"{page} for {name}")
    return differences


def test_every_cached_page_is_the_page_each_viewer_would_get_without_the_cache(world, settings):
    viewers, pages = world
    assert _differences(viewers, pages, settings) == []


def test_the_check_fails_when_a_per_viewer_fact_is_moved_into_a_shared_part(world, settings, monkeypatch):
    """The mistake the design guards against: a shared template reading one of the reader's facts
    that the page has put on the post (here whether they saved it). The first reader's version is
    cached under the post's id and version and shown to everyone; the check must catch it."""
    from django.template import engines

    from forum import fragments

    leaky = engines["django"].from_string(
        "{{ post.author.display_name }}{% if post.is_bookmarked %} (saved){% endif %}"
    )
    real_get_template = fragments.get_template
    monkeypatch.setattr(
        fragments,
        "get_template",
        lambda name: leaky if name == "includes/post_shared.html#byline" else real_get_template(name),
    )
    viewers, pages = world
    differences = _differences(viewers, pages, settings)
    assert differences and all(page.startswith("/t/") for page in (d.split(" for ")[0] for d in differences))


def test_non_members_never_get_a_circles_fragments(world, settings):
    """With the circle's posts in the cache, warmed by its members, everyone else gets a 404."""
    viewers, pages = world
    circle_pages = [page for page in pages if "circle" in page or page.startswith("/c/")][-2:]
    clients = _clients(viewers)
    settings.HAVEN_FRAGMENT_CACHE = True
    with time_machine.travel(NOW, tick=False):
        for name in ("circle member", "circle moderator"):
            for page in circle_pages:
                assert clients[name].get(page).status_code == 200
        for name, client in clients.items():
            if name in ("circle member", "circle moderator"):
                continue
            for page in circle_pages:
                response = client.get(page)
                assert response.status_code in (302, 404), f"{page} for {name}"
                assert b"Circle words" not in response.content
