"""Querysets that a page runs on every request, built and compiled to SQL once per worker.

Django builds a queryset and compiles it to SQL in Python on every request. For the queries of
the thread page and the thread lists (visibility rules, the member's own state, the author, the
last reply) that was about a third of the page's CPU on the benchmark machine: the last page of
the 300-reply thread at 1M posts took 13.2 ms of Python before and 7.9 ms after, while PostgreSQL
answers its queries in about one. Here each query is built once per worker for each *shape* of
viewer, from stand-in values, and compiled; later requests put their own values where the
stand-ins were and run the SQL through Django's own row-to-model code.

The shape is `visibility_shape(user)` (forum/models.py), every fact about the viewer that the
`visible_to`, `readable_by` and member-state rules branch on, plus whatever facts the caller says
change the SQL itself (which rows of a list a page reads). The viewer's id is a value, never part
of the SQL. With HAVEN_CHECK_PRECOMPILED_QUERIES (on in tests and with DEBUG) every fetch also
builds the query afresh from the real values and fails loudly if the SQL or its parameters
differ: a rule that starts to branch on something the shape leaves out fails the test suite
rather than showing one member's view to another.
"""

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ModelIterable, QuerySet

from forum.models import visibility_shape


class PrecompiledQueryMismatch(AssertionError):
    """The compiled SQL no longer matches what the builder produces for the same values."""


@dataclass(frozen=True)
class _Slot:
    """Where a value goes among a compiled query's parameters, and the type the backend gave it
    there (psycopg's Int4 in a range lookup, say)."""

    name: str
    kind: type


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: object  # the SQLCompiler that compiled it: knows how its rows become models
    sql: str | None  # None where the query can match nothing
    params: tuple  # constants, and a _Slot wherever a value goes


# Stand-ins unlike any value these queries are given, so that each one is recognised among the
# compiled parameters; integers far beyond any id or position, yet inside every integer column's
# range (Django compiles a lookup on a value its column cannot hold to no SQL at all).
_STAND_IN_BASE = 2_000_000_000
_BIGINT = range(-(2**63), 2**63)


def _stand_in(value: int | str, index: int) -> int | str:
    if isinstance(value, str):
        return f"haven-precompiled-stand-in-{index}"
    if isinstance(value, int) and not isinstance(value, bool):
        return _STAND_IN_BASE + index
    raise TypeError(f"Only integers and strings can be precompiled values, not {value!r}")


