"""Name clashes resolved by fixed rules, and names given by JSON Pointer (``--names``): doc/naming.md.

Unit tests of each rule of ``assign_unique`` and of the model names, then the names table read
from a file or a mapping, through the IR builder and the CLI (one line, exit 2, for every bad table)."""

from __future__ import annotations

import json
import keyword
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemasmith.errors import SchemaSmithError
from schemasmith.ir.builder import build_ir
from schemasmith.ir.name_overrides import NameOverrides, names_from_mapping, read_names_file
from schemasmith.source.load import load_schema
from schemasmith.targets import naming


def _pairs(*wire_names: str) -> list[tuple[str, str]]:
    return [(wire, f"/properties/{wire}") for wire in wire_names]


# --- the rules --------------------------------------------------------------------------------


@pytest.mark.parametrize("order", [("@type", "type"), ("type", "@type")])
def test_a_wire_name_that_is_the_identifier_keeps_it_whatever_the_order(order: tuple[str, str]) -> None:
    names = dict(zip(order, naming.assign_unique(_pairs(*order), "python")))
    assert names == {"type": "type", "@type": "at_type"}
    names = dict(zip(order, naming.assign_unique(_pairs(*order), "typescript")))
    assert names == {"type": "type", "@type": "atType"}


@pytest.mark.parametrize("order", [("SchemaVersion", "schemaVersion"), ("schemaVersion", "SchemaVersion")])
def test_typescript_uses_the_wire_name_itself_when_the_camel_case_name_is_taken(order: tuple[str, str]) -> None:
    names = dict(zip(order, naming.assign_unique(_pairs(*order), "typescript")))
    assert names == {"schemaVersion": "schemaVersion", "SchemaVersion": "SchemaVersion"}


@pytest.mark.parametrize("order", [("_2fa", "2fa"), ("2fa", "_2fa"), ("-1", "1"), ("1", "-1")])
def test_a_plain_name_that_is_the_only_spelling_a_wire_name_has_is_kept_for_it(order: tuple[str, str]) -> None:
    # In Python `2fa` is `field_2fa` however it is spelled; `_2fa` has `field__x5f_2fa` to fall back on.
    names = dict(zip(order, naming.assign_unique(_pairs(*order), "python")))
    assert names in ({"2fa": "field_2fa", "_2fa": "field__x5f_2fa"}, {"1": "field_1", "-1": "field__x2d_1"})


@pytest.mark.parametrize("order", [("SchemaVersion", "schemaVersion"), ("schemaVersion", "SchemaVersion")])
def test_neither_idiomatic_the_one_with_no_fallback_of_its_own_keeps_the_plain_name(order: tuple[str, str]) -> None:
    # In Python neither is snake_case; `schemaVersion` is usable as it is, `SchemaVersion` is not
    # (upper-case first): `SchemaVersion` takes schema_version, whatever the order.
    names = dict(zip(order, naming.assign_unique(_pairs(*order), "python")))
    assert names == {"SchemaVersion": "schema_version", "schemaVersion": "schemaVersion"}


@pytest.mark.parametrize("order", [("minTokens", "min-tokens"), ("min-tokens", "minTokens")])
def test_min_tokens_beside_min_dash_tokens(order: tuple[str, str]) -> None:
    python = dict(zip(order, naming.assign_unique(_pairs(*order), "python")))
    assert python == {"min-tokens": "min_tokens", "minTokens": "minTokens"}
    typescript = dict(zip(order, naming.assign_unique(_pairs(*order), "typescript")))
    assert typescript == {"minTokens": "minTokens", "min-tokens": "min_x2d_tokens"}


def test_two_unusable_wire_names_the_first_by_code_points_keeps_the_plain_name() -> None:
    for order in (("FOO", "Foo"), ("Foo", "FOO")):
        assert dict(zip(order, naming.assign_unique(_pairs(*order), "python"))) == {"FOO": "foo", "Foo": "field_Foo"}


