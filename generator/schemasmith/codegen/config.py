"""Project settings: ``[tool.schemasmith]`` in pyproject.toml, or the same keys at the top of
schemasmith.toml, so ``schemasmith generate`` (and ``--check``) in a repository needs no arguments.

Found as ruff and mypy find theirs: from the working directory upward, the first folder holding a
``schemasmith.toml`` or a ``pyproject.toml`` with a ``[tool.schemasmith]`` table (schemasmith.toml
first, in one folder). Paths in it are relative to the file's folder. Flags on the command line
override the file key by key. An unknown key, or a key of the wrong type, is one error line naming
the file, the line and the key: a misspelt ``shcema`` must not silently fall back to a default.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import Any, NoReturn

from ..errors import SchemaSmithError
from ..source.yaml_file import YAML_SUFFIXES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
STANDALONE = "schemasmith.toml"
# Target name -> the key of its output folder in the ``paths`` table (the target names themselves).
PATH_TARGETS = ("python", "typescript", "docs", "site")
# What a folder of schemas holds: the files with these suffixes.
SCHEMA_SUFFIXES = (".json", *YAML_SUFFIXES)

# Every key, with its type and what it means (the error for an unknown key lists them).
_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "schema": ((str, list), "the schema file(s) or folder(s) to generate from"),
    "schemas": ((str, list), "the same as schema"),
    "out": (str, "the output folder (each target writes a subfolder)"),
    "targets": (list, "the targets generated without --target"),
    "templates": (str, "a folder of templates overriding the built-ins"),
    "root-name": (str, "the root model's name (one schema only)"),
    "ref-dirs": (list, "[URI_PREFIX=]DIR mappings serving remote $refs from local files"),
    "docs-import-path": (str, "the module the docs' Example Usage imports from"),
    "paths": (dict, "a folder per target, instead of OUT/<target>"),
    "python": (dict, "Python settings: package"),
    "docs": (dict, "docs settings: import-path"),
    "typescript": (dict, "TypeScript settings: emit (ts: sources; js: JavaScript with .d.ts declarations)"),
    "names": ((dict, str), "names by JSON Pointer: a table, or a names file"),
    "diff": (dict, "schemasmith diff settings: ignore entries (doc/diff.md)"),
    "layout": (str, "module (one Python module, one TypeScript file) or package (a module per model)"),
    "runtime": (str, "inline (each module carries the helpers it uses) or shared (the runtime once per folder)"),
    "site": (dict, "site settings: history (LABEL=SCHEMA or LABEL=git:REV, oldest first), current-version"),
}
_PYTHON_KEYS: dict[str, type] = {"package": str}
_DOCS_KEYS: dict[str, type] = {"import-path": str}
_TYPESCRIPT_KEYS: dict[str, type] = {"emit": str}
_SITE_KEYS: dict[str, type] = {"history": list, "current-version": str}
_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class Config:
    """The settings of one configuration file (all paths made absolute), or none (``path`` None)."""

    path: Path | None = None
    schemas: tuple[Path, ...] = ()
    out: Path | None = None
    targets: tuple[str, ...] = ()
    templates: Path | None = None
    root_name: str | None = None
    ref_dirs: tuple[str, ...] = ()
    docs_import_path: str | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    python_package: str | None = None
    names: Any = None  # a table, or the Path of a names file
    layout: str | None = None
    runtime: str | None = None
    ts_emit: str | None = None  # typescript.emit
    site_history: tuple[str, ...] = ()  # LABEL=SOURCE, a file SOURCE made absolute
    site_current_version: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return Path.cwd() if self.path is None else self.path.parent


def find_config(start: Path) -> Path | None:
    """The nearest schemasmith.toml, or pyproject.toml with a [tool.schemasmith] table, at or above ``start``."""
    for folder in (start, *start.parents):
        standalone = folder / STANDALONE
        if standalone.is_file():
            return standalone
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap look first; the file is parsed (and its errors reported) only when it may have the table.
    if "schemasmith" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True  # let read_config report it
    tool = data.get("tool")
    return isinstance(tool, dict) and "schemasmith" in tool


def expand_schemas(items: Sequence[Path]) -> tuple[Path, ...]:
    """Schema files, with each folder replaced by the schema files directly in it (sorted)."""
    found: list[Path] = []
    for item in items:
        if item.is_dir():
            inside = sorted(p for p in item.iterdir() if p.is_file() and p.suffix.lower() in SCHEMA_SUFFIXES)
            if not inside:
                raise SchemaSmithError("the folder holds no schema (.json, .yaml or .yml)", file=str(item))
            found.extend(inside)
        else:
            found.append(item)
    return tuple(dict.fromkeys(found))


def configured_schemas() -> tuple[str, ...]:
    """The schema files the configuration found from the working folder names, folders expanded as
    ``generate`` expands them, relative to the working folder; none without a configuration (or
    without a ``schema`` key in it). A configuration that cannot be read is left to ``generate`` to
    report."""
    try:
        path = find_config(Path.cwd())
        schemas = expand_schemas(read_config(path).schemas) if path is not None else ()
    except (OSError, SchemaSmithError):
        schemas = ()
    return tuple(os.path.relpath(schema) for schema in schemas)


def default_schema() -> str:
    """The schema ``validate`` and ``conformance`` use without ``--schema``: the configuration's,
    when it names one; this repository's canonical schema (``defaults.DEFAULT_SCHEMA``) when there is
    no configuration. A configuration naming several schemas is one error line listing them: which
    one a payload is meant for is the user's to say (``generate`` and ``diff --against`` take them
    all, each schema on its own)."""
    from ..defaults import DEFAULT_SCHEMA

    schemas = configured_schemas()
    if not schemas:
        return str(DEFAULT_SCHEMA)
    if len(schemas) > 1:
        path = find_config(Path.cwd())
        shown = os.path.relpath(path) if path is not None else "the configuration"
        raise SchemaSmithError(
            f"{shown} names {len(schemas)} schemas ({', '.join(schemas)}): pass --schema to pick one")
    return schemas[0]


def load_config(directory: Path) -> dict[str, Any]:
    """The raw table of the configuration found from ``directory`` upward ({} when there is none)."""
    path = find_config(directory)
    return {} if path is None else read_config(path).raw


def read_config(path: Path) -> Config:
    """Parse and check one configuration file; every problem is one SchemaSmithError line."""
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaSmithError(f"cannot read settings: {exc}", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaSmithError(f"not valid TOML: {exc}", file=str(path)) from None
    if path.name == STANDALONE:
        section: Any = data
        where = STANDALONE
    else:
        section = data.get("tool", {}).get("schemasmith", {}) if isinstance(data.get("tool"), dict) else {}
        where = "[tool.schemasmith]"
    if not isinstance(section, dict):
        raise SchemaSmithError("[tool.schemasmith] must be a table", file=str(path))
    errors = _Errors(path, text, where)
    for key, value in section.items():
        if key not in _KEYS:
            errors.fail(key, f"unknown key {key!r} in {where} (known: {', '.join(_KEYS)})")
        kinds, _ = _KEYS[key]
        if not isinstance(value, kinds):
            errors.fail(key, f"{key!r} must be {_kind_names(kinds)}, not {type(value).__name__}")
    if "schema" in section and "schemas" in section:
        errors.fail("schemas", "give `schema` or `schemas`, not both")
    folder = path.parent
    schema_value: Any = section.get("schema", section.get("schemas", []))
    schema_list: list[Any] = [schema_value] if isinstance(schema_value, str) else list(schema_value)
    if not all(isinstance(v, str) for v in schema_list):
        errors.fail("schema" if "schema" in section else "schemas", "the schemas must be strings (files or folders)")
    for key in ("targets", "ref-dirs"):
        if not all(isinstance(v, str) for v in section.get(key, ())):
            errors.fail(key, f"{key!r} must list strings")
    from ..targets import registry

    for target in section.get("targets", ()):
        if target not in registry.names():
            errors.fail("targets", f"unknown target {target!r} (known: {', '.join(registry.names())})")
    paths: dict[str, Path] = {}
    for target, value in section.get("paths", {}).items():
        if target not in PATH_TARGETS:
            errors.fail(target, f"unknown target {target!r} in {where}.paths (known: {', '.join(PATH_TARGETS)})")
        if not isinstance(value, str):
            errors.fail(target, f"paths.{target} must be a string (a folder), not {type(value).__name__}")
        paths[target] = folder / value
    python = _subtable(errors, section.get("python", {}), _PYTHON_KEYS, "python")
    docs = _subtable(errors, section.get("docs", {}), _DOCS_KEYS, "docs")
    typescript = _subtable(errors, section.get("typescript", {}), _TYPESCRIPT_KEYS, "typescript")
    if typescript.get("emit", "ts") not in ("ts", "js"):
        errors.fail("emit", f"typescript.emit must be \"ts\" or \"js\", not {typescript['emit']!r}")
    package = python.get("package")
    if package is not None and not _PACKAGE.fullmatch(package):
        errors.fail("package", f"python.package {package!r} is not a dotted Python package name")
    site = _subtable(errors, section.get("site", {}), _SITE_KEYS, "site")
    if not all(isinstance(v, str) for v in site.get("history", ())):
        errors.fail("history", "site.history must list strings: LABEL=SCHEMA or LABEL=git:REV")
    names = section.get("names")
    if section.get("layout", "module") not in ("module", "package"):
        errors.fail("layout", f"layout must be \"module\" or \"package\", not {section['layout']!r}")
    if section.get("runtime", "inline") not in ("inline", "shared"):
        errors.fail("runtime", f"runtime must be \"inline\" or \"shared\", not {section['runtime']!r}")
    return Config(
        path=path,
        schemas=tuple(folder / item for item in schema_list),
        out=folder / section["out"] if "out" in section else None,
        targets=tuple(section.get("targets", ())),
        templates=folder / section["templates"] if "templates" in section else None,
        root_name=section.get("root-name"),
        ref_dirs=tuple(_relative_ref_dir(folder, spec) for spec in section.get("ref-dirs", ())),
        docs_import_path=docs.get("import-path", section.get("docs-import-path")),
        paths=paths,
        python_package=package,
        names=folder / names if isinstance(names, str) else names,
        layout=section.get("layout"),
        runtime=section.get("runtime"),
        ts_emit=typescript.get("emit"),
        site_history=tuple(_relative_version(folder, spec) for spec in site.get("history", ())),
        site_current_version=site.get("current-version"),
        raw=section,
    )


def _relative_ref_dir(folder: Path, spec: str) -> str:
    """A ``[URI_PREFIX=]DIR`` mapping with DIR made relative to the configuration's folder."""
    prefix, separator, directory = spec.rpartition("=")
    return f"{prefix}{separator}{folder / directory}"


