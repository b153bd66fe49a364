"""Journeys through organisations' circles (issue 23): an invited member joins a circle, and a
member who signed in through their organisation's identity provider is deprovisioned by it over
SCIM, is signed out, can't sign in through it again and loses the circle, while their reply stays.

The second journey runs its own test OpenID Connect provider (tests/idp) with the "trust-b" client
and an organisation of its own, so that it never meets the "trust-a" journey's provider or app."""

import json
import os
import subprocess
import sys

import pytest
import requests

from bench.live import server_database_url, with_database
from tests.browser.conftest import BASE_DIR, BROWSER_DATABASE
from tests.idp.provider import CLIENTS, DESMOND, running_provider

CIRCLE_THREAD = "Handover after a death on the ward"  # the demo's (forum/demo/content.py)

TRUST = "Northgate Hospital (journey)"
TRUST_SLUG = "trust-b-journey"
OPEN_CIRCLE = "Northgate theatre team"
OPEN_CATEGORY = "Theatre team room"
OPEN_THREAD = "Long lists and short breaks"
PSEUDONYM = "Calm Tideway"
REPLY = "Same here: I eat standing up between cases. Trying to sit for ten minutes this week."
SCIM = "application/scim+json"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def on_the_server(code: str) -> str:
    """Run CODE in `manage.py shell` against the live server's database; its output."""
    env = {**os.environ, "DATABASE_URL": with_database(server_database_url(), BROWSER_DATABASE)}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1]


def test_an_invited_member_accepts_and_finds_the_circles_category_and_thread(
    visitor_factory, live_server_url
):
    thread_url = on_the_server(
        f"from forum.models import Thread; print(Thread.objects.get(title={CIRCLE_THREAD!r}).get_absolute_url())"
    )
    maya = visitor_factory("circle-invitation")
    maya.login("maya@haven.example")
    page = maya.page

    # Before she accepts, the circle's thread doesn't exist as far as she can tell.
    response = page.goto(live_server_url + thread_url)
    assert response.status == 404
    assert "We couldn’t find that page" in page.content()
    assert "Last night we lost a patient" not in page.content()

    maya.go("/circles/")
    invitations = page.locator("section[aria-labelledby=invitations-heading]")
    assert "Riverside night staff" in invitations.inner_text()
    maya.screenshot("invitation")
    invitations.locator("li", has_text="Riverside night staff").locator("button:has-text('Accept')").click()
    page.wait_for_load_state()
    assert "Welcome to Riverside night staff." in page.content()
    assert page.locator("section[aria-labelledby=invitations-heading]").count() == 0

    page.click("section[aria-labelledby=mine-heading] a:has-text('Night staff room')")
    assert page.locator("main h1").inner_text().strip() == "Night staff room"
    maya.screenshot("circle-category")
    page.click(f"main a:has-text('{CIRCLE_THREAD}')")
    assert page.url.endswith(thread_url)
    assert "Last night we lost a patient" in page.content()


@pytest.fixture(scope="module")
def northgate(live_server_url):
    """The test provider with the "trust-b" client, linked to an organisation of the journey's
    own, which has an open circle with a thread in it by one of its members. Yields the provider
    and a SCIM token of the organisation (as its identity provider would be configured with)."""
    with running_provider([live_server_url]) as provider:
        token = on_the_server(f"""
from forum import services
from forum.models import Category, Post
from orgs.models import Circle
from orgs.provisioning import create_scim_token
from tests.factories import OrganisationFactory, UserFactory, add_to_circle, add_to_organisation, link_identity_provider
organisation = OrganisationFactory(name={TRUST!r}, slug={TRUST_SLUG!r})
link_identity_provider(organisation, client_id="trust-b", secret={CLIENTS["trust-b"]!r}, server_url={provider.server_url!r})
circle = Circle.objects.create(organisation=organisation, name={OPEN_CIRCLE!r}, joining=Circle.Joining.OPEN,
    description="For Northgate's theatre nurses and operating department practitioners.")
category = Category.objects.create(name={OPEN_CATEGORY!r}, slug="northgate-theatre-team", circle=circle, position=98,
    description="Only members of the Northgate theatre team circle see this.")
colleague = UserFactory(email="colleague@northgate.example", display_name="Steady Lantern")
add_to_organisation(organisation, colleague)
add_to_circle(circle, colleague)
thread = services.create_thread(author=colleague, category=category, title={OPEN_THREAD!r},
    body="Six cases back to back today and lunch was a biscuit in the corridor. How do you all manage breaks?")
if thread.opening_post.state != Post.State.PUBLISHED:
    services.set_post_state(thread.opening_post, Post.State.PUBLISHED)
print(create_scim_token(organisation, "Northgate identity provider", None)[1])
""")
        yield provider, token


