"""`generate --verbose` and `validate --verbose` say which draft the schema is read as, and why
(issue 22, item 4): its `$schema` (any spelling of a draft), the default when it has none, or the
draft 07 reading of a file without `$schema` that only draft 07 accepts (said once, verbose or not)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TUPLE_ITEMS: dict[str, Any] = {"type": "object", "properties": {"pair": {"items": [{"type": "string"}, {"type": "integer"}]}}}

CASES = [
    ({"type": "object", "properties": {"a": {"type": "string"}}}, "note: no $schema: read as draft 2020-12, the default"),
    ({"$schema": "https://json-schema.org/draft-07/schema", "type": "object", "properties": {"a": {"type": "string"}}},
     "note: $schema 'https://json-schema.org/draft-07/schema': read as draft 7"),
    ({"$schema": "http://json-schema.org/draft/2019-09/schema#", "type": "object", "properties": {"a": {"type": "string"}}},
     "note: $schema 'http://json-schema.org/draft/2019-09/schema#': read as draft 2019-09"),
    (TUPLE_ITEMS, "note: no $schema, and not a valid 2020-12 schema but a valid draft 07 one: read as draft 07"),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": note: " in line]


@pytest.mark.parametrize(("document", "note"), CASES, ids=["no-schema", "draft7-https", "2019-09-http", "draft7-idioms"])
def test_generate_verbose_says_the_reading(tmp_path: Path, document: dict[str, Any], note: str) -> None:
    (tmp_path / "s.json").write_text(json.dumps(document), "utf-8")
    verbose = _run("generate", "s.json", "--out", "out", "--target", "python", "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0, verbose.stderr
    assert _notes(verbose.stderr) == [f"s.json: {note}"], verbose.stderr
    quiet = _run("generate", "s.json", "--out", "out2", "--target", "python", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    # Without --verbose only the reading the file does not declare (draft 07 by its idioms) is said.
    assert _notes(quiet.stderr) == ([f"s.json: {note}"] if document is TUPLE_ITEMS else []), quiet.stderr
    check = _run("generate", "s.json", "--out", "out", "--target", "python", "--check", "-v", cwd=tmp_path)
    assert check.returncode == 0 and _notes(check.stderr) == [f"s.json: {note}"], check.stderr


@pytest.mark.parametrize(("document", "note"), CASES, ids=["no-schema", "draft7-https", "2019-09-http", "draft7-idioms"])
def test_validate_verbose_says_the_reading(tmp_path: Path, document: dict[str, Any], note: str) -> None:
    (tmp_path / "s.json").write_text(json.dumps(document), "utf-8")
    (tmp_path / "d.json").write_text('{"a": "x", "pair": ["x", 1]}', "utf-8")
    verbose = _run("validate", "d.json", "--schema", "s.json", "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert _notes(verbose.stderr) == [f"s.json: {note}"], verbose.stderr
    quiet = _run("validate", "d.json", "--schema", "s.json", cwd=tmp_path)
    assert _notes(quiet.stderr) == ([f"s.json: {note}"] if document is TUPLE_ITEMS else []), quiet.stderr
