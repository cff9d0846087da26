"""How many `$ref`s to a named type does the IR inline instead of naming? (issue 22, item 1)

For every property of every model, each `$ref` the property's schema makes (directly, beside
annotations, or in its `anyOf`/`oneOf`/`allOf` branches, `items`, `prefixItems` or
`additionalProperties`, not through nested `properties`, which are fields of their own, nor an
`allOf` of several parts, which extends the named type into a new one) to a named
position of the same document (an OpenAPI component, a `$defs`/`definitions` entry) is looked up:
if generation gives that position a name (a model or a named type, not `Any`), the field's type
must mention the name. Each one that does not is counted as inlined. Drafts 4-7 ignore keywords
beside a `$ref`, so a `$ref`'s siblings are not read there; a property whose own model (its
`properties`) holds the `additionalProperties` `$ref` mentions the name through that model.

    .venv/bin/python bench/inlined_named_refs.py [--generator DIR] SCHEMA...

``--generator`` points at another checkout's ``generator/`` folder (to measure "before"). Exits 1
when anything is inlined, so it can serve as a check.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NAMED = re.compile(r"#((?:.*/(?:\$defs|definitions)|/components/schemas)/[^/]+)")
# Subschema positions a property's type is made from (its own `properties` are fields of their own).
_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SINGLE = ("items", "additionalProperties", "not")


def _pointer_get(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _refs(schema: Any, siblings_apply: bool) -> Iterator[str]:
    """The `$ref`s a property's type is made from."""
    if not isinstance(schema, dict):
        return
    # From 2019-09 on, keywords beside a $ref that shape an object extend it into a new model.
    extended = siblings_apply and bool(set(schema) & {"properties", "required", "additionalProperties"})
    if isinstance(schema.get("$ref"), str) and not extended:
        yield schema["$ref"]
        if not siblings_apply:
            return  # drafts 4-7 ignore every keyword beside a $ref: they type nothing
    for keyword in _LISTS:
        branches = schema.get(keyword) if isinstance(schema.get(keyword), list) else []
        if keyword == "allOf" and len(branches) > 1:
            continue  # a named type extended by other parts is a new type (a merged model), not it
        for branch in branches:
            yield from _refs(branch, siblings_apply)
    for keyword in _SINGLE:
        if isinstance(schema.get(keyword), dict):
            yield from _refs(schema[keyword], siblings_apply)
    if isinstance(schema.get("items"), list):  # draft 4-7 tuples
        for item in schema["items"]:
            yield from _refs(item, siblings_apply)


def _final_pointer(document: Any, pointer: str, siblings_apply: bool = True) -> str:
    """Follow a chain of local bare `$ref`s (a component that is only a reference to another; in
    drafts 4-7, whatever stands beside the `$ref`, which those drafts ignore)."""
    for _ in range(64):
        target = _pointer_get(document, pointer)
        ref = target.get("$ref") if isinstance(target, dict) else None
        match = NAMED.fullmatch(ref) if isinstance(ref, str) else None
        if match is None or siblings_apply and set(target) - {"$ref", "description", "title", "examples", "example"}:
            return pointer
        pointer = match.group(1)
    return pointer


def _names_in(type_: Any, inline: dict[str, Any] | None = None) -> Iterator[str]:
    """Names a type mentions (ModelRef, and AliasRef where the IR has it), read generically so that
    an older generator's IR can be measured too. ``inline``: the models made for this very property
    (its own ``properties``), whose ``additionalProperties`` type is made of the property's refs."""
    if type(type_).__name__ in ("ModelRef", "AliasRef"):
        yield type_.name
        model = (inline or {}).get(type_.name)
        if model is not None and getattr(model, "additional", None) is not None:
            yield from _names_in(model.additional)
        return
    if dataclasses.is_dataclass(type_):
        for f in dataclasses.fields(type_):
            value = getattr(type_, f.name)
            for part in value if isinstance(value, tuple) else (value,):
                if dataclasses.is_dataclass(part):
                    yield from _names_in(part, inline)


def _types_something(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(
        set(schema) & {"enum", "const", "type", "anyOf", "oneOf", "items", "prefixItems", "allOf"}
    ) and schema.get("type") != "null"


def _plain_type(type_: Any) -> str:
    """The field type's node name (through a name), "null" for null."""
    while type(type_).__name__ == "AliasRef":
        type_ = type_.type
    return "null" if getattr(type_, "kind", None) == "null" else type(type_).__name__


def inlined(path: Path) -> tuple[int, int, list[str]]:
    """(references to named types, how many of them are inlined, where)."""
    from schemasmith.ir.builder import build_ir  # noqa: PLC0415
    from schemasmith.source.load import load_schema  # noqa: PLC0415

    loaded = load_schema(path)
    schema_ir = build_ir(loaded)
    named = {m.pointer: m.name for m in schema_ir.models}
    named |= {a.pointer: a.name for a in schema_ir.aliases if type(a.type).__name__ != "AnyType"}
    total, found, where = 0, 0, []
    dialect = loaded.document.get("$schema", "") if isinstance(loaded.document, dict) else ""
    siblings_apply = not any(f"draft-0{n}" in str(dialect) for n in (3, 4, 6, 7))  # as the builder reads it
    for model in schema_ir.models:
        for field in model.fields:
            if not field.pointer.startswith("/"):
                continue
            try:
                schema = _pointer_get(loaded.document, field.pointer)
            except (KeyError, IndexError, TypeError):
                continue  # a field made by a rule (a required name never described)
            # (`type: [object, null]` is read as an anyOf of the object and null: its model sits in a branch)
            inline = {m.name: m for m in schema_ir.models if m.pointer.removeprefix(field.pointer) in ("", "/anyOf/0")}
            mentioned = set(_names_in(field.type, inline))
            for ref in _refs(schema, siblings_apply):
                match = NAMED.fullmatch(ref)
                if match is None:
                    continue
                position = _final_pointer(loaded.document, match.group(1), siblings_apply)
                name = named.get(position)
                if name is None:
                    # A position the IR does not name: any value, null, or (before issue 22) a
                    # `$defs` entry that is no model, typed inline: counted when it typed the field.
                    if not _types_something(_pointer_get(loaded.document, position)) or _plain_type(field.type) in (
                        "AnyType", "null"
                    ):
                        continue
                    name = f"(unnamed {position})"
                total += 1
                if name not in mentioned:
                    found += 1
                    where.append(f"{path.name}#{field.pointer}: $ref {ref} ({name}) inlined")
    return total, found, where


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=Path, default=REPO / "generator")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("schemas", type=Path, nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(args.generator))
    any_inlined = False
    from schemasmith.errors import SchemaSmithError  # noqa: PLC0415

    for path in args.schemas:
        try:
            total, found, where = inlined(path)
        except SchemaSmithError as error:  # a generator that refuses the schema: nothing to count
            print(f"{path.name}: refused: {error}")
            any_inlined = True
            continue
        any_inlined |= found > 0
        print(f"{path.name}: {found} of {total} references to named types inlined")
        if args.verbose:
            for line in where:
                print("  " + line)
    sys.exit(1 if any_inlined else 0)


if __name__ == "__main__":
    main()
