"""Differential conformance: does every generated output agree with the schema, payload by payload?

Four judges give each payload a verdict, valid or invalid:

- ``reference``: ``jsonschema`` with every format of the schema's draft checked
  (``reference_validator``), on the document as the project's one document policy decodes it
  (``parse_document``: RFC 8259 JSON; no NaN/Infinity, no lone surrogate escapes, no number beyond
  a 64-bit float, at most 256 levels of nesting). What that policy refuses is invalid.
- ``cli``: ``schemasmith validate --format json``, one subprocess over all the payloads (written as
  one NDJSON file, plus one ``.json`` file for each payload that spans lines or is blank).
- ``python``: the generated module's ``from_json`` (``<name>_from_json`` for a non-object root).
- ``typescript``: the generated module compiled by ``tsc --strict``, its ``<prefix>FromJSON`` run
  by one Node process over all the payloads.

The verdicts must be identical. A payload the reference accepts must also round-trip through each
language: ``to_json(from_json(text))`` parses to the same JSON value — nothing lost (absent stays
absent, null stays null, unknown properties kept) — where a ``date-time`` string may change spelling
but not instant, at the precision the language holds (Python microseconds, TypeScript milliseconds;
finer fractions truncated, a leap second held as the end of second 59, as the README documents) and
TypeScript numbers are compared as the doubles JavaScript holds. The languages get the payload as
text, decoded as strict UTF-8 (a payload that is not UTF-8 is invalid before it reaches them).

Where the judges locate a problem (JSON Pointers) is compared too, but only for information: the
languages stop at the first problem, and the reference may list several.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..targets import naming
from ..targets.python import target as python_target
from ..targets.typescript import target as typescript_target
from ..errors import SchemaSmithError
from ..escaping import one_line
from ..validate.formats import is_date_time
from ..source.load import LoadedSchema, load_schema
from ..source.refs import RefDirs
from ..codegen.pipeline import Settings, render_files
from ..source.pointer import escape_token, pointer_from_parts
from ..validate import DocumentError, parse_document, reference_validator
from ..validate.schema_check import check_schema

JUDGES = ("reference", "cli", "python", "typescript")
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
SEARCHED_SUFFIXES = (".json", *NDJSON_SUFFIXES)
BOM = b"\xef\xbb\xbf"
# The folder that holds the `schemasmith` package (for PYTHONPATH) and, in a source checkout, the
# repository root (for its node_modules).
IMPORT_ROOT = Path(__file__).resolve().parents[2]
REPO_ROOT = Path(__file__).resolve().parents[3]
TOOL_TIMEOUT = 600


# ---------------------------------------------------------------------------------------------
# What goes in, what comes out
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    """One JSON text to judge, named for the reader (``file:line``, or a test case's name)."""

    name: str
    data: bytes

    @classmethod
    def of_text(cls, name: str, text: str) -> Payload:
        return cls(name, text.encode("utf-8"))


@dataclass(frozen=True)
class Verdict:
    """One judge's verdict on one payload.

    ``pointers``: where the judge located problems (a language: its one error; the reference and
    the CLI: every error). ``crashed``: a language failed with something other than its
    ``SchemaValidationError``. ``round_trip``: a language's ``to_json`` text of an accepted payload,
    or None with ``round_trip_error`` saying why it could not be produced.
    """

    valid: bool
    pointers: tuple[str, ...] = ()
    message: str = ""
    keywords: tuple[str | None, ...] = ()
    # The reference only: for each error, every keyword on its schema path (to tell whether the
    # loaders were told to leave it to the validator).
    schema_keywords: tuple[frozenset[str], ...] = ()
    crashed: bool = False
    round_trip: str | None = None
    round_trip_error: str | None = None

    def describe(self) -> str:
        if self.valid:
            return "valid"
        if self.crashed:
            return f"failed ({shorten(self.message, 60)})"
        where = " ".join(f"#{pointer}" for pointer in dict.fromkeys(self.pointers)) or "?"
        keywords = sorted({k for k in self.keywords if k is not None})
        if keywords:
            return f"invalid at {where} [{', '.join(keywords)}]"
        # No schema keyword: a language's one error, or a document that is not JSON: say why.
        return f"invalid at {where} ({shorten(self.message, 100)})"


@dataclass(frozen=True)
class Problem:
    """``kind``: ``verdicts`` (the judges disagree), ``error type`` (a language crashed instead of
    raising its SchemaValidationError), ``round trip`` (an accepted valid payload came back
    different), ``pointer`` (the judges agree but locate the problem differently; informative), or
    ``unchecked`` (the judges disagree, but only on what the loaders were told at generation time
    to leave to ``schemasmith validate``, or on a string too long for a backtracking pattern:
    informative, and counted apart)."""

    kind: str
    detail: str
    judge: str | None = None

    @property
    def failing(self) -> bool:
        return self.kind not in ("pointer", "unchecked")


@dataclass
class Outcome:
    payload: Payload
    verdicts: dict[str, Verdict]
    problems: list[Problem] = field(default_factory=list)

    @property
    def failing(self) -> list[Problem]:
        return [p for p in self.problems if p.failing]


@dataclass(repr=False)
class Report:
    outcomes: list[Outcome]
    judges: tuple[str, ...]
    skipped: dict[str, str] = field(default_factory=dict)  # judge -> why it did not run
    broken: dict[str, str] = field(default_factory=dict)  # judge -> why it could not judge at all

    def __repr__(self) -> str:  # the outcomes hold every payload: far too long to show
        return (f"Report({len(self.outcomes)} payloads, judges={self.judges!r}, "
                f"failing={sum(1 for o in self.outcomes if o.failing)}, skipped={self.skipped!r}, broken={self.broken!r})")

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes for p in o.problems if p.kind == kind)

    @property
    def agreeing(self) -> int:
        return sum(1 for o in self.outcomes if not any(p.kind == "verdicts" for p in o.problems))

    @property
    def exit_code(self) -> int:
        return 1 if self.broken or any(o.failing for o in self.outcomes) else 0


