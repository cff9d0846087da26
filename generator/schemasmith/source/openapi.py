"""OpenAPI Schema Objects read as JSON Schema 2020-12, as ``generate`` reads them.

OpenAPI 3.1 schemas are 2020-12 already. OpenAPI 3.0 schemas are a dialect of their own: ``nullable:
true`` adds a ``null`` branch (the IR builder's ``ir.normalize.openapi_nullable``, reused here so
that ``validate`` and the generated loaders read it alike), ``exclusiveMinimum``/``exclusiveMaximum``
are booleans that make ``minimum``/``maximum`` exclusive (draft 4's spelling, read by
``ir.checks`` the same way). ``discriminator``, ``example``, ``xml``, ``externalDocs`` and ``x-``
extensions are annotations: they assert nothing (the ``oneOf``/``anyOf`` a discriminator annotates
decides), so they are dropped from the copy validators read, whose walkers would otherwise read
their free-form values as schemas.

Turning a ``nullable`` schema into ``{"anyOf": [rest, {"type": "null"}]}`` moves what was inside
it one level down (``…/anyOf/0/…``): JSON Pointers into the document (a ``$ref``, or the one the
user picked a component with) are translated along (``translate``).
"""

from __future__ import annotations

from typing import Any

from ..ir.normalize import openapi_nullable

# Keywords whose value is one subschema, a list of them, or a map of names to them (3.0's subset).
_ONE = ("not", "additionalProperties", "items")
_MANY = ("allOf", "anyOf", "oneOf")
_NAMED = ("properties",)
# Annotations whose free-form values no validator may read as schemas (module docstring).
_ANNOTATIONS = frozenset({"discriminator", "example", "xml", "externalDocs"})


def is_openapi30(document: Any) -> bool:
    return isinstance(document, dict) and str(document.get("openapi", "")).startswith("3.0")


class OpenAPI30:
    """One OpenAPI 3.0 document's schemas, readable as 2020-12 (see the module docstring)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._nullable: set[int] = set()  # ids of the original schema objects that are nullable
        schemas = document.get("components", {}).get("schemas", {}) if isinstance(document.get("components"), dict) else {}
        self._schemas = schemas if isinstance(schemas, dict) else {}
        for schema in self._schemas.values():
            self._find_nullable(schema)

    def _find_nullable(self, schema: Any) -> None:
        for node in _schema_nodes(schema):
            if node.get("nullable") is True:
                self._nullable.add(id(node))

    def schema(self, node: Any) -> Any:
        """A copy of the schema ``node`` (somewhere in the document) as 2020-12 reads it."""
        self._find_nullable(node)
        return self._convert(node)

    def components(self) -> dict[str, Any]:
        return {name: self._convert(schema) for name, schema in self._schemas.items()}

    def translate(self, tokens: list[str]) -> list[str]:
        """The tokens of a pointer into the original document, as a pointer into the converted one."""
        translated: list[str] = []
        node: Any = self.document
        for token in tokens:
            if isinstance(node, dict) and id(node) in self._nullable:
                translated += ["anyOf", "0"]  # openapi_nullable put the schema in the first branch
            translated.append(token)
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                node = None
        return translated

    def _convert(self, schema: Any) -> Any:
        if not isinstance(schema, dict):
            return schema
        copy: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            if key in _ONE and isinstance(value, dict):
                copy[key] = self._convert(value)
            elif key in _MANY and isinstance(value, list):
                copy[key] = [self._convert(item) for item in value]
            elif key in _NAMED and isinstance(value, dict):
                copy[key] = {name: self._convert(item) for name, item in value.items()}
            elif key == "$ref" and isinstance(value, str) and value.startswith("#/"):
                copy[key] = self._translated_ref(value)
            else:
                copy[key] = value
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            flag = copy.get(exclusive)
            if isinstance(flag, bool):
                if flag and bound in copy:
                    copy[exclusive] = copy.pop(bound)
                else:
                    del copy[exclusive]
        return openapi_nullable(copy)

    def _translated_ref(self, ref: str) -> str:
        from urllib.parse import quote, unquote

        from .pointer import escape_token

        tokens = [t.replace("~1", "/").replace("~0", "~") for t in unquote(ref[2:]).split("/")]
        translated = self.translate(tokens)
        return "#" + quote("".join("/" + escape_token(t) for t in translated), safe="/~!$&'()*+,;=:@")


# OpenAPI 3.1 (2020-12) keywords whose value maps names to subschemas, or names to data: the names
# are kept whatever they are ("x-id", "example" may be property names).
_NAMED_31 = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_NAMES_TO_DATA_31 = frozenset({"dependentRequired"})
_DATA_31 = frozenset({"enum", "const", "default", "examples"})


def without_annotations(schema: Any) -> Any:
    """A copy of an OpenAPI 3.1 schema without its OpenAPI annotations (``example``, ``xml``,
    ``externalDocs``, ``discriminator``, ``x-`` extensions): they assert nothing, and their free-form
    values (an ``x-`` object holding a ``$ref`` or a ``pattern``) must not be read as schemas."""
    if isinstance(schema, list):
        return [without_annotations(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in _DATA_31 or key in _NAMES_TO_DATA_31:
            copy[key] = value
        elif key in _NAMED_31 and isinstance(value, dict):
            copy[key] = {name: without_annotations(item) for name, item in value.items()}
        else:
            copy[key] = without_annotations(value)
    return copy


def _schema_nodes(schema: Any) -> list[dict[str, Any]]:
    """Every schema object in ``schema`` (3.0's applicators), itself first."""
    found: list[dict[str, Any]] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        found.append(node)
        for key in _ONE:
            if isinstance(node.get(key), dict):
                stack.append(node[key])
        for key in _MANY:
            if isinstance(node.get(key), list):
                stack.extend(node[key])
        for key in _NAMED:
            if isinstance(node.get(key), dict):
                stack.extend(node[key].values())
    return found
