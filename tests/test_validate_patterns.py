"""Regular expressions in schemas given to ``schemasmith validate``: ECMA-262, in bounded time.

- schemasmith.validate.patterns against ``regress`` (an ECMA-262 engine, so the definition of a
  correct match here) on generated patterns and strings, on both of its engines;
- the JSON-Schema-Test-Suite's ECMA-262 cases for ``pattern`` and ``patternProperties``;
- catastrophic backtracking through the CLI: ``^(a+)+$`` and friends against long strings end
  in a verdict within seconds (they ran for hours on Python's ``re``), in every keyword that
  matches patterns; backreferences (NP-hard) are refused with the schema, in one line;
- jsonschema's own validators, outside ours, keep Python's ``re``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, REPO, require_shared
from schemasmith import Validator, reference_validator
from schemasmith.validate.reference import jsonschema_patterns
from schemasmith.validate.patterns import (
    BACKTRACKING_MAX_LENGTH,
    PatternError,
    PatternTooCostly,
    compile_pattern,
    ecma_explicit,
    search,
)

# -- generated patterns against regress ---------------------------------------------------------

# CI runs 300; SCHEMASMITH_PATTERN_EXAMPLES=5000 for a longer look.
PATTERN_EXAMPLES = int(os.environ.get("SCHEMASMITH_PATTERN_EXAMPLES", "300"))

ATOMS = [
    "a", "b", "é", "A", "😀", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", ".", "\\.", "\\-", "\\/", "\\$", "\\^",
    "[a-c]", "[^a]", "[\\d_]", "[\\D]", "[\\W]", "[\\S]", "[^\\W]", "[^a\\S]", "[\\s\\S]", "[\\w-]", "[-a]", "[.]",
    "[\\b]", "[é-ü]", "\\u00e9", "\\x41", "\\u{1F600}", "\\n", "\\t", "\\r", "\\f", "\\v", "\\cJ", "\\p{L}",
    "\\P{L}", "\\p{Lu}", "^", "$", "\\b", "\\B", "[]", "[^]", "\\0",
]
QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "??"]
GROUPS = ["(", "(?:", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?<n>"]
UNQUANTIFIABLE = ("^", "$", "\\b", "\\B")
CHARACTERS = [
    "a", "b", "A", "é", "É", "1", "৪", "_", " ", "\n", "\r", "\t", "\u2028", "\xa0", "\ufeff", "\x85", "😀", ".",
    "-", "$", "\x00", "\x08", "İ", "K", "\u212a", "ſ", "\u180e", "\u1680",
]


@st.composite
def patterns(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.integers(0, 6)) == 0:
            inner = draw(patterns(depth + 1))
            if draw(st.booleans()):
                inner += "|" + draw(patterns(depth + 1))
            atom = draw(st.sampled_from(GROUPS)) + inner + ")"
        else:
            atom = draw(st.sampled_from(ATOMS))
        # regress (the oracle) backtracks: a quantified group holding a quantifier could take it
        # hours, or all memory. Such nesting is what tests below run against the engines alone.
        nested = atom.startswith("(") and any(q in atom for q in "*+?{")
        if atom not in UNQUANTIFIABLE and not atom.startswith(("(?<=", "(?<!")) and not nested:
            atom += draw(st.sampled_from(QUANTIFIERS))
        parts.append(atom)
    return "".join(parts)


@settings(max_examples=PATTERN_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=patterns(), strings=st.lists(st.text(st.sampled_from(CHARACTERS), max_size=8), min_size=1, max_size=12))
def test_matching_is_ecma_262_as_regress_reads_it(pattern: str, strings: list[str]) -> None:
    try:
        oracle = regress.Regex(pattern, "u")
    except regress.RegressError:
        with pytest.raises(PatternError, match="is not a regular expression"):
            compile_pattern(pattern)
        return
    try:
        compiled = compile_pattern(pattern)
    except PatternError as refusal:
        assert "bounded time" in str(refusal)
        return
    for string in strings:
        assert compiled.search(string) == (oracle.find(string) is not None), (pattern, ecma_explicit(pattern), string)


# Found by the test above (each once failed): pattern, string.
DIFFERENTIAL_FINDINGS = [
    # [^a\S] became a lookahead then a class, and the quantifier after it repeated the class only.
    ("\\P{L}\\P{L}[^a\\S]{0,}", "11a"), ("^[^\\W\\d]{2}$", "a1"), ("^[\\D\\s]+$", "a 1"), ("\\b[\\b]", "a\x08"), ("^.$", "\u2028"),
]


@pytest.mark.parametrize(("pattern", "string"), DIFFERENTIAL_FINDINGS)
def test_what_the_differential_test_found(pattern: str, string: str) -> None:
    assert search(pattern, string) == (regress.Regex(pattern, "u").find(string) is not None)


def test_both_engines_are_exercised_and_most_patterns_are_linear() -> None:
    assert compile_pattern("^[a-z]+\\d{2}$").linear
    assert compile_pattern("\\p{Letter}cole").linear
    assert not compile_pattern("^(?!x).*$").linear
    assert not compile_pattern("\\bword\\b").linear  # an ASCII word boundary is spelled as lookaround


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("(a)\\1", "backreference"), ("(?<n>a)\\k<n>", "backreference"), ("[^]", "bounded time"),
     ("a\\0", "bounded time"), ("[]", "bounded time"), ("((", "is not a regular expression"),
     ("(?P<n>a)", "is not a regular expression"), ("(?i)a", "is not a regular expression"),
     ("\\a", "is not a regular expression")],
)
def test_patterns_that_cannot_run_bounded_or_are_not_ecma_262_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError, match=re.escape(reason)):
        compile_pattern(pattern)
    assert isinstance(PatternError("x"), re.error)  # what jsonschema users catch for a bad pattern


# -- the JSON-Schema-Test-Suite's ECMA-262 cases ------------------------------------------------

# Copied as data from json-schema-org/JSON-Schema-Test-Suite, tests/draft2020-12/optional/
# ecmascript-regex.json (schema pattern, instance, valid), so the test runs without the suite.
SENTENCE = ("Les hivers de mon enfance etaient des saisons longues, longues. Nous vivions en trois lieux: "
            "l'ecole, l'eglise et la patinoire; mais la vraie vie etait sur la patinoire.")
ACCENTED = SENTENCE.replace("etai", "étai").replace("ecole", "école").replace("eglise", "église")
SPACES = [(" ", True), ("\t", True), ("\v", True), ("\f", True), ("\xa0", True), ("\ufeff", True), ("\n", True),
          ("\u2029", True), ("\u2003", True), ("\x01", False), ("\u2013", False)]
SUITE_PATTERN_CASES: list[tuple[str, str, bool]] = [
    ("^abc$", "abc\n", False), ("^abc$", "abc", True), ("^\\t$", "\\t", False), ("^\\t$", "\t", True),
    ("^\\cC$", "\\cC", False), ("^\\cC$", "\x03", True), ("^\\cc$", "\\cc", False), ("^\\cc$", "\x03", True),
    ("^\\d$", "0", True), ("^\\d$", "߀", False), ("^\\d$", "\u07c0", False),
    ("^\\D$", "0", False), ("^\\D$", "߀", True), ("^\\D$", "\u07c0", True),
    ("^\\w$", "a", True), ("^\\w$", "é", False), ("^\\W$", "a", False), ("^\\W$", "é", True),
    *[("^\\s$", char, valid) for char, valid in SPACES], *[("^\\S$", char, not valid) for char, valid in SPACES],
    ("\\p{Letter}cole", SENTENCE, True), ("\\p{Letter}cole", ACCENTED, True),
    ("\\p{Letter}cole", ACCENTED.upper(), False),
    ("\\wcole", SENTENCE, True), ("\\wcole", ACCENTED, False), ("\\wcole", ACCENTED.upper(), False),
    ("[a-z]cole", ACCENTED, False), ("[a-z]cole", SENTENCE, True),
    ("^\\d+$", "42", True), ("^\\d+$", "-%#", False), ("^\\d+$", "৪২", False),
    ("^\\p{digit}+$", "42", True), ("^\\p{digit}+$", "-%#", False), ("^\\p{digit}+$", "৪২", True),
    # tests/draft2020-12/pattern.json
    ("^a*$", "aaa", True), ("^a*$", "abc", False), ("a+", "xxaayy", True),
]
SUITE_PROPERTY_CASES: list[tuple[str, str, bool]] = [
    ("\\p{Letter}cole", "l'ecole", True), ("\\p{Letter}cole", "l'école", True), ("\\p{Letter}cole", "L'ÉCOLE", False),
    ("\\wcole", "l'ecole", True), ("\\wcole", "l'école", False), ("\\wcole", "L'ÉCOLE", False),
    ("[a-z]cole", "l'école", False), ("[a-z]cole", "l'ecole", True),
    ("^\\d+$", "42", True), ("^\\d+$", "-%#", False), ("^\\d+$", "৪২", False),
    ("^\\p{digit}+$", "42", True), ("^\\p{digit}+$", "-%#", False), ("^\\p{digit}+$", "৪২", True),
]


@pytest.mark.parametrize(("pattern", "string", "valid"), SUITE_PATTERN_CASES)
def test_the_suites_pattern_cases(pattern: str, string: str, valid: bool) -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "pattern": pattern}
    assert reference_validator(schema).is_valid(string) is valid
    assert Validator(schema).is_valid(string) is valid


@pytest.mark.parametrize(("pattern", "key", "valid"), SUITE_PROPERTY_CASES)
def test_the_suites_pattern_properties_cases(pattern: str, key: str, valid: bool) -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "patternProperties": {pattern: True}, "additionalProperties": False}
    assert Validator(schema).is_valid({key: "pas de vraie vie"}) is valid
    # The same pattern decides unevaluatedProperties and --strict the same way.
    unevaluated = {k: v for k, v in schema.items() if k != "additionalProperties"} | {"unevaluatedProperties": False}
    assert Validator(unevaluated).is_valid({key: 1}) is valid
    assert Validator(dict(schema, additionalProperties=True), strict=True).is_valid({key: 1}) is valid


def test_additional_properties_matches_each_pattern_on_its_own() -> None:
    """Was: jsonschema joins the patterns with "|"; two that name a group alike (valid ECMA-262
    each) made a pattern no engine here compiles, and the run stopped with a broken schema."""
    schema = {"patternProperties": {"^(?<n>a)": {}, "^(?<n>b)": {}}, "additionalProperties": False}
    issues = Validator(schema).validate_document({"a": 1, "b": 2, "c": 3})
    assert [(i.pointer, i.keyword, i.message) for i in issues] == [
        ("", "additionalProperties", "'c' does not match any of the regexes: '^(?<n>a)', '^(?<n>b)'")]
    closed = Validator({"properties": {"a": {}}, "additionalProperties": False}).validate_document({"a": 1, "z": 2, "y": 3})
    assert [i.message for i in closed] == ["Additional properties are not allowed ('y', 'z' were unexpected)"]


def test_draft_2019_09_unevaluated_properties_uses_the_same_engine() -> None:
    schema = {"$schema": "https://json-schema.org/draft/2019-09/schema", "patternProperties": {"^\\d+$": True},
              "unevaluatedProperties": False}
    assert Validator(schema).is_valid({"42": 1}) and not Validator(schema).is_valid({"৪২": 1})


# -- denial of service --------------------------------------------------------------------------

CATASTROPHIC = ["^(a+)+$", "(x+x+)+y", "^(a|aa)*b$", "(.*a){25}", "((a*)*)*c$", "^(a|a?)+$", "(\\w+\\s?)+$",
                "^(?!x)(a+)+$", "\\b(a+)+$", "(?<=a)(a|a)*(a|a)*(a|a)*$", "(?=a)(a|aa)*(a|aa)*(a|aa)*c"]


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "schemasmith", "validate", *args], input=stdin.decode("utf-8") if stdin else None,
        capture_output=True, text=True, cwd=REPO, timeout=timeout,
    )
    return completed, time.monotonic() - started


def test_catastrophic_patterns_end_in_a_verdict_in_every_keyword(tmp_path: Path) -> None:
    """Each pattern, in pattern, patternProperties (with additionalProperties and
    unevaluatedProperties), propertyNames and --strict, against strings built to make a
    backtracking engine take exponential time. Python's ``re`` takes hours on the first."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f"p{i}": {"type": "string", "pattern": p} for i, p in enumerate(CATASTROPHIC)},
        "patternProperties": {p: {"type": "string"} for p in CATASTROPHIC},
        "additionalProperties": {"type": "string"},
        "unevaluatedProperties": False,
        "propertyNames": {"pattern": "^(p|x|a)((a|x)+)+\\d*$"},
    }
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema), "utf-8")
    hostile = ["a" * 40 + "b", "x" * 40 + "z", "a" * 5000 + "!", "a" * 100_000 + "b", "ab" * 30 + "\u00e9"]
    lines = [json.dumps({f"p{i}": s for i in range(len(CATASTROPHIC))} | {s: 1}) for s in hostile]
    data = tmp_path / "d.ndjson"
    data.write_text("\n".join(lines) + "\n", "utf-8")
    for strict in ([], ["--strict"]):
        completed, seconds = run_cli("--schema", str(schema_path), "--format", "json", *strict, str(data))
        assert completed.returncode == 1, completed.stderr
        assert "Traceback" not in completed.stderr and completed.stderr.count("\n") == 1, completed.stderr
        records = [json.loads(line) for line in completed.stdout.splitlines()]
        assert {r["line"] for r in records} == {1, 2, 3, 4, 5}
        costly = [r for r in records if "could not be checked" in r["message"]]
        # Only the lookaround patterns backtrack, and only the 100,000-character string is too long for them.
        assert {r["line"] for r in costly} == {4}, costly
        print(f"\ncatastrophic patterns{' --strict' if strict else ''}: {seconds:.1f} s for {len(lines)} documents")


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_each_catastrophic_pattern_is_fast_in_process(pattern: str) -> None:
    compiled = compile_pattern(pattern)
    for string in ["a" * 40 + "b", "a" * 30 + "x" * 30, "a" * BACKTRACKING_MAX_LENGTH + "!"]:
        started = time.monotonic()
        try:
            compiled.search(string)
        except PatternTooCostly:
            assert not compiled.linear
        # Generous: microseconds for the linear engine, well under a second on the backtracking one.
        assert time.monotonic() - started < 10, (pattern, len(string))


