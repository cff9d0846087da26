"""YAML schemas and OpenAPI documents for generate (issue 13), read as validate reads YAML documents,
with errors on the YAML file's own lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import SCHEMA

OPENAPI = Path(__file__).parent / "schemas" / "sessions-api.openapi.json"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def outputs(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_yaml_schema_generates_what_its_json_does(tmp_path: Path) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "yaml").mkdir()
    (tmp_path / "json" / "session.json").write_bytes(SCHEMA.read_bytes())
    document = json.loads(SCHEMA.read_text("utf-8"))
    (tmp_path / "yaml" / "session.yaml").write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    for kind, name in (("json", "session.json"), ("yaml", "session.yaml")):
        result = run("generate", name, "--out", "out", cwd=tmp_path / kind)
        assert result.returncode == 0, result.stderr
    from_json, from_yaml = outputs(tmp_path / "json" / "out"), outputs(tmp_path / "yaml" / "out")
    assert from_json.keys() == from_yaml.keys()
    for path in from_json:  # the same files but for the schema's file name (and so the header's hash)
        strip = lambda text: [line for line in text.splitlines() if "session.json" not in line and "session.yaml" not in line]
        assert strip(from_json[path]) == strip(from_yaml[path]), path


def test_an_openapi_yaml_document_generates_its_components(tmp_path: Path) -> None:
    document = json.loads(OPENAPI.read_text("utf-8"))
    (tmp_path / "api.yml").write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    result = run("generate", "api.yml", "--out", "out", "--target", "python", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "class Session:" in (tmp_path / "out" / "python" / "api.py").read_text("utf-8")


def test_errors_name_the_yaml_line(tmp_path: Path) -> None:
    (tmp_path / "order.yaml").write_text(
        "title: Order\ntype: object\nproperties:\n  id:\n    type: string\n  total:\n    minimum: zero\n", "utf-8"
    )
    result = run("generate", "order.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "schemasmith: error: order.yaml:7 at #/properties/total/minimum: not a valid schema: 'zero' is not of type 'number'"
    ]
    assert not (tmp_path / "out").exists()


def test_bad_yaml_is_one_line_with_its_line(tmp_path: Path) -> None:
    cases = {
        "title: A\nproperties:\n  a: {type: string}\n  a: {type: integer}\n": "a.yaml:4: duplicate key 'a'",
        "title: A\nproperties: [\n": "a.yaml:3: invalid YAML",
        "title: A\n---\ntitle: B\n": "a.yaml:3: a schema file holds one YAML document",
        "title: A\nmaximum: .inf\n": "a.yaml:2:",
    }
    for text, expected in cases.items():
        (tmp_path / "a.yaml").write_text(text, "utf-8")
        result = run("generate", "a.yaml", "--out", "out", cwd=tmp_path)
        assert result.returncode == 2, (text, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert lines[0].startswith(f"schemasmith: error: {expected}"), (text, lines)


def test_a_ref_to_a_yaml_file_beside_it(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text("$defs:\n  Money:\n    type: integer\n    minimum: 0\n", "utf-8")
    (tmp_path / "order.yaml").write_text(
        "title: Order\ntype: object\nproperties:\n  total:\n    $ref: common.yaml#/$defs/Money\n", "utf-8"
    )
    result = run("generate", "order.yaml", "--out", "out", "--target", "python", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "total" in (tmp_path / "out" / "python" / "order.py").read_text("utf-8")