class JudgeBroken(Exception):
    """A judge could not judge at all (tsc refused the generated code, the CLI exited 2...)."""


# ---------------------------------------------------------------------------------------------
# Reading a user's payload files
# ---------------------------------------------------------------------------------------------


def collect_payloads(paths: Iterable[Path]) -> list[Payload]:
    """Payloads from ``.json`` files (one document each), ``.ndjson``/``.jsonl`` files (one per
    non-blank line) and directories (searched recursively, in sorted order, for those), read as
    ``schemasmith validate`` reads them: a byte order mark at the very start of a file is dropped."""
    payloads: list[Payload] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SEARCHED_SUFFIXES)
        elif path.exists():
            files = [path]
        else:
            raise SchemaSmithError("no such file or directory", file=str(path))
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as error:
                raise SchemaSmithError(f"cannot read file: {error.strerror}", file=str(file)) from None
            data = data[len(BOM):] if data.startswith(BOM) else data
            if file.suffix.lower() in NDJSON_SUFFIXES:
                for number, line in enumerate(data.split(b"\n"), start=1):
                    line = line[:-1] if line.endswith(b"\r") else line
                    if line.strip(b" \t\r"):
                        payloads.append(Payload(f"{file}:{number}", line))
            else:
                payloads.append(Payload(str(file), data))
    return payloads


# ---------------------------------------------------------------------------------------------
# Generating the targets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """The generated Python and TypeScript modules for one schema, and the root's codec names."""

    python_file: Path
    typescript_file: Path
    python_load: str  # "Session.from_json" or "tags_from_json"
    python_dump: str  # "to_json" (a method) or "tags_to_json"
    typescript_load: str
    typescript_dump: str
    root_is_model: bool
    # Keywords the loaders leave to the validator (named at generation time).
    unchecked: frozenset[str] = frozenset()


def load_json_schema(schema_path: Path, ref_dirs: Sequence[str] = ()) -> LoadedSchema:
    """The schema document and its registry; SchemaSmithError (exit 2) when it is broken.

    ``ref_dirs`` are ``--ref-dir`` values (``[URI_PREFIX=]DIR``), as for generate and validate."""
    loaded = load_schema(schema_path, RefDirs.parse(list(ref_dirs)) if ref_dirs else None, custom_dialects=True)
    if loaded.is_openapi:
        raise SchemaSmithError(
            "an OpenAPI document is not a schema to validate against; give one JSON Schema", file=str(schema_path)
        )
    # every $ref resolves, every pattern compiles
    check_schema(loaded.document, loaded.registry, loaded.dialect.draft if loaded.dialect else None)
    return loaded


