"""``schemasmith generate``: the command-line face of the code generator (codegen/)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import SchemaSmithError
from ..targets import registry


def fail(error: SchemaSmithError) -> None:
    click.echo(f"schemasmith: error: {error}", err=True)
    sys.exit(error.exit_code)


@click.command()
@click.argument("schemas", nargs=-1, type=click.Path(path_type=Path), metavar="[SCHEMA]...")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder; each target writes its own subfolder. Default: the configuration's, else generated.")
@click.option("--target", "targets", multiple=True, type=click.Choice(registry.names()),
              help="Generate only these targets (repeatable). Default: python, typescript, docs, and site if --out has one.")
@click.option("--templates", type=click.Path(path_type=Path),
              help="Folder of templates that override the built-ins by relative path.")
@click.option("--root-name", help="Name of the root model (default: the schema's title).")
@click.option("--docs-import-path", help="Module the docs' Example Usage imports models from.")
@click.option("--ref-dir", "ref_dirs", multiple=True, metavar="[URI_PREFIX=]DIR",
              help="Serve remote $refs from local files: URIs under URI_PREFIX from DIR, or any by file name.")
@click.option("--names", "names_path", type=click.Path(path_type=Path),
              help="A names table (JSON or TOML): models' and properties' names by JSON Pointer, e.g. "
                   '{"/properties/@type": {"python": "at_type"}, "/$defs/Foo": {"model": "Bar"}}.')
@click.option("--history", "history", multiple=True, metavar="LABEL=SCHEMA|LABEL=git:REV",
              help="An earlier version of SCHEMA, oldest first (repeatable): the site gets a changelog page "
                   "with what changed from each version to the next. git:REV reads SCHEMA as it was at REV.")
@click.option("--current-version", metavar="LABEL",
              help="The changelog's label for SCHEMA itself (default: Unreleased, listed only if it changed).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="The configuration file (default: the nearest schemasmith.toml, or pyproject.toml with "
                   "[tool.schemasmith], from the working folder up).")
@click.option("--layout", type=click.Choice(["module", "package"]),
              help="module: one Python module and one TypeScript file (default). package: a module per model "
                   "and a lazy __init__.py / index.ts, for schemas of hundreds of models.")
@click.option("--runtime", type=click.Choice(["inline", "shared"]),
              help="inline: each module carries the runtime helpers it uses (default). shared: the runtime once "
                   "per output folder (python/_runtime.py, typescript/_runtime.ts), imported by every module, so "
                   "all of them raise one SchemaValidationError.")
@click.option("--ts-emit", "ts_emit", type=click.Choice(["ts", "js"]),
              help="ts: TypeScript sources (default). js: each file as an ES module (.js) with its declarations "
                   "(.d.ts), as a compiled library ships: a project's tsc reads only the types, not the loaders' "
                   "code (for API descriptions of hundreds of models).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and print a diff if any generated file is stale, missing or extra.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say which draft the schema is read as (and why: its $schema, or the default when it has none).")
@click.option("--force", is_flag=True,
              help="Replace files at generated paths even when they lack the generated header (the user's files).")
def generate(
    schemas: tuple[Path, ...],
    out_dir: Path | None,
    targets: tuple[str, ...],
    templates: Path | None,
    root_name: str | None,
    docs_import_path: str | None,
    ref_dirs: tuple[str, ...],
    names_path: Path | None,
    history: tuple[str, ...],
    current_version: str | None,
    config_path: Path | None,
    layout: str | None,
    runtime: str | None,
    ts_emit: str | None,
    check: bool,
    force: bool,
    verbose: bool,
) -> None:
    """Generate code and docs from each SCHEMA (a file or a folder of them; default: the
    configuration's `schema`).

    SCHEMA may be JSON or YAML, and an OpenAPI 3.x document: every components/schemas entry becomes a model.
    """
    # Imported here, not at the top: `schemasmith validate` never needs the code generator.
    from ..codegen import jobs
    from ..codegen.config import Config, find_config, read_config
    from ..codegen.job_settings import Flags, build_job
    from ..diff.history import Version

    try:
        found = config_path if config_path is not None else find_config(Path.cwd())
        config = read_config(found) if found is not None else Config()
        flags = Flags(schemas=schemas, out=out_dir, targets=targets, templates=templates, root_name=root_name,
                      docs_import_path=docs_import_path, ref_dirs=ref_dirs, names=names_path, layout=layout,
                      runtime=runtime, ts_emit=ts_emit)
        extra = {"history": tuple(Version.parse(spec) for spec in history), "current_version": current_version}
        job = build_job(config, flags, extra)
        shown = _shown(job.root)
        if check:
            changes = jobs.check(job, note=_stderr if verbose else None)
            for change in changes:
                click.echo(change.diff, nl=False)
            if changes:
                summary = ", ".join(f"{c.path} ({c.kind})" for c in changes)
                click.echo(f"schemasmith: {len(changes)} generated file(s) out of date: {summary}", err=True)
                click.echo("schemasmith: run `schemasmith generate` to update them", err=True)
                sys.exit(1)
            click.echo(f"schemasmith: {shown} is up to date", err=True)
            return
        written = jobs.generate(job, force=force, warn=_stderr, note=_stderr if verbose else None)
        removed = [path for path in written if not (job.root / path).exists()]
        summary = f"schemasmith: {len(written)} file(s) updated in {shown}"
        if removed:
            summary += f" ({len(removed)} no longer generated, removed: {', '.join(removed)})"
        click.echo(summary, err=True)
    except SchemaSmithError as error:
        fail(error)


def _shown(folder: Path) -> Path:
    """``folder`` as the user would type it: relative to the working folder when inside it."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()) if folder.is_absolute() else folder
    except (OSError, ValueError):
        return folder


def _stderr(line: str) -> None:
    click.echo(line, err=True)
