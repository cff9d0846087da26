"""schemasmith: one canonical JSON Schema, generated Python, TypeScript and Markdown that agree."""

from .errors import SchemaSmithError
from .pipeline import Settings, check, generate, render_files
from .validation import Issue, Validator, parse_document, reference_validator
from .validation.run import ValidationRun, validate_document, validate_paths

__all__ = [
    "Issue",
    "SchemaSmithError",
    "Settings",
    "ValidationRun",
    "Validator",
    "check",
    "generate",
    "parse_document",
    "reference_validator",
    "render_files",
    "validate_document",
    "validate_paths",
]
