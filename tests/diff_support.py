"""Helpers the schemasmith diff tests share: diff two schemas given as Python values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemasmith.diff.documents import diff_documents
from schemasmith.diff.findings import Finding
from schemasmith.source.load import load_schema


def write_pair(folder: Path, old: Any, new: Any, name: str = "schema.json") -> tuple[Path, Path]:
    """OLD and NEW under one file name (in two folders): the generated root model is named after it."""
    (folder / "old").mkdir(parents=True, exist_ok=True)
    (folder / "new").mkdir(parents=True, exist_ok=True)
    old_path, new_path = folder / "old" / name, folder / "new" / name
    old_path.write_text(json.dumps(old), "utf-8")
    new_path.write_text(json.dumps(new), "utf-8")
    return old_path, new_path


def diff_values(folder: Path, old: Any, new: Any, codegen: bool = True) -> list[Finding]:
    old_path, new_path = write_pair(folder, old, new)
    return diff_documents(load_schema(old_path), load_schema(new_path), codegen=codegen)


def wire(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "wire"]


def describe(findings: list[Finding]) -> list[tuple[str, str | None, str | None, str, str]]:
    return [(f.rule, f.old_pointer, f.new_pointer, f.backward, f.forward) for f in findings]
