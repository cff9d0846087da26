"""`schemasmith validate` and the library API under it: inputs, bad input, output, exit codes, jobs."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import REPO, SCHEMA
from schemasmith import Validator, reference_validator, validate_paths
from schemasmith.cli.main import main
from schemasmith.validate.job import progress as progress_module
from schemasmith.validate.documents import MAX_DEPTH, DocumentError, parse_document
from schemasmith.validate.job.run import Progress, ValidationRun

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}
VALID_LINE = json.dumps(VALID)


def cli(*args: str, input: bytes | None = None, cwd: Path = REPO) -> Result:
    return CliRunner().invoke(main, ["validate", *args], input=input, catch_exceptions=False)


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def ndjson(*documents: Any) -> str:
    return "".join((d if isinstance(d, str) else json.dumps(d)) + "\n" for d in documents)


# -- inputs -------------------------------------------------------------------------------------


def test_a_valid_json_file_exits_0(tmp_path: Path) -> None:
    result = cli(str(write(tmp_path / "ok.json", json.dumps(VALID, indent=2))))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 document(s) in 1 file: all valid" in result.stderr


def test_an_invalid_json_file_reports_file_line_pointer_message_keyword(tmp_path: Path) -> None:
    document = dict(VALID, duration="long", timestamp="not-a-date")
    path = write(tmp_path / "bad.json", json.dumps(document, indent=2))
    result = cli("--format", "json", str(path))
    assert result.exit_code == 1
    assert records(result) == [
        {"file": str(path), "line": 2, "pointer": "/timestamp",
         "message": "'not-a-date' is not a 'date-time'", "keyword": "format"},
        {"file": str(path), "line": 4, "pointer": "/duration",
         "message": "\"long\" is not of type 'number' or 'null'", "keyword": "anyOf"},
    ]


def test_text_output_names_file_line_pointer_and_keyword(tmp_path: Path) -> None:
    path = write(tmp_path / "s.ndjson", ndjson(VALID, {"timestamp": "not-a-date"}))
    result = cli(str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:2 at #/timestamp: 'not-a-date' is not a 'date-time' [format]\n"


def test_ndjson_lines_are_numbered_from_1_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    text = ndjson(VALID, "", "   ", {"timestamp": 5}, VALID) + "\n"
    path = write(tmp_path / "s.ndjson", text.replace("\n", "\r\n", 1))
    result = cli("--format", "json", str(path))
    assert result.exit_code == 1
    assert [(r["line"], r["pointer"], r["keyword"]) for r in records(result)] == [(4, "/timestamp", "type")]
    assert "3 document(s)" in result.stderr and "3 blank line(s) skipped" in result.stderr


def test_jsonl_files_are_ndjson_and_a_last_line_needs_no_newline(tmp_path: Path) -> None:
    path = write(tmp_path / "s.jsonl", VALID_LINE + "\n" + json.dumps({"timestamp": "x"}))
    result = cli("--format", "json", str(path))
    assert [r["line"] for r in records(result)] == [2]


def test_directories_are_searched_recursively_for_json_ndjson_and_jsonl(tmp_path: Path) -> None:
    write(tmp_path / "a" / "one.json", json.dumps(VALID))
    write(tmp_path / "a" / "b" / "two.ndjson", ndjson(VALID, {"duration": 1}))
    write(tmp_path / "a" / "b" / "three.JSONL", ndjson(VALID))
    write(tmp_path / "a" / "notes.txt", "not json")
    result = cli("--format", "json", str(tmp_path / "a"))
    assert result.exit_code == 1
    assert [(Path(r["file"]).name, r["line"], r["keyword"]) for r in records(result)] == [
        ("two.ndjson", 2, "required")
    ]
    assert "4 document(s) in 3 files" in result.stderr


def test_stdin_is_read_as_ndjson() -> None:
    result = cli("--format", "json", "-", input=ndjson(VALID, {"timestamp": "nope"}).encode())
    assert result.exit_code == 1
    assert [(r["file"], r["line"], r["pointer"]) for r in records(result)] == [("<stdin>", 2, "/timestamp")]


def test_stdin_holding_one_pretty_printed_document_is_that_document() -> None:
    result = cli("--format", "json", "-", input=json.dumps({"timestamp": 1}, indent=2).encode())
    assert result.exit_code == 1
    assert [(r["pointer"], r["keyword"]) for r in records(result)] == [("/timestamp", "type")]
    assert cli("-", input=json.dumps(VALID, indent=2).encode()).exit_code == 0


# -- bad input never stops the run ---------------------------------------------------------------


BAD_LINES: list[tuple[str, bytes, str]] = [
    ("malformed", b'{"timestamp": ', "invalid JSON: unexpected end of document"),
    ("NaN", b'{"timestamp": "2025-01-01T00:00:00Z", "duration": NaN}', "NaN is not valid JSON"),
    ("Infinity", b'{"timestamp": "2025-01-01T00:00:00Z", "duration": -Infinity}', "-Infinity is not valid JSON"),
    ("invalid UTF-8", b'{"timestamp": "2025-01-01T00:00:00Z", "agent_name": "\xff"}', "not valid UTF-8 (column 54)"),
    ("invalid UTF-8 in an undeclared value", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\xc3"}',
     "not valid UTF-8"),
    ("a BOM inside the file", b'\xef\xbb\xbf{"timestamp": "2025-01-01T00:00:00Z"}', "byte order mark"),
    ("deep nesting", b'{"timestamp": "2025-01-01T00:00:00Z", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     f"nested more than {MAX_DEPTH} levels deep"),
    ("a float beyond 64 bits", b'{"timestamp": "2025-01-01T00:00:00Z", "duration": 1e400}', "number out of range"),
    ("a 5000-digit integer", b'{"timestamp": "2025-01-01T00:00:00Z", "x": ' + b"9" * 5000 + b"}",
     "number out of range"),
    ("a lone surrogate", b'{"timestamp": "2025-01-01T00:00:00Z", "agent_id": "\\ud800"}', "lone UTF-16 surrogate"),
    ("an unpaired low surrogate", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\udc00"}', "lone UTF-16 surrogate"),
    # Hex digits in either case: the search that spares other texts the surrogate regex reads both.
    ("a lone surrogate in capitals", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\uD800"}', "lone UTF-16 surrogate"),
    ("an unpaired low surrogate in capitals", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\uDC00"}',
     "lone UTF-16 surrogate"),
    ("a lone surrogate, then the line cut", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\uDBFF", "y": ',
     "lone UTF-16 surrogate"),
    ("a surrogate pair, then the line cut", b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\uD83E\\uDD16", "y": ',
     "invalid JSON: unexpected end of document"),
    ("two documents on a line", VALID_LINE.encode() + b" " + VALID_LINE.encode(), "invalid JSON: trailing characters"),
    ("a trailing comma", b'{"timestamp": "2025-01-01T00:00:00Z",}', "invalid JSON: trailing comma"),
]


@pytest.mark.parametrize(("kind", "line", "message"), BAD_LINES, ids=[kind for kind, _, _ in BAD_LINES])
def test_each_kind_of_bad_line_is_reported_for_its_line_and_validation_goes_on(
    tmp_path: Path, kind: str, line: bytes, message: str
) -> None:
    invalid = json.dumps({"timestamp": "2025-02-30T00:00:00Z"}).encode()
    path = write(tmp_path / "s.ndjson", VALID_LINE.encode() + b"\n" + line + b"\n" + invalid + b"\n" + VALID_LINE.encode())
    result = cli("--format", "json", str(path))
    assert result.exit_code == 1, result.output
    found = records(result)
    assert [r["line"] for r in found] == [2, 3]
    assert message in found[0]["message"]
    assert found[0]["keyword"] is None and found[0]["pointer"] == ""
    assert found[1]["keyword"] == "format"
    assert "Traceback" not in result.output


def test_a_bom_at_the_start_of_a_file_or_stdin_is_tolerated(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    assert cli(str(write(tmp_path / "a.json", bom + json.dumps(VALID).encode()))).exit_code == 0
    assert cli(str(write(tmp_path / "b.ndjson", bom + ndjson(VALID, VALID).encode()))).exit_code == 0
    assert cli("-", input=bom + ndjson(VALID, VALID).encode()).exit_code == 0


def test_huge_but_representable_numbers_are_numbers(tmp_path: Path) -> None:
    line = {"timestamp": "2025-01-01T00:00:00Z", "duration": 10**300, "big": 10**308, "tiny": 1e-300,
            "largest": int(sys.float_info.max), "nested": [{"n": -(10**308)}]}
    assert cli(str(write(tmp_path / "n.ndjson", ndjson(line)))).exit_code == 0


@pytest.mark.parametrize("number", [2 * 10**308, -(10**400), 10**4000, 2**1024 - 2**970])
@pytest.mark.parametrize("where", ["duration", "undeclared", "nested"])
def test_an_integer_a_double_reads_as_infinity_is_out_of_range(tmp_path: Path, number: int, where: str) -> None:
    # JSON.parse reads these as Infinity: the generated TypeScript cannot hold them, so no path takes them.
    document: dict[str, Any] = {"timestamp": "2025-01-01T00:00:00Z"}
    document[where] = [{"n": number}] if where == "nested" else number
    result = cli("--format", "json", str(write(tmp_path / "n.ndjson", ndjson(VALID, document))))
    assert result.exit_code == 1
    assert [(r["line"], r["message"]) for r in records(result)] == [(2, "number out of range (beyond a 64-bit float)")]


def test_an_empty_json_file_is_an_invalid_document_and_an_empty_ndjson_file_has_none(tmp_path: Path) -> None:
    result = cli("--format", "json", str(write(tmp_path / "e.json", b"")))
    assert result.exit_code == 1 and records(result)[0]["message"] == "empty document"
    result = cli(str(write(tmp_path / "e.ndjson", b"\n\n")))
    assert result.exit_code == 0 and "nothing validated" in result.stderr


def test_documents_that_are_not_objects_are_reported(tmp_path: Path) -> None:
    result = cli("--format", "json", str(write(tmp_path / "s.ndjson", ndjson("[]", "null", "1", '"x"'))))
    assert [(r["line"], r["keyword"]) for r in records(result)] == [(1, "type"), (2, "type"), (3, "type"), (4, "type")]


# -- exit codes ----------------------------------------------------------------------------------


def test_a_missing_or_unreadable_path_exits_2_after_validating_the_rest(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ndjson", ndjson({"timestamp": 3}))
    result = cli(str(tmp_path / "missing.json"), "/proc/self/mem", str(bad))
    assert result.exit_code == 2
    assert f"schemasmith: error: {tmp_path / 'missing.json'}: no such file or directory" in result.stderr
    assert "schemasmith: error: /proc/self/mem: cannot read file" in result.stderr
    assert f"{bad}:1 at #/timestamp" in result.stdout


def test_no_path_is_a_usage_error() -> None:
    result = cli()
    assert result.exit_code == 2 and "give at least one PATH" in result.stderr


def test_an_empty_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli(str(tmp_path / "empty"))
    assert result.exit_code == 2 and "no .json, .ndjson or .jsonl files" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"type": ', "invalid JSON"),
        (b'{"type": "object", "required": "timestamp"}', "not a valid schema"),
        (b'{"properties": {"a": {"$ref": "#/$defs/missing"}}}', "cannot resolve $ref"),
        (b'{"properties": {"b": {"type": "string"}, "a": {"pattern": "(("}}}', "is not a regular expression"),
    ],
    ids=["not JSON", "not a schema", "a dangling $ref", "a bad pattern"],
)
def test_a_broken_schema_exits_2_with_one_line_and_no_traceback(tmp_path: Path, content: bytes, message: str) -> None:
    schema = write(tmp_path / "schema.json", content)
    data = write(tmp_path / "d.ndjson", ndjson({"a": 1}))
    completed = subprocess.run(
        [sys.executable, "-m", "schemasmith", "validate", "--jobs", "2", "--schema", str(schema), str(data)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemasmith: error:") and message in lines[0], completed.stderr
    assert "Traceback" not in completed.stderr


# -- options -------------------------------------------------------------------------------------


def test_max_errors_stops_the_run(tmp_path: Path) -> None:
    path = write(tmp_path / "s.ndjson", ndjson(*[{"timestamp": i} for i in range(50)]))
    result = cli("--format", "json", "--max-errors", "3", str(path))
    assert result.exit_code == 1
    assert [r["line"] for r in records(result)] == [1, 2, 3]
    assert "stopped after 3 error(s)" in result.stderr


def test_strict_also_reports_undeclared_properties(tmp_path: Path) -> None:
    path = write(tmp_path / "s.ndjson", ndjson(dict(VALID, is_outbound=True), VALID))
    assert cli(str(path)).exit_code == 0
    result = cli("--strict", "--format", "json", str(path))
    assert result.exit_code == 1
    assert records(result) == [{"file": str(path), "line": 1, "pointer": "/is_outbound",
                                "message": "'is_outbound' is not a property the schema declares",
                                "keyword": "strict"}]


def test_strict_follows_refs_and_combinators_and_nested_objects(tmp_path: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"base": {"properties": {"id": {"type": "string"}}}},
        "allOf": [{"$ref": "#/$defs/base"}],
        "properties": {
            "inner": {"type": "object", "properties": {"a": {"type": "integer"}}},
            "free": {"type": "object"},
        },
        "patternProperties": {"^x-": True},
    }
    schema_path = write(tmp_path / "schema.json", json.dumps(schema))
    document = {"id": "1", "x-trace": 1, "inner": {"a": 1, "b": 2}, "free": {"anything": 1}, "other": 0}
    data = write(tmp_path / "d.json", json.dumps(document))
    result = cli("--schema", str(schema_path), "--strict", "--format", "json", str(data))
    assert [r["pointer"] for r in records(result)] == ["/inner/b", "/other"]


@pytest.mark.parametrize("jobs", ["2", "0"])
def test_jobs_give_the_same_results_as_one_job(tmp_path: Path, jobs: str) -> None:
    lines = [dict(VALID, duration=i) if i % 7 else {"timestamp": f"bad-{i}"} for i in range(3000)]
    path = write(tmp_path / "s.ndjson", ndjson(*lines))
    single = cli("--format", "json", str(path))
    parallel = cli("--format", "json", "--jobs", jobs, str(path))
    assert parallel.exit_code == single.exit_code == 1
    assert parallel.stdout == single.stdout


def test_chunks_split_at_newlines_keep_line_numbers_across_workers(tmp_path: Path) -> None:
    lines = [VALID if i % 11 else {"timestamp": i} for i in range(2000)]
    path = write(tmp_path / "s.ndjson", ndjson(*lines))
    expected = [i + 1 for i in range(2000) if i % 11 == 0]
    for jobs in (1, 2):
        run = ValidationRun([path], SCHEMA, jobs=jobs, chunk_bytes=1000)
        assert [issue.line for issue in run] == expected
        assert run.summary.documents == 2000 and run.summary.invalid == len(expected)


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""], ids=["LF at the end", "CRLF at the end", "no final newline"])
def test_a_chunk_gives_what_each_of_its_lines_gives_alone(ending: bytes) -> None:
    # validate_ndjson screens a whole chunk at once (lines, fast path, one date-time batch): line
    # numbers, blank lines, newline counts and every issue must be those of each line on its own.
    kinds = [
        VALID_LINE.encode(), b"", b'{"timestamp": "2025-02-30T00:00:00Z"}', b"   ", b"\r",
        json.dumps(dict(VALID, duration="7")).encode(), b'{"timestamp": "2025-09-25T22:48:13Z", "x-new": 1}',
        b"{not json", json.dumps(dict(VALID, timestamp="2016-12-31T23:59:60Z")).encode(), b'{"a": [1, 2}',
    ]
    lines = [kinds[(i * 7) % len(kinds)] for i in range(300)]
    separator = b"\r\n" if ending == b"\r\n" else b"\n"
    chunk = separator.join(lines) + ending
    validator = Validator.from_path(SCHEMA)
    tally = validator.validate_ndjson(chunk, "x.ndjson", first_line=10)
    expected: list[tuple[int | None, str, str]] = []
    for number, line in enumerate(lines, start=10):
        if line.strip():
            found = validator.validate_json(line, "x.ndjson").issues
            expected += [(number, issue.pointer, issue.message) for issue in found]
    assert expected and [(issue.line, issue.pointer, issue.message) for issue in tally.issues] == expected
    assert tally.blank_lines == sum(1 for line in lines if not line.strip())
    assert tally.documents == len(lines) - tally.blank_lines
    assert tally.newlines == len(lines) - (0 if ending else 1)


def test_a_schema_outside_the_fast_path_is_validated_by_the_reference(tmp_path: Path) -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}, "n": {"enum": [1, 2]},
                       "mail": {"format": "email"}},
        "required": ["code"],
    }
    schema_path = write(tmp_path / "schema.json", json.dumps(schema))
    data = write(tmp_path / "d.ndjson", ndjson({"code": "ABC", "n": 1}, {"code": "abc", "n": 3, "mail": "a@@b"}))
    result = cli("--schema", str(schema_path), "--format", "json", str(data))
    assert [(r["line"], r["pointer"], r["keyword"]) for r in records(result)] == [
        (2, "/code", "pattern"), (2, "/n", "enum"), (2, "/mail", "format")
    ]


# -- the library API -----------------------------------------------------------------------------


def test_the_library_api_is_what_the_cli_uses(tmp_path: Path) -> None:
    path = write(tmp_path / "s.ndjson", ndjson(VALID, {"timestamp": "not-a-date"}))
    run = validate_paths([path], SCHEMA)
    issues = list(run)
    assert [(i.line, i.pointer, i.keyword) for i in issues] == [(2, "/timestamp", "format")]
    assert run.summary.exit_code == 1 and run.summary.documents == 2

    validator = Validator.from_path(SCHEMA)
    assert validator.validate_document(VALID) == []
    assert [i.pointer for i in validator.validate_document({"timestamp": "2025-13-01T00:00:00Z"})] == ["/timestamp"]
    assert validator.validate_ndjson(ndjson(VALID, {}).encode(), "x").invalid == 1


def test_is_valid_json_judges_a_request_body_as_is_valid_judges_it_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    nested = {
        "type": "object", "required": ["id", "lines"],
        "properties": {"id": {"type": "string", "pattern": "^o_[0-9]+$"},
                       "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku"]}},
                       "at": {"type": "string", "format": "date-time"}},
    }
    bodies = [
        b'{"id": "o_1", "lines": [{"sku": "a"}], "at": "2025-01-01T00:00:00Z"}',  # valid
        b'{"id": "o_1", "lines": [{"sku": "a"}], "extra": {"kept": [1, 2]}}',  # valid, undeclared
        b'{"id": "x", "lines": [{"sku": "a"}]}', b'{"id": "o_1", "lines": []}', b'{"id": "o_1", "lines": [{}]}',
        b'{"id": "o_1", "lines": [{"sku": "a"}], "at": "2025-02-30T00:00:00Z"}', b'{"id": "o_1", "lines": [',
        b'[1, 2]', b'{"id": "o_1", "lines": [{"sku": "a"}], "n": 1e400}',
    ]
    flat = json.loads(SCHEMA.read_text("utf-8"))
    session_bodies = [
        json.dumps(VALID).encode(), json.dumps(dict(VALID, new_field=1, other="x")).encode(),
        json.dumps(dict(VALID, duration="7")).encode(), b'{"timestamp": "2025-02-30T00:00:00Z"}', b"{",
    ]
    for schema, cases in ((nested, bodies), (flat, session_bodies)):
        validator, reference = Validator(schema), Validator(schema, fast_path=False)
        for body in cases:
            try:  # the reference's verdict on the text read under the document policy, as validate reads a file
                expected = reference.is_valid(parse_document(body))
            except DocumentError:  # not JSON, or a number a double reads as infinity
                expected = False
            assert validator.is_valid_json(body) == expected, body
            assert validator.is_valid_json(body.decode()) == expected, body  # a str as well
            assert validator.is_valid_json(b"\xef\xbb\xbf" + body) == expected, body  # after a byte order mark
            assert validator.validate_json(body).invalid == (0 if expected else 1), body
        # A valid body, undeclared properties included, never reaches the reference's explanation.
        monkeypatch.setattr(validator, "_review", lambda *_: pytest.fail("a valid body was explained"))
        assert all(validator.is_valid_json(body) for body in cases[:2])
    # A str can hold a lone surrogate, which no UTF-8 text can: refused, with no error raised.
    assert not Validator(flat).is_valid_json('{"timestamp": "2025-01-01T00:00:00Z", "agent_id": "\ud800"}')


def test_the_reference_validator_checks_date_time_as_the_suite_does() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    reference = reference_validator(schema)
    assert not reference.is_valid({"timestamp": "not-a-date"})
    assert reference.is_valid({"timestamp": "1998-12-31T23:59:60Z"})
    assert not reference.is_valid({"timestamp": "1998-12-31T23:59:60+01:00"})


def test_progress_is_drawn_only_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress_module, "START_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.01)
    terminal, pipe = Terminal(), io.StringIO()
    counters = Progress(bytes_done=512, bytes_total=1024, documents=1000, invalid=2)
    with progress_module.ProgressDisplay(counters, terminal):
        import time

        time.sleep(0.1)
    with progress_module.ProgressDisplay(counters, pipe):
        pass
    assert "validating: 1,000 documents, 2 invalid, 512 B of 1.0 KB (50%)" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    assert pipe.getvalue() == ""


def test_memory_stays_flat_on_a_large_ndjson_file(tmp_path: Path) -> None:
    """Peak RSS of a run over ~60 MB of NDJSON stays near that over ~2 MB (chunks, not the file)."""
    line = json.dumps(dict(VALID, session_id="s" * 400)).encode() + b"\n"
    small = write(tmp_path / "small.ndjson", line * 4_000)
    large = write(tmp_path / "large.ndjson", line * 120_000)
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run([sys.executable, '-m', 'schemasmith', 'validate', sys.argv[1]], check=True,"
        " stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )

    def peak_kb(path: Path) -> int:
        completed = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                                   cwd=REPO, timeout=300, check=True)
        return int(completed.stdout.strip())

    assert large.stat().st_size > 50_000_000
    growth_mb = (peak_kb(large) - peak_kb(small)) / 1024
    assert growth_mb < 25, f"peak RSS grew by {growth_mb:.0f} MB for a 30x larger file"


def test_lines_refused_after_learning_a_name_leave_no_frame_for_the_collector() -> None:
    # A line with an undeclared name the decoder learns, still refused after: the second refusal,
    # kept with its traceback, would hold the loop's frame (and the chunk's lines and records)
    # until the cyclic collector ran: 9 MB more peak memory on a Session file.
    nested = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}}, "n": {"type": "integer"}}}
    for validator, wrong in ((Validator.from_path(SCHEMA), "duration"), (Validator(nested), "n")):
        chunk = b"\n".join(json.dumps({"timestamp": "2025-01-01T00:00:00Z", "a": [], f"new_{i}": 1, wrong: "x"}).encode()
                           for i in range(5))
        gc.collect()
        gc.disable()
        try:
            assert validator.validate_ndjson(chunk).invalid == 5
            alive = [o.f_code.co_name for o in gc.get_objects()
                     if isinstance(o, types.FrameType) and "schemasmith" in o.f_code.co_filename]
        finally:
            gc.enable()
        assert alive == [], alive


def test_a_long_digit_run_is_found_at_every_offset_and_length_near_the_limit() -> None:
    # Only one byte in every LONGEST_DOUBLE_DIGITS is looked at before the text is searched: a run
    # anywhere, of the limit's length or one more, is found; one digit short, it is not.
    from schemasmith.validate import documents

    limit = documents.LONGEST_DOUBLE_DIGITS
    for length in (limit - 1, limit, limit + 1):
        for offset in range(2 * limit + 2):
            document = b'{"x": ' + b" " * offset + b"7" * length + b" " * 40 + b"}"
            assert documents.may_hold_long_integer(document) == (length >= limit), (length, offset)


@pytest.mark.parametrize("offset", [0, 1, 690, 691, 999, 1000, 1001, 1690, 2400])
def test_a_long_digit_run_is_found_across_search_windows(monkeypatch: pytest.MonkeyPatch, offset: int) -> None:
    # A long document is searched a window at a time; a run crossing a window's edge still counts.
    from schemasmith.validate import documents

    monkeypatch.setattr(documents, "_DIGIT_WINDOW", 1000)
    run = b"7" * documents.LONGEST_DOUBLE_DIGITS
    filler = b" " * 3000
    document = filler[:offset] + run + filler[offset:]
    assert documents.may_hold_long_integer(document)
    assert not documents.may_hold_long_integer(document.replace(b"7" * 20, b"7" * 19 + b" ", 1))
    line = b'{"timestamp": "2025-01-01T00:00:00Z", "x": ' + b"9" * 400 + b"}" + b" " * offset + b" " * 3000
    with pytest.raises(documents.DocumentError):
        documents.parse_document(line)
