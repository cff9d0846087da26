"""The fast path: decode a document straight into a msgspec Struct compiled from a simple schema.

A schema qualifies when it is a flat record — an object whose properties are each a JSON type, a
list of types or an ``anyOf``/``oneOf`` of plain types (the nullable pattern), optionally with a
``format`` on strings, plus ``required`` and ``additionalProperties: true|false`` — and everything
else in it is an annotation (title, description, examples…). The Session schema is one.
Any other keyword makes ``compile_fast_path`` return None, and every document goes to the
reference validator.

The fast path may only ever *accept*: a document it cannot accept goes to the reference validator,
which gives the verdict and the messages. It is sound because, for a qualifying schema,

- the Struct's field types accept exactly the JSON values of the property's types (msgspec is
  strict: ``true`` is not a number, ``1.0`` is not an integer — refusing more than the schema is
  allowed, it only costs speed), and every occurrence of a repeated key is type-checked;
- ``forbid_unknown_fields`` makes msgspec decode (and so check UTF-8, number ranges and nesting of)
  every value, exactly as the document policy (documents.py) does — msgspec would *skip* an
  undeclared value without those checks. Undeclared properties seen in the input are learned as
  extra fields typed "any scalar" (FastPath.decoder_with), so payloads of a newer API version keep
  the fast path; anything else goes to the reference;
- formats are checked afterwards, date-times a chunk at a time (datetime_batch.py), others one by
  one (schemasmith.validate.formats).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional, Union

import msgspec

from ..documents import MAX_DEPTH, may_hold_long_integer
from ..formats import formats_for
from ..schema_check import mentions_keywords

if TYPE_CHECKING:
    from ...source.dialects import Dialect

_ANNOTATIONS = frozenset(
    {"title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
     "$comment", "$id", "id", "$schema", "$anchor", "contentMediaType", "contentEncoding"}
)
# $defs/definitions only hold schemas for $ref to use, and a flat record has no $ref.
_ROOT_KEYWORDS = _ANNOTATIONS | {"type", "properties", "required", "additionalProperties", "$defs", "definitions"}
_PROPERTY_KEYWORDS = _ANNOTATIONS | {"type", "format", "anyOf", "oneOf"}
_BRANCH_KEYWORDS = _ANNOTATIONS | {"type", "format"}
_MSGSPEC_TYPES: dict[str, Any] = {
    "string": str,
    "number": float,  # msgspec's float takes JSON integers too, never booleans, nothing beyond a double
    # and its int takes no 1.0: refusing more only sends the document to the reference, which also
    # decides on integers beyond 64 bits (the document policy refuses those beyond a double)
    "integer": Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)],
    "boolean": bool,
    "null": None,
    "object": dict,
    "array": list,
}


@dataclass(frozen=True)
class FormatField:
    """A string property with a format, read from the decoded Struct by ``attribute``."""

    attribute: str
    property_name: str
    format_name: str
    check: Callable[[str], bool]
    always_string: bool  # required and of type string only: every decoded value is a str


@dataclass(frozen=True)
class FastPath:
    """The compiled decoders for one schema and the format checks left after decoding."""

    strict_decoder: msgspec.json.Decoder[Any]
    takes_undeclared: bool  # undeclared properties are valid (and not reported: no --strict)
    format_fields: tuple[FormatField, ...]
    read_formats: Callable[[Any], Any] | None  # Struct -> value (one field) or tuple (several)
    fields: tuple[tuple[Any, ...], ...]  # msgspec.defstruct fields: (attribute, type[, default])
    rename: dict[str, str]  # attribute -> property name
    deep_values: bool  # some field holds objects or arrays, whose nesting msgspec decodes

    def decoder_with(self, undeclared: tuple[str, ...]) -> msgspec.json.Decoder[Any]:
        """A strict decoder that also takes these undeclared properties when their value is a scalar.

        A typed field is decoded (so checked: UTF-8, number ranges) exactly like the document
        policy's parse does, unlike a skipped one; scalars cannot nest, so no depth question
        arises. Documents from a newer API version keep the fast path this way; an undeclared
        object or array still goes the slower way.
        """
        extra = [(f"x{i}", _ANY_SCALAR, msgspec.UNSET) for i in range(len(undeclared))]
        rename = {**self.rename, **{f"x{i}": name for i, name in enumerate(undeclared)}}
        record = msgspec.defstruct(
            "Record", [*self.fields, *extra], rename=rename, forbid_unknown_fields=True, gc=False
        )
        return msgspec.json.Decoder(record)


class _NotSimple(Exception):
    """The schema uses something the fast path does not model."""


# Keywords the fast path reads as annotations that draft 7 lets us assert (reference/keywords.py).
_DRAFT7_CONTENT = frozenset({"contentEncoding", "contentMediaType"})


def fast_path_applies(schema: Any, draft: str, annotate_formats: bool, dialect: Dialect | None) -> bool:
    """Whether the fast path's reading of the schema is the reference's: not for a custom dialect
    (its vocabularies may drop keywords), not for draft 7 content keywords (asserted there), and
    with ``annotate_formats`` only when no ``format`` would be checked."""
    if dialect is not None:
        return False
    avoided = (_DRAFT7_CONTENT if draft == "draft7" else frozenset()) | (
        frozenset({"format"}) if annotate_formats else frozenset()
    )
    return not avoided or not mentions_keywords(schema, avoided)


def compile_fast_path(schema: Any, draft: str, strict: bool) -> FastPath | None:
    """A FastPath for ``schema``, or None when it is not a flat record the fast path models.

    With ``strict`` (report undeclared properties) a document with an undeclared property always
    goes to the reference validator, which reports it.
    """
    try:
        return _compile(schema, draft, strict)
    except (_NotSimple, TypeError, ValueError):  # ValueError: a property name msgspec refuses
        return None


def _compile(schema: Any, draft: str, strict: bool) -> FastPath:
    if not isinstance(schema, dict) or not set(schema) <= _ROOT_KEYWORDS:
        raise _NotSimple
    if schema.get("type", "object") != "object":
        raise _NotSimple
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    additional = schema.get("additionalProperties", True)
    if not isinstance(properties, dict) or not isinstance(required, list):
        raise _NotSimple
    if not all(isinstance(name, str) and name in properties for name in required):
        raise _NotSimple
    if not (additional is True or additional is False or additional == {}):
        raise _NotSimple
    known_formats = formats_for(draft)
    fields: list[tuple[Any, ...]] = []
    rename: dict[str, str] = {}
    format_fields: list[FormatField] = []
    deep_values = False
    for index, (name, property_schema) in enumerate(properties.items()):
        attribute = f"f{index}"
        field_type, format_name, type_names = _property_type(property_schema)
        deep_values = deep_values or not type_names or bool({"object", "array"} & set(type_names))
        rename[attribute] = name
        if name in required:
            fields.append((attribute, field_type))
        else:
            fields.append((attribute, field_type, msgspec.UNSET))
        if format_name in known_formats:  # an unknown format is only an annotation
            always_string = name in required and field_type is str
            format_fields.append(FormatField(attribute, name, format_name, known_formats[format_name], always_string))
    # Required fields first: msgspec wants fields without defaults before those with them.
    fields.sort(key=lambda field: len(field) == 3)
    open_record = additional is not False

    record = msgspec.defstruct("Record", fields, rename=rename, forbid_unknown_fields=True, gc=False)
    attributes = [f.attribute for f in format_fields]
    return FastPath(
        strict_decoder=msgspec.json.Decoder(record),
        takes_undeclared=open_record and not strict,
        format_fields=tuple(format_fields),
        read_formats=operator.attrgetter(*attributes) if attributes else None,
        fields=tuple(fields),
        rename=rename,
        deep_values=deep_values,
    )


def _property_type(schema: Any) -> tuple[Any, str | None, list[str]]:
    """The msgspec type for this property's JSON values, its string format, and its JSON types."""
    if schema is True or schema == {}:
        return Any, None, []
    if not isinstance(schema, dict) or not set(schema) <= _PROPERTY_KEYWORDS:
        raise _NotSimple
    formats = [schema["format"]] if "format" in schema else []
    type_names: list[str] = []
    if "type" in schema:
        type_names = _type_names(schema["type"])
    for keyword in ("anyOf", "oneOf"):
        if keyword not in schema:
            continue
        if type_names or not isinstance(schema[keyword], list) or len(schema) - len(_ANNOTATIONS & set(schema)) > 2:
            raise _NotSimple
        for branch in schema[keyword]:
            if not isinstance(branch, dict) or not set(branch) <= _BRANCH_KEYWORDS or "type" not in branch:
                raise _NotSimple
            branch_types = _type_names(branch["type"])
            if "format" in branch:
                if branch_types != ["string"]:
                    raise _NotSimple
                formats.append(branch["format"])
            type_names += branch_types
        if "anyOf" in schema and "oneOf" in schema:
            raise _NotSimple
    if not type_names:
        raise _NotSimple
    # Overlapping branches would change oneOf's verdict, and integer/number overlap.
    if len(set(type_names)) != len(type_names) or {"integer", "number"} <= set(type_names):
        raise _NotSimple
    if len(set(formats)) > 1 or not all(isinstance(f, str) for f in formats):
        raise _NotSimple
    if formats and "string" not in type_names:
        formats = []  # a format on a non-string never fails
    members = [_MSGSPEC_TYPES[name] for name in type_names]
    field_type = members[0] if len(members) == 1 else Union[tuple(members)]
    if field_type is None:
        field_type = type(None)
    if len(members) == 2 and None in members:
        field_type = Optional[[m for m in members if m is not None][0]]
    return field_type, (formats[0] if formats else None), type_names


def _type_names(value: Any) -> list[str]:
    names = value if isinstance(value, list) else [value]
    if not names or not all(isinstance(n, str) and n in _MSGSPEC_TYPES for n in names):
        raise _NotSimple
    return list(names)


# JSON integers decode as floats here, so one beyond a double is refused as the policy refuses it.
_ANY_SCALAR = Union[str, float, bool, None]


def depth_guarded(decode: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """``decode``, refusing lines that could nest deeper, or hold a longer integer, than the document
    policy allows.

    Needed once the Struct has fields holding objects or arrays: msgspec would decode nesting the
    policy refuses (MAX_DEPTH), and integers beyond a double. Fewer brackets than MAX_DEPTH means
    less nesting than that.
    """

    def guarded(line: bytes) -> Any:
        if line.count(b"[") + line.count(b"{") >= MAX_DEPTH:
            raise ValueError("possibly nested too deeply for the fast path")
        if may_hold_long_integer(line):  # msgspec keeps such integers exact where a field holds Any
            raise ValueError("possibly an integer beyond a double")
        return decode(line)

    return guarded


def no_fast_path(line: bytes) -> Any:
    raise ValueError("no fast path")
