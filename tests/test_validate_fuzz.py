"""Fuzzing ``schemasmith validate`` (issue 5): hostile payloads and hostile schemas.

Every bad input becomes a per-document error or a verdict, never a crash or a traceback, with
memory bounded, and validation goes on with the rest.

**Payloads, by Hypothesis.** Session-like documents (tests/test_validate_fast_path.py's strategies)
mutated with hostile ingredients: truncated, spliced with random bytes, values and keys replaced by
NaN/Infinity, 1e999, 5,000-digit integers, invalid UTF-8, lone surrogates, control characters,
BOMs, nesting past the limit, duplicate keys; plus raw random bytes. Lines are joined into NDJSON
chunks with LF or CRLF, blank lines, with or without a final newline or a leading BOM. For every
chunk, against the Session schema (the msgspec path) and a schema the jsonschema-rs path takes
(patterns, ``$ref`` recursion, ``patternProperties``): the validator's issues for each line are
the reference judgement's (the document policy, then jsonschema), with and without the fast path;
counts add up; every message is one line. Every CLI_EVERY-th example also goes through
``python -m schemasmith validate`` in a subprocess (NDJSON and JSON files in one folder, ``--jobs 2``,
``--format json`` and ``text``, and stdin): exit 0 or 1, one stderr line, no traceback, and the
records equal the same judgement, line numbers included.

CI runs SCHEMASMITH_VALIDATE_FUZZ_EXAMPLES examples (default 300). Long mode, e.g.
``SCHEMASMITH_VALIDATE_FUZZ_EXAMPLES=15000 .venv/bin/python -m pytest tests/test_validate_fuzz.py -s -k hypothesis``,
prints the figures and writes them to .pytest_cache/validate-fuzz-figures.json; README.md's
Reliability section records them.

**Explicit payloads**, through the CLI: 100,000-deep nesting, a 100 MB string (in a JSON file and
as one NDJSON line, with the peak RSS of the process bounded), duplicate keys, NaN/Infinity,
1e999, invalid UTF-8 in keys and values, a BOM inside a document, lone surrogates, CRLF, a last
line without a newline, empty files.

**Hostile schemas**, through the CLI: ``$ref`` cycles with no base case and chains too long to
validate are refused in one line (exit 2); long chains, deep recursion through the document and
a very large schema validate in bounded time. (Catastrophic ``pattern``s:
tests/test_validate_patterns.py.)
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, SCHEMA
from schemasmith.errors import SchemaSmithError
from schemasmith.validate import DocumentError, Validator, parse_document, reference_validator
from schemasmith.validate.documents import BOM, MAX_DEPTH
from schemasmith.validate.in_place import MAX_IN_PLACE_CHAIN
from schemasmith.validate.issues import MESSAGE_LIMIT
from schemasmith.validate.reference.engine import schema_errors
from schemasmith.validate.job.run import ValidationRun
from schemasmith.validate.job.sources import _is_one_multiline_document
from test_validate_fast_path import documents as session_like_documents
from test_validate_fast_path import nearly_valid_documents

EXAMPLES = int(os.environ.get("SCHEMASMITH_VALIDATE_FUZZ_EXAMPLES", "300"))
CLI_EVERY = int(os.environ.get("SCHEMASMITH_VALIDATE_FUZZ_CLI_EVERY", "4"))
CLI_BATCH = int(os.environ.get("SCHEMASMITH_VALIDATE_FUZZ_CLI_BATCH", "400"))
FIGURES = REPO / ".pytest_cache" / "validate-fuzz-figures.json"

SESSION = json.loads(SCHEMA.read_text("utf-8"))
# Not a flat record: a pattern, a recursive $ref, patternProperties, a format (the jsonschema-rs path).
DEEP = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["timestamp"],
    "properties": {
        "timestamp": {"type": "string", "format": "date-time"},
        "session_id": {"type": ["string", "null"], "pattern": "^[a-z0-9-]{1,40}$"},
        "tree": {"$ref": "#/$defs/node"},
    },
    "patternProperties": {"^x-": {"type": "string", "maxLength": 50}},
    "$defs": {"node": {"anyOf": [{"type": ["null", "number", "string"]},
                                 {"type": "array", "items": {"$ref": "#/$defs/node"}},
                                 {"type": "object", "additionalProperties": {"$ref": "#/$defs/node"}}]}},
}
SCHEMAS = {"session": SESSION, "deep": DEEP}
FAST = {name: Validator(schema) for name, schema in SCHEMAS.items()}
SLOW = {name: Validator(schema, fast_path=False) for name, schema in SCHEMAS.items()}
REFERENCE = {name: reference_validator(schema) for name, schema in SCHEMAS.items()}
assert FAST["session"].accept_path == "msgspec" and FAST["deep"].accept_path == "jsonschema-rs"
assert SLOW["deep"].accept_path == "reference"

def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def ndjson(*documents: Any) -> str:
    return "".join(json.dumps(d) + "\n" for d in documents)


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    """``python -m schemasmith validate ARGS`` in a subprocess: (result, seconds)."""
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "schemasmith", "validate", *args], input=stdin, capture_output=True, cwd=REPO,
        timeout=timeout,
    )
    decoded = subprocess.CompletedProcess(completed.args, completed.returncode,
                                          completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"))
    return decoded, time.monotonic() - started


# -- hostile payloads: ingredients and mutations ------------------------------------------------

DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
HOSTILE_VALUES: list[bytes] = [
    b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999", b"1e-999", b"9" * 5000, b"-" + b"9" * 4300,
    b"123456789012345678901234567890", b"1.0", b"-0", b"01", b"1.", b".5", b"+1", b"0x10", b"tru", b"nul", b"'x'",
    b'"\\ud800"', b'"\\udc00"', b'"\\ud83d\\ude00"', b'"\\udbff"', b'"x\\ud800y"', b'"\\uDFFF\\uD800"',
    b'"\xff"', b'"\xc3"', b'"\xed\xa0\x80"', b'"\xf4\x90\x80\x80"', b'"\xc0\xaf"', b'"\xe2\x82"',
    b'"\xef\xbb\xbf"', b'"a\x01b"', b'"\t"', b'"\\u0000"', b'"\xe2\x80\xa8"', b'"\\"', b'"\\x"',
    b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1), b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, b"[" * 300, DEEP_ARRAY,
    b"{" * 40, b'{"a": 1, "a": 2}', b'"' + b"x" * 20_000 + b'"', b'"2025-13-01T00:00:00Z"',
    b'"2025-09-25T22:48:13.771Z"', b'"1998-12-31T23:59:60Z"', b"true", b"null", b"[]", b"{}", b'""', b"",
]
HOSTILE_KEYS: list[bytes] = [
    b'"\xff"', b'"\\ud800"', b'"\xed\xb0\x80"', b'""', b'"timestamp"', b'"duration"', b'"\xef\xbb\xbf"',
    b'"x\\u0000"', b'"' + b"k" * 5000 + b'"', b'"__proto__"', b'"x-\xc3"', b'"x-a"', b'"a\nb"', b"1", b"null",
    b'"x-\\n\\u001b[2K\\r"', b'"x-\\u2028%0A"',  # a pointer holding a line break or a terminal escape
]
SPLICES: list[bytes] = [BOM, b"\x00", b"\r", b"\n", b"\r\n", b",", b":", b'"', b"\\", b"}", b"]", b"[", b"{", b"\xff",
                        b"NaN", b" ", b"\t", b"\x0b", b"\xe2\x80\xa8", b"/*x*/", b"//"]
CHUNK_SIZES = [1, 7, 64, 4096]  # bytes per chunk of a file, or per block of stdin


@st.composite
def base_documents(draw: st.DrawFn) -> bytes:
    """A Session-like document: nearly valid for the schemas here, or anything JSON-shaped."""
    return draw(st.one_of(nearly_valid_documents(SESSION), nearly_valid_documents(SESSION), session_like_documents()))


@st.composite
def hostile_documents(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """(bytes of one document, names of the mutations applied)."""
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.binary(max_size=60)), ["random bytes"]
    if kind == 1:
        return draw(st.sampled_from(HOSTILE_VALUES)), ["bare hostile value"]
    data = draw(base_documents())
    applied: list[str] = []
    for _ in range(draw(st.integers(0, 2))):
        mutation = draw(st.sampled_from(["value", "value", "key", "duplicate", "truncate", "splice", "splice", "pad"]))
        applied.append(mutation)
        if mutation in ("value", "key", "duplicate"):
            if not data.rstrip().endswith(b"}"):
                continue
            if mutation == "value":
                name = draw(st.sampled_from(["timestamp", "duration", "agent_name", "is_test", "x-extra", "tree", "session_id"]))
                member = json.dumps(name).encode() + b": " + draw(st.sampled_from(HOSTILE_VALUES))
            elif mutation == "key":
                member = draw(st.sampled_from(HOSTILE_KEYS)) + b": " + draw(st.sampled_from([b"1", b'"v"', b"null", *HOSTILE_VALUES[:8]]))
            else:  # a key repeated, the second value valid or not
                member = b'"timestamp": ' + draw(st.sampled_from([b'"2025-01-01T00:00:00Z"', b'"bad"', b"5", b"null"]))
            body = data.rstrip()[:-1].rstrip()
            separator = b"" if body.endswith(b"{") else b", "
            data = body + separator + member + b"}"
        elif mutation == "truncate" and data:
            data = data[: draw(st.integers(0, len(data) - 1))]
        elif mutation == "splice":
            position = draw(st.integers(0, len(data)))
            piece = draw(st.one_of(st.sampled_from(SPLICES), st.binary(min_size=1, max_size=4)))
            data = data[:position] + piece + data[position:]
        elif mutation == "pad":
            data = draw(st.sampled_from([b" ", b"\t", b"\r", b"  \t"])) + data + draw(st.sampled_from([b"", b" ", b"\t", b"\r"]))
    return data, applied


@dataclass
class Chunk:
    data: bytes
    lines: list[bytes]  # the chunk (less a leading BOM) split at LF, as a reader of the file numbers them
    mutations: list[str]


@st.composite
def chunks(draw: st.DrawFn) -> Chunk:
    documents = draw(st.lists(hostile_documents(), min_size=1, max_size=16))
    parts: list[bytes] = []
    mutations: list[str] = []
    for data, applied in documents:
        mutations += applied
        if draw(st.integers(0, 9)) == 0:
            parts.append(draw(st.sampled_from([b"", b"   ", b"\t", b"\r"])))  # a blank line
        parts.append(data)
    ending = draw(st.sampled_from([b"\n", b"\n", b"\r\n"]))
    data = ending.join(parts) + (ending if draw(st.booleans()) else b"")
    if draw(st.integers(0, 9)) == 0:
        data = BOM + data
        mutations.append("leading BOM")
    # A BOM is tolerated at the very start of a file (and stripped there), nowhere else.
    lines = data.removeprefix(BOM).split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return Chunk(data, lines, mutations)


# -- the reference judgement --------------------------------------------------------------------


def judgement(schema_name: str, document: bytes) -> list[tuple[str, str | None]]:
    """(pointer, keyword) of every problem: the document policy, then the reference validator."""
    try:
        parsed = parse_document(document)
    except DocumentError:
        return [("", None)]
    try:
        return [(pointer, keyword) for pointer, _, keyword in schema_errors(REFERENCE[schema_name], parsed)]
    except RecursionError:
        return [("", None)]


def ndjson_judgement(schema_name: str, chunk: Chunk) -> dict[int, list[tuple[str, str | None]]]:
    """Per 1-based line: the judgement of that line (blank lines have none)."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    for number, line in enumerate(chunk.lines, start=1):
        if line.strip(b" \t\r\n"):
            issues = judgement(schema_name, line)
            if issues:
                found[number] = issues
    return found


