"""``schemasmith conformance``: the command-line face of schemasmith.conformance."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..defaults import DEFAULT_SCHEMA
from ..errors import SchemaSmithError



@click.command("conformance")
@click.argument("paths", nargs=-1, metavar="PAYLOADS…", type=click.Path(path_type=Path))
# A str, not a click.Path: see validate's --schema.
@click.option("--schema", "schema_path", metavar="SCHEMA[#/POINTER]",
              show_default=f"the configuration's schema, else {DEFAULT_SCHEMA}",
              help="The JSON Schema the outputs are generated from and judged against; "
                   "FILE#/json/pointer for one schema inside a document (an OpenAPI component).")
@click.option("--model", metavar="NAME",
              help="Judge this component of the OpenAPI document --schema names (or this $defs/definitions entry).")
@click.option("--require-typescript", is_flag=True,
              help="Exit 2 when node or tsc is missing, instead of skipping the TypeScript judge.")
@click.option("--ref-dir", "ref_dirs", multiple=True, metavar="[URI_PREFIX=]DIR",
              help="Serve remote $refs (and custom $schema metaschemas) from local files, as for generate and validate.")
@click.option("--names", "names_path", type=click.Path(path_type=Path),
              help="A names table (JSON or TOML) giving models and properties their names by JSON Pointer, as for generate.")
@click.option("--layout", type=click.Choice(["module", "package"]), default="module", show_default=True,
              help="Judge the code generated in this layout, as for generate.")
@click.option("--ts-emit", "ts_emit", type=click.Choice(["ts", "js"]), default="ts", show_default=True,
              help="Judge the TypeScript written this way, as for generate (js: the .js files run as they are).")
@click.option("--verbose", "-v", is_flag=True,
              help="Also list where the judges locate a problem differently (informative).")
def conformance(
    paths: tuple[Path, ...],
    schema_path: str | None,
    model: str | None,
    require_typescript: bool,
    ref_dirs: tuple[str, ...],
    names_path: Path | None,
    layout: str,
    ts_emit: str,
    verbose: bool,
) -> None:
    """Check that every generated output agrees with the schema on your payloads.

    Generates the Python and TypeScript code for SCHEMA into a temporary folder, then judges every
    payload four ways — the reference validator (jsonschema, every format checked), `schemasmith
    validate`, the generated Python and the generated TypeScript under Node — and prints each payload
    on which they disagree, or that a language does not write back as it read. PAYLOADS are .json
    files (one document), .ndjson/.jsonl files (one per line) or directories of those. The
    TypeScript judge needs node and node_modules/.bin/tsc (here or in the schemasmith repository).

    Exit status: 0 all agree, 1 some disagreement, 2 usage error, unreadable input or broken schema.
    """
    # Imported when the command runs: other commands never pay for the generator and Node judges.
    from ..conformance.check import collect_payloads, report_lines, run, summary_line

    try:
        if not paths:
            raise SchemaSmithError("give at least one payload file or directory")
        if schema_path is None:
            from ..codegen.config import default_schema

            schema_path = default_schema()
        if model is not None:
            from .validate_command import model_schema_path

            schema_path = model_schema_path(schema_path, model)
        payloads = collect_payloads(paths)
        if not payloads:
            raise SchemaSmithError("no payloads found in " + ", ".join(str(p) for p in paths))
        from ..ir.name_overrides import read_names_file

        names = read_names_file(names_path) if names_path is not None else None
        report = run(schema_path, payloads, typescript=True if require_typescript else None,
                     ref_dirs=[_absolute(value) for value in ref_dirs], names=names, layout=layout,
                     ts_emit=ts_emit)
    except SchemaSmithError as error:
        click.echo(f"schemasmith: error: {error}", err=True)
        sys.exit(error.exit_code)
    for line in report_lines(report, verbose):
        click.echo(line)
    click.echo(summary_line(report), err=True)
    sys.exit(report.exit_code)


def _absolute(ref_dir: str) -> str:
    """A --ref-dir value with its folder made absolute: the CLI judge runs in another folder."""
    prefix, sep, folder = ref_dir.rpartition("=")
    if sep and "://" in prefix:
        return f"{prefix}={Path(folder).resolve()}"
    return str(Path(ref_dir).resolve())
