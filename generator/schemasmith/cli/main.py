"""The ``schemasmith`` command line: a thin layer over the pipeline's library calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .conformance_command import conformance
from .diff_command import diff
from ..defaults import DEFAULT_SCHEMA
from ..targets import registry
from ..errors import SchemaSmithError
from .validate_command import validate

DEFAULT_OUT = Path("generated")


def _quiet_echo(message: str) -> None:
    try:
        click.echo(message, err=True)
    except OSError:
        pass  # stderr is gone too: the exit code still tells


def fail(error: SchemaSmithError) -> None:
    click.echo(f"schemasmith: error: {error}", err=True)
    sys.exit(error.exit_code)


class _Commands(click.Group):
    """The command group; a dependency missing from the environment is one line, not a traceback.

    Each command imports its stages when it runs, so that is where a broken install shows."""

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
@click.argument("schema", required=False, type=click.Path(path_type=Path), default=DEFAULT_SCHEMA)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Output folder; each target writes its own subfolder.")
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
@click.option("--layout", type=click.Choice(["module", "package"]),
              help="module: one Python module and one TypeScript file (default). package: a module per model "
                   "and a lazy __init__.py / index.ts, for schemas of hundreds of models.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and print a diff if any generated file is stale, missing or extra.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say which draft the schema is read as (and why: its $schema, or the default when it has none).")
@click.option("--force", is_flag=True,
              help="Replace files at generated paths even when they lack the generated header (the user's files).")
def generate(
    schema: Path,
    out_dir: Path,
    targets: tuple[str, ...],
    templates: Path | None,
    root_name: str | None,
    docs_import_path: str | None,
    ref_dirs: tuple[str, ...],
    names_path: Path | None,
    history: tuple[str, ...],
    current_version: str | None,
    layout: str | None,
    check: bool,
    force: bool,
    verbose: bool,
) -> None:
    """Generate code and docs from SCHEMA (default: schema/session.schema.json).

    SCHEMA may also be an OpenAPI 3.x document: every components/schemas entry becomes a model.
    """
    # Imported here, not at the top: `schemasmith validate` never needs the code generator.
    from ..codegen import pipeline
    from ..codegen.config import load_config
    from ..ir.name_overrides import names_from_config, read_names_file
    from ..diff.history import Version
    from ..source.refs import RefDirs

    try:
        config: dict[str, Any] = load_config(Path.cwd())
        settings = pipeline.Settings(
            root_name=root_name,
            templates=templates,
            docs_import_path=docs_import_path or config.get("docs-import-path", "./models"),
            ref_dirs=RefDirs.parse(ref_dirs),
            names=read_names_file(names_path) if names_path is not None else names_from_config(config),
            history=tuple(Version.parse(spec) for spec in history),
            current_version=current_version,
            layout=layout or _configured_layout(config),
        )
        chosen = targets or pipeline.default_targets(out_dir)
        if check:
            changes = pipeline.check(schema, out_dir, chosen, settings, note=_stderr if verbose else None)
            for change in changes:
                click.echo(change.diff, nl=False)
            if changes:
                summary = ", ".join(f"{c.path} ({c.kind})" for c in changes)
                click.echo(f"schemasmith: {len(changes)} generated file(s) out of date: {summary}", err=True)
                click.echo("schemasmith: run `schemasmith generate` to update them", err=True)
                sys.exit(1)
            click.echo(f"schemasmith: {out_dir} is up to date", err=True)
            return
        written = pipeline.generate(
            schema, out_dir, chosen, settings, force=force, warn=_stderr, note=_stderr if verbose else None
        )
        click.echo(f"schemasmith: {len(written)} file(s) updated in {out_dir}", err=True)
    except SchemaSmithError as error:
        fail(error)


def _configured_layout(config: dict[str, Any]) -> str:
    """``layout`` of ``[tool.schemasmith]`` (``--layout`` replaces it): "module" unless it says "package"."""
    value = config.get("layout", "module")
    if value not in ("module", "package"):
        raise SchemaSmithError(f"layout must be \"module\" or \"package\", not {value!r}",
                               file="pyproject.toml [tool.schemasmith]")
    return str(value)


def _stderr(line: str) -> None:
    click.echo(line, err=True)


main.add_command(validate)
main.add_command(conformance)
main.add_command(diff)
