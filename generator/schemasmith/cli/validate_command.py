"""``schemasmith validate``: the command-line face of schemasmith.validate."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from ..defaults import DEFAULT_SCHEMA
from ..errors import SchemaSmithError
from ..escaping import TERMINAL_UNSAFE, one_line

if TYPE_CHECKING:
    from ..source.refs import RefDirs
    from ..validate.issues import Issue
    from ..validate.job.run import Summary


EXIT_USAGE = 2


@click.command("validate")
@click.argument("paths", nargs=-1, metavar="[PATH…|-]")
# A string, not a click.Path: a Path would fold the "//" and drop the trailing "/" of a #/pointer.
@click.option("--schema", "schema_path", metavar="SCHEMA[#/POINTER]",
              show_default=f"the configuration's schema, else {DEFAULT_SCHEMA}",
              help="The JSON Schema to validate against (drafts 4, 6, 7, 2019-09, 2020-12); "
                   "FILE#/json/pointer for one schema inside a document "
                   "(openapi.json#/components/schemas/Session, schema.json#/$defs/Turn).")
@click.option("--model", metavar="NAME",
              help="Validate against this component of the OpenAPI document --schema names "
                   "(or this $defs/definitions entry of a JSON Schema).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per error; json: one JSON record per error and line.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes; 0 means one per core.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: --jobs processes on this machine; dask: a Dask cluster (local, or --scheduler's).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler to use (tcp://host:8786); default: a local "
                   "cluster of --jobs workers (one per core unless --jobs is given).")
@click.option("--max-errors", type=click.IntRange(min=1), help="Stop after this many errors (exit 1).")
@click.option("--strict", is_flag=True, help="Also report properties the schema does not declare.")
@click.option("--invalid-out", "invalid_out", metavar="FILE",
              help="Write every invalid document, verbatim, one per line, to FILE (a path or URL; "
                   "compressed when it ends in .gz, .zst, .bz2 or .xz).")
@click.option("--summary", "summary_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="The summary on stderr: one line ending with the top five failing fields, "
                                      "or one JSON object with the counts per keyword and per field.")
@click.option("--ref-dir", "ref_dirs", multiple=True, metavar="[URI_PREFIX=]DIR",
              help="Serve remote $refs (and custom $schema metaschemas) from local files: URIs under "
                   "URI_PREFIX from DIR, or any by file name. As for generate.")
@click.option("--annotate-formats", is_flag=True,
              help="Treat format as an annotation (never an error), as JSON Schema 2020-12 does by default. "
                   "Without it every format the schema's draft defines is checked.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say which draft the schema is read as (and why: its $schema, or the default when it has none).")
@click.option("--no-fast-path", is_flag=True, hidden=True,
              help="Send every document through the reference validator (for debugging and tests).")
def validate(
    paths: tuple[str, ...],
    schema_path: str | None,
    model: str | None,
    output_format: str,
    jobs: int,
    engine: str,
    scheduler: str | None,
    max_errors: int | None,
    strict: bool,
    invalid_out: str | None,
    summary_format: str,
    ref_dirs: tuple[str, ...],
    annotate_formats: bool,
    verbose: bool,
    no_fast_path: bool,
) -> None:
    """Validate JSON documents against a JSON Schema (default: schema/session.schema.json).

    PATH is a .json file (one document), a .ndjson or .jsonl file (one document per line; blank
    lines are skipped), a .yaml/.yml (one document per ---) or .toml file, any of them compressed
    (.gz, .zst, .bz2, .xz), a directory (searched recursively for the JSON kinds), a URL
    (s3://, gs://, https://, file://; globs expanded), or - for stdin (NDJSON, or one multi-line
    JSON document). Exit status: 0 all valid, 1 some invalid, 2 usage, unreadable
    input or broken schema.
    """
    if not paths:
        raise click.UsageError("give at least one PATH, or - to read stdin")
    if sys.stdout is None:  # started with stdout closed (`>&-`): no report could be written
        click.echo("schemasmith: error: stdout is closed: nowhere to write the report", err=True)
        sys.exit(EXIT_USAGE)
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    if engine == "dask" and click.get_current_context().get_parameter_source("jobs") == click.core.ParameterSource.DEFAULT:
        jobs = 0  # a local cluster of one worker per core, unless --jobs says otherwise
    stdout = _tolerant(sys.stdout)
    quarantine = None
    with _StartUpObjects() as start_up:
        try:
            # Imported when the command runs, so other commands never pay for the validator's imports.
            from ..validate.job.counts import IssueCounts
            from ..validate.job.progress import ProgressDisplay
            from ..validate.job.quarantine import InvalidOut, InvalidOutError
            from ..validate.job.run import ValidationRun

            counts = IssueCounts()
            if schema_path is None:
                from ..codegen.config import default_schema

                schema_path = default_schema()
            if model is not None:
                schema_path = model_schema_path(schema_path, model)

            run = ValidationRun(
                paths,
                schema_path,
                # More workers than cores only compete for them; the pool starts fewer still when
                # there is less work than that.
                jobs=min(jobs, _usable_cores()) if jobs else _usable_cores(),
                strict=strict,
                max_errors=max_errors,
                fast_path=not no_fast_path,
                stdin=sys.stdin.buffer if "-" in paths else None,
                engine=engine,
                scheduler=scheduler,
                ref_dirs=_parsed_ref_dirs(ref_dirs),
                annotate_formats=annotate_formats,
            )
            if verbose and run.reading:
                click.echo(f"{schema_path}: note: {run.reading}", err=True)
            if invalid_out is not None:
                quarantine = InvalidOut(invalid_out)
                run.set_invalid_sink(quarantine.write)
            start_up.done()
            with ProgressDisplay(run.progress):
                for issue in run:
                    _emit(issue, output_format, stdout)
                    if not _is_input_error(issue) or issue.keyword is not None:
                        counts.add(issue)
            stdout.flush()
            if quarantine is not None:
                quarantine.close()
        except InvalidOutError as error:
            click.echo(f"schemasmith: error: {one_line(str(error))}", err=True)
            sys.exit(2)
        except SchemaSmithError as error:
            click.echo(f"schemasmith: error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as error:
            from ..interrupts import exit_code

            click.echo("schemasmith: interrupted", err=True)
            sys.exit(exit_code(error))
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, without a second error at exit.
            _silence_stdout()
            sys.exit(1)
        except OSError as error:
            # Only writing the report raises OSError here (inputs that cannot be read are issues):
            # stdout full (`>/dev/full`), or closed under us.
            _silence_stdout()
            click.echo(f"schemasmith: error: cannot write the report to stdout: {error.strerror or error}", err=True)
            sys.exit(EXIT_USAGE)
        if summary_format == "json":
            click.echo(json.dumps(_summary_record(run.summary, counts.to_record())), err=True)
        else:
            click.echo(_summary_line(run.summary, counts.top_text() if run.summary.invalid else ""), err=True)
        sys.exit(run.summary.exit_code)


def _parsed_ref_dirs(ref_dirs: tuple[str, ...]) -> RefDirs | None:
    """--ref-dir's mappings; source.refs (and the ``referencing`` it imports, ~25 ms) only when given."""
    if not ref_dirs:
        return None
    from ..source.refs import RefDirs

    return RefDirs.parse(ref_dirs)