@dataclass
class Figures:
    examples: int = 0
    lines: int = 0
    documents: int = 0
    invalid_documents: int = 0
    not_json: int = 0  # documents the document policy refused
    mutations: dict[str, int] = field(default_factory=dict)
    cli_files: int = 0
    cli_runs: int = 0
    cli_records: int = 0
    failures: int = 0
    seconds: float = 0.0


def check_issues_are_one_line(issues: list[Any], last_line: int | None) -> None:
    for issue in issues:
        assert "\n" not in issue.message and "\r" not in issue.message and 0 < len(issue.message) <= MESSAGE_LIMIT
        assert issue.pointer == "" or issue.pointer.startswith("/")
        if last_line is not None:
            assert issue.line is not None and 1 <= issue.line <= last_line


# -- the CLI, on a sample ----------------------------------------------------------------------


@dataclass
class CliBatch:
    folder: Path
    schema_name: str
    expected: dict[str, list[tuple[int | None, str, str | None]]] = field(default_factory=dict)
    stdin: bytes | None = None
    stdin_expected: list[tuple[int | None, str, str | None]] | None = None

    def add(self, name: str, data: bytes, expected: list[tuple[int | None, str, str | None]]) -> None:
        write(self.folder / name, data)
        self.expected[name] = expected


def run_batch(batch: CliBatch, figures: Figures) -> None:
    schema_args = [] if batch.schema_name == "session" else ["--schema", str(batch.folder.parent / "deep.schema.json")]
    completed, _ = run_cli(*schema_args, "--format", "json", "--jobs", "2", str(batch.folder), timeout=600)
    figures.cli_runs += 1
    figures.cli_files += len(batch.expected)
    assert "Traceback" not in completed.stderr and completed.stderr.count("\n") == 1, completed.stderr[-3000:]
    invalid = any(batch.expected.values())
    assert completed.returncode == (1 if invalid else 0), completed.stderr
    by_file: dict[str, list[tuple[int | None, str, str | None]]] = {name: [] for name in batch.expected}
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    figures.cli_records += len(records)
    for record in records:
        assert set(record) == {"file", "line", "pointer", "message", "keyword"}, record
        assert isinstance(record["message"], str) and "\n" not in record["message"]
        name = Path(record["file"]).name
        line = record["line"] if name.endswith(".ndjson") else None  # a .json file's line is best effort
        if name.endswith(".json"):
            assert record["line"] is None or record["line"] >= 1
        by_file[name].append((line, record["pointer"], record["keyword"]))
    for name, expected in batch.expected.items():
        assert by_file[name] == expected, (name, (batch.folder / name).read_bytes()[:2000])
    # The same folder as text: one stdout line per record, in the same order.
    text, _ = run_cli(*schema_args, str(batch.folder), timeout=600)
    figures.cli_runs += 1
    assert text.returncode == completed.returncode and "Traceback" not in text.stderr
    assert len(text.stdout.splitlines()) == len(records), text.stdout[-2000:]
    assert "\x1b" not in text.stdout and all(line.startswith(str(batch.folder)) for line in text.stdout.splitlines())
    if batch.stdin is not None:
        piped, _ = run_cli(*schema_args, "--format", "json", "-", stdin=batch.stdin, timeout=600)
        figures.cli_runs += 1
        assert "Traceback" not in piped.stderr and piped.returncode in (0, 1), piped.stderr
        got = [(r["line"] if batch.stdin_expected and batch.stdin_expected[0][0] is not None else None,
                r["pointer"], r["keyword"]) for r in map(json.loads, piped.stdout.splitlines())]
        assert got == batch.stdin_expected, batch.stdin[:2000]


