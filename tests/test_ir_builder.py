"""The IR builder on small schemas: one construct in, the expected IR out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemasmith.errors import SchemaSmithError
from schemasmith.ir.nodes import (
    NULL, AliasRef, AnyType, ArrayType, EnumType, MapType, ModelRef, PrimitiveType, SchemaIR, TupleType, UnionType,
)
from schemasmith.ir.builder import build_ir
from schemasmith.source.load import load_schema
from schemasmith.source.refs import RefDirs


def build(tmp_path: Path, schema: Any, name: str = "root.json", ref_dirs: RefDirs = RefDirs(), **files: Any) -> SchemaIR:
    for file_name, content in files.items():
        (tmp_path / file_name.replace("__", ".")).write_text(json.dumps(content), "utf-8")
    path = tmp_path / name
    path.write_text(json.dumps(schema), "utf-8")
    return build_ir(load_schema(path, ref_dirs))


def field_types(schema_ir: SchemaIR, model: str) -> dict[str, Any]:
    return {f.wire_name: (f.type, f.nullable, f.required) for f in schema_ir.model(model).fields}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "title": "Root", "properties": properties}


def test_scalars_nullability_and_formats(tmp_path: Path) -> None:
    ir = build(tmp_path, {**obj(
        a={"type": "string"}, b={"type": ["integer", "null"]}, c={"anyOf": [{"type": "number"}, {"type": "null"}]},
        d={"type": "string", "format": "date-time"}, e={"type": "boolean", "nullable": True}, f={"type": "null"},
    ), "required": ["a"]})
    assert field_types(ir, "Root") == {
        "a": (PrimitiveType("string"), False, True),
        "b": (PrimitiveType("integer"), True, False),
        "c": (PrimitiveType("number"), True, False),
        "d": (PrimitiveType("string", "date-time"), False, False),
        "e": (PrimitiveType("boolean"), True, False),
        "f": (NULL, False, False),
    }


def test_enums_const_unions(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(
        e={"enum": ["a", 1, None]}, c={"const": "x"}, u={"anyOf": [{"type": "string"}, {"type": "integer"}]},
        t={"type": ["string", "integer"]},
    ))
    types = field_types(ir, "Root")
    assert types["e"] == (EnumType(("a", 1, None)), False, False)
    assert types["c"] == (EnumType(("x",)), False, False)
    union = UnionType((PrimitiveType("string"), PrimitiveType("integer")))
    assert types["u"] == (union, False, False) and types["t"] == (union, False, False)


def test_arrays_tuples_maps(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(
        a={"type": "array", "items": {"type": "string"}}, t={"type": "array", "prefixItems": [{"type": "string"}], "items": False},
        m={"type": "object", "additionalProperties": {"type": "number"}}, o={"type": "object"},
    ))
    types = field_types(ir, "Root")
    assert types["a"][0] == ArrayType(PrimitiveType("string"))
    assert types["t"][0] == TupleType((PrimitiveType("string"),), None)
    assert types["m"][0] == MapType(PrimitiveType("number"))
    assert types["o"][0] == MapType(AnyType())


def test_draft_07_array_form_items_is_a_tuple(tmp_path: Path) -> None:
    ir = build(tmp_path, {"$schema": "http://json-schema.org/draft-07/schema#", **obj(
        t={"type": "array", "items": [{"type": "integer"}], "additionalItems": {"type": "string"}})})
    assert field_types(ir, "Root")["t"][0] == TupleType((PrimitiveType("integer"),), PrimitiveType("string"))


def test_nested_models_are_named_from_title_else_path(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(
        customer={"type": "object", "properties": {"address": {"type": "object", "properties": {"city": {}}}}},
        billing={"type": "object", "title": "Billing Info", "properties": {"iban": {}}},
        long={"type": "object", "title": "The configuration of the thing that does it", "properties": {"x": {}}},
    ))
    assert [m.name for m in ir.models] == ["Root", "RootCustomer", "RootCustomerAddress", "BillingInfo", "RootLong"]


def test_two_nested_items_resolve_by_position(tmp_path: Path) -> None:
    item = {"type": "object", "title": "Item", "properties": {"id": {}}}
    ir = build(tmp_path, obj(order={"type": "object", "properties": {"item": item}},
                             cart={"type": "object", "properties": {"item": {**item, "properties": {"sku": {}}}}}))
    assert [m.name for m in ir.models] == ["Root", "RootOrder", "Item", "RootCart", "RootCartItem"]


def test_model_names_are_unique_case_insensitively_and_avoid_reserved_names(tmp_path: Path) -> None:
    ir = build(tmp_path, {**obj(a={"$ref": "#/$defs/Date"}, b={"$ref": "#/$defs/date"}, c={"$ref": "#/$defs/Any"}),
                          "$defs": {"Date": {"type": "object", "properties": {"x": {}}},
                                    "date": {"type": "object", "properties": {"y": {}}},
                                    "Any": {"type": "object", "properties": {"z": {}}}}})
    assert [m.name for m in ir.models] == ["Root", "DateModel", "RootB", "AnyModel"]


def test_refs_recursion_and_all_of(tmp_path: Path) -> None:
    ir = build(tmp_path, {
        **obj(parent={"$ref": "#"}, node={"$ref": "#/definitions/node"},
              merged={"allOf": [{"$ref": "#/definitions/base"}, {"properties": {"extra": {"type": "integer"}}, "required": ["extra"]}]}),
        "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}},
                        "base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}},
    })
    types = field_types(ir, "Root")
    assert types["parent"][0] == ModelRef("Root")
    assert types["node"][0] == ModelRef("Node") and field_types(ir, "Node")["next"][0] == ModelRef("Node")
    assert field_types(ir, "RootMerged") == {
        "id": (PrimitiveType("string"), False, True), "extra": (PrimitiveType("integer"), False, True)}


def test_tagged_union_is_detected(tmp_path: Path) -> None:
    variant = lambda tag: {"type": "object", "properties": {"kind": {"const": tag}}, "required": ["kind"]}  # noqa: E731
    ir = build(tmp_path, {**obj(p={"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}),
                          "$defs": {"A": variant("a"), "B": variant("b")}})
    assert field_types(ir, "Root")["p"][0] == UnionType((ModelRef("A"), ModelRef("B")), discriminator="kind")


def test_open_closed_and_typed_additional_properties(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(
        closed={"type": "object", "properties": {"a": {}}, "additionalProperties": False},
        typed={"type": "object", "properties": {"a": {}}, "additionalProperties": {"type": "integer"}},
        patterned={"type": "object", "properties": {"a": {}}, "patternProperties": {"^x": {}}, "additionalProperties": False},
    ))
    assert ir.model("Root").additional == AnyType()
    assert ir.model("RootClosed").additional is None
    assert ir.model("RootTyped").additional == PrimitiveType("integer")
    assert ir.model("RootPatterned").additional == AnyType("patternProperties")


def test_required_but_undescribed_property_is_a_required_any(tmp_path: Path) -> None:
    ir = build(tmp_path, {**obj(a={"type": "string"}), "required": ["a", "b"]})
    assert field_types(ir, "Root")["b"] == (AnyType("required, not described"), False, True)


def test_boolean_schemas(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(yes=True, no=False))
    assert isinstance(field_types(ir, "Root")["yes"][0], AnyType)


def test_non_object_root_is_a_named_type(tmp_path: Path) -> None:
    ir = build(tmp_path, {"title": "Tags", "type": "array", "items": {"type": "string"}})
    assert ir.models == () and ir.aliases[0].name == "Tags" and ir.root_name == "Tags"
    assert ir.aliases[0].type == ArrayType(PrimitiveType("string"))


def test_relative_files_and_id_siblings(tmp_path: Path) -> None:
    money = {"$defs": {"Money": {"type": "object", "properties": {"amount": {"type": "number"}}}}}
    ir = build(tmp_path, {**obj(total={"$ref": "money.json#/$defs/Money"}), "$id": "https://example.test/s/root.json"},
               money__json=money)
    assert field_types(ir, "Root")["total"][0] == ModelRef("Money")


def test_remote_refs_need_a_mapping(tmp_path: Path) -> None:
    schema = obj(x={"$ref": "https://schemas.example.test/lib/money.json#/$defs/Money"})
    with pytest.raises(SchemaSmithError) as caught:
        build(tmp_path, schema)
    assert "remote references are not fetched" in str(caught.value) and "#/properties/x/$ref" in str(caught.value)
    (tmp_path / "vendored").mkdir()
    (tmp_path / "vendored" / "money.json").write_text(
        json.dumps({"$defs": {"Money": {"type": "object", "properties": {"amount": {}}}}}), "utf-8")
    by_prefix = RefDirs.parse([f"https://schemas.example.test/lib/={tmp_path / 'vendored'}"])
    assert field_types(build(tmp_path, schema, ref_dirs=by_prefix), "Root")["x"][0] == ModelRef("Money")
    by_name = RefDirs.parse([str(tmp_path / "vendored")])
    assert field_types(build(tmp_path, schema, ref_dirs=by_name), "Root")["x"][0] == ModelRef("Money")


def test_draft_04_definitions_and_ignored_ref_siblings(tmp_path: Path) -> None:
    ir = build(tmp_path, {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "title": "Root",
                          "properties": {"a": {"$ref": "#/definitions/s", "type": "integer"}},
                          "definitions": {"s": {"type": "string"}}})
    # Before 2019-09 a $ref replaces its siblings; the definition is a named type (issue 22).
    assert field_types(ir, "Root")["a"][0] == AliasRef("S", PrimitiveType("string"))
    assert field_types(ir, "Root")["a"][0].type == PrimitiveType("string")


def test_ref_to_a_metaschema_resolves_offline(tmp_path: Path) -> None:
    ir = build(tmp_path, obj(schema={"$ref": "http://json-schema.org/draft-07/schema#"}))
    assert ir.model("Root").fields[0].wire_name == "schema"