def model_schema_path(schema_path: str | Path, model: str) -> str:
    """``--schema FILE --model NAME`` as the ``FILE#/pointer`` the validator (and its workers) load."""
    from ..source.json_file import read_json
    from ..source.pick import fragment_of, model_pointer, split_schema_argument

    file, pointer = split_schema_argument(str(schema_path))
    if pointer is not None:
        raise SchemaSmithError("give the schema by a #/pointer or by --model, not both", file=str(file))
    _, document = read_json(file)
    return f"{file}#{fragment_of(model_pointer(document, model, str(file)))}"


class _StartUpObjects:
    """No garbage collection while the imports and the compiled validator make their many objects,
    which ``done`` then moves to the collector's permanent generation (gc.freeze): collections
    during the run skip them, and --jobs workers, forked later, do not write to the pages they share
    with this process just to collect them (the gc module documentation's recipe for processes that
    fork). Start-up took ~6% less CPU without the collections. Leaving restores the collector, for
    callers that run the command in their own process (tests)."""

    def __enter__(self) -> _StartUpObjects:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def done(self) -> None:
        gc.freeze()
        if self._was_enabled:
            gc.enable()

    def __exit__(self, *exc_info: object) -> None:
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the buffered rest is not flushed (and fails again) at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _usable_cores() -> int:
    # The cores this process may run on (a container or taskset may allow fewer than cpu_count).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _emit(issue: Issue, output_format: str, stdout: TextIO) -> None:
    if output_format == "json":
        stdout.write(issue.to_json() + "\n")
    elif issue.keyword is None and issue.line is None and issue.pointer == "" and _is_input_error(issue):
        click.echo(f"schemasmith: error: {one_line(issue.file)}: {one_line(issue.message)}", err=True)
    else:
        stdout.write(format_issue(issue) + "\n")