def generate_targets(schema_path: Path, directory: Path, settings: Settings = Settings()) -> Targets:
    """Render the Python and TypeScript targets for ``schema_path`` into ``directory``."""
    schema_ir, files = render_files(schema_path, ["python", "typescript"], settings)
    for relative, text in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    root_is_model = any(m.name == schema_ir.root_name for m in schema_ir.models)
    ts_prefix = naming.function_prefix(schema_ir.root_name)
    py_prefix = naming.snake_module_name(schema_ir.root_name)
    return Targets(
        python_file=directory / "python" / f"{python_target.module_name(schema_ir)}.py",
        typescript_file=directory / "typescript" / f"{typescript_target.module_name(schema_ir)}.ts",
        python_load=f"{schema_ir.root_name}.from_json" if root_is_model else f"{py_prefix}_from_json",
        python_dump="to_json" if root_is_model else f"{py_prefix}_to_json",
        typescript_load=f"{ts_prefix}FromJSON",
        typescript_dump=f"{ts_prefix}ToJSON",
        root_is_model=root_is_model,
        unchecked=frozenset(u.keyword for u in schema_ir.unchecked),
    )


# ---------------------------------------------------------------------------------------------
# The judges
# ---------------------------------------------------------------------------------------------


def reference_judge(
    schema_path: Path, payloads: Sequence[Payload], ref_dirs: Sequence[str] = ()
) -> tuple[list[Verdict], list[Any]]:
    """Verdicts of jsonschema (full format checking) and the decoded documents (None if not JSON)."""
    from ..validate.reference.engine import error_keyword

    loaded = load_json_schema(schema_path, ref_dirs)
    dialect = loaded.dialect
    validator = reference_validator(
        loaded.document,
        loaded.registry,
        draft=dialect.draft if dialect else None,
        ignored_keywords=dialect.ignored_keywords if dialect else frozenset(),
    )
    verdicts: list[Verdict] = []
    documents: list[Any] = []
    for payload in payloads:
        try:
            document = parse_document(payload.data)
        except DocumentError as error:
            verdicts.append(Verdict(False, ("",), str(error), (None,)))
            documents.append(None)
            continue
        errors = list(validator.iter_errors(document))
        documents.append(document)
        verdicts.append(
            Verdict(
                not errors,
                tuple(pointer_from_parts(e.absolute_path) for e in errors),
                "; ".join(shorten(e.message, 200) for e in errors[:3]),
                tuple(error_keyword(e) for e in errors),
                tuple(frozenset(str(part) for part in (*e.schema_path, e.validator)) for e in errors),
            )
        )
    return verdicts, documents


# When the CLI fails outright (exit 2: an internal error) on the batch, each payload gets a file of
# its own, so the failure names the payload; up to this many such payloads are singled out.
CLI_CRASH_LIMIT = 8
_CRASHED_FILE = re.compile(r"payload-(\d{6})\.(?:ndjson|json)\b")


def cli_judge(
    schema_path: Path, payloads: Sequence[Payload], directory: Path, ref_dirs: Sequence[str] = ()
) -> list[Verdict]:
    """``schemasmith validate --format json`` once over every payload (one NDJSON file, line by line).

    Should the CLI fail outright (exit 2) — which a payload never should make it do — the payloads
    are judged again one file each, in order, to single out those it fails on: each gets a crashed
    verdict naming the failure.
    """
    done, verdicts = _cli_batch(
        schema_path, payloads, range(len(payloads)), directory / "cli", one_file_each=False, ref_dirs=ref_dirs
    )
    if verdicts is not None:
        return [verdicts[index] for index in range(len(payloads))]
    failure = _last_line(done.stderr)
    found: dict[int, Verdict] = {}
    crashed: list[int] = []
    remaining = list(range(len(payloads)))
    while remaining:
        folder = directory / f"cli-single-{len(crashed)}"
        done, verdicts = _cli_batch(schema_path, payloads, remaining, folder, one_file_each=True, ref_dirs=ref_dirs)
        if verdicts is not None:
            found.update(verdicts)
            break
        match = _CRASHED_FILE.search(done.stderr.decode("utf-8", "replace"))
        if match is None or int(match.group(1)) not in remaining:
            raise JudgeBroken(f"`schemasmith validate` exited {done.returncode}: {_last_line(done.stderr)}")
        culprit = int(match.group(1))
        crashed.append(culprit)
        if len(crashed) > CLI_CRASH_LIMIT:
            names = "; ".join(payloads[i].name for i in crashed[:3])
            raise JudgeBroken(f"`schemasmith validate` fails outright (exit {done.returncode}) on more than "
                              f"{CLI_CRASH_LIMIT} payloads ({names}; ...): {failure}")
        reason = re.sub(r" while validating \S+", "", _last_line(done.stderr, limit=1000))
        found[culprit] = Verdict(False, ("",), f"`schemasmith validate` exited {done.returncode}: {reason}", crashed=True)
        # Files are validated in sorted order: those before the culprit were judged completely.
        for index, verdict in (_verdicts_before_crash(done, remaining, culprit) or {}).items():
            found[index] = verdict
        remaining = [i for i in remaining if i > culprit]
    return [found[index] for index in range(len(payloads))]


