"""`$ref` siblings and untyped object schemas as each draft defines them (issue 22, item 2).

Unit tests of the rules on the IR, then `schemasmith conformance` on small schemas of each draft:
the reference validator, `schemasmith validate`, the generated Python and the generated TypeScript
must give the same verdict on every payload (non-object values where an untyped object schema
stands included). The constructs schema has the 2020-12 cases too (tests/test_constructs.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from schemasmith.ir.builder import build_ir
from schemasmith.ir.nodes import NULL, AliasRef, AnyType, ArrayType, MapType, ModelRef, PrimitiveType, SchemaIR, UnionType
from schemasmith.ir.ref_siblings import NOT_OBJECT, untyped_object
from schemasmith.source.load import load_schema

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema"


def build(tmp_path: Path, schema: Any) -> SchemaIR:
    path = tmp_path / "root.json"
    path.write_text(json.dumps(schema), "utf-8")
    return build_ir(load_schema(path))


def field_type(schema_ir: SchemaIR, wire_name: str, model: str = "Root") -> Any:
    return next(f for f in schema_ir.model(model).fields if f.wire_name == wire_name)


def document(draft: str, **properties: Any) -> dict[str, Any]:
    definitions = "definitions" if draft == DRAFT_07 else "$defs"
    return {
        "$schema": draft, "title": "Root", "type": "object", "properties": properties,
        definitions: {
            "Stamp": {"type": "object", "properties": {"at": {"type": "string"}}, "required": ["at"]},
            "Code": {"type": "string", "maxLength": 5},
            "Loose": {"properties": {"n": {"type": "integer"}}, "required": ["n"]},
        },
    }


def ref(draft: str, name: str) -> str:
    return f"#/{'definitions' if draft == DRAFT_07 else '$defs'}/{name}"


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2019, DRAFT_2020])
def test_siblings_that_extend_an_object(tmp_path: Path, draft: str) -> None:
    ir = build(tmp_path, document(draft, s={"$ref": ref(draft, "Stamp"), "properties": {"by": {"type": "string"}},
                                           "required": ["by"]}))
    field = field_type(ir, "s")
    if draft == DRAFT_07:
        assert field.type == ModelRef("Stamp")  # the siblings are ignored
    else:  # applied with the target: a model of both, both required properties required
        merged = ir.model(field.type.name)
        assert field.type.name != "Stamp"
        assert [(f.wire_name, f.required) for f in merged.fields] == [("at", True), ("by", True)]
        assert merged.fields[1].pointer == "/properties/s/properties/by"  # where the document has it


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_siblings_that_narrow_keep_the_named_type(tmp_path: Path, draft: str) -> None:
    ir = build(tmp_path, document(draft, c={"$ref": ref(draft, "Code"), "maxLength": 3},
                                  m={"$ref": ref(draft, "Stamp"), "minProperties": 2}))
    assert field_type(ir, "c").type == AliasRef("Code", PrimitiveType("string"))
    assert field_type(ir, "m").type == ModelRef("Stamp")
    left = {(u.pointer, u.keyword) for u in ir.unchecked}
    # Draft 7 ignores them; 2020-12 applies them, and the loaders name them as left to the validator.
    expected = set() if draft == DRAFT_07 else {("/properties/c", "maxLength"), ("/properties/m", "minProperties")}
    assert left & {("/properties/c", "maxLength"), ("/properties/m", "minProperties")} == expected


def test_siblings_that_type_an_untyped_target(tmp_path: Path) -> None:
    schema = document(DRAFT_2020, a={"$ref": "#/$defs/Any", "type": "string"})
    schema["$defs"]["Any"] = {"description": "anything"}
    assert field_type(build(tmp_path, schema), "a").type == PrimitiveType("string")
    schema["$schema"] = DRAFT_07
    schema["definitions"] = schema.pop("$defs")
    schema["properties"]["a"]["$ref"] = "#/definitions/Any"
    assert isinstance(field_type(build(tmp_path, schema), "a").type, AnyType)


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_an_untyped_object_schema_takes_any_other_value(tmp_path: Path, draft: str) -> None:
    ir = build(tmp_path, document(draft, loose={"$ref": ref(draft, "Loose")},
                                  counts={"additionalProperties": {"type": "integer"}},
                                  typed={"type": "object", "properties": {"n": {"type": "integer"}}},
                                  guarded={"properties": {"n": {"type": "integer"}}, "minLength": 2}))
    loose = field_type(ir, "loose")
    assert loose.type == UnionType((ModelRef("Loose"), *NOT_OBJECT[:-1])) and loose.nullable
    assert NOT_OBJECT == (PrimitiveType("boolean"), PrimitiveType("number"), PrimitiveType("string"),
                          ArrayType(AnyType()), NULL)
    counts = field_type(ir, "counts")
    assert counts.type == UnionType((MapType(PrimitiveType("integer")), *NOT_OBJECT[:-1])) and counts.nullable
    assert field_type(ir, "typed").type == ModelRef("RootTyped") and not field_type(ir, "typed").nullable
    # A keyword that constrains other values too (minLength: strings) keeps the model alone.
    assert field_type(ir, "guarded").type == ModelRef("RootGuarded")
    assert [a.name for a in ir.aliases] == []  # the model is the name; the union is not another


EITHER = {"type": "object", "anyOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                                     {"properties": {"b": {"type": "integer"}}, "required": ["b"]}]}


def test_a_type_beside_a_union_holds_for_its_untyped_branches(tmp_path: Path) -> None:
    # Found by bench/corpus_agreement.py (contextive-glossary): `type: object` beside anyOf branches
    # that say no type; the branches' non-object values are not valid there.
    field = field_type(build(tmp_path, document(DRAFT_2020, either=EITHER)), "either")
    assert field.type == UnionType((ModelRef("RootEitherOption1"), ModelRef("RootEitherOption2"))) and not field.nullable


def test_untyped_object_rule() -> None:
    assert untyped_object([{"properties": {}, "description": "d", "x-extra": 1}, {"required": ["a"]}])
    assert not untyped_object([{"properties": {}}, {"type": "object"}])
    for keyword in ("enum", "anyOf", "not", "format", "minLength", "items", "if"):
        assert not untyped_object([{"properties": {}, keyword: None}])


def test_an_untyped_root_keeps_its_model_as_the_root(tmp_path: Path) -> None:
    ir = build(tmp_path, {"$schema": DRAFT_2020, "title": "Root", "properties": {"a": {"type": "string"}}})
    assert ir.root_name == "Root" and [m.name for m in ir.models] == ["Root"] and ir.aliases == ()


def _conformance(tmp_path: Path, schema: dict[str, Any], payloads: list[Any]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "schema.json").write_text(json.dumps(schema), "utf-8")
    (tmp_path / "payloads.ndjson").write_text("".join(json.dumps(p) + "\n" for p in payloads), "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", "conformance", "--schema", str(tmp_path / "schema.json"),
         "--require-typescript", str(tmp_path / "payloads.ndjson")],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_loaders_agree_with_the_reference(tmp_path: Path, draft: str) -> None:
    schema = document(draft,
                      s={"$ref": ref(draft, "Stamp"), "properties": {"by": {"type": "string"}}, "required": ["by"]},
                      c={"$ref": ref(draft, "Code"), "type": "string"},
                      loose={"$ref": ref(draft, "Loose")},
                      counts={"additionalProperties": {"type": "integer"}}, either=EITHER)
    values = {
        "s": [{"at": "x", "by": "y"}, {"at": "x"}, {"by": "y"}, {}, "text"],
        "c": ["abc", "abcdefg", 3],
        "loose": [{"n": 1}, {}, {"n": "x"}, True, 3, 2.5, "s", [1, {}], None],
        "counts": [{"a": 1}, {"a": "x"}, "s", False, None, []],
        "either": [{"a": "x"}, {"b": 1}, {}, None, 3, "s"],
    }
    payloads = [{key: value} for key, options in values.items() for value in options]
    ran = _conformance(tmp_path, schema, payloads)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    summary = ran.stdout + ran.stderr
    assert f"{len(payloads)} payload(s), judged by reference, cli, python, typescript: {len(payloads)} agree" in summary, summary