def _is_input_error(issue: Issue) -> bool:
    return issue.message.startswith(("cannot read", "cannot validate", "no such file", "no .json", "not validated",
                                     "not a regular"))


def format_issue(issue: Issue) -> str:
    """``file:line at #/pointer: message [keyword]`` — the text form of one issue, on one line."""
    file = one_line(issue.file)
    where = file if issue.line is None else f"{file}:{issue.line}"
    if issue.keyword is None:
        return f"{where}: {one_line(issue.message)}"
    text = f"{where} at #{fragment(issue.pointer)}: {one_line(issue.message)} [{issue.keyword}]"
    if issue.best_match is not None:
        pointer, message, keyword = issue.best_match
        text += f"; best match: at #{fragment(pointer)}: {one_line(message)} [{keyword}]"
    return text


def fragment(pointer: str) -> str:
    """A JSON Pointer as the URI fragment ``#`` is shown with (RFC 6901 section 6): a property
    name holding a newline, an escape sequence or a bidi control is percent-encoded, not printed raw."""
    return TERMINAL_UNSAFE().sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), pointer.replace("%", "%25")
    )


def _summary_record(summary: Summary, counts: dict[str, Any]) -> dict[str, Any]:
    """``--summary json``: the run's counts, and the issues per keyword and per field (no timing,
    so the same input gives the same bytes)."""
    return {
        "files": summary.files,
        "documents": summary.documents,
        "invalid": summary.invalid,
        "issues": summary.issues,
        "blank_lines": summary.blank_lines,
        "unreadable": summary.unreadable,
        "stopped_early": summary.stopped_early,
        "exit_code": summary.exit_code,
        **counts,
    }


def _summary_line(summary: Summary, top: str = "") -> str:
    """The run in one line on stderr (callers and tests read it as the last and only line there)."""
    files = f"{summary.files:,} file" + ("" if summary.files == 1 else "s")
    text = f"schemasmith: {summary.documents:,} document(s) in {files}: "
    if summary.stopped_early:
        # The documents read include the rest of the block the last error was in: their errors
        # were not shown, so "N invalid (1 error)" would not add up.
        text += f"{summary.invalid:,} invalid among them"
    elif summary.invalid:
        text += f"{summary.invalid:,} invalid ({summary.issues:,} error(s))"
    elif summary.documents:
        text += "all valid"
    else:
        text += "nothing validated"
    if summary.blank_lines:
        text += f", {summary.blank_lines:,} blank line(s) skipped"
    if summary.stopped_early:
        text += f"; stopped after {summary.issues:,} error(s) (--max-errors)"
    if summary.not_validated:
        text += f"; {summary.not_validated:,} input(s) or part(s) not validated (a worker process died)"
    if summary.unreadable:
        text += f"; {summary.unreadable:,} input(s) could not be read"
    if top:
        text += f"; {one_line(top)}"
    return text + f" [{summary.seconds:.2f} s]"


def _tolerant(stream: TextIO) -> TextIO:
    # A file name with undecodable bytes must not crash the output.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return stream
