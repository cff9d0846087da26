"""Small named rewrite rules that bring equivalent schema spellings to one form.

Each rule takes a schema (dict) and returns a new one; none mutates its input. The IR builder
applies ``normalize`` to every subschema before reading it, so it only has to understand the
canonical spellings: nullability as an ``anyOf`` branch ``{"type": "null"}``, ``enum`` for ``const``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]

# Keywords that only make sense for one JSON type; when a `type` list is split into `anyOf`
# branches they travel with the branch of their type.
_TYPE_SPECIFIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "string": ("format", "minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "integer": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
    "object": (
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
    ),
}


def openapi_nullable(schema: Schema) -> Schema:
    """OpenAPI 3.0 ``nullable: true`` means the same as an extra ``null`` branch."""
    if schema.get("nullable") is not True:
        return schema
    rest = {k: v for k, v in schema.items() if k != "nullable"}
    return {"anyOf": [rest, {"type": "null"}]}


def const_to_enum(schema: Schema) -> Schema:
    """``const: X`` is a one-value ``enum: [X]``."""
    if "const" not in schema or "enum" in schema:
        return schema
    rest = {k: v for k, v in schema.items() if k != "const"}
    rest["enum"] = [schema["const"]]
    return rest


def type_list_to_any_of(schema: Schema) -> Schema:
    """``type: [T, "null"]`` (any list of types) becomes one ``anyOf`` branch per type.

    Annotations (description, examples, ...) stay on the outer schema; keywords that apply to
    one type move into that type's branch. A one-element list becomes a plain ``type``. Beside an
    ``anyOf``/``oneOf`` the list stays, where the union's branches are narrowed by it (and, when
    keywords of one type stand beside it too, the split form is added as an ``allOf`` part).
    """
    types = schema.get("type")
    if not isinstance(types, list):
        return schema
    if len(types) == 1:
        return {**schema, "type": types[0]}
    moved = {kw for t in types for kw in _TYPE_SPECIFIC_KEYWORDS.get(str(t), ())}
    beside_union = "anyOf" in schema or "oneOf" in schema
    if beside_union and not moved & set(schema):
        # Beside a union the list narrows its branches as it stands (the IR builder reads it there).
        return schema
    outer = {k: v for k, v in schema.items() if k != "type" and k not in moved}
    if beside_union:
        outer["type"] = types  # ... and still narrows the union's branches
    branches = []
    for t in types:
        branch: Schema = {"type": t}
        for kw in _TYPE_SPECIFIC_KEYWORDS.get(str(t), ()):
            if kw in schema:
                branch[kw] = schema[kw]
        branches.append(branch)
    if beside_union:
        # Both constraints must hold: keep the existing union and add ours beside it.
        outer["allOf"] = [*outer.get("allOf", []), {"anyOf": branches}]
        return outer
    outer["anyOf"] = branches
    return outer


def single_branch_any_of(schema: Schema) -> Schema:
    """An ``anyOf``/``oneOf`` with one branch and nothing else is that branch."""
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and len(branches) == 1 and isinstance(branches[0], dict):
            rest = {k: v for k, v in schema.items() if k != keyword}
            return {**branches[0], **rest}
    return schema


def single_all_of(schema: Schema) -> Schema:
    """An ``allOf`` of one schema is that schema (OpenAPI 3.0 writes ``allOf: [$ref]`` to annotate a ref)."""
    branches = schema.get("allOf")
    if isinstance(branches, list) and len(branches) == 1 and isinstance(branches[0], dict):
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        if not set(rest) & set(branches[0]):
            return {**branches[0], **rest}
    return schema


RULES: tuple[Callable[[Schema], Schema], ...] = (
    openapi_nullable,
    single_all_of,
    const_to_enum,
    type_list_to_any_of,
    single_branch_any_of,
)


def normalize(schema: Schema) -> Schema:
    """Apply every rule, in order, to one schema object (not to its subschemas)."""
    for rule in RULES:
        schema = rule(schema)
    return schema
