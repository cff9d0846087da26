"""schemasmith: one canonical JSON Schema, generated Python, TypeScript and Markdown that agree."""

from .errors import SchemaSmithError
from .pipeline import Settings, check, generate, render_files

__all__ = ["SchemaSmithError", "Settings", "check", "generate", "render_files"]