@pytest.mark.parametrize(
    ("wire_names", "python", "typescript"),
    [
        (["$id", "id"], ["dollar_id", "id"], ["$id", "id"]),  # "$id" is a TypeScript identifier as it is
        (["#hash", "hash"], ["hash_hash", "hash"], ["hashHash", "hash"]),
        (["a b", "a+b"], ["a_b", "a_plus_b"], ["aB", "aPlusB"]),
        (["@context", "context", "@type", "type", "@id", "id"],
         ["at_context", "context", "at_type", "type", "at_id", "id"],
         ["atContext", "context", "atType", "type", "atId", "id"]),
    ],
)
def test_sigils_are_spelled_as_words_when_the_plain_name_is_taken(
    wire_names: list[str], python: list[str], typescript: list[str]
) -> None:
    assert naming.assign_unique(_pairs(*wire_names), "python") == python
    assert naming.assign_unique(_pairs(*wire_names), "typescript") == typescript


def test_a_sigil_alone_keeps_its_plain_name() -> None:
    # Only a clash calls for a fallback: `@type` with no `type` beside it is `type`.
    assert naming.assign_unique(_pairs("@type", "$id"), "python") == ["type", "id"]


def test_a_fallback_never_takes_a_later_propertys_plain_name() -> None:
    # "@type" would fall back to at_type, but that is "at-type"'s plain name: it is spelled out instead.
    items = _pairs("type", "@type", "at-type")
    assert naming.assign_unique(items, "python") == ["type", "field__x40_type", "at_type"]
    assert naming.assign_unique(items, "typescript") == ["type", "field__x40_type", "atType"]


def test_the_same_bytes_every_run() -> None:
    items = _pairs("@type", "type", "SchemaVersion", "schemaVersion", "a-b", "a_b", "aB")
    for policy in ("python", "typescript"):
        runs = {tuple(naming.assign_unique(items, policy)) for _ in range(3)}
        assert len(runs) == 1 and len(next(iter(runs))) == len(set(next(iter(runs))))


def test_refused_only_when_no_rule_separates_them_naming_both_pointers_and_the_override() -> None:
    # "a-b" loses its plain name to "a_b" (idiomatic) and its spelled-out name to "a_x2d_b" (idiomatic).
    items = [("a-b", "/p/a-b"), ("a_x2d_b", "/p/a_x2d_b"), ("a_b", "/p/a_b")]
    with pytest.raises(SchemaSmithError) as caught:
        naming.assign_unique(items, "python")
    message = str(caught.value)
    assert "#/p/a_b and #/p/a-b both become the python name 'a_b'" in message
    assert '--names' in message and '{"/p/a-b": {"python": "..."}}' in message
    assert "\n" not in message
    # ...and the override it names resolves it.
    assert naming.assign_unique(items, "python", overrides={"/p/a-b": "a_dash_b"}) == ["a_dash_b", "a_x2d_b", "a_b"]


# --- overrides in assign_unique -----------------------------------------------------------------


def test_an_override_is_taken_as_given_and_the_rest_fit_around_it() -> None:
    items = _pairs("@type", "type")
    assert naming.assign_unique(items, "python", overrides={"/properties/@type": "kind"}) == ["kind", "type"]
    # Given the plain name another property would take, that property falls back instead.
    assert naming.assign_unique(items, "python", overrides={"/properties/@type": "at"}) == ["at", "type"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"/properties/@type": "type"}, "names.json at #/properties/@type: the python name 'type' is the property "
                                         "#/properties/type's own name; give another"),
        ({"/properties/@type": "x", "/properties/type": "x"}, "names.json at #/properties/type: the python name 'x' "
                                                             "is given to #/properties/@type too"),
        ({"/properties/@type": "class"}, "names.json at #/properties/@type: 'class' is not a usable python name"),
        ({"/properties/@type": "Kind"}, "names.json at #/properties/@type: 'Kind' is not a usable python name"),
        ({"/properties/@type": "to_dict"}, "names.json at #/properties/@type: 'to_dict' is not a usable python name"),
    ],
)
def test_an_override_that_clashes_or_is_unusable_is_refused(overrides: dict[str, str], expected: str) -> None:
    with pytest.raises(SchemaSmithError) as caught:
        naming.assign_unique(_pairs("@type", "type"), "python", overrides=overrides, source="names.json")
    assert str(caught.value).startswith(expected), caught.value


