"""XSS: the render pipeline keeps only its safe-list, whatever goes in, and every other place user
text appears (names, titles, bios, search snippets, notifications, email, the admin) escapes it."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum import services
from forum.markup import render_markdown, sanitize_html
from tests.factories import UserFactory, make_thread
from tests.html_safety import unsafe_markup

PAYLOADS = [
    # raw HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=javascript:alert(1)>x</math>",
    # attribute breaking and unclosed or nested tags
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    '<a href="https://ok.example"onclick=alert(1)>x</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<div><p><b><i><script>alert(1)",
    "<img src='x' <script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Markdown links and images with dangerous schemes
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '[x](https://ok.example "title" onclick=alert(1))',
    '[x](https://ok.example" onclick="alert(1))',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[x](file:///etc/passwd)",
    # Markdown that produces HTML around payloads
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "> <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "* [x](javascript:alert(1))\n* <svg onload=alert(1)>",
]


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_markdown_render_to_safe_markup(payload):
    html = render_markdown(payload)
    assert unsafe_markup(html) == []
    assert "javascript:" not in _hrefs(html) and "data:" not in _hrefs(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_as_raw_html_are_sanitised(payload):
    html = sanitize_html(payload)
    assert unsafe_markup(html) == []


def _hrefs(html: str) -> str:
    collector = _AllAttributes()
    collector.feed(html)
    return " ".join(value for name, value in collector.attributes if name in {"href", "src"}).lower()


class _AllAttributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


FRAGMENTS = st.sampled_from(
    [
        "<", ">", "/", "=", '"', "'", "`", "[", "]", "(", ")", "!", "*", "_", "#", "&", ";", ":", "\n", " ",
        "<script>", "</script>", "<img", "<svg", "<a ", "href=", "src=", "onerror=", "onload=", "javascript:",
        "JaVaScRiPt:", "vbscript:", "data:", "&#x6A;", "&#106;", "&colon;", "%0a", "\t", "alert(1)", "](",
        "![", "<iframe", "<math", "<style>", "<!--", "-->", "```", "> ", "| a |", "http://x.example",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_property_no_markdown_input_escapes_the_safe_list(text):
    html = render_markdown(text)
    assert unsafe_markup(html) == []
    assert "javascript:" not in _hrefs(html) and "vbscript:" not in _hrefs(html)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_property_no_html_input_escapes_the_safe_list(text):
    assert unsafe_markup(sanitize_html(text)) == []


# --- Every other sink -----------------------------------------------------------------------------

EVIL = "<img src=x onerror=alert(1)>"
EVIL_NAME = "Eve'\"-x"  # display names only allow letters, digits, space . ' - _


def _page_is_safe(html: str):
    """No user-controlled markup can run: no event handlers, no script other than our own file."""
    collector = _AllAttributes()
    collector.feed(html)
    handlers = [name for name, _ in collector.attributes if name.startswith("on")]
    assert handlers == []
    assert "<img src=x" not in html
    assert "javascript:" not in " ".join(value for _, value in collector.attributes).lower()
    scripts = html.count("<script")
    assert scripts == html.count('<script src="/static/js/')


@pytest.mark.django_db
def test_titles_bios_and_professions_are_escaped(member_client, category):
    author = UserFactory(display_name=EVIL_NAME, profession=EVIL, bio=EVIL)
    thread = make_thread(author=author, category=category, title=EVIL, body=EVIL)
    for url in [
        thread.get_absolute_url(),
        reverse("forum:latest"),
        reverse("accounts:profile", args=[author.pk]),
    ]:
        page = member_client.get(url).content.decode()
        _page_is_safe(page)
    assert (
        "&lt;img src=x onerror=alert(1)&gt;" in member_client.get(thread.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_display_names_are_validated_and_escaped(member_client):
    response = member_client.post(reverse("accounts:edit_profile"), {"display_name": "<script>x</script>"})
    assert response.status_code == 200 and "Use letters, numbers" in response.content.decode()


@pytest.mark.django_db
def test_search_snippets_are_escaped(member_client, category):
    thread = make_thread(
        category=category, title="journal", body=f"journaling {EVIL} <script>alert(1)</script>"
    )
    page = member_client.get(reverse("forum:search"), {"q": "journaling"}).content.decode()
    assert f'href="{thread.opening_post.get_absolute_url()}"' in page  # found: its snippet is on the page
    _page_is_safe(page)


@pytest.mark.django_db
def test_notification_texts_are_escaped(member_client, member, category):
    thread = make_thread(author=member, category=category, title=EVIL)
    services.reply(thread=thread, author=UserFactory(), body="hello")
    page = member_client.get(reverse("forum:notifications")).content.decode()
    _page_is_safe(page)
    assert "&lt;img src=x" in page


@pytest.mark.django_db
def test_email_bodies_are_plain_text(member, category, django_capture_on_commit_callbacks):
    thread = make_thread(author=member, category=category, title=EVIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=thread, author=UserFactory(), body=f"BODY-TEXT {EVIL}")
    message = mail.outbox[0]
    assert message.content_subtype == "plain"  # the title is inert text in a text/plain email
    assert "BODY-TEXT" not in message.body  # and no post text is emailed at all


@pytest.mark.django_db
def test_the_admin_escapes_user_text(client, category):
    from tests.factories import give_totp

    admin = give_totp(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(admin)
    thread = make_thread(category=category, title=EVIL, author=UserFactory(bio=EVIL))
    for url in [
        reverse("admin:forum_thread_changelist"),
        reverse("admin:forum_thread_change", args=[thread.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "<img src=x onerror" not in response.content.decode()
