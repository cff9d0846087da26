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

from dataclasses import replace
from typing import Any

from ..source.refs import Here
from .annotations import ANNOTATIONS, ref_only
from .nodes import (
    NULL,
    AliasRef,
    AnyType,
    ArrayType,
    EnumType,
    MapType,
    ModelRef,
    PrimitiveType,
    TupleType,
    TypeRef,
    UnionType,
    assert_never,
    json_kind,
)
from .rule_verdicts import verdict
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


def loosely_typed(parts: list[dict[str, Any]]) -> bool:
    """Whether schemas that together make an object (array) type say no ``type`` at all: their
    other keywords (``not``, ``enum``, ``anyOf``, ``minLength``...) may constrain values of other
    JSON types, but do not make them invalid as a ``type`` would."""
    return all("type" not in part for part in parts)


def or_not_object(type_: TypeRef) -> UnionType:
    """``type_`` (a model or a map) or any JSON value that is not an object."""
    return UnionType((type_, *NOT_OBJECT))


def or_not_array(type_: TypeRef) -> UnionType:
    """``type_`` (an array or a tuple) or any JSON value that is not an array."""
    return UnionType((type_, *NOT_ARRAY))


def or_checked(type_: TypeRef, others: tuple[TypeRef, ...], rule: int | None, takes_null: bool) -> UnionType:
    """``type_`` or any of ``others`` (``NOT_OBJECT`` or ``NOT_ARRAY``), each checked by ``rule``
    (the whole schema, for an untyped schema whose other keywords also constrain those values);
    null only if ``takes_null`` (null carries no rule: the schema's verdict on it is read once)."""
    kept = tuple(with_rule(t, rule) for t in others if t != NULL or takes_null)
    return UnionType((type_, *kept))


def widened(typed: TypeRef, others: tuple[TypeRef, ...], parts: list[dict[str, Any]], schema: dict[str, Any],
            here: Here, rules: RuleTable) -> TypeRef:
    """The type of an object (``others`` is ``NOT_OBJECT``) or array (``NOT_ARRAY``) schema made of
    ``parts`` (the schema, its allOf parts) whose typed part is ``typed``: ``typed`` alone when a
    part says ``type``; else with every other JSON value when the parts hold only keywords of that
    type (``or_not_object``, ``or_not_array``); else with the other values the schema accepts
    (``or_others``)."""
    if not loosely_typed(parts):
        return typed
    if untyped_object(parts) if others == NOT_OBJECT else untyped_array(parts[0]):
        return UnionType((typed, *others))
    return or_others(typed, others, schema, here, rules)


def or_others(typed: TypeRef, others: tuple[TypeRef, ...], schema: dict[str, Any], here: Here,
              rules: RuleTable) -> TypeRef:
    """``typed`` (an untyped schema's model, map or array) or each value of ``others`` (the JSON
    types it does not constrain by its type) that the schema accepts: the whole schema is their
    rule (``not``, ``enum``, ``anyOf``, ``minLength``... beside ``properties`` constrain them); a
    JSON type it refuses whole is left out, one it accepts whole is taken unchecked
    (ir/rule_verdicts.py). When the rule cannot compile, every value of those types is taken (the
    keyword is named unchecked)."""
    keyword = next((k for k in schema if k not in ANNOTATIONS and not k.startswith("x-")), "type")
    rule = rules.whole_rule(schema, here, keyword)
    if rule is None:
        return UnionType((typed, *others))
    kept: list[TypeRef] = []
    for other in others:
        found = verdict(rules.rules, rule, json_kind(other) or "null")
        if found is not False:
            kept.append(other if found is True or other == NULL else with_rule(other, rule))
    if isinstance(typed, ModelRef) and any(k in schema for k in ("enum", "const")):
        typed = with_rule(typed, rule)  # what the model's own checks do not say about objects
    return UnionType((typed, *kept)) if kept else typed


def _bare(type_: TypeRef) -> TypeRef:
    """``type_`` without its checks (the other values' types of an untyped union carry a rule)."""
    match type_:
        case PrimitiveType() | ArrayType() | MapType():
            return replace(type_, checks=None)
        case TupleType() | ModelRef() | AliasRef() | AnyType() | EnumType() | UnionType():
            return type_
        case _:
            assert_never(type_)


def _is_untyped_union(type_: TypeRef) -> bool:
    if not isinstance(type_, UnionType) or len(type_.variants) < 2:
        return False
    rest = tuple(_bare(t) for t in type_.variants[1:])
    return any(rest in (others, others[:-1]) for others in (NOT_OBJECT, NOT_ARRAY))


def typed_part(type_: TypeRef) -> TypeRef:
    """The object or array type of ``or_not_object``'s, ``or_not_array``'s or ``or_checked``'s
    union; any other type as it is."""
    if isinstance(type_, UnionType) and _is_untyped_union(type_):
        return type_.variants[0]
    return type_


def with_typed_part(type_: TypeRef, part: TypeRef) -> TypeRef:
    """``type_`` with its typed part (``typed_part``) replaced by ``part``."""
    if isinstance(type_, UnionType) and _is_untyped_union(type_):
        return UnionType((part, *type_.variants[1:]))
    return part
