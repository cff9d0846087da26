"""The Python target's identifier policy: snake_case fields, names the generated module binds."""

from __future__ import annotations

import functools

from ...ir.identifiers import words
from ..naming import FieldPolicy

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

# Names a model (a class) cannot take because the generated module already binds them: runtime
# and typing names, the UNSET sentinel, the alias annotation; and the keywords that are already
# PascalCase (`class False:` does not parse). Such a model is named with a "Model" suffix.
RESERVED_MODEL_NAMES = frozenset(
    {
        "Any", "Final", "Literal", "Callable", "TypeVar", "Unset", "SchemaValidationError", "ValueError",
        "RecursionError", "Exception", "UNSET", "TypeAlias", "TypeError", "False", "None", "True",
    }
)


# Cached: the same wire names (id, url, node_id) recur across a big API's models, and every model's
# fields are named under each policy while the IR is built.
@functools.lru_cache(maxsize=16384)
def python_field_name(wire_name: str) -> str:
    parts = [w.lower() for w in words(wire_name)]
    name = "_".join(parts) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if name in PYTHON_RESERVED:
        name += "_"
    return name


def is_literal_identifier(wire_name: str) -> bool:
    # Only names that start with a lower-case letter, like every python_field_name: a leading
    # upper-case letter could shadow a name the class body's annotations use (`Literal`, `Any`,
    # a model's class name), and a leading underscore a runtime name (`_dt`), a dunder the
    # class needs (`__init__`) or a name Python mangles (`__x` becomes `_Model__x`).
    return (
        wire_name.isascii()
        and wire_name.isidentifier()
        and wire_name[:1].islower()
        and wire_name not in PYTHON_RESERVED
    )


FIELDS = FieldPolicy(
    "python", python_field_name, is_literal_identifier, PYTHON_RESERVED,
    "an ASCII identifier that starts with a lower-case letter, and no keyword or name the generated class uses",
)
