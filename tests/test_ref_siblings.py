"""`$ref` siblings and untyped object schemas as each draft defines them (issue 22, item 2).

Unit tests of the rules on the IR, then `schemasmith conformance` on small schemas of each draft:
the reference validator, `schemasmith validate`, the generated Python and the generated TypeScript
must give the same verdict on every payload (non-object values where an untyped object schema
stands included). The constructs schema has the 2020-12 cases too (tests/test_constructs.py).
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from schemasmith.ir.builder import build_ir
from schemasmith.ir.name_overrides import read_names_file
from schemasmith.ir.nodes import NULL, AliasRef, EnumType, Rule, AnyType, ArrayType, MapType, ModelRef, PrimitiveType, SchemaIR, UnionType
from schemasmith.ir.ref_siblings import NOT_ARRAY, NOT_OBJECT, untyped_array, untyped_object
from schemasmith.ir.rule_verdicts import KINDS, verdict
from schemasmith.source.load import load_schema

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema"


def _bare(type_: Any) -> Any:
    """A type without its checks (the rule the untyped schema's other values carry)."""
    return dataclasses.replace(type_, checks=None) if hasattr(type_, "checks") and not isinstance(type_, ModelRef) else type_


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
            "MaybeCode": {"type": ["string", "null"], "minLength": 1},
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
    c, m = field_type(ir, "c").type, field_type(ir, "m").type
    assert (c.name, m.name) == ("Code", "Stamp") and isinstance(c, AliasRef) and isinstance(m, ModelRef)
    if draft == DRAFT_07:  # ignored
        assert c.checks is None and m.checks is None
    else:  # applied with the target: the siblings, whole, are the reference's rule
        assert c.checks is not None and m.checks is not None and c.checks.rule != m.checks.rule
        assert ir.rules[c.checks.rule].keywords == (("maxLength", 3),)
        assert ir.rules[m.checks.rule].keywords == (("minProperties", 2),)
    # ... which the loaders check: nothing is left to the validator.
    left = {(u.pointer, u.keyword) for u in ir.unchecked}
    assert not left & {("/properties/c", "maxLength"), ("/properties/m", "minProperties"), ("/properties/c", "$ref")}


def test_a_root_that_narrows_a_model_is_a_named_type(tmp_path: Path) -> None:
    # The document's codec must run the narrowing: not the model's own from_json.
    schema = document(DRAFT_2020)
    schema = {"$schema": DRAFT_2020, "title": "Busy", "$ref": "#/$defs/Stamp", "minProperties": 2, "$defs": schema["$defs"]}
    ir = build(tmp_path, schema)
    root = next(a for a in ir.aliases if a.name == ir.root_name)
    assert root.name == "Busy" and isinstance(root.type, ModelRef) and root.type.name == "Stamp" and root.type.checks


def test_siblings_the_rules_cannot_run_are_named(tmp_path: Path) -> None:
    ir = build(tmp_path, document(DRAFT_2020, c={"$ref": ref(DRAFT_2020, "Code"), "format": "hostname"}))
    c = field_type(ir, "c").type
    assert c == AliasRef("Code", PrimitiveType("string")) and c.checks is None
    assert ("/properties/c", "$ref") in {(u.pointer, u.keyword) for u in ir.unchecked}


def test_siblings_that_type_an_untyped_target(tmp_path: Path) -> None:
    schema = document(DRAFT_2020, a={"$ref": "#/$defs/Any", "type": "string"})
    schema["$defs"]["Any"] = {"description": "anything"}
    typed = field_type(build(tmp_path, schema), "a").type
    # A string (the allOf the siblings are read as may leave it a rule, which checks it whole).
    assert isinstance(typed, PrimitiveType) and (typed.kind, typed.format) == ("string", None)
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
    # A keyword that constrains other values too (minLength: strings) checks them: the schema whole
    # is the strings' rule; the other JSON types it accepts whole.
    guarded = field_type(ir, "guarded")
    assert guarded.nullable and isinstance(guarded.type, UnionType)
    assert [_bare(v) for v in guarded.type.variants] == [ModelRef("RootGuarded"), *NOT_OBJECT[:-1]]
    assert [v.checks is not None for v in guarded.type.variants] == [False, False, False, True, False]
    assert ("minLength", 2) in ir.rules[guarded.type.variants[3].checks.rule].keywords
    assert [a.name for a in ir.aliases] == []  # the model is the name; the union is not another


EITHER = {"type": "object", "anyOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                                     {"properties": {"b": {"type": "integer"}}, "required": ["b"]}]}


def test_a_type_beside_a_union_holds_for_its_untyped_branches(tmp_path: Path) -> None:
    # Found by bench/corpus_agreement.py (contextive-glossary): `type: object` beside anyOf branches
    # that say no type; the branches' non-object values are not valid there.
    field = field_type(build(tmp_path, document(DRAFT_2020, either=EITHER)), "either")
    assert field.type == UnionType((ModelRef("RootEitherOption1"), ModelRef("RootEitherOption2"))) and not field.nullable


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_an_untyped_array_schema_takes_any_other_value(tmp_path: Path, draft: str) -> None:
    ir = build(tmp_path, document(draft, tags={"items": {"type": "string"}},
                                  pair={"items": [{"type": "string"}]} if draft == DRAFT_07 else {"prefixItems": [{"type": "string"}]},
                                  typed={"type": "array", "items": {"type": "string"}},
                                  guarded={"items": {"type": "string"}, "minLength": 2}))
    tags = field_type(ir, "tags")
    assert tags.type == UnionType((ArrayType(PrimitiveType("string")), *NOT_ARRAY[:-1])) and tags.nullable
    assert NOT_ARRAY == (PrimitiveType("boolean"), PrimitiveType("number"), PrimitiveType("string"),
                         MapType(AnyType()), NULL)
    pair = field_type(ir, "pair").type
    assert isinstance(pair, UnionType) and pair.variants[1:] == NOT_ARRAY[:-1]
    assert field_type(ir, "typed").type == ArrayType(PrimitiveType("string")) and not field_type(ir, "typed").nullable
    # A keyword that constrains other values too (minLength: strings) checks them by the schema's rule.
    guarded = field_type(ir, "guarded")
    assert guarded.nullable and [_bare(v) for v in guarded.type.variants] == [ArrayType(PrimitiveType("string")), *NOT_ARRAY[:-1]]
    assert [getattr(v, "checks", None) is not None for v in guarded.type.variants[1:]] == [False, False, True, False]


def test_assertion_keywords_beside_a_union_hold_for_its_branches(tmp_path: Path) -> None:
    ir = build(tmp_path, document(
        DRAFT_2020,
        capped={"type": "string", "maxLength": 3, "anyOf": [{"minLength": 1}, {"type": "integer"}]},
        both={"maxLength": 3, "minimum": 1, "anyOf": [{"type": "string"}, {"type": "integer"}]},
        own={"maxLength": 3, "anyOf": [{"type": "string", "pattern": "^a"}, {"type": "integer"}]},
    ))
    capped = field_type(ir, "capped").type
    assert isinstance(capped, PrimitiveType) and capped.kind == "string" and capped.checks.max_length == 3
    both = field_type(ir, "both").type
    assert [(v.kind, v.checks.max_length, v.checks.minimum) for v in both.variants] == [("string", 3, None), ("integer", None, 1)]
    # A branch with checks of its own: the keyword beside the union is left to the validator, named.
    assert ("/properties/own", "maxLength") in {(u.pointer, u.keyword) for u in ir.unchecked}


def test_untyped_array_rule() -> None:
    assert untyped_array({"items": {}, "minItems": 1, "contains": {}, "description": "d", "x-extra": 1})
    assert not untyped_array({"items": {}, "type": "array"})
    for keyword in ("properties", "enum", "anyOf", "not", "minLength", "if"):
        assert not untyped_array({"items": {}, keyword: None})


def test_a_type_list_beside_a_union_holds_for_its_branches(tmp_path: Path) -> None:
    loose = {"properties": {"n": {"type": "integer"}}}
    ir = build(tmp_path, document(
        DRAFT_2020,
        # Untyped object and array branches under a list: the model, the array, null.
        listed={"type": ["object", "null"], "anyOf": [loose, {"type": "string"}]},
        arrays={"type": ["array", "null"], "anyOf": [{"items": {"type": "string"}}, {"type": "integer"}]},
        # A branch of any value becomes the listed types; a number branch under integer an integer.
        counted={"type": ["integer", "null"], "oneOf": [{"type": "number", "minimum": 1}, {"type": "string"}]},
        loosest={"type": ["string", "null"], "anyOf": [{"minLength": 3}, {"type": "boolean"}]},
        # Keywords of one type beside the list and the union: the list still narrows the branches.
        short={"type": ["string", "boolean"], "maxLength": 9, "anyOf": [loose, {"type": "string"}, {"type": "boolean"}]},
        # ... the union goes into each type's branch: properties beside it make the model.
        either={"type": ["object", "null"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                "anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
    ))
    either = field_type(ir, "either")
    assert either.type == ModelRef("RootEither") and either.nullable
    assert [(f.wire_name, f.required) for f in ir.model("RootEither").fields] == [("a", False), ("b", False)]
    listed = field_type(ir, "listed")
    assert listed.type == ModelRef("RootListedOption1") and listed.nullable
    arrays = field_type(ir, "arrays")
    assert arrays.type == ArrayType(PrimitiveType("string")) and arrays.nullable
    counted = field_type(ir, "counted")
    # (no branch takes null: the list allows it, the union does not)
    assert counted.type == PrimitiveType("integer", checks=counted.type.checks) and not counted.nullable
    assert counted.type.checks is not None and counted.type.checks.minimum == 1
    loosest = field_type(ir, "loosest")
    assert loosest.type == PrimitiveType("string") and loosest.nullable
    # (each type's branch with its own keywords, and the union checked whole by its rule)
    short = field_type(ir, "short").type
    assert isinstance(short, UnionType) and [v.kind for v in short.variants] == ["string", "boolean"]  # type: ignore[union-attr]
    assert short.variants[0].checks.max_length == 9  # type: ignore[union-attr]


def test_untyped_object_rule() -> None:
    assert untyped_object([{"properties": {}, "description": "d", "x-extra": 1}, {"required": ["a"]}])
    assert not untyped_object([{"properties": {}}, {"type": "object"}])
    for keyword in ("enum", "anyOf", "not", "format", "minLength", "items", "if"):
        assert not untyped_object([{"properties": {}, keyword: None}])


def test_an_untyped_root_is_its_model_or_any_other_value(tmp_path: Path) -> None:
    # The document's codec is a named type's: the model, or any value that is not an object.
    ir = build(tmp_path, {"$schema": DRAFT_2020, "title": "Root", "properties": {"a": {"type": "string"}}})
    assert [m.name for m in ir.models] == ["Root"] and ir.root_name == "RootDocument"
    assert [(a.name, a.type, a.pointer) for a in ir.aliases] == [("RootDocument", UnionType((ModelRef("Root"), *NOT_OBJECT)), "")]
    assert ir.module == "Root"  # the modules are still named after the model
    # A typed root is the model itself, as before; so is an OpenAPI document's first component.
    typed = build(tmp_path, {"$schema": DRAFT_2020, "title": "Root", "type": "object", "properties": {"a": {}}})
    assert typed.root_name == "Root" and typed.aliases == ()


def test_an_untyped_root_takes_a_names_table_entry_for_its_model(tmp_path: Path) -> None:
    (tmp_path / "names.json").write_text(json.dumps({"": {"model": "Config"}}), "utf-8")
    (tmp_path / "root.json").write_text(json.dumps({"title": "Root", "properties": {"a": {}}}), "utf-8")
    ir = build_ir(load_schema(tmp_path / "root.json"), names=read_names_file(tmp_path / "names.json"))
    assert [m.name for m in ir.models] == ["Config"] and ir.root_name == "ConfigDocument"


def test_an_untyped_array_root_is_a_named_type(tmp_path: Path) -> None:
    ir = build(tmp_path, {"$schema": DRAFT_2020, "title": "Tags", "items": {"type": "string"}})
    assert ir.models == () and ir.root_name == "Tags"
    assert ir.aliases[0].type == UnionType((ArrayType(PrimitiveType("string")), *NOT_ARRAY))


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_untyped_and_narrowing_roots_agree_with_the_reference(tmp_path: Path, draft: str) -> None:
    obj = {"$schema": draft, "title": "Root", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    arr = {"$schema": draft, "title": "Tags", "items": {"type": "string"}, "maxItems": 2}
    definitions = "definitions" if draft == DRAFT_07 else "$defs"
    narrowed = {"$schema": draft, "title": "Busy", "$ref": ref(draft, "Stamp"), "minProperties": 2,
                definitions: document(draft)[definitions]}
    others = [3, 2.5, True, "s", None, [1, {}], {"k": 1}]
    for name, schema, payloads in (("object", obj, [{"a": "x"}, {"a": 1}, {}, *others]),
                                   ("array", arr, [["x"], [1], ["a", "b", "c"], [], *others]),
                                   ("narrowed", narrowed, [{"at": "x", "b": 1}, {"at": "x"}, {"b": 1}, 3])):
        folder = tmp_path / name
        folder.mkdir()
        ran = _conformance(folder, schema, payloads)
        summary = ran.stdout + ran.stderr
        assert ran.returncode == 0, summary
        assert f"{len(payloads)} payload(s), judged by reference, cli, python, typescript: {len(payloads)} agree" in summary, summary


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
                      counts={"additionalProperties": {"type": "integer"}}, either=EITHER,
                      short={"$ref": ref(draft, "Code"), "maxLength": 3},
                      wide={"$ref": ref(draft, "Stamp"), "minProperties": 2},
                      stamps={"type": "array", "items": {"$ref": ref(draft, "Stamp"), "maxProperties": 1}},
                      tags={"items": {"type": "string"}, "minItems": 1},
                      listed={"type": ["object", "null"], "anyOf": [{"$ref": ref(draft, "Loose")}, {"type": "string"}]},
                      counted={"type": ["integer", "string"], "oneOf": [{"type": "number", "minimum": 1}, {"minLength": 2}]},
                      maybe_short={"$ref": ref(draft, "MaybeCode"), "maxLength": 3},
                      capped={"type": "string", "maxLength": 3, "anyOf": [{"minLength": 1}, {"type": "integer"}]},
                      required_either={"type": ["object", "null"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                                       "anyOf": [{"required": ["a"]}, {"required": ["b"]}]})
    values = {
        "s": [{"at": "x", "by": "y"}, {"at": "x"}, {"by": "y"}, {}, "text"],
        "c": ["abc", "abcdefg", 3],
        "loose": [{"n": 1}, {}, {"n": "x"}, True, 3, 2.5, "s", [1, {}], None],
        "counts": [{"a": 1}, {"a": "x"}, "s", False, None, []],
        "either": [{"a": "x"}, {"b": 1}, {}, None, 3, "s"],
        "short": ["abc", "abcd", "abcdef", 3],
        "wide": [{"at": "x", "more": 1}, {"at": "x"}, {"more": 1}],
        "stamps": [[{"at": "x"}], [{"at": "x", "more": 1}], [{"more": 1}]],
        "tags": [["a"], [], [1], "text", 3, {"k": 1}, None, True],
        "listed": [{"n": 1}, {}, None, "text", 3, [1]],
        "counted": [1, 0, 2.5, "ab", "a", None, [1]],
        "capped": ["ab", "abcd", "", 3],
        "maybe_short": ["ab", "abcd", "", None, 3],
        "required_either": [{"a": "x"}, {"b": 1}, {}, {"a": 1}, {"b": 1, "a": None}, None, "s", 3],
    }
    payloads = [{key: value} for key, options in values.items() for value in options]
    ran = _conformance(tmp_path, schema, payloads)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    summary = ran.stdout + ran.stderr
    assert f"{len(payloads)} payload(s), judged by reference, cli, python, typescript: {len(payloads)} agree" in summary, summary


def test_rule_verdicts_per_json_type() -> None:
    # What a rule says about every value of one JSON type: all (True), none (False), some (None).
    rules = [Rule("", (("not", 1),)), Rule("", (("type", ("string", "null")),)), Rule("", (("enum", ("a", 1, None)),)),
             Rule("", (("minLength", 2), ("items", 3))), Rule("", (("anyOf", (1, 5)),)), Rule("", (("type", ("integer",)),)),
             Rule("", (("oneOf", (1, 1)),)), Rule("", (("if", 1), ("then", 2), ("else", 8))), Rule("", (("false", None),))]
    table = {i: {k: verdict(rules, i, k) for k in KINDS} for i in range(len(rules))}
    assert table[0] == {"boolean": True, "number": True, "string": False, "array": True, "object": True, "null": False}
    assert table[2] == {"boolean": False, "number": None, "string": None, "array": False, "object": False, "null": True}
    assert table[3] == {"boolean": True, "number": True, "string": None, "array": None, "object": True, "null": True}
    assert table[4]["number"] is None and table[4]["string"] is True and table[4]["boolean"] is False
    assert table[6]["string"] is False  # both branches match: oneOf refuses
    assert table[7] == {"boolean": False, "number": False, "string": None, "array": False, "object": False, "null": True}


@pytest.mark.parametrize("draft", [DRAFT_07, DRAFT_2020])
def test_an_untyped_schema_with_other_keywords_takes_what_they_accept(tmp_path: Path, draft: str) -> None:
    # Issue 22 item 2: properties and no type beside not / enum / anyOf / minLength / items: every
    # value the schema accepts is taken; a JSON type it refuses whole is left out; the rest checked.
    n = {"n": {"type": "integer"}}
    ir = build(tmp_path, document(
        draft,
        unstringed={"properties": n, "not": {"type": ["string", "null"]}},
        listed={"properties": n, "enum": [{"n": 1}, "a", 2]},
        either={"properties": n, "anyOf": [{"required": ["n"]}, {"type": "string"}]},
        both={"properties": n, "items": {"type": "integer"}, "maxLength": 3},
        counts={"additionalProperties": {"type": "integer"}, "not": {"type": "boolean"}},
        tags={"items": {"type": "string"}, "additionalProperties": False},
    ))
    def kinds(name: str) -> list[tuple[str, bool]]:
        field = field_type(ir, name)
        variants = field.type.variants if isinstance(field.type, UnionType) else (field.type,)
        out = [(type(v).__name__ if not isinstance(v, PrimitiveType) else v.kind, getattr(v, "checks", None) is not None)
               for v in variants]
        return out + [("null", False)] * field.nullable
    assert kinds("unstringed") == [("ModelRef", False), ("boolean", False), ("number", False), ("ArrayType", False)]
    # (enum: the model runs it too; the other JSON types are checked by it)
    assert kinds("listed") == [("ModelRef", True), ("number", True), ("string", True)]
    # (a branch that only requires a key accepts every non-object value: so does the anyOf)
    assert kinds("either") == [("ModelRef", False), ("boolean", False), ("number", False), ("string", False),
                               ("ArrayType", False), ("null", False)]
    assert kinds("both") == [("ModelRef", False), ("boolean", False), ("number", False), ("string", True),
                             ("ArrayType", True), ("null", False)]
    assert kinds("counts") == [("MapType", False), ("number", False), ("string", False), ("ArrayType", False),
                               ("null", False)]
    assert kinds("tags") == [("ArrayType", False), ("boolean", False), ("number", False), ("string", False),
                             ("MapType", True), ("null", False)]
    # Nothing of these is left to the validator.
    assert not {u.pointer for u in ir.unchecked} & {f"/properties/{k}" for k in ("unstringed", "both", "counts", "tags")}


def test_a_type_list_allows_only_what_a_branch_takes(tmp_path: Path) -> None:
    # Issue 22 item 2: a type the list allows but no branch takes is not accepted, nor a branch's
    # enum value of a type the list does not allow (the reference refuses both).
    ir = build(tmp_path, document(
        DRAFT_2020,
        whole={"type": ["number", "boolean"], "anyOf": [{"type": "integer"}]},
        coded={"type": "string", "anyOf": [{"enum": ["abc", 1]}, {"type": "string", "maxLength": 2}]},
        counted={"type": "integer", "oneOf": [{"enum": [1, 2.5, "x"]}, {"minimum": 10}]},
    ))
    whole = field_type(ir, "whole")
    assert isinstance(whole.type, PrimitiveType) and whole.type.kind == "integer" and not whole.nullable
    coded = field_type(ir, "coded").type
    assert isinstance(coded, UnionType) and coded.variants[0] == EnumType(("abc",))
    counted = field_type(ir, "counted").type
    assert isinstance(counted, UnionType) and counted.variants[0] == EnumType((1,))


def test_an_untyped_openapi_component_is_its_model_where_used_the_union(tmp_path: Path) -> None:
    # Decided (doc/schemas.md): the component's own codec is the model's (objects only); where it is
    # used, the union takes every value the reference accepts. No `PetValue` named type is made.
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {
        "schemas": {"Pet": {"properties": {"n": {"type": "integer"}}},
                    "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}}}}}), "utf-8")
    ir = build_ir(load_schema(path))
    assert [m.name for m in ir.models] == ["Pet", "Owner"] and ir.aliases == ()
    pet = field_type(ir, "pet", "Owner")
    assert pet.type == UnionType((ModelRef("Pet"), *NOT_OBJECT[:-1])) and pet.nullable
