"""`validate --ref-dir`, custom `$schema` dialects, `--annotate-formats` and `false` subschemas, on small
schemas written here (the whole JSON-Schema-Test-Suite is tests/test_json_schema_test_suite.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from schemasmith.cli.main import main
from schemasmith.conformance.check import Payload, run

INTEGER_REF = "https://schemas.example.test/lib/integer.json"


def write(path: Path, content: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--format", "json", *args], catch_exceptions=False)


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_remote_ref_is_refused_with_the_option_named_then_served_by_prefix_or_by_name(tmp_path: Path) -> None:
    write(tmp_path / "vendored" / "integer.json", {"type": "integer"})
    schema = write(tmp_path / "schema.json", {"properties": {"n": {"$ref": INTEGER_REF}}})
    data = write(tmp_path / "data.ndjson", '{"n": 1}\n{"n": "one"}\n')
    refused = validate("--schema", str(schema), str(data))
    assert refused.exit_code == 2
    assert "cannot resolve $ref" in refused.stderr and "--ref-dir" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    for ref_dir in (f"https://schemas.example.test/lib/={tmp_path / 'vendored'}", str(tmp_path / "vendored")):
        served = validate("--schema", str(schema), "--ref-dir", ref_dir, str(data))
        assert served.exit_code == 1, served.stderr
        assert [(r["line"], r["pointer"], r["keyword"]) for r in records(served)] == [(2, "/n", "type")]


def test_relative_files_and_the_ids_siblings_resolve_without_the_option(tmp_path: Path) -> None:
    write(tmp_path / "schemas" / "integer.json", {"type": "integer"})
    relative = write(tmp_path / "schemas" / "relative.json", {"items": {"$ref": "integer.json"}})
    by_id = write(tmp_path / "schemas" / "by_id.json",
                  {"$id": "https://schemas.example.test/lib/root.json", "items": {"$ref": INTEGER_REF}})
    data = write(tmp_path / "data.ndjson", '[1, 2]\n[1, "x"]\n')
    for schema in (relative, by_id):
        result = validate("--schema", str(schema), str(data))
        assert result.exit_code == 1, result.stderr
        assert [(r["line"], r["pointer"]) for r in records(result)] == [(2, "/1")]


def _metaschema(vocabularies: dict[str, bool], uri: str = "https://meta.example.test/no-validation.json") -> Any:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": uri,
        "$vocabulary": vocabularies,
        "$dynamicAnchor": "meta",
        "allOf": [{"$ref": "https://json-schema.org/draft/2020-12/meta/" + v.rsplit("/", 1)[1]}
                  for v in vocabularies if v.startswith("https://json-schema.org/")],
    }


CORE = "https://json-schema.org/draft/2020-12/vocab/core"
APPLICATOR = "https://json-schema.org/draft/2020-12/vocab/applicator"


def test_a_custom_dialect_applies_only_its_vocabularies(tmp_path: Path) -> None:
    write(tmp_path / "meta" / "no-validation.json", _metaschema({CORE: True, APPLICATOR: True}))
    schema = write(tmp_path / "schema.json", {
        "$schema": "https://meta.example.test/no-validation.json",
        "properties": {"bad": False, "n": {"minimum": 10}},
    })
    data = write(tmp_path / "data.ndjson", '{"n": 1}\n{"bad": 1}\n')
    missing = validate("--schema", str(schema), str(data))
    assert missing.exit_code == 2 and "unknown $schema dialect" in missing.stderr and "--ref-dir" in missing.stderr
    result = validate("--schema", str(schema), "--ref-dir", f"https://meta.example.test/={tmp_path / 'meta'}",
                      str(data))
    # minimum belongs to the validation vocabulary, which the dialect leaves out; properties applies.
    assert result.exit_code == 1, result.stderr
    assert [(r["line"], r["pointer"], r["keyword"]) for r in records(result)] == [(2, "/bad", "false")]


def test_a_custom_dialect_in_a_relative_file_checks_the_schema_against_its_metaschema(tmp_path: Path) -> None:
    write(tmp_path / "meta.json", _metaschema(
        {CORE: True, APPLICATOR: True, "https://json-schema.org/draft/2020-12/vocab/validation": True}))
    broken = write(tmp_path / "broken.json", {"$schema": "./meta.json", "minimum": "ten"})
    result = validate("--schema", str(broken), str(write(tmp_path / "d.ndjson", "1\n")))
    assert result.exit_code == 2
    assert "not a valid schema of dialect './meta.json'" in result.stderr and "#/minimum" in result.stderr


def test_a_required_unknown_vocabulary_is_refused_an_optional_one_ignored(tmp_path: Path) -> None:
    custom = "https://meta.example.test/vocab/custom"
    data = write(tmp_path / "d.ndjson", '"text"\n5\n')
    for required, exit_code in ((True, 2), (False, 1)):
        write(tmp_path / "meta.json", _metaschema(
            {CORE: True, "https://json-schema.org/draft/2020-12/vocab/validation": True, custom: required}))
        schema = write(tmp_path / "schema.json", {"$schema": "./meta.json", "type": "number"})
        result = validate("--schema", str(schema), str(data))
        assert result.exit_code == exit_code, result.stderr
        if required:
            assert f"requires the vocabulary {custom!r}" in result.stderr
        else:
            assert [r["line"] for r in records(result)] == [1]


def test_annotate_formats_makes_format_an_annotation_on_both_paths(tmp_path: Path) -> None:
    schema = write(tmp_path / "schema.json", {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}})
    data = write(tmp_path / "d.ndjson", '{"at": "yesterday"}\n')
    for extra in ((), ("--no-fast-path",)):
        assert validate("--schema", str(schema), *extra, str(data)).exit_code == 1
        assert validate("--schema", str(schema), "--annotate-formats", *extra, str(data)).exit_code == 0


def test_a_false_subschema_reports_its_pointer_and_the_keyword_false(tmp_path: Path) -> None:
    # (items: false has jsonschema's own message, "Expected at most 0 items", under "items")
    schema = write(tmp_path / "schema.json", {"properties": {"a": False}, "prefixItems": [False]})
    data = write(tmp_path / "d.ndjson", '{"a": 1}\n[1]\n')
    result = validate("--schema", str(schema), str(data))
    assert [(r["line"], r["pointer"], r["keyword"]) for r in records(result)] == [(1, "/a", "false"), (2, "/0", "false")]
    root = write(tmp_path / "false.json", "false")
    assert [(r["pointer"], r["keyword"]) for r in records(validate("--schema", str(root), str(data)))] == [
        ("", "false"), ("", "false")]


def test_conformance_serves_remote_refs_with_ref_dir(tmp_path: Path) -> None:
    write(tmp_path / "vendored" / "integer.json", {"type": "integer"})
    schema = write(tmp_path / "schema.json", {"type": "object", "title": "Reading",
                                              "properties": {"n": {"$ref": INTEGER_REF}}})
    payloads = [Payload("p.ndjson:1", b'{"n": 1}'), Payload("p.ndjson:2", b'{"n": "one"}')]
    report = run(schema, payloads, typescript=False, workdir=tmp_path / "work",
                 ref_dirs=[f"https://schemas.example.test/lib/={tmp_path / 'vendored'}"])
    assert report.exit_code == 0, [o for o in report.outcomes]


def test_a_custom_dialect_is_read_by_its_metaschemas_draft(tmp_path: Path) -> None:
    write(tmp_path / "meta7.json", {"$schema": "http://json-schema.org/draft-07/schema#",
                                    "$id": "https://meta.example.test/meta7.json",
                                    "allOf": [{"$ref": "http://json-schema.org/draft-07/schema#"}]})
    # Up to draft 7 the siblings of $ref are ignored: 1 is valid although "type" says string.
    schema = write(tmp_path / "schema.json", {"$schema": "./meta7.json", "$ref": "#/definitions/n",
                                              "definitions": {"n": {"type": "integer"}}, "type": "string"})
    result = validate("--schema", str(schema), str(write(tmp_path / "d.ndjson", '1\n"x"\n')))
    assert result.exit_code == 1, result.stderr
    assert [(r["line"], r["keyword"]) for r in records(result)] == [(2, "type")]