def _relative_version(folder: Path, spec: str) -> str:
    """A ``LABEL=SCHEMA`` history entry with SCHEMA made relative to the configuration's folder
    (``LABEL=git:REV`` is kept: it names the generated schema's own path at REV)."""
    label, separator, source = spec.partition("=")
    if not separator or source.strip().startswith("git:") or not source.strip():
        return spec  # malformed entries are reported by diff/history.py, with the same words as --history's
    return f"{label}={folder / source.strip()}"


def _subtable(errors: _Errors, table: dict[str, Any], keys: dict[str, type], name: str) -> dict[str, Any]:
    for key, value in table.items():
        if key not in keys:
            errors.fail(key, f"unknown key {key!r} in {errors.where}.{name} (known: {', '.join(keys)})")
        if not isinstance(value, keys[key]):
            errors.fail(key, f"{name}.{key} must be {_kind_names(keys[key])}, not {type(value).__name__}")
    return table


def _kind_names(kinds: type | tuple[type, ...]) -> str:
    names = {str: "a string", list: "an array", dict: "a table", bool: "a boolean"}
    return " or ".join(names.get(k, k.__name__) for k in (kinds if isinstance(kinds, tuple) else (kinds,)))


class _Errors:
    """Errors that name the configuration file and the line of the key, when it can be found."""

    def __init__(self, path: Path, text: str, where: str) -> None:
        self.path, self.text, self.where = path, text, where

    def fail(self, key: str, reason: str) -> NoReturn:
        line = None
        pattern = re.compile(rf'^\s*(?:"{re.escape(key)}"|\'{re.escape(key)}\'|{re.escape(key)})\s*=', re.MULTILINE)
        found = pattern.search(self.text)
        if found is not None:
            line = self.text.count("\n", 0, found.start()) + 1
        raise SchemaSmithError(reason, file=str(self.path), line=line)
