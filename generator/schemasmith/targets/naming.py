"""Identifier policies, one per target. The wire name always stays beside the identifier.

Rules (documented in the README):
- Python fields are snake_case; TypeScript fields are camelCase; model names are PascalCase.
- A name that would clash with a keyword, a name the generated module itself uses in annotations,
  or a method/attribute of the generated class gets a trailing underscore (``class`` -> ``class_``).
- Characters that cannot appear in an identifier become ``_`` (Python) or word breaks (TS);
  a leading digit is prefixed (``field_1st`` / ``field1st``), an empty name becomes ``field``.
- Two wire names that land on the same identifier: the first keeps it, later ones use their wire
  name as it is or spelled out (see ``assign_unique``) — never a counter such as ``foo1``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import SchemaSmithError

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
    | {"bytes"}  # from_json's signature: `text: str | bytes`
    | {"Unset", "UNSET", "dataclasses"}
    | {"from_dict", "from_json", "to_dict", "to_json", "additional_properties"}
)

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


# File names Windows reserves for devices, whatever the extension or case ("con.py", "Nul.md").
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
# Modules the generated Python imports (directly, or through dataclasses and typing): a generated
# python/json.py would shadow the real one for any code that imports from that folder, itself included.
_SHADOWED_MODULES = frozenset(
    {"dataclasses", "datetime", "json", "math", "re", "uuid", "typing", "collections", "abc", "types",
     "functools", "copy", "inspect", "keyword", "operator", "itertools", "enum", "sys", "builtins"}
)


def snake_module_name(name: str) -> str:
    """The generated modules' file name (and a Python alias's function prefix)."""
    snake = "_".join(w.lower() for w in words(name)) or "models"
    # Not a device name (the file could not be created on Windows) nor a module the code imports.
    return snake + "_models" if snake in WINDOWS_DEVICE_NAMES | _SHADOWED_MODULES else snake


_TS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _literal_identifier(wire_name: str, policy: str) -> str | None:
    """The wire name itself, when it already is a usable identifier for the target."""
    if policy == "python":
        # Only names that start with a lower-case letter, like every python_field_name: a leading
        # upper-case letter could shadow a name the class body's annotations use (`Literal`, `Any`,
        # a model's class name), and a leading underscore a runtime name (`_dt`), a dunder the
        # class needs (`__init__`) or a name Python mangles (`__x` becomes `_Model__x`).
        ok = (
            wire_name.isascii()
            and wire_name.isidentifier()
            and wire_name[:1].islower()
            and wire_name not in PYTHON_RESERVED
        )
    else:
        ok = bool(_TS_IDENTIFIER.match(wire_name)) and wire_name not in TYPESCRIPT_RESERVED_PROPERTIES
    return wire_name if ok else None


def _spelled_identifier(wire_name: str) -> str:
    """Every character but ASCII letters and digits written as ``_x<hex>_``: unique per wire name."""
    # The empty wire name has nothing to spell; "field" is what its plain name already took.
    name = "".join(c if c.isascii() and c.isalnum() else f"_x{ord(c):x}_" for c in wire_name) or "empty_name"
    # Prefixed unless it starts with a lower-case letter and is no reserved name (`class` spelled
    # is `class`; `Any` and `_x5f_dt` would shadow names the Python class body uses, see above).
    # Still unique: any other spelled name that starts with "field_" goes on "x5f_".
    reserved = name in PYTHON_RESERVED or name in TYPESCRIPT_RESERVED_PROPERTIES
    return f"field_{name}" if reserved or not name[0].islower() else name


def assign_unique(items: Sequence[tuple[str, str]], policy: str) -> list[str]:
    """Identifiers for (wire name, pointer) pairs under ``policy``, in order.

    Two wire names can land on one identifier (``minTokens`` and ``min-tokens``). The first, in
    schema order, keeps it; a later one takes its wire name as it is if that is a valid identifier
    (``env_``), else the wire name spelled out (``min_x2d_tokens``). Only if that is taken too is
    the schema refused, naming both pointers.
    """
    convert = {"python": python_field_name, "typescript": typescript_field_name}[policy]
    taken: dict[str, str] = {}
    names = []
    for wire_name, pointer in items:
        name = plain = convert(wire_name)
        if name in taken:  # rare: only then are the fallbacks worth computing
            fallbacks = (_literal_identifier(wire_name, policy), _spelled_identifier(wire_name))
            fallback = next((c for c in fallbacks if c and c not in taken), None)
            if fallback is None:
                raise SchemaSmithError(
                    f"properties #{taken[plain]} and #{pointer} both become the {policy} name {plain!r}; "
                    "rename one of them in the schema",
                    pointer=pointer,
                )
            name = fallback
        taken[name] = pointer
        names.append(name)
    return names
