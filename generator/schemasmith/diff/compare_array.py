"""Array branches: items position by position (tuples in every draft's spelling), counts, uniqueness,
``contains``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .branches import Branch
from .compare_scalar import count_bound
from .findings import Finding
from .view import Sub, draft_of_here

if TYPE_CHECKING:
    from .compare import Differ


@dataclass
class _Layout:
    """One schema's word on items: typed leading positions, then what the rest must be (None: anything)."""

    prefix: list[Sub]
    rest: Sub | None


def layouts(branch: Branch) -> list[_Layout]:
    holders: dict[tuple[int, str], Sub] = {}
    for keyword in ("items", "prefixItems", "additionalItems"):
        for occurrence in branch.flat.get(keyword):
            holders.setdefault((id(occurrence.sub.schema), occurrence.sub.pointer), occurrence.sub)
    result = []
    for sub in holders.values():
        schema = sub.schema
        if draft_of_here(sub.here) >= 2020:
            prefix_list = schema.get("prefixItems", [])
            prefix = [sub.child(s, "prefixItems", i) for i, s in enumerate(prefix_list)] if isinstance(prefix_list, list) else []
            rest = sub.child(schema["items"], "items") if "items" in schema and not isinstance(schema["items"], list) else None
        else:
            items = schema.get("items")
            if isinstance(items, list):
                prefix = [sub.child(s, "items", i) for i, s in enumerate(items)]
                rest = sub.child(schema["additionalItems"], "additionalItems") if "additionalItems" in schema else None
            else:
                prefix = []
                rest = sub.child(items, "items") if "items" in schema else None
        result.append(_Layout(prefix, rest))
    return result


def _at(found: list[_Layout], index: int) -> list[Sub]:
    subs = []
    for layout in found:
        if index < len(layout.prefix):
            subs.append(layout.prefix[index])
        elif layout.rest is not None:
            subs.append(layout.rest)
    return subs


def _rest(found: list[_Layout]) -> list[Sub]:
    return [layout.rest for layout in found if layout.rest is not None]


def compare_array(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out: list[Finding] = []
    lo, ln = layouts(x), layouts(y)
    positions = max([len(layout.prefix) for layout in lo + ln], default=0)
    for index in range(positions):
        old = _at(lo, index) or [differ.placeholder(x.holder, "items")]
        new = _at(ln, index) or [differ.placeholder(y.holder, "items")]
        out.extend(differ.compare(old, new))
    old_rest = _rest(lo) or [differ.placeholder(x.holder, "items")]
    new_rest = _rest(ln) or [differ.placeholder(y.holder, "items")]
    out.extend(differ.compare(old_rest, new_rest))
    out.extend(count_bound(differ, x, y, "minItems", "MIN_ITEMS", True))
    out.extend(count_bound(differ, x, y, "maxItems", "MAX_ITEMS", False))
    unique_o = any(o.value is True for o in x.flat.get("uniqueItems"))
    unique_n = any(o.value is True for o in y.flat.get("uniqueItems"))
    if unique_n and not unique_o:
        out.append(differ.finding("UNIQUE_ITEMS_ADDED", x.pointer, _first(y, "uniqueItems"), "items must now be unique"))
    elif unique_o and not unique_n:
        out.append(differ.finding("UNIQUE_ITEMS_REMOVED", _first(x, "uniqueItems"), y.pointer, "items need no longer be unique"))
    contains_o = [o.child("contains") for o in x.flat.get("contains")]
    contains_n = [o.child("contains") for o in y.flat.get("contains")]
    if contains_n and not contains_o:
        out.append(differ.finding("CONTAINS_ADDED", x.pointer, contains_n[0].pointer, "an item matching contains is now required"))
    elif contains_o and not contains_n:
        out.append(differ.finding("CONTAINS_REMOVED", contains_o[0].pointer, y.pointer, "contains no longer required"))
    elif contains_o and len(contains_o) == len(contains_n):
        for a, b in zip(contains_o, contains_n):
            out.extend(differ.compare([a], [b]))  # a wider contains accepts more arrays
    elif contains_o:
        out.append(differ.finding("UNSUPPORTED_KEYWORD_CHANGED", contains_o[0].pointer, contains_n[0].pointer, "contains changed"))
    return out


def _first(branch: Branch, keyword: str) -> str:
    return branch.flat.get(keyword)[0].pointer(keyword)
