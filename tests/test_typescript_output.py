"""The generated TypeScript: strict compilation, runtime conformance under Node, and real types.

* ``tsc --strict`` accepts ``generated/typescript/session.ts`` on its own;
* compiled together with ``tests/ts/session_conformance.ts`` and run by Node, ``sessionFromJSON``
  accepts exactly the valid shared payloads, round-trips them losslessly through
  ``sessionToJSON`` and rejects the others with a ``SchemaValidationError`` at the expected pointer;
* the exported types are real: correct use compiles, misuse is a type error on the offending line;
* the module has no runtime imports;
* a ``Session`` built in TypeScript serialises to snake_case wire names and an RFC 3339 timestamp,
  and a Date that RFC 3339 cannot express is refused with ``SchemaValidationError``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from rfc3339_validator import validate_rfc3339  # type: ignore[import-untyped]

from conftest import CASES, GENERATED, run_tsc, tool
from schemasmith.validate.formats import is_date_time

TESTS = Path(__file__).resolve().parent
SESSION_TS = GENERATED / "typescript" / "session.ts"
HARNESS_TS = TESTS / "ts" / "session_conformance.ts"
CASES_FILE = TESTS / "cases" / "session_payloads.json"

# A Session built in TypeScript (not parsed), serialised; then Dates RFC 3339 cannot express.
BUILDER_TS = """\
import { SchemaValidationError, sessionFromJSON, sessionToJSON, sessionToWire, type Session } from "./session.js";

const built: Session = {
  timestamp: new Date(Date.UTC(2025, 8, 25, 22, 48, 13, 771)),
  sessionId: "s-1",
  conversationId: null,
  channelManagerService: "hedy",
  channelManagerType: "voice_twilio_v1",
  agentTimezone: "America/New_York",
  duration: 12.5,
  sessionLabelId: undefined,
  isLegacy: false,
  isTest: true,
  additionalProperties: { prompt_version_number: 4, nested: { a: [1, null, "x"] } },
};

// Built from a local-offset string: the wire form must carry the same instant.
const offset: Session = { timestamp: new Date("2025-01-01T05:30:00.250+05:30") };

type Refusal = {
  label: string;
  function: string;
  threw: boolean;
  isSchemaValidationError: boolean;
  errorName: string | null;
  pointer: string | null;
  message: string | null;
  output: string | null;
};

function attempt(label: string, name: string, run: () => unknown): Refusal {
  try {
    const output = run();
    return {
      label, function: name, threw: false, isSchemaValidationError: false,
      errorName: null, pointer: null, message: null, output: JSON.stringify(output) ?? null,
    };
  } catch (error) {
    const isSchemaError = error instanceof SchemaValidationError;
    return {
      label,
      function: name,
      threw: true,
      isSchemaValidationError: isSchemaError,
      errorName: error instanceof Error ? error.name : typeof error,
      pointer: isSchemaError ? error.pointer : null,
      message: error instanceof Error ? error.message : String(error),
      output: null,
    };
  }
}

const unrepresentable: [string, Date][] = [
  ['new Date("x")', new Date("x")],
  ["new Date(NaN)", new Date(Number.NaN)],
  ["year 10000, 23:59 UTC on its first day", new Date(Date.UTC(10000, 0, 1, 23, 59))],
  ["year 10000, June", new Date(Date.UTC(10000, 5, 1))],
  ["year -1, Dec 31 00:00:59.999 UTC", new Date(Date.UTC(-1, 11, 31, 0, 0, 59, 999))],
  ["year -1", new Date(Date.UTC(-1, 0, 1))],
];

// Instants whose UTC year is not four digits but whose local year, at some offset, is: written
// with that offset, read back as the same instant.
const nearTheEnds: [string, Date][] = [
  ["10000-01-01T00:00:00Z", new Date(Date.UTC(10000, 0, 1))],
  ["10000-01-01T00:30:00Z", new Date(Date.UTC(10000, 0, 1, 0, 30))],
  ["10000-01-01T01:00:00Z", new Date(Date.UTC(10000, 0, 1, 1, 0))],
  ["10000-01-01T23:58:59.999Z", new Date(Date.UTC(10000, 0, 1, 23, 58, 59, 999))],
  ["-000001-12-31T23:30:00Z", new Date(Date.UTC(-1, 11, 31, 23, 30))],
  ["-000001-12-31T00:01:00Z", new Date(Date.UTC(-1, 11, 31, 0, 1))],
  ["0000-01-01T00:00:00Z", new Date("0000-01-01T00:00:00Z")],
  ["9999-12-31T23:59:59.999Z", new Date("9999-12-31T23:59:59.999Z")],
];
const nearTheEndsWritten = nearTheEnds.map(([label, date]) => {
  const text = sessionToJSON({ timestamp: date });
  return { label, text, sameInstant: sessionFromJSON(text).timestamp.getTime() === date.getTime() };
});

