"""The reference's errors computed without jsonschema (validate/fast/nested_errors.py) are exactly
the reference validator's: pointers, messages, keywords and best matches, in the same order.

Compared on every case of the official test suite (drafts 6 to 2020-12) whose schema the walk takes, on
the benchmark's nested shapes (an order with a tagged payment union, a conversation) with every
value of hand-written documents replaced by every kind of JSON value, keys removed and added, and
on the keywords' edge cases written here. A schema outside the walk's keywords keeps the reference.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from json_schema_suite import groups
from schemasmith.validate.fast.nested_errors import REFERENCE_KEYWORDS, nested_errors_for
from schemasmith.validate.reference.engine import explained_errors, reference_validator
from schemasmith.validate.validator import Validator

REPO = Path(__file__).resolve().parent.parent
KINDS_OF_VALUES: list[Any] = [None, True, False, 0, -1, 7, 1.5, 2.0, "", "x", "2025-01-02T03:04:05Z", [], [1, "a"],
                              {}, {"kind": "card"}, "a" * 150, list(range(60))]


def _compare(schema: Any, documents: list[Any], annotate_formats: bool = False, draft: str = "draft2020-12") -> int:
    """Both walks (every value, and skipping those jsonschema-rs finds valid) against the reference."""
    walks = [nested_errors_for(schema, draft, annotate_formats)]
    assert walks[0] is not None
    validator = Validator(schema, annotate_formats=annotate_formats)
    # (A suite schema naming a metaschema of its own is read as its folder's draft here.)
    if validator.draft == draft and validator.rust_accept is not None and validator.rust_accept.prunable:
        walks.append(nested_errors_for(schema, draft, annotate_formats, validator.rust_accept))
    reference = reference_validator(schema, draft=draft, annotate_formats=annotate_formats)
    for document in documents:
        expected = list(explained_errors(reference, document))
        for walk in walks:
            assert walk is not None and walk.errors(document) == expected, json.dumps(document)[:300]
    return len(documents) * len(walks)


DRAFTS = ("draft6", "draft7", "draft2019-09", "draft2020-12")


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_reference_keywords_are_jsonschemas(draft: str) -> None:
    # A keyword jsonschema (or our reference) adds to a draft must be known here, or the walk would ignore it.
    assert set(reference_validator({}, draft=draft).VALIDATORS) == REFERENCE_KEYWORDS[draft]


@pytest.mark.parametrize("draft, least", [("draft6", 100), ("draft7", 120), ("draft2019-09", 120), ("draft2020-12", 150)])
def test_every_suite_case_the_walk_takes(draft: str, least: int) -> None:
    compared = taken = 0
    for group in groups((draft,)):
        if nested_errors_for(group.schema, draft, False) is None:
            continue
        taken += 1
        compared += _compare(group.schema, [case.data for case in group.tests], draft=draft)
    assert taken > least, (taken, compared)  # the walk covers much of the suite


def _variants(document: Any) -> Iterator[Any]:
    """``document`` with each value (at any depth) replaced by each kind of JSON value, each key
    removed, and an extra key added to each object."""
    yield document
    for path in _paths(document):
        for value in KINDS_OF_VALUES:
            yield _replaced(document, path, value)
        parent = _at(document, path[:-1])
        if isinstance(parent, dict):
            changed = copy.deepcopy(document)
            del _at(changed, path[:-1])[path[-1]]
            yield changed
    for path in [(), *_paths(document)]:
        if isinstance(_at(document, path), dict):
            changed = copy.deepcopy(document)
            _at(changed, path)["zz_extra"] = 1
            yield changed


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(document)
    _at(changed, path[:-1])[path[-1]] = copy.deepcopy(value)
    return changed


def _bench_shapes() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("shapes_bench", REPO / "bench" / "validate_shapes_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("shape", ["order", "conversation", "session+"])
def test_the_benchmark_shapes_with_every_value_replaced(shape: str) -> None:
    import random

    bench = _bench_shapes()
    make_schema, make_document, _ = bench.SHAPES[shape]
    schema = make_schema()
    rng = random.Random(23)
    documents = [make_document(rng) for _ in range(3)]
    compared = sum(_compare(schema, list(_variants(document))) for document in documents)
    assert compared > 300


EDGES: list[tuple[dict[str, Any], list[Any]]] = [
    ({"oneOf": [{"type": "integer"}, {"type": "number"}, {"minimum": 0}]}, [1, -1, 1.5, "x", 3]),
    ({"anyOf": [{"type": "string", "minLength": 3}, {"type": "array", "items": {"type": "integer"}}]},
     ["ab", [1, "x", 2.0], None, {"a": 1}]),
    ({"oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}],
      "$defs": {"a": {"type": "object", "required": ["k"], "properties": {"k": {"const": "a"}}},
                "b": {"type": "object", "required": ["k", "v"], "properties": {"k": {"const": "b"}, "v": {"enum": [1, True]}}}}},
     [{"k": "a"}, {"k": "b"}, {"k": "b", "v": 1.0}, {"k": "b", "v": 1}, {"k": "c"}, {}, []]),
    ({"properties": {"a": False, "b": True}, "additionalProperties": False, "patternProperties": {"^x": {"type": "null"}}},
     [{"a": 1}, {"b": 1, "c": 2, "d": 3, "x1": 0}, {"c": 1}]),
    ({"properties": {"a": {}}, "additionalProperties": {"type": "string"}}, [{"b": 1, "c": "x", "d": [1] * 80}]),
    ({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False}, [["a", 1], ["a", 1, 2], ["a", 1, 2, 3], [1]]),
    ({"prefixItems": [{"type": "string"}], "items": {"type": "boolean"}, "minItems": 2, "maxItems": 3},
     [[], ["a"], ["a", True, 1], ["a", True, False, True]]),
    ({"maxItems": 0, "maxLength": 0, "minLength": 1, "minItems": 1}, [[], [1], "", "x"]),
    ({"exclusiveMinimum": 1, "exclusiveMaximum": 3.5, "minimum": 0, "maximum": 10}, [0, 1, 3.5, -1, 11, True, 2]),
    ({"type": ["integer", "null"], "enum": [1, None, [1, 2], {"a": [True]}]}, [1.0, None, True, [1, 2], {"a": [1]}, 2]),
    ({"const": {"a": [1, {"b": False}]}}, [{"a": [1, {"b": 0}]}, {"a": [1, {"b": False}]}, {"a": [1]}]),
    ({"format": "date-time", "pattern": "^2", "type": "string"}, ["2025-01-02T03:04:05Z", "1999-01-01", "2x", 5]),
    ({"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "string"}}}], "$ref": "#/$defs/t",
      "$defs": {"t": {"type": "object", "title": "t"}}}, [{}, {"a": 1}, []]),
    ({"$defs": {"node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                                                          "v": {"type": "integer"}}}}, "$ref": "#/$defs/node"},
     [{"kids": [{"kids": [{"v": "x"}, {"kids": 3}]}]}]),
    ({"not": {"type": "string"}, "multipleOf": 0.5, "minProperties": 2, "maxProperties": 3}, ["x", 1.25, 2, {}, {"a": 1, "b": 2, "c": 3, "d": 4}, 1e308, True]),
    ({"multipleOf": 3, "uniqueItems": True}, [9, 10, 7.5, [1, 1.0], [1, True], [[1, {"a": 2}], [1, {"a": 2}]], [{}, []], [0, False], ["a", "b"]]),
    ({"dependentRequired": {"a": ["b", "c"]}, "dependentSchemas": {"b": {"required": ["d"]}},
      "propertyNames": {"maxLength": 2, "pattern": "^[a-d]"}}, [{"a": 1}, {"b": 1}, {"abc": 1, "z": 2}, {"a": 1, "b": 2, "c": 3, "d": 4}]),
    ({"if": {"properties": {"k": {"const": 1}}}, "then": {"required": ["x"]}, "else": {"required": ["y"]},
      "properties": {"x": {"if": False, "else": {"type": "integer"}}}}, [{"k": 1}, {"k": 2}, {"k": 1, "x": "s"}, 3]),
    ({"anyOf": [{"anyOf": [{"type": "integer"}, {"type": "null"}]}, {"properties": {"a": {"oneOf": [{"type": "string"}, False]}}}]},
     [{"a": 1}, "x", {"a": "x"}]),
]


DRAFT7 = "http://json-schema.org/draft-07/schema#"
OLDER_EDGES: list[tuple[dict[str, Any], list[Any]]] = [
    ({"$schema": DRAFT7, "definitions": {"s": {"type": "string"}},
      "properties": {"a": {"$ref": "#/definitions/s", "minLength": 5, "type": "integer"}}}, [{"a": "x"}, {"a": 1}]),
    ({"$schema": DRAFT7, "items": [{"type": "string"}, False], "maxItems": 3}, [["a"], ["a", 1], [1, 2, 3, 4], []]),
    ({"$schema": DRAFT7, "items": False}, [[], [1, 2]]),
    ({"$schema": DRAFT7, "items": {"anyOf": [{"$ref": "#/definitions/n"}, {"type": "null"}]},
      "definitions": {"n": {"type": "number", "maximum": 3}}}, [[1, None, 4, "x"]]),
    ({"$schema": "https://json-schema.org/draft/2019-09/schema", "$defs": {"s": {"type": "string"}},
      "properties": {"a": {"$ref": "#/$defs/s", "minLength": 5}}, "items": [{"type": "integer"}]},
     [{"a": "x"}, {"a": 1}, [1.5, "x"]]),
    ({"$schema": "http://json-schema.org/draft-06/schema#", "prefixItems": [{"type": "string"}], "if": False,
      "items": {"type": "integer"}}, [[1, "x"], [1]]),
]


@pytest.mark.parametrize("schema, documents", OLDER_EDGES)
def test_the_older_drafts_ref_siblings_and_items(schema: dict[str, Any], documents: list[Any]) -> None:
    draft = {"draft-07": "draft7", "2019-09": "draft2019-09", "draft-06": "draft6"}
    _compare(schema, documents, draft=next(d for key, d in draft.items() if key in schema["$schema"]))


@pytest.mark.parametrize("schema, documents", EDGES)
def test_the_edges_of_each_keyword(schema: dict[str, Any], documents: list[Any]) -> None:
    _compare(schema, documents)
    _compare(schema, documents, annotate_formats=True)


@pytest.mark.parametrize("schema", [
    {"contains": {"type": "string"}},
    {"unevaluatedProperties": False},
    {"multipleOf": 0},
    {"items": {"$ref": "other.json"}},
    {"properties": {"a": {"$dynamicRef": "#x"}}},
    {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"},
    {"$schema": "http://json-schema.org/draft-07/schema#", "contentEncoding": "base64"},
    {"$schema": "http://json-schema.org/draft-07/schema#", "dependencies": {"a": ["b"]}},
    {"type": "any"},
    {"items": [{"type": "string"}]},
])
def test_a_schema_outside_the_walk_keeps_the_reference(schema: dict[str, Any]) -> None:
    dialect = str(schema.get("$schema"))
    draft = "draft7" if "draft-07" in dialect else "draft4" if "draft-04" in dialect else "draft2020-12"
    assert nested_errors_for(schema, draft, False) is None


def test_the_validator_explains_a_nested_line_without_the_reference() -> None:
    bench = _bench_shapes()
    schema = bench.order_schema()
    validator = Validator(schema)
    line = json.dumps({"id": "ord_1", "items": [{"sku": "A"}], "payment": {"kind": "cash"}}).encode()
    issues = validator.validate_ndjson(line + b"\n").issues
    assert validator._nested_errors is not None
    assert "reference" not in validator.__dict__  # jsonschema's validator was never built
    assert [(i.pointer, i.message, i.keyword, i.best_match) for i in issues] == [
        (pointer, message, keyword, best) for pointer, message, keyword, best in
        Validator(schema, fast_path=False).explained_errors(json.loads(line))
    ]
