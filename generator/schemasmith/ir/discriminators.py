"""Which property tells the model variants of a union apart (a tagged union)."""

from __future__ import annotations

from typing import Any

from .nodes import NULL, EnumType, Model, ModelRef, TypeRef, resolved


def discriminator(variants: list[TypeRef], schema: dict[str, Any], known: dict[str, Model]) -> str | None:
    """A property that every model variant requires with one distinct constant value."""
    # (A reference that narrows its model is decoded by its own decoder, never picked by a tag.)
    models = [known.get(v.name) if isinstance(v, ModelRef) and v.checks is None else None for v in variants if v != NULL]
    if len(models) < 2 or any(m is None for m in models):
        return None
    openapi = schema.get("discriminator")
    candidates: list[str] = (
        [openapi["propertyName"]] if isinstance(openapi, dict) and isinstance(openapi.get("propertyName"), str) else []
    )
    first = models[0]
    assert first is not None
    candidates += [f.wire_name for f in first.fields if f.required and isinstance(resolved(f.type), EnumType)]
    for wire_name in candidates:
        tags = []
        for model in models:
            assert model is not None
            field = next((f for f in model.fields if f.wire_name == wire_name), None)
            tag = resolved(field.type) if field is not None and field.required else None
            if not isinstance(tag, EnumType) or len(tag.values) != 1 or not isinstance(tag.values[0], str):
                break
            tags.append(tag.values[0])
        else:
            if len(set(tags)) == len(tags):
                return wire_name
    return None
