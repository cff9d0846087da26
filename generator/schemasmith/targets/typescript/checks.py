"""The assertion keywords' checks in the TypeScript loaders: a type's decoder wrapped in them,
and the cheap inline condition ``FromWire`` tries first for a scalar with checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...escaping import ts_string
from ...ir.nodes import ArrayType, Checks, MapType, PrimitiveType, TupleType, TypeRef

if TYPE_CHECKING:
    from .target import TypeScriptTypes


def checked_decoder(types: TypeScriptTypes, t: TypeRef, checks: Checks, base: str) -> str:
    """The type's decoder ``base`` wrapped in its assertion keywords' checks, then its rule."""
    wrapped = _checked_decoder(types, t, checks, base)
    if checks.rule is None:
        return wrapped
    types.uses.add("rules")
    return types.named_decoder(f"checkedRule({wrapped}, {checks.rule})", t)


def _checked_decoder(types: TypeScriptTypes, t: TypeRef, checks: Checks, base: str) -> str:
    match t:
        case PrimitiveType() if t.kind in ("number", "integer") and checks.numeric:
            types.uses.add("number")
            bounds = (checks.minimum, checks.exclusive_minimum, checks.maximum, checks.exclusive_maximum,
                      checks.multiple_of)
            floating = isinstance(checks.multiple_of, float)
            return types.named_decoder(
                f"checkedNumber({base}, {', '.join(_number(b) for b in bounds)}, {_bool(floating)})", t
            )
        case PrimitiveType() if t.kind == "string" and checks.textual:
            types.uses.add("string")
            pattern = checks.runnable_pattern
            # The pattern is ECMA-262 already: JavaScript reads it as the schema means it.
            compiled = "null" if pattern is None else f"new RegExp({ts_string(pattern.source)}, \"u\")"
            source = ts_string(pattern.source) if pattern is not None else '""'
            longest = "null" if pattern is None or pattern.max_length is None else str(pattern.max_length)
            maximum = "null" if checks.max_length is None else str(checks.max_length)
            return types.named_decoder(
                f"checkedString({base}, {checks.min_length or 0}, {maximum}, {compiled}, {source}, {longest})", t
            )
        case ArrayType() | TupleType() if checks.sized:
            types.uses.add("array")
            maximum = "null" if checks.max_items is None else str(checks.max_items)
            return types.named_decoder(
                f"checkedArray({base}, {checks.min_items or 0}, {maximum}, {_bool(checks.unique_items)})", t
            )
        case MapType() if checks.counted:
            types.uses.add("object")
            maximum = "null" if checks.max_properties is None else str(checks.max_properties)
            return types.named_decoder(f"checkedObject({base}, {checks.min_properties or 0}, {maximum})", t)
        case _:
            return base


def inline_check(types: TypeScriptTypes, t: TypeRef, local: str) -> str | None:
    """A condition on ``local`` true only when it passes ``t``'s type and checks unchanged (a
    scalar with checks); None when there is no such cheap test."""
    if not isinstance(t, PrimitiveType) or t.checks is None or t.format is not None or t.checks.rule is not None:
        return None
    checks = t.checks
    if t.kind == "string" and not checks.numeric:
        parts = [f'typeof {local} === "string"']
        # UTF-16 units bound the code points: at most the units, at least half of them.
        if checks.min_length:
            parts.append(f"{local}.length >= {2 * checks.min_length}")
        if checks.max_length is not None:
            parts.append(f"{local}.length <= {checks.max_length}")
        pattern = checks.runnable_pattern
        if pattern is not None:
            if pattern.max_length is not None:
                return None
            name = types.constant(f"new RegExp({ts_string(pattern.source)}, \"u\")", "pattern")
            parts.append(f"{name}.test({local})")
        return " && ".join(parts)
    if t.kind in ("integer", "number") and checks.multiple_of is None:
        parts = [f"Number.isInteger({local})" if t.kind == "integer" else f'typeof {local} === "number" && {local} - {local} === 0']
        for bound, op in ((checks.minimum, ">="), (checks.exclusive_minimum, ">"), (checks.maximum, "<="),
                          (checks.exclusive_maximum, "<")):
            if bound is not None:
                parts.append(f"({local}{types.ts(' as number')}) {op} {_number(bound)}")
        return " && ".join(parts)
    return None


def _number(value: int | float | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, int) and abs(value) > 2**53:
        # A double is what JavaScript compares with; beyond one, the bound is past every number.
        try:
            return repr(float(value))
        except OverflowError:
            return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"
