"""Names the user gives models and properties, keyed by JSON Pointer (``--names FILE``, or the
``[tool.schemasmith.names]`` table of pyproject.toml).

A table maps a pointer in the root document to an entry naming the model built there (``model``)
and/or the property's identifier in a target (the name of a field policy: ``python``,
``typescript``)::

    {"/properties/@type": {"python": "at_type"}, "/$defs/Foo": {"model": "Bar"}}

Read here and checked for shape; whether each name is usable and free is checked where names are
chosen (``model_names.py``, ``targets/naming.py: assign_unique``), and a pointer that names no
model or property is refused once the IR is built (``check_all_used``). Every error is one line
naming the table's source and the pointer.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SchemaSmithError

if TYPE_CHECKING:
    from .nodes import SchemaIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MODEL_KEY = "model"
# A model name is a class and a type in every target, and a docs page's file name: ASCII, and
# upper-case first, so it can shadow no field, function or keyword the generated code binds.
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class NameOverrides:
    """``entries``: pointer -> {"model" or a field policy's name: the name given}."""

    source: str  # where the table came from, for messages ("names.toml", "pyproject.toml [tool.schemasmith.names]")
    entries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def model(self, pointer: str) -> str | None:
        return self.entries.get(pointer, {}).get(MODEL_KEY)

    def fields(self, policy_name: str) -> dict[str, str]:
        """pointer -> the name given for ``policy_name``."""
        return {p: e[policy_name] for p, e in self.entries.items() if policy_name in e}


def policy_names() -> tuple[str, ...]:
    from ..targets import registry  # the field policies are the targets' to say

    return tuple(p.name for p in registry.field_policies())


def names_from_mapping(table: Any, source: str) -> NameOverrides:
    """The overrides in an already parsed table (from a names file, or pyproject.toml's
    ``[tool.schemasmith.names]``); ``source`` names it in messages."""
    if not isinstance(table, dict):
        raise SchemaSmithError("a names table must map JSON Pointers to entries", file=source)
    keys = (MODEL_KEY, *policy_names())
    entries: dict[str, dict[str, str]] = {}
    for key, entry in table.items():
        pointer = key[1:] if isinstance(key, str) and key.startswith("#") else key
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise SchemaSmithError(
                f"{key!r} is not a JSON Pointer (it must be empty or start with '/', as in \"/properties/name\")",
                file=source,
            )
        if pointer in entries:
            raise SchemaSmithError(f"the pointer is listed twice (as {key!r})", file=source, pointer=pointer)
        if not isinstance(entry, dict) or not entry:
            raise SchemaSmithError(
                f"an entry must be a table with one or more of: {', '.join(keys)}", file=source, pointer=pointer
            )
        for name_key, name in entry.items():
            if name_key not in keys:
                raise SchemaSmithError(
                    f"unknown key {name_key!r} in a names entry; expected one of: {', '.join(keys)}",
                    file=source,
                    pointer=pointer,
                )
            if not isinstance(name, str) or not name:
                raise SchemaSmithError(f"the {name_key} name must be a non-empty string", file=source, pointer=pointer)
        model = entry.get(MODEL_KEY)
        if model is not None and not _MODEL_NAME.match(model):
            raise SchemaSmithError(
                f"{model!r} is not a usable model name: ASCII letters, digits and _, starting with an upper-case letter",
                file=source,
                pointer=pointer,
            )
        entries[pointer] = dict(entry)
    return NameOverrides(source, entries)


def read_names_file(path: Path) -> NameOverrides:
    """A names table from a ``.toml`` file, or a JSON file (any other name)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaSmithError(f"cannot read the names table: {error.__class__.__name__}: {error}", file=str(path)) from None
    if path.suffix.lower() == ".toml":
        try:
            table: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SchemaSmithError(f"not a valid TOML names table: {error}", file=str(path)) from None
    else:
        try:
            table = json.loads(text)
        except json.JSONDecodeError as error:
            raise SchemaSmithError(
                f"not a valid JSON names table: {error.msg}", file=str(path), line=error.lineno, column=error.colno
            ) from None
        except RecursionError:
            raise SchemaSmithError("not a valid JSON names table: nested too deeply", file=str(path)) from None
    return names_from_mapping(table, str(path))


def check_all_used(overrides: NameOverrides, models: Mapping[str, str], fields: Mapping[str, str | None]) -> None:
    """Refuse an entry whose pointer names no model (for ``model``) or no property (for a field
    name). ``models``: the pointers models were built at -> their names; ``fields``: the pointers
    of properties -> the pointer of the model their type is, if any (for a hint)."""
    for pointer, entry in overrides.entries.items():
        if MODEL_KEY in entry and pointer not in models:
            hint = ""
            if fields.get(pointer):
                hint = f" (the property's type is the model at #{fields[pointer]}: give the model name there)"
            raise SchemaSmithError(
                f"no model is built at this pointer{hint}", file=overrides.source, pointer=pointer
            )
        if any(key != MODEL_KEY for key in entry) and pointer not in fields:
            raise SchemaSmithError(
                "no property of a model is at this pointer (a field name is keyed by the property's own pointer, "
                'as in "/properties/name")',
                file=overrides.source,
                pointer=pointer,
            )


def check_used_in_either(overrides: NameOverrides, irs: Sequence[SchemaIR]) -> None:
    """``check_all_used`` over several versions of a schema (``diff``): an entry must name a model
    or property in at least one of them."""
    models: dict[str, str] = {}
    fields: dict[str, str | None] = {}
    for schema_ir in irs:
        models.update((m.pointer, m.name) for m in schema_ir.models)
        models.update((a.pointer, a.name) for a in schema_ir.aliases)
        for model in schema_ir.models:
            fields.update((f.pointer, None) for f in model.fields)
    check_all_used(overrides, models, fields)
