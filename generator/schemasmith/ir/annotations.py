"""Reading a schema's annotations (keywords that describe, not constrain) into the IR."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..source.refs import Here

# Keywords that describe a schema without constraining it: a $ref beside only these is just the ref.
ANNOTATIONS = frozenset(
    {"title", "description", "examples", "example", "default", "$comment", "deprecated", "readOnly",
     "writeOnly", "$id", "id", "$schema", "$anchor", "definitions", "$defs", "markdownDescription",
     "x-intellij-html-description", "deprecationMessage", "errorMessage"}
)


def text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def examples(schema: dict[str, Any]) -> tuple[Any, ...]:
    found = schema.get("examples")
    if isinstance(found, list):
        return tuple(found)
    if "example" in schema:  # OpenAPI 3.0 spelling
        return (schema["example"],)
    return ()


def constrains(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` holds any keyword besides annotations."""
    return bool(set(schema) - ANNOTATIONS)


def ref_only(schema: dict[str, Any], here: Here) -> bool:
    """Whether a schema with a ``$ref`` is just that ref (plus annotations)."""
    # Before 2019-09 a $ref replaces its siblings entirely; later drafts apply both.
    if here.specification.name in ("draft-03", "draft-04", "draft-06", "draft-07"):
        return True
    return set(schema) - {"$ref"} <= ANNOTATIONS