def test_hypothesis_hostile_payloads_get_the_reference_verdict(tmp_path: Path) -> None:
    started = time.monotonic()
    figures = Figures()
    write(tmp_path / "deep.schema.json", json.dumps(DEEP))
    batches = {name: CliBatch(tmp_path / f"{name}_0", name) for name in SCHEMAS}

    def flush(name: str) -> None:
        batch = batches[name]
        if batch.expected:
            run_batch(batch, figures)
        batches[name] = CliBatch(tmp_path / f"{name}_{figures.cli_runs}", name)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(chunk=chunks(), schema_name=st.sampled_from(sorted(SCHEMAS)))
    def example(chunk: Chunk, schema_name: str) -> None:
        index = figures.examples
        figures.examples += 1
        for mutation in chunk.mutations:
            figures.mutations[mutation] = figures.mutations.get(mutation, 0) + 1
        expected = ndjson_judgement(schema_name, chunk)
        # NDJSON, through the library: the fast path (if any) and the reference path.
        data = chunk.data.removeprefix(BOM)  # as the run does at the start of a file
        fast = FAST[schema_name].validate_ndjson(data, "f")
        slow = SLOW[schema_name].validate_ndjson(data, "f")
        assert fast == slow
        got: dict[int, list[tuple[str, str | None]]] = {}
        for issue in fast.issues:
            assert issue.line is not None
            got.setdefault(issue.line, []).append((issue.pointer, issue.keyword))
        assert got == expected, chunk.data[:3000]
        blank = sum(1 for line in chunk.lines if not line.strip(b" \t\r\n"))
        assert fast.documents == len(chunk.lines) - blank and fast.blank_lines == blank
        assert fast.invalid == len(expected)
        check_issues_are_one_line(fast.issues, len(chunk.lines))
        figures.lines += len(chunk.lines)
        figures.documents += fast.documents
        figures.invalid_documents += fast.invalid
        figures.not_json += sum(1 for issues in expected.values() if issues == [("", None)])
        # A run over the file cut into tiny chunks (line numbers carried across them), and over
        # stdin read in tiny blocks.
        cut = CHUNK_SIZES[index % len(CHUNK_SIZES)]
        path = write(tmp_path / "run" / "c.ndjson", chunk.data)
        flat = [(line, pointer, keyword) for line, issues in sorted(expected.items()) for pointer, keyword in issues]
        run = ValidationRun([path], None, schema=SCHEMAS[schema_name], chunk_bytes=cut)
        assert [(i.line, i.pointer, i.keyword) for i in run] == flat, (cut, chunk.data[:3000])
        assert run.summary.documents == fast.documents and run.summary.invalid == fast.invalid
        piped = ValidationRun(["-"], None, schema=SCHEMAS[schema_name], chunk_bytes=cut, stdin=io.BytesIO(chunk.data))
        if len(chunk.data) <= cut and _is_one_multiline_document(chunk.data):
            flat = [(None, p, k) for p, k in judgement(schema_name, chunk.data.removeprefix(BOM))]
        assert [(i.line if i.line is None or flat and flat[0][0] is not None else None, i.pointer, i.keyword)
                for i in piped] == flat, (cut, chunk.data[:3000])
        # Each line alone as a .json file (a leading BOM tolerated there).
        for line in chunk.lines:
            line_expected = judgement(schema_name, line.removeprefix(BOM))
            tally = FAST[schema_name].validate_json(line, "d.json")
            assert [(i.pointer, i.keyword) for i in tally.issues] == line_expected, line[:3000]
            assert tally == SLOW[schema_name].validate_json(line, "d.json")
            check_issues_are_one_line(tally.issues, None)
        single = chunk.lines[0] if chunk.lines else b""
        single_expected = judgement(schema_name, single.removeprefix(BOM))
        if index % CLI_EVERY == 0:
            batch = batches[schema_name]
            batch.add(f"ex{index:06d}.ndjson", chunk.data,
                      [(line, pointer, keyword) for line, issues in sorted(expected.items()) for pointer, keyword in issues])
            batch.add(f"ex{index:06d}.json", single, [(None, pointer, keyword) for pointer, keyword in single_expected])
            if batch.stdin is None:
                batch.stdin = chunk.data
                as_one = _is_one_multiline_document(chunk.data)
                batch.stdin_expected = (
                    [(None, p, k) for p, k in judgement(schema_name, chunk.data.removeprefix(BOM))] if as_one
                    else [(line, p, k) for line, issues in sorted(expected.items()) for p, k in issues]
                )
            if len(batch.expected) >= CLI_BATCH:
                flush(schema_name)

    try:
        example()
        for name in SCHEMAS:
            flush(name)
    except Exception:
        figures.failures += 1
        raise
    finally:
        figures.seconds = round(time.monotonic() - started, 1)
        FIGURES.parent.mkdir(exist_ok=True)
        FIGURES.write_text(json.dumps(asdict(figures), indent=2, sort_keys=True), "utf-8")
        print(f"\nvalidate fuzz: {json.dumps(asdict(figures), sort_keys=True)}")
    assert figures.not_json > 0 and figures.invalid_documents > figures.not_json  # both kinds were met
    assert figures.cli_files >= 2


