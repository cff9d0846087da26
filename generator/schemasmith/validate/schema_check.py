"""Check a schema before any document is read: every ``pattern`` compiles, every ``$ref`` resolves.

A dangling reference, a bad regular expression (or one that cannot be matched in bounded time:
patterns.py) or a cycle of in-place references (in_place.py) is a broken schema (exit 2) up
front, not a surprise halfway through a log. ``referencing`` is imported only for a schema that
has references to other documents (local_refs.py), and the pattern engines only for one that has
patterns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import SchemaSmithError
from .local_refs import LocalResolver, local_references_only

if TYPE_CHECKING:
    from referencing import Registry

# Keywords whose values are data, not schemas: a "$ref" inside them is not a reference.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})
REFERENCE_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")


def check_schema(
    schema: Any, registry: Registry | None = None, draft: str | None = None, base_uri: str = ""
) -> None:
    """Raise SchemaSmithError (with the pointer) for a pattern that does not compile or a ``$ref``
    that does not resolve against ``registry`` plus the drafts' metaschemas. ``draft`` (a custom
    dialect's) overrides the one ``$schema`` names; ``base_uri`` is the schema file's, where
    ``registry`` holds it (Validator.from_path), so relative references resolve beside it."""
    references = False
    for pointer, node in _subschemas(schema, ""):
        references = references or _has_reference(node)
        patterns = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        if isinstance(node.get("patternProperties"), dict):
            patterns += list(node["patternProperties"])
        if patterns:
            from .patterns import PatternError, compile_pattern

            for pattern in patterns:
                try:
                    compile_pattern(pattern)
                except PatternError as exc:
                    raise SchemaSmithError(f"broken schema: {exc}", pointer=pointer) from None
    if references:
        if registry is None and local_references_only(schema):
            _check_local_references(schema)
        else:
            _check_references(schema, registry, draft, base_uri)


def mentions_references(schema: Any) -> bool:
    """Whether any subschema uses ``$ref`` (or its dynamic/recursive kin)."""
    return any(_has_reference(node) for _, node in _subschemas(schema, ""))


def needs_registry(schema: Any, custom_dialect: bool = False) -> bool:
    """Whether resolving ``schema``'s references takes a ``referencing`` registry: not when it has
    none, nor when all are local (local_refs.py) and no custom dialect reads its keywords."""
    return mentions_references(schema) and (custom_dialect or not local_references_only(schema))


def mentions_keywords(schema: Any, keywords: frozenset[str]) -> bool:
    """Whether any subschema uses one of ``keywords``."""
    return any(not keywords.isdisjoint(node) for _, node in _subschemas(schema, ""))


def _has_reference(node: dict[str, Any]) -> bool:
    return any(keyword in node for keyword in REFERENCE_KEYWORDS)


def _subschemas(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, object) for every object in the schema outside data keywords, parents first."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _subschemas(item, f"{pointer}/{index}")
    elif isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from _subschemas(value, f"{pointer}/{key}")


def _check_local_references(schema: Any) -> None:
    """``_check_references`` for a schema whose references all resolve within it (local_refs.py
    checked that): only the in-place cycles are left to refuse, and no ``referencing`` is needed."""
    from .in_place import check_in_place

    resolver = LocalResolver(schema)
    check_in_place([(node, resolver, pointer) for pointer, node in _subschemas(schema, "")], None, LookupError)


def _check_references(schema: Any, registry: Registry | None, draft: str | None, base_uri: str) -> None:
    from jsonschema_specifications import REGISTRY as METASCHEMAS
    from referencing import Registry
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012, specification_with

    from ..source.drafts import DRAFT_DIALECTS
    from ..source.refs import registry_with_root
    from .in_place import check_in_place

    subschemas: list[tuple[Any, Any, str]] = []  # (schema, resolver at it, pointer)

    def walk(node: Any, resolver: Any, pointer: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, resolver, f"{pointer}/{index}")
            return
        if not isinstance(node, dict):
            return
        subschemas.append((node, resolver, pointer))
        # The draft says which keyword names a base URI ("id" in draft 4, "$id" after) and when
        # it does not (an "#anchor" id, or beside "$ref" up to draft 7).
        resource = resolver_specification.create_resource(node)
        if resource.id() is not None:
            resolver = resolver.in_subresource(resource)
        reference = node.get("$ref")
        if isinstance(reference, str):
            try:
                resolver.lookup(reference)
            except Unresolvable:
                # Remote references are never fetched: say how to serve one.
                hint = "" if "://" not in reference or reference.startswith("file:") else (
                    " (remote references are not fetched; map the URI to local files with --ref-dir)")
                raise SchemaSmithError(
                    f"broken schema: cannot resolve $ref {reference!r}{hint}", pointer=f"{pointer}/$ref"
                ) from None
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                walk(value, resolver, f"{pointer}/{key}")

    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if draft is not None:
        dialect = DRAFT_DIALECTS[draft]
    resolver_specification = specification_with(dialect, default=DRAFT202012) if dialect else DRAFT202012
    # As jsonschema resolves: the given registry plus the drafts' metaschemas, rooted at the schema.
    known = (registry or Registry()).combine(METASCHEMAS)
    root = resolver_specification.create_resource(schema)
    if registry is not None and base_uri:
        known = registry_with_root(known, base_uri, root)[0]
        resolver = known.resolver(base_uri)  # walk applies the root's own $id
    else:
        resolver = known.resolver_with_root(root)
    walk(schema, resolver, "")
    check_in_place(subschemas, resolver_specification)
