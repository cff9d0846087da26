"""Helpers more than one target reads the IR with (so that no target imports another)."""

from __future__ import annotations

from ..ir.nodes import EnumType, SchemaIR, resolved
from .naming import snake_module_name


def discriminator_tags(schema_ir: SchemaIR) -> dict[str, dict[str, str]]:
    """model name -> {wire name -> the single string value that property must hold}."""
    tags: dict[str, dict[str, str]] = {}
    for model in schema_ir.models:
        for f in model.fields:
            type_ = resolved(f.type)
            if isinstance(type_, EnumType) and len(type_.values) == 1 and isinstance(type_.values[0], str):
                tags.setdefault(model.name, {})[f.wire_name] = type_.values[0]
    return tags


def module_name(schema_ir: SchemaIR) -> str:
    """One module name for the code targets: the Python module and the TypeScript file are named alike."""
    return snake_module_name(schema_ir.module)


def root_is_model(schema_ir: SchemaIR) -> bool:
    return any(m.name == schema_ir.root_name for m in schema_ir.models)