# -- explicit hostile payloads, through the CLI -------------------------------------------------

OK = b'{"timestamp": "2025-09-25T22:48:13.771Z"}'
BAD = b'{"timestamp": "2025-02-30T00:00:00Z"}'  # invalid date: a schema error after the hostile line
# name -> (file bytes, [(line, pointer, keyword, message part)]) ; .ndjson files put the hostile
# line between a valid and an invalid one, so the next document is seen to be validated.
EXPLICIT: dict[str, tuple[bytes, list[tuple[int | None, str, str | None, str]]]] = {}


def hostile_ndjson(name: str, line: bytes, *problems: tuple[str, str | None, str]) -> None:
    issues = [(2, pointer, keyword, message) for pointer, keyword, message in problems]
    EXPLICIT[name + ".ndjson"] = (OK + b"\n" + line + b"\n" + BAD + b"\n", [*issues, (3, "/timestamp", "format", "date-time")])


def hostile_json(name: str, data: bytes, *problems: tuple[str, str | None, str]) -> None:
    EXPLICIT[name + ".json"] = (data, [(None, pointer, keyword, message) for pointer, keyword, message in problems])


NOT_JSON = ("", None)
for name, text, message in [
    ("deep-100k", b'{"timestamp": "2025-09-25T22:48:13.771Z", "x": ' + DEEP_ARRAY + b"}", "nested more than 256 levels deep"),
    ("deep-100k-unclosed", b"[" * 100_000, "nested more than 256 levels deep"),
    ("nan", b'{"timestamp": "2025-09-25T22:48:13.771Z", "duration": NaN}', "NaN is not valid JSON"),
    ("infinity", b'{"timestamp": "2025-09-25T22:48:13.771Z", "duration": Infinity}', "Infinity is not valid JSON"),
    ("minus-infinity", b'{"timestamp": "2025-09-25T22:48:13.771Z", "x": -Infinity}', "-Infinity is not valid JSON"),
    ("1e999", b'{"timestamp": "2025-09-25T22:48:13.771Z", "duration": 1e999}', "number out of range"),
    ("utf8-value", b'{"timestamp": "2025-09-25T22:48:13.771Z", "agent_name": "a\xffb"}', "not valid UTF-8 (column 59)"),
    ("utf8-key", b'{"timestamp": "2025-09-25T22:48:13.771Z", "\xc3x": 1}', "not valid UTF-8 (column 44)"),
    ("utf8-encoded-surrogate", b'{"timestamp": "2025-09-25T22:48:13.771Z", "x": "\xed\xa0\x80"}', "not valid UTF-8"),
    ("bom-inside", b'{"timestamp": "2025-09-25T22:48:13.771Z",\xef\xbb\xbf "x": 1}', "invalid JSON"),
    ("bom-before-a-line", BOM + OK, "byte order mark"),
    ("lone-surrogate-value", b'{"timestamp": "2025-09-25T22:48:13.771Z", "agent_id": "\\udbff"}', "lone UTF-16 surrogate"),
    ("lone-surrogate-key", b'{"timestamp": "2025-09-25T22:48:13.771Z", "\\udc00": 1}', "lone UTF-16 surrogate"),
    ("truncated", OK[:-9], "unexpected end of document"),
]:
    hostile_ndjson(name, text, (*NOT_JSON, message))
    if not text.startswith(BOM):  # tolerated at the start of a file (as "bom-start-crlf.json" shows)
        hostile_json(name, text, (*NOT_JSON, message))
