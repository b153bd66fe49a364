"""Every URL pattern the project routes, for tests that visit them all (the bad-input sweep, the
canary crawl), walked from Django's URL resolver through every include, allauth's and the admin's
included. A URL routed tomorrow is visited tomorrow, with no list to keep in step.

Each pattern becomes a `Route`: its reversible name ("forum:thread"), the route string as the
resolver joins it ("t/<slug:slug>/<int:pk>/"; a regular expression where a pattern is one) and its
parameters with their converters ({"slug": "slug", "pk": "int"}; "regex" for a named group of a
regular expression). Values are chosen by parameter name, so one dict serves every route:

    values = {"pk": post.pk, "slug": thread.slug, "token": token}
    for route in all_routes():
        if route.can_fill(values):
            client.get(route.url(**values))
    unfilled = unfillable(all_routes(), values)  # say which were left out, and why

Only the resolver's public API is used: `url_patterns`, URLResolver and URLPattern, each
pattern's `converters`, and `reverse`.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

# A parameter of a path() route, as Django writes it: "<int:pk>", or "<token>" for a str.
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# What reverse() leaves unquoted in a path.
SAFE_IN_PATH = "/~:@!$&'()*+,;="


@dataclass(frozen=True)
class Route:
    """One URL pattern, with everything needed to request it."""

    name: str | None  # with its namespaces, as reverse() takes it; None for an unnamed pattern
    route: str  # the patterns from the root to this one, joined
    params: dict[str, str] = field(hash=False)  # parameter name -> converter ("int", "slug", "regex"…)
    patterns: tuple = field(repr=False, compare=False, hash=False)  # the resolver's, root first

    @property
    def namespace(self) -> str | None:
        if self.name is None or ":" not in self.name:
            return None
        return self.name.rpartition(":")[0]

    def can_fill(self, values: Mapping[str, object]) -> bool:
        """Whether VALUES has every parameter this route takes, and the route can be built."""
        return self.unfillable_because(values) is None

    def unfillable_because(self, values: Mapping[str, object]) -> str | None:
        missing = sorted(set(self.params) - set(values))
        if missing:
            return f"no value for {', '.join(missing)}"
        if self.name is None and not all(isinstance(p, RoutePattern) for p in self.patterns):
            return "an unnamed regular expression: nothing to reverse it by"
        return None

    def url(self, **values: object) -> str:
        """This route's path with its parameters taken by name from VALUES (others are ignored).

        Named routes go through reverse(), which checks each value against its converter. An
        unnamed path() route (the admin's bare object URLs) is built from its route strings, each
        value written by its converter and quoted, unchecked: any value may be tried."""
        reason = self.unfillable_because(values)
        if reason is not None:
            raise ValueError(f"Can't build {self.name or self.route}: {reason}")
        if self.name is not None:
            return reverse(self.name, kwargs={name: values[name] for name in self.params})
        return "/" + "".join(_fill(pattern, values) for pattern in self.patterns)


def all_routes() -> list[Route]:
    """Every URL pattern of the root URLconf, in the order the resolver tries them."""
    return list(_walk(get_resolver().url_patterns, (), None))


def unfillable(routes: Iterable[Route], values: Mapping[str, object]) -> dict[Route, str]:
    """The routes VALUES can't fill, each with the reason."""
    return {route: reason for route in routes if (reason := route.unfillable_because(values))}


def _walk(patterns: Iterable, parents: tuple, namespace: str | None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, (*parents, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            chain = (*parents, entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            params = {}
            for pattern in chain:
                params.update(_parameters(pattern))
            yield Route(name=name, route="".join(str(p) for p in chain), params=params, patterns=chain)


def _parameters(pattern) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        return {
            match["name"]: match["converter"] or "str" for match in ROUTE_PARAMETER.finditer(str(pattern))
        }
    return dict.fromkeys(pattern.regex.groupindex, "regex")  # a re_path(): its named groups


def _fill(pattern: RoutePattern, values: Mapping[str, object]) -> str:
    def value(match: re.Match) -> str:
        converter = pattern.converters[match["name"]]
        return quote(str(converter.to_url(values[match["name"]])), safe=SAFE_IN_PATH)

    return ROUTE_PARAMETER.sub(value, str(pattern))
