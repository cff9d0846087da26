"""Small named rewrite rules that bring equivalent schema spellings to one form.

Each rule takes a schema (dict) and returns a new one; none mutates its input. The IR builder
applies ``normalize`` to every subschema before reading it, so it only has to understand the
canonical spellings: nullability as an ``anyOf`` branch ``{"type": "null"}``, ``enum`` for ``const``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .annotations import ANNOTATIONS

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
    ``anyOf``/``oneOf`` the list stays as it is, and the IR builder narrows the union's branches by
    it; when keywords of one type stand beside both, the union goes into every type's branch (the
    same schema: ``T1|T2 and K and U`` is ``(T1 and K1 and U) or (T2 and K2 and U)``), so that
    ``type: [object, null]`` with ``properties`` and an ``anyOf`` of ``required`` lists is a model
    (its properties, the ``anyOf`` beside them) or null.
    """
    types = schema.get("type")
    if not isinstance(types, list):
        return schema
    if len(types) == 1:
        return {**schema, "type": types[0]}
    moved = {kw for t in types for kw in _TYPE_SPECIFIC_KEYWORDS.get(str(t), ())}
    unions = [k for k in ("anyOf", "oneOf") if k in schema]
    if unions and not moved & set(schema):
        # Beside a union the list narrows its branches as it stands (the IR builder reads it there).
        return schema
    outer = {k: v for k, v in schema.items() if k != "type" and k not in moved and k not in unions}
    branches = []
    for t in types:
        branch: Schema = {"type": t}
        for kw in _TYPE_SPECIFIC_KEYWORDS.get(str(t), ()):
            if kw in schema:
                branch[kw] = schema[kw]
        branch.update((k, schema[k]) for k in unions)
        branches.append(branch)
    outer["anyOf"] = branches
    return outer


def single_branch_any_of(schema: Schema) -> Schema:
    """An ``anyOf``/``oneOf`` with one branch is that branch, with the keywords beside it when
    none of them is the branch's too (``type: [number, boolean]`` beside ``anyOf: [{type: integer}]``
    must not replace the branch's ``type``: both hold)."""
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and len(branches) == 1 and isinstance(branches[0], dict):
            rest = {k: v for k, v in schema.items() if k != keyword}
            if not set(rest) & set(branches[0]) - ANNOTATIONS:  # (an annotation: the outer one's)
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
