"""Differential conformance: does every generated output agree with the schema, payload by payload?

The judges give each payload a verdict, valid or invalid:

- ``reference``: ``jsonschema`` with every format of the schema's draft checked
  (``reference_validator``), on the document as the project's one document policy decodes it
  (``parse_document``: RFC 8259 JSON; no NaN/Infinity, no lone surrogate escapes, no number beyond
  a 64-bit float, at most 256 levels of nesting). What that policy refuses is invalid.
- ``cli``: ``schemasmith validate --format json``, one subprocess over all the payloads (written as
  one NDJSON file, plus one ``.json`` file for each payload that spans lines or is blank).
- one per registered target whose output runs (``Target.runtime``; languages.py): ``python``, the
  generated module's ``from_json`` (``<name>_from_json`` for a non-object root); ``typescript``,
  the generated module compiled by ``tsc --strict``, its ``<prefix>FromJSON`` run by one Node
  process (node_harness.mjs) over all the payloads.

The verdicts must be identical. A payload the reference accepts must also round-trip through each
language: ``to_json(from_json(text))`` parses to the same JSON value — nothing lost (absent stays
absent, null stays null, unknown properties kept) — where a ``date-time`` string may change spelling
but not instant, at the precision the language holds (Python microseconds, TypeScript milliseconds;
finer fractions truncated, a leap second held as the end of second 59, as the README documents) and
TypeScript numbers are compared as the doubles JavaScript holds. The languages get the payload as
text, decoded as strict UTF-8 (a payload that is not UTF-8 is invalid before it reaches them).

Where the judges locate a problem (JSON Pointers) is compared too, but only for information: the
languages stop at the first problem, and the reference may list several.


The modules: payloads.py (reading them), reference_judge.py, cli_judge.py, languages.py and one
module per language judge, compare.py, report.py; this one generates the code and runs them all.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..codegen.pipeline import Settings, render_files
from ..targets.typescript.emit import codec_file
from ..ir.name_overrides import NameOverrides
from ..errors import SchemaSmithError
from ..source.refs import RefDirs
from .cli_judge import cli_judge
from .compare import compare, first_difference, instant
from .languages import Code, JudgeOptions, language_runtimes, load_judge
from .payloads import collect_payloads
from .reference_judge import load_json_schema, reference_judge
from .report import report_lines, summary_line
from .typescript_judge import NodeTools, find_node_tools
from .verdicts import JudgeBroken, Outcome, Payload, Problem, Report, Verdict, shorten

__all__ = [
    "JUDGES", "Code", "JudgeBroken", "NodeTools", "Outcome", "Payload", "Problem", "Report", "Verdict",
    "collect_payloads", "compare", "find_node_tools", "first_difference", "generate_code", "instant",
    "load_json_schema", "report_lines", "run", "shorten", "summary_line",
]

# Every judge, in the order verdicts are listed.
JUDGES = ("reference", "cli", *(name for name, _ in language_runtimes()))


def generate_code(schema_path: Path, directory: Path, settings: Settings = Settings()) -> dict[str, Code]:
    """Render every target that has a runtime into ``directory``: its module and root codec, by name."""
    return _generate(schema_path, directory, settings)[0]


def _generate(schema_path: Path | str, directory: Path, settings: Settings) -> tuple[dict[str, Code], frozenset[str]]:
    """generate_code's code, and the keywords generation named as left to ``schemasmith validate``
    (a disagreement only on those is informative)."""
    from ..source.pick import split_schema_argument

    runtimes = dict(language_runtimes())
    file, pointer = split_schema_argument(str(schema_path))
    schema_ir, files = render_files(file, list(runtimes), settings)
    if pointer is not None:
        from ..source.json_file import read_json
        from ..source.pick import as_pointer

        if not pointer.startswith("/") and pointer:
            pointer = as_pointer(read_json(file)[1], pointer, str(file))  # an anchor's name
        schema_ir = _rooted_at(schema_ir, pointer, str(file))
    for relative, text in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    code = {}
    for name, runtime in runtimes.items():
        codec = runtime.root_codec(schema_ir, layout=settings.layout)
        # With --ts-emit js every .ts file is written as .js (and .d.ts): the code run is the .js.
        codec = replace(codec, file=codec_file(codec.file, settings.ts_emit))
        code[name] = Code(name, directory / codec.file, codec)
    return code, frozenset(u.keyword for u in schema_ir.unchecked)


def _rooted_at(schema_ir: Any, pointer: str, file: str) -> Any:
    """The IR with the model (or named type) generated for the schema at ``pointer`` as its root,
    so the judges decode payloads with that type's loader."""
    for named in (*schema_ir.models, *schema_ir.aliases):
        if named.pointer == pointer:
            return replace(schema_ir, root_name=named.name)
    raise SchemaSmithError(
        "no generated model or named type for the schema at this pointer: the languages cannot be judged on it "
        "(pick a component, or a $defs entry the document's root uses)", file=file, pointer=pointer)


