"""``--strict``: report properties the schema does not declare, even where it allows them.

At each object in the document, a property is *declared* when the schemas that apply at that
location name it in ``properties``, match it with ``patternProperties``, or give
``additionalProperties`` a schema of their own (``true`` or ``{}`` is not a declaration, it is the
absence of one). "The schemas that apply" are the subschema reached through the document's path
plus everything it pulls in place: ``allOf``/``anyOf``/``oneOf``, ``$ref``, ``if``/``then``/``else``,
``dependentSchemas``. Objects whose schemas declare no properties at all (free-form maps) are left
alone. This runs after, and independently of, normal validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012, specification_with

from ..source.pointer import pointer_from_parts
from .patterns import PatternTooCostly, search

_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_SINGLE = ("if", "then", "else")


@dataclass
class _Location:
    """What the schemas applying at one instance location declare."""

    names: dict[str, list[tuple[Any, Any]]] = field(default_factory=dict)
    patterns: list[tuple[str, Any, Any]] = field(default_factory=list)
    additional: list[tuple[Any, Any]] = field(default_factory=list)
    items: list[tuple[Any, Any]] = field(default_factory=list)
    prefix_items: list[tuple[list[Any], Any]] = field(default_factory=list)


class UndeclaredProperties:
    """Finds undeclared properties of documents against one schema."""

    def __init__(self, schema: Any, registry: Registry | None = None, base_uri: str = "") -> None:
        dialect = schema.get("$schema") if isinstance(schema, dict) else None
        self._specification = specification_with(dialect, default=DRAFT202012) if dialect else DRAFT202012
        resource = self._specification.create_resource(schema)
        registry = (registry or Registry()).with_resource(base_uri or "urn:schemasmith:root", resource)
        self._root = schema
        self._resolver = registry.resolver(base_uri=resource.id() or base_uri or "urn:schemasmith:root")

    def find(self, document: Any) -> Iterator[tuple[str, str]]:
        """(pointer, property name) for each undeclared property, in document order."""
        yield from self._walk(document, [(self._root, self._resolver)], [])

    def _walk(self, instance: Any, schemas: list[tuple[Any, Any]], path: list[Any]) -> Iterator[tuple[str, str]]:
        if not isinstance(instance, (dict, list)):
            return
        location = _Location()
        seen: set[int] = set()
        for schema, resolver in schemas:
            self._collect(schema, resolver, location, seen)
        if isinstance(instance, dict):
            declares = bool(location.names or location.patterns)
            for key, value in instance.items():
                applying = list(location.names.get(key, []))
                applying += [(s, r) for pattern, s, r in location.patterns if _matches(pattern, key)]
                if not applying and location.additional:
                    applying = location.additional
                if applying:
                    yield from self._walk(value, applying, [*path, key])
                elif declares:
                    yield pointer_from_parts([*path, key]), key
        else:
            for index, value in enumerate(instance):
                applying = [(p[index], r) for p, r in location.prefix_items if index < len(p)]
                if not applying:
                    applying = location.items
                if applying:
                    yield from self._walk(value, applying, [*path, index])

    def _collect(self, schema: Any, resolver: Any, location: _Location, seen: set[int]) -> None:
        if not isinstance(schema, dict) or id(schema) in seen:
            return
        seen.add(id(schema))
        if "$id" in schema and isinstance(schema["$id"], str):
            resolver = resolver.in_subresource(self._specification.create_resource(schema))
        for name, subschema in _dict(schema.get("properties")).items():
            location.names.setdefault(name, []).append((subschema, resolver))
        for pattern, subschema in _dict(schema.get("patternProperties")).items():
            location.patterns.append((pattern, subschema, resolver))
        additional = schema.get("additionalProperties")
        if additional is not None and not _is_open(additional):
            location.additional.append((additional, resolver))
        items = schema.get("items")
        if isinstance(items, list):  # drafts 4-7 tuple form
            location.prefix_items.append((items, resolver))
        elif items is not None:
            location.items.append((items, resolver))
        if isinstance(schema.get("prefixItems"), list):
            location.prefix_items.append((schema["prefixItems"], resolver))
        for keyword in _IN_PLACE_LISTS:
            for subschema in schema.get(keyword) or ():
                self._collect(subschema, resolver, location, seen)
        for keyword in _IN_PLACE_SINGLE:
            self._collect(schema.get(keyword), resolver, location, seen)
        for subschema in _dict(schema.get("dependentSchemas")).values():
            self._collect(subschema, resolver, location, seen)
        for keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
            reference = schema.get(keyword)
            if isinstance(reference, str):
                try:
                    resolved = resolver.lookup(reference)
                except Unresolvable:
                    continue  # normal validation reports a broken $ref
                self._collect(resolved.contents, resolved.resolver, location, seen)


def _matches(pattern: str, key: str) -> bool:
    try:
        return search(pattern, key)
    except PatternTooCostly:
        return True  # normal validation already reports this key as too costly to check


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_open(schema: Any) -> bool:
    return schema is True or (isinstance(schema, dict) and not schema)