# Duplicate keys: the last occurrence is the value, as msgspec, Python's json and JavaScript's
# JSON.parse read it (RFC 8259 leaves it to the parser); earlier ones are not validated.
hostile_ndjson("duplicate-last-valid", b'{"timestamp": "bad", "duration": "x", "timestamp": "2025-01-01T00:00:00Z", "duration": 1}')
hostile_ndjson("duplicate-last-invalid", b'{"timestamp": "2025-01-01T00:00:00Z", "timestamp": 5}', ("/timestamp", "type", "not of type"))
hostile_json("duplicate-last-invalid", b'{\n "timestamp": "2025-01-01T00:00:00Z",\n "timestamp": "x"\n}', ("/timestamp", "format", "date-time"))
hostile_json("one-document-crlf", OK.replace(b", ", b",\r\n") + b"\r\n", )
hostile_json("bom-start-crlf", BOM + b"{\r\n" + OK[1:-1] + b"\r\n}\r\n")
hostile_json("empty", b"", (*NOT_JSON, "empty document"))
hostile_json("whitespace-only", b" \r\n\t\n", (*NOT_JSON, "empty document"))
EXPLICIT["crlf-no-final-newline.ndjson"] = (OK + b"\r\n\r\n" + BAD + b"\r\n" + OK + b"\r\n" + b'{"timestamp": 1}',
                                            [(3, "/timestamp", "format", "date-time"), (5, "/timestamp", "type", "not of type")])
