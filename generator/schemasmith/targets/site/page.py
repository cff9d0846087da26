"""What one site page shows, computed from the IR: the docs page plus anchors, names, constraints.

The Markdown docs page (targets/docs) stays the source: the site's templates extend the docs
templates, and only the Fields table's cells and the sections after it are the site's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import naming
from ..docs.target import COLUMNS, docs_page, doc_type, example_cell, table
from ...escaping import pymd_code as md_code
from ...ir.nodes import (
    AliasRef, AnyType, ArrayType, EnumType, MapType, Model, ModelRef, PrimitiveType, SchemaIR, TupleType, TypeRef,
    UnionType, assert_never,
)
from .anchors import field_anchors
from .words import description_cell


@dataclass(frozen=True)
class SitePage:
    model: Model
    example_lines: list[str] | None  # Example Usage, exactly as the docs page has it
    table_lines: list[str]
    field_count: int
    json_example: str | None
    used_by: list[str]


def field_cell(anchor: str, ts_name: str, wire_name: str, py_name: str) -> str:
    """The TypeScript name (as the seed shows it) linking to its own row, the wire and Python names below.

    The anchor is made of ASCII letters, digits, ``_`` and ``-`` only (anchors.py), so it needs
    no escaping in the HTML attribute.
    """
    names = f"wire {md_code(wire_name)}"
    if py_name != wire_name:
        names += f" · Python {md_code(py_name)}"
    return f'<a id="{anchor}" class="field-anchor" href="#{anchor}">{md_code(ts_name)}</a><br/><small>{names}</small>'


def json_example(model: Model) -> str | None:
    """The model's first object example; failing that, one put together from its fields' examples."""
    example = next((e for e in model.examples if isinstance(e, dict)), None)
    if example is None:
        example = {f.wire_name: f.examples[0] for f in model.fields if f.examples}
    if not example:
        return None
    # Shown in a code block whose fence the template makes longer than any backtick run in it.
    return json.dumps(example, indent=2, ensure_ascii=False)


def model_refs(type_: TypeRef) -> Iterator[str]:
    """The models and named types ``type_`` mentions by name (not what a named type holds: that
    named type is their user)."""
    match type_:
        case ModelRef() | AliasRef():
            yield type_.name
        case ArrayType():
            yield from model_refs(type_.items)
        case MapType():
            yield from model_refs(type_.values)
        case TupleType():
            for item in (*type_.items, *((type_.rest,) if type_.rest is not None else ())):
                yield from model_refs(item)
        case UnionType():
            for variant in type_.variants:
                yield from model_refs(variant)
        case PrimitiveType() | AnyType() | EnumType():
            pass
        case _:
            assert_never(type_)


def users_of(schema_ir: SchemaIR) -> dict[str, list[str]]:
    """For each model, the models and named types whose types mention it, in schema order."""
    users: dict[str, list[str]] = {}
    owners: list[tuple[str, list[TypeRef]]] = [(m.name, [f.type for f in m.fields]) for m in schema_ir.models]
    owners += [(a.name, [a.type]) for a in schema_ir.aliases]
    for owner, types in owners:
        for type_ in types:
            for name in model_refs(type_):
                if name != owner and owner not in users.setdefault(name, []):
                    users[name].append(owner)
    return users


def site_page(model: Model, used_by: list[str]) -> SitePage:
    docs = docs_page(model)
    ts_names = naming.field_names(model, "typescript")
    py_names = naming.field_names(model, "python")
    anchors = field_anchors([f.wire_name for f in model.fields])
    rows = [COLUMNS]
    for f, ts_name, py_name, anchor in zip(model.fields, ts_names, py_names, anchors):
        rows.append(
            (
                field_cell(anchor, ts_name, f.wire_name, py_name),
                doc_type(f.type),
                "TRUE" if f.required else "FALSE",
                description_cell(f),
                example_cell(f.examples),
            )
        )
    return SitePage(
        model=model,
        example_lines=docs.example_lines,
        table_lines=table(rows),
        field_count=len(model.fields),
        json_example=json_example(model),
        used_by=used_by,
    )


def alias_example(examples: tuple[Any, ...]) -> str | None:
    return json.dumps(examples[0], indent=2, ensure_ascii=False) if examples else None
