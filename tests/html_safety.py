"""Checks that rendered HTML contains only the sanitiser's safe-list (shared by the markup tests)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from forum.markup import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def unsafe_markup(html: str) -> list[str]:
    """Every tag, attribute or link scheme in HTML that is outside the safe-list."""
    collector = _Collector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.elements:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, []):
                problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                scheme = urlsplit(value or "").scheme.lower()
                if scheme and scheme not in ALLOWED_PROTOCOLS:
                    problems.append(f"scheme {scheme}: in href")
    return problems
