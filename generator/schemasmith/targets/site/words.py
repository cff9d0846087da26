"""A field's constraints said in words, for the site's Fields table.

Each phrase is Markdown for one table cell: values the schema supplies go through ``md_code``
(pattern, enum values, defaults), so a hostile value stays inert text.
"""

from __future__ import annotations

import json
from typing import Any

from ...escaping import md_cell, pymd_code as md_code
from ...ir.nodes import EnumType, Field, PrimitiveType, TypeRef, resolved

FORMATS = {
    "date-time": "an RFC 3339 date and time",
    "date": "an RFC 3339 full date",
    "time": "an RFC 3339 time",
    "duration": "an ISO 8601 duration",
    "email": "an email address",
    "idn-email": "an internationalized email address",
    "hostname": "a host name",
    "idn-hostname": "an internationalized host name",
    "ipv4": "an IPv4 address",
    "ipv6": "an IPv6 address",
    "uri": "a URI",
    "uri-reference": "a URI reference",
    "iri": "an IRI",
    "iri-reference": "an IRI reference",
    "uuid": "a UUID",
    "uri-template": "a URI template",
    "json-pointer": "a JSON Pointer",
    "relative-json-pointer": "a relative JSON Pointer",
    "regex": "a regular expression",
}


def json_code(value: Any) -> str:
    return md_code(json.dumps(value, ensure_ascii=False))


def _number(value: Any) -> str:
    return md_code(json.dumps(value))


def _plural(count: Any, word: str) -> str:
    return f"{json.dumps(count)} {word}{'' if count == 1 else 's'}"


def _format_of(type_: TypeRef) -> str | None:
    type_ = resolved(type_)  # a named scalar's format, or enum's values, are still the field's
    return type_.format if isinstance(type_, PrimitiveType) else None


def constraint_words(field: Field) -> list[str]:
    """Phrases, each a sentence: format, enum values, text, numbers, sizes, then flags."""
    words: list[str] = []
    fmt = _format_of(field.type)
    if fmt is not None:
        meaning = FORMATS.get(fmt)
        words.append(f"Format {md_code(fmt)}" + (f": {meaning}." if meaning else "."))
    if isinstance(enum := resolved(field.type), EnumType):
        values = ", ".join(json_code(v) for v in enum.values)
        words.append(f"One of {values}." if len(enum.values) > 1 else f"Always {values}.")
    c = dict(field.constraints)
    if "pattern" in c:
        words.append(f"Matches the pattern {md_code(c['pattern'])}.")
    words.extend(_range(c, "minLength", "maxLength", "character"))
    for keyword, text in (("contentEncoding", "Encoded as"), ("contentMediaType", "Media type")):
        if keyword in c:
            words.append(f"{text} {md_code(c[keyword])}.")
    words.extend(_bounds(c))
    if "multipleOf" in c:
        words.append(f"A multiple of {_number(c['multipleOf'])}.")
    words.extend(_range(c, "minItems", "maxItems", "item"))
    if c.get("uniqueItems") is True:
        words.append("Items are unique.")
    words.extend(_range(c, "minProperties", "maxProperties", "property"))
    if field.has_default:
        words.append(f"Default {json_code(field.default)}.")
    if field.nullable:
        words.append("May be `null`.")
    if field.read_only:
        words.append("Read-only: sent by the API, ignored in requests.")
    if field.write_only:
        words.append("Write-only: accepted in requests, never returned.")
    return words


def _range(c: dict[str, Any], low: str, high: str, unit: str) -> list[str]:
    unit_plural = "properties" if unit == "property" else f"{unit}s"
    if low in c and high in c:
        if c[low] == c[high]:
            return [f"Exactly {_plural(c[low], unit) if unit != 'property' else _props(c[low])}."]
        return [f"{json.dumps(c[low])} to {json.dumps(c[high])} {unit_plural}."]
    if low in c:
        return [f"At least {_props(c[low]) if unit == 'property' else _plural(c[low], unit)}."]
    if high in c:
        return [f"At most {_props(c[high]) if unit == 'property' else _plural(c[high], unit)}."]
    return []


def _props(count: Any) -> str:
    return f"{json.dumps(count)} {'property' if count == 1 else 'properties'}"


def _bounds(c: dict[str, Any]) -> list[str]:
    words = []
    # Draft 4 spells an exclusive bound as a boolean beside minimum/maximum.
    low_exclusive = c.get("exclusiveMinimum") is True
    high_exclusive = c.get("exclusiveMaximum") is True
    if "minimum" in c:
        words.append(f"{'Greater than' if low_exclusive else 'At least'} {_number(c['minimum'])}.")
    if not isinstance(c.get("exclusiveMinimum"), bool) and "exclusiveMinimum" in c:
        words.append(f"Greater than {_number(c['exclusiveMinimum'])}.")
    if "maximum" in c:
        words.append(f"{'Less than' if high_exclusive else 'At most'} {_number(c['maximum'])}.")
    if not isinstance(c.get("exclusiveMaximum"), bool) and "exclusiveMaximum" in c:
        words.append(f"Less than {_number(c['exclusiveMaximum'])}.")
    return words


def description_cell(field: Field) -> str:
    """The seed's Description cell, then the constraints, one line each."""
    description = md_cell(field.description or "")
    if field.deprecated:
        description = f"**Deprecated.** {description}".strip()
    return "<br/>".join(part for part in (description, *constraint_words(field)) if part)
