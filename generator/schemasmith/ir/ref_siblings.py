"""Keywords beside a ``$ref``, and schemas that constrain objects without saying ``type``, read
as each draft defines them (issue 22, item 2).

``$ref`` siblings: drafts 4, 6 and 7 ignore every keyword beside a ``$ref`` (``follow_refs``
follows it as if it stood alone). From 2019-09 on they apply together with the target, exactly as
``allOf: [{$ref}, {siblings}]`` does, and the builder reads such a schema in that form: siblings
that add to an object's shape (``properties``, ``required``...) make a merged model; siblings that
only narrow the target (``maxLength``, ``minProperties``...) leave it the referenced type, by its
name; the siblings, whole, become the reference's rule (``narrowed``), which the loaders run after
the named type's decoding (a sibling the rules cannot run is named at generation instead).

Untyped objects: ``properties``, ``required`` or ``additionalProperties`` constrain objects only; a
schema made of such keywords and no ``type`` accepts every other JSON value as it is. Its type is
the model (or map) or any non-object value: ``Model | bool | float | str | list[Any] | None``.
Untyped arrays likewise: ``items`` (``prefixItems``, ``minItems``...) and no ``type`` is the array
or any non-array value: ``list[T] | bool | float | str | dict[str, Any] | None``.
"""

from __future__ import annotations

from typing import Any

from ..source.refs import Here
from .annotations import ANNOTATIONS, ref_only
from .nodes import (
    NULL,
    AliasRef,
    AnyType,
    ArrayType,
    MapType,
    ModelRef,
    PrimitiveType,
    TypeRef,
    UnionType,
)
from .rules import RuleTable, with_rule

# Keywords that, beside a $ref, add to the shape of an object (a model of the two merged).
_SHAPE = frozenset({"properties", "required", "additionalProperties", "patternProperties"})
# Keywords that say nothing about a value that is not an object: a schema made of these alone (and
# annotations) accepts every non-object value.
_OBJECT_ONLY = frozenset({
    "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties",
    "maxProperties", "dependencies", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
})
# Kept out of the siblings' allOf branch (besides $ref itself): what reads the whole schema's evaluation.
_OUTSIDE = ("$ref", "unevaluatedProperties", "unevaluatedItems")
# Keywords that say nothing about a value that is not an array.
_ARRAY_ONLY = frozenset({
    "items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains",
    "maxContains", "unevaluatedItems",
})
# Every JSON value that is not an object, as the loaders type it ("number" takes integers too).
NOT_OBJECT: tuple[TypeRef, ...] = (
    PrimitiveType("boolean"), PrimitiveType("number"), PrimitiveType("string"), ArrayType(AnyType()), NULL,
)
# ... that is not an array.
NOT_ARRAY: tuple[TypeRef, ...] = (
    PrimitiveType("boolean"), PrimitiveType("number"), PrimitiveType("string"), MapType(AnyType()), NULL,
)


class RefSiblings:
    """Rewrites ``{"$ref": R, ...siblings}`` as ``{"allOf": [{"$ref": R}, {siblings}], ...annotations}``
    where the draft applies siblings, once per schema object (so its identity is stable)."""

    def __init__(self) -> None:
        self._rewritten: dict[int, dict[str, Any]] = {}
        self._keep_alive: list[Any] = []
        self.rewrites: set[int] = set()  # ids of the rewritten schemas
        self.narrowing: set[int] = set()  # ... whose siblings only narrow the target

    def applied(self, schema: dict[str, Any], here: Here) -> dict[str, Any]:
        ref = schema.get("$ref")
        if not isinstance(ref, str) or ref_only(schema, here):
            return schema
        cached = self._rewritten.get(id(schema))
        if cached is None:
            annotations = {k: v for k, v in schema.items() if k in ANNOTATIONS}
            rest = {k: v for k, v in schema.items() if k not in ANNOTATIONS and k not in _OUTSIDE}
            # unevaluated* read what the $ref evaluated too: they stay beside the allOf, not in a branch.
            outside = {k: schema[k] for k in _OUTSIDE if k in schema and k != "$ref"}
            cached = {**annotations, "allOf": [{"$ref": ref}, rest], **outside}
            self._keep_alive += [schema, cached]
            self._rewritten[id(schema)] = cached
            self.rewrites.add(id(cached))
            if not set(rest) & _SHAPE:
                self.narrowing.add(id(cached))
        return cached

    def narrowed(self, raw: dict[str, Any], schema: dict[str, Any], typed: list[TypeRef], rules: RuleTable,
                 here: Here) -> TypeRef | None:
        """A ``$ref`` to a named type (``typed[0]``) whose siblings only narrow it: the reference, by
        its name, with the siblings, whole, as its rule (run after the named type's own decoding);
        None for anything else, or when a sibling is one the rules cannot run (then named)."""
        named = typed[0] if typed else None
        if not isinstance(named, (ModelRef, AliasRef)) or named.checks is not None or id(raw) not in self.narrowing:
            return None
        narrowed = with_rule(named, rules.whole_rule(schema["allOf"][1], here, "$ref"))
        return narrowed if narrowed is not named else None

    def branch(self, schema: dict[str, Any], here: Here, branch: Any, index: int) -> Here:
        """Where an allOf branch sits: a rewritten $ref's target and siblings sit where the $ref
        does (the document has no allOf there), for messages and field pointers."""
        return here if id(schema) in self.rewrites else here.child(branch, "allOf", index)


def _only(parts: list[dict[str, Any]], keywords: frozenset[str]) -> bool:
    return all(
        "type" not in part and all(k in keywords or k in ANNOTATIONS or k.startswith("x-") for k in part)
        for part in parts
    )


def untyped_object(parts: list[dict[str, Any]]) -> bool:
    """Whether schemas that together make an object type (a schema and its allOf parts) leave every
    non-object value valid: none says ``type``, and each holds only object keywords, annotations and
    ``x-`` extensions (any other keyword may constrain other values too: the model alone, as before)."""
    return _only(parts, _OBJECT_ONLY)


def untyped_array(schema: dict[str, Any]) -> bool:
    """Whether an array schema leaves every non-array value valid: no ``type``, and only array
    keywords, annotations and ``x-`` extensions."""
    return _only([schema], _ARRAY_ONLY)


def or_not_object(type_: TypeRef) -> UnionType:
    """``type_`` (a model or a map) or any JSON value that is not an object."""
    return UnionType((type_, *NOT_OBJECT))


def or_not_array(type_: TypeRef) -> UnionType:
    """``type_`` (an array or a tuple) or any JSON value that is not an array."""
    return UnionType((type_, *NOT_ARRAY))


def typed_part(type_: TypeRef) -> TypeRef:
    """The object or array type of ``or_not_object``'s or ``or_not_array``'s union; any other
    type as it is."""
    if isinstance(type_, UnionType) and type_.variants[1:] in (NOT_OBJECT, NOT_ARRAY):
        return type_.variants[0]
    return type_


def with_typed_part(type_: TypeRef, part: TypeRef) -> TypeRef:
    """``type_`` with its typed part (``typed_part``) replaced by ``part``."""
    if isinstance(type_, UnionType) and type_.variants[1:] in (NOT_OBJECT, NOT_ARRAY):
        return UnionType((part, *type_.variants[1:]))
    return part
