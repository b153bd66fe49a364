"""Markdown to safe HTML: the one place user text becomes markup.

CommonMark (markdown-it-py) renders the text with raw HTML disabled, so `<b>` typed by a member
shows as text. bleach then sanitises the result against a safe-list anyway, so nothing outside
that list can reach a page even if the renderer changes, and turns bare URLs into links. Every
link gets rel="nofollow ugc noopener". Posts are rendered once, when saved.
"""

import html
import re
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
    "a": ["href", "title", "rel", "class"],
    "ol": ["start"],
    "code": ["class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

MENTION_START = re.compile(r"(?<![\w@])@(\w[\w .'-]{0,29})")


def mention_candidates(text: str) -> set[str]:
    """Lower-cased names that an "@" in TEXT might refer to: "@Maya L, hi" gives "maya l, hi",
    "maya l," … "maya". Display names may contain spaces, so every word-prefix is a candidate."""
    names = set()
    for match in MENTION_START.finditer(text):
        words = match.group(1).split(" ")
        for end in range(1, len(words) + 1):
            name = " ".join(words[:end]).rstrip(" .,'-")
            if len(name) >= 2:
                names.add(name.lower())
    return names


def _mention_rule(state, silent):
    """Inline rule: "@Name" becomes a link when env["mentions"] knows the name (longest wins)."""
    if state.src[state.pos] != "@" or (
        state.pos > 0 and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] == "@")
    ):
        return False
    mentions = state.env.get("mentions") or {}
    rest = state.src[state.pos + 1 : state.pos + 32]
    for name in sorted(mentions, key=len, reverse=True):
        after = rest[len(name) : len(name) + 1]
        if rest.lower().startswith(name) and not (after.isalnum() or after == "_"):
            if not silent:
                url, display_name = mentions[name]
                link = state.push("link_open", "a", 1)
                link.attrs = {"href": url, "class": "mention"}
                text = state.push("text", "", 0)
                text.content = f"@{display_name}"
                state.push("link_close", "a", -1)
            state.pos += 1 + len(name)
            return True
    return False


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_markdown.inline.ruler.before("emphasis", "mention", _mention_rule)


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _allowed_attribute(tag, name, value):
    if tag == "code" and name == "class":
        return value.startswith("language-") and value[9:].replace("-", "").isalnum()
    if tag == "a" and name == "class":
        return value == "mention"
    return name in ALLOWED_ATTRIBUTES.get(tag, [])


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


def sanitize_html(html: str) -> str:
    """Reduce HTML to the safe-list; every surviving link gets LINK_REL."""
    return _cleaner.clean(html)


def render_markdown(text: str, mentions: dict[str, tuple[str, str]] | None = None) -> str:
    """Render member-written Markdown to sanitised HTML, ready to mark safe in templates.

    MENTIONS maps lower-cased display names to (profile URL, display name); "@Name" for those
    becomes a profile link (never inside code).
    """
    return sanitize_html(_markdown.render(text, {"mentions": mentions or {}}))


def quote_as_markdown(author_name: str, text: str) -> str:
    """A Markdown blockquote of TEXT for the reply box, attributed to AUTHOR_NAME."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())
    return f"**{author_name}** wrote:\n{quoted}\n\n"


def passage_from(body_html: str, passage: str) -> str | None:
    """PASSAGE, trimmed, if a reader could have selected it in a post rendered as BODY_HTML (the
    same words in the same order, however the lines break); None otherwise, so that a quote can
    never attribute to an author words they did not write."""
    passage = passage.strip()
    words = passage.split()
    if not words:
        return None
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", body_html)).split())
    return passage if " ".join(words) in text else None