def _verdicts_before_crash(
    done: subprocess.CompletedProcess[bytes], remaining: list[int], culprit: int
) -> dict[int, Verdict]:
    """The verdicts on the one-payload files the CLI finished before failing on ``culprit``."""
    records = _records_by_index(done.stdout, lambda name, line: _file_index(name))
    return {i: _cli_verdict(records.get(i, [])) for i in remaining if i < culprit}


def _file_index(name: str) -> int:
    match = _CRASHED_FILE.fullmatch(name)
    if match is None:
        raise JudgeBroken(f"`schemasmith validate` reported an unexpected file: {name}")
    return int(match.group(1))


def _cli_batch(
    schema_path: Path,
    payloads: Sequence[Payload],
    indexes: Iterable[int],
    folder: Path,
    *,
    one_file_each: bool,
    ref_dirs: Sequence[str] = (),
) -> tuple[subprocess.CompletedProcess[bytes], dict[int, Verdict] | None]:
    """One run of the CLI over the payloads at ``indexes``; verdicts None when it exits 2 or worse."""
    folder.mkdir(parents=True, exist_ok=True)
    # Line 1 stays blank, so a payload's byte order mark is never "the start of the file" (which
    # the CLI tolerates); blank lines are skipped and line numbers kept.
    lines: list[bytes] = [b""]
    line_of: dict[int, int] = {}
    indexes = list(indexes)
    for index in indexes:
        data = payloads[index].data
        if b"\n" in data or b"\r" in data or not data.strip():
            # An NDJSON line cannot hold these (a blank line is skipped): a .json file each.
            (folder / f"payload-{index:06d}.json").write_bytes(b"\n" + data if data.startswith(BOM) else data)
        elif one_file_each:
            (folder / f"payload-{index:06d}.ndjson").write_bytes(b"\n" + data + b"\n")
        else:
            lines.append(data)
            line_of[len(lines)] = index
    if not one_file_each:
        (folder / "payloads.ndjson").write_bytes(b"\n".join(lines) + b"\n")
    command = [sys.executable, "-m", "schemasmith", "validate", "--format", "json",
               "--schema", str(schema_path.resolve()), folder.name]
    for value in ref_dirs:
        command += ["--ref-dir", value]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(IMPORT_ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(command, capture_output=True, cwd=folder.parent, env=env, timeout=TOOL_TIMEOUT)
    if done.returncode not in (0, 1):
        return done, None

    def locate(name: str, line: int | None) -> int:
        if name == "payloads.ndjson":
            if line not in line_of:
                raise JudgeBroken(f"`schemasmith validate` reported an unexpected line: {name}:{line}")
            return line_of[line]
        return _file_index(name)

    records = _records_by_index(done.stdout, locate)
    if (done.returncode == 1) != bool(records):
        raise JudgeBroken(f"`schemasmith validate` exited {done.returncode} with {len(records)} invalid payload(s)")
    return done, {index: _cli_verdict(records.get(index, [])) for index in indexes}


def _records_by_index(stdout: bytes, locate: Callable[[str, int | None], int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for raw in stdout.splitlines():
        record = json.loads(raw)
        found.setdefault(locate(Path(record["file"]).name, record["line"]), []).append(record)
    return found


def _cli_verdict(records: list[dict[str, Any]]) -> Verdict:
    return Verdict(
        not records,
        tuple(r["pointer"] for r in records),
        "; ".join(shorten(r["message"], 200) for r in records[:3]),
        tuple(r["keyword"] for r in records),
    )


_module_counter = itertools.count()


def python_judge(targets: Targets, payloads: Sequence[Payload]) -> list[Verdict]:
    """The generated Python module, imported in this process."""
    name = f"_schemasmith_conformance_{next(_module_counter)}"
    spec = importlib.util.spec_from_file_location(name, targets.python_file)
    if spec is None or spec.loader is None:
        raise JudgeBroken(f"cannot import {targets.python_file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses needs the module registered while it executes
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001 - any failure to import is the generated code's
        raise JudgeBroken(f"the generated Python does not import: {type(error).__name__}: {error}") from None
    owner, _, function = targets.python_load.rpartition(".")
    load: Callable[[str], Any] = getattr(getattr(module, owner), function) if owner else getattr(module, function)
    dump: Callable[[Any], str] = (
        (lambda value: value.to_json()) if targets.root_is_model else getattr(module, targets.python_dump)
    )
    error_class: type[Exception] = module.SchemaValidationError
    verdicts = []
    for payload in payloads:
        try:
            text = payload.data.decode("utf-8")
        except UnicodeDecodeError as error:
            verdicts.append(Verdict(False, ("",), f"not UTF-8 text ({error.reason} at byte {error.start})"))
            continue
        try:
            value = load(text)
        except error_class as error:
            verdicts.append(Verdict(False, (str(getattr(error, "pointer", "")),), str(error)))
            continue
        except Exception as error:  # noqa: BLE001 - RecursionError, TypeError...: reported, never fatal
            verdicts.append(Verdict(False, ("",), f"{type(error).__name__}: {error}", crashed=True))
            continue
        try:
            verdicts.append(Verdict(True, round_trip=dump(value)))
        except Exception as error:  # noqa: BLE001
            verdicts.append(Verdict(True, round_trip_error=f"{type(error).__name__}: {error}"))
    return verdicts


# The Node side of the TypeScript judge: argv = compiled module, load and dump function names,
# payloads file (a JSON array of base64 strings), results file. A payload is decoded as strict UTF-8
# keeping a byte order mark, as the Python judge does.
NODE_HARNESS = r"""
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, loadName, dumpName, payloadsPath, resultsPath] = process.argv.slice(2);
const generated = await import(pathToFileURL(modulePath).href);
const load = generated[loadName];
const dump = generated[dumpName];
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const describe = (error) => `${error?.name ?? typeof error}: ${error?.message ?? String(error)}`;

const results = JSON.parse(readFileSync(payloadsPath, "utf-8")).map((encoded) => {
  let text;
  try {
    text = decoder.decode(Buffer.from(encoded, "base64"));
  } catch (error) {
    return { valid: false, pointer: "", message: "not UTF-8 text", crashed: false };
  }
  let value;
  try {
    value = load(text);
  } catch (error) {
    const schemaError = error instanceof generated.SchemaValidationError;
    return { valid: false, pointer: schemaError ? error.pointer : "", message: describe(error), crashed: !schemaError };
  }
  try {
    return { valid: true, roundTrip: dump(value) };
  } catch (error) {
    return { valid: true, roundTrip: null, roundTripError: describe(error) };
  }
});
writeFileSync(resultsPath, JSON.stringify(results));
"""

TSCONFIG: dict[str, Any] = {
    "strict": True,
    "target": "ES2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "skipLibCheck": True,
    "types": [],
}


@dataclass(frozen=True)
class NodeTools:
    node: str
    tsc: str


def find_node_tools(cwd: Path | None = None) -> NodeTools | str:
    """node on PATH and tsc from ``node_modules/.bin`` in ``cwd`` or this repository; else why not."""
    node = shutil.which("node")
    candidates = [(cwd or Path.cwd()) / "node_modules" / ".bin" / "tsc", REPO_ROOT / "node_modules" / ".bin" / "tsc"]
    tsc = next((str(c) for c in candidates if c.exists()), None)
    if node is None:
        return "node is not on PATH"
    if tsc is None:
        return "no node_modules/.bin/tsc in the current directory or the schemasmith repository (npm install typescript)"
    return NodeTools(node, tsc)


def typescript_judge(targets: Targets, payloads: Sequence[Payload], directory: Path, tools: NodeTools) -> list[Verdict]:
    """The generated TypeScript, compiled by ``tsc --strict`` and run by one Node process."""
    source_dir = targets.typescript_file.parent
    out_dir = directory / "typescript-out"
    config = directory / "tsconfig.json"
    options = dict(TSCONFIG, outDir=str(out_dir), rootDir=str(source_dir))
    config.write_text(json.dumps({"compilerOptions": options, "files": [str(targets.typescript_file)]}), "utf-8")
    (directory / "package.json").write_text('{"type": "module"}', "utf-8")
    compiled = subprocess.run([tools.tsc, "-p", str(config)], capture_output=True, text=True, cwd=directory,
                              timeout=TOOL_TIMEOUT)
    if compiled.returncode != 0:
        raise JudgeBroken(f"tsc --strict refused the generated TypeScript: {_last_line(compiled.stdout + compiled.stderr, first=True)}")
    harness = directory / "conformance-harness.mjs"
    harness.write_text(NODE_HARNESS, "utf-8")
    payloads_file = directory / "typescript-payloads.json"
    payloads_file.write_text(json.dumps([base64.b64encode(p.data).decode("ascii") for p in payloads]), "utf-8")
    results_file = directory / "typescript-results.json"
    module = out_dir / targets.typescript_file.with_suffix(".js").name
    ran = subprocess.run(
        [tools.node, str(harness), str(module), targets.typescript_load, targets.typescript_dump,
         str(payloads_file), str(results_file)],
        capture_output=True, text=True, cwd=directory, timeout=TOOL_TIMEOUT,
    )
    if ran.returncode != 0 or not results_file.exists():
        raise JudgeBroken(f"node exited {ran.returncode}: {_last_line(ran.stderr)}")
    verdicts = []
    for result in json.loads(results_file.read_text("utf-8")):
        if result["valid"]:
            verdicts.append(Verdict(True, round_trip=result.get("roundTrip"), round_trip_error=result.get("roundTripError")))
        else:
            pointer = result.get("pointer")
            verdicts.append(Verdict(False, (pointer if isinstance(pointer, str) else "",), result["message"],
                                    crashed=bool(result.get("crashed"))))
    return verdicts


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))", re.ASCII
)


def instant(text: str, digits: int) -> int | None:
    """A valid RFC 3339 date-time as a count of 10**-digits seconds since 1970 (fraction truncated;
    a leap second as the last such unit of second 59, the closest instant the languages hold)."""
    match = _DATE_TIME.fullmatch(text)
    if match is None or not is_date_time(text):
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.group(1, 2, 3, 4, 5, 6))
    fraction, sign, offset_hour, offset_minute = match.group(7, 8, 9, 10)
    units = 10**digits
    sub = int((fraction or "")[:digits].ljust(digits, "0")) if digits else 0
    if second == 60:
        second, sub = 59, units - 1
    offset = 0 if sign is None else (int(offset_hour) * 60 + int(offset_minute)) * (1 if sign == "+" else -1)
    seconds: int = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    return int(seconds * units + sub)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (year 0 included)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def first_difference(original: Any, again: Any, *, digits: int, doubles: bool, pointer: str = "") -> str | None:
    """The JSON Pointer of the first place ``again`` differs from ``original`` as JSON, or None.

    Numbers compare by value (as doubles when ``doubles``); a date-time string may change spelling
    but not its instant at ``digits`` fraction digits; object keys are unordered.
    """
    if original is None or isinstance(original, bool):
        return None if type(again) is type(original) and again == original else pointer
    if isinstance(original, (int, float)):
        if isinstance(again, bool) or not isinstance(again, (int, float)):
            return pointer
        if doubles:
            try:
                return None if float(original) == float(again) else pointer
            except OverflowError:
                return pointer
        return None if original == again else pointer
    if isinstance(original, str):
        if not isinstance(again, str):
            return pointer
        if original == again:
            return None
        before = instant(original, digits)
        return None if before is not None and before == instant(again, digits) else pointer
    if isinstance(original, list):
        if not isinstance(again, list):
            return pointer
        for index, (a, b) in enumerate(zip(original, again)):
            found = first_difference(a, b, digits=digits, doubles=doubles, pointer=f"{pointer}/{index}")
            if found is not None:
                return found
        return None if len(original) == len(again) else f"{pointer}/{min(len(original), len(again))}"
    if isinstance(original, dict):
        if not isinstance(again, dict):
            return pointer
        for key, value in original.items():
            if key not in again:
                return f"{pointer}/{escape_token(key)}"
            found = first_difference(value, again[key], digits=digits, doubles=doubles,
                                     pointer=f"{pointer}/{escape_token(key)}")
            if found is not None:
                return found
        extra = next((key for key in again if key not in original), None)
        return None if extra is None else f"{pointer}/{escape_token(extra)}"
    return pointer


