"""Whether a decoded JSON value has one of JSON Schema's seven type names.

Values here are exactly JSON values (decoded by the document policy), so a class test stands for
jsonschema's type checker: ``True`` is no integer, and ``1.0`` is one from draft 6 on
(``integral_floats``), not in drafts 3 and 4.
"""

from __future__ import annotations

from typing import Any


def is_type(value: Any, name: str, integral_floats: bool = True) -> bool:
    kind = value.__class__
    if name == "string":
        return kind is str
    if name == "object":
        return kind is dict
    if name == "array":
        return kind is list
    if name == "integer":
        return kind is int or (integral_floats and kind is float and value.is_integer())
    if name == "number":
        return kind is int or kind is float
    if name == "boolean":
        return kind is bool
    return name == "null" and value is None
