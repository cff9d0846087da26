"""``from_dict``'s fast path in the Python target: the order it merges a payload's properties in,
and the one condition that lets a usual payload through without per-property code.

The condition is built here, one test per line, each naming the properties (the positions of
``values``) it tests, so a reader of the generated code need not count.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...ir.nodes import AnyType, PrimitiveType, resolved
from .formats import NATIVE_FORMATS

if TYPE_CHECKING:
    from .target import PythonField, PythonTypes

# How far the condition's lines are indented in from_dict, for wrapping its comments.
_INDENT = 16
_WIDTH = 100


def date_time_shape(name: str) -> list[str]:
    """The RFC 3339 shapes datetime.fromisoformat may parse for the generated code, as ``and``-ed
    tests of the str in ``name``: one translate and one set lookup (see _DATE_TIME_SHAPES), then
    an offset minute and an hour in range, which fromisoformat would not check (it reads "+05:60"
    as +06:00, and newer Pythons read hour 24 as the next day)."""
    return [
        f"{name}.isascii()",
        f"{name}.encode().translate(_DATE_TIME_DIGITS) in _DATE_TIME_SHAPES",
        f'({name}[-1] == "Z" or {name}[-2] < "6")',
        f'({name}[11] < "2" or {name}[12] < "4")',
    ]


# For the fast path: the exact Python types a scalar's wire value may have to be kept as it is
# (bool is no int there, and a float integer goes to the precise path, which converts it).
_IDENTITY_TYPES = {
    "string": ("str",),
    "boolean": ("bool",),
    "integer": ("int",),
    "number": ("int", "float"),
    "null": ("type(None)",),
}


@dataclass(frozen=True)
class FastGroup:
    """Properties ``start:stop`` of the fast order, whose exact types must be in one frozenset."""

    start: int
    stop: int
    types: str  # the module-level frozenset's name


@dataclass(frozen=True)
class FastNumber:
    """A number property: a finite float, or another of ``types`` (int, and None/UNSET if allowed)."""

    position: int
    types: str


@dataclass(frozen=True)
class FastPath:
    """How ``from_dict`` checks and builds an instance with little bytecode per property.

    The payload is merged over a dict holding every declared wire name (UNSET) in ``order``: the
    scalars grouped by their exact types (so that a group is one slice of the merged values),
    numbers, then the rest in schema order. One set test per group checks the scalars; a required
    date-time's RFC 3339 shape is checked inline; the other properties decode one by one, in
    schema order, with the precise path's own expressions. Anything a test refuses goes to the
    precise path, which then reports the first error.
    """

    order: tuple[PythonField, ...]
    groups: tuple[FastGroup, ...]
    numbers: tuple[FastNumber, ...]
    stamps: tuple[int, ...]  # required date-times, shape-checked inline, parsed by fromisoformat
    present: tuple[int, ...]  # other required properties no type test checks (UNSET: missing)
    decoded: tuple[tuple[int, PythonField], ...]  # converted properties, in schema order
    names_are_wire_names: bool  # then the merged dict itself becomes the instance's __dict__
    condition: tuple[str, ...]  # the if's lines, each test after a comment naming what it tests


def _identity_types(f: PythonField) -> tuple[str, ...] | None:
    """The exact types that make the field's wire value its Python value; None: it is converted."""
    t = resolved(f.field.type)  # a named scalar's values are the scalar's
    if not isinstance(t, PrimitiveType) or (t.kind == "string" and t.format in NATIVE_FORMATS) or t.checks is not None:
        return None
    types = _IDENTITY_TYPES[t.kind]
    if f.nullable and "type(None)" not in types:
        types += ("type(None)",)
    return types if f.required else (*types, "Unset")