# (judge, fraction digits its date-times hold, whether its numbers are doubles)
LANGUAGES = (("python", 6, False), ("typescript", 3, True))


def compare(
    payload: Payload, verdicts: dict[str, Verdict], document: Any, unchecked: frozenset[str] = frozenset()
) -> Outcome:
    outcome = Outcome(payload, verdicts)
    problems = outcome.problems
    if len({v.valid for v in verdicts.values()}) > 1:
        kind = "unchecked" if _only_unchecked(verdicts, unchecked) else "verdicts"
        problems.append(Problem(kind, "verdicts differ: " + ", ".join(
            f"{judge} {verdict.describe()}" for judge, verdict in verdicts.items())))
    for judge, verdict in verdicts.items():
        if verdict.crashed:
            expected = "a verdict" if judge == "cli" else "its SchemaValidationError"
            problems.append(Problem("error type", f"{judge} failed with {shorten(verdict.message, 300)} "
                                                  f"instead of {expected}", judge))
    reference = verdicts.get("reference")
    if reference is None:
        return outcome
    if reference.valid:
        for judge, digits, doubles in LANGUAGES:
            language = verdicts.get(judge)
            if language is not None and language.valid:
                problem = _round_trip_problem(judge, language, document, digits, doubles)
                if problem is not None:
                    problems.append(problem)
        return outcome
    located = set(reference.pointers)
    for judge in ("cli", "python", "typescript"):
        other = verdicts.get(judge)
        if other is None or other.valid or other.crashed:
            continue
        if (set(other.pointers) != located) if judge == "cli" else (other.pointers[0] not in located):
            problems.append(Problem("pointer", f"{judge} locates the problem at "
                                    f"{', '.join('#' + p for p in dict.fromkeys(other.pointers))}, the reference at "
                                    f"{', '.join('#' + p for p in dict.fromkeys(reference.pointers))}", judge))
    return outcome


