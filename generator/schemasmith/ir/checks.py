"""Read a schema's assertion keywords into the IR's ``Checks``, and name the ones the loaders leave
to ``schemasmith validate`` (``Unchecked``).

Only well-formed keyword values are read (a negative ``minLength``, a ``pattern`` that is not a
string...): the schema check refuses the others before anything is generated.
"""

from __future__ import annotations

from typing import Any

from .nodes import Checks, Pattern, Unchecked
from .regex_safety import translate

# Keywords the loaders do not check yet, wherever they appear (the validator does).
UNCHECKED_KEYWORDS = (
    "not", "if", "contains", "propertyNames", "patternProperties", "dependentRequired",
    "dependentSchemas", "dependencies", "unevaluatedProperties", "unevaluatedItems",
)
# Formats the loaders check (the targets hold them in native types or check their shape).
CHECKED_FORMATS = frozenset({"date-time", "date", "uuid"})


def _number(value: Any) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    # 2.0 is a valid count in drafts 6+ (an integer-valued number).
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value < 2**63 else None
    return value


_PATTERNS: dict[str, Pattern] = {}


def pattern_of(source: str) -> Pattern:
    if source not in _PATTERNS:
        _PATTERNS[source] = translate(source)
    return _PATTERNS[source]


def read_checks(schema: dict[str, Any], kind: str) -> Checks | None:
    """The checks that apply to a value of JSON type ``kind`` (string, number, integer, array,
    object) in ``schema``; None when there are none."""
    values: dict[str, Any] = {}
    if kind in ("number", "integer"):
        minimum, maximum = _number(schema.get("minimum")), _number(schema.get("maximum"))
        low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        # Draft 4 (and 3): exclusiveMinimum is a boolean that makes `minimum` exclusive.
        if low is True and minimum is not None:
            values["exclusive_minimum"], minimum = minimum, None
        elif _number(low) is not None:
            values["exclusive_minimum"] = low
        if high is True and maximum is not None:
            values["exclusive_maximum"], maximum = maximum, None
        elif _number(high) is not None:
            values["exclusive_maximum"] = high
        values["minimum"], values["maximum"] = minimum, maximum
        multiple = _number(schema.get("multipleOf"))
        if multiple is not None and multiple > 0:
            values["multiple_of"] = multiple
    elif kind == "string":
        values["min_length"] = _count(schema.get("minLength"))
        values["max_length"] = _count(schema.get("maxLength"))
        if isinstance(schema.get("pattern"), str):
            values["pattern"] = pattern_of(schema["pattern"])
    elif kind == "array":
        values["min_items"] = _count(schema.get("minItems"))
        values["max_items"] = _count(schema.get("maxItems"))
        values["unique_items"] = schema.get("uniqueItems") is True
    elif kind == "object":
        values["min_properties"] = _count(schema.get("minProperties"))
        values["max_properties"] = _count(schema.get("maxProperties"))
    # Most schemas hold none (36,000 read for GitHub's API description): then no Checks is built
    # only to be found equal to an empty one (whose fields are all None or False).
    if all(value is None or value is False for value in values.values()):
        return None
    checks = Checks(**values)
    return None if checks == Checks() else checks


def unchecked_in(schema: dict[str, Any], pointer: str, type_checked: bool) -> list[Unchecked]:
    """What the loaders leave to the validator in this one schema object (not its subschemas).

    ``type_checked``: the schema maps to a type whose checks the loaders run; otherwise (it was
    widened to any value, or is an allOf branch that only narrows another) its assertion keywords
    are not run either.
    """
    found = [Unchecked(pointer, k, "not checked by the generated loaders") for k in UNCHECKED_KEYWORDS if k in schema]
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt not in CHECKED_FORMATS:
        found.append(Unchecked(pointer, "format", f"the loaders do not check format {fmt!r}"))
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        compiled = pattern_of(pattern)
        if not type_checked:
            found.append(Unchecked(pointer, "pattern", "on a value the loaders do not type"))
        elif compiled.max_length == 0:
            found.append(Unchecked(pointer, "pattern", compiled.why))
        elif compiled.max_length is not None:
            found.append(Unchecked(pointer, "pattern", f"bounded input: {compiled.why}"))
    if not type_checked:
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
                        "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"):
            if keyword in schema:
                found.append(Unchecked(pointer, keyword, "on a value the loaders do not type"))
    return found
