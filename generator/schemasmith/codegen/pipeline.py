"""load -> normalize -> IR -> naming -> render -> write, as one library call the CLI wraps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..targets import registry
from ..errors import SchemaSmithError
from ..ir.nodes import SchemaIR
from ..ir.builder import build_ir
from ..source.load import load_schema
from ..source.refs import RefDirs
from .render import make_environment, render
from .output_file import OutputFile
from .write import Change, compare, safe_relative_path, write_all



@dataclass(frozen=True)
class Settings:
    """Options that shape the output but are not in the schema."""

    root_name: str | None = None
    templates: Path | None = None
    docs_import_path: str = "./models"
    ref_dirs: RefDirs = field(default_factory=RefDirs)
    extra: dict[str, Any] = field(default_factory=dict)


def render_files(schema_path: Path, targets: Sequence[str], settings: Settings) -> tuple[SchemaIR, dict[str, str]]:
    """Everything rendered in memory: nothing touches the output folder until this has succeeded."""
    try:
        return _render_files(schema_path, targets, settings)
    except RecursionError:
        # The reader and the IR builder bound nesting well below Python's recursion limit; this is
        # the last line, for a caller that is itself deep in the stack when it calls us.
        raise SchemaSmithError(
            "schema nested too deeply to generate: Python's recursion limit was reached", file=str(schema_path)
        ) from None


def _render_files(schema_path: Path, targets: Sequence[str], settings: Settings) -> tuple[SchemaIR, dict[str, str]]:
    for name in targets:
        registry.get(name)  # an unknown target is refused before any work
    schema_ir = build_ir(load_schema(schema_path, settings.ref_dirs), settings.root_name, registry.targets())
    env = make_environment(settings.templates)
    context = {"docs_import_path": settings.docs_import_path, **settings.extra}
    files: dict[str, str] = {}
    for name in targets:
        plan: list[OutputFile] = registry.get(name).plan(schema_ir, context)
        for output in plan:
            safe_relative_path(output.path)
            files[output.path] = render(env, output.template, output.context)
    return schema_ir, files


def _folders(targets: Sequence[str]) -> set[str]:
    """The output subfolders the targets own: only there are stale generated files removed."""
    return {registry.get(name).folder for name in targets}


def generate(
    schema_path: Path,
    out_dir: Path,
    targets: Sequence[str] | None = None,
    settings: Settings = Settings(),
    *,
    force: bool = False,
) -> list[str]:
    """Generate ``targets`` (default: every registered one) into ``out_dir``; returns the
    relative paths that changed.

    ``force``: replace a file at a generated path even though it lacks the generated header.
    """
    chosen = registry.names() if targets is None else tuple(targets)
    _, files = render_files(schema_path, chosen, settings)
    return write_all(out_dir, files, _folders(chosen), force=force)


def check(
    schema_path: Path, out_dir: Path, targets: Sequence[str] | None = None, settings: Settings = Settings()
) -> list[Change]:
    """What ``generate`` would change (stale, missing or extra files), writing nothing."""
    chosen = registry.names() if targets is None else tuple(targets)
    _, files = render_files(schema_path, chosen, settings)
    return compare(out_dir, files, _folders(chosen))
