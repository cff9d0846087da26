"""How generated loaders' error messages name an expected type; shared so both languages say the same."""

from __future__ import annotations

import json

from ..ir.nodes import ArrayType, EnumType, MapType, ModelRef, PrimitiveType, TupleType, TypeRef, UnionType


def expected_text(t: TypeRef) -> str:
    if isinstance(t, PrimitiveType):
        return t.kind if not t.format else f"{t.kind} ({t.format})"
    if isinstance(t, ModelRef):
        return f"object ({t.name})"
    if isinstance(t, (ArrayType, TupleType)):
        return "array"
    if isinstance(t, MapType):
        return "object"
    if isinstance(t, EnumType):
        shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in t.values[:8])
        return f"one of {shown}" + (", ..." if len(t.values) > 8 else "")
    if isinstance(t, UnionType):
        return " or ".join(expected_text(v) for v in t.variants)
    return "any value"
