"""Markdown to safe HTML: the one place user text becomes markup.

CommonMark (markdown-it-py) renders the text with raw HTML disabled, so `<b>` typed by a member
shows as text. bleach then sanitises the result against a safe-list anyway, so nothing outside
that list can reach a page even if the renderer changes, and turns bare URLs into links. Every
link gets rel="nofollow ugc noopener". Posts are rendered once, when saved.
"""

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "ol": ["start"],
    "code": ["class"],
    "th": ["style"],
    "td": ["style"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _allow_text_align_only(tag, name, value):
    if name == "style":
        return value in {"text-align:left", "text-align:right", "text-align:center"}
    return name in ALLOWED_ATTRIBUTES.get(tag, [])


def _code_class(tag, name, value):
    if tag == "code" and name == "class":
        return value.startswith("language-") and value[9:].replace("-", "").isalnum()
    return _allow_text_align_only(tag, name, value)


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_code_class,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


def sanitize_html(html: str) -> str:
    """Reduce HTML to the safe-list; every surviving link gets LINK_REL."""
    return _cleaner.clean(html)


def render_markdown(text: str) -> str:
    """Render member-written Markdown to sanitised HTML, ready to mark safe in templates."""
    return sanitize_html(_markdown.render(text))


def quote_as_markdown(author_name: str, text: str) -> str:
    """A Markdown blockquote of TEXT for the reply box, attributed to AUTHOR_NAME."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())
    return f"**{author_name}** wrote:\n{quoted}\n\n"
