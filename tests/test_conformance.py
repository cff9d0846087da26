"""Differential conformance: four judges, one corpus of Session payloads, identical verdicts.

The judges (generator/schemasmith/conformance/): the reference validator (jsonschema, every format checked,
on documents decoded by the project's document policy), `schemasmith validate`, the generated
Python and the generated TypeScript under Node. The corpus: the hand-written edge cases of
tests/cases/session_edge_payloads.json, the shared cases of tests/cases/session_payloads.json, and
a fixed, derandomized batch from hypothesis — payloads hypothesis-jsonschema generates from the
schema, and single-field mutations of them that make them invalid. Every judge runs once over the
whole corpus. Verdicts must be identical, every valid payload must round-trip through both languages,
and where a language rejects a payload whose problem we know, it must point at it. Where the judges
merely locate a problem differently, that is informative only (the reference lists every error, a
language stops at its first). A summary lands in .pytest_cache/conformance-report.md.

Also here: `schemasmith conformance` itself (exit 0, 1 and 2).
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis_jsonschema import from_schema

from conftest import CASES, REPO, SCHEMA, tool
from schemasmith.conformance import check as conformance, typescript_judge
from schemasmith.cli.main import main
from schemasmith.conformance.check import JUDGES, NodeTools, Payload, Report, Verdict, compare, first_difference, instant
from schemasmith.validate.formats import is_date_time

EDGE_CASES = json.loads((Path(__file__).parent / "cases" / "session_edge_payloads.json").read_text("utf-8"))["cases"]
SCHEMA_DOCUMENT = json.loads(SCHEMA.read_text("utf-8"))
PROPERTIES: dict[str, Any] = SCHEMA_DOCUMENT["properties"]
REQUIRED = set(SCHEMA_DOCUMENT["required"])
GENERATED_VALID = 150
GENERATED_MUTATIONS = 150
REPORT_FILE = REPO / ".pytest_cache" / "conformance-report.md"

differential = pytest.mark.xdist_group("conformance-differential")
command = pytest.mark.xdist_group("conformance-command")


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Entry:
    category: str  # "edge", "cases", "generated valid", "generated mutation"
    name: str
    text: str
    valid: bool | None  # what the schema says, where the corpus knows it
    pointer: str | None  # where a language must locate the problem, where the corpus knows it

    @property
    def label(self) -> str:
        return f"{self.category}: {self.name}"

    def __repr__(self) -> str:
        return f"Entry({self.label!r})"


FRACTIONS = st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,9}", fullmatch=True))
OFFSET_MINUTES = st.integers(-(23 * 60 + 59), 23 * 60 + 59)


def _offset(minutes: int) -> str:
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _date_times() -> st.SearchStrategy[str]:
    """RFC 3339 date-times wider than hypothesis-jsonschema's own (upper-case T/Z, no fraction or
    six digits): t/z in either case, 1-9 fraction digits, any offset up to ±23:59."""
    offset = st.one_of(st.sampled_from(["Z", "z"]), OFFSET_MINUTES.map(_offset))
    clock = st.builds("{:02d}:{:02d}:{:02d}{}".format, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), FRACTIONS)
    return st.builds("{}{}{}{}".format, st.dates().map(date.isoformat), st.sampled_from("Tt"), clock, offset)


def _leap_second(day: date, fraction: str, minutes: int) -> str:
    local = datetime(day.year, day.month, day.day, 23, 59) + timedelta(minutes=minutes)
    return (f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:60"
            f"{fraction}{_offset(minutes) if minutes else 'Z'}")


# 23:59:60 UTC, seen from any offset. hypothesis-jsonschema checks the strings a custom format
# strategy gives with jsonschema's own date-time checker, which refuses every leap second (the
# JSON-Schema-Test-Suite accepts them): they are put in after it.
LEAP_SECONDS = st.builds(_leap_second, st.dates(date(2, 1, 1), date(9998, 12, 31)), FRACTIONS, OFFSET_MINUTES)


DATE_TIMES = _date_times()
# Each makes any date-time from DATE_TIMES invalid.
CORRUPTIONS = (
    lambda s: s[:10] + " " + s[11:],  # space separator
    lambda s: s + "\n",  # trailing newline
    lambda s: re.sub(r"(?:[Zz]|[+-]\d\d:\d\d)$", "", s),  # no offset
    lambda s: s[:5] + "13" + s[7:],  # month 13
    lambda s: s[:8] + "32" + s[10:],  # day 32
    lambda s: s[:11] + "24" + s[13:],  # hour 24
    lambda s: s[:17] + "61" + s[19:],  # second 61
    lambda s: "\u0662" + s[1:],  # an Arabic-Indic digit
    lambda s: s[:10],  # the date alone
)
INVALID_DATE_TIMES = st.builds(lambda s, corrupt: corrupt(s), DATE_TIMES, st.sampled_from(CORRUPTIONS))
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
JSON_KINDS: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    "string": st.text(max_size=20),
    "array": st.lists(SCALARS, max_size=3),
    "object": st.dictionaries(st.text(max_size=5), SCALARS, max_size=3),
}
ABSENT = object()


def _allowed_types(schema: dict[str, Any]) -> set[str]:
    branches = schema.get("anyOf", [schema])
    found = {t for branch in branches for t in ([branch["type"]] if isinstance(branch["type"], str) else branch["type"])}
    return found | ({"integer"} if "number" in found else set())


def _wrong_values(name: str) -> st.SearchStrategy[Any]:
    """Values that make property ``name`` invalid: another JSON type, a bad date-time, absence."""
    schema = PROPERTIES[name]
    options = [strategy for kind, strategy in JSON_KINDS.items() if kind not in _allowed_types(schema)]
    if schema.get("format") == "date-time":
        options += [INVALID_DATE_TIMES, st.text(max_size=30).filter(lambda s: not is_date_time(s))]
    if name in REQUIRED:
        options.append(st.just(ABSENT))
    return st.one_of(options)


def _collect(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` examples of ``strategy``, the same on every run (derandomized, no database)."""
    found: list[Any] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def gather(value: Any) -> None:
        found.append(value)

    gather()
    return found


