"""A ``generate`` run from the command line's flags over the configuration file's keys.

Each flag overrides its key. Without SCHEMA arguments the configuration's schemas are generated and
the run owns its output folders whole (the list is complete, so a schema taken off it has its files
removed); with SCHEMA arguments the run owns the files of those schemas only. Where the files go:
``--out DIR`` puts every target under DIR/<target> (as without a configuration); otherwise the
configuration's ``out`` (default ``generated``) and its ``paths`` table, a folder per target, all
relative to the configuration's folder, and a Python package (``[tool.schemasmith.python] package``)
goes to ``src/<package path>`` (or ``<package path>`` without a ``src`` folder) unless ``paths.python``
says where.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..defaults import DEFAULT_TARGETS
from ..errors import SchemaSmithError
from ..targets import registry
from . import pipeline
from .config import Config, expand_schemas
from .headers import MANIFEST_NAME
from .jobs import Job

if TYPE_CHECKING:
    from ..ir.name_overrides import NameOverrides

DEFAULT_OUT = Path("generated")


@dataclass(frozen=True)
class Flags:
    """What the command line said (None or empty: not said)."""

    schemas: tuple[Path, ...] = ()
    out: Path | None = None
    targets: tuple[str, ...] = ()
    templates: Path | None = None
    root_name: str | None = None
    docs_import_path: str | None = None
    ref_dirs: tuple[str, ...] = ()
    names: Path | None = None  # --names FILE
    layout: str | None = None  # --layout module|package
    runtime: str | None = None  # --runtime inline|shared
    ts_emit: str | None = None  # --ts-emit ts|js


def build_job(config: Config, flags: Flags, settings_extra: dict[str, Any]) -> Job:
    """The run: its schemas, where each target writes, and the pipeline settings."""
    from ..source.refs import RefDirs

    schemas = flags.schemas or config.schemas
    if not schemas:
        where = f" or set `schema` in {config.path}" if config.path is not None else (
            ", or set `schema` in [tool.schemasmith] of pyproject.toml (or in schemasmith.toml)")
        raise SchemaSmithError(f"no schema to generate from: pass SCHEMA{where}")
    settings = pipeline.Settings(
        root_name=flags.root_name or config.root_name,
        templates=flags.templates or config.templates,
        docs_import_path=flags.docs_import_path or config.docs_import_path or "./models",
        ref_dirs=RefDirs.parse(flags.ref_dirs or config.ref_dirs),
        names=_names(config, flags),
        layout=flags.layout or config.layout or "module",
        runtime=flags.runtime or config.runtime or "inline",
        ts_emit=flags.ts_emit or config.ts_emit or "ts",
        **{**_site_history(config), **{key: value for key, value in settings_extra.items() if value}},
    )
    root, folders = _placement(config, flags)
    targets = flags.targets or config.targets or _default_targets(root, folders)
    return Job(
        schemas=expand_schemas(schemas),
        root=root,
        folders=folders,
        targets=tuple(targets),
        settings=settings,
        owns_all=not flags.schemas and config.path is not None,
        python_package=config.python_package,
    )


def _site_history(config: Config) -> dict[str, Any]:
    """The site's changelog versions from the configuration (--history and --current-version override them)."""
    from ..diff.history import Version

    return {
        "history": tuple(Version.parse(spec) for spec in config.site_history),
        "current_version": config.site_current_version,
    }


def _names(config: Config, flags: Flags) -> NameOverrides | None:
    """``--names FILE``, else the configuration's ``names``: a table, or the path of a names file."""
    from ..ir.name_overrides import names_from_mapping, read_names_file

    if flags.names is not None:
        return read_names_file(flags.names)
    if isinstance(config.names, Path):
        return read_names_file(config.names)
    if config.names is not None:
        shown = os.path.relpath(config.path) if config.path is not None else "pyproject.toml"
        table = "names" if config.path is not None and config.path.name == "schemasmith.toml" else "[tool.schemasmith.names]"
        return names_from_mapping(config.names, f"{shown} {table}")
    return None


def _default_targets(root: Path, folders: dict[str, str]) -> tuple[str, ...]:
    """The default targets, and the site too when its folder already holds one (pipeline.default_targets)."""
    has_site = (root / folders["site"] / MANIFEST_NAME).is_file()
    return (*DEFAULT_TARGETS, "site") if has_site else DEFAULT_TARGETS


def _placement(config: Config, flags: Flags) -> tuple[Path, dict[str, str]]:
    """The folder everything is written below, and each target's folder relative to it."""
    own = {name: registry.get(name).folder for name in registry.names()}
    if flags.out is not None or config.path is None or not (config.paths or config.python_package):
        out = flags.out or config.out or (config.folder / DEFAULT_OUT if config.path is not None else DEFAULT_OUT)
        return out, own
    root = config.folder
    out = config.out or root / DEFAULT_OUT
    chosen = {name: out / folder for name, folder in own.items()}
    if config.python_package is not None and "python" not in config.paths:
        package_path = Path(*config.python_package.split("."))
        chosen["python"] = root / "src" / package_path if (root / "src").is_dir() else root / package_path
    chosen.update(config.paths)
    if config.python_package is not None:
        tail = tuple(config.python_package.split("."))
        if chosen["python"].parts[-len(tail):] != tail:
            raise SchemaSmithError(
                f"paths.python ({_relative(chosen['python'], root)}) is not where python.package "
                f"{config.python_package!r} is imported from (a folder ending in {'/'.join(tail)})",
                file=str(config.path))
    folders = {}
    for name, folder in chosen.items():
        relative = _relative(folder, root)
        if relative.startswith("..") or os.path.isabs(relative) or relative in ("", "."):
            raise SchemaSmithError(f"the {name} folder ({folder}) must be a folder inside {root}",
                                   file=str(config.path))
        folders[name] = relative
    return root, folders


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
