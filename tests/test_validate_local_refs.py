"""Schemas whose `$ref`s all point into their own document are checked and validated without a
`referencing` registry (validate/local_refs.py): the same verdicts, errors and broken-schema
refusals as with the registry, and anything the local reading is not sure of keeps the registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemasmith.errors import SchemaSmithError
from schemasmith.source.refs import RefDirs, build_registry
from schemasmith.validate import schema_check
from schemasmith.validate.local_refs import local_references_only
from schemasmith.validate.validator import Validator

DEFS = {"A": {"type": "integer"}, "a b": {"type": "string"}, "x/y": {"type": "null"}, "t~": {"minimum": 3}}


def _with(ref: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"$defs": DEFS, "properties": {"p": {"$ref": ref}}, "allOf": [{"type": "object"}], **(extra or {})}


@pytest.mark.parametrize("schema, local", [
    (_with("#/$defs/A"), True),
    (_with("#"), True),
    (_with("#/$defs/a%20b"), True),  # percent-decoded, then a JSON Pointer
    (_with("#/$defs/x~1y"), True),
    (_with("#/$defs/t~0"), True),
    (_with("#/allOf/0"), True),
    (_with("#/$defs/A", {"$id": "https://example.test/root.json"}), True),  # the root's own base URI
    (_with("#/allOf/00"), False),  # referencing reads indices with int(): only the plain form is ours
    (_with("#/allOf/-1"), False),
    (_with("#/allOf/1"), False),
    (_with("#/$defs/missing"), False),
    (_with("#/$defs/A/type"), False),  # a string, not a schema
    (_with("#anchor"), False),
    (_with("other.json#/$defs/A"), False),
    (_with("https://example.test/s.json"), False),
    (_with("#/$defs/A", {"$defs": {**DEFS, "B": {"$id": "b.json", "type": "string"}}}), False),
    (_with("#/$defs/A", {"$defs": {**DEFS, "B": {"id": "b.json"}}}), False),  # draft 4's id
    (_with("#/$defs/A", {"$dynamicRef": "#meta"}), False),
    (_with("#/$defs/A", {"$defs": {**DEFS, "B": {"$recursiveRef": "#"}}}), False),
    ({"$ref": 3}, False),
    (True, False),
])
def test_which_schemas_count_as_local(schema: Any, local: bool) -> None:
    assert local_references_only(schema) is local


def _registry_for(schema: Any, tmp_path: Path) -> tuple[Any, str]:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), "utf-8")
    uri = path.resolve().as_uri()
    return build_registry(uri, schema, RefDirs().with_siblings_of(path, schema), None), uri


NESTED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["items", "pay"],
    "properties": {
        "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Item"}},
        "pay": {"$ref": "#/$defs/Pay"},
        "tree": {"$ref": "#/$defs/Tree"},
    },
    "$defs": {
        "Item": {"type": "object", "required": ["sku"], "additionalProperties": False,
                 "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}$"},
                                "n": {"type": "integer", "minimum": 1}}},
        "Pay": {"oneOf": [{"$ref": "#/$defs/Card"}, {"$ref": "#/$defs/Bank"}]},
        "Card": {"type": "object", "required": ["kind", "last4"],
                 "properties": {"kind": {"const": "card"}, "last4": {"type": "string", "format": "date"}}},
        "Bank": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "bank"}}},
        "Tree": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Tree"}}}},
    },
}
DOCUMENTS = [
    {"items": [{"sku": "ABC"}], "pay": {"kind": "bank"}},
    {"items": [{"sku": "abc", "n": 0, "x": 1}], "pay": {"kind": "card"}},
    {"items": [], "pay": {"kind": "card", "last4": "2020-13-01"}},
    {"items": [{"sku": 1}], "pay": {"kind": "wallet"}, "tree": {"children": [{"children": [{"children": 3}]}]}},
    {"pay": 3},
    [],
]


@pytest.mark.parametrize("fast_path", [True, False])
def test_local_references_give_the_registrys_errors(tmp_path: Path, fast_path: bool) -> None:
    registry, uri = _registry_for(NESTED, tmp_path)
    local = Validator(NESTED, fast_path=fast_path)
    with_registry = Validator(NESTED, registry=registry, base_uri=uri, fast_path=fast_path)
    for document in DOCUMENTS:
        assert local.explained_errors(document) == with_registry.explained_errors(document), document
        assert local.validate_json(json.dumps(document).encode()).issues == \
            with_registry.validate_json(json.dumps(document).encode()).issues


def test_from_path_builds_no_registry_for_local_references(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(NESTED), "utf-8")
    assert Validator.from_path(path)._registry is None
    path.write_text(json.dumps({**NESTED, "$defs": {**NESTED["$defs"], "Bank": {"$ref": "bank.json"}}}), "utf-8")
    (tmp_path / "bank.json").write_text(json.dumps({"type": "object"}), "utf-8")
    assert Validator.from_path(path)._registry is not None


@pytest.mark.parametrize("schema", [
    {"$ref": "#"},
    {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}},
     "properties": {"p": {"$ref": "#/$defs/a"}}},
    {"$defs": {"a": {"anyOf": [{"not": {"$ref": "#/$defs/a"}}]}}},
    {"$defs": {"chain": {"$ref": "#/$defs/c0"},
               **{f"c{i}": {"$ref": f"#/$defs/c{i + 1}"} for i in range(1100)}, "c1100": {"type": "integer"}}},
])
def test_local_cycles_and_long_chains_are_refused_as_with_the_registry(schema: Any) -> None:
    assert local_references_only(schema)
    with pytest.raises(SchemaSmithError) as local:
        schema_check.check_schema(schema)
    with pytest.raises(SchemaSmithError) as with_registry:
        schema_check._check_references(schema, None, None, "")
    assert (str(local.value), local.value.pointer) == (str(with_registry.value), with_registry.value.pointer)


def test_a_dangling_local_reference_is_still_refused() -> None:
    with pytest.raises(SchemaSmithError, match="cannot resolve \\$ref '#/\\$defs/nope'"):
        schema_check.check_schema({"properties": {"p": {"$ref": "#/$defs/nope"}}})
