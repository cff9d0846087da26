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
    from .codegen.pipeline import Settings, check, generate, render_files
    from .validate import Issue, Validator, parse_document, reference_validator
    from .validate.job.run import ValidationRun, validate_document, validate_paths

# Exported name -> the module that defines it.
_HOMES = {
    "SchemaSmithError": ".errors",
    "Settings": ".codegen.pipeline",
    "check": ".codegen.pipeline",
    "generate": ".codegen.pipeline",
    "render_files": ".codegen.pipeline",
    "Issue": ".validate",
    "Validator": ".validate",
    "parse_document": ".validate",
    "reference_validator": ".validate",
    "ValidationRun": ".validate.job.run",
    "validate_document": ".validate.job.run",
    "validate_paths": ".validate.job.run",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # Not an exported name: `from schemasmith import codegen` then imports the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
