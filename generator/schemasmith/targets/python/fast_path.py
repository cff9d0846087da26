"""``from_dict``'s fast path in the Python target: the order it merges a payload's properties in,
and the one condition that lets a usual payload through without per-property code.

The condition is built here, one test per line, each naming the properties (the positions of
``values``) it tests, so a reader of the generated code need not count.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...ir.nodes import AnyType, PrimitiveType, resolved
from .formats import NATIVE_FORMATS
from ...escaping import py_string

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
    date-time's RFC 3339 shape is checked inline; so is every property with a cheap test of the
    whole value (a scalar's checks, a string enum, an array of scalars: kept, or the array
    copied, with no decoding to do); the other properties decode one by one, in schema order,
    with the precise path's own expressions. Anything a test refuses goes to the
    precise path, which then reports the first error.
    """

    order: tuple[PythonField, ...]
    groups: tuple[FastGroup, ...]
    numbers: tuple[FastNumber, ...]
    stamps: tuple[int, ...]  # required date-times, shape-checked inline, parsed by fromisoformat
    checked: tuple[int, ...]  # properties the condition checks whole (their ``inline`` test)
    present: tuple[int, ...]  # other required properties no type test checks (UNSET: missing)
    decoded: tuple[tuple[int, PythonField], ...]  # converted properties, in schema order
    names_are_wire_names: bool  # then the merged dict itself becomes the instance's __dict__
    sources: tuple[str, ...]  # how the code reads each position: ``values[i]``, or ``merged[name]``
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
    checked = tuple(position[f.wire_name] for f in converted if f.inline is not None and f.wire_name not in stamps)
    present = tuple(position[f.wire_name] for f in converted
                    if f.required and f.wire_name not in stamps and position[f.wire_name] not in checked)
    # The merged values as a tuple only where a group's types are tested as one slice of it:
    # otherwise looking each name up in the merged dict costs less than building the tuple.
    sliced = any(g.stop - g.start > 2 for g in groups)
    sources = tuple(f"values[{i}]" if sliced else f"merged[{py_string(f.wire_name)}]" for i, f in enumerate(order))
    condition = _condition(order, groups, numbered, stamp_positions, checked, present, closed, sources)
    return FastPath(
        order=tuple(order),
        groups=tuple(groups),
        numbers=numbered,
        stamps=stamp_positions,
        checked=checked,
        present=present,
        # Any-typed properties need no decoding: the wire value is the value, UNSET when absent;
        # nor do those the condition checked whole, unless a list is copied.
        decoded=tuple((position[f.wire_name], f) for f in converted
                      if not isinstance(resolved(f.field.type), AnyType) and f.fast_expr != "value"),
        names_are_wire_names=all(f.name == f.wire_name for f in fields),
        sources=sources,
        condition=condition,
    )


