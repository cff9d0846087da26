"""The assertion keywords' checks in the Python loaders: a type's decoder wrapped in them, and
the cheap inline test ``from_dict`` tries first for a scalar with checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...escaping import py_string
from ...ir.nodes import ArrayType, Checks, EnumType, MapType, PrimitiveType, TupleType, TypeRef, UnionType, json_types, resolved

if TYPE_CHECKING:
    from .target import PythonTypes


def checked_decoder(types: PythonTypes, t: TypeRef, checks: Checks, base: str) -> str:
    """The type's decoder ``base`` wrapped in its assertion keywords' checks, then its rule."""
    wrapped = _checked_decoder(types, t, checks, base)
    if checks.rule is None:
        return wrapped
    types.uses.add("rules")
    return types.combinator(f"_checked_rule({wrapped}, {checks.rule})")


def _checked_decoder(types: PythonTypes, t: TypeRef, checks: Checks, base: str) -> str:
    match t:
        case PrimitiveType() if t.kind in ("number", "integer") and checks.numeric:
            types.uses.add("number")
            if isinstance(checks.multiple_of, float):
                types.uses.add("fraction")
            bounds = (checks.minimum, checks.exclusive_minimum, checks.maximum, checks.exclusive_maximum,
                      checks.multiple_of)
            return types.combinator(f"_checked_number({base}, {', '.join(number_literal(b) for b in bounds)})")
        case PrimitiveType() if t.kind == "string" and checks.textual:
            types.uses.add("string")
            pattern = checks.runnable_pattern
            compiled = "None" if pattern is None or pattern.python is None else compiled_pattern(types, pattern.python)
            source = py_string(pattern.source) if pattern is not None else '""'
            longest = "None" if pattern is None or pattern.max_length is None else str(pattern.max_length)
            maximum = "None" if checks.max_length is None else str(checks.max_length)
            return types.combinator(
                f"_checked_string({base}, {checks.min_length or 0}, {maximum}, {compiled}, {source}, {longest})"
            )
        case ArrayType() | TupleType() if checks.sized:
            types.uses.add("array")
            maximum = "None" if checks.max_items is None else str(checks.max_items)
            return types.combinator(
                f"_checked_array({base}, {checks.min_items or 0}, {maximum}, {checks.unique_items})"
            )
        case MapType() if checks.counted:
            types.uses.add("object")
            maximum = "None" if checks.max_properties is None else str(checks.max_properties)
            return types.combinator(f"_checked_object({base}, {checks.min_properties or 0}, {maximum})")
        case _:
            return base


def inline_check(types: PythonTypes, t: TypeRef) -> str | None:
    """An expression over ``value``, true only when it passes ``t``'s type and checks unchanged
    (a scalar with checks); None when there is no such cheap test."""
    if not isinstance(t, PrimitiveType) or t.checks is None or t.format is not None or t.checks.rule is not None:
        return None
    checks = t.checks
    if t.kind == "string" and not checks.numeric:
        parts = ["type(value) is str"]
        if checks.min_length:
            parts.append(f"len(value) >= {checks.min_length}")
        if checks.max_length is not None:
            parts.append(f"len(value) <= {checks.max_length}")
        pattern = _inline_pattern(types, checks)
        if pattern is None:
            return None
        if pattern:
            parts.append(f"{pattern}.search(value) is not None")
        return "(" + " and ".join(parts) + ")"
    if t.kind in ("integer", "number") and checks.multiple_of is None:
        kind = "type(value) is int" if t.kind == "integer" else "(type(value) is int or type(value) is float and value - value == 0.0)"
        parts = [kind]
        for bound, op in ((checks.minimum, ">="), (checks.exclusive_minimum, ">"), (checks.maximum, "<="),
                          (checks.exclusive_maximum, "<")):
            if bound is not None:
                parts.append(f"value {op} {number_literal(bound)}")
        return "(" + " and ".join(parts) + ")"
    return None


def fast_test(types: PythonTypes, t: TypeRef) -> tuple[str, bool] | None:
    """For from_dict's fast path: an expression over ``value`` true only when the value passes
    ``t`` and its decoder would return it unchanged, or (second: True) as a copy of the list it is
    (an array of scalars); None when there is no such cheap test."""
    passes = inline_check(types, t)
    if passes is not None:
        return passes, False
    match t:
        case EnumType() if t.values and all(type(v) is str for v in t.values):
            members = constant(types, "frozenset({" + ", ".join(py_string(v) for v in t.values) + "})", "values")
            return f"(value.__class__ is str and value in {members})", False
        case ArrayType():
            test = _array_test(types, t)
            return None if test is None else (test, True)
        case UnionType() if t.discriminator is None:
            # The union decodes a value with the one variant that takes its JSON type: a variant
            # sharing no JSON type with the others can be tested alone.
            tests, copies = [], False
            for variant in t.variants:
                others = frozenset().union(*(json_types(v) for v in t.variants if v is not variant))
                found = None if json_types(variant) & others else fast_test(types, resolved(variant))
                if found is not None:
                    tests.append(found[0])
                    copies = copies or found[1]
            if not tests:
                return None
            return (tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")"), copies
        case _:
            return None


# The exact Python type of each scalar an array test checks the items of, all at once.
_ITEM_TYPES = {"string": "str", "integer": "int", "boolean": "bool"}


def _array_test(types: PythonTypes, t: ArrayType) -> str | None:
    """An array of strings, integers or booleans, tested with C-level calls over all its items
    (``map``, ``min``, ``all``) rather than bytecode per item."""
    item, checks = resolved(t.items), t.checks
    if not isinstance(item, PrimitiveType) or item.kind not in _ITEM_TYPES or item.format is not None:
        return None
    kept = item.checks
    if (checks is not None and checks.rule is not None) or (kept is not None and (kept.rule is not None or kept.multiple_of is not None)):
        return None
    parts = ["type(value) is list"]
    if checks is not None and checks.min_items:
        parts.append(f"len(value) >= {checks.min_items}")
    if checks is not None and checks.max_items is not None:
        parts.append(f"len(value) <= {checks.max_items}")
    parts.append(f"{types.type_set((_ITEM_TYPES[item.kind],))}.issuperset(map(type, value))")
    if kept is not None and item.kind == "string":
        if kept.numeric:
            return None
        if kept.min_length:
            parts.append(f"min(map(len, value), default={kept.min_length}) >= {kept.min_length}")
        if kept.max_length is not None:
            parts.append(f"max(map(len, value), default=0) <= {kept.max_length}")
        pattern = _inline_pattern(types, kept)
        if pattern is None:
            return None
        if pattern:
            parts.append(f"all(map({pattern}.search, value))")
    elif kept is not None and item.kind == "integer":
        if kept.textual:
            return None
        for bound, op, pick in ((kept.minimum, ">=", "min"), (kept.exclusive_minimum, ">", "min"),
                                (kept.maximum, "<=", "max"), (kept.exclusive_maximum, "<", "max")):
            if bound is not None:
                parts.append(f"(not value or {pick}(value) {op} {number_literal(bound)})")
    elif kept is not None:
        return None
    if checks is not None and checks.unique_items:
        # Exact strs, ints or bools: equal as JSON exactly when equal in a set.
        parts.append("len(set(value)) == len(value)")
    return "(" + " and ".join(parts) + ")"


def _inline_pattern(types: PythonTypes, checks: Checks) -> str | None:
    """The compiled pattern an inline test searches strings with: "" when ``checks`` has no pattern,
    None when its pattern cannot be searched inline (no Python form, or one whose input must be
    bounded first because it can backtrack) and the value takes the checked decoder instead."""
    pattern = checks.runnable_pattern
    if pattern is None:
        return ""
    if pattern.python is None or pattern.max_length is not None:
        return None
    return compiled_pattern(types, pattern.python)


def number_literal(value: int | float | None) -> str:
    if value is None:
        return "None"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return f'float("{value}")'
    return repr(value)


def compiled_pattern(types: PythonTypes, python: str) -> str:
    """A module-level compiled pattern."""
    return constant(types, f"re.compile({py_string(python)})", "pattern")


def constant(types: PythonTypes, expression: str, kind: str) -> str:
    """A module-level constant for ``expression``, named by the first property that uses it and
    ``kind`` (``_Order_sku_pattern``)."""
    if expression not in types.patterns:
        types.patterns[expression] = types.module_name(f"_{types.owner}_{kind}")
    return types.patterns[expression]
