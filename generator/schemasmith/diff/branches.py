"""A schema as a union of branches, one JSON type each: how ``anyOf``/``oneOf``, ``type`` lists, ``enum``s
of mixed types and OpenAPI's ``nullable`` are compared alike.

``S ∧ anyOf(A, B)`` is ``anyOf(S ∧ A, S ∧ B)``: union branches are distributed over what the schema
asserts beside them, then each branch is split by the JSON types it allows (``integer`` is a
``number`` branch that must be whole). So ``{"type": ["string", "null"]}``, ``anyOf`` of a string and
a null, and a nullable string all read as the same two branches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .values import json_key, json_type
from .view import Flat, Flattener, Occurrence, Sub

TYPES = ("null", "boolean", "number", "string", "array", "object")
MAX_BRANCHES = 64  # past this many (a product of unions), unions are compared as written


@dataclass
class Branch:
    type: str
    integer: bool  # a number branch that only allows whole numbers
    flat: Flat  # everything asserted, including keywords of other types (ignored for this one)
    holder: Sub  # where the branch is written (the union branch, or the schema itself)
    enum: list[Any] | None  # the values of this type an enum allows; None: no enum
    union: str | None = None  # "oneOf" when the branch comes from a oneOf
    ref_name: str | None = None
    enum_pointer: str | None = None

    @property
    def pointer(self) -> str:
        return self.holder.pointer

    def label(self) -> str:
        return "integer" if self.integer else self.type

    def finite(self) -> list[Any] | None:
        """Every value the branch could allow, when that is a short list (enum, boolean, null)."""
        if self.enum is not None:
            return self.enum
        if self.type == "null":
            return [None]
        if self.type == "boolean":
            return [False, True]
        return None


@dataclass
class Branches:
    branches: list[Branch]
    opaque: bool = False  # too many unions to distribute: compared as written
    oneof_overlap: bool = False  # a oneOf whose branches may both match: changes in it are unsure


def branches_of(flat: Flat, flattener: Flattener) -> Branches:
    result = Branches([])
    _distribute(flat, flattener, result, None, flat.subs[0] if flat.subs else None, None)
    if len(result.branches) > MAX_BRANCHES:
        result.branches = []
        result.opaque = True
    result.oneof_overlap = _oneof_overlap(result.branches)
    return result


def _distribute(flat: Flat, flattener: Flattener, out: Branches, union: str | None, holder: Sub | None,
                ref_name: str | None) -> None:
    if len(out.branches) > MAX_BRANCHES:
        return
    if flat.false is not None:
        return
    if flat.unions:
        keyword, options, _ = flat.unions[0]
        rest = flat.without_union(0)
        for option in options:
            resolved = flattener.resolve(option)
            part = flattener.flatten([option])
            _distribute(rest.merged(part), flattener, out, "oneOf" if keyword == "oneOf" else union,
                        option, resolved.ref_name or ref_name)
        return
    out.branches.extend(_split(flat, union, holder, ref_name))


def allowed_types(flat: Flat) -> tuple[set[str], bool]:
    """The JSON types the ``type`` keywords allow together (all six without one), and whether a
    number must be whole."""
    allowed = set(TYPES) | {"integer"}
    for occurrence in flat.get("type"):
        value = occurrence.value
        names = set(value) if isinstance(value, list) else {value}
        expanded = set()
        for name in names:
            expanded |= {"number", "integer"} if name == "number" else {name}
        allowed &= expanded
    integer_only = "integer" in allowed and "number" not in allowed
    types = {t for t in allowed if t != "integer"}
    if "integer" in allowed:
        types.add("number")
    return types, integer_only


def _split(flat: Flat, union: str | None, holder: Sub | None, ref_name: str | None) -> list[Branch]:
    types, integer_only = allowed_types(flat)
    enums = flat.get("enum")
    values: list[Any] | None = None
    enum_pointer = None
    if enums:
        enum_pointer = enums[0].pointer("enum")
        values = _enum_intersection(enums)
        types &= {json_type(v) for v in values}
    assert holder is not None
    branches = []
    for type_ in TYPES:
        if type_ not in types:
            continue
        enum = None
        if values is not None:
            enum = [v for v in values if json_type(v) == type_]
            if type_ == "number" and integer_only:
                enum = [v for v in enum if float(v).is_integer()]
            if not enum:
                continue
        branches.append(Branch(type_, integer_only and type_ == "number", flat, holder, enum, union, ref_name,
                               enum_pointer))
    return branches


def _enum_intersection(enums: list[Occurrence]) -> list[Any]:
    first = [v for v in enums[0].value] if isinstance(enums[0].value, list) else []
    for occurrence in enums[1:]:
        keys = {json_key(v) for v in occurrence.value} if isinstance(occurrence.value, list) else set()
        first = [v for v in first if json_key(v) in keys]
    seen: set[Any] = set()
    unique = []
    for value in first:
        key = json_key(value)
        if key not in seen:
            seen.add(key)
            unique.append(value)
    return unique


def _oneof_overlap(branches: list[Branch]) -> bool:
    """Whether two branches of one oneOf might both match a value (then that value is invalid,
    and adding or widening a branch can invalidate old data)."""
    members = [b for b in branches if b.union == "oneOf"]
    for i, first in enumerate(members):
        for second in members[i + 1:]:
            if first.type == second.type and not _disjoint(first, second):
                return True
    return False


def _disjoint(first: Branch, second: Branch) -> bool:
    if first.enum is not None and second.enum is not None:
        return not ({json_key(v) for v in first.enum} & {json_key(v) for v in second.enum})
    if first.type == "object":
        # A discriminator: a property both require, whose allowed values do not meet.
        tags_first, tags_second = discriminator_values(first), discriminator_values(second)
        return any(name in tags_second and not (tags_first[name] & tags_second[name]) for name in tags_first)
    return False


def discriminator_values(branch: Branch) -> dict[str, set[Any]]:
    required = {name for o in branch.flat.get("required") if isinstance(o.value, list) for name in o.value}
    tags: dict[str, set[Any]] = {}
    for occurrence in branch.flat.get("properties"):
        if not isinstance(occurrence.value, dict):
            continue
        for name, schema in occurrence.value.items():
            if name in required and isinstance(schema, dict):
                values = schema.get("enum", [schema["const"]] if "const" in schema else None)
                if isinstance(values, list):
                    tags[name] = {json_key(v) for v in values}
    return tags
