"""A `$ref` to a named type is typed by its name (issue 22, item 1): the IR's AliasRef, and what
each target writes for it. Payloads through both loaders are in tests/cases/constructs_payloads.json
(the `shade`, `fallback_shade` and `batch` cases), compared by tests/test_constructs.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, import_module_from
from schemasmith import Settings, generate
from schemasmith.ir.builder import build_ir
from schemasmith.ir.nodes import NULL, AliasRef, ArrayType, EnumType, ModelRef, PrimitiveType, SchemaIR, UnionType, resolved
from schemasmith.source.load import load_schema

SCHEMAS = REPO / "tests" / "schemas"
SHADE = EnumType(("light", "dark"))


def build(tmp_path: Path, schema: Any, name: str = "root.json") -> SchemaIR:
    path = tmp_path / name
    path.write_text(json.dumps(schema), "utf-8")
    return build_ir(load_schema(path))


def fields(schema_ir: SchemaIR, model: str) -> dict[str, Any]:
    return {f.wire_name: f for f in schema_ir.model(model).fields}


def document(**properties: Any) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Root",
        "type": "object",
        "properties": properties,
        "$defs": {
            "Shade": {"title": "Shade", "description": "How dark.", "enum": ["light", "dark"]},
            "Code": {"type": "string", "maxLength": 4},
            "Either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "Model": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Anything": {"description": "any value"},
            "Nothing": {"type": "null"},
        },
    }


def test_a_ref_to_a_named_enum_scalar_or_union_is_typed_by_its_name(tmp_path: Path) -> None:
    ir = build(tmp_path, document(
        shade={"$ref": "#/$defs/Shade"}, code={"$ref": "#/$defs/Code"}, either={"$ref": "#/$defs/Either"},
        model={"$ref": "#/$defs/Model"},
    ))
    found = fields(ir, "Root")
    assert found["shade"].type == AliasRef("Shade", SHADE) and found["shade"].type.type == SHADE
    assert found["code"].type == AliasRef("Code", PrimitiveType("string"))
    assert resolved(found["code"].type).checks is not None  # the named type's checks travel with it
    assert found["either"].type == AliasRef("Either", UnionType((PrimitiveType("string"), PrimitiveType("integer"))))
    assert found["model"].type == ModelRef("Model")
    # Each named type is declared once, beside the models, with its own annotations.
    assert [(a.name, a.pointer, a.description) for a in ir.aliases] == [
        ("Shade", "/$defs/Shade", "How dark."), ("Code", "/$defs/Code", None), ("Either", "/$defs/Either", None),
    ]


def test_any_value_and_null_are_not_named(tmp_path: Path) -> None:
    ir = build(tmp_path, document(any={"$ref": "#/$defs/Anything"}, none={"$ref": "#/$defs/Nothing"}))
    found = fields(ir, "Root")
    assert type(found["any"].type).__name__ == "AnyType" and found["none"].type == NULL
    assert ir.aliases == ()


def test_sibling_annotations_still_document_the_field(tmp_path: Path) -> None:
    ir = build(tmp_path, document(shade={
        "$ref": "#/$defs/Shade", "title": "Shade of it", "description": "The shade here.", "examples": ["dark"],
    }, plain={"$ref": "#/$defs/Shade"}))
    shade, plain = fields(ir, "Root")["shade"], fields(ir, "Root")["plain"]
    assert shade.type == AliasRef("Shade", SHADE)
    assert (shade.title, shade.description, shade.examples) == ("Shade of it", "The shade here.", ("dark",))
    assert (plain.title, plain.description) == ("Shade", "How dark.")  # the named type's own, when none beside


@pytest.mark.parametrize("spelling", [
    {"anyOf": [{"$ref": "#/$defs/Shade"}, {"type": "null"}]},
    {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/Shade"}]},
    {"allOf": [{"$ref": "#/$defs/Shade"}], "description": "annotated through allOf"},
])
def test_nullable_and_wrapped_references_keep_the_name(tmp_path: Path, spelling: dict[str, Any]) -> None:
    field = fields(build(tmp_path, document(shade=spelling)), "Root")["shade"]
    assert field.type == AliasRef("Shade", SHADE)
    assert field.nullable == ("allOf" not in spelling)


def test_openapi_30_nullable_reference_and_component_names(tmp_path: Path) -> None:
    ir = build(tmp_path, {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Call": {"type": "object", "properties": {
                "dir": {"allOf": [{"$ref": "#/components/schemas/Direction"}], "nullable": True},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Direction"}},
            }},
            # Reached through a $ref before its own turn: still named by its key, not its title.
            "Direction": {"title": "Which way the call went", "type": "string", "enum": ["in", "out"]},
        }},
    }, "api.json")
    found = fields(ir, "Call")
    direction = AliasRef("Direction", EnumType(("in", "out")))
    assert found["dir"].type == direction and found["dir"].nullable
    assert resolved(found["tags"].type) == found["tags"].type and found["tags"].type.items == direction  # type: ignore[union-attr]
    assert [a.name for a in ir.aliases] == ["Direction"]  # declared once, though met twice


def test_a_named_type_that_holds_null_keeps_its_name(tmp_path: Path) -> None:
    ir = build(tmp_path, {**document(maybe={"$ref": "#/$defs/Maybe"}),
                          "$defs": {"Maybe": {"type": ["string", "null"]}}})
    field = fields(ir, "Root")["maybe"]
    assert field.type == AliasRef("Maybe", UnionType((PrimitiveType("string"), NULL))) and field.nullable


def test_a_named_enum_stays_a_discriminator(tmp_path: Path) -> None:
    def variant(tag: str) -> dict[str, Any]:
        return {"type": "object", "required": ["kind"], "properties": {"kind": {"$ref": f"#/$defs/{tag}Kind"}}}
    ir = build(tmp_path, {
        "title": "Root", "type": "object", "properties": {"pet": {"oneOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]}},
        "$defs": {"Cat": variant("Cat"), "Dog": variant("Dog"), "CatKind": {"const": "cat"}, "DogKind": {"const": "dog"}},
    })
    pet = fields(ir, "Root")["pet"].type
    assert isinstance(pet, UnionType) and pet.discriminator == "kind"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("named")
    generate(SCHEMAS / "legacy.openapi30.json", folder, settings=Settings())
    return folder


def test_each_target_writes_the_name(out: Path) -> None:
    legacy = import_module_from(out / "python" / "legacy.py", "named_legacy")
    assert legacy.Call.__annotations__["channel"] == "Channel | None | Unset"
    assert "  channel?: Channel | null | undefined;" in (out / "typescript" / "legacy.ts").read_text("utf-8")
    assert "  channel?: ChannelWire | null | undefined;" in (out / "typescript" / "legacy.ts").read_text("utf-8")
    row = next(line for line in (out / "docs" / "Call.md").read_text("utf-8").splitlines() if "`channel`" in line)
    assert "[Channel](Channel.md)" in row and "How the call came in (null: unknown)." in row
    assert (out / "docs" / "Channel.md").is_file()
    # The loader still checks the value through the named type.
    assert legacy.Call.from_dict({"id": "c", "duration": 1, "channel": "web"}).channel == "web"
    with pytest.raises(legacy.SchemaValidationError, match="/channel"):
        legacy.Call.from_dict({"id": "c", "duration": 1, "channel": "fax"})


def test_no_reference_to_a_named_type_is_inlined_in_the_test_documents() -> None:
    schemas = [SCHEMAS / name for name in (
        "sessions-api.openapi.json", "legacy.openapi30.json", "constructs.schema.json", "common.schema.json",
    )]
    ran = subprocess.run([sys.executable, str(REPO / "bench" / "inlined_named_refs.py"), *map(str, schemas)],
                         capture_output=True, text=True, cwd=REPO, timeout=300)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    counted = [line for line in ran.stdout.splitlines() if " of " in line]
    assert len(counted) == len(schemas) and all(line.split(": ")[1].startswith("0 of ") for line in counted)
    # The count is not vacuous: the OpenAPI document has references to named enums, maps and unions.
    assert "sessions-api.openapi.json: 0 of 12 " in ran.stdout


def test_the_count_sees_an_inlined_reference(tmp_path: Path) -> None:
    """The script fails on a generator that inlines (here: one whose IR forgets every AliasRef)."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import schemasmith.ir.named_types as n\n"
        "n.NamedTypes.refer = lambda self, identity, type_, *rest: type_\n", "utf-8")
    ran = subprocess.run([sys.executable, str(REPO / "bench" / "inlined_named_refs.py"),
                          str(SCHEMAS / "sessions-api.openapi.json")],
                         capture_output=True, text=True, cwd=REPO, timeout=300,
                         env={"PYTHONPATH": f"{shim}:{REPO / 'generator'}", "PATH": "/usr/bin:/bin"})
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "sessions-api.openapi.json: 4 of 12 references to named types inlined" in ran.stdout