def _condition(
    order: list[PythonField],
    groups: list[FastGroup],
    numbers: tuple[FastNumber, ...],
    stamps: tuple[int, ...],
    checked: tuple[int, ...],
    present: tuple[int, ...],
    closed: bool,
    sources: tuple[str, ...],
) -> tuple[str, ...]:
    """The fast path's test, as lines: each test is preceded by a comment naming the properties
    it reads (and their positions in ``values`` when it is built); all but the first start with
    ``and``."""
    tests: list[tuple[str, list[str]]] = []  # (comment, lines)

    def at(i: int) -> str:
        return f"values[{i}]: " if sources[i].startswith("values") else ""

    if closed:
        tests.append(("no property the schema does not declare", [f"len(merged) == {len(order)}"]))
    for g in groups:
        names = [f.wire_name for f in order[g.start:g.stop]]
        if g.stop - g.start > 2:
            tests.append((f"values[{g.start}:{g.stop}]: {', '.join(names)}",
                          [f"{g.types}.issuperset(map(type, values[{g.start}:{g.stop}]))"]))
        else:
            for i in range(g.start, g.stop):
                tests.append((f"{at(i)}{order[i].wire_name}", [f"type({sources[i]}) in {g.types}"]))
    for n in numbers:
        tests.append((
            f"{at(n.position)}{order[n.position].wire_name}, a finite float or exactly one of {n.types}",
            [f"(type(number := {sources[n.position]}) is float and number - number == 0.0 or type(number) in {n.types})"],
        ))
    for i in stamps:
        tests.append((f"{at(i)}{order[i].wire_name}, in a shape fromisoformat reads as RFC 3339 does",
                      [f"type(stamp := {sources[i]}) is str", *date_time_shape("stamp")]))
    for i in checked:
        f = order[i]
        assert f.inline is not None
        if f.required:  # UNSET fails the test's first (type) check, which binds `value`
            tests.append((f"{at(i)}{f.wire_name}, required, checked whole", [_binding(f.inline, sources[i])]))
        else:
            tests.append((f"{at(i)}{f.wire_name}, checked whole",
                          [f"((value := {sources[i]}) is UNSET or {f.inline})"]))
    for i in present:
        tests.append((f"{at(i)}{order[i].wire_name}, required", [f"{sources[i]} is not UNSET"]))
    if not tests:
        return ("True",)
    lines: list[str] = []
    for index, (comment, test) in enumerate(tests):
        # A wire name may hold a line break or anything else: the comment shows it as Python would.
        text = comment.encode("unicode_escape").decode("ascii")
        lines += ["# " + part for part in comment_lines(text, _WIDTH - _INDENT - 2)]
        for number, part in enumerate(test):
            if len(tests) == 1 and len(test) == 1 and _enclosed(part):
                part = part[1:-1]  # alone in the if's parentheses
            lines += _wrap(("and " if index or number else "") + part)
    return tuple(lines)


def comment_lines(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, break_on_hyphens=False)``. A text that fits, printable (so no white
    space but spaces, which textwrap would replace) and with no space at either end (which it would
    drop), is its one line as it is: nearly every comment, 18,000 of them for GitHub's API
    description, where textwrap's chunking was ~3% of rendering the Python."""
    if text and len(text) <= width and text[0] != " " and text[-1] != " " and text.isprintable():
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False)


def _binding(test: str, source: str) -> str:
    """``test`` with its first ``value`` (evaluated first: every test starts with a check of the
    value's type, or of None) bound to ``source``."""
    found = re.search(r"\bvalue\b", test)
    assert found is not None
    start, end = found.span()
    bound = f"value := {source}" if test[:start].endswith("type(") else f"(value := {source})"
    return test[:start] + bound + test[end:]


def _code(text: str) -> Iterator[tuple[int, str, int]]:
    """Each character of the generated expression ``text`` that is outside its string literals:
    its index, itself, and the bracket depth after it."""
    depth, quote, index = 0, "", 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        else:
            depth += (char in "([{") - (char in ")]}")
            yield index, char, depth
        index += 1


def _enclosed(test: str) -> bool:
    """Whether the whole of ``test`` is in one pair of parentheses (a string literal's aside)."""
    if not test.startswith("("):
        return False
    return next((index for index, _, depth in _code(test) if depth == 0), -1) == len(test) - 1


def _wrap(line: str) -> list[str]:
    """``line`` broken before its `` and ``/`` or `` operators inside parentheses (never inside a
    string literal) where it is longer than the generated code's width; continuation lines are
    indented by four more."""
    width = _WIDTH - _INDENT
    if len(line) <= width:
        return [line]
    parts, start, cut = [], 0, 0
    for index, char, depth in _code(line):
        if index - start > width - 4 and cut > start:
            parts.append(line[start:cut])
            start = cut + 1
        if depth and char == " " and line.startswith((" and ", " or "), index):
            cut = index
    if len(line) - 1 - start > width - 4 and cut > start:  # the width crossed in a closing string literal
        parts.append(line[start:cut])
        start = cut + 1
    parts.append(line[start:])
    return [parts[0], *("    " + part for part in parts[1:])]


def _is_date_time(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "string" and t.format == "date-time" and t.checks is None


def _is_number(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "number" and t.checks is None


