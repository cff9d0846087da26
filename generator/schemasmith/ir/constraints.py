"""The validation keywords of a field's schema that no IR type carries (pattern, bounds, sizes).

Targets that describe a schema to people (the site's pages) show them in words; the code targets
leave them to the validator, so they are kept as data here, not as types. Only keywords whose
value is a plain JSON scalar of the expected kind are taken: anything else is not shown rather
than shown wrongly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# In the order a reader expects them: what the text looks like, then how big numbers and
# collections may be.
KEYWORDS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("pattern", lambda v: isinstance(v, str)),
    ("minLength", lambda v: _count(v)),
    ("maxLength", lambda v: _count(v)),
    ("contentEncoding", lambda v: isinstance(v, str)),
    ("contentMediaType", lambda v: isinstance(v, str)),
    ("minimum", lambda v: _number(v)),
    ("exclusiveMinimum", lambda v: _number(v) or isinstance(v, bool)),
    ("maximum", lambda v: _number(v)),
    ("exclusiveMaximum", lambda v: _number(v) or isinstance(v, bool)),
    ("multipleOf", lambda v: _number(v)),
    ("minItems", lambda v: _count(v)),
    ("maxItems", lambda v: _count(v)),
    ("uniqueItems", lambda v: isinstance(v, bool)),
    ("minProperties", lambda v: _count(v)),
    ("maxProperties", lambda v: _count(v)),
)

_NAMES = frozenset(keyword for keyword, _ in KEYWORDS)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return _number(value) and float(value).is_integer() and value >= 0


def constraints_of(schema: Any, normalized: Callable[[dict[str, Any]], dict[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """(keyword, value) pairs from ``schema`` and, for a nullable one, from its non-null branch.

    Normalizing moves `type: [T, "null"]`'s keywords into T's `anyOf` branch, so that branch is
    where a nullable field's pattern or bounds are found.
    """
    if not isinstance(schema, dict):
        return ()
    schema = normalized(schema)
    sources = [schema]
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            rest = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(rest) == 1 and isinstance(rest[0], dict):
                sources.append(normalized(rest[0]))
    found: dict[str, Any] = {}
    for source in sources:
        if _NAMES.isdisjoint(source):
            continue  # most fields' schemas (36,000 for GitHub's API description): no keyword to try
        for keyword, accepts in KEYWORDS:
            if keyword in source and keyword not in found and accepts(source[keyword]):
                found[keyword] = source[keyword]
    return tuple((keyword, found[keyword]) for keyword, _ in KEYWORDS if keyword in found)