const refusals: Refusal[] = [];
for (const [label, date] of unrepresentable) {
  const value: Session = { timestamp: date, sessionId: "s-1" };
  refusals.push(attempt(label, "sessionToWire", () => sessionToWire(value)));
  refusals.push(attempt(label, "sessionToJSON", () => sessionToJSON(value)));
}

process.stdout.write(
  JSON.stringify({
    wire: sessionToWire(built),
    json: sessionToJSON(built),
    offsetWire: sessionToWire(offset),
    offsetJSON: sessionToJSON(offset),
    refusals,
    nearTheEnds: nearTheEndsWritten,
  }) + "\\n",
);
"""

# The one-pass decoder, on inputs JSON text cannot produce (sessionFromWire takes any value) and
# on the orders of keys and errors it must keep.
FROM_WIRE_TS = """\
import { SchemaValidationError, sessionFromJSON, sessionFromWire, sessionToJSON, type Session } from "./session.js";

type Outcome = {
  ok: boolean;
  keys?: string[];
  extraKeys?: string[] | null;
  extraPrototypeIsObject?: boolean | null;
  json?: string;
  error?: string;
  pointer?: string | null;
  message?: string;
};

const TIMESTAMP = "2025-09-25T22:48:13Z";
const outcomes: { [label: string]: Outcome } = {};

