"""Unions, arrays and maps: the composite types the IR builder reads (a mixin of ``IRBuilder``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..source.refs import Here
from .checks import read_checks
from .discriminators import discriminator
from .nodes import (
    JSON_TYPES, NULL, AliasRef, AnyType, ArrayType, Checks, EnumType, MapType, Model, ModelRef, PrimitiveType, TupleType, TypeRef,
    Unchecked, UnionType, assert_never, disjoint_kinds, json_types,
)


class CompositeTypes:
    """``union``, ``array``, ``map_type`` and ``additional_type``, over the builder's ``type_of``."""

    if TYPE_CHECKING:
        models: dict[str, Model]

        def type_of(self, schema: Any, here: Here, hints: list[str], title_is_name: bool = True,
                    named: bool = False) -> TypeRef: ...

        def note_unchecked(self, found: list[Unchecked]) -> None: ...

    def union(self, branches: list[Any], keyword: str, schema: dict[str, Any], here: Here, hints: list[str]) -> TypeRef:
        variants: list[TypeRef] = []
        # `T or null` is still T: its branch keeps the name the position suggests.
        single = sum(1 for b in branches if not _is_plain_null(b)) == 1
        for index, branch in enumerate(branches):
            branch_hints = hints if single else [f"{h} option {index + 1}" for h in hints]
            t = self.type_of(branch, here.child(branch, keyword, index), branch_hints)
            flattened = t.variants if isinstance(t, UnionType) else (t,)
            for variant in flattened:
                if variant not in variants:
                    variants.append(variant)
        kinds = _types_beside(schema)
        if kinds:
            # The type (or type list) beside the union holds too: a branch's values of other JSON
            # types are not valid (an untyped object branch under `type: object` is the model alone,
            # a number branch under `type: integer` an integer, a branch of any value the types).
            allowed = frozenset(kinds) | {"integer"} if "number" in kinds else frozenset(kinds)
            narrowed: list[TypeRef] = []
            for variant in variants:
                found = [_KIND_TYPES[k] for k in kinds] if isinstance(variant, AnyType) else (
                    [t for t in [_narrowed(variant, allowed)] if t is not None] if json_types(variant) & allowed else [])
                narrowed += [t for t in found if t not in narrowed]
            variants = narrowed or variants
        variants = self._checked_beside(variants, schema, here)
        if any(isinstance(v, AnyType) for v in variants):
            return AnyType("a union with a branch the targets cannot express")
        if len(variants) == 1:
            return variants[0]
        union = UnionType(tuple(variants), discriminator(variants, schema, self.models))
        if keyword == "oneOf" and union.discriminator is None and not disjoint_kinds(union.variants):
            self.note_unchecked([Unchecked(here.pointer, "oneOf", "the loaders take the first branch that matches; "
                                           "that no other does too is left to the validator")])
        return union

    def _checked_beside(self, variants: list[TypeRef], schema: dict[str, Any], here: Here) -> list[TypeRef]:
        """The assertion keywords beside the union (``maxLength``...) hold for each branch's values
        of their type: read into each variant of that type that has no checks of its own (a rule
        it keeps); beside a variant with its own, they are left to the validator (named)."""
        out: list[TypeRef] = []
        for variant in variants:
            kind, holds = _kind_of(variant)
            beside = read_checks(schema, kind) if kind is not None else None
            own: Checks | None = getattr(variant, "checks", None)
            if beside is None:
                out.append(variant)
            elif holds and (own is None or own == Checks(rule=own.rule)):
                out.append(_with_checks(variant, replace(beside, rule=own.rule if own is not None else None)))
            else:
                self.note_unchecked([Unchecked(here.pointer, keyword, "beside a union whose branch has checks of its own")
                                     for keyword in _ASSERTIONS[kind or ""] if keyword in schema])
                out.append(variant)
        return out

    def array(self, schema: dict[str, Any], here: Here, hints: list[str]) -> TypeRef:
        item_hints = [f"{h} item" for h in hints]
        prefix = schema.get("prefixItems")
        items = schema.get("items")
        if isinstance(items, list):  # draft-04..07 tuple form; additionalItems types the rest
            prefix, items = items, schema.get("additionalItems", True)
        if isinstance(prefix, list):
            typed = tuple(
                self.type_of(s, here.child(s, "prefixItems" if "prefixItems" in schema else "items", i), item_hints)
                for i, s in enumerate(prefix)
            )
            rest: TypeRef | None
            if items is False:
                rest = None
            elif items is None or items is True:
                rest = AnyType()
            else:
                rest = self.type_of(items, here.child(items, "items"), item_hints)
            return TupleType(typed, rest, read_checks(schema, "array"))
        if items is None or items is True:
            return ArrayType(AnyType(), read_checks(schema, "array"))
        return ArrayType(self.type_of(items, here.child(items, "items"), item_hints), read_checks(schema, "array"))

    def map_type(self, schema: dict[str, Any], here: Here, hints: list[str]) -> TypeRef:
        return MapType(self.additional_type(schema, here, hints) or AnyType("a closed object with no properties"),
                       read_checks(schema, "object"))

    def additional_type(self, schema: dict[str, Any], here: Here, hints: list[str]) -> TypeRef | None:
        """What undeclared properties may hold; None when they are not allowed."""
        if schema.get("patternProperties"):
            # Values must match one of several patterns' schemas: the loaders accept any value.
            return AnyType("patternProperties")
        extra = schema.get("additionalProperties", True)
        if extra is False:
            return None
        if extra is True:
            return AnyType()
        return self.type_of(extra, here.child(extra, "additionalProperties"), [f"{h} value" for h in hints])


