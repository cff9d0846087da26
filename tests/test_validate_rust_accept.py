"""The jsonschema-rs accept engine (validate/fast/rust_accept.py) against the reference, case by case.

The invariant: whatever path judged a document, its issues are the reference's. Checked here over
every case of the official JSON-Schema-Test-Suite (drafts 4 to 2020-12, optional and format cases
included) and every instance of the SchemaStore corpus in ../shared, through both entries a user
has (a parsed value, and JSON text); plus which path runs for a nested schema, and the format
checkers jsonschema-rs is trusted with.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from conftest import CORPUS, SHARED
from schemasmith.errors import SchemaSmithError
from schemasmith.validate import Validator
from schemasmith.validate.fast.rust_accept import RUST_FORMATS
from schemasmith.validate.formats import formats_for

SUITE = SHARED / "json-schema-test-suite"
DRAFTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
needs_suite = pytest.mark.skipif(not SUITE.is_dir(), reason=f"the JSON-Schema-Test-Suite is not in {SUITE}")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the SchemaStore corpus is not in {CORPUS}")


def _suite_files() -> list[tuple[str, Path]]:
    if not SUITE.is_dir():
        return []
    return [(draft, path) for draft in DRAFTS for path in sorted((SUITE / "tests" / draft).rglob("*.json"))]


def _remotes_registry(draft: str) -> Any:
    """The suite's remote documents, at the http://localhost:1234/ URIs its cases use."""
    from referencing import Registry, Resource
    from referencing.jsonschema import specification_with

    default = specification_with(DRAFTS[draft])
    root = SUITE / "remotes"
    resources = []
    for path in sorted(root.rglob("*.json")):
        folder = path.relative_to(root).parts[0]
        if folder.startswith("draft") and folder != draft:
            continue  # another draft's remotes (read with this draft's rules, some do not parse)
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = "http://localhost:1234/" + path.relative_to(root).as_posix()
        resource = Resource.from_contents(contents, default_specification=default)
        try:  # a remote this draft cannot read (a boolean subschema in draft 4) is left out
            Registry().with_resource(uri, resource).crawl()
        except Exception:  # noqa: BLE001
            continue
        resources.append((uri, resource))
    return Registry().with_resources(resources)


def _with_draft(schema: Any, draft: str) -> Any:
    # The suite's schemas mostly leave $schema out: each folder is read as its own draft.
    if isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": DRAFTS[draft], **schema}
    return schema


def _pair(schema: Any, registry: Any) -> tuple[Validator, Validator] | None:
    try:
        fast = Validator(schema, registry=registry)
    except SchemaSmithError:
        with pytest.raises(SchemaSmithError):  # both refuse the schema, or neither does
            Validator(schema, registry=registry, fast_path=False)
        return None
    return fast, Validator(schema, registry=registry, fast_path=False)


def _issues(tally: Any) -> list[tuple[Any, ...]]:
    return [(issue.pointer, issue.message, issue.keyword, issue.best_match) for issue in tally.issues]


