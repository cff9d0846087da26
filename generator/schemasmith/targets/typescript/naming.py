"""The TypeScript target's identifier policy: camelCase fields, the names each model claims."""

from __future__ import annotations

import functools
import re

from ...ir.identifiers import words
from ..naming import FieldPolicy

# TypeScript allows keywords as property names. Reserved are the generated type's own member and
# what every object inherits: `{}` typed as a model with `constructor: string` would not compile.
TYPESCRIPT_RESERVED_PROPERTIES = frozenset(
    {
        "additionalProperties", "constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty",
        "isPrototypeOf", "propertyIsEnumerable",
        # Not a property at all: `result.__proto__ = x` and `{ __proto__: x }` set the prototype.
        "__proto__",
    }
)

# Names a model (a type) cannot take: TypeScript globals and the generated module's runtime types.
RESERVED_MODEL_NAMES = frozenset(
    {
        "Decoder", "Date", "Array", "Record", "Object", "Error", "JSON", "Number", "String", "Boolean", "Set",
        "Map", "Promise", "Symbol", "BigInt", "Function", "Math", "RegExp", "ReadonlySet", "ReadonlyArray",
        "JsonObject", "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract", "Encoder",
        "TypeError", "SchemaValidationError",
    }
)

_TS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


# Cached: the same wire names (id, url, node_id) recur across a big API's models, and every model's
# fields are named under each policy while the IR is built.
@functools.lru_cache(maxsize=16384)
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


def is_literal_identifier(wire_name: str) -> bool:
    return bool(_TS_IDENTIFIER.match(wire_name)) and wire_name not in TYPESCRIPT_RESERVED_PROPERTIES


def function_prefix(model_name: str) -> str:
    """``Session`` -> ``session`` for ``sessionFromJSON``: the model name with a lower-case head."""
    return model_name[:1].lower() + model_name[1:]


def wire_type_name(model_name: str) -> str:
    """Every model X also declares ``XWire``, its type on the wire."""
    return model_name + "Wire"


FIELDS = FieldPolicy(
    "typescript", typescript_field_name, is_literal_identifier, TYPESCRIPT_RESERVED_PROPERTIES,
    "an ASCII identifier (letters, digits, _ and $, not starting with a digit), and no name every object inherits",
)