# Each JSON type as the loaders type any value of it.
_KIND_TYPES: dict[str, TypeRef] = {
    "null": NULL, "boolean": PrimitiveType("boolean"), "integer": PrimitiveType("integer"),
    "number": PrimitiveType("number"), "string": PrimitiveType("string"), "array": ArrayType(AnyType()),
    "object": MapType(AnyType()),
}


def _types_beside(schema: dict[str, Any]) -> tuple[str, ...]:
    """The JSON types ``type`` allows (a name or a list of names), in order; empty when it says none."""
    kind = schema.get("type")
    names = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    if not names or not all(isinstance(n, str) and n in JSON_TYPES for n in names):
        return ()
    return tuple(dict.fromkeys(names))


def _narrowed(variant: TypeRef, allowed: frozenset[str]) -> TypeRef | None:
    """A number variant where only integers are allowed is an integer (the same checks); an enum
    keeps the values of the allowed types (None: none)."""
    if isinstance(variant, PrimitiveType) and variant.kind == "number" and "number" not in allowed:
        return replace(variant, kind="integer")
    if isinstance(variant, EnumType):
        kept = tuple(v for v in variant.values if json_types(EnumType((v,))) & allowed
                     and (not isinstance(v, float) or "number" in allowed or v.is_integer()))
        return (variant if kept == variant.values else EnumType(kept)) if kept else None
    return variant


# The assertion keywords ``read_checks`` reads for each JSON type.
_NUMBER_ASSERTIONS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_ASSERTIONS: dict[str, tuple[str, ...]] = {
    "integer": _NUMBER_ASSERTIONS, "number": _NUMBER_ASSERTIONS, "string": ("minLength", "maxLength", "pattern"),
    "array": ("minItems", "maxItems", "uniqueItems"), "object": ("minProperties", "maxProperties"),
}


def _kind_of(variant: TypeRef) -> tuple[str | None, bool]:
    """The JSON type whose assertion keywords apply to a variant's values (None: none apply), and
    whether the variant holds such checks itself (a named type or a model does not)."""
    match variant:
        case PrimitiveType():
            return (variant.kind if variant.kind in _ASSERTIONS else None), True
        case ArrayType() | TupleType():
            return "array", True
        case MapType():
            return "object", True
        case ModelRef():
            return "object", False
        case AliasRef():
            return _kind_of(variant.type)[0], False
        case AnyType() | EnumType() | UnionType():
            return None, False
        case _:
            assert_never(variant)


def _with_checks(variant: TypeRef, checks: Checks) -> TypeRef:
    match variant:
        case PrimitiveType() | ArrayType() | TupleType() | MapType():
            return replace(variant, checks=checks)
        case ModelRef() | AliasRef() | AnyType() | EnumType() | UnionType():
            return variant
        case _:
            assert_never(variant)


def _is_plain_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"
