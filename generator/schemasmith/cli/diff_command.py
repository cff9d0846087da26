"""``schemasmith diff``: does a schema change break its readers, its writers or the generated code?"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import SchemaSmithError

if TYPE_CHECKING:
    from ..diff.ignore import IgnoreEntry
    from ..ir.name_overrides import NameOverrides
    from ..source.refs import RefDirs

EXIT_BREAKING = 1
EXIT_USAGE = 2


@click.command("diff")
@click.argument("schemas", nargs=-1, metavar="OLD NEW")
@click.option("--mode", type=click.Choice(["backward", "forward", "full"]), default="backward", show_default=True,
              help="backward: readers on NEW accept all data valid under OLD; forward: readers on OLD accept "
                   "data valid under NEW; full: both.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown", "github"]),
              default="text", show_default=True, help="How findings are written (github: workflow annotations).")
@click.option("--strict", is_flag=True, help="Also fail on warnings and on changes to the generated code's API.")
@click.option("--against", "revision", metavar="REV",
              help="Compare the working tree's SCHEMA (default: each schema the configuration names, else "
                   "schema/session.schema.json) with the same path at git revision REV (e.g. origin/main).")
@click.option("--ignore", "ignore_file", type=click.Path(path_type=Path),
              help="TOML file of accepted changes ([[ignore]] rule, pointer, reason). Default: "
                   "[tool.schemasmith.diff] in ./pyproject.toml.")
@click.option("--ref-dir", "ref_dirs", multiple=True, metavar="[URI_PREFIX=]DIR",
              help="Serve remote $refs from local files: URIs under URI_PREFIX from DIR, or any by file name.")
@click.option("--no-codegen", is_flag=True, help="Skip the generated-code impact findings.")
@click.option("--names", "names_path", type=click.Path(path_type=Path),
              help="The names table the code is generated with (as for generate), for the generated-code findings. "
                   "Default: [tool.schemasmith.names] in ./pyproject.toml.")
def diff(schemas: tuple[str, ...], mode: str, output_format: str, strict: bool, revision: str | None,
         ignore_file: Path | None, ref_dirs: tuple[str, ...], no_codegen: bool, names_path: Path | None) -> None:
    """Compare schema OLD with schema NEW by what they accept; one finding per change.

    OLD and NEW are JSON Schemas (drafts 4 to 2020-12) or OpenAPI 3.x documents (compared component
    by component). With --against REV, give the working tree's schema(s) instead. Exit status: 0 no
    breaking change in the chosen mode, 1 breaking, 2 usage error or unreadable schema. Rules:
    doc/diff-rules.md.
    """
    if revision is None and len(schemas) != 2:
        raise click.UsageError("give OLD and NEW, or --against REV [SCHEMA…]")
    try:
        from ..diff.ignore import ignore_from_pyproject, read_ignore_file
        from ..source.refs import RefDirs

        entries = read_ignore_file(ignore_file) if ignore_file else ignore_from_pyproject(Path.cwd())
        refs = RefDirs.parse(ref_dirs)
        names = _names(names_path) if not no_codegen else None
        failed = False
        if revision is None:
            failed = _run(Path(schemas[0]), Path(schemas[1]), schemas[0], schemas[1], mode, output_format, strict,
                          entries, refs, no_codegen, names)
        else:
            from ..diff.git_revision import schema_at_revision

            from ..codegen.config import configured_schemas
            from ..defaults import DEFAULT_SCHEMA

            # Without SCHEMA: every schema the configuration names (as generate takes them all).
            for schema in [Path(s) for s in schemas or configured_schemas() or [str(DEFAULT_SCHEMA)]]:
                if not schema.is_file():
                    raise SchemaSmithError("no such schema file", file=str(schema))
                with tempfile.TemporaryDirectory(prefix="schemasmith-diff-") as scratch:
                    old = schema_at_revision(schema, revision, Path(scratch))
                    failed |= _run(old, schema, f"{revision}:{schema.as_posix()}", schema.as_posix(), mode,
                                   output_format, strict, entries, refs, no_codegen, names)
    except SchemaSmithError as error:
        click.echo(f"schemasmith: error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_BREAKING if failed else 0)


def _names(names_path: Path | None) -> NameOverrides | None:
    """``--names FILE``, else the configuration's ``names`` (a table, or a names file), as generate reads them."""
    import os

    from ..codegen.config import find_config, read_config
    from ..ir.name_overrides import names_from_mapping, read_names_file

    if names_path is not None:
        return read_names_file(names_path)
    path = find_config(Path.cwd())
    config = read_config(path) if path is not None else None
    if config is None or config.names is None:
        return None
    if isinstance(config.names, Path):
        return read_names_file(config.names)
    table = "names" if path is not None and path.name == "schemasmith.toml" else "[tool.schemasmith.names]"
    return names_from_mapping(config.names, f"{os.path.relpath(path) if path is not None else 'pyproject.toml'} {table}")


def _run(old_path: Path, new_path: Path, old_name: str, new_name: str, mode: str, output_format: str, strict: bool,
         entries: list[IgnoreEntry], refs: RefDirs, no_codegen: bool, names: NameOverrides | None = None) -> bool:
    from ..diff.documents import diff_documents
    from ..diff.ignore import apply_ignores
    from ..diff.report import Report, render
    from ..source.load import load_schema

    old = load_schema(old_path, refs)
    new = load_schema(new_path, refs)
    findings = apply_ignores(diff_documents(old, new, codegen=not no_codegen, names=names), entries)
    report = Report(findings, mode, strict, old_name, new_name, new_file=new_name, new_text=new.text,
                    old_file=old_name if old_path.exists() and old_name == str(old_path) else None, old_text=old.text)
    click.echo(render(report, output_format), nl=False)
    return not report.ok