def _text(value: Any, number: int) -> str:
    # Every other payload escapes non-ASCII, so both spellings of strings reach the judges.
    return json.dumps(value, ensure_ascii=number % 2 == 1)


def _generated() -> list[Entry]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # "Overriding standard format 'date-time'"
        sessions = from_schema(SCHEMA_DOCUMENT, custom_formats={"date-time": DATE_TIMES})
    sessions = sessions.flatmap(lambda s: st.one_of(st.just(s), LEAP_SECONDS.map(lambda t: {**s, "timestamp": t})))
    valid_payloads = _collect(sessions, GENERATED_VALID)
    entries: list[Entry] = []
    seen: set[str] = set()
    for number, payload in enumerate(valid_payloads):
        text = _text(payload, number)
        if text not in seen:
            seen.add(text)
            entries.append(Entry("generated valid", f"#{number} {conformance.shorten(text, 60)}", text, True, None))
    mutation = st.integers(0, len(valid_payloads) - 1).flatmap(
        lambda index: st.sampled_from(sorted(PROPERTIES)).flatmap(
            lambda name: st.tuples(st.just(index), st.just(name), _wrong_values(name))
        )
    )
    for number, (index, name, value) in enumerate(_collect(mutation, GENERATED_MUTATIONS)):
        payload = dict(valid_payloads[index])
        if value is ABSENT:
            del payload[name]
            what = "removed"
        else:
            payload[name] = value
            what = conformance.shorten(json.dumps(value), 40)
        text = _text(payload, number)
        if text not in seen:
            seen.add(text)
            pointer = "" if value is ABSENT else f"/{name}"
            entries.append(Entry("generated mutation", f"#{number} {name} := {what}", text, False, pointer))
    return entries


def _corpus() -> list[Entry]:
    hand_written = [
        Entry(category, case["name"], case["json"], case["valid"], case.get("pointer"))
        for category, cases in (("edge", EDGE_CASES), ("cases", CASES))
        for case in cases
    ]
    return hand_written + _generated()


def _differential_run(workdir: Path) -> tuple[list[Entry], Report]:
    corpus = _corpus()
    payloads = [Payload.of_text(entry.label, entry.text) for entry in corpus]
    tools = NodeTools(node=tool("node"), tsc=tool("tsc"))
    report = conformance.run(SCHEMA, payloads, typescript=True, tools=tools, workdir=workdir)
    _write_report(corpus, report)
    return corpus, report


