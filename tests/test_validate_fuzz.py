"""Fuzzing ``schemasmith validate`` (issue 5): hostile payloads and hostile schemas.

Every bad input becomes a per-document error or a verdict, never a crash or a traceback, with
memory bounded, and validation goes on with the rest.

Hostile schemas, through the CLI in a subprocess: ``$ref`` cycles with no base case and chains
too long to validate are refused in one line (exit 2); long chains, deep recursion through the
document and a very large schema validate in bounded time. (Catastrophic ``pattern``s:
tests/test_validate_patterns.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from generator.validation.in_place import MAX_IN_PLACE_CHAIN


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def ndjson(*documents: Any) -> str:
    return "".join(json.dumps(d) + "\n" for d in documents)


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    """``python -m generator validate ARGS`` in a subprocess: (result, seconds)."""
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "validate", *args], input=stdin, capture_output=True, cwd=REPO,
        timeout=timeout,
    )
    decoded = subprocess.CompletedProcess(completed.args, completed.returncode,
                                          completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))
    return decoded, time.monotonic() - started


# -- hostile schemas ----------------------------------------------------------------------------


def ref_chain(links: int, step: str = "{}") -> dict[str, Any]:
    """A root $ref-ing d0, d0 -> d1 -> … -> d<links-1>: ``links`` in-place links in all."""
    defs = {f"d{i}": json.loads(step.replace("{}", json.dumps({"$ref": f"#/$defs/d{i + 1}"}))) for i in range(links - 1)}
    defs[f"d{links - 1}"] = {"type": "object", "required": ["timestamp"]}
    return {"$defs": defs, "$ref": "#/$defs/d0"}


CYCLES = {
    "self": {"$ref": "#"},
    "two defs": {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    "through allOf": {"$defs": {"a": {"allOf": [{"type": "object"}, {"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"},
    "through anyOf with a base case first": {"anyOf": [{"type": "null"}, {"$ref": "#"}]},
    "through not and else": {"$defs": {"a": {"if": {"type": "null"}, "else": {"not": {"$ref": "#/$defs/a"}}}},
                             "properties": {"x": {"$ref": "#/$defs/a"}}},
}


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_a_ref_cycle_with_no_base_case_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    """Was: every document reported "nested too deeply to validate" (Python's recursion limit)."""
    schema = write(tmp_path / "schema.json", json.dumps(CYCLES[name]))
    data = write(tmp_path / "d.ndjson", b'{"x": 1}\n')
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.count("\n") == 1 and "Traceback" not in completed.stderr, completed.stderr
    assert "broken schema: $ref cycle with no base case: #" in completed.stderr, completed.stderr


def test_recursion_through_the_document_is_not_a_cycle(tmp_path: Path) -> None:
    """A linked list 255 levels deep (the document policy allows 256) against a recursive schema
    is valid. Was: "nested too deeply to validate" from 250 levels on (Python's 1,000 frames)."""
    schema = write(tmp_path / "schema.json", json.dumps(
        {"$defs": {"node": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}]}},
         "$ref": "#/$defs/node"}))
    document = None
    for _ in range(255):
        document = {"next": document}
    data = write(tmp_path / "deep.json", json.dumps(document))
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize(("links", "step"), [(500, "{}"), (1000, "{}"), (300, '{"allOf": [{}]}')])
def test_a_long_ref_chain_validates(tmp_path: Path, links: int, step: str) -> None:
    """Was: every document "nested too deeply to validate" from about 250 links on."""
    schema = write(tmp_path / "schema.json", json.dumps(ref_chain(links, step)))
    data = write(tmp_path / "d.ndjson", ndjson({"timestamp": 1}, {"other": 1}))
    completed, _ = run_cli("--schema", str(schema), "--format", "json", str(data), timeout=60)
    assert completed.returncode == 1, completed.stderr
    assert [(r["line"], r["keyword"]) for r in map(json.loads, completed.stdout.splitlines())] == [(2, "required")]


@pytest.mark.parametrize("links", [1001, 10_000])
def test_a_ref_chain_too_long_to_validate_is_refused_in_one_line(tmp_path: Path, links: int) -> None:
    schema = write(tmp_path / "schema.json", json.dumps(ref_chain(links)))
    data = write(tmp_path / "d.ndjson", ndjson({"timestamp": 1}))
    completed, seconds = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 2 and completed.stderr.count("\n") == 1, completed.stderr
    assert f"a chain of more than {MAX_IN_PLACE_CHAIN:,} $refs" in completed.stderr
    print(f"\n{links:,}-link $ref chain refused in {seconds:.1f} s")




def test_a_very_large_schema_validates_in_bounded_time(tmp_path: Path) -> None:
    """20,000 properties, each with a pattern and an enum (a 2 MB schema)."""
    schema = {"type": "object", "required": ["p0"],
              "properties": {f"p{i}": {"type": "string", "pattern": f"^p{i}[a-z]*$", "enum": [f"p{i}", f"p{i}x"]}
                             for i in range(20_000)}}
    schema_path = write(tmp_path / "schema.json", json.dumps(schema))
    data = write(tmp_path / "d.ndjson", ndjson({"p0": "p0", "p19999": "p19999x"}, {"p0": 1, "p7": "q"}))
    completed, seconds = run_cli("--schema", str(schema_path), "--format", "json", str(data), timeout=120)
    assert completed.returncode == 1, completed.stderr
    found = [(r["line"], r["pointer"], r["keyword"]) for r in map(json.loads, completed.stdout.splitlines())]
    assert found == [(2, "/p0", "type"), (2, "/p0", "enum"), (2, "/p7", "pattern"), (2, "/p7", "enum")]
    print(f"\n20,000-property schema: {seconds:.1f} s")


def test_schema_nesting_beyond_what_parsing_allows_is_refused_in_one_line(tmp_path: Path) -> None:
    schema = write(tmp_path / "schema.json", '{"type": "object", "properties": {"p": ' * 20_000 + "{}" + "}}" * 20_000)
    data = write(tmp_path / "d.ndjson", b"{}\n")
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 2 and completed.stderr.count("\n") == 1, completed.stderr
    assert "Traceback" not in completed.stderr
