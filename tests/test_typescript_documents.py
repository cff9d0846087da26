"""The generated TypeScript's `sessionFromJSON` refuses exactly what the validator's document
policy (generator/schemasmith/validate/documents.py: interoperable JSON, RFC 7493) refuses, case by case at
the policy's edges: numbers at the edge of a double and of 4,300 digits, nesting of exactly 256
and 257 levels counted as documents.py counts them, lone surrogates against pairs and escaped
backslashes. Each case is judged by `parse_document` itself, so a change of policy shows up here.

Where the policy refuses, the error points at "" (the document) for nesting and lone surrogates,
and at the number itself for a number out of range, as a typed property's decoder does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import GENERATED, run_tsc, tool
from schemasmith.validate import DocumentError, parse_document

TESTS = Path(__file__).resolve().parent
VALID_TIMESTAMP = '"timestamp": "2025-09-25T22:48:13.771Z"'


def _with(value: str, name: str = "x") -> str:
    """A valid Session but for the document policy: ``value`` (JSON text) under property ``name``."""
    return f'{{{VALID_TIMESTAMP}, "{name}": {value}}}'


def _nested(levels: int, objects: bool) -> str:
    """A Session whose property x nests ``levels`` more arrays (or alternating objects and arrays)."""
    text = "0"
    for level in range(levels):
        text = f'{{"a": {text}}}' if objects and level % 2 else f"[{text}]"
    return _with(text)


@dataclass(frozen=True)
class Case:
    name: str
    text: str  # may hold a raw lone surrogate: a JavaScript string that no UTF-8 file can hold
    pointer: str | None  # where TypeScript locates the refusal; None: accepted
    words: str = ""  # a phrase the refusal's message must hold


NUMBER = "number out of range"
DEEP = "nested more than 256 levels deep"
SURROGATE = "lone UTF-16 surrogate"

CASES = [
    # Numbers: JSON.parse reads one beyond a double as ±Infinity; documents.py refuses the same.
    Case("1e-400 underflows to 0", _with("1e-400"), None),
    Case("-0", _with("-0"), None),
    Case("-0.0", _with("-0.0"), None),
    Case("0e999999", _with("0e999999"), None),
    Case("1e308", _with("1e308"), None),
    Case("the largest double", _with("1.7976931348623157e308"), None),
    Case("a literal that still rounds to the largest double", _with("1.7976931348623158e308"), None),
    Case("a literal that rounds beyond the largest double", _with("1.7976931348623159e308"), "/x", NUMBER),
    Case("1E+400", _with("1E+400"), "/x", NUMBER),
    Case("-1e400", _with("-1e400"), "/x", NUMBER),
    Case("an integer of 309 digits within a double", _with("1" + "0" * 308), None),
    Case("an integer of 4,301 digits", _with("1" * 4301), "/x", NUMBER),
    Case("a negative integer of 4,300 digits (4,301 characters)", _with("-" + "1" * 4300), "/x", NUMBER),
    Case("a number of 4,301 digits with a fraction", _with("1" * 4301 + ".5"), "/x", NUMBER),
    Case("4,301 digits times 1e-4000, a double", _with("1" * 4301 + "e-4000"), None),
    Case("a fraction of 5,000 zeros then 1", _with("0." + "0" * 5000 + "1"), None),
    Case("1e400 in an array", _with("[1, 1e400]"), "/x/1", NUMBER),
    Case("-1e999 under a key that needs escaping", _with('{"a/b~": [-1e999]}'), "/x/a~1b~0/0", NUMBER),
    Case("1E+400 in a typed property", _with("1E+400", "duration"), "/duration", "out-of-range number"),
    Case("1e-400 in a typed property", _with("1e-400", "duration"), None),
    # Nesting: the root object counts as level 1; objects and arrays count alike.
    Case("256 levels of arrays", _nested(255, objects=False), None),
    Case("257 levels of arrays", _nested(256, objects=False), "", DEEP),
    Case("256 levels of objects and arrays", _nested(255, objects=True), None),
    Case("257 levels of objects and arrays", _nested(256, objects=True), "", DEEP),
    Case("300 brackets inside a string", _with(json.dumps("[{" * 150)), None),
    Case("257 levels, never closed", _with("[" * 300), "", DEEP),
    Case("20,000 levels", _nested(20_000, objects=False), "", DEEP),
    # Lone surrogates, escaped or raw; pairs and escaped backslashes are fine.
    Case("lone high surrogate escape", _with(r'"\ud800"'), "", SURROGATE),
    Case("lone low surrogate escape", _with(r'"a\udc00b"'), "", SURROGATE),
    Case("upper-case lone surrogate escape", _with(r'"\uDBFF"'), "", SURROGATE),
    Case("two high surrogate escapes", _with(r'"\ud800\ud800"'), "", SURROGATE),
    Case("low then high surrogate escape", _with(r'"\udc00\ud800"'), "", SURROGATE),
    Case("lone surrogate escape in a nested key", _with(r'{"ok": {"\udfff": 1}}'), "", SURROGATE),
    Case("lone surrogate escape in a declared property", _with(r'"\ud800"', "session_id"), "", SURROGATE),
    Case("escaped backslash, then a lone surrogate escape", _with(r'"\\\ud800"'), "", SURROGATE),
    Case("raw lone surrogate", _with('"\ud800"'), "", SURROGATE),
    Case("surrogate pair escape", _with(r'"\ud83d\ude00"'), None),
    Case("upper-case surrogate pair escape", _with(r'"\uDBFF\uDFFF"'), None),
    Case("surrogate pair escape in a key", _with(r'{"\ud83e\udd16": 1}'), None),
    Case("escaped backslash before ud800", _with(r'"\\ud800"'), None),
    Case("two escaped backslashes before ud800", _with(r'"\\\\ud800"'), None),
    Case("a \\u escape that is no surrogate", _with(r'"\u00e9\u0000"'), None),
    Case("raw surrogate pair", _with('"\U0001f600"'), None),
    # Not JSON at all.
    Case("NaN", _with("NaN"), "", "invalid JSON"),
    Case("-Infinity", _with("-Infinity"), "", "invalid JSON"),
    # A duplicate key's earlier value is gone from the parsed value, not from the text: it counts.
    Case("1e400 under a key given again", f'{{{VALID_TIMESTAMP}, "x": 1e400, "x": 1}}', "", NUMBER),
    Case("a long integer under a key given again", f'{{{VALID_TIMESTAMP}, "x": 2{"0" * 308}, "x": 1}}', "", NUMBER),
    Case("a lone surrogate under a key given again", f'{{{VALID_TIMESTAMP}, "x": "\\ud800", "x": 1}}', "", SURROGATE),
    Case("a lone surrogate in a key given again", f'{{{VALID_TIMESTAMP}, "x": {{"\\udc00": 1, "\\udc00": 2}}}}', "", SURROGATE),
    # Integers a double reads as infinity: msgspec would keep them exact, the policy refuses them.
    Case("an integer of 309 digits beyond a double", _with("2" + "0" * 308), "/x", NUMBER),
    Case("an integer of 4,300 digits", _with("1" * 4300), "/x", NUMBER),
    Case("a negative integer of 4,299 digits", _with("-" + "1" * 4299), "/x", NUMBER),
    Case("an integer of 400 digits in a typed property", _with("1" * 400, "duration"), "/duration", "out-of-range number"),
]


def _policy_accepts(text: str) -> bool:
    try:
        parse_document(text.encode("utf-8", "surrogatepass"))  # a raw lone surrogate: not UTF-8
    except DocumentError:
        return False
    return True


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    build = tmp_path_factory.mktemp("documents_ts")
    shutil.copy(GENERATED / "typescript" / "session.ts", build / "session.ts")
    shutil.copy(TESTS / "ts" / "cases_harness.ts", build / "cases_harness.ts")
    compiled = run_tsc(build, [build / "session.ts", build / "cases_harness.ts"], emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    cases_file = build / "cases.json"
    # ASCII-only JSON: a raw lone surrogate travels as an escape and reaches Node as itself.
    cases_file.write_text(json.dumps({"cases": [{"name": c.name, "json": c.text} for c in CASES]}), "utf-8")
    ran = subprocess.run(
        [tool("node"), str(build / "out" / "cases_harness.js"), str(build / "out" / "session.js"), "session", str(cases_file)],
        capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return {r["name"]: r for r in json.loads(ran.stdout)}


def _check(case: Case, result: dict[str, Any]) -> None:
    if case.pointer is None:
        assert result["accepted"], f"refused: {result['message']}"
        assert result["roundTrip"], "accepted but not written back as the same JSON"
        return
    assert not result["accepted"], "accepted"
    assert result["message"].startswith("SchemaValidationError: "), result["message"]
    assert result["pointer"] == case.pointer, result["message"]
    assert case.words in result["message"], result["message"]
    assert "\n" not in result["message"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_typescript_refuses_what_the_document_policy_refuses(case: Case, verdicts: dict[str, dict[str, Any]]) -> None:
    assert _policy_accepts(case.text) == (case.pointer is None), "documents.py disagrees with this case's expectation"
    _check(case, verdicts[case.name])
