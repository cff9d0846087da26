"""What a schema asserts, read through ``$ref``s and ``allOf``: its keyword occurrences, by keyword.

A subschema in use is a ``Sub`` (the raw schema and where it sits). ``flatten`` follows ``$ref``s and
``allOf`` parts into one conjunction: every assertion keyword found, each with the location it came
from, so that ``{"allOf": [{"$ref": "#/$defs/Base"}, {"properties": …}]}`` and the same keywords
written inline read alike (a refactor, not a change). Draft differences are read here too: ``$ref``
beside other keywords is a conjunction from 2019-09 on and overrides them before; OpenAPI 3.0's
``nullable`` adds a ``null`` branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import SchemaSmithError
from ..source.refs import Here

# Keywords that assert something about an instance; every other keyword is an annotation.
ASSERTIONS = frozenset(
    {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "format", "items", "prefixItems", "additionalItems", "minItems",
        "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "properties", "patternProperties",
        "additionalProperties", "required", "minProperties", "maxProperties", "propertyNames", "dependencies",
        "dependentRequired", "dependentSchemas", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
        "unevaluatedProperties", "unevaluatedItems", "$ref", "$dynamicRef", "$recursiveRef", "nullable",
    }
)
# Assertions the comparison does not reason about: compared by their JSON text.
OPAQUE = ("unevaluatedProperties", "unevaluatedItems", "minContains", "maxContains")
# Annotations that mean nothing to readers: not reported when they change.
SILENT = frozenset({"$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$defs",
                    "definitions", "$vocabulary", "components"})
MAX_REF_CHAIN = 64


@dataclass
class Sub:
    """A subschema where it is used: the raw schema (dict or bool) and its location."""

    schema: Any
    here: Here
    ref_name: str | None = None  # the last token of the $ref that led here, to match union branches

    @property
    def pointer(self) -> str:
        return self.here.pointer

    def child(self, value: Any, *tokens: object) -> Sub:
        return Sub(value, self.here.child(value, *tokens))


@dataclass
class Occurrence:
    value: Any
    sub: Sub  # the schema object the keyword was written in

    def pointer(self, keyword: str) -> str:
        return _join(self.sub.pointer, keyword)

    def child(self, keyword: str, *tokens: object) -> Sub:
        value = self.value
        for token in tokens:
            value = value[token]
        return Sub(value, self.sub.here.child(value, keyword, *tokens))


@dataclass
class Flat:
    """The conjunction of everything a list of Subs asserts."""

    subs: list[Sub]
    keywords: dict[str, list[Occurrence]] = field(default_factory=dict)
    annotations: dict[str, Occurrence] = field(default_factory=dict)  # the first of each
    false: Occurrence | None = None  # a `false` schema in the conjunction (then nothing is valid)
    unions: list[tuple[str, list[Sub], Sub]] = field(default_factory=list)  # (anyOf|oneOf, branches, holder)

    def get(self, keyword: str) -> list[Occurrence]:
        return self.keywords.get(keyword, [])

    def add(self, keyword: str, value: Any, sub: Sub) -> None:
        self.keywords.setdefault(keyword, []).append(Occurrence(value, sub))

    def pointer(self) -> str:
        return self.subs[0].pointer if self.subs else ""

    def merged(self, other: Flat) -> Flat:
        result = Flat(self.subs + other.subs)
        for flat in (self, other):
            for keyword, occurrences in flat.keywords.items():
                result.keywords.setdefault(keyword, []).extend(occurrences)
            for keyword, occurrence in flat.annotations.items():
                result.annotations.setdefault(keyword, occurrence)
            result.false = result.false or flat.false
            result.unions.extend(flat.unions)
        return result

    def without_union(self, index: int) -> Flat:
        result = Flat(self.subs, self.keywords, self.annotations, self.false)
        result.unions = self.unions[:index] + self.unions[index + 1:]
        return result


def _join(pointer: str, keyword: str) -> str:
    return pointer + "/" + keyword.replace("~", "~0").replace("/", "~1")


def draft_of_here(here: Here) -> int:
    """The draft as a number (4, 6, 7, 2019, 2020) for the keywords whose meaning changed."""
    name = here.specification.name
    for year in ("2019", "2020"):
        if year in name:
            return int(year)
    digits = "".join(ch for ch in name if ch.isdigit())
    return int(digits) if digits else 2020


class Flattener:
    def __init__(self, openapi30: bool) -> None:
        self.openapi30 = openapi30
        self.keep_alive: list[Any] = []  # schemas made here: their id()s key the comparison's memo
        self._flat: dict[tuple[tuple[int, str], ...], Flat] = {}

    def flatten(self, subs: list[Sub]) -> Flat:
        # The same subschemas are read again and again (a shared definition, a content model tested
        # for openness): read once. Flats are never changed after this (merged() makes new ones).
        key = tuple((id(s.schema), s.pointer) for s in subs)
        known = self._flat.get(key)
        if known is not None and all(a.schema is b.schema for a, b in zip(known.subs, subs)):
            return known
        flat = Flat(list(subs))
        for sub in subs:
            self._into(flat, sub, set(), 0)
        self._flat[key] = flat
        return flat

    def resolve(self, sub: Sub) -> Sub:
        """Follow a schema that is only a ``$ref`` (and annotations) to its target."""
        for _ in range(MAX_REF_CHAIN):
            schema = sub.schema
            if not isinstance(schema, dict):
                return sub
            ref = _ref_of(schema)
            if ref is None:
                return sub
            if draft_of_here(sub.here) >= 2019 and any(k in ASSERTIONS for k in schema if k not in _REF_KEYWORDS):
                return sub
            sub = self._target(sub, ref)
        return sub

    def _target(self, sub: Sub, ref: str) -> Sub:
        target, here = sub.here.resolve(ref)
        name = ref.rstrip("/").rsplit("/", 1)[-1] or None
        return Sub(target, here, ref_name=name)

    def _into(self, flat: Flat, sub: Sub, visiting: set[int], depth: int) -> None:
        schema = sub.schema
        if schema is True or schema == {}:
            return
        if schema is False:
            flat.false = flat.false or Occurrence(False, sub)
            return
        if not isinstance(schema, dict):
            raise SchemaSmithError(f"a schema must be an object or boolean, got {type(schema).__name__}",
                                   file=sub.here.file, pointer=sub.pointer)
        if id(schema) in visiting or depth > MAX_REF_CHAIN:
            return  # a $ref/allOf cycle asserts nothing more than what was already gathered
        visiting = visiting | {id(schema)}
        if self.openapi30 and schema.get("nullable") is True:
            rest = {k: v for k, v in schema.items() if k != "nullable"}
            null: dict[str, Any] = {"type": "null"}
            self.keep_alive += [rest, null]
            flat.unions.append(("anyOf", [Sub(rest, sub.here), Sub(null, sub.here)], sub))
            for keyword, value in schema.items():
                if keyword not in ASSERTIONS:
                    flat.annotations.setdefault(keyword, Occurrence(value, sub))
            return
        ref = _ref_of(schema)
        ref_only = ref is not None and draft_of_here(sub.here) < 2019
        if ref is not None:
            self._into(flat, self._target(sub, ref), visiting, depth + 1)
            if ref_only:
                return  # before 2019-09, keywords beside $ref are ignored
        for keyword, value in schema.items():
            if keyword in _REF_KEYWORDS:
                continue
            if keyword == "allOf" and isinstance(value, list):
                for index, part in enumerate(value):
                    self._into(flat, sub.child(part, "allOf", index), visiting, depth + 1)
            elif keyword in ("anyOf", "oneOf") and isinstance(value, list):
                flat.unions.append((keyword, [sub.child(part, keyword, i) for i, part in enumerate(value)], sub))
            elif keyword == "const":
                flat.add("enum", [value], sub)
            elif keyword in ASSERTIONS:
                flat.add(keyword, value, sub)
            elif keyword not in flat.annotations:
                flat.annotations[keyword] = Occurrence(value, sub)


_REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")


def _ref_of(schema: dict[str, Any]) -> str | None:
    for keyword in _REF_KEYWORDS:
        value = schema.get(keyword)
        if isinstance(value, str):
            return value
    return None


def trivially_true(flat: Flat) -> bool:
    return flat.false is None and not flat.keywords and not flat.unions


def trivially_false(flat: Flat) -> bool:
    if flat.false is not None:
        return True
    # {"not": {}} (or not: true) is the other common spelling of "nothing"
    return any(o.value is True or o.value == {} for o in flat.get("not"))