def _only_unchecked(verdicts: dict[str, Verdict], unchecked: frozenset[str]) -> bool:
    """Whether the languages differ from the reference (and the CLI) only where they were told to:
    every reference error involves a keyword left to the validator, or a language refused a string
    too long for a backtracking pattern."""
    reference = verdicts.get("reference")
    if reference is None:
        return False
    for judge in ("python", "typescript"):
        language = verdicts.get(judge)
        if language is None or language.valid == reference.valid:
            continue
        if language.crashed:
            return False
        if reference.valid:
            if "in bounded time" not in language.message:
                return False
        elif not reference.schema_keywords or not all(k & unchecked for k in reference.schema_keywords):
            return False
    cli = verdicts.get("cli")
    return cli is None or cli.valid == reference.valid


def _round_trip_problem(judge: str, verdict: Verdict, document: Any, digits: int, doubles: bool) -> Problem | None:
    if verdict.round_trip is None:
        return Problem("round trip", f"{judge} accepted it but could not write it back: {verdict.round_trip_error}", judge)
    try:
        again = json.loads(verdict.round_trip)
    except (ValueError, RecursionError) as error:
        return Problem("round trip", f"{judge} wrote back text that is not JSON: {error}", judge)
    where = first_difference(document, again, digits=digits, doubles=doubles)
    if where is None:
        return None
    return Problem("round trip", f"{judge} round trip changed #{where}: {_show(_resolve(document, where))} -> "
                                 f"{_show(_resolve(again, where))}", judge)