def test_typescript_overrides_follow_typescript_rules() -> None:
    items = _pairs("@type", "type")
    assert naming.assign_unique(items, "typescript", overrides={"/properties/@type": "$type"}) == ["$type", "type"]
    with pytest.raises(SchemaSmithError, match="not a usable typescript name"):
        naming.assign_unique(items, "typescript", overrides={"/properties/@type": "constructor"})


# --- the names table --------------------------------------------------------------------------


def _schema(tmp_path: Path, document: dict[str, Any], name: str = "thing.schema.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


JSON_LD = {
    "title": "Thing",
    "type": "object",
    "properties": {
        "@type": {"type": "string"},
        "type": {"type": "string"},
        "owner": {"$ref": "#/$defs/Person"},
        "item": {"type": "object", "properties": {"sku": {"type": "string"}}},
    },
    "$defs": {"Person": {"type": "object", "properties": {"name": {"type": "string"}}}},
}


def _ir(tmp_path: Path, table: dict[str, Any], document: dict[str, Any] | None = None) -> Any:
    loaded = load_schema(_schema(tmp_path, document or JSON_LD))
    return build_ir(loaded, names=names_from_mapping(table, "names.json"))


def test_the_table_names_models_and_fields_in_every_target(tmp_path: Path) -> None:
    schema_ir = _ir(tmp_path, {
        "/properties/@type": {"python": "kind", "typescript": "kind"},
        "/$defs/Person": {"model": "Owner"},
        "/properties/item": {"model": "Article", "python": "article"},
        "": {"model": "Entity"},
    })
    assert [m.name for m in schema_ir.models] == ["Entity", "Owner", "Article"]
    root = schema_ir.models[0]
    assert [(f.wire_name, f.name_in("python"), f.name_in("typescript")) for f in root.fields] == [
        ("@type", "kind", "kind"), ("type", "type", "type"), ("owner", "owner", "owner"), ("item", "article", "item"),
    ]
    assert schema_ir.root_name == "Entity"


def test_a_given_model_name_is_set_aside_before_any_model_is_named(tmp_path: Path) -> None:
    # The root would be "Thing"; the table gives that name to the Person model, so the root takes
    # the next candidate (its file is named "thing" too: then the name spelled from its pointer).
    schema_ir = _ir(tmp_path, {"/$defs/Person": {"model": "Thing"}})
    assert [m.name for m in schema_ir.models] == ["Model", "Thing", "ModelItem"]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"/properties/nope": {"python": "x"}}, "names.json at #/properties/nope: no property of a model is at this pointer"),
        ({"/$defs/Nope": {"model": "X"}}, "names.json at #/$defs/Nope: no model is built at this pointer"),
        ({"/properties/owner": {"model": "X"}}, "names.json at #/properties/owner: no model is built at this pointer "
                                                "(the property's type is the model at #/$defs/Person"),
        ({"/$defs/Person": {"model": "Any"}}, "names.json at #/$defs/Person: the model name 'Any' is one the python "
                                               "target cannot use"),
        ({"/$defs/Person": {"model": "Index"}}, "names.json at #/$defs/Person: the model name 'Index' is one the docs "
                                                 "target cannot use"),
        ({"/$defs/Person": {"model": "Same"}, "/properties/item": {"model": "Same"}},
         "names.json at #/properties/item: the model name 'Same' clashes with the one given to #/$defs/Person"),
        ({"/$defs/Person": {"model": "Item"}, "/properties/item": {"model": "ItemWire"}},
         "names.json at #/properties/item: the model name 'ItemWire' clashes with the one given to #/$defs/Person"),
        ({"/$defs/Person": {"model": "lower"}}, "names.json at #/$defs/Person: 'lower' is not a usable model name"),
        ({"/$defs/Person": {"model": "Bad-Name"}}, "names.json at #/$defs/Person: 'Bad-Name' is not a usable model name"),
        ({"/$defs/Person": {"rust": "x"}}, "names.json at #/$defs/Person: unknown key 'rust' in a names entry; "
                                            "expected one of: model, python, typescript"),
        ({"/$defs/Person": {"model": 3}}, "names.json at #/$defs/Person: the model name must be a non-empty string"),
        ({"/$defs/Person": "Owner"}, "names.json at #/$defs/Person: an entry must be a table"),
        ({"properties/x": {"python": "x"}}, "names.json: 'properties/x' is not a JSON Pointer"),
        ({"/properties/@type": {"python": "type"}}, "names.json at #/properties/@type: the python name 'type' is the "
                                                     "property #/properties/type's own name"),
        ({"/properties/@type": {"typescript": "9lives"}}, "names.json at #/properties/@type: '9lives' is not a usable "
                                                           "typescript name"),
    ],
)
def test_a_bad_table_is_one_line_naming_the_file_and_pointer(tmp_path: Path, table: dict[str, Any], expected: str) -> None:
    with pytest.raises(SchemaSmithError) as caught:
        _ir(tmp_path, table)
    assert str(caught.value).startswith(expected), caught.value
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_the_fragment_form_of_a_pointer_is_accepted() -> None:
    overrides = names_from_mapping({"#/properties/a": {"python": "b"}, "#": {"model": "Root"}}, "t")
    assert overrides.fields("python") == {"/properties/a": "b"} and overrides.model("") == "Root"