@needs_suite
@pytest.mark.parametrize(("draft", "path"), _suite_files(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_official_suite_cases_get_the_reference_issues(draft: str, path: Path) -> None:
    registry = _remotes_registry(draft)
    for group in json.loads(path.read_text(encoding="utf-8")):
        schema = _with_draft(group["schema"], draft)
        pair = _pair(schema, registry)
        if pair is None:
            continue
        fast, reference = pair
        for case in group["tests"]:
            where = f"{path.name}: {group['description']} / {case['description']}"
            data = case["data"]
            # Best matches included: the same anyOf/oneOf context, whichever path explained it.
            expected = reference.explained_errors(data)
            assert fast.explained_errors(data) == expected, where
            text = json.dumps(data).encode()
            assert _issues(fast.validate_json(text)) == _issues(reference.validate_json(text)), where
            assert _issues(fast.validate_ndjson(text)) == _issues(reference.validate_ndjson(text)), where
            assert fast.is_valid_json(text) == (not expected), where


def _corpus_cases() -> Iterator[tuple[str, Path, list[Path]]]:
    if not CORPUS.is_dir():
        return
    for schema_path in sorted((CORPUS / "schemas").glob("*.json")):
        name = schema_path.stem
        instances = sorted((CORPUS / "test" / name).glob("*")) + sorted((CORPUS / "negative_test" / name).glob("*"))
        if instances:
            yield name, schema_path, instances


@needs_corpus
@pytest.mark.parametrize(("name", "schema_path", "instances"), list(_corpus_cases()), ids=lambda v: v if isinstance(v, str) else "")
def test_schemastore_instances_get_the_reference_issues(name: str, schema_path: Path, instances: list[Path]) -> None:
    from corpus.instances import load_instance

    from schemasmith.source.refs import RefDirs, build_registry

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    registry = build_registry(schema_path.resolve().as_uri(), schema, RefDirs(by_name=(CORPUS / "schemas",)))
    try:
        pair = _pair(schema, registry)
    except SchemaSmithError:
        pytest.skip(f"{name}: refers to schemas outside the corpus")
    if pair is None:
        return
    fast, reference = pair
    for path in instances:
        try:
            data = load_instance(path)
        except Exception:  # noqa: BLE001 - an instance file the corpus loader cannot read as JSON
            continue
        try:
            expected = reference.explained_errors(data)
        except SchemaSmithError:
            continue  # the reference cannot judge it (e.g. an unresolvable reference): nothing to compare
        assert fast.explained_errors(data) == expected, f"{name}/{path.name}"
        text = json.dumps(data).encode()
        assert _issues(fast.validate_json(text)) == _issues(reference.validate_json(text)), f"{name}/{path.name}"
        assert fast.is_valid_json(text) == (not expected), f"{name}/{path.name}"


# -- which path runs ---------------------------------------------------------------------------

NESTED = {
    "type": "object",
    "required": ["id", "owner", "tags", "content"],
    "properties": {
        "id": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "owner": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    },
}


def test_a_schema_with_an_array_a_nested_object_and_a_oneof_takes_the_fast_path() -> None:
    validator = Validator(NESTED)
    assert validator.accept_path == "jsonschema-rs"
    lines = [
        json.dumps({"id": str(i), "owner": {"name": "a"}, "tags": ["x"], "content": "c" if i % 2 else ["c"]})
        for i in range(50)
    ]
    tally = validator.validate_ndjson(("\n".join(lines) + "\n").encode())
    assert (tally.documents, tally.invalid) == (50, 0)
    assert validator.is_valid(json.loads(lines[0]))
    # The reference (jsonschema) was never built: no document needed it.
    assert "reference" not in validator.__dict__ and "_pruned_reference" not in validator.__dict__
    # A document the engine refuses is explained by the reference's errors computed directly
    # (fast/nested_errors.py, skipping its valid values): jsonschema is still not needed.
    tally = validator.validate_ndjson(b'{"id": "1", "owner": {}, "tags": [], "content": 3}\n')
    assert tally.invalid == 1 and validator.__dict__.get("_nested_errors") is not None
    assert "reference" not in validator.__dict__ and "_pruned_reference" not in validator.__dict__
    assert {issue.keyword for issue in tally.issues} == {"required", "oneOf"}


def test_one_document_takes_the_typed_stage_where_it_pays(monkeypatch: pytest.MonkeyPatch) -> None:
    from schemasmith.validate.fast.rust_accept import RustAccept

    validator = Validator(NESTED)
    assert validator.typed_accept is not None and validator.typed_accept.suits_one_document
    judged_by_rust: list[bytes] = []
    accepts_one = RustAccept.accepts_one
    monkeypatch.setattr(RustAccept, "accepts_one", lambda self, data, undeclared: judged_by_rust.append(data)
                        or accepts_one(self, data, undeclared))
    valid = b'{"id": "1", "owner": {"name": "a"}, "tags": ["x"], "content": ["c"], "extra": 1}'
    assert validator.is_valid_json(valid) and validator.is_valid_json(valid)  # the undeclared name learned
    assert judged_by_rust == []
    # What the typed stage refuses, jsonschema-rs judges: a valid document it cannot read, an invalid one.
    unusual = b'{"id": "1", "owner": {"name": "a", "x": {"deep": [1]}}, "tags": [], "content": "c"}'
    assert validator.is_valid_json(unusual) and judged_by_rust == [unusual]
    assert not validator.is_valid_json(b'{"id": "1", "owner": {}, "tags": [], "content": 3}')
    # Its kept strings and the root's date-times are checked too, each failure alone refusing the document.
    checked = Validator({"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string", "pattern": "^o_[0-9]+$"}, "at": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string", "format": "email"}}}})
    assert checked.typed_accept is not None and checked.typed_accept.suits_one_document
    assert checked.is_valid_json(b'{"id": "o_1", "at": "2024-02-29T00:00:00Z", "tags": ["a@b.c"]}')
    for refused in (b'{"id": "x", "at": "2024-02-29T00:00:00Z", "tags": ["a@b.c"]}',
                    b'{"id": "o_1", "at": "2025-02-29T00:00:00Z", "tags": ["a@b.c"]}',
                    b'{"id": "o_1", "at": "2024-02-29T00:00:00Z", "tags": ["a@b.c", "b"]}'):
        assert not checked.is_valid_json(refused), refused
    # Four kinds of kept string (patterns, formats): one call each costs more than the typed decode saves.
    kinds = {"type": "object", "properties": {f"p{i}": {"type": "string", "pattern": f"^{i}"} for i in range(4)}}
    assert Validator(kinds).typed_accept is not None and not Validator(kinds).typed_accept.suits_one_document


def test_flat_records_keep_the_msgspec_path() -> None:
    flat = {"type": "object", "properties": {"a": {"type": "string", "format": "date-time"}}, "required": ["a"]}
    assert Validator(flat).accept_path == "msgspec"
    assert Validator(flat, fast_path=False).accept_path == "reference"


def test_values_json_cannot_hold_go_to_the_reference() -> None:
    validator = Validator({"type": "array", "items": {"type": "integer"}})
    assert validator.accept_path == "jsonschema-rs"
    # jsonschema-rs reads a tuple as an array; the reference does not.
    assert validator.errors((1, 2)) == Validator(validator.schema, fast_path=False).errors((1, 2))
    assert not validator.is_valid((1, 2))
    assert validator.is_valid([1, 2])


def test_policy_lines_go_to_the_reference() -> None:
    validator = Validator({"type": "object", "properties": {"a": {"type": "array"}}})
    deep = b'{"a": ' + b"[" * 300 + b"]" * 300 + b"}"
    tally = validator.validate_ndjson(deep + b"\n" + b'{"a": [1e400]}\n' + b'{"a": [' + b"9" * 400 + b"]}\n")
    assert tally.invalid == 3
    assert [issue.line for issue in tally.issues] == [1, 2, 3]
    # One document at a time (validate_json, is_valid_json) asks the policy's questions itself.
    for document in (deep, b'{"a": [1e400]}', b'{"a": [' + b"9" * 400 + b"]}"):
        assert not validator.is_valid_json(document)
        assert validator.validate_json(document).invalid == 1
    assert validator.is_valid_json(b'{"a": ' + b"[" * 255 + b"]" * 255 + b"}")  # 256 deep
    assert validator.is_valid_json(b'{"a": [' + b"9" * 308 + b"]}")  # within a double


def test_policy_lines_among_valid_lines_go_to_the_reference() -> None:
    """The policy's questions are asked of a whole chunk first (validator._rust_rejected); a chunk
    where one may be true is asked line by line, and only its policy lines leave the engine."""
    validator = Validator({"type": "object", "properties": {"a": {"type": "array", "minItems": 0}}})
    assert validator.accept_path == "jsonschema-rs"
    valid = b'{"a": [[1], {"b": 2}]}\n'
    deep = b'{"a": ' + b"[" * 300 + b"]" * 300 + b"}\n"
    long_integer = b'{"a": [' + b"9" * 400 + b"]}\n"
    for chunk in (valid * 5 + deep + valid * 5 + long_integer + valid, valid * 3 + long_integer, valid * 2 + deep):
        tally = validator.validate_ndjson(chunk)
        lines = chunk.splitlines(keepends=True)
        assert [issue.line for issue in tally.issues] == [i + 1 for i, line in enumerate(lines) if line != valid]
        assert _issues(tally) == _issues(Validator(validator.schema, fast_path=False).validate_ndjson(chunk))
    assert validator.validate_ndjson(valid * 3 + b'{"a": ' + b"[" * 255 + b"]" * 255 + b"}\n").invalid == 0  # 256 deep


def test_a_deep_document_over_many_lines_goes_to_the_reference() -> None:
    validator = Validator({"type": "object", "properties": {"a": {"type": "array", "minItems": 0}}})
    assert validator.accept_path == "jsonschema-rs"
    pretty = b'{"a":\n' + b"[\n" * 300 + b"]\n" * 300 + b"}\n"
    tally = validator.validate_json(pretty)
    assert [issue.message for issue in tally.issues] == ["nested more than 256 levels deep"]


def test_may_nest_deeper_counts_a_line_across_windows() -> None:
    from schemasmith.validate.documents import MAX_DEPTH, may_nest_deeper

    over, at = b"[" * (MAX_DEPTH + 1), b"[" * MAX_DEPTH
    assert may_nest_deeper(b"{}\n" + over + b"\n")
    assert not may_nest_deeper(b"{}\n" + at + b"]" * MAX_DEPTH + b"\n" + at)
    for window in (1, 7, 100):
        assert may_nest_deeper(b"x\n" + at[:200] + b'"a"' + b"{" * (MAX_DEPTH - 199), window=window)
        assert not may_nest_deeper(b"x\n" + at[:200] + b"\n" + b"{" * (MAX_DEPTH - 199), window=window)


def test_backtracking_patterns_leave_long_lines_to_the_reference() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string", "pattern": "^(?=a)a+$"}}}}
    validator = Validator(schema)
    assert validator.accept_path == "jsonschema-rs"
    assert validator.rust_accept is not None and validator.rust_accept.max_line_bytes is not None
    long_line = json.dumps({"a": ["a" * 20_000]}).encode()
    tally = validator.validate_ndjson(long_line + b"\n" + b'{"a": ["aaa"]}\n')
    assert tally.invalid == 1 and tally.issues[0].line == 1
    assert "too long" in tally.issues[0].message


# -- formats jsonschema-rs checks itself ----------------------------------------------------------


def _format_strings() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((SUITE / "tests").glob("*/optional/format/*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            name = group["schema"].get("format")
            for case in group["tests"]:
                if isinstance(name, str) and isinstance(case["data"], str):
                    found.setdefault(name, set()).add(case["data"])
    return found


@needs_suite
@pytest.mark.parametrize("name", sorted(RUST_FORMATS))
def test_trusted_formats_accept_nothing_ours_refuses(name: str) -> None:
    """Over the suite's strings for every format, and random mutations of the ones for this format."""
    strings = _format_strings()
    ours = formats_for("draft2020-12")[name]
    rust = Validator({"format": name, "type": "string"}).rust_accept
    assert rust is not None
    rng = random.Random(name)
    alphabet = "0123456789:-+.%/[]?#@TtZzPYMDWHSVv~_ éa\n\\"
    candidates = set().union(*strings.values())
    seeds = sorted(strings.get(name, candidates))
    for _ in range(3000):
        chars = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(chars))
            if rng.random() < 0.5 and chars:
                chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
            else:
                chars.insert(at, rng.choice(alphabet))
        candidates.add("".join(chars))
    wrong = sorted(s for s in candidates if rust.is_valid_guarded(s) and not ours(s))
    assert not wrong, f"jsonschema-rs accepts as {name} what formats.py refuses: {wrong[:10]}"


def test_the_uri_guard_sends_upper_case_ipvfuture_to_the_reference() -> None:
    validator = Validator({"type": "object", "properties": {"u": {"type": "array", "items": {"format": "uri"}}}})
    line = b'{"u": ["http://[V1.fe]"]}\n'
    reference = Validator(validator.schema, fast_path=False)
    assert _issues(validator.validate_ndjson(line)) == _issues(reference.validate_ndjson(line))
    escaped = b'{"u": ["http://\\u005bV1.fe]"]}\n'
    assert _issues(validator.validate_ndjson(escaped)) == _issues(reference.validate_ndjson(escaped))
    for document in (line, escaped):
        assert _issues(validator.validate_json(document)) == _issues(reference.validate_json(document))
        assert validator.is_valid_json(document) == reference.is_valid_json(document)
    unguarded = jsonschema_rs.validator_for({"format": "uri"}, validate_formats=True)
    assert unguarded.is_valid("http://[V1.fe]")  # the disagreement the guard exists for


BIG = 10**25
BIG_INTEGER_SCHEMAS = [
    {"const": BIG}, {"enum": [BIG, 1]}, {"maximum": BIG}, {"minimum": BIG}, {"exclusiveMaximum": 1e25},
    {"multipleOf": 3}, {"multipleOf": 0.5}, {"type": "integer", "multipleOf": 1e-8}, {"uniqueItems": True},
    {"type": "integer"}, {"maximum": 2**63 - 1}, {"minimum": -(2**63)},
]


@pytest.mark.parametrize("schema", BIG_INTEGER_SCHEMAS, ids=json.dumps)
def test_integers_beyond_64_bits_get_the_reference_verdict(schema: dict[str, Any]) -> None:
    fast = Validator({"type": "array", "items": schema} if "uniqueItems" not in schema else schema)
    reference = Validator(fast.schema, fast_path=False)
    values = [BIG, BIG + 1, BIG - 1, 3 * BIG, 2**63, 2**64 + 1, -(2**63) - 1, 2**63 - 1, 10**300, -(10**300)]
    documents = [[v] for v in values] + [[BIG, BIG + 1], [BIG, BIG], [2**64, float(2**64)]]
    for document in documents:
        text = json.dumps(document).encode()
        assert _issues(fast.validate_ndjson(text)) == _issues(reference.validate_ndjson(text)), text
        assert fast.errors(document) == reference.errors(document), document
        assert fast.is_valid_json(text) == reference.is_valid(document), text