_ABSENT = object()


def _resolve(document: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(document, dict):
            document = document.get(token, _ABSENT)
        elif isinstance(document, list) and token.isdigit() and int(token) < len(document):
            document = document[int(token)]
        else:
            return _ABSENT
    return document


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "(absent)"
    try:
        return shorten(json.dumps(value, ensure_ascii=False), 80)
    except (ValueError, RecursionError):
        return shorten(repr(value), 80)


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def run(
    schema_path: Path,
    payloads: Sequence[Payload],
    *,
    typescript: bool | None = None,
    tools: NodeTools | str | None = None,
    workdir: Path | None = None,
    ref_dirs: Sequence[str] = (),
) -> Report:
    """Judge every payload four ways and compare.

    ``typescript``: True requires the TypeScript judge (SchemaSmithError, exit 2, without node and
    tsc), False skips it, None runs it when the tools are found. SchemaSmithError for a broken schema.
    ``ref_dirs``: ``--ref-dir`` values with absolute folders (the CLI judge runs elsewhere).
    """
    load_json_schema(schema_path, ref_dirs)  # a broken schema is exit 2 before anything else runs
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="schemasmith-conformance-") as temporary:
            return run(
                schema_path, payloads, typescript=typescript, tools=tools, workdir=Path(temporary), ref_dirs=ref_dirs
            )
    skipped: dict[str, str] = {}
    if typescript is False:
        skipped["typescript"] = "not requested"
    else:
        tools = tools if tools is not None else find_node_tools()
        if isinstance(tools, str):
            if typescript:
                raise SchemaSmithError(f"the TypeScript judge needs node and tsc: {tools}")
            skipped["typescript"] = tools
    targets = generate_targets(schema_path, workdir / "generated", Settings(ref_dirs=RefDirs.parse(list(ref_dirs))))
    reference, documents = reference_judge(schema_path, payloads, ref_dirs)
    results: dict[str, list[Verdict]] = {"reference": reference}
    broken: dict[str, str] = {}
    judges: dict[str, Callable[[], list[Verdict]]] = {
        "cli": lambda: cli_judge(schema_path, payloads, workdir, ref_dirs),
        "python": lambda: python_judge(targets, payloads),
    }
    if "typescript" not in skipped:
        assert isinstance(tools, NodeTools)
        node_tools = tools
        judges["typescript"] = lambda: typescript_judge(targets, payloads, workdir, node_tools)
    for judge, judge_all in judges.items():
        try:
            results[judge] = judge_all()
        except JudgeBroken as error:
            broken[judge] = str(error)
    ran = tuple(j for j in JUDGES if j in results)
    outcomes = [
        compare(payload, {judge: results[judge][index] for judge in ran}, documents[index], targets.unchecked)
        for index, payload in enumerate(payloads)
    ]
    return Report(outcomes, ran, skipped, broken)