def fast_path(fields: list[PythonField], types: PythonTypes, closed: bool) -> FastPath:
    identity = {f.wire_name: _identity_types(f) for f in fields}
    grouped: dict[tuple[str, ...], list[PythonField]] = {}
    for f in fields:
        allowed = identity[f.wire_name]
        if allowed is not None and not _is_number(f):
            grouped.setdefault(allowed, []).append(f)
    numbers = [f for f in fields if _is_number(f)]
    converted = [f for f in fields if identity[f.wire_name] is None]
    order = [f for members in grouped.values() for f in members] + numbers + converted
    position = {f.wire_name: index for index, f in enumerate(order)}
    groups, start = [], 0
    for allowed, members in grouped.items():
        groups.append(FastGroup(start, start + len(members), types.type_set(allowed)))
        start += len(members)
    stamps = {f.wire_name for f in converted if _is_date_time(f) and f.required and not f.nullable}
    numbered = tuple(
        FastNumber(position[f.wire_name], types.type_set(tuple(t for t in identity[f.wire_name] or () if t != "float")))
        for f in numbers
    )
    stamp_positions = tuple(position[f.wire_name] for f in converted if f.wire_name in stamps)
    present = tuple(position[f.wire_name] for f in converted if f.required and f.wire_name not in stamps)
    condition = _condition(order, groups, numbered, stamp_positions, present, closed)
    return FastPath(
        order=tuple(order),
        groups=tuple(groups),
        numbers=numbered,
        stamps=stamp_positions,
        present=present,
        # Any-typed properties need no decoding: the wire value is the value, UNSET when absent.
        decoded=tuple((position[f.wire_name], f) for f in converted if not isinstance(resolved(f.field.type), AnyType)),
        names_are_wire_names=all(f.name == f.wire_name for f in fields),
        condition=condition,
    )


def _condition(
    order: list[PythonField],
    groups: list[FastGroup],
    numbers: tuple[FastNumber, ...],
    stamps: tuple[int, ...],
    present: tuple[int, ...],
    closed: bool,
) -> tuple[str, ...]:
    """The fast path's test, as lines: each test is preceded by a comment naming the properties
    whose positions in ``values`` it reads; all but the first start with ``and``."""
    tests: list[tuple[str, list[str]]] = []  # (comment, lines)
    if closed:
        tests.append(("no property the schema does not declare", [f"len(merged) == {len(order)}"]))
    for g in groups:
        names = [f.wire_name for f in order[g.start:g.stop]]
        if g.stop - g.start > 2:
            tests.append((f"values[{g.start}:{g.stop}]: {', '.join(names)}",
                          [f"{g.types}.issuperset(map(type, values[{g.start}:{g.stop}]))"]))
        else:
            for i in range(g.start, g.stop):
                tests.append((f"values[{i}]: {order[i].wire_name}", [f"type(values[{i}]) in {g.types}"]))
    for n in numbers:
        tests.append((
            f"values[{n.position}]: {order[n.position].wire_name}, a finite float or exactly one of {n.types}",
            [f"(type(number := values[{n.position}]) is float and number - number == 0.0 or type(number) in {n.types})"],
        ))
    for i in stamps:
        tests.append((f"values[{i}]: {order[i].wire_name}, in a shape fromisoformat reads as RFC 3339 does",
                      [f"type(stamp := values[{i}]) is str", *date_time_shape("stamp")]))
    for i in present:
        tests.append((f"values[{i}]: {order[i].wire_name}, required", [f"values[{i}] is not UNSET"]))
    if not tests:
        return ("True",)
    lines: list[str] = []
    for index, (comment, test) in enumerate(tests):
        # A wire name may hold a line break or anything else: the comment shows it as Python would.
        text = comment.encode("unicode_escape").decode("ascii")
        lines += ["# " + part for part in textwrap.wrap(text, _WIDTH - _INDENT - 2, break_on_hyphens=False)]
        lines += [("and " if index else "") + test[0]]
        lines += ["and " + part for part in test[1:]]
    return tuple(lines)


def _is_date_time(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "string" and t.format == "date-time" and t.checks is None


def _is_number(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "number" and t.checks is None