def test_a_named_type_reached_again_through_a_model_is_named(tmp_path: Path) -> None:
    # Found on the corpus (web-types, vega-lite, enonic-xp: 40 of 42 references inlined): a named
    # union (or a property's array) whose model refers back to it was cut as "recursive" (any value)
    # inside the model; the model is reached by its name, so its fields are typed afresh and name it.
    path = tmp_path / "root.json"
    path.write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Root", "type": "object",
        "properties": {"ctx": {"$ref": "#/$defs/Ctx"}, "host": {"$ref": "#/$defs/Host"}},
        "$defs": {
            "Ctx": {"oneOf": [{"type": "object", "properties": {"not": {"$ref": "#/$defs/Ctx"}}, "required": ["not"]},
                              {"type": "string"}]},
            "Host": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}}},
            "Item": {"type": "object", "allOf": [{"$ref": "#/$defs/Host"}], "properties": {"n": {"type": "integer"}}},
        },
    }), "utf-8")
    ir = build_ir(load_schema(path))
    fields = {(m.name, f.wire_name): f.type for m in ir.models for f in m.fields}
    assert isinstance(fields[("CtxOption1", "not")], AliasRef) and fields[("CtxOption1", "not")].name == "Ctx"
    assert fields[("Host", "items")] == ArrayType(ModelRef("Item")) == fields[("Item", "items")]
