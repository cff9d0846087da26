"""How large a type is when every target writes it out in full."""

from __future__ import annotations

from .nodes import AliasRef, AnyType, ArrayType, EnumType, MapType, ModelRef, PrimitiveType, TupleType, TypeRef, UnionType, assert_never

# Parts of a non-model type written out in full (a union counts its variants, an array its items).
# Types are shared, not copied, in the IR, but every target writes them out: a type that holds
# another twice per level (`next | next[]`) doubles with each level. The corpus's largest has 41.
MAX_TYPE_SIZE = 10_000


def written_size(type_: TypeRef, sizes: dict[int, tuple[TypeRef, int]]) -> int:
    """How many parts ``type_`` has when written out in full, every shared part once per use.

    Memoised by identity in ``sizes``, so a DAG of shared types costs its number of distinct nodes.
    """
    known = sizes.get(id(type_))
    if known is not None:
        return known[1]
    parts: tuple[TypeRef, ...]
    match type_:
        case ArrayType():
            parts = (type_.items,)
        case TupleType():
            parts = type_.items if type_.rest is None else (*type_.items, type_.rest)
        case MapType():
            parts = (type_.values,)
        case UnionType():
            parts = type_.variants
        case PrimitiveType() | AnyType() | ModelRef() | AliasRef() | EnumType():
            parts = ()  # a named type is written as its name
        case _:
            assert_never(type_)
    size = 1
    for part in parts:
        size += written_size(part, sizes)
    sizes[id(type_)] = (type_, size)
    return size
