"""A schema's history for a changelog: each listed version diffed against the one before it.

Versions are given oldest first as ``LABEL=SOURCE``: SOURCE is a schema file, or ``git:REV`` for the
generated schema's own path as it was at git revision REV (read like ``diff --against REV``). The
schema being generated is the newest version; it is listed under its own label (``Unreleased`` by
default) unless it makes no change to the last listed version.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SchemaSmithError
from ..ir.name_overrides import NameOverrides
from ..source.refs import RefDirs
from .findings import Finding, semver_bump, verdict

GIT_PREFIX = "git:"
UNRELEASED = "Unreleased"
# Changelogs judge a change as readers see it: can a reader on the new version read old data?
MODE = "backward"
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._+()/-]*")


@dataclass(frozen=True)
class Version:
    label: str
    source: str  # a schema file, or git:REV

    @staticmethod
    def parse(spec: str) -> Version:
        label, sep, source = spec.partition("=")
        label, source = label.strip(), source.strip()
        if not sep or not label or not source:
            raise SchemaSmithError(f"--history {spec!r}: expected LABEL=SCHEMA or LABEL=git:REV (e.g. 1.2.0=git:v1.2.0)")
        check_label(label, f"--history {spec!r}")
        return Version(label, source)


def check_label(label: str, where: str) -> None:
    if not _LABEL.fullmatch(label):
        raise SchemaSmithError(
            f"{where}: a version label is letters, digits, spaces and . _ - + ( ) / only (it becomes a heading)"
        )


@dataclass(frozen=True)
class Release:
    """One version, with what changed since the version before it (None for the first one)."""

    label: str
    previous: str | None
    findings: tuple[Finding, ...]

    @property
    def bump(self) -> str:
        return semver_bump(list(self.findings), MODE)

    @property
    def breaking(self) -> bool:
        return not verdict(list(self.findings), MODE)


def releases(
    versions: list[Version], current: Path, current_label: str | None, refs: RefDirs, names: NameOverrides | None = None
) -> list[Release]:
    """The releases, newest first; ``current`` (the schema being generated) is the newest. ``names``:
    the names table the code is generated with, so the generated-code findings name it as it is."""
    from ..source.load import load_schema
    from .documents import diff_documents
    from .git_revision import schema_at_revision

    if current_label is not None:
        check_label(current_label, f"--current-version {current_label!r}")
    labels = [v.label for v in versions] + [current_label or UNRELEASED]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise SchemaSmithError(f"--history: the label {repeated[0]!r} is given twice")
    with tempfile.TemporaryDirectory(prefix="schemasmith-history-") as scratch:
        loaded = []
        for index, version in enumerate(versions):
            if version.source.startswith(GIT_PREFIX):
                folder = Path(scratch) / str(index)
                folder.mkdir()
                try:
                    path = schema_at_revision(current, version.source[len(GIT_PREFIX):], folder)
                except SchemaSmithError as error:
                    raise SchemaSmithError(f"--history {version.label}: {error}") from None
            else:
                path = Path(version.source)
                if not path.is_file():
                    raise SchemaSmithError(f"--history {version.label}: no such schema file", file=version.source)
            loaded.append(load_schema(path, refs))
        newest = load_schema(current, refs)
        found: list[Release] = []
        previous = None
        for version, schema in zip(versions, loaded):
            changes: list[Finding] = (
                diff_documents(previous[1], schema, names=names, names_checked=False) if previous else []
            )
            found.append(Release(version.label, previous[0].label if previous else None, tuple(changes)))
            previous = (version, schema)
        if previous is None:
            found.append(Release(current_label or UNRELEASED, None, ()))
        else:
            changes = diff_documents(previous[1], newest, names=names, names_checked=False)
            # An explicit label is the user saying "this is a release": list it even without changes.
            if changes or current_label:
                found.append(Release(current_label or UNRELEASED, previous[0].label, tuple(changes)))
    return found[::-1]