def test_pointers_in_another_document_are_not_the_root_documents(tmp_path: Path) -> None:
    # The same pointer in a $ref'd file is not the root's: the table names the root's only.
    _schema(tmp_path, {"type": "object", "properties": {"@type": {"type": "string"}, "type": {"type": "string"}}},
            "other.json")
    document = {"title": "Root", "type": "object", "properties": {"other": {"$ref": "other.json"}, "x": {"type": "string"}}}
    loaded = load_schema(_schema(tmp_path, document))
    schema_ir = build_ir(loaded, names=names_from_mapping({"/properties/x": {"python": "renamed"}}, "t"))
    other = next(m for m in schema_ir.models if m.name != "Root")
    assert [f.name_in("python") for f in other.fields] == ["at_type", "type"]
    assert [f.name_in("python") for f in schema_ir.models[0].fields] == ["other", "renamed"]


# --- files and the CLI ------------------------------------------------------------------------


def test_json_and_toml_files_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "names.json").write_text('{"/properties/@type": {"python": "at"}, "/$defs/Foo": {"model": "Bar"}}')
    (tmp_path / "names.toml").write_text('["/properties/@type"]\npython = "at"\n["/$defs/Foo"]\nmodel = "Bar"\n')
    from_json, from_toml = read_names_file(tmp_path / "names.json"), read_names_file(tmp_path / "names.toml")
    assert from_json.entries == from_toml.entries == {"/properties/@type": {"python": "at"}, "/$defs/Foo": {"model": "Bar"}}
    assert isinstance(from_json, NameOverrides) and from_json.source == str(tmp_path / "names.json")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_generate_with_a_names_file(tmp_path: Path) -> None:
    _schema(tmp_path, JSON_LD)
    (tmp_path / "names.toml").write_text(
        '["/properties/@type"]\npython = "kind"\ntypescript = "kind"\n["/$defs/Person"]\nmodel = "Owner"\n'
    )
    result = _cli("generate", "thing.schema.json", "--names", "names.toml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    python = (tmp_path / "out" / "python" / "thing.py").read_text("utf-8")
    typescript = (tmp_path / "out" / "typescript" / "thing.ts").read_text("utf-8")
    assert "    kind: str | Unset = UNSET" in python and "class Owner:" in python
    assert "  kind?: string | undefined;" in typescript and "export type Owner = {" in typescript
    assert "class Person" not in python
    # --check with the same table is clean; without it, the names differ.
    assert _cli("generate", "thing.schema.json", "--names", "names.toml", "--out", "out", "--check", cwd=tmp_path).returncode == 0
    assert _cli("generate", "thing.schema.json", "--out", "out", "--check", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("file_name", "text", "expected"),
    [
        ("names.json", '{"/properties/nope": {"python": "x"}}',
         "schemasmith: error: names.json at #/properties/nope: no property of a model is at this pointer"),
        ("names.json", '{"/properties/@type": {"python": "type"}}',
         "schemasmith: error: names.json at #/properties/@type: the python name 'type' is the property "
         "#/properties/type's own name; give another"),
        ("names.json", '{"/properties/@type": {"python": "not valid"}}',
         "schemasmith: error: names.json at #/properties/@type: 'not valid' is not a usable python name"),
        ("names.json", '{"/$defs/Person": {"model": "Thing"}, "": {"model": "Thing"}}',
         "schemasmith: error: names.json at #: the model name 'Thing' clashes with the one given to #/$defs/Person"),
        ("names.json", '{"/properties/@type": {"python": "x"',
         "schemasmith: error: names.json:1:37: not a valid JSON names table"),
        ("names.toml", '["/properties/@type"\npython = "x"\n', "schemasmith: error: names.toml: not a valid TOML names table"),
        ("names.toml", '"/properties/@type" = "x"\n', "schemasmith: error: names.toml at #/properties/@type: an entry must be a table"),
        ("missing.json", None, "schemasmith: error: missing.json: cannot read the names table: FileNotFoundError"),
    ],
)
def test_cli_refuses_a_bad_names_file_in_one_line_exit_2(
    tmp_path: Path, file_name: str, text: str | None, expected: str
) -> None:
    _schema(tmp_path, JSON_LD)
    if text is not None:
        (tmp_path / file_name).write_text(text, "utf-8")
    result = _cli("generate", "thing.schema.json", "--names", file_name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_conformance_takes_the_names_file(tmp_path: Path) -> None:
    _schema(tmp_path, JSON_LD)
    (tmp_path / "names.json").write_text('{"/$defs/Person": {"model": "Owner"}, "/properties/@type": {"python": "kind"}}')
    (tmp_path / "payloads.ndjson").write_text('{"@type": "T", "type": "t", "owner": {"name": "A"}}\n{"@type": 1}\n')
    result = _cli("conformance", "payloads.ndjson", "--schema", "thing.schema.json", "--names", "names.json",
                  "--require-typescript", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "judged by reference, cli, python, typescript: 2 agree, 0 disagree; 1 valid" in result.stderr, result.stderr
    bad = _cli("conformance", "payloads.ndjson", "--schema", "thing.schema.json", "--names", "missing.json", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("schemasmith: error: missing.json: cannot read"), bad.stderr


def test_pyproject_names_table_and_names_replacing_it(tmp_path: Path) -> None:
    _schema(tmp_path, JSON_LD)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemasmith.names."/properties/@type"]\npython = "kind"\n'
        '[tool.schemasmith.names."/$defs/Person"]\nmodel = "Owner"\n'
    )
    assert _cli("generate", "thing.schema.json", "--out", "out", "--target", "python", cwd=tmp_path).returncode == 0
    python = (tmp_path / "out" / "python" / "thing.py").read_text("utf-8")
    assert "    kind: str | Unset = UNSET" in python and "class Owner:" in python
    # --names replaces the table: only its names apply.
    (tmp_path / "names.json").write_text('{"/properties/@type": {"python": "sort"}}')
    result = _cli("generate", "thing.schema.json", "--names", "names.json", "--out", "out2", "--target", "python", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    python = (tmp_path / "out2" / "python" / "thing.py").read_text("utf-8")
    assert "    sort: str | Unset = UNSET" in python and "class Person:" in python
    # A bad entry there is one line naming pyproject.toml's table.
    (tmp_path / "pyproject.toml").write_text('[tool.schemasmith.names."/properties/nope"]\npython = "x"\n')
    bad = _cli("generate", "thing.schema.json", "--out", "out3", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr == (
        "schemasmith: error: pyproject.toml [tool.schemasmith.names] at #/properties/nope: "
        "no property of a model is at this pointer (a field name is keyed by the property's own pointer, "
        'as in "/properties/name")\n'
    ), bad.stderr


def test_the_constructs_clash_payloads_agree_across_every_judge(tmp_path: Path) -> None:
    """The constructs schema's JSON-LD-style model (tests/cases/constructs_payloads.json, "clashing
    names" cases): the reference, `validate`, the generated Python and TypeScript give one verdict
    per payload and write each valid one back as they read it."""
    repo = Path(__file__).parent
    cases = json.loads((repo / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"]
    clashing = [c for c in cases if c["name"].startswith("clashing names")]
    assert len(clashing) == 5
    (tmp_path / "linked.ndjson").write_text("".join(c["json"] + "\n" for c in clashing), "utf-8")
    result = _cli("conformance", "linked.ndjson", "--schema", str(repo / "schemas" / "constructs.schema.json"),
                  "--require-typescript", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    valid = sum(1 for c in clashing if c["valid"])
    assert (f"5 payload(s), judged by reference, cli, python, typescript: 5 agree, 0 disagree; {valid} valid, "
            "0 round-trip failure(s)") in result.stderr, result.stderr


def test_openapi_components_are_keyed_by_their_pointers(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Thing": {"type": "object", "properties": {"@type": {"type": "string"}, "type": {"type": "string"}}},
            "Status": {"enum": ["a", "b"]},
        }},
    }
    loaded = load_schema(_schema(tmp_path, document, "api.json"))
    schema_ir = build_ir(loaded, names=names_from_mapping({
        "/components/schemas/Thing": {"model": "Entity"},
        "/components/schemas/Thing/properties/@type": {"python": "kind", "typescript": "kind"},
        "/components/schemas/Status": {"model": "State"},
    }, "names.json"))
    assert [m.name for m in schema_ir.models] == ["Entity"] and [a.name for a in schema_ir.aliases] == ["State"]
    assert [(f.name_in("python"), f.name_in("typescript")) for f in schema_ir.models[0].fields] == [
        ("kind", "kind"), ("type", "type"),
    ]


def test_diff_reads_the_names_table_for_the_generated_code_findings(tmp_path: Path) -> None:
    # Adding `type` beside `@type` moves `@type` off the name `type` (FIELD_RENAMED), unless the
    # names table pins it; a pointer need only be in one version; one in neither is refused.
    (tmp_path / "v1.json").write_text('{"title": "T", "type": "object", "properties": {"@type": {"type": "string"}}}')
    (tmp_path / "v2.json").write_text(
        '{"title": "T", "type": "object", "properties": {"@type": {"type": "string"}, "type": {"type": "string"}}}'
    )
    plain = _cli("diff", "v1.json", "v2.json", "--strict", cwd=tmp_path)
    assert "FIELD_RENAMED" in plain.stdout and "T.type (TS type) is now at_type (TS atType)" in plain.stdout, plain.stdout
    (tmp_path / "names.json").write_text(
        '{"/properties/@type": {"python": "kind", "typescript": "kind"}, "/properties/type": {"python": "type_"}}'
    )
    pinned = _cli("diff", "v1.json", "v2.json", "--strict", "--names", "names.json", cwd=tmp_path)
    assert pinned.returncode == 1 and "FIELD_RENAMED" not in pinned.stdout, pinned.stdout + pinned.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.schemasmith.names."/properties/@type"]\npython = "kind"\ntypescript = "kind"\n')
    configured = _cli("diff", "v1.json", "v2.json", "--strict", cwd=tmp_path)
    assert "FIELD_RENAMED" not in configured.stdout, configured.stdout
    # The configuration may also name a names file, as generate reads it.
    (tmp_path / "pyproject.toml").write_text('[tool.schemasmith]\nnames = "names.json"\n')
    from_file = _cli("diff", "v1.json", "v2.json", "--strict", cwd=tmp_path)
    assert from_file.returncode == 1 and "FIELD_RENAMED" not in from_file.stdout, from_file.stdout + from_file.stderr
    (tmp_path / "bad.json").write_text('{"/properties/nope": {"python": "x"}}')
    bad = _cli("diff", "v1.json", "v2.json", "--names", "bad.json", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith(
        "schemasmith: error: bad.json at #/properties/nope: no property of a model is at this pointer"
    ) and bad.stderr.count("\n") == 1, bad.stderr


def test_a_model_name_clash_no_rule_separates_names_the_override_that_does(tmp_path: Path) -> None:
    # The last model's candidates, AB (its $defs key), RootAB (its position) and DefsAB (spelled
    # from its pointer), are each the name of a model before it.
    obj = {"type": "object", "properties": {"x": {"type": "string"}}}
    defs = {key: {**obj, "description": key} for key in ("a b", "Root AB", "Defs AB", "a_b")}
    document = {"title": "Root", "type": "object", "$defs": defs,
                "properties": {"w": {"$ref": "#/$defs/a b"}, "x": {"$ref": "#/$defs/Root AB"},
                               "y": {"$ref": "#/$defs/Defs AB"}, "a_b": {"$ref": "#/$defs/a_b"}}}
    loaded = load_schema(_schema(tmp_path, document))
    with pytest.raises(SchemaSmithError) as caught:
        build_ir(loaded)
    message = str(caught.value)
    assert "models at #/$defs/Defs AB and #/$defs/a_b both end up named 'DefsAB'" in message, message
    assert message.endswith('(--names), e.g. {"/$defs/a_b": {"model": "..."}}'), message
    schema_ir = build_ir(loaded, names=names_from_mapping({"/$defs/a_b": {"model": "Other"}}, "names.json"))
    assert [m.name for m in schema_ir.models] == ["Root", "AB", "RootAB", "DefsAB", "Other"]


# --- any set of wire names ------------------------------------------------------------------------

_WIRE_NAMES = st.lists(
    st.text(alphabet="aAbBxd25f_-@$# 1é", min_size=0, max_size=6), min_size=1, max_size=8, unique=True
)


def _usable(name: str, policy: str) -> bool:
    if policy == "python":
        from schemasmith.targets.python.naming import PYTHON_RESERVED

        return name.isascii() and name.isidentifier() and not keyword.iskeyword(name) and name not in PYTHON_RESERVED
    from schemasmith.targets.typescript.naming import TYPESCRIPT_RESERVED_PROPERTIES

    return re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) is not None and name not in TYPESCRIPT_RESERVED_PROPERTIES


@given(_WIRE_NAMES, st.sampled_from(["python", "typescript"]))  # order: see the reversal below
@settings(max_examples=400, deadline=None)
def test_any_wire_names_get_distinct_usable_names_or_a_refusal_the_override_it_names_resolves(
    wire_names: list[str], policy: str
) -> None:
    items = [(wire, "/properties/" + wire.replace("~", "~0").replace("/", "~1")) for wire in wire_names]
    overrides: dict[str, str] = {}
    for attempt in range(len(items) + 1):
        try:
            names = naming.assign_unique(items, policy, overrides=overrides)
        except SchemaSmithError as error:
            # Refused: the message names the entry to give; giving it moves the refusal on or ends it.
            assert error.pointer is not None and error.pointer not in overrides and "--names" in str(error)
            overrides[error.pointer] = f"given{attempt}"
            continue
        assert len(set(names)) == len(names)
        assert all(_usable(name, policy) for name in names), names
        policy_object = naming._policy(policy)
        for (wire, pointer), name in zip(items, names):
            if pointer in overrides:
                assert name == overrides[pointer]
            elif policy_object.identifier(wire) == wire:
                assert name == wire  # a wire name that is the identifier keeps it
        assert naming.assign_unique(items, policy, overrides=overrides) == names  # the same every time
        # ...and whatever the property order.
        assert naming.assign_unique(items[::-1], policy, overrides=overrides) == names[::-1]
        return
    raise AssertionError(f"still refused after {len(items)} overrides: {overrides}")


def test_the_site_changelog_names_the_code_as_the_table_does(tmp_path: Path) -> None:
    # The changelog's generated-code findings use the run's names table; an entry for a property
    # an old version lacks (here /properties/type, new in v2) is no error there.
    from schemasmith.diff.history import Version, releases
    from schemasmith.source.refs import RefDirs

    (tmp_path / "v1.json").write_text('{"title": "T", "type": "object", "properties": {"@type": {"type": "string"}}}')
    current = tmp_path / "v2.json"
    current.write_text(
        '{"title": "T", "type": "object", "properties": {"@type": {"type": "string"}, "type": {"type": "string"}}}'
    )
    history = [Version("1.0", str(tmp_path / "v1.json"))]

    def rules(names: NameOverrides | None) -> list[str]:
        found = releases(history, current, "2.0", RefDirs(), names)
        return [finding.rule for release in found for finding in release.findings]

    assert "FIELD_RENAMED" in rules(None)
    table = names_from_mapping({"/properties/@type": {"python": "kind", "typescript": "kind"},
                                "/properties/type": {"python": "type_"}}, "names.json")
    assert "FIELD_RENAMED" not in rules(table) and "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in rules(table)
