"""Golden files: the committed generated/ (Session) and tests/golden/<name>/ (the construct and
OpenAPI test schemas: unions, tuples, enums, aliases, nested models) are exactly what the
generator makes, on any machine, so a template change shows in a reviewable diff.

To update them after an intended change: `make golden` (then review and commit the diff).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, SCHEMA
from schemasmith import Settings, render_files
from schemasmith.codegen.config import read_config
from conftest import REPO


def committed_files() -> dict[str, bytes]:
    return {p.relative_to(GENERATED).as_posix(): p.read_bytes() for p in GENERATED.rglob("*") if _is_output(p)}


def _is_output(path: Path) -> bool:
    # The bytecode Python writes beside a generated module that something imported is not output
    # (`generate --check` passes over it too).
    return path.is_file() and "__pycache__" not in path.parts


def test_committed_outputs_equal_a_fresh_generation_byte_for_byte() -> None:
    settings = Settings(docs_import_path=read_config(REPO / "pyproject.toml").docs_import_path or "")
    _, files = render_files(SCHEMA, ("python", "typescript", "docs"), settings)
    fresh = {path: text.encode("utf-8") for path, text in files.items()}
    assert sorted(fresh) == sorted(committed_files())
    for path, content in fresh.items():
        assert content == committed_files()[path], f"{path} is stale: run `schemasmith generate`"


# tests/golden/<name>/ is `schemasmith generate tests/schemas/<name>.<...>.json --out tests/golden/<name>`
# (the Makefile's `golden` target): the targets `generate` writes by default.
GOLDEN = REPO / "tests" / "golden"
GOLDEN_SCHEMAS = {
    "constructs": REPO / "tests" / "schemas" / "constructs.schema.json",
    "sessions-api": REPO / "tests" / "schemas" / "sessions-api.openapi.json",
    "legacy": REPO / "tests" / "schemas" / "legacy.openapi30.json",
    # A root with no type: its model, and the document's named type (the model or any other value).
    "untyped-root": REPO / "tests" / "schemas" / "untyped-root.schema.json",
    # The same OpenAPI document in --layout package: a module per model, a lazy __init__, index.ts.
    "sessions-api-package": REPO / "tests" / "schemas" / "sessions-api.openapi.json",
}
LAYOUTS = {"sessions-api-package": "package"}


def test_the_golden_folders_are_the_makefiles() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(GOLDEN_SCHEMAS)
    for schema in GOLDEN_SCHEMAS.values():
        assert schema.relative_to(REPO).as_posix() in makefile
    for name, layout in LAYOUTS.items():
        assert f"--layout {layout} --out tests/golden/{name}" in makefile


@pytest.mark.parametrize("name", sorted(GOLDEN_SCHEMAS))
def test_golden_outputs_of_the_test_schemas_byte_for_byte(name: str) -> None:
    from schemasmith.defaults import DEFAULT_TARGETS

    settings = Settings(docs_import_path=read_config(REPO / "pyproject.toml").docs_import_path or "", layout=LAYOUTS.get(name, "module"))
    _, files = render_files(GOLDEN_SCHEMAS[name], DEFAULT_TARGETS, settings)
    fresh = {path: text.encode("utf-8") for path, text in files.items()}
    folder = GOLDEN / name
    committed = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if _is_output(p)}
    assert sorted(fresh) == sorted(committed), "run `make golden`"
    for path, content in fresh.items():
        assert content == committed[path], f"tests/golden/{name}/{path} is stale: run `make golden`"


def generate_with_seed(seed: str, out: Path, cwd: Path) -> dict[str, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    result = subprocess.run(
        [sys.executable, "-m", "schemasmith", "generate", str(SCHEMA), "--out", str(out),
         "--docs-import-path", "syllable-sdk/models/components"],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("seeds", [("0", "4242"), ("1", "random")])
def test_same_bytes_under_different_hash_seeds_and_folders(tmp_path: Path, seeds: tuple[str, str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    first = generate_with_seed(seeds[0], tmp_path / "a" / "out", tmp_path / "a")
    second = generate_with_seed(seeds[1], tmp_path / "b" / "deeper" / "out", tmp_path / "b" / "deeper")
    assert first == second
    assert first == committed_files()


def test_no_timestamps_or_machine_paths_in_outputs() -> None:
    for path, content in committed_files().items():
        text = content.decode("utf-8")
        assert str(REPO) not in text, path
        owner = "every schema generated into this folder" if path in ("python/__init__.py", "python/py.typed") else "session.schema.json"
        assert f"Generated by schemasmith from {owner} (sha256 " in text, path
