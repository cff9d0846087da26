"""Differential tests per construct (issue 23): the fast accept path and the reference give equal issue
lists on hypothesis-generated documents, valid and near-valid.

Each construct has a schema that exercises it and a few valid seed documents; hypothesis mutates the
seeds (replaces a value with one from a pool chosen to sit on the construct's edges, deletes or adds a
property, duplicates or drops an array item), so most documents are one or two steps from valid —
where an accept engine and the reference are most likely to read a keyword differently. Every
document goes through the fast path (jsonschema-rs here; msgspec for the flat record) and through
the reference alone: as an NDJSON chunk, as a `.json` document and as a parsed value, and the issues
(pointer, message, keyword, best match) must be equal. The example counts stay modest so the suite
stays fast; the official suite and the SchemaStore corpus are in test_validate_rust_accept.py.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemasmith import Validator

D2020 = "https://json-schema.org/draft/2020-12/schema"

# Values that sit on the edges the constructs below draw: types, bounds, code points, formats.
POOL: list[Any] = [
    None, True, False, 0, 1, -1, 2, 3, 5, 10, 100, 2**53 + 1, 10**20, 0.5, 1.0, 0.1, 0.3, 2.5, -0.0, 1e300,
    "", "a", "ab", "abc", "abcdef", "x" * 300, "😀", "😀😀", "é", "e\u0301", "١٢٣", "123", "12a", "A1", "a\n",
    "2025-01-01T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01t00:00:00z", "2025-01-01", "2025-02-30",
    "a@example.com", "not an email", "https://example.com/a?b#c", "http://[V1.x]/", "//no-scheme", "x y",
    "0b7f2c1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "0b7f2c1e-2f3a-4b5c-8d9e", "192.168.0.1", "256.1.1.1", "example.com",
    "user", "assistant", "text", "image", "card", "cash", "red", "RED",
    [], [1], [1, 1], [1, 2, 3], ["a", "a"], [{"a": 1}, {"a": 1}], {}, {"a": 1}, {"kind": "text"},
    {"kind": "card", "number": "4"}, {"value": 1, "children": []},
]
NAMES = ["a", "b", "x-a", "x-1", "X", "kind", "extra", "1", "", "value", "children", "credit_card", "billing", "é"]


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for token in path:
        document = document[token]
    return document


@st.composite
def near(draw: st.DrawFn, seeds: list[Any]) -> Any:
    """A seed, then zero to three mutations: a value replaced, a property deleted or added, an item
    duplicated or dropped."""
    document = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_locations(document)))
        target = _at(document, path)
        action = draw(st.integers(0, 4))
        if action == 0 or not path and not isinstance(target, (dict, list)):
            value = draw(st.one_of(st.sampled_from(POOL), st.integers(-5, 20), st.text(max_size=6)))
            if not path:
                document = copy.deepcopy(value)
            else:
                _at(document, path[:-1])[path[-1]] = copy.deepcopy(value)
        elif isinstance(target, dict):
            if action in (1, 2) and target:
                del target[draw(st.sampled_from(sorted(target)))]
            else:
                target[draw(st.sampled_from(NAMES))] = copy.deepcopy(draw(st.sampled_from(POOL)))
        elif isinstance(target, list):
            if action in (1, 2) and target:
                del target[draw(st.integers(0, len(target) - 1))]
            elif target:
                target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
            else:
                target.append(copy.deepcopy(draw(st.sampled_from(POOL))))
        elif path:
            parent = _at(document, path[:-1])
            if isinstance(parent, dict):
                del parent[path[-1]]
    return document


CONSTRUCTS: dict[str, tuple[dict[str, Any], list[Any]]] = {
    "nested-ref-recursion": (
        {"$schema": D2020, "$ref": "#/$defs/Tree",
         "$defs": {"Tree": {"type": "object", "required": ["value"], "additionalProperties": False,
                            "properties": {"value": {"type": "integer"},
                                           "meta": {"$ref": "#/$defs/Meta"},
                                           "children": {"type": "array", "items": {"$ref": "#/$defs/Tree"}}}},
                   "Meta": {"type": "object", "properties": {"label": {"type": "string", "maxLength": 5}}}}},
        [{"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}, {"value": 4, "meta": {"label": "a"}}]}],
    ),
    "arrays": (
        {"$schema": D2020, "type": "object", "properties": {
            "tuple": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": {"type": "boolean"}},
            "list": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "maxItems": 4,
                     "uniqueItems": True},
            "some": {"type": "array", "contains": {"type": "string", "minLength": 2}, "minContains": 1, "maxContains": 2},
            "objects": {"type": "array", "uniqueItems": True, "items": {"type": "object"}},
        }},
        [{"tuple": ["a", 1, True], "list": [1, 2, 3], "some": ["ab", 1], "objects": [{"a": 1}, {"a": 2}]},
         {"tuple": ["a"], "list": [0], "some": ["abc", "de", "x"], "objects": []}],
    ),
    "maps": (
        {"$schema": D2020, "type": "object",
         "properties": {"fixed": {"type": "string"}},
         "patternProperties": {"^x-\\d+$": {"type": "integer"}, "^x-": {"type": ["integer", "string"]}},
         "additionalProperties": {"type": "number", "maximum": 10},
         "propertyNames": {"pattern": "^[a-z0-9-]*$", "maxLength": 8}},
        [{"fixed": "a", "x-1": 3, "x-a": "s", "n": 2.5}, {"a": 1, "b": 10}],
    ),
    "enum-const": (
        {"$schema": D2020, "type": "object", "properties": {
            "color": {"enum": ["red", "green", 1, None, [1], {"a": 1}]},
            "version": {"const": 2},
            "exact": {"const": {"kind": "text"}},
        }},
        [{"color": "red", "version": 2, "exact": {"kind": "text"}}, {"color": [1], "version": 2.0}],
    ),
    "type-unions": (
        {"$schema": D2020, "type": "object", "properties": {
            "v": {"type": ["string", "integer", "null"], "minLength": 2, "minimum": 3},
            "w": {"type": ["array", "object"], "minItems": 1, "minProperties": 1},
            "n": {"type": "number"},
        }},
        [{"v": "ab", "w": [1], "n": 1.5}, {"v": None, "w": {"a": 1}, "n": 2}, {"v": 4}],
    ),
    "oneof-discriminated": (
        {"$schema": D2020, "type": "object", "required": ["payment"], "properties": {"payment": {"oneOf": [
            {"type": "object", "required": ["kind", "number"], "properties": {"kind": {"const": "card"}, "number": {"type": "string"}}},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "cash"}, "change": {"type": "number"}}},
        ]}}},
        [{"payment": {"kind": "card", "number": "4"}}, {"payment": {"kind": "cash", "change": 1}}],
    ),
    "anyof-oneof-overlapping": (
        {"$schema": D2020, "type": "object", "properties": {
            "a": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}]},
            "b": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "string", "pattern": "^\\d+$"}, {"type": "array"}]},
            "c": {"oneOf": [{"required": ["x-a"]}, {"required": ["b"]}]},
        }},
        [{"a": 1, "b": "ab", "c": {"b": 1}}, {"a": 2.5, "b": "12345", "c": {"x-a": 1}}, {"b": []}],
    ),
    "allof": (
        {"$schema": D2020, "$defs": {"Named": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}},
         "allOf": [{"$ref": "#/$defs/Named"},
                   {"properties": {"age": {"type": "integer", "minimum": 0}}, "required": ["age"]},
                   {"not": {"required": ["forbidden"]}}]},
        [{"name": "a", "age": 3}],
    ),
    "numbers": (
        {"$schema": D2020, "type": "object", "properties": {
            "price": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "multipleOf": 0.01},
            "count": {"type": "integer", "minimum": -1, "exclusiveMaximum": 10, "multipleOf": 2},
            "ratio": {"type": "number", "multipleOf": 0.1},
        }},
        [{"price": 9.99, "count": 2, "ratio": 0.5}, {"price": 100, "count": -0.0, "ratio": 1}],
    ),
    "strings": (
        {"$schema": D2020, "type": "object", "properties": {
            "code": {"type": "string", "minLength": 2, "maxLength": 3},
            "digits": {"type": "string", "pattern": "^\\d+$"},
            "word": {"type": "string", "pattern": "\\w+\\s?"},
            "unicode": {"type": "string", "pattern": "^\\p{L}+$"},
        }},
        [{"code": "😀😀", "digits": "123", "word": "abc", "unicode": "é"}, {"code": "abc"}],
    ),
    "formats": (
        {"$schema": D2020, "type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "day": {"format": "date"},
            "mail": {"format": "email"}, "link": {"format": "uri"}, "ref": {"format": "uri-reference"},
            "id": {"format": "uuid"}, "ip": {"format": "ipv4"}, "host": {"format": "hostname"},
        }},
        [{"at": "2025-01-01T00:00:00Z", "day": "2025-01-01", "mail": "a@example.com", "link": "https://example.com/a?b#c",
          "ref": "//no-scheme", "id": "0b7f2c1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "ip": "192.168.0.1", "host": "example.com"}],
    ),
    "if-then-else-not": (
        {"$schema": D2020, "type": "object",
         "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
         "then": {"required": ["number"], "properties": {"number": {"type": "string", "minLength": 1}}},
         "else": {"not": {"required": ["number"]}},
         "properties": {"extra": {"not": {"type": "string"}}}},
        [{"kind": "card", "number": "4"}, {"kind": "cash"}, {"extra": 1}],
    ),
    "dependents": (
        {"$schema": D2020, "type": "object",
         "dependentRequired": {"credit_card": ["billing"]},
         "dependentSchemas": {"a": {"properties": {"b": {"type": "integer"}}, "required": ["b"]}}},
        [{"credit_card": 1, "billing": "x"}, {"a": 1, "b": 2}, {}],
    ),
    "unevaluated": (
        {"$schema": D2020, "type": "object",
         "properties": {"a": {"type": "integer"}},
         "allOf": [{"properties": {"b": {"type": "string"}}}],
         "if": {"required": ["kind"]}, "then": {"properties": {"kind": True}},
         "unevaluatedProperties": False,
         "$defs": {},
         "dependentSchemas": {"x-a": {"properties": {"x-a": {"type": "array", "prefixItems": [{"type": "integer"}],
                                                              "unevaluatedItems": {"type": "string"}}}}}},
        [{"a": 1, "b": "x"}, {"kind": "text", "a": 2}, {"x-a": [1, "s", "t"]}],
    ),
    "draft7-dependencies-additionalItems": (
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
         "properties": {"t": {"type": "array", "items": [{"type": "integer"}], "additionalItems": {"type": "string"}}},
         "dependencies": {"credit_card": ["billing"], "a": {"required": ["b"]}}},
        [{"t": [1, "a"], "credit_card": 1, "billing": 2}, {"a": 1, "b": 1}],
    ),
    "flat-record": (
        {"$schema": D2020, "type": "object", "required": ["at"], "additionalProperties": False, "properties": {
            "at": {"type": "string", "format": "date-time"},
            "who": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "n": {"type": ["integer", "null"]},
        }},
        [{"at": "2025-01-01T00:00:00Z", "who": None, "n": 3}, {"at": "2025-01-01T00:00:00Z"}],
    ),
    # Schemas msgspec Structs express: the typed stage (fast/typed_accept.py) accepts first.
    "typed-nested": (
        {"$schema": D2020, "$ref": "#/$defs/Record", "$defs": {
            "Record": {"type": "object", "required": ["at", "kind"], "properties": {
                "at": {"type": "string", "format": "date-time"},
                "day": {"type": ["string", "null"], "format": "date"},
                "id": {"type": "string", "format": "uuid"},
                "kind": {"enum": ["text", "image", None]},
                "v": {"const": "red"},
                "n": {"type": "integer", "minimum": 1, "exclusiveMaximum": 100},
                "x": {"type": "number", "minimum": 0, "maximum": 2.5},
                "s": {"type": "string", "minLength": 2, "maxLength": 3},
                "labels": {"type": ["array", "null"], "items": {"type": "string"}, "minItems": 1, "maxItems": 3},
                "where": {"anyOf": [{"$ref": "#/$defs/Place"}, {"type": "null"}]},
                "tags": {"type": "object", "additionalProperties": {"type": "string"}},
                "closed": {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "integer"}}},
            }},
            "Place": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "boolean"}}},
        }},
        [{"at": "2025-01-31T23:59:59.5+01:00", "day": "2024-02-28", "id": "0b7f2c1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f",
          "kind": "text", "v": "red", "n": 99, "x": 2.5, "s": "😀😀", "labels": ["a"], "where": {"a": "b", "b": True},
          "tags": {"a": "b"}, "closed": {"a": 1}},
         {"at": "2024-02-29T00:00:00Z", "kind": None, "where": None, "labels": None, "x": 0, "extra": 1}],
    ),
    "typed-allof": (
        {"$schema": D2020, "allOf": [{"$ref": "#/$defs/Stamped"}, {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "parts": {"type": "array", "items": {"$ref": "#/$defs/Part"}}}}],
         "$defs": {"Stamped": {"type": "object", "required": ["at"], "properties": {"at": {"type": "string", "format": "date-time"}}},
                   "Part": {"oneOf": [{"type": "string", "maxLength": 4}, {"type": "object", "required": ["a"],
                                                                              "properties": {"a": {"type": "number"}}}]}}},
        [{"at": "2025-01-01T00:00:00Z", "id": 1, "parts": ["ab", {"a": 1.5}]}, {"at": "2024-12-31T10:00:00Z", "id": 2, "x": "y"}],
    ),
    "typed-tagged": (
        {"$schema": D2020, "type": "object", "required": ["id", "pay"], "properties": {
            "id": {"type": "string", "pattern": "^ord_[0-9a-f]{4}$"},
            "email": {"type": "string", "format": "email"},
            "url": {"type": "string", "format": "uri"},
            "pay": {"oneOf": [{"$ref": "#/$defs/Card"}, {"$ref": "#/$defs/Cash"}]}},
         "$defs": {"Card": {"type": "object", "required": ["kind", "number"], "properties": {
                       "kind": {"const": "card"}, "number": {"type": "string", "pattern": "^[0-9]{4}$"}}},
                   "Cash": {"type": "object", "required": ["kind"], "additionalProperties": False, "properties": {
                       "kind": {"const": "cash"}, "amount": {"type": "number", "minimum": 0}}}}},
        [{"id": "ord_00af", "email": "a.b@example.com", "url": "https://example.com/a/b", "pay": {"kind": "card", "number": "1234"}},
         {"id": "ord_12ab", "email": "a+b@[127.0.0.1]", "url": "urn:x", "pay": {"kind": "cash", "amount": 2}}],
    ),
}
FAST = {name: Validator(schema) for name, (schema, _) in CONSTRUCTS.items()}
REFERENCE = {name: Validator(schema, fast_path=False) for name, (schema, _) in CONSTRUCTS.items()}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_each_construct_has_a_fast_accept_path_and_valid_seeds(name: str) -> None:
    assert FAST[name].accept_path == ("msgspec" if name == "flat-record" else "jsonschema-rs")
    assert (FAST[name].typed_accept is not None) == (name.startswith("typed-") or name == "oneof-discriminated")
    for seed in CONSTRUCTS[name][1]:
        assert REFERENCE[name].errors(seed) == [], seed
        assert FAST[name].errors(seed) == []


def _agree(name: str, documents: list[Any]) -> None:
    fast, reference = FAST[name], REFERENCE[name]
    lines = [json.dumps(document, ensure_ascii=False).encode("utf-8") for document in documents]
    chunk = b"\n".join(lines) + b"\n"
    assert fast.validate_ndjson(chunk, "f") == reference.validate_ndjson(chunk, "f")
    for document, line in zip(documents, lines):
        assert fast.validate_json(line, "d") == reference.validate_json(line, "d"), document
        assert fast.validate_document(document) == reference.validate_document(document), document


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_fast_path_and_reference_give_equal_issues(name: str, data: st.DataObject) -> None:
    documents = data.draw(st.lists(near(CONSTRUCTS[name][1]), min_size=1, max_size=8))
    _agree(name, documents)


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_the_mutations_reach_both_verdicts(name: str) -> None:
    """Not vacuous: over a fixed sample, the generated documents are valid and invalid both."""
    from hypothesis import find

    seeds = CONSTRUCTS[name][1]
    invalid = find(near(seeds), lambda d: bool(REFERENCE[name].errors(d)), settings=settings(max_examples=500, database=None))
    assert FAST[name].errors(invalid) == REFERENCE[name].errors(invalid) != []
