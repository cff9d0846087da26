"""Reading JSON files with errors that say where, and finding a JSON pointer's line for messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import SchemaSmithError


def read_json(path: Path) -> tuple[str, Any]:
    """Read and parse a JSON file; every failure becomes one SchemaSmithError line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaSmithError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaSmithError(
            f"not valid UTF-8 (byte offset {exc.start})", file=str(path)
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise SchemaSmithError(
            f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno
        ) from None
    except ValueError as exc:
        raise SchemaSmithError(f"invalid JSON: {exc}", file=str(path)) from None
    except RecursionError:
        raise SchemaSmithError("invalid JSON: nested too deeply", file=str(path)) from None
    return text, document


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def locate(text: str, pointer: str) -> tuple[int | None, int | None]:
    """1-based line and column of the value at ``pointer`` in ``text``, when it can be found."""
    try:
        from json_source_map import calculate

        entry = calculate(text).get(pointer)
    except Exception:  # noqa: BLE001 - locating is best effort; the pointer is still reported
        return None, None
    if entry is None:
        return None, None
    start = entry.key_start or entry.value_start
    return start.line + 1, start.column + 1