EXPLICIT["bom-start.ndjson"] = (BOM + OK + b"\n" + BAD, [(2, "/timestamp", "format", "date-time")])
EXPLICIT["empty.ndjson"] = (b"", [])
EXPLICIT["blank-lines-only.ndjson"] = (b"\n\r\n \n", [])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_explicit_hostile_payloads_are_reported_per_document(tmp_path: Path, jobs: str) -> None:
    for name, (data, _) in EXPLICIT.items():
        write(tmp_path / "in" / name, data)
    completed, seconds = run_cli("--format", "json", "--jobs", jobs, str(tmp_path / "in"))
    assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
    assert completed.stderr.count("\n") == 1
    records: dict[str, list[dict[str, Any]]] = {name: [] for name in EXPLICIT}
    for record in map(json.loads, completed.stdout.splitlines()):
        records[Path(record["file"]).name].append(record)
    for name, (_, expected) in EXPLICIT.items():
        got = records[name]
        assert len(got) == len(expected), (name, got)
        for record, (line, pointer, keyword, message) in zip(got, expected):
            assert (record["pointer"], record["keyword"]) == (pointer, keyword), (name, record)
            assert message in record["message"], (name, record)
            if line is not None:
                assert record["line"] == line, (name, record)
    print(f"\nexplicit hostile payloads (--jobs {jobs}): {len(EXPLICIT)} files in {seconds:.1f} s")


def test_stdin_gets_the_same_treatment() -> None:
    data, expected = EXPLICIT["crlf-no-final-newline.ndjson"]
    stdin = data.replace(OK + b"\r\n", OK + b"\r\n" + EXPLICIT["nan.ndjson"][0].split(b"\n")[1] + b"\n", 1)
    completed, _ = run_cli("--format", "json", "-", stdin=stdin)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
    got = [(r["line"], r["keyword"]) for r in map(json.loads, completed.stdout.splitlines())]
    assert got == [(2, None)] + [(line + 1, keyword) for line, _, keyword, _ in expected]


