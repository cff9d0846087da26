"""How generated loaders' error messages name an expected type; shared so both languages say the same."""

from __future__ import annotations

import json

from ..ir.nodes import (
    AliasRef, AnyType, ArrayType, EnumType, MapType, ModelRef, PrimitiveType, TupleType, TypeRef, UnionType, assert_never,
)


def expected_text(t: TypeRef) -> str:
    match t:
        case PrimitiveType():
            return t.kind if not t.format else f"{t.kind} ({t.format})"
        case ModelRef():
            return f"object ({t.name})"
        case ArrayType() | TupleType():
            return "array"
        case MapType():
            return "object"
        case EnumType():
            shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in t.values[:8])
            return f"one of {shown}" + (", ..." if len(t.values) > 8 else "")
        case UnionType():
            return " or ".join(expected_text(v) for v in t.variants)
        case AliasRef():
            return expected_text(t.type)  # what the value must be, as the inlined type said it
        case AnyType():
            return "any value"
        case _:
            assert_never(t)
