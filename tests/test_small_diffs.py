"""Diffs that stay small (issue 13): a header changes only with its file, CRLF checkouts are the same
files to --check, and a Markdown table does not re-pad every row when one cell grows."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SCHEMA

CONSTRUCTS = REPO / "tests" / "schemas" / "constructs.schema.json"
HEADER_HASH = re.compile(r"\(sha256 ([0-9a-f]{64})\)")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def generate(schema: Path, out: Path) -> dict[str, bytes]:
    result = run("generate", str(schema), "--out", str(out), cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_reindented_and_crlf_schema_give_the_same_bytes(tmp_path: Path) -> None:
    original = generate(SCHEMA, tmp_path / "original")
    reindented = tmp_path / "session.schema.json"
    reindented.write_bytes(json.dumps(json.loads(SCHEMA.read_text("utf-8")), indent=7).replace("\n", "\r\n").encode())
    (tmp_path / "again").mkdir()
    assert generate(reindented, tmp_path / "again" / "out") == original


def test_one_description_edit_changes_only_the_files_that_show_it(tmp_path: Path) -> None:
    schema = json.loads(CONSTRUCTS.read_text("utf-8"))
    for side in ("a", "b"):  # the schema $refs its neighbour common.schema.json
        (tmp_path / side).mkdir()
        (tmp_path / side / "common.schema.json").write_bytes((CONSTRUCTS.parent / "common.schema.json").read_bytes())
    (tmp_path / "a" / "order.schema.json").write_text(json.dumps(schema), "utf-8")
    before = generate(tmp_path / "a" / "order.schema.json", tmp_path / "a" / "out")
    # A field description of one nested model: its docs page, the Python and the TypeScript module change.
    address = next(name for name, sub in schema["$defs"].items() if "properties" in sub)
    field = next(iter(schema["$defs"][address]["properties"]))
    schema["$defs"][address]["properties"][field]["description"] = "An edited description"
    (tmp_path / "b" / "order.schema.json").write_text(json.dumps(schema), "utf-8")
    after = generate(tmp_path / "b" / "order.schema.json", tmp_path / "b" / "out")
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    docs_pages = {path for path in before if path.startswith("docs/")}
    assert {"python/order.py", "typescript/order.ts"} <= changed
    assert len(changed & docs_pages) == 1, changed  # one page shows that field; index and others stay
    assert "docs/index.md" not in changed


def test_each_header_hashes_its_own_file() -> None:
    for path in sorted((REPO / "generated").rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:  # bytecode of an imported module
            continue
        text = path.read_text("utf-8")
        found = HEADER_HASH.search(text)
        assert found is not None, path
        unstamped = text.replace(found[1], "0" * 64, 1)
        assert hashlib.sha256(unstamped.encode("utf-8")).hexdigest() == found[1], path


def test_check_reads_a_crlf_checkout_as_the_same_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(SCHEMA, out)
    for path in out.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    crlf = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("generate", str(SCHEMA), "--out", str(out), "--check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run("generate", str(SCHEMA), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 file(s) updated" in result.stderr
    assert {p: p.read_bytes() for p in crlf} == crlf  # generate leaves the checkout's line ends alone
    # A real change still shows through the CRLF.
    page = out / "docs" / "Session.md"
    page.write_bytes(page.read_bytes().replace(b"Timestamp of the session", b"Edited by hand"))
    result = run("generate", str(SCHEMA), "--out", str(out), "--check", cwd=tmp_path)
    assert result.returncode == 1 and "docs/Session.md (stale)" in result.stderr


def test_a_longer_cell_changes_only_its_own_table_row(tmp_path: Path) -> None:
    before = generate(SCHEMA, tmp_path / "before")["docs/Session.md"].decode().splitlines()
    schema = json.loads(SCHEMA.read_text("utf-8"))
    schema["properties"]["agent_name"]["description"] = "A much longer description of the agent's name " * 4
    (tmp_path / "edited").mkdir()
    (tmp_path / "edited" / "session.schema.json").write_text(json.dumps(schema), "utf-8")
    after = generate(tmp_path / "edited" / "session.schema.json", tmp_path / "edited" / "out")
    after_lines = after["docs/Session.md"].decode().splitlines()
    assert len(before) == len(after_lines)
    differing = [(a, b) for a, b in zip(before, after_lines) if a != b]
    # The header (its hash) and the one row; no other row of the table is re-padded.
    assert len(differing) == 2, differing
    assert "agentName" in differing[1][1]