def run(
    schema_path: Path | str,
    payloads: Sequence[Payload],
    *,
    typescript: bool | None = None,
    tools: Any = None,
    workdir: Path | None = None,
    required: Collection[str] = (),
    skip: Collection[str] = (),
    ref_dirs: Sequence[str] = (),
    names: NameOverrides | None = None,
    layout: str = "module",
    ts_emit: str = "ts",
) -> Report:
    """Judge every payload with every judge and compare.

    A language judge whose tools are missing is skipped, unless ``required`` names it
    (SchemaSmithError, exit 2); ``skip`` names judges not to run. ``typescript``: True adds it to
    ``required``, False to ``skip``. ``tools``: what judges that run tools use (the TypeScript
    judge's NodeTools, or the reason they are missing), found on PATH when None.
    ``ref_dirs``: ``--ref-dir`` values with absolute folders (the CLI judge runs elsewhere).
    ``names``: the names table the code is generated with (``--names``).
    ``layout``: the code's layout (``--layout``: one module, or a package of modules per model).
    ``ts_emit``: the TypeScript as written (``--ts-emit``: sources, or JavaScript with declarations).
    SchemaSmithError for a broken schema.
    """
    required = {*required, *(["typescript"] if typescript else [])}
    skip = {*skip, *(["typescript"] if typescript is False else [])}
    load_json_schema(schema_path, ref_dirs)  # a broken schema is exit 2 before anything else runs
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="schemasmith-conformance-") as temporary:
            return run(schema_path, payloads, tools=tools, workdir=Path(temporary), required=required, skip=skip,
                       ref_dirs=ref_dirs, names=names, layout=layout, ts_emit=ts_emit)
    options = JudgeOptions(workdir, tools)
    skipped: dict[str, str] = {}
    languages = {}
    for name, runtime in language_runtimes():
        if name in skip:
            skipped[name] = "not requested"
            continue
        judge = load_judge(runtime)
        why = judge.unavailable(options)
        if why is not None:
            if name in required:
                raise SchemaSmithError(f"the {judge.label} judge needs {judge.needs}: {why}")
            skipped[name] = why
            continue
        languages[name] = judge
    settings = Settings(ref_dirs=RefDirs.parse(list(ref_dirs)), names=names, layout=layout, ts_emit=ts_emit)
    code, unchecked = _generate(schema_path, workdir / "generated", settings)
    reference, documents = reference_judge(schema_path, payloads, ref_dirs)
    results: dict[str, list[Verdict]] = {"reference": reference}
    broken: dict[str, str] = {}
    judges: dict[str, Callable[[], list[Verdict]]] = {"cli": lambda: cli_judge(schema_path, payloads, workdir, ref_dirs)}
    for name, judge in languages.items():
        judges[name] = functools.partial(judge.judge, code[name], payloads, options)
    for name, judge_all in judges.items():
        try:
            results[name] = judge_all()
        except JudgeBroken as error:
            broken[name] = str(error)
    ran = tuple(j for j in JUDGES if j in results)
    outcomes = [
        compare(payload, {judge: results[judge][index] for judge in ran}, documents[index], unchecked)
        for index, payload in enumerate(payloads)
    ]
    return Report(outcomes, ran, skipped, broken)
