"""Helpers more than one target reads the IR with (so that no target imports another)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

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


Key = TypeVar("Key")
Value = TypeVar("Value")


class OncePerObject(Generic[Key, Value]):
    """``make(key)`` computed once per object, told apart by identity: the IR shares one type object
    wherever a schema reuses it, and building its decoder again at every use is exponential on a
    chain of named types used twice per level. The object is kept with its value, so its id is
    never reused by another while the cache lives."""

    def __init__(self, make: Callable[[Key], Value]) -> None:
        self._make = make
        self._known: dict[int, tuple[Key, Value]] = {}

    def __call__(self, key: Key) -> Value:
        known = self._known.get(id(key))
        if known is None:
            known = self._known[id(key)] = (key, self._make(key))
        return known[1]