class PrecompiledQuery:
    """BUILD(viewer, **facts, **values) returns the queryset; `fetch` returns its rows as a list
    of models, `sql_with_params` its SQL for a caller to run.

    VALUES must be integers or strings that reach the SQL unchanged as parameters (ids, positions,
    slugs); the viewer's id is one (`viewer_id`) whenever the viewer is signed in. FACTS are
    whatever else changes the SQL itself (which rows of a list a page reads, say): each combination
    of them is compiled apart, and only the most recent `kept` compilations are kept."""

    def __init__(self, build: Callable[..., QuerySet], *, kept: int = 200):
        self._build = build
        self._kept = kept
        self._by_shape: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def fetch(self, viewer, *, facts: dict | None = None, **values: int | str) -> list:
        compiled, params = self._prepare(viewer, facts or {}, values)
        if compiled is None:
            return []
        if (
            compiled.queryset._iterable_class is not ModelIterable
            or compiled.queryset._prefetch_related_lookups
        ):
            raise TypeError("Only querysets of model rows without prefetch_related can be fetched.")
        return _run(compiled, params)

    def sql_with_params(
        self, viewer, *, facts: dict | None = None, **values: int | str
    ) -> tuple[str | None, tuple]:
        """The SQL and its parameters, for a caller that runs it inside SQL of its own; (None, ())
        where the query can match nothing."""
        compiled, params = self._prepare(viewer, facts or {}, values)
        return (None, ()) if compiled is None else (compiled.sql, params)

    def _prepare(self, viewer, facts: dict, values: dict) -> tuple[_Compiled | None, tuple]:
        if any(isinstance(value, int) and value not in _BIGINT for value in values.values()):
            return None, ()  # no row holds such a number (an id typed into an address, say)
        # Which values are given is part of the shape: an optional filter changes the SQL.
        shape = (visibility_shape(viewer), tuple(sorted(values)), *sorted(facts.items()))
        compiled = self._by_shape.get(shape)
        if compiled is None:
            with self._lock:  # threaded servers (runserver, tests' live server) share the dict
                if len(self._by_shape) >= self._kept:
                    self._by_shape.pop(next(iter(self._by_shape)))  # the oldest
                compiled = self._by_shape[shape] = self._compile(viewer, facts, values)
        if viewer.is_authenticated:
            values["viewer_id"] = viewer.pk
        params = tuple(
            part.kind(values[part.name]) if isinstance(part, _Slot) else part for part in compiled.params
        )
        if settings.HAVEN_CHECK_PRECOMPILED_QUERIES:
            self._check(compiled, params, viewer, facts, values)
        if compiled.sql is None:
            return None, ()
        return compiled, params

    def _compile(self, viewer, facts: dict, values: dict) -> _Compiled:
        names = sorted(values)
        stand_ins = {name: _stand_in(values[name], index) for index, name in enumerate(names)}
        stand_in_viewer = viewer
        if viewer.is_authenticated:
            stand_in_viewer = copy.copy(viewer)
            stand_in_viewer.pk = stand_ins["viewer_id"] = _stand_in(viewer.pk, len(names))
        queryset = self._build(stand_in_viewer, **facts, **{name: stand_ins[name] for name in names})
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = _sql_of(compiler)
        if sql is None:
            return _Compiled(queryset, compiler, None, ())
        name_of = {value: name for name, value in stand_ins.items()}
        parts = tuple(
            _Slot(name_of[param], type(param))
            if isinstance(param, int | str) and not isinstance(param, bool) and param in name_of
            else param
            for param in params
        )
        # The viewer's id may well be absent (a moderator's view depends on no one's id); any other
        # value that is absent was changed on its way, and swapping it in would be wrong.
        missing = set(names) - {part.name for part in parts if isinstance(part, _Slot)}
        if missing:
            raise TypeError(f"These values did not reach the SQL as parameters: {sorted(missing)}")
        return _Compiled(queryset, compiler, sql, parts)

    def _check(self, compiled: _Compiled, params: tuple, viewer, facts: dict, values: dict) -> None:
        values = {name: value for name, value in values.items() if name != "viewer_id"}
        queryset = self._build(viewer, **facts, **values)
        fresh = _sql_of(queryset.query.get_compiler(queryset.db))
        if fresh != (compiled.sql, params):
            raise PrecompiledQueryMismatch(
                "A precompiled query differs from the one built now: do visibility_shape() and the "
                f"facts name everything the query's rules branch on?\n{fresh}\n{(compiled.sql, params)}"
            )


def _sql_of(compiler) -> tuple[str | None, tuple]:
    """COMPILER's SQL and parameters; (None, ()) where the query can match nothing (the facts leave
    nothing to read, as on an empty list's first page)."""
    try:
        return compiler.as_sql()
    except EmptyResultSet:
        return None, ()


def _run(compiled: _Compiled, params: tuple) -> list:
    """The rows of COMPILED's SQL with PARAMS, as its queryset would return them."""
    template = compiled.queryset
    using = template.db
    compiler = copy.copy(compiled.compiler)  # shares the read-only column maps of the first compile
    compiler.connection, compiler.using = connections[using], using  # this thread's connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    query = copy.copy(template.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    queryset = QuerySet(model=template.model, query=query, using=using, hints=template._hints)
    queryset._fetch_mode = template._fetch_mode
    queryset._known_related_objects = template._known_related_objects
    return list(queryset)