def test_stdin_is_read_to_its_end_when_a_read_ends_on_a_newline() -> None:
    """Was: when the bytes read so far ended exactly on a newline, the rest of stdin was never
    read: 64-byte lines piped in stopped after 8 MiB (two 4 MiB reads), silently, exit 0."""
    line = b'{"timestamp": "2025-09-25T22:48:13.771Z", "agent_name": "abcd"}\n'
    assert len(line) == 64
    stdin = line * (9 * 1024 * 1024 // 64) + b'{"timestamp": 1}\n'
    completed, _ = run_cli("--format", "json", "-", stdin=stdin)
    assert completed.returncode == 1, completed.stderr
    assert [(r["line"], r["pointer"]) for r in map(json.loads, completed.stdout.splitlines())] == [(147457, "/timestamp")]
    assert "147,457 document(s)" in completed.stderr


def test_errors_come_out_in_the_same_order_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Was: jsonschema gathers additionalProperties' extra names in a set, so their errors came
    out in a different order with each PYTHONHASHSEED. Now in the document's order."""
    schema = write(tmp_path / "schema.json", json.dumps({"additionalProperties": {"type": "string"},
                                                         "patternProperties": {"^x": {"type": "integer"}}}))
    data = write(tmp_path / "d.ndjson", json.dumps({k: 1 for k in "qwertyuiopasdfghjkl"} | {"xa": "s", "xb": "t"}) + "\n")
    outputs = set()
    for seed in ("0", "1", "2"):
        completed = subprocess.run([sys.executable, "-m", "schemasmith", "validate", "--schema", str(schema), str(data)],
                                   capture_output=True, text=True, cwd=REPO, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        assert completed.returncode == 1, completed.stderr
        outputs.add(completed.stdout)
    assert len(outputs) == 1, outputs
    pointers = [line.split(" at #")[1].split(":")[0] for line in outputs.pop().splitlines()]
    assert pointers == [f"/{k}" for k in "qwertyuiopasdfghjkl"] + ["/xa", "/xb"]


def test_text_output_keeps_each_error_on_one_line_whatever_the_property_name(tmp_path: Path) -> None:
    """Was: a property name holding a newline split the error in two, and one holding ESC sent a
    terminal escape sequence. The pointer is now shown percent-encoded, as a URI fragment."""
    schema = write(tmp_path / "schema.json", json.dumps({"additionalProperties": {"type": "string"}}))
    data = write(tmp_path / "d.ndjson", json.dumps({"a\nb": 1, "\x1b[2K\r": 2, "50%": 3, "caf\u00e9\u2028": 4}) + "\n")
    completed, _ = run_cli("--schema", str(schema), str(data))
    assert completed.returncode == 1
    assert completed.stdout.splitlines() == [
        f"{data}:1 at #/a%0Ab: 1 is not of type 'string' [type]",
        f"{data}:1 at #/%1B[2K%0D: 2 is not of type 'string' [type]",
        f"{data}:1 at #/50%25: 3 is not of type 'string' [type]",
        f"{data}:1 at #/café%E2%80%A8: 4 is not of type 'string' [type]",
    ]


# A 100 MB string costs a few copies of itself: the file's bytes, the line cut from them, the
# decoded str, jsonschema's message quoting it (a repr) and the message rendered again before it
# is cut to 300 characters. Measured: 2.4x to 6.4x the input over the idle process's ~45 MB.
# Bounded at 8x: a copy per document, per line or per chunk on top would break it.
BIG = 100 * 1024 * 1024
RSS_FACTOR = 8


@pytest.mark.parametrize("layout", ["json", "ndjson"])
def test_a_100_mb_string_is_validated_with_memory_bounded(tmp_path: Path, layout: str) -> None:
    """The string is the value of ``duration`` (a number): the document goes to the reference
    validator, whose message quotes it."""
    document = b'{"timestamp": "2025-09-25T22:48:13.771Z", "duration": "' + b"x" * BIG + b'"}'
    path = write(tmp_path / f"big.{layout}", document if layout == "json" else OK + b"\n" + document + b"\n" + BAD)
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'schemasmith', 'validate', '--format', 'json', sys.argv[1]],"
        " capture_output=True)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stdout.write(r.stdout.decode() + r.stderr.decode())\n"
    )
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=REPO,
                               timeout=600, check=True)
    seconds = time.monotonic() - started
    first, *output = completed.stdout.splitlines()
    code, peak_kb = map(int, first.split())
    assert code == 1 and not any("Traceback" in line for line in output), output
    records = [json.loads(line) for line in output if line.startswith("{")]
    expected = [("/duration", "anyOf")] + ([("/timestamp", "format")] if layout == "ndjson" else [])
    assert [(r["pointer"], r["keyword"]) for r in records] == expected
    assert all(len(r["message"]) <= MESSAGE_LIMIT for r in records)
    if layout == "ndjson":
        assert [r["line"] for r in records] == [2, 3]
    peak_mb, input_mb = peak_kb / 1024, path.stat().st_size / 1024 / 1024
    print(f"\n100 MB string in a .{layout}: peak RSS {peak_mb:.0f} MB ({peak_mb / input_mb:.1f}x input), {seconds:.1f} s")
    assert peak_mb < 64 + RSS_FACTOR * input_mb


# -- hostile schemas ----------------------------------------------------------------------------


def ref_chain(links: int, step: str = "{}") -> dict[str, Any]:
    """A root $ref-ing d0, d0 -> d1 -> … -> d<links-1>: ``links`` in-place links in all."""
    defs = {f"d{i}": json.loads(step.replace("{}", json.dumps({"$ref": f"#/$defs/d{i + 1}"}))) for i in range(links - 1)}
    defs[f"d{links - 1}"] = {"type": "object", "required": ["timestamp"]}
    return {"$defs": defs, "$ref": "#/$defs/d0"}


