"""Project settings from ``[tool.schemasmith]`` in pyproject.toml (as datamodel-codegen reads its own)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import SchemaSmithError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def load_config(directory: Path) -> dict[str, Any]:
    path = directory / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SchemaSmithError(f"cannot read settings: {exc}", file=str(path)) from None
    section = data.get("tool", {}).get("schemasmith", {})
    if not isinstance(section, dict):
        raise SchemaSmithError("[tool.schemasmith] must be a table", file=str(path))
    return section
