"""`$schema` as real files spell it: every spelling of a known draft (http or https, with the empty
fragment or without) is read as that draft by `generate` and `validate`, the retired "latest" URI
is read as draft 7 with a one-line warning, and only what no draft defines is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemasmith.cli.main import main

# A tuple in the drafts' array form: read as 2020-12 it is no valid schema, so generating or
# validating with it proves the spelling was read as the draft it names.
TUPLE_OLD = {"type": "array", "items": [{"type": "integer"}, {"type": "string"}], "additionalItems": False}
TUPLE_2020 = {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": False}

SPELLINGS = [
    ("http://json-schema.org/draft/2019-09/schema#", TUPLE_OLD),
    ("http://json-schema.org/draft/2019-09/schema", TUPLE_OLD),
    ("https://json-schema.org/draft/2019-09/schema#", TUPLE_OLD),
    ("http://json-schema.org/draft/2020-12/schema#", TUPLE_2020),
    ("http://json-schema.org/draft/2020-12/schema", TUPLE_2020),
    ("https://json-schema.org/draft-07/schema", TUPLE_OLD),
    ("https://json-schema.org/draft-07/schema#", TUPLE_OLD),
    ("https://json-schema.org/draft-06/schema#", TUPLE_OLD),
    ("https://json-schema.org/draft-04/schema", TUPLE_OLD),
    ("http://json-schema.org/draft-07/schema", TUPLE_OLD),
    ("http://json-schema.org/schema#", TUPLE_OLD),
    ("https://json-schema.org/schema", TUPLE_OLD),
]
LATEST = {"http://json-schema.org/schema#", "https://json-schema.org/schema"}


def write_schema(folder: Path, dialect: str, pair: dict[str, object]) -> Path:
    schema = {
        "$schema": dialect,
        "title": "Spelled",
        "type": "object",
        "properties": {"pair": pair, "name": {"type": "string"}},
        "required": ["pair"],
    }
    path = folder / "spelled.schema.json"
    path.write_text(json.dumps(schema), "utf-8")
    return path


@pytest.mark.parametrize("dialect, pair", SPELLINGS)
def test_generate_reads_the_spelled_draft(tmp_path: Path, dialect: str, pair: dict[str, object]) -> None:
    schema = write_schema(tmp_path, dialect, pair)
    result = CliRunner().invoke(main, ["generate", str(schema), "--out", str(tmp_path / "out"), "--target", "python"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "python" / "spelled.py").is_file()
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    if dialect in LATEST:
        assert warnings == [f"{schema}: warning: $schema {dialect!r} (the retired \"latest\" URI) is read as "
                            "'http://json-schema.org/draft-07/schema#'"]
    else:
        assert warnings == []


@pytest.mark.parametrize("dialect, pair", SPELLINGS)
def test_validate_reads_the_spelled_draft(tmp_path: Path, dialect: str, pair: dict[str, object]) -> None:
    schema = write_schema(tmp_path, dialect, pair)
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps({"pair": [1, "a"]}), "utf-8")
    bad.write_text(json.dumps({"pair": [1, "a", 3]}), "utf-8")  # the tuple admits no third item
    ok = CliRunner().invoke(main, ["validate", "--schema", str(schema), str(good)])
    assert ok.exit_code == 0, ok.output
    refused = CliRunner().invoke(main, ["validate", "--schema", str(schema), str(bad)])
    assert refused.exit_code == 1, refused.output
    assert "/pair" in refused.stdout


@pytest.mark.parametrize("dialect", [
    "https://example.com/my-dialect",
    "http://json-schema.org/draft-05/schema#",
    "https://json-schema.org/draft/2021-01/schema",
    "http://json-schema.org/draft-07/schema#x",
])
def test_what_no_draft_defines_is_refused(tmp_path: Path, dialect: str) -> None:
    schema = write_schema(tmp_path, dialect, TUPLE_2020)
    for args in (["generate", str(schema), "--out", str(tmp_path / "out")],
                 ["validate", "--schema", str(schema), str(schema)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"unknown $schema dialect {dialect!r}" in lines[0] and "/$schema" in lines[0]


# Without $schema: draft 07 idioms 2020-12 refuses (a tuple array in `items`, `$id: "#name"` as an
# anchor), with `definitions` and `dependencies` beside them.
UNDECLARED_DRAFT7 = {
    "title": "Person",
    "type": "object",
    "definitions": {
        "address": {"$id": "#address", "type": "object", "properties": {"street": {"type": "string"}},
                    "required": ["street"]},
    },
    "properties": {
        "home": {"$ref": "#address"},
        "pair": {"type": "array", "items": [{"type": "integer"}, {"type": "string"}], "additionalItems": False},
        "name": {"type": "string"},
    },
    "dependencies": {"name": ["home"]},
    "required": ["pair"],
}
NOTE = "note: no $schema, and not a valid 2020-12 schema but a valid draft 07 one: read as draft 07"


def test_undeclared_draft7_idioms_generate(tmp_path: Path) -> None:
    schema = tmp_path / "person.schema.json"
    schema.write_text(json.dumps(UNDECLARED_DRAFT7), "utf-8")
    result = CliRunner().invoke(main, ["generate", str(schema), "--out", str(tmp_path / "out"), "--target", "python"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"{schema}: {NOTE}"
    module = (tmp_path / "out" / "python" / "person.py").read_text("utf-8")
    assert "    pair: list[Any]\n" in module and "    home: " in module


@pytest.mark.parametrize("document, errors", [
    ({"pair": [1, "a"], "home": {"street": "x"}, "name": "n"}, []),
    ({"pair": [1, "a", 2]}, ["/pair"]),  # additionalItems: false
    ({"pair": [1, "a"], "name": "n"}, [""]),  # dependencies: name needs home
    ({"pair": [1, "a"], "home": {}}, ["/home"]),  # the anchor's schema applies
])
def test_undeclared_draft7_idioms_validate(tmp_path: Path, document: dict[str, object], errors: list[str]) -> None:
    schema = tmp_path / "person.schema.json"
    schema.write_text(json.dumps(UNDECLARED_DRAFT7), "utf-8")
    target = tmp_path / "doc.json"
    target.write_text(json.dumps(document), "utf-8")
    result = CliRunner().invoke(main, ["validate", "--schema", str(schema), "--format", "json", str(target)])
    assert result.exit_code == (1 if errors else 0), result.output
    found = [json.loads(line)["pointer"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert found == errors
    assert NOTE in result.stderr


def test_undeclared_2020_12_is_read_as_2020_12_without_a_note(tmp_path: Path) -> None:
    schema = write_schema(tmp_path, "", TUPLE_2020)
    document = json.loads(schema.read_text("utf-8"))
    del document["$schema"]
    schema.write_text(json.dumps(document), "utf-8")
    result = CliRunner().invoke(main, ["generate", str(schema), "--out", str(tmp_path / "out"), "--target", "python"])
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr


def test_undeclared_and_valid_in_no_draft_is_refused_as_2020_12(tmp_path: Path) -> None:
    schema = tmp_path / "broken.schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"a": {"type": "strin"}}}), "utf-8")
    result = CliRunner().invoke(main, ["generate", str(schema), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a valid schema" in lines[0] and "note:" not in lines[0]