function attempt(label: string, run: () => Session): void {
  try {
    const value = run();
    const extra = value.additionalProperties;
    outcomes[label] = {
      ok: true,
      keys: Object.keys(value),
      extraKeys: extra === undefined ? null : Object.keys(extra),
      extraPrototypeIsObject: extra === undefined ? null : Object.getPrototypeOf(extra) === Object.prototype,
      json: sessionToJSON(value),
    };
  } catch (error) {
    outcomes[label] = {
      ok: false,
      error: error instanceof SchemaValidationError ? "SchemaValidationError" : error instanceof Error ? error.name : typeof error,
      pointer: error instanceof SchemaValidationError ? error.pointer : null,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

attempt("inherited keys are not the payload's", () => {
  const data = Object.create({ session_id: 5, polluted: true }) as { [key: string]: unknown };
  data["timestamp"] = TIMESTAMP;
  return sessionFromWire(data);
});
attempt("an inherited timestamp is missing", () => sessionFromWire(Object.create({ timestamp: TIMESTAMP })));
Object.defineProperty(Object.prototype, "session_id", { value: 5, enumerable: true, configurable: true });
Object.defineProperty(Object.prototype, "polluted", { value: true, enumerable: true, configurable: true });
try {
  attempt("a polluted Object.prototype", () => sessionFromJSON(`{"timestamp": "${TIMESTAMP}", "x": 1}`));
} finally {
  delete (Object.prototype as { [key: string]: unknown })["session_id"];
  delete (Object.prototype as { [key: string]: unknown })["polluted"];
}
attempt("__proto__ is an own extra", () => sessionFromJSON(`{"timestamp": "${TIMESTAMP}", "__proto__": {"polluted": true}}`));
attempt("an explicit undefined is not absence", () => sessionFromWire({ timestamp: TIMESTAMP, session_id: undefined }));
const cycle: { [key: string]: unknown } = {};
cycle["self"] = [cycle];
attempt("a cycle in an extra", () => sessionFromWire({ timestamp: TIMESTAMP, x: cycle }));
attempt("Infinity in an extra", () => sessionFromWire({ timestamp: TIMESTAMP, x: { a: [1, -Infinity] } }));
attempt("NaN in an extra", () => sessionFromWire({ timestamp: TIMESTAMP, x: Number.NaN }));
attempt("errors in schema order, not key order", () => sessionFromJSON(`{"is_test": 1, "session_id": 2, "timestamp": "${TIMESTAMP}"}`));
attempt("a missing timestamp before any wrong type", () => sessionFromJSON('{"is_test": 1, "session_id": 2}'));
attempt("keys in payload order, extras kept", () => sessionFromJSON(`{"z": 1, "is_test": null, "a": [1], "timestamp": "${TIMESTAMP}", "0": true}`));
attempt("not a string", () => sessionFromJSON(42 as unknown as string));
process.stdout.write(JSON.stringify(outcomes) + "\\n");
"""

FROM_WIRE_EXPECTED: dict[str, dict[str, Any]] = {
    "inherited keys are not the payload's": {"ok": True, "keys": ["timestamp"], "extraKeys": None},
    "an inherited timestamp is missing": {"ok": False, "pointer": "", "message": 'missing required property "timestamp"'},
    "a polluted Object.prototype": {"ok": True, "keys": ["timestamp", "additionalProperties"], "extraKeys": ["x"]},
    "__proto__ is an own extra": {"ok": True, "extraKeys": ["__proto__"], "extraPrototypeIsObject": True,
                                  "json": '{"timestamp":"2025-09-25T22:48:13.000Z","__proto__":{"polluted":true}}'},
    "an explicit undefined is not absence": {"ok": False, "pointer": "/session_id", "message": "/session_id: expected string or null, got undefined"},
    "a cycle in an extra": {"ok": False, "pointer": "/x", "message": "/x: nested more than 256 levels deep"},
    "Infinity in an extra": {"ok": False, "pointer": "/x/a/1", "message": "/x/a/1: number out of range (beyond a 64-bit float)"},
    "NaN in an extra": {"ok": False, "pointer": "/x", "message": "/x: NaN is not a JSON number"},
    "errors in schema order, not key order": {"ok": False, "pointer": "/session_id"},
    "a missing timestamp before any wrong type": {"ok": False, "pointer": ""},
    "keys in payload order, extras kept": {"ok": True, "keys": ["timestamp", "isTest", "additionalProperties"],
                                           "extraKeys": ["0", "z", "a"]},
    "not a string": {"ok": False, "error": "SchemaValidationError", "pointer": "", "message": "expected JSON text (a string), got integer"},
}

UNREPRESENTABLE_DATES = [
    'new Date("x")',
    "new Date(NaN)",
    "year 10000, 23:59 UTC on its first day",
    "year 10000, June",
    "year -1, Dec 31 00:00:59.999 UTC",
    "year -1",
]

# Shared by the type-level files; the correct-usage file proves it compiles cleanly on its own.
TYPES_PRELUDE = """\
import {
  SchemaValidationError,
  sessionFromJSON,
  sessionFromWire,
  sessionToJSON,
  sessionToWire,
  type Session,
  type SessionWire,
} from "./session.js";

declare const parsed: Session;
declare const wire: SessionWire;
declare const error: SchemaValidationError;
"""

CORRECT_USAGE = """\
const full: Session = {
  timestamp: new Date("2025-09-25T22:48:13.771Z"),
  sessionId: "s-1",
  conversationId: null,
  channelManagerService: undefined,
  channelManagerType: "voice_sip_v1",
  channelManagerSid: "CA123",
  agentId: "a1",
  agentName: "Agent",
  agentType: "voice",
  agentTimezone: "America/New_York",
  promptId: "p1",
  promptName: "Prompt",
  promptVersion: "3",
  duration: 12.5,
  sessionLabelId: null,
  source: "+18042221111",
  target: "main",
  isLegacy: false,
  isTest: null,
  additionalProperties: { prompt_version_number: 4, nested: { a: [1, null, "x"] } },
};
const minimal: Session = { timestamp: new Date(0) };
const decoded: Session = sessionFromJSON('{"timestamp": "2025-09-25T22:48:13Z"}');
const fromWire: Session = sessionFromWire({ timestamp: "2025-09-25T22:48:13Z" });
const when: Date = parsed.timestamp;
const millis: number = parsed.timestamp.getTime();
const id: string | null | undefined = parsed.sessionId;
const idOrDefault: string = parsed.sessionId ?? "none";
const duration: number | null | undefined = parsed.duration;
const test: boolean | null | undefined = parsed.isTest;
const extra: unknown = parsed.additionalProperties?.["prompt_version_number"];
const encoded: SessionWire = sessionToWire(full);
const wireTimestamp: string = wire.timestamp;
const wireId: string | null | undefined = wire.session_id;
const wireExtra: unknown = wire["prompt_version_number"];
const handWritten: SessionWire = { timestamp: "2025-09-25T22:48:13Z", session_id: null, is_test: true };
const text: string = sessionToJSON(minimal);
const pointer: string = error.pointer;
const asError: Error = new SchemaValidationError("/timestamp", "bad");
function pointerOf(caught: unknown): string | undefined {
  return caught instanceof SchemaValidationError ? caught.pointer : undefined;
}
export {
  full, decoded, fromWire, when, millis, id, idOrDefault, duration, test, extra, encoded,
  wireTimestamp, wireId, wireExtra, handWritten, text, pointer, asError, pointerOf,
};
"""

# Each misuse is one statement on one line; tsc must reject exactly that line with one of the codes.
MISUSES: list[tuple[str, str, set[str]]] = [
    ("sessionId number", "const v: Session = { timestamp: new Date(), sessionId: 5 };", {"TS2322"}),
    ("missing timestamp", 'const v: Session = { sessionId: "s-1" };', {"TS2741"}),
    ("timestamp string", 'const v: Session = { timestamp: "2025-09-25T22:48:13Z" };', {"TS2322"}),
    ("timestamp number", "const v: Session = { timestamp: 1758840493771 };", {"TS2322"}),
    ("wire name session_id on Session", 'const v: Session = { timestamp: new Date(), session_id: "s-1" };', {"TS2353", "TS2561"}),
    ("duration string", 'const v: Session = { timestamp: new Date(), duration: "12" };', {"TS2322"}),
    ("isTest string", 'const v: Session = { timestamp: new Date(), isTest: "true" };', {"TS2322"}),
    ("additionalProperties string", 'const v: Session = { timestamp: new Date(), additionalProperties: "x" };', {"TS2322"}),
    ("optional read as string", "const v: string = parsed.sessionId;", {"TS2322"}),
    ("timestamp read as string", "const v: string = parsed.timestamp;", {"TS2322"}),
    ("Date on the wire", "const v: SessionWire = { timestamp: new Date() };", {"TS2322"}),
    ("wire form passed to sessionToWire", 'const v = sessionToWire({ timestamp: "2025-09-25T22:48:13Z" });', {"TS2322"}),
    ("pointer is readonly", 'error.pointer = "/other";', {"TS2540"}),
]

TSC_ERROR = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),(?P<column>\d+)\): error (?P<code>TS\d+):", re.MULTILINE)


def _tsc_output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n{proc.stdout}{proc.stderr}"


def _fresh_project(directory: Path) -> Path:
    shutil.copy(SESSION_TS, directory / "session.ts")
    return directory / "session.ts"


def _run_node(script: Path, *args: str) -> Any:
    proc = subprocess.run(
        [tool("node"), str(script), *args], capture_output=True, text=True, cwd=script.parent, timeout=120
    )
    assert proc.returncode == 0, f"node {script.name} failed:\n{proc.stdout}{proc.stderr}"
    assert proc.stderr == "", proc.stderr
    return json.loads(proc.stdout)


def _camel(wire_name: str) -> str:
    head, *rest = wire_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _json_types(value: Any) -> set[str]:
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    if isinstance(value, str):
        return {"string"}
    if isinstance(value, list):
        return {"array"}
    return {"object"}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _strict_json(text: str) -> Any:
    """json.loads without Python's NaN/Infinity extension: raises ValueError on anything not JSON."""
    return json.loads(text, parse_constant=_reject_constant)


# --------------------------------------------------------------------------------------------------
# Fixtures: compile once per module.


@pytest.fixture(scope="module")
def ts_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """session.ts + the conformance harness + the builder script, compiled once; returns the out dir."""
    directory = tmp_path_factory.mktemp("ts_build")
    session = _fresh_project(directory)
    harness = directory / "session_conformance.ts"
    shutil.copy(HARNESS_TS, harness)
    builder = directory / "session_builder.ts"
    builder.write_text(BUILDER_TS, "utf-8")
    from_wire = directory / "session_from_wire.ts"
    from_wire.write_text(FROM_WIRE_TS, "utf-8")
    proc = run_tsc(directory, [session, harness, builder, from_wire], emit=True)
    assert proc.returncode == 0, f"tsc --strict failed on session.ts + harness:\n{_tsc_output(proc)}"
    out = directory / "out"
    for name in ("session.js", "session_conformance.js", "session_builder.js", "session_from_wire.js"):
        assert (out / name).is_file(), f"tsc emitted no {name}: {sorted(p.name for p in out.iterdir())}"
    return out


@pytest.fixture(scope="module")
def conformance(ts_build: Path) -> dict[str, dict[str, Any]]:
    results = _run_node(ts_build / "session_conformance.js", str(CASES_FILE))
    assert isinstance(results, list)
    by_name = {result["name"]: result for result in results}
    assert len(by_name) == len(results), "case names must be unique"
    assert list(by_name) == [case["name"] for case in CASES], "the harness must report every case, in order"
    return by_name


@pytest.fixture(scope="module")
def built(ts_build: Path) -> dict[str, Any]:
    output = _run_node(ts_build / "session_builder.js")
    assert isinstance(output, dict)
    return output


@pytest.fixture(scope="module")
def from_wire(ts_build: Path) -> dict[str, dict[str, Any]]:
    output = _run_node(ts_build / "session_from_wire.js")
    assert isinstance(output, dict)
    return output


@pytest.fixture(scope="module")
def declared_wire_names(schema_document: dict[str, Any]) -> set[str]:
    return set(schema_document["properties"])


# --------------------------------------------------------------------------------------------------
# Strict compilation and no runtime dependencies.


def test_generated_session_ts_passes_tsc_strict_alone(tmp_path: Path) -> None:
    session = _fresh_project(tmp_path)
    proc = run_tsc(tmp_path, [session], emit=False)
    assert proc.returncode == 0, f"tsc --strict rejected generated/typescript/session.ts:\n{_tsc_output(proc)}"
    assert TSC_ERROR.search(proc.stdout + proc.stderr) is None, _tsc_output(proc)


RUNTIME_IMPORT = re.compile(
    r"""^\s*import\b                       # import ... / import "x" / import type ...
      | ^\s*export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\b   # re-exports
      | \brequire\s*\(                     # CommonJS
      | \bimport\s*\(                      # dynamic import()
      | ^\s*///\s*<reference\b             # triple-slash dependencies
    """,
    re.MULTILINE | re.VERBOSE,
)


def test_generated_session_ts_has_no_runtime_imports(ts_build: Path) -> None:
    source = SESSION_TS.read_text("utf-8")
    found = [match.group(0).strip() for match in RUNTIME_IMPORT.finditer(source)]
    assert found == [], f"generated/typescript/session.ts must have no imports: {found}"
    emitted = (ts_build / "session.js").read_text("utf-8")
    found = [match.group(0).strip() for match in RUNTIME_IMPORT.finditer(emitted)]
    assert found == [], f"the emitted session.js must have no imports: {found}"


def test_generated_session_js_loads_standalone_under_node(ts_build: Path) -> None:
    """The emitted module runs on a bare Node: nothing to resolve, every documented export present."""
    script = (
        "const m = await import(process.argv[1]);"
        "process.stdout.write(JSON.stringify(Object.keys(m).sort()));"
    )
    proc = subprocess.run(
        [tool("node"), "--input-type=module", "-e", script, (ts_build / "session.js").as_uri()],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == sorted(
        ["SchemaValidationError", "sessionFromJSON", "sessionFromWire", "sessionToJSON", "sessionToWire"]
    )


# --------------------------------------------------------------------------------------------------
# Runtime conformance over the shared payloads.


def _expected_message_words(case: dict[str, Any], schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(words that must all appear, words of which one must appear) in a rejection's message."""
    try:
        data = _strict_json(case["json"])
    except ValueError:
        return ["JSON"], []
    if not isinstance(data, dict):
        return ["object"], sorted(_json_types(data))
    if "timestamp" not in data:
        return ["timestamp"], ["missing", "required"]
    key = case["pointer"].lstrip("/")
    value = data[key]
    offending = [json.dumps(value, ensure_ascii=False), *sorted(_json_types(value))]
    if key == "timestamp":
        return ["date-time"], offending
    branches = schema["properties"][key].get("anyOf", [schema["properties"][key]])
    expected_type = next(branch["type"] for branch in branches if branch.get("type") != "null")
    return [expected_type], offending


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_session_from_json_conformance(
    case: dict[str, Any],
    conformance: dict[str, dict[str, Any]],
    schema_document: dict[str, Any],
    declared_wire_names: set[str],
) -> None:
    result = conformance[case["name"]]
    text = case["json"]
    if case["valid"]:
        assert result["accepted"], (
            f"sessionFromJSON rejected a valid payload {text!r}: "
            f"{result.get('errorName')} at {result.get('pointer')!r}: {result.get('message')}"
        )
        assert result["timestampIsDate"], "Session.timestamp must be a valid Date"
        data = json.loads(text)
        unknown = {key: value for key, value in data.items() if key not in declared_wire_names}
        expected_keys = {_camel(key) for key in data if key in declared_wire_names}
        if unknown:
            expected_keys.add("additionalProperties")
        assert set(result["modelKeys"]) == expected_keys, "declared properties map to camelCase, unknown ones to additionalProperties"
        assert result["additionalProperties"] == (unknown or None)
        assert result["roundTripProblems"] == [], (
            f"round trip of {text!r} through sessionToJSON is lossy; got {result['roundTripJSON']!r}"
        )
    else:
        assert not result["accepted"], f"sessionFromJSON accepted an invalid payload {text!r}"
        assert result["errorIsSchemaValidationError"], (
            f"expected SchemaValidationError, got {result['errorName']}: {result['message']}"
        )
        assert result["errorName"] == "SchemaValidationError"
        assert result["pointer"] == case["pointer"], f"message: {result['message']}"
        message: str = result["message"]
        prefix = f"{case['pointer']}: " if case["pointer"] else ""
        detail = message[len(prefix):] if prefix and message.startswith(prefix) else message
        assert detail.strip(), f"empty error message: {message!r}"
        all_of, one_of = _expected_message_words(case, schema_document)
        for word in all_of:
            assert word.lower() in detail.lower(), f"message {message!r} does not mention {word!r}"
        if one_of:
            assert any(word.lower() in detail.lower() for word in one_of), (
                f"message {message!r} mentions none of {one_of}"
            )


@pytest.mark.parametrize("label", sorted(FROM_WIRE_EXPECTED))
def test_one_pass_decoder_reads_own_keys_and_keeps_the_first_error(from_wire: dict[str, dict[str, Any]], label: str) -> None:
    outcome = from_wire[label]
    expected = FROM_WIRE_EXPECTED[label]
    assert {key: outcome.get(key) for key in expected} == expected, outcome
    if not outcome["ok"]:
        assert outcome["error"] == "SchemaValidationError", outcome


# --------------------------------------------------------------------------------------------------
# Serialising a Session built in TypeScript.


def test_session_to_wire_uses_wire_names_and_rfc3339(built: dict[str, Any], declared_wire_names: set[str]) -> None:
    wire = built["wire"]
    assert wire == {
        "timestamp": "2025-09-25T22:48:13.771Z",
        "session_id": "s-1",
        "conversation_id": None,
        "channel_manager_service": "hedy",
        "channel_manager_type": "voice_twilio_v1",
        "agent_timezone": "America/New_York",
        "duration": 12.5,
        "is_legacy": False,
        "is_test": True,
        "prompt_version_number": 4,
        "nested": {"a": [1, None, "x"]},
    }, "undefined stays absent, null stays null, additional properties are kept under their own names"
    declared = [key for key in wire if key in declared_wire_names]
    assert declared == [key for key in wire if key not in ("prompt_version_number", "nested")]
    assert all(re.fullmatch(r"[a-z]+(?:_[a-z]+)*", key) for key in declared), declared
    assert validate_rfc3339(wire["timestamp"]), wire["timestamp"]


def test_session_to_json_matches_wire_form(built: dict[str, Any]) -> None:
    assert json.loads(built["json"]) == built["wire"]
    assert list(json.loads(built["json"])) == list(built["wire"]), "declared properties first, in schema order"
    assert json.loads(built["offsetJSON"]) == built["offsetWire"]


def test_session_to_wire_keeps_the_instant_of_an_offset_date(built: dict[str, Any]) -> None:
    timestamp = built["offsetWire"]["timestamp"]
    assert validate_rfc3339(timestamp), timestamp
    assert timestamp == "2025-01-01T00:00:00.250Z"


@pytest.mark.parametrize("function", ["sessionToWire", "sessionToJSON"])
@pytest.mark.parametrize("label", UNREPRESENTABLE_DATES)
def test_unrepresentable_date_is_refused(built: dict[str, Any], label: str, function: str) -> None:
    (refusal,) = [r for r in built["refusals"] if r["label"] == label and r["function"] == function]
    assert refusal["threw"], f"{function} serialised {label} as {refusal['output']}"
    assert refusal["isSchemaValidationError"], f"{refusal['errorName']}: {refusal['message']}"
    assert refusal["errorName"] == "SchemaValidationError"
    assert refusal["pointer"] == "/timestamp"
    assert refusal["message"].strip()


NEAR_THE_ENDS = {
    # UTC instant -> how sessionToJSON writes it: UTC where the year has four digits, else the
    # smallest whole-hour offset (at most 23:59) that gives the local time a four-digit year.
    "10000-01-01T00:00:00Z": "9999-12-31T23:00:00.000-01:00",
    "10000-01-01T00:30:00Z": "9999-12-31T23:30:00.000-01:00",
    "10000-01-01T01:00:00Z": "9999-12-31T23:00:00.000-02:00",
    "10000-01-01T23:58:59.999Z": "9999-12-31T23:59:59.999-23:59",
    "-000001-12-31T23:30:00Z": "0000-01-01T00:30:00.000+01:00",
    "-000001-12-31T00:01:00Z": "0000-01-01T00:00:00.000+23:59",
    "0000-01-01T00:00:00Z": "0000-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z": "9999-12-31T23:59:59.999Z",
}


def test_instants_beyond_four_digit_utc_years_are_written_with_an_offset(built: dict[str, Any]) -> None:
    written = {entry["label"]: entry for entry in built["nearTheEnds"]}
    assert set(written) == set(NEAR_THE_ENDS)
    for label, expected in NEAR_THE_ENDS.items():
        timestamp = json.loads(written[label]["text"])["timestamp"]
        assert timestamp == expected, label
        assert is_date_time(timestamp), timestamp  # rfc3339_validator refuses year 0000; RFC 3339 does not
        assert written[label]["sameInstant"], f"{label} written as {timestamp} reads back as another instant"


# --------------------------------------------------------------------------------------------------
# The types are real: correct use compiles, misuse does not.


def test_correct_usage_of_generated_types_compiles(tmp_path: Path) -> None:
    session = _fresh_project(tmp_path)
    usage = tmp_path / "usage.ts"
    usage.write_text(TYPES_PRELUDE + CORRECT_USAGE, "utf-8")
    proc = run_tsc(tmp_path, [session, usage], emit=False)
    assert proc.returncode == 0, f"idiomatic use of Session does not type-check:\n{_tsc_output(proc)}"


@pytest.mark.parametrize(("statement", "codes"), [m[1:] for m in MISUSES], ids=[m[0] for m in MISUSES])
def test_misuse_of_generated_types_fails_tsc(tmp_path: Path, statement: str, codes: set[str]) -> None:
    session = _fresh_project(tmp_path)
    misuse = tmp_path / "misuse.ts"
    misuse.write_text(f"{TYPES_PRELUDE}{statement}\nexport {{}};\n", "utf-8")
    line = TYPES_PRELUDE.count("\n") + 1
    proc = run_tsc(tmp_path, [session, misuse], emit=False)
    output = _tsc_output(proc)
    assert proc.returncode != 0, f"tsc accepted a misuse of the generated types: {statement}\n{output}"
    errors = [m.groupdict() for m in TSC_ERROR.finditer(proc.stdout + proc.stderr)]
    assert errors, f"tsc failed without a type error:\n{output}"
    for error in errors:
        assert Path(error["file"]).name == "misuse.ts", f"error outside the misuse file:\n{output}"
        assert int(error["line"]) == line, f"error not on the offending line {line} ({statement}):\n{output}"
        assert error["code"] in codes, f"expected one of {sorted(codes)}:\n{output}"
