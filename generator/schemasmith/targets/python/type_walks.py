"""What the Python target asks of an IR type as a whole, walking it once: whether its Python value
needs encoding back to the wire, and whether writing it out names another alias."""

from __future__ import annotations

from ...ir.nodes import AliasRef, AnyType, ArrayType, EnumType, MapType, ModelRef, PrimitiveType, TupleType, TypeRef, UnionType, assert_never
from .formats import NATIVE_FORMATS


def needs_encoding(t: TypeRef, seen: dict[int, bool] | None = None) -> bool:
    """Whether the Python value differs from the wire value (and so needs ``_encode``).
    ``seen``: the answers so far by identity, so a shared type is looked into once."""
    seen = {} if seen is None else seen
    known = seen.get(id(t))
    if known is not None:
        return known
    match t:
        case PrimitiveType():
            found = t.kind == "string" and t.format in NATIVE_FORMATS
        case ModelRef() | TupleType():
            found = True
        case ArrayType():
            found = needs_encoding(t.items, seen)
        case MapType():
            found = needs_encoding(t.values, seen)
        case AliasRef():
            found = needs_encoding(t.type, seen)
        case UnionType():
            found = any(needs_encoding(v, seen) for v in t.variants)
        case AnyType() | EnumType():
            found = False
        case _:
            assert_never(t)
    seen[id(t)] = found
    return found


def names_an_alias(t: TypeRef) -> bool:
    """Whether ``t`` written out names another alias (a named type is written by name: no deeper)."""
    match t:
        case AliasRef():
            return True
        case ArrayType():
            return names_an_alias(t.items)
        case MapType():
            return names_an_alias(t.values)
        case UnionType():
            return any(names_an_alias(v) for v in t.variants)
        case PrimitiveType() | ModelRef() | TupleType() | AnyType() | EnumType():
            return False
        case _:
            assert_never(t)