CYCLES = {
    "self": {"$ref": "#"},
    "two defs": {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    "through allOf": {"$defs": {"a": {"allOf": [{"type": "object"}, {"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"},
    "through anyOf with a base case first": {"anyOf": [{"type": "null"}, {"$ref": "#"}]},
    "through not and else": {"$defs": {"a": {"if": {"type": "null"}, "else": {"not": {"$ref": "#/$defs/a"}}}},
                             "properties": {"x": {"$ref": "#/$defs/a"}}},
}


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_a_ref_cycle_with_no_base_case_is_refused(name: str) -> None:
    """Was: every document reported "nested too deeply to validate" (Python's recursion limit)."""
    with pytest.raises(SchemaSmithError, match=r"broken schema: \$ref cycle with no base case: #"):
        Validator(CYCLES[name])


def test_a_ref_cycle_is_refused_by_the_cli_in_one_line(tmp_path: Path) -> None:
    schema = write(tmp_path / "schema.json", json.dumps(CYCLES["two defs"]))
    data = write(tmp_path / "d.ndjson", b'{"x": 1}\n')
    completed, _ = run_cli("--schema", str(schema), "--jobs", "2", str(data), timeout=60)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == ("schemasmith: error: at #/$defs/a: broken schema: $ref cycle with no base case: "
                                "#/$defs/a -> #/$defs/b -> #/$defs/a\n")


def test_recursion_through_the_document_is_not_a_cycle(tmp_path: Path) -> None:
    """A linked list 255 levels deep (the document policy allows 256) against a recursive schema
    is valid. Was: "nested too deeply to validate" from 250 levels on (Python's 1,000 frames)."""
    schema = write(tmp_path / "schema.json", json.dumps(
        {"$defs": {"node": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}]}},
         "$ref": "#/$defs/node"}))
    document = None
    for _ in range(255):
        document = {"next": document}
    data = write(tmp_path / "deep.json", json.dumps(document))
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize(("links", "step"), [(500, "{}"), (300, '{"allOf": [{}]}')])
def test_a_long_ref_chain_validates(links: int, step: str) -> None:
    """Was: every document "nested too deeply to validate" from about 250 links on."""
    run = Validator(ref_chain(links, step)).validate_ndjson(ndjson({"timestamp": 1}, {"other": 1}).encode())
    assert [(i.line, i.keyword) for i in run.issues] == [(2, "required")]


def test_the_longest_ref_chain_validates_and_one_more_is_refused_by_the_cli(tmp_path: Path) -> None:
    data = write(tmp_path / "d.ndjson", ndjson({"timestamp": 1}, {"other": 1}))
    longest = write(tmp_path / "longest.json", json.dumps(ref_chain(MAX_IN_PLACE_CHAIN)))
    completed, _ = run_cli("--schema", str(longest), "--format", "json", str(data), timeout=60)
    assert completed.returncode == 1, completed.stderr
    assert [(r["line"], r["keyword"]) for r in map(json.loads, completed.stdout.splitlines())] == [(2, "required")]
    too_long = write(tmp_path / "too_long.json", json.dumps(ref_chain(10_000)))
    completed, seconds = run_cli("--schema", str(too_long), str(data), timeout=60)
    assert completed.returncode == 2 and completed.stderr.count("\n") == 1, completed.stderr
    assert f"a chain of more than {MAX_IN_PLACE_CHAIN:,} $refs" in completed.stderr
    with pytest.raises(SchemaSmithError, match="a chain of more than"):
        Validator(ref_chain(MAX_IN_PLACE_CHAIN + 1))
    print(f"\n10,000-link $ref chain refused in {seconds:.1f} s")


def test_a_very_large_schema_validates_in_bounded_time(tmp_path: Path) -> None:
    """20,000 properties, each with a pattern and an enum (a 2 MB schema)."""
    schema = {"type": "object", "required": ["p0"],
              "properties": {f"p{i}": {"type": "string", "pattern": f"^p{i}[a-z]*$", "enum": [f"p{i}", f"p{i}x"]}
                             for i in range(20_000)}}
    schema_path = write(tmp_path / "schema.json", json.dumps(schema))
    data = write(tmp_path / "d.ndjson", ndjson({"p0": "p0", "p19999": "p19999x"}, {"p0": 1, "p7": "q"}))
    completed, seconds = run_cli("--schema", str(schema_path), "--format", "json", str(data), timeout=120)
    assert completed.returncode == 1, completed.stderr
    found = [(r["line"], r["pointer"], r["keyword"]) for r in map(json.loads, completed.stdout.splitlines())]
    assert found == [(2, "/p0", "type"), (2, "/p0", "enum"), (2, "/p7", "pattern"), (2, "/p7", "enum")]
    print(f"\n20,000-property schema: {seconds:.1f} s")


def test_schema_nesting_beyond_what_parsing_allows_is_refused_in_one_line(tmp_path: Path) -> None:
    schema = write(tmp_path / "schema.json", '{"type": "object", "properties": {"p": ' * 20_000 + "{}" + "}}" * 20_000)
    data = write(tmp_path / "d.ndjson", b"{}\n")
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 2 and completed.stderr.count("\n") == 1, completed.stderr
    assert "Traceback" not in completed.stderr
