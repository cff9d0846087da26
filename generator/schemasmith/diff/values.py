"""Semantic checks on values and bounds: JSON equality, numeric bounds, and whether a value passes a
branch's scalar keywords (what makes enums and booleans, finite sets, compare exactly)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .branches import Branch


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def json_key(value: Any) -> Any:
    """A hashable key equal for JSON-equal values: 1 and 1.0 alike, true and 1 apart."""
    if isinstance(value, bool) or value is None:
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", exact(value))
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("a", tuple(json_key(v) for v in value))
    if isinstance(value, dict):
        return ("o", tuple(sorted((k, json_key(v)) for k, v in value.items())))
    return ("?", repr(value))


def exact(number: Any) -> Fraction | float:
    """A number as written (0.1 is one tenth), for exact comparisons; infinities stay floats."""
    if isinstance(number, float) and not math.isfinite(number):
        return number
    if isinstance(number, float):
        return Fraction(repr(number))
    return Fraction(number)


# A bound is (value, exclusive). Lower bounds: higher is tighter; at equal values exclusive is tighter.
Bound = tuple[Any, bool]


def tighter_lower(a: Bound | None, b: Bound | None) -> bool:
    """Whether lower bound ``a`` excludes something ``b`` allows."""
    if a is None:
        return False
    if b is None:
        return True
    return a[0] > b[0] or (a[0] == b[0] and a[1] and not b[1])


def tighter_upper(a: Bound | None, b: Bound | None) -> bool:
    if a is None:
        return False
    if b is None:
        return True
    return a[0] < b[0] or (a[0] == b[0] and a[1] and not b[1])


def numeric_bounds(branch: Branch) -> tuple[Bound | None, Bound | None]:
    """The effective lower and upper bounds over every occurrence (draft 4's boolean
    ``exclusiveMinimum`` and later drafts' numeric one both read)."""
    lower: Bound | None = None
    upper: Bound | None = None
    flat = branch.flat
    for keyword, is_lower in (("minimum", True), ("maximum", False)):
        for occurrence in flat.get(keyword):
            if not _number(occurrence.value):
                continue
            exclusive_key = "exclusiveMinimum" if is_lower else "exclusiveMaximum"
            exclusive = occurrence.sub.schema.get(exclusive_key) is True if isinstance(occurrence.sub.schema, dict) else False
            bound = (exact(occurrence.value), exclusive)
            if is_lower and tighter_lower(bound, lower):
                lower = bound
            if not is_lower and tighter_upper(bound, upper):
                upper = bound
    for occurrence in flat.get("exclusiveMinimum"):
        if _number(occurrence.value) and tighter_lower((exact(occurrence.value), True), lower):
            lower = (exact(occurrence.value), True)
    for occurrence in flat.get("exclusiveMaximum"):
        if _number(occurrence.value) and tighter_upper((exact(occurrence.value), True), upper):
            upper = (exact(occurrence.value), True)
    return lower, upper


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def int_bound(branch: Branch, keyword: str, lower: bool) -> int | None:
    values = [o.value for o in branch.flat.get(keyword) if _number(o.value)]
    if not values:
        return None
    # minLength 2.0 is 2; a fractional bound means the next whole count inside it
    return int(math.ceil(max(values))) if lower else int(math.floor(min(values)))


def multiples(branch: Branch) -> list[Fraction]:
    return sorted({exact(o.value) for o in branch.flat.get("multipleOf") if _number(o.value) and o.value > 0})  # type: ignore[misc]


def divides(divisor: Fraction, number: Fraction) -> bool:
    return divisor != 0 and (number / divisor).denominator == 1


def code_points(text: str) -> int:
    return len(text)


# The keywords accepts() reads for a scalar branch; any other assertion present makes it unsure.
SCALAR_KEYWORDS = frozenset({"type", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                             "multipleOf", "minLength", "maxLength", "pattern", "format"})
_OTHER_TYPES = frozenset({"items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems",
                          "contains", "minContains", "maxContains", "properties", "patternProperties",
                          "additionalProperties", "required", "minProperties", "maxProperties",
                          "propertyNames", "dependencies", "dependentRequired", "dependentSchemas",
                          "unevaluatedProperties", "unevaluatedItems"})


def accepts(branch: Branch, value: Any, format_check: Any) -> bool | None:
    """Whether a scalar ``value`` of the branch's type passes the branch; None when unsure
    (a keyword this check does not read, a pattern that does not compile)."""
    if any(k not in SCALAR_KEYWORDS and k not in _OTHER_TYPES for k in branch.flat.keywords):
        return None
    if json_type(value) != branch.type:
        return False
    if branch.enum is not None and json_key(value) not in {json_key(v) for v in branch.enum}:
        return False
    if branch.type == "number":
        number = exact(value)
        if branch.integer and not float(value).is_integer():
            return False
        lower, upper = numeric_bounds(branch)
        if lower is not None and (number < lower[0] or (lower[1] and number == lower[0])):
            return False
        if upper is not None and (number > upper[0] or (upper[1] and number == upper[0])):
            return False
        if any(not divides(m, number) for m in multiples(branch) if isinstance(number, Fraction)):
            return False
    if branch.type == "string":
        minimum = int_bound(branch, "minLength", True)
        maximum = int_bound(branch, "maxLength", False)
        if minimum is not None and code_points(value) < minimum:
            return False
        if maximum is not None and code_points(value) > maximum:
            return False
        from ..validate.patterns import search

        for occurrence in branch.flat.get("pattern"):
            try:
                if not search(occurrence.value, value):
                    return False
            except Exception:  # noqa: BLE001 - a pattern the engines refuse: no verdict here
                return None
        for occurrence in branch.flat.get("format"):
            if format_check is not None and not format_check(value, occurrence.value):
                return False
    return True