def sign_in_through_northgate(visitor, provider):
    """Press the organisation's button; sign in at the provider if it asks (it remembers a person
    it has signed in before, and then sends the browser straight back)."""
    page = visitor.go("/accounts/login/")
    page.click(f"main button:has-text('Sign in with {TRUST}')")
    page.wait_for_load_state()
    if page.url.startswith(provider.url) and page.locator("input[name=username]").count():
        page.fill("input[name=username]", DESMOND["username"])
        page.fill("input[name=password]", DESMOND["password"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{visitor.base_url}/**")
    return page


def test_a_deprovisioned_member_is_signed_out_and_loses_the_circle_but_keeps_the_reply(
    visitor_factory, northgate, live_server_url
):
    provider, scim_token = northgate
    desmond = visitor_factory("circle-deprovisioned")
    page = sign_in_through_northgate(desmond, provider)
    assert "/accounts/3rdparty/signup/" in page.url
    page.fill("#id_display_name", PSEUDONYM)
    page.check("#id_consent")
    desmond.submit("Create account")
    assert PSEUDONYM in page.content()

    desmond.go("/circles/")
    joinable = page.locator("section[aria-labelledby=joinable-heading] li", has_text=OPEN_CIRCLE)
    joinable.locator("button:has-text('Join')").click()
    page.wait_for_load_state()
    assert f"Welcome to {OPEN_CIRCLE}." in page.content()
    page.click(f"section[aria-labelledby=mine-heading] a:has-text('{OPEN_CATEGORY}')")
    page.click(f"main a:has-text('{OPEN_THREAD}')")
    thread_url = page.url
    page.fill("#id_body", REPLY)
    desmond.submit("Post reply")
    # Published at once: the circle has no moderator of its own who could review a first post.
    assert page.locator("article.post", has_text=REPLY).count() == 1
    assert "awaiting a quick review" not in page.locator("article.post", has_text=REPLY).inner_text()
    desmond.screenshot("signed-in-circle-thread")

    # The organisation's identity provider deprovisions him, over SCIM, as Okta does.
    scim = requests.Session()
    scim.headers.update({"Authorization": f"Bearer {scim_token}", "Content-Type": SCIM})
    users = f"{live_server_url}/scim/v2/{TRUST_SLUG}/Users"
    created = scim.post(
        users,
        data=json.dumps(
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": DESMOND["username"],
                "externalId": DESMOND["username"],
                "active": True,
            }
        ),
        timeout=10,
    )
    assert created.status_code == 201, created.text
    deactivated = scim.patch(
        f"{users}/{created.json()['id']}",
        data=json.dumps(
            {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]}
        ),
        timeout=10,
    )
    assert deactivated.status_code == 200, deactivated.text

    # His next page load: he is signed out, and the circle's thread sends him to log in.
    page.goto(thread_url)
    assert "/accounts/login/" in page.url
    assert page.locator("main input[name=password]").count() == 1
    assert PSEUDONYM not in page.locator("header").inner_text()
    assert REPLY not in page.content()

    # Signing in through the provider again is refused, plainly.
    page = sign_in_through_northgate(desmond, provider)
    assert page.locator("main h1").inner_text().strip() == "Your organisation has ended this sign-in"
    assert PSEUDONYM not in page.locator("header").inner_text()
    desmond.screenshot("sign-in-refused")

    kept = json.loads(
        on_the_server(f"""
import json
from accounts.models import User
from forum.models import Post
from orgs.models import CircleMembership
member = User.objects.get(display_name={PSEUDONYM!r})
membership = CircleMembership.objects.get(member=member, circle__name={OPEN_CIRCLE!r})
print(json.dumps({{"replies": Post.objects.filter(author=member, body={REPLY!r}).count(),
    "ended": membership.ended_at is not None, "reason": membership.end_reason}}))
""")
    )
    assert kept == {"replies": 1, "ended": True, "reason": "left the organisation (deprovisioned)"}
