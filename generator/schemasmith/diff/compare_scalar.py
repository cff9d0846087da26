"""Scalar branches (boolean, number, string, null): enum values, bounds, multipleOf, pattern, format.

Where one side is a short list of values (an enum, a boolean, null) its effect is decided exactly:
each of those values is checked against the other side's branch. Otherwise each keyword narrows
(backward breaks) or widens (forward breaks) on its own.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

from .branches import Branch
from .findings import BREAKING, COMPATIBLE, Finding
from .values import accepts, int_bound, json_key, multiples, numeric_bounds, tighter_lower, tighter_upper

if TYPE_CHECKING:
    from .compare import Differ


def compare_scalar(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out = _enum(differ, x, y)
    if x.type == "number":
        out.extend(_number(differ, x, y))
    elif x.type == "string":
        out.extend(_string(differ, x, y))
    return _exact(differ, x, y, out)


def _enum(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    if x.enum is None and y.enum is None:
        return []
    old_pointer = x.enum_pointer or x.pointer
    new_pointer = y.enum_pointer or y.pointer
    if x.enum is None:
        return [differ.finding("ENUM_ADDED", old_pointer, new_pointer, f"{y.label()} values limited to {len(y.enum or [])}")]
    if y.enum is None:
        return [differ.finding("ENUM_REMOVED", old_pointer, new_pointer, f"{x.label()} values no longer limited")]
    new_keys = {json_key(v) for v in y.enum}
    old_keys = {json_key(v) for v in x.enum}
    out = [differ.finding("ENUM_VALUE_REMOVED", old_pointer, new_pointer, f"value {_text(v)} is no longer valid")
           for v in x.enum if json_key(v) not in new_keys]
    out += [differ.finding("ENUM_VALUE_ADDED", old_pointer, new_pointer, f"value {_text(v)} is now valid")
            for v in y.enum if json_key(v) not in old_keys]
    return out


def _number(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out = []
    type_o, type_n = _pointer(x, "type"), _pointer(y, "type")
    if x.integer and not y.integer:
        out.append(differ.finding("TYPE_WIDENED", type_o, type_n, "type integer -> number"))
    elif y.integer and not x.integer:
        out.append(differ.finding("TYPE_NARROWED", type_o, type_n, "type number -> integer"))
    lower_o, upper_o = numeric_bounds(x)
    lower_n, upper_n = numeric_bounds(y)
    lo, ln = _pointer(x, "minimum", "exclusiveMinimum"), _pointer(y, "minimum", "exclusiveMinimum")
    if tighter_lower(lower_n, lower_o):
        out.append(differ.finding("MINIMUM_TIGHTENED", lo, ln, f"lower bound {_bound(lower_o, '>')} -> {_bound(lower_n, '>')}"))
    elif tighter_lower(lower_o, lower_n):
        out.append(differ.finding("MINIMUM_LOOSENED", lo, ln, f"lower bound {_bound(lower_o, '>')} -> {_bound(lower_n, '>')}"))
    uo, un = _pointer(x, "maximum", "exclusiveMaximum"), _pointer(y, "maximum", "exclusiveMaximum")
    if tighter_upper(upper_n, upper_o):
        out.append(differ.finding("MAXIMUM_TIGHTENED", uo, un, f"upper bound {_bound(upper_o, '<')} -> {_bound(upper_n, '<')}"))
    elif tighter_upper(upper_o, upper_n):
        out.append(differ.finding("MAXIMUM_LOOSENED", uo, un, f"upper bound {_bound(upper_o, '<')} -> {_bound(upper_n, '<')}"))
    mo, mn = _lcm(multiples(x)), _lcm(multiples(y))
    po, pn = _pointer(x, "multipleOf"), _pointer(y, "multipleOf")
    if mo != mn:
        text = f"multipleOf {_num(mo)} -> {_num(mn)}"
        if mo is None:
            out.append(differ.finding("MULTIPLE_OF_TIGHTENED", po, pn, text))
        elif mn is None:
            out.append(differ.finding("MULTIPLE_OF_LOOSENED", po, pn, text))
        elif (mo / mn).denominator == 1:
            out.append(differ.finding("MULTIPLE_OF_LOOSENED", po, pn, text))
        elif (mn / mo).denominator == 1:
            out.append(differ.finding("MULTIPLE_OF_TIGHTENED", po, pn, text))
        else:
            out.append(differ.finding("MULTIPLE_OF_CHANGED", po, pn, text))
    return out


def _string(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out = []
    for keyword, rule, lower in (("minLength", "MIN_LENGTH", True), ("maxLength", "MAX_LENGTH", False)):
        out.extend(count_bound(differ, x, y, keyword, rule, lower))
    for keyword, stem in (("pattern", "PATTERN"), ("format", "FORMAT")):
        olds = {o.value for o in x.flat.get(keyword) if isinstance(o.value, str)}
        news = {o.value for o in y.flat.get(keyword) if isinstance(o.value, str)}
        if olds == news:
            continue
        text = f"{keyword} {_set(olds)} -> {_set(news)}"
        po, pn = _pointer(x, keyword), _pointer(y, keyword)
        if olds <= news:
            out.append(differ.finding(f"{stem}_ADDED", po, pn, text))
        elif news <= olds:
            out.append(differ.finding(f"{stem}_REMOVED", po, pn, text))
        else:
            out.append(differ.finding(f"{stem}_CHANGED", po, pn, text))
    return out


def count_bound(differ: Differ, x: Branch, y: Branch, keyword: str, rule: str, lower: bool) -> list[Finding]:
    """minLength/maxLength, minItems/maxItems, minProperties/maxProperties: counts, tighter or looser."""
    old, new = int_bound(x, keyword, lower), int_bound(y, keyword, lower)
    if lower:
        old, new = old or 0, new or 0  # 0 is no lower bound
    if old == new:
        return []
    if lower:
        tightened = new > old  # type: ignore[operator]
    else:
        tightened = old is None or (new is not None and new < old)
    text = f"{keyword} {_count(old)} -> {_count(new)}"
    name = f"{rule}_{'TIGHTENED' if tightened else 'LOOSENED'}"
    return [differ.finding(name, _pointer(x, keyword), _pointer(y, keyword), text)]


def _exact(differ: Differ, x: Branch, y: Branch, out: list[Finding]) -> list[Finding]:
    """Decide a direction exactly when its source side is a short list of values."""
    if not out:
        return out
    old_values, new_values = x.finite(), y.finite()
    backward_ok = old_values is not None and all(accepts(y, v, differ.new_format) is True for v in old_values)
    forward_ok = new_values is not None and all(accepts(x, v, differ.old_format) is True for v in new_values)
    adjusted = []
    for finding in out:
        if backward_ok and finding.backward != COMPATIBLE:
            finding = replace(finding, backward=COMPATIBLE)
        if forward_ok and finding.forward != COMPATIBLE:
            finding = replace(finding, forward=COMPATIBLE)
        adjusted.append(finding)
    # A value refused that no finding blames (cannot happen if the rules above are complete) still breaks.
    if old_values is not None and not backward_ok and all(f.backward == COMPATIBLE for f in adjusted):
        if any(accepts(y, v, differ.new_format) is False for v in old_values):
            adjusted[0] = replace(adjusted[0], backward=BREAKING)
    if new_values is not None and not forward_ok and all(f.forward == COMPATIBLE for f in adjusted):
        if any(accepts(x, v, differ.old_format) is False for v in new_values):
            adjusted[0] = replace(adjusted[0], forward=BREAKING)
    return adjusted


def _pointer(branch: Branch, *keywords: str) -> str:
    for keyword in keywords:
        occurrences = branch.flat.get(keyword)
        if occurrences:
            return occurrences[0].pointer(keyword)
    return branch.pointer


def _lcm(values: list[Fraction]) -> Fraction | None:
    if not values:
        return None
    result = values[0]
    for value in values[1:]:
        numerator = result.numerator * value.numerator // gcd(result.numerator, value.numerator)
        result = Fraction(numerator, gcd(result.denominator, value.denominator))
    return result


def _num(value: Fraction | None) -> str:
    if value is None:
        return "none"
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _bound(bound: tuple[object, bool] | None, sign: str) -> str:
    if bound is None:
        return "none"
    value = bound[0]
    text = _num(value) if isinstance(value, Fraction) else str(value)
    return f"{sign}{'' if bound[1] else '='} {text}"


def _count(value: int | None) -> str:
    return "none" if value is None else str(value)


def _set(values: set[str]) -> str:
    return ", ".join(sorted(repr(v) for v in values)) or "none"


def _text(value: object) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"