@pytest.fixture(scope="session")
def differential_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[list[Entry], Report]:
    """The corpus and the four judges' report, computed once per test run.

    Under xdist every worker has its own session, and `--dist loadgroup` does not keep a group on
    one worker under pytest 9 (xdist renames ``item._nodeid``, which pytest 9 no longer reads): the
    first worker computes, the others wait on a lock and read its result.
    """
    workdir = tmp_path_factory.mktemp("conformance")
    if worker_id == "master":
        return _differential_run(workdir)
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, common to its workers
    cache = shared / "conformance-differential.pickle"
    with open(shared / "conformance-differential.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.exists():
            result: tuple[list[Entry], Report] = pickle.loads(cache.read_bytes())
            return result
        result = _differential_run(workdir)
        cache.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="session")
def corpus(differential_run: tuple[list[Entry], Report]) -> list[Entry]:
    return differential_run[0]


@pytest.fixture(scope="session")
def report(differential_run: tuple[list[Entry], Report]) -> Report:
    return differential_run[1]


def _write_report(corpus: list[Entry], report: Report) -> None:
    rows: dict[str, Counter[str]] = {}
    for entry, outcome in zip(corpus, report.outcomes):
        row = rows.setdefault(entry.category, Counter())
        row["payloads"] += 1
        row["valid (reference)"] += outcome.verdicts["reference"].valid
        row["all judges agree"] += not any(p.kind == "verdicts" for p in outcome.problems)
        for problem in outcome.problems:
            row[problem.kind] += 1
    columns = ["payloads", "valid (reference)", "all judges agree", "verdicts", "error type", "round trip", "pointer"]
    lines = [f"judges: {', '.join(report.judges)}", *(f"broken: {j}: {why}" for j, why in report.broken.items()), "",
             "| category | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {category} | " + " | ".join(str(row[c]) for c in columns) + " |" for category, row in rows.items()]
    lines += ["", *conformance.report_lines(report, verbose=True)]
    REPORT_FILE.parent.mkdir(exist_ok=True)
    REPORT_FILE.write_text("\n".join(lines) + "\n", "utf-8")


def _listing(lines: list[str], limit: int = 40) -> str:
    shown = lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])
    return "\n".join(shown)


# ---------------------------------------------------------------------------------------------
# The comparison itself
# ---------------------------------------------------------------------------------------------


def test_instants_at_each_languages_precision() -> None:
    assert instant("2025-09-25T22:48:13.7712345Z", 6) == instant("2025-09-25T18:48:13.771234-04:00", 6)
    assert instant("2025-09-25T22:48:13.7719Z", 3) == instant("2025-09-25T22:48:13.771Z", 3)
    assert instant("2025-09-25T22:48:13.7719Z", 6) != instant("2025-09-25T22:48:13.771Z", 6)
    assert instant("1998-12-31T23:59:60Z", 3) == instant("1998-12-31T23:59:59.999Z", 3)
    assert instant("1998-12-31T15:59:60-08:00", 6) == instant("1998-12-31T23:59:59.999999Z", 6)
    assert instant("1970-01-01T00:00:00Z", 0) == 0
    assert instant("0000-03-01T00:00:00Z", 0) - instant("0000-02-28T00:00:00Z", 0) == 2 * 86400  # year 0 leaps
    assert instant("2025-02-29T00:00:00Z", 3) is None
    assert instant("not a date", 3) is None


def test_first_difference_sees_every_loss() -> None:
    def diff(a: Any, b: Any, doubles: bool = False) -> str | None:
        return first_difference(a, b, digits=3, doubles=doubles)

    base = {"timestamp": "2025-09-25T22:48:13.771Z", "a": None, "x": {"k": [1, 2.5, True]}}
    assert diff(base, json.loads(json.dumps(base))) is None
    assert diff(base, {"timestamp": "2025-09-25T22:48:13.771Z", "x": {"k": [1, 2.5, True]}}) == "/a"  # null lost
    assert diff(base, {**base, "b": 1}) == "/b"  # a property added
    assert diff(base, {**base, "a": False}) == "/a"
    assert diff(base, {**base, "x": {"k": [1, 2.5, 1]}}) == "/x/k/2"  # true is not 1
    assert diff(base, {**base, "x": {"k": [1, 2.5]}}) == "/x/k/2"
    assert diff(base, {**base, "timestamp": "2025-09-25T18:48:13.771-04:00"}) is None
    assert diff(base, {**base, "timestamp": "2025-09-25T22:48:13.772Z"}) == "/timestamp"
    assert diff({"s": "2025-09-25T22:48:13Z"}, {"s": "2025-09-25T22:48:13.000Z"}) is None
    assert diff({"n": 123456789012345678901234567890}, {"n": 1.2345678901234568e29}) == "/n"
    assert diff({"n": 123456789012345678901234567890}, {"n": 1.2345678901234568e29}, doubles=True) is None
    assert diff({"a/b": 1}, {}) == "/a~1b"


