"""Defaults the commands and the library share, in a module that imports nothing heavy."""

from pathlib import Path

# The canonical schema, relative to the working directory (the repository root, in CI).
DEFAULT_SCHEMA = Path("schema/session.schema.json")

# What `generate --target` accepts; pipeline.TARGETS maps each to its planner.
TARGET_NAMES = ("python", "typescript", "docs", "site")
# What `generate` writes without --target: the site is asked for by name (it needs the optional
# mkdocs install, `schemasmith[site]`, and takes seconds where the others take milliseconds).
DEFAULT_TARGETS = ("python", "typescript", "docs")
