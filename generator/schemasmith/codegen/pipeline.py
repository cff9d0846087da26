"""load -> normalize -> IR -> naming -> render -> write, as one library call the CLI wraps."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..targets import registry
from ..defaults import DEFAULT_TARGETS
from ..errors import SchemaSmithError
from ..ir.nodes import SchemaIR
from ..ir.builder import build_ir
from ..ir.name_overrides import NameOverrides
from ..source.load import load_schema
from ..source.refs import RefDirs
from ..diff.history import Version
from . import parallel
from .parallel import render_targets
from .render import make_environment, render
from .output_file import PART, OutputFile
from .headers import HASH_PLACEHOLDER, MANIFEST_NAME, stamp
from .write import Change, Content, compare, relative_parts, write_all

GC_YOUNG_THRESHOLD = 10_000  # allocations between two collections of the youngest generation, during a run
# Targets whose finish never reads the schema's text.
_IGNORE_TEXT = frozenset({"python", "typescript", "docs"})


@dataclass(frozen=True)
class Settings:
    """Options that shape the output but are not in the schema."""

    root_name: str | None = None
    templates: Path | None = None
    docs_import_path: str = "./models"
    ref_dirs: RefDirs = field(default_factory=RefDirs)
    names: NameOverrides | None = None  # models' and properties' names given by pointer (--names)
    # The schema's earlier versions, oldest first, for the site's changelog (diff/history.py).
    history: tuple[Version, ...] = ()
    current_version: str | None = None
    layout: str = "module"  # or "package": a module per model (targets/package_layout.py)
    # "inline": each module carries the runtime helpers it uses; "shared": the runtime once per
    # output folder (python/_runtime.py, typescript/_runtime.ts), which every module imports.
    runtime: str = "inline"
    # "ts": TypeScript sources; "js": each as JavaScript with its declarations (.js and .d.ts), so a
    # project's tsc reads the types only (targets/typescript/emit.py).
    ts_emit: str = "ts"
    extra: dict[str, Any] = field(default_factory=dict)


def render_files(
    schema_path: Path, targets: Sequence[str], settings: Settings, note: Callable[[str], None] | None = None
) -> tuple[SchemaIR, dict[str, Content]]:
    """Everything rendered in memory: nothing touches the output folder until this has succeeded."""
    # A run allocates millions of objects that live to its end: collecting the youngest generation
    # every 10,000 allocations rather than 700 cuts the time in the collector by two fifths (GitHub's
    # API description: ~0.5 s -> ~0.3 s), for at most 10,000 more objects waiting to be looked at.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_YOUNG_THRESHOLD), *thresholds[1:])
    try:
        return _render_files(schema_path, targets, settings, note)
    except RecursionError:
        # The reader and the IR builder bound nesting well below Python's recursion limit; this is
        # the last line, for a caller that is itself deep in the stack when it calls us.
        raise SchemaSmithError(
            "schema nested too deeply to generate: Python's recursion limit was reached", file=str(schema_path)
        ) from None
    finally:
        gc.unfreeze()  # (frozen in _render_files) back to the collector, for a caller that generates again
        gc.set_threshold(*thresholds)


def _render_files(
    schema_path: Path, targets: Sequence[str], settings: Settings, note: Callable[[str], None] | None
) -> tuple[SchemaIR, dict[str, Content]]:
    loaded = load_schema(schema_path, settings.ref_dirs)
    # The document's objects, then the IR's, live through the run: frozen (gc.freeze), the collector's
    # full passes skip them instead of scanning them each time the heap grows by a quarter (~1 s of
    # the 13 s of CPU GitHub's API description took). Objects freed by their count still go.
    gc.freeze()
    if note is not None and not loaded.reading_said:  # --verbose: which draft the schema is read as
        note(f"{schema_path}: note: {loaded.reading}")
    for target in targets:
        registry.get(target)  # an unknown target is refused before any work
    schema_ir = build_ir(loaded, settings.root_name, registry.targets(), settings.names)
    # Each header carries the hash of its own file (headers.stamp), not of the schema's bytes: a
    # re-indented schema, CRLF line ends or a description edit change only the files they change.
    schema_ir = dataclasses.replace(schema_ir, content_hash=HASH_PLACEHOLDER)
    gc.freeze()
    env = make_environment(settings.templates)
    context = {"docs_import_path": settings.docs_import_path, "layout": settings.layout,
               "shared_runtime": settings.runtime == "shared", "ts_emit": settings.ts_emit,
               # (--templates: a target that renders a file two ways from its templates asks which it may)
               "user_templates": settings.templates, **settings.extra}
    if settings.history and "site" in targets:
        from ..diff.history import releases

        context["releases"] = releases(list(settings.history), schema_path, settings.current_version, settings.ref_dirs,
                                       settings.names)
    # The parsed document is dropped: the IR holds what rendering needs (and a worker forks smaller);
    # its text is kept for a finish that may show it (the site's, a plugin's), not for the targets
    # known to ignore it (13 MB for GitHub's API description).
    text = "" if set(targets) <= _IGNORE_TEXT else loaded.text
    del loaded

    def render_target(unit: str) -> dict[str, Content]:
        # "target" or "target:part", a part of a target that renders in two (see below).
        target, _, part = unit.partition(":")
        unit_context = {**context, PART: part} if part else context
        plan: list[OutputFile] = registry.get(target).plan(schema_ir, unit_context)
        rendered: dict[str, str] = {}
        for output in plan:
            relative_parts(output.path)
            rendered[output.path] = render(env, output.template, output.context)
        del plan
        # A target whose rendered files are only an intermediate (the site) turns them into the files written.
        finish = getattr(registry.get(target), "finish", None)
        finished: dict[str, Content] = dict(rendered) if finish is None else finish(schema_ir, rendered, text, unit_context)
        del rendered  # (finish made its own dict: only the texts it kept are still referenced)
        for path, content in finished.items():
            relative_parts(path)
            # Stamped in place: each text's unstamped copy is freed as its stamped one is made, so a
            # big target's text is held once, not twice (GitHub's API description: 42 MB of Python).
            finished[path] = stamp(content)
        return finished

    files: dict[str, Content] = {}
    # A worker for the package layout only: the one-module layout's Python is one text as big as the
    # whole output (35 MB for GitHub's description), whose rendering alone peaks at ~450 MB; a
    # worker beside it took the run to 650 MB.
    named = len(schema_ir.models) + len(schema_ir.aliases) if settings.layout == "package" else 0
    # The first target (Python) renders in the parent while the worker renders the others, which
    # are less work: a target that can render in two parts gives the worker its "tail" part too.
    merge = getattr(registry.get(targets[0]), "merge_parts", None) if targets else None
    split = merge is not None and parallel.forks(len(targets), named)
    units = [f"{targets[0]}:head", *targets[1:], f"{targets[0]}:tail"] if split else list(targets)
    by_target = render_targets(units, render_target, named)
    if merge is not None and split:
        by_target[targets[0]] = merge(schema_ir, by_target.pop(units[0]), by_target.pop(units[-1]))
    for target in targets:
        files.update(by_target.pop(target))
    return schema_ir, files


def default_targets(out_dir: Path) -> tuple[str, ...]:
    """What ``generate`` writes (and ``--check`` compares) without ``--target``: the default targets,
    and the site too when ``out_dir`` already holds one (its manifest), so a committed site is kept
    up to date and checked like the other targets."""
    has_site = (out_dir / "site" / MANIFEST_NAME).is_file()
    return (*DEFAULT_TARGETS, "site") if has_site else DEFAULT_TARGETS


def generate(
    schema_path: Path,
    out_dir: Path,
    targets: Sequence[str] = DEFAULT_TARGETS,
    settings: Settings = Settings(),
    *,
    force: bool = False,
    warn: Callable[[str], None] | None = None,
    note: Callable[[str], None] | None = None,
) -> list[str]:
    """Generate ``targets`` into ``out_dir``; returns the relative paths that changed.

    ``force``: replace a file at a generated path even though it lacks the generated header.
    ``warn`` gets one line for each keyword the generated loaders leave to ``schemasmith validate``;
    ``note`` (``--verbose``) one line saying which draft the schema is read as.
    """
    schema_ir, files = render_files(schema_path, targets, settings, note)
    # Only targets whose output runs (has loaders) leave keywords to the validator.
    if warn is not None and any(registry.get(t).runtime is not None for t in targets):
        for line in warning_lines(schema_ir, str(schema_path)):
            warn(line)
    return write_all(out_dir, files, {registry.get(t).folder for t in targets}, force=force)


def warning_lines(schema_ir: SchemaIR, file: str) -> list[str]:
    """One line per keyword the loaders do not check (or check on bounded input), with its pointer."""
    return [f"{file}#{u.pointer}: warning: the loaders leave {u.keyword} to `schemasmith validate`: {u.why}"
            if not u.why.startswith("bounded input") else f"{file}#{u.pointer}: warning: {u.keyword}: {u.why}"
            for u in schema_ir.unchecked]


def check(
    schema_path: Path,
    out_dir: Path,
    targets: Sequence[str] = DEFAULT_TARGETS,
    settings: Settings = Settings(),
    note: Callable[[str], None] | None = None,
) -> list[Change]:
    """What ``generate`` would change (stale, missing or extra files), writing nothing."""
    _, files = render_files(schema_path, targets, settings, note)
    return compare(out_dir, files, {registry.get(t).folder for t in targets})
