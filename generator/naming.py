"""Identifier policies, one per target. The wire name always stays beside the identifier.

Rules (documented in the README):
- Python fields are snake_case; TypeScript fields are camelCase; model names are PascalCase.
- A name that would clash with a keyword, a name the generated module itself uses in annotations,
  or a method/attribute of the generated class gets a trailing underscore (``class`` -> ``class_``).
- Characters that cannot appear in an identifier become ``_`` (Python) or word breaks (TS);
  a leading digit is prefixed (``field_1st`` / ``field1st``), an empty name becomes ``field``.
- Two wire names that land on the same identifier are refused with an error naming both JSON
  pointers: silently renaming one (``foo1``) would make the generated API depend on property order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import SchemaSmithError

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")

# Hard keywords, spelled out rather than read from `keyword` so that output does not depend on the
# Python running the generator (soft keywords such as `match` and `type` are valid attribute names).
PYTHON_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except finally "
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield".split()
)

# Names the generated class body itself uses (annotations, defaults, decorators): a field with one
# of these names would shadow it there and confuse mypy. Plus the class's own members.
PYTHON_RESERVED = (
    PYTHON_KEYWORDS
    | {"str", "int", "float", "bool", "dict", "list", "object", "datetime", "Any"}
    | {"Unset", "UNSET", "dataclasses"}
    | {"from_dict", "from_json", "to_dict", "to_json", "additional_properties"}
)

# TypeScript allows keywords as property names, so only the generated code's own member is reserved.
TYPESCRIPT_RESERVED_PROPERTIES = frozenset({"additionalProperties"})


def words(name: str) -> list[str]:
    """Split a wire name into words at separators and case changes: ``channelManager_sid`` -> 3."""
    ascii_name = name.encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(ascii_name)


def python_field_name(wire_name: str) -> str:
    parts = [w.lower() for w in words(wire_name)]
    name = "_".join(parts) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if name in PYTHON_RESERVED:
        name += "_"
    return name


def typescript_field_name(wire_name: str) -> str:
    parts = words(wire_name)
    if not parts:
        return "field"
    name = parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])
    if name[0].isdigit():
        name = f"field{name}"
    if name in TYPESCRIPT_RESERVED_PROPERTIES:
        name += "_"
    return name


def class_name(name: str) -> str:
    parts = words(name)
    result = "".join(p[:1].upper() + p[1:] for p in parts) or "Model"
    if result[0].isdigit():
        result = f"Model{result}"
    return result


def function_prefix(model_name: str) -> str:
    """``Session`` -> ``session`` for ``sessionFromJSON``: the model name with a lower-case head."""
    return model_name[:1].lower() + model_name[1:]


def snake_module_name(name: str) -> str:
    return "_".join(w.lower() for w in words(name)) or "models"


def assign_unique(items: Sequence[tuple[str, str]], policy: str) -> list[str]:
    """Identifiers for (wire name, pointer) pairs under ``policy``; a clash is an error."""
    convert = {"python": python_field_name, "typescript": typescript_field_name}[policy]
    names = [convert(wire_name) for wire_name, _ in items]
    seen: dict[str, str] = {}
    for (wire_name, pointer), name in zip(items, names):
        if name in seen:
            raise SchemaSmithError(
                f"properties #{seen[name]} and #{pointer} both become the {policy} name {name!r}; "
                "rename one of them in the schema",
                pointer=pointer,
            )
        seen[name] = pointer
    return names
