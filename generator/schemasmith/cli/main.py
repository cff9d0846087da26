"""The ``schemasmith`` command line: a thin layer over the pipeline's library calls."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from ..targets import registry
from ..errors import SchemaSmithError


def _quiet_echo(message: str) -> None:
    try:
        click.echo(message, err=True)
    except OSError:
        pass  # stderr is gone too: the exit code still tells


def fail(error: SchemaSmithError) -> None:
    click.echo(f"schemasmith: error: {error}", err=True)
    sys.exit(error.exit_code)


# Commands defined in their own modules, imported when named (or listed by --help): a run of one
# command does not pay for the others' modules and their imports (tempfile, shutil, compressors...).
_LAZY_COMMANDS = {
    "conformance": "conformance_command",
    "diff": "diff_command",
    "validate": "validate_command",
}


class _Commands(click.Group):
    """The command group; a dependency missing from the environment is one line, not a traceback.

    Each command imports its stages when it runs, so that is where a broken install shows."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f".{_LAZY_COMMANDS[cmd_name]}", __package__)
            self.add_command(getattr(module, cmd_name))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as error:
            # Ctrl-C or SIGTERM (interrupts.Interrupted): one line and 130/143, not click's "Aborted!"
            # and 1, the code --check uses for "out of date". Whatever was being written was undone.
            from ..interrupts import exit_code

            _quiet_echo("schemasmith: interrupted")
            sys.exit(exit_code(error))
        except ModuleNotFoundError as error:
            click.echo(
                f"schemasmith: error: the module {error.name!r} is missing: install schemasmith with its "
                "dependencies into this Python environment",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="schemasmith")
def main() -> None:
    """One JSON Schema in; Python dataclasses, TypeScript types and Markdown docs out."""


@main.command()
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
                      runtime=runtime)
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
