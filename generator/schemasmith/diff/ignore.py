"""Accepted changes: ignore entries (rule + JSON pointer + reason), from ``[tool.schemasmith.diff]``
in pyproject.toml or from ``--ignore FILE`` (a TOML file with the same ``[[ignore]]`` entries).

    [[tool.schemasmith.diff.ignore]]
    rule = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    pointer = "/properties/legacy_id"      # OLD's or NEW's pointer; a trailing /* also matches below
    reason = "no client sent legacy_id since 2024 (ticket 123)"

An ignored finding is still reported, marked with its reason, and no longer fails the run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import SchemaSmithError
from .findings import Finding
from .rules import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class IgnoreEntry:
    rule: str
    pointer: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        if self.rule not in (finding.rule, "*"):
            return False
        pointers = [p for p in (finding.old_pointer, finding.new_pointer) if p is not None]
        if self.pointer.endswith("/*"):
            stem = self.pointer[:-2]
            return any(p == stem or p.startswith(stem + "/") for p in pointers)
        return self.pointer in pointers


def read_ignore_file(path: Path) -> list[IgnoreEntry]:
    """``--ignore FILE``: top-level ``[[ignore]]`` entries (or a pyproject.toml's diff section)."""
    data = _read_toml(path)
    section = data.get("tool", {}).get("schemasmith", {}).get("diff") if "tool" in data else data
    return _entries(section or {}, path, "ignore")


def ignore_from_pyproject(directory: Path) -> list[IgnoreEntry]:
    path = directory / "pyproject.toml"
    if not path.is_file():
        return []
    section = _read_toml(path).get("tool", {}).get("schemasmith", {}).get("diff", {})
    return _entries(section, path, "tool.schemasmith.diff.ignore")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
        return data
    except OSError as exc:
        raise SchemaSmithError(f"cannot read the ignore file: {exc.strerror or exc}", file=str(path)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SchemaSmithError(f"not valid TOML: {exc}", file=str(path)) from None


def _entries(section: Any, path: Path, where: str) -> list[IgnoreEntry]:
    if not isinstance(section, dict):
        raise SchemaSmithError(f"{where.rsplit('.', 1)[0] or where} must be a table", file=str(path))
    raw = section.get("ignore", [])
    if not isinstance(raw, list):
        raise SchemaSmithError(f"{where} must be an array of tables ([[{where}]])", file=str(path))
    entries = []
    for index, item in enumerate(raw):
        label = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise SchemaSmithError(f"{label} must be a table with rule, pointer and reason", file=str(path))
        missing = [k for k in ("rule", "pointer", "reason") if not isinstance(item.get(k), str) or not item.get(k)]
        if missing:
            raise SchemaSmithError(f"{label} needs a non-empty {', '.join(missing)} (a string)", file=str(path))
        if item["rule"] != "*" and item["rule"] not in RULES:
            raise SchemaSmithError(f"{label}: unknown rule {item['rule']!r} (see doc/diff-rules.md)", file=str(path))
        pointer = item["pointer"]
        if pointer.startswith("#"):
            pointer = pointer[1:]
        if pointer and not pointer.startswith("/"):
            raise SchemaSmithError(f"{label}: pointer {item['pointer']!r} is not a JSON Pointer", file=str(path))
        entries.append(IgnoreEntry(item["rule"], pointer, item["reason"]))
    return entries


def apply_ignores(findings: list[Finding], entries: list[IgnoreEntry]) -> list[Finding]:
    result = []
    for finding in findings:
        entry = next((e for e in entries if e.matches(finding)), None)
        result.append(replace(finding, ignored_because=entry.reason) if entry else finding)
    return result
