"""schemasmith: one canonical JSON Schema, generated Python, TypeScript and Markdown that agree.

The names below are imported on first use (PEP 562): ``schemasmith validate`` should not pay for
the code generator's imports (Jinja, the IR builder), nor ``schemasmith generate`` for the
validator's, and every command starts in a fraction of the time an eager import took.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import SchemaSmithError
    from .pipeline import Settings, check, generate, render_files
    from .validation import Issue, Validator, parse_document, reference_validator
    from .validation.run import ValidationRun, validate_document, validate_paths

# Exported name -> the module that defines it.
_HOMES = {
    "SchemaSmithError": ".errors",
    "Settings": ".pipeline",
    "check": ".pipeline",
    "generate": ".pipeline",
    "render_files": ".pipeline",
    "Issue": ".validation",
    "Validator": ".validation",
    "parse_document": ".validation",
    "reference_validator": ".validation",
    "ValidationRun": ".validation.run",
    "validate_document": ".validation.run",
    "validate_paths": ".validation.run",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # Not an exported name: `from generator import pipeline` then imports the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