def test_a_backreference_refuses_the_schema_in_one_line(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"properties": {"a": {"pattern": "^(a+)+\\1$"}}}), "utf-8")
    data = tmp_path / "d.ndjson"
    data.write_text('{"a": "aaaa"}\n', "utf-8")
    completed, _ = run_cli("--schema", str(schema), str(data), timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.startswith("schemasmith: error: at #/properties/a: broken schema:")
    assert "backreference" in completed.stderr and completed.stderr.count("\n") == 1, completed.stderr


def test_a_lone_surrogate_in_a_python_document_is_matched_not_a_crash() -> None:
    schema = {"properties": {"a": {"pattern": "^x.$"}, "b": {"pattern": "^(?!y)x.$"}}}
    assert Validator(schema).is_valid({"a": "x\ud800", "b": "x\udfff"})
    assert not Validator(schema).is_valid({"a": "y\ud800"})


# -- the scope of the change --------------------------------------------------------------------


def test_jsonschema_matches_regular_expressions_only_where_we_look() -> None:
    """If a jsonschema upgrade matched a pattern somewhere new, that place would still use ``re``."""
    sources = {module.__name__: inspect.getsource(module) for module in jsonschema_patterns.PATCHED_MODULES}
    calls = {name: re.findall(r"\bre\.(\w+)\(", text) for name, text in sources.items()}
    # _utils: find_additional_properties (unused by ours) and find_evaluated_property_keys_by_schema;
    # _legacy_keywords: the latter for draft 2019-09. pattern/patternProperties are our own.
    assert calls == {"jsonschema._utils": ["search", "search"], "jsonschema._legacy_keywords": ["search"]}, calls
    assert all(isinstance(module.re, jsonschema_patterns._ReOrEcma) for module in jsonschema_patterns.PATCHED_MODULES)


def test_other_jsonschema_validators_keep_pythons_re() -> None:
    plain = jsonschema.Draft202012Validator({"pattern": "^\\d$"})
    assert plain.is_valid("৪")  # Python's \d
    assert not reference_validator({"pattern": "^\\d$"}).is_valid("৪")  # ECMA-262's
    assert search("^\\d$", "4") and not search("^\\d$", "৪")


def test_every_pattern_in_the_schemastore_corpus_compiles() -> None:
    corpus = require_shared(CORPUS)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            if isinstance(node.get("patternProperties"), dict):
                found.update(node["patternProperties"])
            for key, value in node.items():
                if key not in ("enum", "const", "examples", "default"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((corpus / "schemas").glob("*.json")):
        walk(json.loads(path.read_text("utf-8")))
    compiled = [compile_pattern(p) for p in sorted(found)]
    assert len(compiled) > 200
    # Python's re refused ten of them (ECMA-262 named groups); a few need lookahead.
    assert sum(not p.linear for p in compiled) < 20
