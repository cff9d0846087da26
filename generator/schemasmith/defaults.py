"""Defaults the commands and the library share, in a module that imports nothing heavy."""

from pathlib import Path

# The canonical schema, relative to the working directory (the repository root, in CI).
DEFAULT_SCHEMA = Path("schema/session.schema.json")
