"""Schemas and OpenAPI documents written in YAML (OpenAPI documents usually are).

The YAML is read exactly as ``schemasmith validate`` reads YAML documents (validate/structured.py:
the YAML 1.2 core schema, duplicate keys, tags without a JSON value, NaN/infinity and alias bombs
refused), so a schema means the same whether it is a schema or a document being validated. Each
JSON Pointer keeps the line it came from, so a metaschema or IR error names the YAML line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import SchemaSmithError

YAML_SUFFIXES = (".yaml", ".yml")


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def parse_yaml(path: Path, raw: bytes) -> tuple[str, Any]:
    """The text and the JSON value of a one-document YAML file; every failure is one error line."""
    from ..validate.structured import parse

    documents = list(parse(raw, "yaml"))
    if not documents:
        raise SchemaSmithError("the YAML file holds no document", file=str(path))
    first = documents[0]
    if first.error is not None:
        raise SchemaSmithError(str(first.error), file=str(path), line=first.error.line)
    if len(documents) > 1:
        line = documents[1].first_line if documents[1].error is None else documents[1].error.line
        raise SchemaSmithError("a schema file holds one YAML document, this one has several (---)",
                               file=str(path), line=line)
    text = raw.decode("utf-8").removeprefix("\ufeff")
    if len(_KNOWN) >= 64:  # a bound for a long-lived process reading many schemas
        _KNOWN.pop(next(iter(_KNOWN)))
    _KNOWN[text] = first.lines
    return text, first.value


# The pointer -> line maps of the YAML texts read in this process, so that ``locate`` (which gets
# only the text) answers for a YAML schema as it does for a JSON one.
_KNOWN: dict[str, dict[str, int]] = {}


def yaml_line(text: str, pointer: str) -> int | None:
    """The line of ``pointer`` (or of its nearest ancestor) in a YAML text read by ``parse_yaml``."""
    lines = _KNOWN.get(text)
    if lines is None:
        return None
    while pointer:
        if pointer in lines:
            return lines[pointer]
        pointer = pointer.rsplit("/", 1)[0]
    return lines.get("")
