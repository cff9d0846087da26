"""A first accept stage for nested schemas: a typed msgspec decode into Structs compiled from the schema.

jsonschema-rs (rust_accept.py) judges a line at the cost of decoding it into Python dicts and lists
and converting those again for Rust: ~3 us a line on a 570-byte Session with a list and a nested
object, as much as ``orjson.loads`` + ``is_valid`` in a user's own loop. Decoding the same line into
msgspec Structs that encode the schema costs a third of that: no dict is built, the types, required
properties, enums, bounds and lengths are checked while parsing. So for a schema whose every part
msgspec can express, a line is first decoded into those Structs; a line that decodes is valid. A
line that does not goes on to jsonschema-rs, then to the reference: this stage may refuse whatever
it likes (a day 29 of February, an undeclared property, ``1.0`` for an integer), it only costs speed.

What keeps "the Struct decoder accepts" implying "the reference accepts the document the policy
decodes":

- the same bytes read by the same parser: msgspec, as documents.py; nothing is skipped — every
  Struct forbids unknown fields, no field holds ``Any``, a bare ``object`` or ``array`` — so every
  value is decoded and checked (UTF-8, lone surrogates, number ranges) and nesting is bounded by the
  Structs' own depth: the policy's depth and long-integer questions cannot arise;
- each schema construct maps to a type accepting a subset of its valid values: ``type`` (integers
  within 64 bits, as the flat path), ``properties``/``required``/``additionalProperties`` (absent,
  true or false; a schema for a map without ``properties``), ``items`` (one schema),
  ``minItems``/``maxItems``, ``minLength``/``maxLength`` (code points, as ``len``), ``minimum``/
  ``maximum``/exclusive bounds (integers exactly; numbers only against bounds a double holds
  exactly, so rounding a decoded integer cannot cross them), string and null ``enum``/``const``,
  local ``$ref``s to ``$defs``/``definitions`` (not recursive), ``anyOf``/``oneOf`` whose branches
  take disjoint JSON types (where ``oneOf`` is ``anyOf``), ``allOf`` of open objects with distinct
  properties (one Struct with all of them);
- a ``pattern`` Python's ``re`` reads as ECMA-262 does, and the formats of FORMAT_SUBSETS: checked
  by jsonschema-rs a chunk at a time, as the reference reads them (string_batch.py), or, in a union
  with another type, by msgspec (the pattern, or a pattern accepting only strings formats.py
  accepts: typed_patterns.py); any other asserted format or keyword: no typed stage for the schema.
"""

from __future__ import annotations

import math
import re
import operator
import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal, Optional, Union

import msgspec

from ..formats import FORMATS_BY_DRAFT, formats_for, is_date_time
from .string_batch import Slot, StringSlots, string_type
from .typed_lines import suits_one_document, typed_accepts_one
from .typed_patterns import FORMAT_SUBSETS, python_pattern

