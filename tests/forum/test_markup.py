"""The render pipeline: Markdown in, only safe-listed HTML out."""

import pytest

from forum.markup import LINK_REL, quote_as_markdown, render_markdown, sanitize_html
from tests.html_safety import unsafe_markup


def test_markdown_formatting_is_rendered():
    html = render_markdown("Some **bold** and *italic*\n\n- one\n- two\n\n> a quote")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_script_tags_never_survive():
    html = render_markdown("Hello <script>alert(1)</script> world")
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # shown as text, harmlessly


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<img src=x onerror="alert(1)">')
    assert "<img" not in html
    assert "&lt;img" in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](javascript:alert(1))",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_never_become_links(source):
    html = render_markdown(source)
    assert unsafe_markup(html) == []
    assert "src=" not in html


@pytest.mark.parametrize(
    "source",
    [
        '<a href="https://example.org" onclick="steal()">x</a>',
        "<b onmouseover=alert(1)>y</b>",
        '[x](https://example.org "title" onclick="alert(1)")',
        '[x](https://example.org"onclick="alert(1))',
        "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    ],
)
def test_event_attributes_and_foreign_elements_are_removed(source):
    assert unsafe_markup(render_markdown(source)) == []


def test_sanitize_html_strips_what_the_renderer_would_never_emit():
    """Defence in depth: even raw HTML handed to the sanitiser comes out safe."""
    html = sanitize_html(
        '<p onclick="x()">hi</p><iframe src="https://evil"></iframe><a href="javascript:x()">a</a>'
        '<img src=x onerror=alert(1)><style>body{}</style><code class="x onload">c</code>'
    )
    assert unsafe_markup(html) == []
    assert "javascript:" not in html


def test_code_blocks_are_kept_and_escaped():
    html = render_markdown("```python\nif a < b:\n    print('<script>')\n```")
    assert '<pre><code class="language-python">' in html
    assert "a &lt; b" in html
    assert "&lt;script&gt;" in html


def test_inline_code_is_kept():
    assert "<code>rm -rf</code>" in render_markdown("Use `rm -rf` carefully")


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[Samaritans](https://www.samaritans.org)")
    assert f'rel="{LINK_REL}"' in html
    assert 'href="https://www.samaritans.org"' in html


def test_bare_urls_become_safe_links():
    html = render_markdown("See https://findahelpline.com for numbers")
    assert 'href="https://findahelpline.com"' in html
    assert f'rel="{LINK_REL}"' in html


def test_urls_inside_code_are_not_linked():
    html = render_markdown("`https://example.org`")
    assert "<a" not in html


def test_images_are_not_embedded():
    html = render_markdown("![tracker](https://example.org/pixel.gif)")
    assert "<img" not in html


def test_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_quote_as_markdown_attributes_and_quotes_every_line():
    quoted = quote_as_markdown("Grace", "first line\n\nsecond line")
    assert quoted.startswith("**Grace** wrote:\n> first line\n>\n> second line")