def test_compare_reports_each_kind_of_problem() -> None:
    document = {"timestamp": "2025-09-25T22:48:13.771Z", "session_id": None}
    payload = Payload.of_text("p", json.dumps(document))
    agreeing = {
        "reference": Verdict(True),
        "cli": Verdict(True),
        "python": Verdict(True, round_trip='{"timestamp":"2025-09-25T22:48:13.771Z","session_id":null}'),
        "typescript": Verdict(True, round_trip='{"timestamp":"2025-09-25T22:48:13.771Z"}'),  # the null lost
    }
    outcome = compare(payload, agreeing, document)
    assert [(p.kind, p.judge) for p in outcome.problems] == [("round trip", "typescript")]
    assert "#/session_id: null -> (absent)" in outcome.problems[0].detail

    disagreeing = {
        "reference": Verdict(False, ("/n",), "-1 is less than the minimum of 0", ("minimum",)),
        "cli": Verdict(False, ("/n",), "-1 is less than the minimum of 0", ("minimum",)),
        "python": Verdict(True, round_trip='{"n": -1}'),
        "typescript": Verdict(False, ("",), "RangeError: Maximum call stack size exceeded", crashed=True),
    }
    outcome = compare(Payload.of_text("q", '{"n": -1}'), disagreeing, {"n": -1})
    assert [p.kind for p in outcome.problems] == ["verdicts", "error type"]
    assert outcome.problems[0].detail == (
        "verdicts differ: reference invalid at #/n [minimum], cli invalid at #/n [minimum], python valid, "
        "typescript failed (RangeError: Maximum call stack size exceeded)"
    )


# ---------------------------------------------------------------------------------------------
# `schemasmith conformance`
# ---------------------------------------------------------------------------------------------

VALID = '{"timestamp": "2025-09-25T22:48:13.771Z", "session_id": null, "extra": [1, {"a": true}]}'


def _conformance(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", "conformance", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "samples"
    (folder / "nested").mkdir(parents=True)
    lines = [VALID, '{"timestamp": 5}', "", '{"timestamp": "2025-09-25T22:48:13Z", "duration": true}', "[1, 2,]"]
    (folder / "sessions.ndjson").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "one.json").write_text(json.dumps(json.loads(VALID), indent=2), "utf-8")
    (folder / "nested" / "more.jsonl").write_text('{"timestamp": "1998-12-31T23:59:60Z"}\r\n', "utf-8")
    (folder / "notes.txt").write_text("not a payload", "utf-8")
    return folder


@command
def test_command_exits_0_when_every_judge_agrees(samples: Path) -> None:
    done = _conformance("--require-typescript", samples)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(
        "schemasmith: 6 payload(s), judged by reference, cli, python, typescript: 6 agree, 0 disagree; "
        "3 valid, 0 round-trip failure(s)"
    ), done.stderr


