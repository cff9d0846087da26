"""Reading JSON files with errors that say where, and finding a JSON pointer's line for messages.

A schema is read under the same limits the validator sets for documents
(schemasmith/validate/documents.py), for the same reasons and in the same words, except the depth:

- ``NaN``, ``Infinity``: refused (not JSON);
- a number a 64-bit float reads as infinity, integer or not (``1e400`` would become ``inf``, which
  neither generated Python nor TypeScript can hold; a 400-digit integer JavaScript reads as
  ``Infinity``): refused;
- nesting deeper than ``MAX_SCHEMA_DEPTH``: refused. Values such as enum members are copied into
  the generated Python as literals, and Python's parser nests at most 200 brackets.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any, NoReturn

from ..errors import SchemaSmithError
from .yaml_file import _KNOWN as _yaml_known, is_yaml, parse_yaml, yaml_line

# Deepest array/object nesting a schema file may have: a hundred times the SchemaStore corpus's
# deepest (21), and low enough that any value in it fits in a Python literal (at most 200 brackets).
MAX_SCHEMA_DEPTH = 128
# A number a 64-bit float reads as infinity — as JSON.parse does, integer or not — has no value the
# generated TypeScript could hold, nor one to compare exactly (RFC 7493 §2.2; RFC 8259 §6).
OUT_OF_RANGE_NUMBER = "number out of range (beyond a 64-bit float)"
# Integers this long or longer may be beyond a double (its largest is 309 digits long).
LONGEST_DOUBLE_DIGITS = 309

_BRACKET_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_NUMBER_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?', re.DOTALL)
_BOM = "\ufeff"
# Largest schema file read: the SchemaStore corpus's largest is under 1 MiB. A bound, so that an
# endless file (/dev/zero) or a huge one ends in one line, not a MemoryError.
MAX_SCHEMA_BYTES = 64 * 1024 * 1024


def read_json(path: Path) -> tuple[str, Any]:
    """Read and parse a JSON file; every failure becomes one SchemaSmithError line."""
    raw = read_bounded(path)
    if is_yaml(path):
        text, document = parse_yaml(path, raw)
        if _deeper_than(document, MAX_SCHEMA_DEPTH):
            raise SchemaSmithError(f"schema nested more than {MAX_SCHEMA_DEPTH} levels deep", file=str(path))
        return text, document
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaSmithError(
            f"not valid UTF-8 (byte offset {exc.start})", file=str(path)
        ) from None
    text = text.removeprefix(_BOM)
    try:
        document = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_finite_int)
    except json.JSONDecodeError as exc:
        raise SchemaSmithError(
            f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        _refuse_too_deep(path, text)
    except _NotJSON as exc:
        raise SchemaSmithError(f"invalid JSON: {exc}", file=str(path)) from None
    except ValueError as exc:
        # parse_float or parse_int refused a number beyond a double: find which, and where.
        offset = first_number_out_of_range(text)
        if offset is None:
            raise SchemaSmithError(f"invalid JSON: {exc}", file=str(path)) from None
        line, column = _line_column(text, offset)
        raise SchemaSmithError(
            OUT_OF_RANGE_NUMBER, file=str(path), line=line, column=column, pointer=_pointer_at(text, offset)
        ) from None
    if _deeper_than(document, MAX_SCHEMA_DEPTH):
        _refuse_too_deep(path, text)
    return text, document


def read_bounded(path: Path, limit: int = MAX_SCHEMA_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; anything else is one SchemaSmithError line.

    A FIFO or a device is refused before it is read: opened with O_NONBLOCK, a FIFO without a
    writer does not block the open, and it is never read (which would wait for a writer forever).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SchemaSmithError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
            raise SchemaSmithError(f"cannot read file: this is {kind}, not a regular file", file=str(path))
        os.set_blocking(fd, True)
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise SchemaSmithError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SchemaSmithError(f"file too large: a schema may be at most {limit // (1024 * 1024)} MiB", file=str(path))
    return data


def first_too_deep(data: bytes, limit: int) -> int | None:
    """Offset of the first bracket that opens level ``limit + 1`` (brackets inside strings skipped)."""
    depth = 0
    for token in _BRACKET_TOKENS.finditer(data):
        char = token.group()[:1]
        if char in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return token.start()
        elif char in (b"]", b"}"):
            depth -= 1
    return None


def _deeper_than(document: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (a walk: a few times cheaper than
    scanning the text, which is left for finding where)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _refuse_too_deep(path: Path, text: str) -> NoReturn:
    data = text.encode("utf-8")
    offset = first_too_deep(data, MAX_SCHEMA_DEPTH)
    line, column = (None, None) if offset is None else _line_column(text, len(data[:offset].decode("utf-8")))
    raise SchemaSmithError(
        f"nested too deeply: more than {MAX_SCHEMA_DEPTH} levels of arrays and objects",
        file=str(path), line=line, column=column,
    ) from None


class _NotJSON(ValueError):
    """Python's json reads NaN and Infinity; JSON has no such values."""


def _reject_constant(name: str) -> Any:
    raise _NotJSON(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(OUT_OF_RANGE_NUMBER)
    return value


def _finite_int(text: str) -> int:
    if len(text) >= LONGEST_DOUBLE_DIGITS and int_beyond_double(text):
        raise ValueError(OUT_OF_RANGE_NUMBER)
    return int(text)


def int_beyond_double(integer: int | str) -> bool:
    """Whether a 64-bit float reads this integer (or JSON integer token) as infinity."""
    try:
        float(integer if isinstance(integer, int) else int(integer))
    except OverflowError:
        return True
    except ValueError:  # more digits than Python's int() takes (4300): far beyond a double
        return True
    return False


def first_number_out_of_range(text: str) -> int | None:
    """Offset of the first number (outside strings) that a 64-bit float reads as infinity."""
    for token in _NUMBER_TOKENS.finditer(text):
        number = token.group()
        if number.startswith('"'):
            continue
        if any(c in number for c in ".eE"):
            if float(number) in (float("inf"), float("-inf")):
                return token.start()
        elif len(number.lstrip("-")) >= LONGEST_DOUBLE_DIGITS and int_beyond_double(number):
            return token.start()
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _source_map(text: str) -> dict[str, Any]:
    """Every JSON pointer in ``text`` -> where its key and value sit; empty if it cannot be made."""
    try:
        from json_source_map import calculate

        return dict(calculate(text))
    except Exception:  # noqa: BLE001 - locating is best effort; the error is still reported
        return {}


def _pointer_at(text: str, offset: int) -> str | None:
    """The JSON pointer of the value starting at ``offset``, when it can be found."""
    entries = _source_map(text)
    return next((pointer for pointer, entry in entries.items() if entry.value_start.position == offset), None)


def locate(text: str, pointer: str) -> tuple[int | None, int | None]:
    """1-based line and column of the value at ``pointer`` in ``text``, when it can be found."""
    if text in _yaml_known:  # a YAML schema read by read_json: its lines were kept then
        return yaml_line(text, pointer), None
    entry = _source_map(text).get(pointer)
    if entry is None:
        return None, None
    start = entry.key_start or entry.value_start
    return start.line + 1, start.column + 1
