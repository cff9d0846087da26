"""YAML and TOML documents: errors on the document's own line, one document per ---, the JSON
document policy's refusals (duplicate keys, NaN, numbers beyond a double, tags with no JSON value),
YAML bombs refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import SCHEMA
from schemasmith import Validator
from schemasmith.cli.main import main
from schemasmith.validate.structured import ALIAS_EXPANSION_LIMIT, parse

pytest.importorskip("yaml")

OBJECT_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "port": {"type": "integer", "maximum": 65535},
        "when": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "server": {"type": "object", "properties": {"port": {"type": "integer"}}},
        "on": {"type": "string"},
    },
}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def rows(result: Result) -> list[tuple[Any, ...]]:
    return [(Path(r["file"]).name, r["line"], r["pointer"], r["keyword"]) for r in map(json.loads, result.stdout.splitlines())]


@pytest.fixture
def schema(tmp_path: Path) -> str:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(OBJECT_SCHEMA))
    return str(path)


def values(text: str, syntax: str = "yaml") -> list[Any]:
    out = []
    for parsed in parse(text.encode(), syntax):
        out.append(parsed.error and str(parsed.error) or parsed.value)
    return out


def test_yaml_errors_are_on_the_documents_own_lines_one_document_per_separator(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "# first\n"
        "name: web\n"
        "port: 70000\n"          # 3
        "tags:\n"
        "  - a\n"
        "  - 7\n"                # 6
        "---\n"
        "name: 5\n"              # 8
        "server:\n"
        "  port: eighty\n"       # 10
        "---\n"
        "when: 2026-13-01T00:00:00Z\n"  # 12: a timestamp stays its text, and is not a date-time
    )
    result = cli("--schema", schema, "--format", "json", str(path))
    assert result.exit_code == 1
    assert rows(result) == [
        ("config.yaml", 3, "/port", "maximum"),
        ("config.yaml", 6, "/tags/1", "type"),
        ("config.yaml", 8, "/name", "type"),
        ("config.yaml", 10, "/server/port", "type"),
        ("config.yaml", 12, "/when", "format"),
    ]
    assert "3 document(s) in 1 file: 3 invalid" in result.stderr


def test_yaml_is_read_by_the_1_2_core_schema() -> None:
    [document] = values("on: yes\nn: no\noctal: 0o17\nold_octal: 017\nhex: 0x1F\nnull_: ~\nf: 1.5e3\n"
                        "s: '12'\n200: ok\ntrue: key\nwhen: 2026-12-01\n")
    assert document == {"on": "yes", "n": "no", "octal": 15, "old_octal": 17, "hex": 31, "null_": None,
                        "f": 1500.0, "s": "12", "200": "ok", "true": "key", "when": "2026-12-01"}


def test_yaml_merge_keys_are_merged_with_explicit_keys_winning() -> None:
    [document] = values("base: &b {port: 1, name: x}\nweb:\n  <<: *b\n  port: 2\n")
    assert document == {"base": {"port": 1, "name": "x"}, "web": {"port": 2, "name": "x"}}


@pytest.mark.parametrize(("text", "reason"), [
    ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'"),
    ("a: .nan\n", ".nan is not a JSON number"),
    ("a: -.inf\n", "-.inf is not a JSON number"),
    ("a: 1e400\n", "beyond"),
    ("a: " + "9" * 400 + "\n", "beyond"),
    ("a: !Ref other\n", "tag !Ref has no JSON value"),
    ("a: !!binary aGVsbG8=\n", "tag tag:yaml.org,2002:binary has no JSON value"),
    ("a: !!set {x, y}\n", "has no JSON value"),
    ("a: !!python/object:os.system {}\n", "has no JSON value"),
    ("? [1, 2]\n: x\n", "a mapping or sequence used as a key"),
    ("a: &x [1, *x]\n", "recursive structure"),
    ("a: \"\\ud800\"\n", "invalid Unicode character escape"),
    ("a: " + "[" * 300 + "]" * 300 + "\n", "nested more than 256 levels deep"),
    ("a: [1, 2\n", "invalid YAML"),
])
def test_values_with_no_interoperable_json_value_are_refused(text: str, reason: str) -> None:
    [result] = values(text)
    assert isinstance(result, str) and reason in result, result


def test_a_billion_laughs_is_refused_quickly(tmp_path: Path, schema: str) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    good = tmp_path / "good.yaml"
    good.write_text("name: x\n")
    result = cli("--schema", schema, "--format", "json", str(path), str(good))
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["file"] == str(path) and record["keyword"] is None
    assert record["message"] == f"aliases expand to more than {ALIAS_EXPANSION_LIMIT:,} values (a YAML bomb?)"
    assert "2 document(s) in 2 files: 1 invalid" in result.stderr
    assert "Traceback" not in result.output


def test_aliases_within_the_limit_are_expanded() -> None:
    [document] = values("a: &a [1, 2]\nb: [*a, *a]\n")
    assert document == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


def test_toml_errors_are_on_their_own_lines(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "# config\n"
        'name = "web"\n'
        "when = 1979-05-27T07:32:00   # a local date-time: no offset, not RFC 3339\n"  # 3
        'tags = ["a", 2]\n'                          # 4
        'notes = """\n'
        "port = 1\n"                                 # inside a string: not a key
        '"""\n'
        "\n"
        "[server]\n"
        'port = "eighty"\n'                          # 10
    )
    result = cli("--schema", schema, "--format", "json", str(path))
    assert result.exit_code == 1
    assert rows(result) == [
        ("config.toml", 3, "/when", "format"),
        ("config.toml", 4, "/tags/1", "type"),
        ("config.toml", 10, "/server/port", "type"),
    ]


def test_toml_values_become_json_values() -> None:
    [document] = values('a = 1979-05-27T07:32:00-08:00\nb = 1979-05-27\nc = 07:32:00\n[[t]]\nx = 1\n[[t]]\nx = 2\n', "toml")
    assert document == {"a": "1979-05-27T07:32:00-08:00", "b": "1979-05-27", "c": "07:32:00",
                        "t": [{"x": 1}, {"x": 2}]}
    [refused] = values("a = nan\n", "toml")
    assert refused == "nan is not a JSON number"
    [broken] = values("a = 1\nb = = 2\n", "toml")
    assert broken == "invalid TOML: Invalid value (column 5)"


def test_a_toml_parse_error_is_on_its_line(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("a = 1\nb = = 2\n")
    result = cli("--schema", schema, "--format", "json", str(path))
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["line"], record["keyword"], record["message"]) == (2, None, "invalid TOML: Invalid value (column 5)")


def test_compressed_yaml_and_its_invalid_documents_as_json(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "c.yaml.gz"
    path.write_bytes(gzip.compress(b"name: a\n---\nname: 1\nport: 2\n---\nport: 3\n"))
    out = tmp_path / "bad.ndjson"
    result = cli("--schema", schema, "--format", "json", "--invalid-out", str(out), str(path))
    assert rows(result) == [("c.yaml.gz", 3, "/name", "type")]
    assert [json.loads(line) for line in out.read_bytes().splitlines()] == [{"name": 1, "port": 2}]


def test_the_session_schema_on_yaml(tmp_path: Path) -> None:
    path = tmp_path / "session.yml"
    path.write_text("timestamp: 2025-09-25T22:48:13.771Z\nchannel_manager_service: hedy\nduration: 12.5\n")
    result = cli("--schema", str(SCHEMA), str(path))
    assert result.exit_code == 0, result.output
    validator = Validator.from_path(SCHEMA)
    [parsed] = list(parse(path.read_bytes(), "yaml"))
    assert validator.validate_document(parsed.value) == []
