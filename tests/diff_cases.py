"""Schema pairs the diff tests share: refactors that keep the meaning (no finding), and the pairs
the soundness and differential tests also run on."""

from __future__ import annotations

from typing import Any

D7 = "http://json-schema.org/draft-07/schema#"
D4 = "http://json-schema.org/draft-04/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"

_ADDRESS = {"title": "Address", "type": "object", "properties": {"zip": {"type": "string", "maxLength": 10}},
            "required": ["zip"]}


def _person(address: Any, **extra: Any) -> dict[str, Any]:
    return {"title": "Person", "type": "object", "properties": {"name": {"type": "string"}, "address": address},
            **extra}


# (name, OLD, NEW): each pair accepts exactly the same documents and generates the same code.
REFACTORS: list[tuple[str, Any, Any]] = [
    ("inline object moved to $defs", _person(_ADDRESS),
     _person({"$ref": "#/$defs/Address"}, **{"$defs": {"Address": _ADDRESS}})),
    ("$defs entry renamed", _person({"$ref": "#/$defs/Address"}, **{"$defs": {"Address": _ADDRESS}}),
     _person({"$ref": "#/$defs/PostalAddress"}, **{"$defs": {"PostalAddress": _ADDRESS}})),
    ("draft-07 definitions to 2020-12 $defs",
     {"$schema": D7, **_person({"$ref": "#/definitions/Address"}), "definitions": {"Address": _ADDRESS}},
     {"$schema": D2020, **_person({"$ref": "#/$defs/Address"}), "$defs": {"Address": _ADDRESS}}),
    ("type list to anyOf with null", _person({"type": ["string", "null"], "maxLength": 5}),
     _person({"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]})),
    ("const to one-value enum", {"type": "object", "properties": {"kind": {"const": "a"}}},
     {"type": "object", "properties": {"kind": {"enum": ["a"]}}}),
    ("enum reordered", {"type": "string", "enum": ["a", "b", "c"]}, {"type": "string", "enum": ["c", "a", "b"]}),
    ("required reordered", {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a", "b"]},
     {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["b", "a"]}),
    ("allOf of a $ref and a part merged inline",
     {"title": "Thing", "allOf": [{"$ref": "#/$defs/Base"}, {"properties": {"b": {"type": "integer"}}}],
      "$defs": {"Base": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}}},
     {"title": "Thing", "type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
      "required": ["a"]}),
    ("recursion through $defs and through the root",
     {"title": "Node", "type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}},
     {"$ref": "#/$defs/Node", "$defs": {"Node": {"title": "Node", "type": "object", "properties": {
         "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}}),
    ("draft-07 tuple items to 2020-12 prefixItems",
     {"$schema": D7, "type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False},
     {"$schema": D2020, "type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False}),
    ("draft-04 boolean exclusiveMinimum to a number",
     {"$schema": D4, "type": "number", "minimum": 0, "exclusiveMinimum": True},
     {"$schema": D2020, "type": "number", "exclusiveMinimum": 0}),
    ("additionalProperties true spelled {}", {"type": "object", "additionalProperties": True},
     {"type": "object", "additionalProperties": {}}),
    ("anyOf branches reordered", {"anyOf": [{"type": "string"}, {"type": "integer"}]},
     {"anyOf": [{"type": "integer"}, {"type": "string"}]}),
    ("a constraint repeated in allOf", {"type": "string", "maxLength": 5},
     {"type": "string", "maxLength": 5, "allOf": [{"maxLength": 8}]}),
    ("$ref beside keywords (2020-12) to allOf",
     {"$ref": "#/$defs/S", "maxLength": 3, "$defs": {"S": {"type": "string"}}},
     {"allOf": [{"$ref": "#/$defs/S"}, {"maxLength": 3}], "$defs": {"S": {"type": "string"}}}),
    ("keywords beside $ref ignored before 2019-09",
     {"$schema": D7, "definitions": {"S": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/S"}}},
     {"$schema": D7, "definitions": {"S": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/S", "maxLength": 1}}}),
    ("integer spelled as a type list with number", {"type": "integer"}, {"type": ["integer"]}),
    ("numeric equality of enum values", {"enum": [1, 2]}, {"enum": [1.0, 2]}),
]

OPENAPI_30 = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
              "components": {"schemas": {"Pet": {"type": "object", "properties": {
                  "name": {"type": "string", "nullable": True}}}}}}
OPENAPI_31 = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
              "components": {"schemas": {"Pet": {"type": "object", "properties": {
                  "name": {"type": ["string", "null"]}}}}}}