def report_lines(report: Report, verbose: bool = False) -> list[str]:
    """One line per failing problem (``name: detail``), plus the informative ones with ``verbose``."""
    lines = [f"{judge}: could not judge: {why}" for judge, why in report.broken.items()]
    for outcome in report.outcomes:
        for problem in outcome.problems:
            if problem.failing or verbose:
                prefix = "" if problem.failing else "note: "
                lines.append(f"{outcome.payload.name}: {prefix}{problem.detail}")
    return lines


def summary_line(report: Report) -> str:
    total = len(report.outcomes)
    text = (f"schemasmith: {total:,} payload(s), judged by {', '.join(report.judges)}: "
            f"{report.agreeing:,} agree, {report.count('verdicts'):,} disagree")
    if report.count("unchecked"):
        text += (f" (and {report.count('unchecked'):,} only on keywords the loaders leave to `schemasmith validate`, "
                 "named at generation time)")
    valid = sum(1 for o in report.outcomes if o.verdicts["reference"].valid)
    text += f"; {valid:,} valid, {report.count('round trip'):,} round-trip failure(s)"
    if report.count("error type"):
        text += f", {report.count('error type'):,} crash(es)"
    if report.count("pointer"):
        text += f"; {report.count('pointer'):,} pointer difference(s) (informative, -v lists them)"
    for judge, why in report.skipped.items():
        text += f"; the {judge} judge was skipped: {why}"
    return text


def shorten(text: str, limit: int) -> str:
    """One printable line, escaped as every message of the tool is (escaping.one_line), at most
    ``limit`` long."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _last_line(output: str | bytes, first: bool = False, limit: int = 300) -> str:
    if isinstance(output, bytes):
        output = output.decode("utf-8", "replace")
    lines = [line for line in output.splitlines() if line.strip()]
    return shorten((lines[0] if first else lines[-1]) if lines else "(no output)", limit)
