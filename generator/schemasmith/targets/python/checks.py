"""The assertion keywords' checks in the Python loaders: a type's decoder wrapped in them, and
the cheap inline test ``from_dict`` tries first for a scalar with checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...escaping import py_string
from ...ir.nodes import ArrayType, Checks, MapType, PrimitiveType, TupleType, TypeRef

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
        pattern = checks.runnable_pattern
        if pattern is not None:
            if pattern.python is None or pattern.max_length is not None:
                return None
            parts.append(f"{compiled_pattern(types, pattern.python)}.search(value) is not None")
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
