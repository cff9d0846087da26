"""Markdown docs target: one page per model in the TypeScript SDK's shape, plus an index page."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..registry import Runtime
from ..naming import FieldPolicy, field_names
from ...ir.identifiers import WINDOWS_DEVICE_NAMES
from ...escaping import md_cell, md_code, ts_key, ts_string
from ...ir.nodes import AliasRef, AnyType, ArrayType, EnumType, MapType, Model, ModelRef, PrimitiveType, SchemaIR, TupleType, TypeRef, UnionType, assert_never
from ...codegen.output_file import OutputFile

DATE_TIME = PrimitiveType("string", "date-time")
DATE_LINK = "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)"
COLUMNS = ("Field", "Type", "Required", "Description", "Example")


def doc_type(type_: TypeRef) -> str:
    """The Type column: TS SDK types, italic, Date linked to MDN, models linked to their pages.

    Pipes are escaped here because the result always lands in a table cell.
    """
    match type_:
        case PrimitiveType():
            if type_.kind == "string" and type_.format == "date-time":
                return DATE_LINK
            name = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean", "null": "null"}[
                type_.kind
            ]
            return f"*{name}*"
        case AnyType():
            return "*any*"
        case ModelRef() | AliasRef():
            return f"[{type_.name}]({type_.name}.md)"
        case ArrayType():
            return f"{doc_type(type_.items)}[]"
        case TupleType():
            return "[" + ", ".join(doc_type(t) for t in type_.items) + (", ...]" if type_.rest is not None else "]")
        case MapType():
            return f"Record<string, {doc_type(type_.values)}>"
        case EnumType():
            return " \\| ".join(md_cell(json.dumps(v, ensure_ascii=False)) for v in type_.values)
        case UnionType():
            return " \\| ".join(doc_type(v) for v in type_.variants)
        case _:
            assert_never(type_)


def example_cell(examples: tuple[Any, ...]) -> str:
    """The first example: strings as they are, anything else as compact JSON."""
    if not examples:
        return ""
    first = examples[0]
    text = first if isinstance(first, str) else json.dumps(first, ensure_ascii=False, separators=(",", ":"))
    return md_cell(text)


def table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """A pipe table, unpadded: padding cells to the widest one would rewrite every row of the table
    when one cell grows, and a one-line schema change would show as a diff of the whole table."""
    lines = []
    for index, row in enumerate(rows):
        lines.append("| " + " | ".join(row) + " |")
        if index == 0:
            lines.append("| " + " | ".join("---" for _ in row) + " |")
    return lines


def ts_literal(value: Any, indent: str) -> str:
    """A JSON value written as a TypeScript literal (for Example Usage)."""
    if isinstance(value, str):
        return ts_string(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + "".join(f"{inner}{ts_literal(v, inner)},\n" for v in value) + indent + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        body = "".join(f"{inner}{ts_key(str(k))}: {ts_literal(v, inner)},\n" for k, v in value.items())
        return "{\n" + body + indent + "}"
    return json.dumps(value)


def example_usage(model: Model, ts_names: dict[str, str]) -> list[str] | None:
    """Body lines of the object literal in Example Usage, from the model's first object example."""
    example = next((e for e in model.examples if isinstance(e, dict)), None)
    if example is None:
        return None
    by_wire = {f.wire_name: f for f in model.fields}
    lines = []
    extra = {}
    for key, value in example.items():
        field = by_wire.get(key)
        if field is None:
            extra[key] = value
        elif field.type == DATE_TIME and isinstance(value, str):
            lines.append(f"{ts_names[key]}: new Date({ts_string(value)}),")
        else:
            lines.append(f"{ts_names[key]}: {ts_literal(value, '  ')},")
    if extra and model.open:
        lines.append(f"additionalProperties: {ts_literal(extra, '  ')},")
    return lines


@dataclass(frozen=True)
class DocsPage:
    model: Model
    table_lines: list[str]
    example_lines: list[str] | None


# The docs show the TypeScript SDK's identifiers, as the seed page does: the typescript target's
# field policy, taken from the registry (not a copy of it), so that the two always agree.
NAMES_FROM = "typescript"
# A page is named for its model (docs/<Name>.md), so, whatever the case: not "index" (the index
# page, the same file on a case-insensitive filesystem) and no name Windows reserves for a device.
RESERVED_FILE_STEMS = frozenset({"index"}) | WINDOWS_DEVICE_NAMES


def field_policy() -> FieldPolicy:
    policy = registry.get(NAMES_FROM).field_naming
    assert policy is not None, f"the {NAMES_FROM} target names no fields"
    return policy


def docs_page(model: Model, policy: FieldPolicy | None = None) -> DocsPage:
    names = field_names(model, policy or field_policy())
    rows = [COLUMNS]
    for name, f in zip(names, model.fields):
        description = md_cell(f.description or "")
        if f.deprecated:
            description = f"**Deprecated.** {description}".strip()
        rows.append(
            (md_code(name), doc_type(f.type), "TRUE" if f.required else "FALSE", description, example_cell(f.examples))
        )
    ts_names = {f.wire_name: name for name, f in zip(names, model.fields)}
    return DocsPage(model=model, table_lines=table(rows), example_lines=example_usage(model, ts_names))


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    policy = field_policy()
    pages = [docs_page(m, policy) for m in schema_ir.models]
    files = [
        OutputFile(f"docs/{page.model.name}.md", "docs/model.md.jinja", {"ir": schema_ir, "page": page, **settings})
        for page in pages
    ]
    entries = [(page.model.name, page.model.description or page.model.title or "") for page in pages]
    for alias in schema_ir.aliases:
        files.append(
            OutputFile(
                f"docs/{alias.name}.md",
                "docs/alias.md.jinja",
                {"ir": schema_ir, "alias": alias, "type_cell": doc_type(alias.type), **settings},
            )
        )
        entries.append((alias.name, alias.description or alias.title or ""))
    # The root first, then the rest in the order the schema gave them.
    entries.sort(key=lambda entry: entry[0] != schema_ir.root_name)
    files.append(OutputFile("docs/index.md", "docs/index.md.jinja", {"ir": schema_ir, "entries": entries, **settings}))
    return files


@dataclass(frozen=True)
class DocsTarget:
    name: str = "docs"
    folder: str = "docs"
    field_naming: FieldPolicy | None = None  # it shows NAMES_FROM's names, checked as that target's
    runtime: Runtime | None = None

    def reserves(self, model_name: str) -> bool:
        return model_name.lower() in RESERVED_FILE_STEMS

    def claims(self, model_name: str) -> tuple[str, ...]:
        return ()

    def plan(self, schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
        return plan(schema_ir, settings)


TARGET = DocsTarget()
