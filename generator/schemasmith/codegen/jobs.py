"""One ``generate`` run over one or more schemas, each target into its own folder.

Several schemas (files, or folders of them) generate into one output, each owning its files: a
file's header names the schema it came from, and a run removes or replaces only what its own
schemas generated (``write.write_all``'s ``owners``). A run from the configuration's full list of
schemas speaks for every generated file in its folders, so a schema dropped from the list has its
files removed. With several schemas, each schema's docs (and site) go into a subfolder named after
its module, since every docs folder has an ``index.md``. The Python folder is an importable package:
an ``__init__.py`` and a ``py.typed`` marker (PEP 561), the same whichever schemas are generated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import SchemaSmithError
from ..targets import registry
from ..targets.common import module_name
from . import pipeline
from .headers import SHARED_OWNER, header_owner
from .write import Change, Content, compare, relative_parts, write_all

# Targets whose output is per schema folder when several schemas share an output.
_PER_SCHEMA_FOLDER = ("docs", "site")


@dataclass(frozen=True)
class Job:
    schemas: tuple[Path, ...]
    root: Path  # everything is written below it: --out, or the configuration's folder
    folders: dict[str, str]  # target -> its folder, relative to root
    targets: tuple[str, ...]
    settings: pipeline.Settings = field(default_factory=pipeline.Settings)
    owns_all: bool = False  # the configuration's full list: every generated file in the folders is ours
    python_package: str | None = None


def render_job(
    job: Job, warn: Callable[[str], None] | None = None, note: Callable[[str], None] | None = None
) -> tuple[dict[str, Content], dict[str, str]]:
    """Every file of the run (paths relative to ``job.root``) and the folders it writes (folder -> target)."""
    if job.settings.root_name is not None and len(job.schemas) > 1:
        raise SchemaSmithError("--root-name names the root model of one schema; this run has several")
    by_folder = {registry.get(t).folder: t for t in job.targets}
    files: dict[str, Content] = {}
    came_from: dict[str, Path] = {}
    folders: dict[str, str] = {}
    for schema in job.schemas:
        schema_ir, rendered = pipeline.render_files(schema, job.targets, job.settings, note)
        if warn is not None and any(registry.get(t).runtime is not None for t in job.targets):
            for line in pipeline.warning_lines(schema_ir, str(schema)):
                warn(line)
        for path, content in rendered.items():
            folder, _, rest = path.partition("/")
            target = by_folder[folder]
            destination = job.folders[target]
            if target in _PER_SCHEMA_FOLDER and len(job.schemas) > 1:
                destination = f"{destination}/{module_name(schema_ir)}"  # as its Python module is named
            folders[destination] = target
            placed = f"{destination}/{rest}"
            relative_parts(placed)
            if placed in files and files[placed] != content:
                raise SchemaSmithError(
                    f"{came_from[placed].name} and {schema.name} both generate {placed}: give them "
                    "different titles (or root names), or generate them into different folders",
                    file=str(schema))
            files[placed] = content
            came_from[placed] = schema
    return files, folders


def owners(job: Job, files: dict[str, Content]) -> frozenset[str] | None:
    """The schema names (as the headers spell them) this run speaks for; None: every generated file."""
    if job.owns_all:
        return None
    named = set()
    for path, content in files.items():
        if isinstance(content, str):
            owner = header_owner(content[:16384].encode("utf-8"), PurePosixPath(path).suffix)
            if owner is not None and owner != SHARED_OWNER:
                named.add(owner)
    return frozenset(named)


def generate(
    job: Job, *, force: bool = False, warn: Callable[[str], None] | None = None,
    note: Callable[[str], None] | None = None,
) -> list[str]:
    """Write the run's files; the paths (relative to ``job.root``) that changed. ``warn``: keywords
    the loaders leave to validate; ``note`` (--verbose): the draft each schema is read as."""
    files, folders = render_job(job, warn, note)
    return write_all(job.root, files, folders, force=force, owners=owners(job, files))


def check(job: Job, note: Callable[[str], None] | None = None) -> list[Change]:
    """What ``generate`` would change, writing nothing."""
    files, folders = render_job(job, note=note)
    return compare(job.root, files, folders, owners=owners(job, files))
