"""Differential: our verdicts against Atlassian's json-schema-diff (an npm dev dependency).

json-schema-diff computes the sets of values a change adds and removes, exactly, but only for
draft-07 and a subset of keywords (its KEYWORDS.md): not enum/const, pattern, format, multipleOf,
uniqueItems, patternProperties, tuples, if/then/else... On every pair whose keywords it supports,
our backward verdict must equal "its removed set is empty" and our forward verdict "its added set
is empty". Pairs it cannot answer (unsupported keywords: it silently ignores them) are listed with
our answer. A summary goes to .pytest_cache/diff-differential-report.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from diff_cases import REFACTORS
from diff_evidence import load_value
from schemasmith.diff.documents import diff_documents
from schemasmith.diff.findings import COMPATIBLE
from schemasmith.diff.rules import RULES

RUNNER = Path(__file__).parent / "js" / "json_schema_diff_runner.cjs"
PACKAGE = REPO / "node_modules" / "json-schema-diff"
REPORT = REPO / ".pytest_cache" / "diff-differential-report.md"

# What json-schema-diff reasons about (KEYWORDS.md), and annotations it may meet and ignore.
SUPPORTED = {"type", "properties", "additionalProperties", "required", "items", "minItems", "maxItems",
             "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
             "minLength", "maxLength", "allOf", "anyOf", "oneOf", "not", "$ref", "definitions"}
ANNOTATIONS = {"title", "description", "default", "examples", "$comment", "$schema", "$id", "deprecated", "readOnly",
               "writeOnly"}
# Where a schema keyword holds a map of names to schemas (the names are not keywords).
_MAPS = {"properties", "definitions", "$defs", "patternProperties", "dependentSchemas"}

# Pairs beyond the catalogue's examples: the issue's hand-checked kinds, and shapes it handles.
EXTRA_PAIRS: list[tuple[str, Any, Any]] = [
    ("enum value removed (json-schema-diff ignores enum)", {"type": "string", "enum": ["a", "b"]},
     {"type": "string", "enum": ["a"]}),
    ("pattern added (it ignores pattern)", {"type": "string"}, {"type": "string", "pattern": "^a"}),
    ("format added (it ignores format)", {"type": "string"}, {"type": "string", "format": "email"}),
    ("nested object property narrowed",
     {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": ["string", "integer"]}}}}},
     {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}}}}),
    ("array items widened", {"type": "array", "items": {"type": "integer"}}, {"type": "array", "items": {"type": "number"}}),
    ("bounds moved both ways", {"type": "integer", "minimum": 0, "maximum": 10}, {"type": "integer", "minimum": 5, "maximum": 20}),
    ("required and closed model", {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
     {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": False}),
    ("anyOf branch dropped", {"anyOf": [{"type": "string"}, {"type": "object"}]}, {"anyOf": [{"type": "string"}]}),
    ("definition changed behind a $ref",
     {"definitions": {"A": {"type": "string", "maxLength": 5}}, "type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}},
     {"definitions": {"A": {"type": "string", "maxLength": 3}}, "type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}}),
    ("oneOf of disjoint types gains a type", {"oneOf": [{"type": "string"}, {"type": "integer"}]},
     {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}),
    ("not widened", {"type": "integer", "not": {"type": "integer", "minimum": 10}},
     {"type": "integer", "not": {"type": "integer", "minimum": 5}}),
    ("open model gains a typed property", {"type": "object", "properties": {"a": {"type": "string"}}},
     {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}),
    ("property loses a type", {"type": "object", "properties": {"a": {"type": ["string", "null"]}}},
     {"type": "object", "properties": {"a": {"type": "string"}}}),
    ("minProperties and maxItems", {"type": "object", "minProperties": 1, "properties": {"l": {"type": "array", "maxItems": 3}}},
     {"type": "object", "properties": {"l": {"type": "array", "maxItems": 4}}}),
]


def _keywords(schema: Any, found: set[str]) -> set[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in _MAPS and isinstance(value, dict):
                for sub in value.values():
                    _keywords(sub, found)
            elif key not in ("enum", "const", "default", "examples", "required"):
                _keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            _keywords(item, found)
    return found


def as_draft7(schema: Any) -> Any:
    """The same schema spelled as draft-07 (json-schema-diff reads only that): $defs as definitions."""
    text = json.dumps(schema).replace('"#/$defs/', '"#/definitions/').replace('"$defs":', '"definitions":')
    converted = json.loads(text)
    if isinstance(converted, dict):
        converted.pop("$schema", None)
    return converted


def unsupported(old: Any, new: Any) -> set[str]:
    used = _keywords(old, set()) | _keywords(new, set())
    bad = used - SUPPORTED - ANNOTATIONS
    for schema in (old, new):
        if isinstance(schema, dict) and schema.get("$schema", "").startswith("http://json-schema.org/draft-04"):
            bad.add("draft-04")
        if any(isinstance(s, dict) and isinstance(s.get("items"), list) for s in _walk(schema)):
            bad.add("items (array form)")
        if any(isinstance(s, dict) and isinstance(s.get("exclusiveMinimum", s.get("exclusiveMaximum")), bool) for s in _walk(schema)):
            bad.add("boolean exclusive bounds")
        # Draft-07 ignores keywords beside $ref (as the reference validator does); json-schema-diff applies them.
        if any(isinstance(s, dict) and "$ref" in s and set(s) - ANNOTATIONS - {"$ref"} for s in _walk(schema)):
            bad.add("keywords beside $ref")
    return bad


def _walk(schema: Any) -> list[Any]:
    found = [schema]
    if isinstance(schema, dict):
        for value in schema.values():
            found += _walk(value)
    elif isinstance(schema, list):
        for item in schema:
            found += _walk(item)
    return found


def corpus_pairs() -> list[tuple[str, Any, Any]]:
    """Consecutive versions of the versioned SchemaStore schemas (when ../shared is there)."""
    from test_diff_soundness import PAIRS

    return [(f"SchemaStore {label}", json.loads(old.read_text("utf-8")), json.loads(new.read_text("utf-8")))
            for label, old, new in PAIRS]


def all_pairs() -> list[tuple[str, Any, Any]]:
    pairs = []
    for name, rule in sorted(RULES.items()):
        if isinstance(rule.old, dict) and "openapi" in rule.old:
            continue
        pairs.append((name, rule.old, rule.new))
    pairs += [(f"refactor: {name}", old, new) for name, old, new in REFACTORS]
    pairs += [(f"refactor reversed: {name}", new, old) for name, old, new in REFACTORS]
    pairs += EXTRA_PAIRS
    pairs += corpus_pairs()
    return pairs


@pytest.mark.xdist_group("diff-differential")
def test_verdicts_agree_with_json_schema_diff(tmp_path: Path) -> None:
    if shutil.which("node") is None or not PACKAGE.is_dir():
        pytest.skip("node or node_modules/json-schema-diff is missing (run `make node_modules/.installed`)")
    pairs = all_pairs()
    ours = []
    for index, (name, old, new) in enumerate(pairs):
        findings = diff_documents(load_value(tmp_path / str(index) / "a", "s.json", old),
                                  load_value(tmp_path / str(index) / "b", "s.json", new), codegen=False)
        wire = [f for f in findings if f.kind == "wire"]
        ours.append((all(f.backward == COMPATIBLE for f in wire), all(f.forward == COMPATIBLE for f in wire)))
    # json-schema-diff runs on the pairs whose keywords it supports, and on the small others (to show
    # what it answers there: it ignores what it does not know); not on large unsupported schemas.
    asked = [i for i, (_, o, n) in enumerate(pairs)
             if not unsupported(as_draft7(o), as_draft7(n)) or len(json.dumps([o, n])) < 5_000]
    answered = subprocess.run(["node", str(RUNNER)], input=json.dumps([[as_draft7(pairs[i][1]), as_draft7(pairs[i][2])] for i in asked]),
                              capture_output=True, text=True, cwd=REPO, timeout=600, check=True)
    theirs: list[dict[str, Any]] = [{"error": "not run (a large schema with keywords it does not support)"}] * len(pairs)
    for index, result in zip(asked, json.loads(answered.stdout)):
        theirs[index] = result
    agree, disagree, cannot = [], [], []
    for (name, old, new), (backward, forward), result in zip(pairs, ours, theirs):
        bad = unsupported(as_draft7(old), as_draft7(new))
        verdict = f"backward {'compatible' if backward else 'breaking'}, forward {'compatible' if forward else 'breaking'}"
        if bad or "error" in result:
            why = ", ".join(sorted(bad)) or result.get("error", "")
            cannot.append(f"| {name} | {why} | {verdict} | {_theirs(result)} |")
            continue
        row = f"| {name} | {verdict} | {_theirs(result)} |"
        (agree if (backward, forward) == (not result["removed"], not result["added"]) else disagree).append(row)
    lines = [f"# diff vs json-schema-diff: {len(pairs)} pairs, {len(agree) + len(disagree)} it supports, "
             f"{len(agree)} agree, {len(disagree)} disagree; {len(cannot)} it cannot answer (we do)", "",
             "## Disagreements", "", "| pair | ours | json-schema-diff |", "|---|---|---|", *disagree, "",
             "## Pairs json-schema-diff cannot answer", "", "| pair | unsupported | ours | json-schema-diff says |",
             "|---|---|---|---|", *cannot, "", "## Agreements", "", "| pair | ours | json-schema-diff |", "|---|---|---|", *agree, ""]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines), "utf-8")
    assert len(agree) >= 40, lines[0]
    assert not disagree, "\n".join([lines[0], *disagree])


def _theirs(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"error: {result['error'][:80]}"
    return f"added {'something' if result['added'] else 'nothing'}, removed {'something' if result['removed'] else 'nothing'}"