_ANNOTATIONS = frozenset(
    {"title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment",
     "$schema", "$anchor", "$defs", "definitions", "contentMediaType", "contentEncoding"}
)
_STRING = frozenset({"minLength", "maxLength", "format", "pattern"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_OBJECT = frozenset({"properties", "required", "additionalProperties"})
_ARRAY = frozenset({"items", "minItems", "maxItems"})
_TYPED = frozenset({"type"}) | _STRING | _NUMBER | _OBJECT | _ARRAY
_INT64 = (-(2**63), 2**63 - 1)
_EXACT_DOUBLE = 2**53
# JSON types as msgspec types; "number" and "integer" are one kind for disjointness.
_KIND = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean", "null": "null",
         "object": "object", "array": "array"}


class _NotTyped(Exception):
    """The schema uses something this stage does not express."""


# Undeclared property names an open object learns to take (as the flat path does: compile.py).
MAX_LEARNED = 32
_UNKNOWN_FIELD = re.compile(r"Object contains unknown field `(.*?)`(?: - at `[^`]*`)?", re.DOTALL)
# An undeclared value is decoded as a scalar (so checked: UTF-8, a number within a double); an
# object or array there goes on to the next engine.
_ANY_SCALAR = Union[str, float, bool, None]


class TypedAccept:
    """The typed decoder of one schema; ``decode`` raises for whatever it does not accept."""

    def __init__(self, schema: dict[str, Any], draft: str) -> None:
        self.schema = schema
        self.draft = draft
        self.learned: tuple[str, ...] = ()
        # The root Struct's date-time fields, decoded as plain strings and checked a chunk at a time
        # (typed_lines.py): ``read`` gets them from a decoded root, ``dates`` says how many.
        self.read: Callable[[Any], Any] | None = None
        self.dates = 0
        # Strings with a pattern or a format, kept by the decoder and checked a chunk at a time
        # (string_batch.py); the lock keeps two threads' chunks apart.
        self.slots = StringSlots(draft)
        self.lock = threading.Lock()
        self.decode: Callable[[bytes], Any] = self._build(())

    def _build(self, undeclared: tuple[str, ...]) -> Callable[[bytes], Any]:
        compiler = _Compiler(self.schema, self.draft, self.slots, undeclared)
        compiled, _ = compiler.type_of(self.schema, root=True, reads_dates=True)
        # The same fields whatever names were learned: attributes are named by property position.
        self.dates = len(compiler.dates)
        self.read = operator.attrgetter(*compiler.dates) if compiler.dates else None
        return msgspec.json.Decoder(compiled, dec_hook=self.slots.hook if self.slots.used else None).decode

    def learn(self, failure: Exception) -> bool:
        """Let open objects take the undeclared property ``failure`` names (a scalar value); False
        when it names none, or a name already learned, or when MAX_LEARNED are."""
        match = _UNKNOWN_FIELD.fullmatch(str(failure))
        if match is None or len(self.learned) >= MAX_LEARNED or match.group(1) in self.learned:
            return False
        name = match.group(1)
        if any(c in '\\"`' or c < " " for c in name):
            return False
        try:
            decode = self._build((*self.learned, name))
        except (_NotTyped, TypeError, ValueError):
            return False
        self.learned = (*self.learned, name)
        self.decode = decode
        return True

    @property
    def suits_one_document(self) -> bool:
        """Whether accepts_one is worth trying before jsonschema-rs (typed_lines.py)."""
        return suits_one_document(self)

    def accepts_one(self, data: bytes) -> bool:
        """Whether this stage accepts one document (typed_lines.typed_accepts_one)."""
        return typed_accepts_one(self, data)


def compile_typed_accept(schema: Any, draft: str) -> TypedAccept | None:
    """The typed stage for ``schema``, or None when msgspec Structs cannot express it."""
    if not isinstance(schema, dict):
        return None
    try:
        return TypedAccept(schema, draft)
    except (_NotTyped, TypeError, ValueError, RecursionError):  # TypeError/ValueError: msgspec refuses a type
        return None


class _Compiler:
    def __init__(self, root: dict[str, Any], draft: str, slots: StringSlots, undeclared: tuple[str, ...] = ()) -> None:
        self.root = root
        self.slots = slots
        self.undeclared = undeclared
        self.draft = draft
        self.formats = formats_for(draft)
        self.references: dict[str, tuple[Any, frozenset[str]]] = {}
        self.resolving: set[str] = set()
        self.structs = 0
        self.dates: list[str] = []  # attributes of the root Struct read after decoding (TypedAccept)

    def type_of(self, schema: Any, root: bool = False, reads_dates: bool = False) -> tuple[Any, frozenset[str]]:
        """The msgspec type for ``schema`` and the JSON kinds it takes; ``reads_dates``: the
        document's root object, whose plain date-time properties are left to TypedAccept.read."""
        if not isinstance(schema, dict):
            raise _NotTyped  # true, false: Any would skip the policy's checks
        if not root and ("$id" in schema or (self.draft == "draft4" and isinstance(schema.get("id"), str))):
            raise _NotTyped  # an embedded resource: "#/…" inside it means another document
        keys = set(schema) - _ANNOTATIONS - ({"$id", "id"} if root else set())
        if "$ref" in keys:
            if keys != {"$ref"}:
                raise _NotTyped
            return self.reference(schema["$ref"], reads_dates)
        for keyword in ("anyOf", "oneOf"):
            if keyword in keys:
                if keys != {keyword}:
                    raise _NotTyped
                return self.union(schema[keyword])
        if "allOf" in keys:
            return self.all_of(schema, keys, reads_dates)
        if "enum" in keys or "const" in keys:
            return self.choice(schema, keys)
        if "type" not in keys or not keys <= _TYPED:
            raise _NotTyped
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not names or len(set(map(str, names))) != len(names):
            raise _NotTyped
        members: list[Any] = []
        for name in names:
            if name == "string":
                members.append(self.string(schema))
            elif name in ("integer", "number"):
                members.append(self.number(schema, name))
            elif name == "boolean":
                members.append(bool)
            elif name == "null":
                members.append(None)
            elif name == "object":
                members.append(self.object(schema, reads_dates=reads_dates and len(names) == 1))
            elif name == "array":
                members.append(self.array(schema))
            else:
                raise _NotTyped
        return _union(members), frozenset(_KIND[name] for name in names)

    def reference(self, target: Any, reads_dates: bool = False) -> tuple[Any, frozenset[str]]:
        if not isinstance(target, str) or target in self.resolving:
            raise _NotTyped  # recursion: left to the next engine
        if reads_dates:
            # The root's own Struct, compiled apart (never cached): where the same schema is used
            # deeper in the document, its date-times are checked while decoding, as every other one.
            self.resolving.add(target)
            try:
                return self.type_of(self.resolve(target), reads_dates=True)
            finally:
                self.resolving.discard(target)
        if target not in self.references:
            self.resolving.add(target)
            self.references[target] = self.type_of(self.resolve(target))
            self.resolving.discard(target)
        return self.references[target]

    def resolve(self, target: str) -> Any:
        parts = target.split("/")
        if len(parts) != 3 or parts[0] != "#" or parts[1] not in ("$defs", "definitions"):
            raise _NotTyped
        if any(c in parts[2] for c in "~%"):
            raise _NotTyped
        container = self.root.get(parts[1])
        if not isinstance(container, dict) or parts[2] not in container:
            raise _NotTyped
        return container[parts[2]]

    def union(self, branches: Any) -> tuple[Any, frozenset[str]]:
        if not isinstance(branches, list) or not branches:
            raise _NotTyped
        tagged = self.tagged_union(branches)
        if tagged is not None:
            return tagged, frozenset({"object"})
        members: list[Any] = []
        kinds: set[str] = set()
        for branch in branches:
            member, branch_kinds = self.type_of(branch)
            if kinds & branch_kinds:
                raise _NotTyped  # overlapping branches: oneOf is not anyOf there
            kinds |= branch_kinds
            members.append(member)
        return _union(members), frozenset(kinds)

    def tagged_union(self, branches: list[Any]) -> Any:
        """Object branches told apart by a required property each gives a different string
        ``const``: a msgspec tagged union (a document can match one branch only, so ``oneOf`` is
        ``anyOf``; msgspec checks every occurrence of the tag). None if the branches are not such."""
        try:
            objects = [self.object_schema(branch) for branch in branches]
        except _NotTyped:
            return None
        if len(objects) < 2:
            return None
        first = objects[0].get("properties", {})
        for name in first if isinstance(first, dict) else ():
            found = [_tag(part, name) for part in objects]
            tags = [tag for tag in found if tag is not None]
            if len(tags) == len(objects) and len(set(tags)) == len(tags):
                return Union[tuple(self.object(part, (name, tag)) for part, tag in zip(objects, tags))]
        return None

    def all_of(self, schema: dict[str, Any], keys: set[str], reads_dates: bool = False) -> tuple[Any, frozenset[str]]:
        """``allOf`` of open objects with distinct properties (and the schema's own object keywords)."""
        branches = schema["allOf"]
        if not isinstance(branches, list) or not branches or not keys - {"allOf"} <= _OBJECT | {"type"}:
            raise _NotTyped
        own = {key: schema[key] for key in keys - {"allOf"}}
        objects = [self.object_schema(branch) for branch in branches] + ([own] if own else [])
        properties: dict[str, Any] = {}
        required: set[str] = set()
        for part in objects:
            if part.get("type", "object") != "object" or part.get("additionalProperties", True) not in (True, {}):
                raise _NotTyped
            for name, value in part.get("properties", {}).items():
                if name in properties:
                    raise _NotTyped
                properties[name] = value
            required |= set(part.get("required", []))
        merged = {"type": "object", "properties": properties, "required": sorted(required)}
        return self.object(merged, reads_dates=reads_dates), frozenset({"object"})

    def object_schema(self, schema: Any) -> dict[str, Any]:
        """``schema`` (through local references) as an object schema with only object keywords."""
        seen: set[str] = set()
        while isinstance(schema, dict) and set(schema) - _ANNOTATIONS == {"$ref"}:
            if schema["$ref"] in seen:
                raise _NotTyped
            seen.add(schema["$ref"])
            schema = self.resolve(schema["$ref"])
        if not isinstance(schema, dict) or "$id" in schema:
            raise _NotTyped
        keys = set(schema) - _ANNOTATIONS
        if not keys <= _OBJECT | {"type"} or schema.get("type") != "object":
            raise _NotTyped
        return {key: schema[key] for key in keys}

    def choice(self, schema: dict[str, Any], keys: set[str]) -> tuple[Any, frozenset[str]]:
        """String and null ``enum``/``const``, with a ``type`` their values all have."""
        if not keys <= {"enum", "const", "type"} or ("enum" in keys and "const" in keys):
            raise _NotTyped
        values = schema["enum"] if "enum" in keys else [schema["const"]]
        if not isinstance(values, list) or not values or not all(v is None or isinstance(v, str) for v in values):
            raise _NotTyped
        kinds = {"null" if v is None else "string" for v in values}
        if "type" in keys:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not kinds <= set(names):
                raise _NotTyped
        strings = tuple(dict.fromkeys(v for v in values if v is not None))
        members: list[Any] = [Literal[strings]] if strings else []
        if None in values:
            members.append(None)
        return _union(members), frozenset(kinds)

    def string(self, schema: dict[str, Any]) -> Any:
        meta: dict[str, Any] = {}
        for keyword, option in (("minLength", "min_length"), ("maxLength", "max_length")):
            if keyword in schema:
                meta[option] = _count(schema[keyword])
        checked: dict[str, Any] = {}  # what a slot checks (string_batch.py)
        if "pattern" in schema:
            meta["pattern"] = python_pattern(schema["pattern"])
            if meta["pattern"] is None:
                raise _NotTyped
            checked["pattern"] = schema["pattern"]
        name = schema.get("format")
        if name is not None:
            if name in FORMAT_SUBSETS:
                if "pattern" in meta:
                    raise _NotTyped  # one pattern per string
                meta["pattern"] = FORMAT_SUBSETS[name]
                checked["format"] = name
            elif not isinstance(name, str) or name in self.formats:
                raise _NotTyped  # a format asserted here but not modelled
        if not checked:
            return string_type(meta)  # lengths msgspec checks in C
        checked.update((keyword, schema[keyword]) for keyword in ("minLength", "maxLength") if keyword in schema)
        return self.slots.slot(checked, string_type(meta))

    def number(self, schema: dict[str, Any], name: str) -> Any:
        bounds = [("minimum", "ge"), ("maximum", "le")]
        if any(keyword in schema for keyword in ("exclusiveMinimum", "exclusiveMaximum")):
            if self.draft == "draft4":
                raise _NotTyped  # booleans there
            bounds += [("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt")]
        found = [(option, schema[keyword]) for keyword, option in bounds if keyword in schema]
        if any(isinstance(bound, bool) or not isinstance(bound, (int, float)) for _, bound in found):
            raise _NotTyped
        if name == "integer":
            # Integers compare exactly: every bound becomes an inclusive one, within 64 bits.
            low, high = _INT64
            for option, bound in found:
                if not isinstance(bound, int):
                    raise _NotTyped
                if option in ("ge", "gt"):
                    low = max(low, bound + (option == "gt"))
                else:
                    high = min(high, bound - (option == "lt"))
            return Annotated[int, msgspec.Meta(ge=low, le=high)]
        meta: dict[str, Any] = {}
        for option, bound in found:
            if not (math.isfinite(bound) and abs(bound) < _EXACT_DOUBLE and float(bound) == bound):
                raise _NotTyped
            if {option, "ge" if option == "gt" else "gt" if option == "ge" else "le" if option == "lt" else "lt"} & set(meta):
                raise _NotTyped  # both an inclusive and an exclusive bound on one side
            meta[option] = float(bound)
        return Annotated[float, msgspec.Meta(**meta)] if meta else float

    def object(self, schema: dict[str, Any], tag: tuple[str, str] | None = None, reads_dates: bool = False) -> Any:
        """A Struct; with ``tag`` (property, value), the tagged Struct of a union, that property
        its tag; ``reads_dates``: the root's, whose plain date-time properties are read later."""
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        additional = schema.get("additionalProperties", True)
        if not isinstance(properties, dict) or not isinstance(required, list):
            raise _NotTyped
        if not all(isinstance(name, str) and name in properties for name in required):
            raise _NotTyped
        if isinstance(additional, dict) and additional != {}:
            if properties or required:
                raise _NotTyped
            value, _ = self.type_of(additional)
            return dict[str, value]  # type: ignore[valid-type]
        if additional not in (True, False, {}):
            raise _NotTyped
        fields: list[tuple[Any, ...]] = []
        rename: dict[str, str] = {}
        for index, (name, subschema) in enumerate(properties.items()):
            if tag is not None and name == tag[0]:
                continue
            attribute = f"f{index}"
            field_type = self.date_time_text(subschema) if reads_dates else None
            if field_type is not None:
                self.dates.append(attribute)
            else:
                field_type, _ = self.type_of(subschema)
            rename[attribute] = name
            fields.append((attribute, field_type) if name in required else (attribute, field_type, msgspec.UNSET))
        if additional is not False:
            for index, name in enumerate(self.undeclared):
                if name not in properties:
                    rename[f"x{index}"] = name
                    fields.append((f"x{index}", _ANY_SCALAR, msgspec.UNSET))
        fields.sort(key=lambda field: len(field) == 3)  # required fields first, as msgspec wants
        self.structs += 1
        # Unknown fields are refused even where the schema allows them: msgspec would skip their
        # values unchecked (UTF-8, numbers, nesting), so such a line goes on to the next engine.
        options: dict[str, Any] = {"tag_field": tag[0], "tag": tag[1]} if tag is not None else {}
        return msgspec.defstruct(
            f"Typed{self.structs}", fields, rename=rename, forbid_unknown_fields=True, gc=False, **options
        )

    def date_time_text(self, schema: Any) -> Any:
        """``str`` (or ``Optional[str]``) for a string (or nullable string) schema whose only
        assertion is ``format: date-time`` checked by formats.is_date_time, which datetime_batch
        decides for a chunk's strings at once (~0.5 us a line less than msgspec calling ``re``
        for each value); None for any other schema."""
        if not isinstance(schema, dict) or set(schema) - _ANNOTATIONS != {"type", "format"}:
            return None
        # The reference's checker is formats_for's wrapper around this draft's own (FORMATS_BY_DRAFT).
        if schema["format"] != "date-time" or FORMATS_BY_DRAFT.get(self.draft, {}).get("date-time") is not is_date_time:
            return None
        kind = schema["type"]
        if kind == "string":
            return str
        if isinstance(kind, list) and len(kind) == 2 and set(kind) == {"string", "null"}:
            return Optional[str]
        return None

    def array(self, schema: dict[str, Any]) -> Any:
        if "items" not in schema:
            raise _NotTyped
        item, _ = self.type_of(schema["items"])
        meta: dict[str, Any] = {}
        for keyword, option in (("minItems", "min_length"), ("maxItems", "max_length")):
            if keyword in schema:
                meta[option] = _count(schema[keyword])
        return Annotated[list[item], msgspec.Meta(**meta)] if meta else list[item]  # type: ignore[valid-type]


def _tag(schema: dict[str, Any], name: str) -> str | None:
    """The string a required property ``name`` of an object schema must equal, if one."""
    value = schema.get("properties", {}).get(name)
    if name not in schema.get("required", []) or not isinstance(value, dict):
        return None
    if set(value) - _ANNOTATIONS == {"const"} and isinstance(value["const"], str):
        return value["const"]
    if set(value) - _ANNOTATIONS == {"enum"} and isinstance(value["enum"], list) and len(value["enum"]) == 1:
        only = value["enum"][0]
        return only if isinstance(only, str) else None
    return None


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 0:
        raise _NotTyped
    return int(value)


def _union(members: list[Any]) -> Any:
    if not members:
        raise _NotTyped
    if len([m for m in members if m is not None]) > 1:
        # msgspec takes a custom type in a union with None only: there, a slot's check is msgspec's.
        members = [m.fallback if isinstance(m, type) and issubclass(m, Slot) else m for m in members]
    if len(members) == 1:
        return type(None) if members[0] is None else members[0]
    others = [m for m in members if m is not None]
    if len(others) == 1:
        return Optional[others[0]]
    return Union[tuple(members)]