@command
def test_command_exits_1_and_names_the_payload_and_each_verdict(tmp_path: Path) -> None:
    # Python's datetime cannot hold an instant of year 0000 before 0000-12-31T00:01Z
    # (doc/limitations.md): the one disagreement the loaders have with the schema, and the command says so.
    schema = tmp_path / "reading.schema.json"
    schema.write_text(json.dumps({
        "title": "Reading", "type": "object", "required": ["at"],
        "properties": {"at": {"type": "string", "format": "date-time"}},
    }), "utf-8")
    (tmp_path / "readings.ndjson").write_text('{"at": "2025-01-01T00:00:00Z"}\n{"at": "0000-01-01T00:00:00Z"}\n', "utf-8")
    done = _conformance("--schema", schema, "--require-typescript", "readings.ndjson", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    (line,) = done.stdout.splitlines()
    assert line.startswith("readings.ndjson:2: verdicts differ: reference valid, cli valid, python invalid at #/at (")
    assert line.endswith(", typescript valid")
    assert "1 agree, 1 disagree" in done.stderr
    assert "Traceback" not in done.stderr


@command
def test_command_counts_apart_what_generation_named(tmp_path: Path) -> None:
    # `format: regex` is left to `schemasmith validate` (the loaders have no ECMA-262 parser),
    # and generation says so: the disagreement is informative (exit 0), counted apart, and listed with -v.
    schema = tmp_path / "reading.schema.json"
    schema.write_text(json.dumps({
        "title": "Reading", "type": "object", "required": ["celsius"],
        "properties": {"celsius": {"type": "number", "minimum": -273.15}, "filter": {"type": "string", "format": "regex"}},
    }), "utf-8")
    (tmp_path / "readings.ndjson").write_text('{"celsius": 21.5}\n{"celsius": -300}\n{"celsius": 0, "filter": "("}\n', "utf-8")
    done = _conformance("--schema", schema, "--require-typescript", "-v", "readings.ndjson", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 agree, 0 disagree (and 1 only on keywords the loaders leave to `schemasmith validate`" in done.stderr
    assert ("readings.ndjson:3: note: verdicts differ: reference invalid at #/filter [format], "
            "cli invalid at #/filter [format], python valid, typescript valid") in done.stdout.splitlines()


@command
@pytest.mark.parametrize(
    ("schema_text", "message"),
    [
        ('{"type": "object", "required": "timestamp"}', "at #/required: not a valid schema"),
        ('{"type": "object",', "broken.schema.json:1"),
        ('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}', "OpenAPI"),
    ],
)
def test_command_exits_2_on_a_broken_schema(tmp_path: Path, schema_text: str, message: str) -> None:
    schema = tmp_path / "broken.schema.json"
    schema.write_text(schema_text, "utf-8")
    (tmp_path / "p.json").write_text(VALID, "utf-8")
    result = CliRunner().invoke(main, ["conformance", "--schema", str(schema), str(tmp_path / "p.json")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("schemasmith: error: ") and result.output.count("\n") == 1, result.output
    assert message in result.output


@command
@pytest.mark.parametrize("args", [[], ["missing.ndjson"], ["empty"]])
def test_command_exits_2_on_bad_usage(tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["conformance", "--schema", str(SCHEMA), *args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("schemasmith: error: ") and result.output.count("\n") == 1, result.output


def test_payloads_are_read_as_validate_reads_them_compressed_too(tmp_path: Path) -> None:
    # collect_payloads goes through validate's own input code: a compressed NDJSON file found in a
    # folder is decompressed and cut into lines, and a damaged stream is one error, not a traceback.
    import gzip

    from schemasmith.errors import SchemaSmithError

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.ndjson.gz").write_bytes(gzip.compress(b'{"a": 1}\r\n\n{"a": 2}\n', mtime=0))
    (tmp_path / "d" / "b.json").write_bytes(b'\xef\xbb\xbf{"b": 1}')
    assert conformance.collect_payloads([tmp_path / "d"]) == [
        Payload(f"{tmp_path}/d/a.ndjson.gz:1", b'{"a": 1}'),
        Payload(f"{tmp_path}/d/a.ndjson.gz:3", b'{"a": 2}'),
        Payload(f"{tmp_path}/d/b.json", b'{"b": 1}'),
    ]
    (tmp_path / "bad.json.gz").write_bytes(gzip.compress(b'{"a": 1}', mtime=0)[:-6])
    with pytest.raises(SchemaSmithError, match="cannot read: truncated gzip stream"):
        conformance.collect_payloads([tmp_path / "bad.json.gz"])


@command
def test_command_says_when_the_typescript_judge_is_skipped(samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typescript_judge, "find_node_tools", lambda cwd=None: "node is not on PATH")
    result = CliRunner().invoke(main, ["conformance", "--schema", str(SCHEMA), str(samples)])
    assert result.exit_code == 0, result.output
    assert "judged by reference, cli, python: 6 agree" in result.output
    assert "the typescript judge was skipped: node is not on PATH" in result.output

    result = CliRunner().invoke(main, ["conformance", "--schema", str(SCHEMA), "--require-typescript", str(samples)])
    assert result.exit_code == 2
    assert result.output == "schemasmith: error: the TypeScript judge needs node and tsc: node is not on PATH\n"


# ---------------------------------------------------------------------------------------------
# The differential run (last in the file: under xdist the other worker runs the tests above while
# one computes the run)
# ---------------------------------------------------------------------------------------------


@differential
def test_edge_cases_cover_every_field() -> None:
    names = {case["name"] for case in EDGE_CASES}
    for name, schema in PROPERTIES.items():
        pointer = f"/{name}"
        wrong = [c for c in EDGE_CASES if not c["valid"] and c.get("pointer") == pointer]
        allowed = _allowed_types(schema)
        assert len(wrong) >= 7 - len(allowed), f"{name}: too few wrong-type cases"
        if name not in REQUIRED:
            assert f"{name} null" in names
    assert len(names) == len(EDGE_CASES), "edge case names must be unique"


# Where the generated loaders and the validator still part ways (doc/limitations.md): Python's
# datetime holds no instant before 0000-12-31T00:01Z. Everywhere else the four judges agree,
# including on documents that are not interoperable JSON (numbers a double reads as infinity,
# lone surrogate escapes, nesting past 256 levels), which all of them refuse.
KNOWN_DISAGREEMENTS = {
    "edge: timestamp year 0000": "Python's datetime holds no instant before 0000-12-31T00:01Z",
}
KNOWN_ROUND_TRIP_FAILURES: set[str] = set()


@differential
def test_every_judge_judged_every_payload(report: Report) -> None:
    assert not report.broken, report.broken
    assert report.judges == JUDGES, report.skipped


@differential
def test_reference_agrees_with_the_hand_written_verdicts(corpus: list[Entry], report: Report) -> None:
    # The hand-written expectations are an independent check of the reference itself.
    wrong = [
        f"{entry.label}: expected {'valid' if entry.valid else 'invalid'}, "
        f"reference {outcome.verdicts['reference'].describe()}"
        for entry, outcome in zip(corpus, report.outcomes)
        if entry.valid is not None and entry.category in ("edge", "cases") and outcome.verdicts["reference"].valid != entry.valid
    ]
    assert not wrong, _listing(wrong)


@differential
def test_generated_payloads_are_what_they_claim(corpus: list[Entry], report: Report) -> None:
    counts = Counter(entry.category for entry in corpus)
    assert counts["generated valid"] >= GENERATED_VALID * 0.9
    assert counts["generated mutation"] >= GENERATED_MUTATIONS * 0.9
    wrong = []
    for entry, outcome in zip(corpus, report.outcomes):
        reference = outcome.verdicts["reference"]
        if entry.category == "generated valid" and not reference.valid:
            wrong.append(f"{entry.label}: {reference.describe()}")
        if entry.category == "generated mutation" and (reference.valid or entry.pointer not in reference.pointers):
            wrong.append(f"{entry.label}: {reference.describe()}")
    assert not wrong, _listing(wrong)


@differential
def test_all_judges_give_identical_verdicts(report: Report) -> None:
    disagreements = [
        f"{outcome.payload.name}: {problem.detail}"
        for outcome in report.outcomes
        for problem in outcome.problems
        if problem.kind in ("verdicts", "error type")
    ]
    # Known, documented disagreements (doc/limitations.md, "Known disagreements"): each must still occur, and
    # nothing else may. Fixing one makes this fail until it is taken off the list.
    names = {line.split(": verdicts differ")[0].split(": error type")[0] for line in disagreements}
    assert names == set(KNOWN_DISAGREEMENTS), f"{len(disagreements)} disagreement(s):\n" + _listing(disagreements)


@differential
def test_every_valid_payload_round_trips_through_both_languages(report: Report) -> None:
    lossy = [
        f"{outcome.payload.name}: {problem.detail}"
        for outcome in report.outcomes
        for problem in outcome.problems
        if problem.kind == "round trip"
    ]
    checked = sum(1 for o in report.outcomes if o.verdicts["reference"].valid)
    assert checked > 200
    names = {line.split(": typescript ")[0].split(": python ")[0] for line in lossy}
    assert names == set(KNOWN_ROUND_TRIP_FAILURES), f"{len(lossy)} round-trip failure(s):\n" + _listing(lossy)


@differential
def test_languages_point_at_the_known_problem(corpus: list[Entry], report: Report) -> None:
    wrong = []
    for entry, outcome in zip(corpus, report.outcomes):
        if entry.pointer is None:
            continue
        for judge in ("python", "typescript"):
            verdict = outcome.verdicts.get(judge)
            if verdict is not None and not verdict.valid and verdict.pointers[0] != entry.pointer:
                wrong.append(f"{entry.label}: {judge} points at #{verdict.pointers[0]}, expected #{entry.pointer}")
    assert not wrong, _listing(wrong)


def test_report_lines_escape_what_could_end_or_reorder_a_terminal_line() -> None:
    # C1 controls (NEL ends a line on some terminals), bidi overrides and lone surrogates, as every
    # other message of the tool escapes them; cut to the limit after escaping.
    assert conformance.shorten("a\nb\x85c\u202ed\ud800", 50) == "a\\nb\\x85c\\u202ed\\ud800"
    assert conformance.shorten("\x1b" * 10, 8) == "\\x1b\\x1…"
