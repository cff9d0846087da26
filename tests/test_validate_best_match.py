"""Messages that help on nested schemas (issue 23): the best match of an anyOf/oneOf error, and long
arrays and objects shown by their shape; the same on every path (flat msgspec, jsonschema-rs, the
reference), in text and in `--format json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from schemasmith import Validator
from schemasmith.cli.main import main
from schemasmith.validate.messages import shape

CONVERSATION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["turns"],
    "properties": {
        "turns": {"type": "array", "maxItems": 200, "items": {"$ref": "#/$defs/Turn"}},
        "meta": {"type": "object", "maxProperties": 10},
    },
    "$defs": {
        "Turn": {
            "type": "object", "required": ["role", "content"],
            "properties": {
                "role": {"enum": ["user", "assistant"]},
                "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/$defs/Part"}}]},
            },
        },
        "Part": {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["text", "image"]}, "text": {"type": "string"}}},
    },
}

TURN = {"role": "user", "content": "hi"}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


@pytest.mark.parametrize("fast", [True, False], ids=["jsonschema-rs", "reference"])
def test_the_issue_example_in_text_and_json(tmp_path: Path, fast: bool) -> None:
    schema = tmp_path / "conversation.schema.json"
    schema.write_text(json.dumps(CONVERSATION))
    data = tmp_path / "c.ndjson"
    data.write_text(json.dumps({"turns": [{"role": "user", "content": [{"text": "x"}]}]}) + "\n")
    extra = [] if fast else ["--no-fast-path"]
    text = cli("--schema", str(schema), *extra, str(data))
    assert text.exit_code == 1
    assert text.stdout == (
        f"{data}:1 at #/turns/0/content: [{{'text': 'x'}}] is not valid under any of the given schemas [oneOf]; "
        "best match: at #/turns/0/content/0: 'kind' is a required property [required]\n"
    )
    records = cli("--schema", str(schema), "--format", "json", *extra, str(data))
    assert [json.loads(line) for line in records.stdout.splitlines()] == [{
        "file": str(data), "line": 1, "pointer": "/turns/0/content",
        "message": "[{'text': 'x'}] is not valid under any of the given schemas", "keyword": "oneOf",
        "best_match": {"pointer": "/turns/0/content/0", "message": "'kind' is a required property", "keyword": "required"},
    }]


def test_long_arrays_and_objects_are_shown_by_their_shape() -> None:
    fast = Validator(CONVERSATION)
    assert fast.accept_path == "jsonschema-rs"
    reference = Validator(CONVERSATION, fast_path=False)
    document = {"turns": [TURN] * 201, "meta": {f"k{i}": i for i in range(12)}}
    expected = [
        ("/turns", "[201 items] is too long", "maxItems"),
        ("/meta", "{12 properties} has too many properties", "maxProperties"),
    ]
    assert fast.errors(document) == reference.errors(document) == expected
    # Short ones are still quoted whole.
    assert reference.errors({"turns": [TURN], "meta": []}) == [("/meta", "[] is not of type 'object'", "type")]
    assert shape([1]) == "[1 item]" and shape({"a": 1}) == "{1 property}" and shape({}) == "{0 properties}"


def test_the_flat_record_path_shows_shapes_and_best_matches_as_the_reference_does() -> None:
    schema = {
        "type": "object",
        "properties": {
            "when": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            "name": {"type": "string"},
            "n": {"oneOf": [{"type": "integer"}, {"type": "string", "format": "uuid"}]},
        },
        "additionalProperties": False,
    }
    fast = Validator(schema)
    assert fast.accept_path == "msgspec"
    reference = Validator(schema, fast_path=False)
    big = list(range(100))
    documents = [
        {"when": "yesterday"}, {"when": 3}, {"when": big}, {"name": big}, {"name": {str(i): i for i in range(30)}},
        {"n": "not-a-uuid"}, {"n": 1.5}, {"n": None}, {"when": "x", "n": "y", "name": 1},
    ]
    lines = b"\n".join(json.dumps(d).encode() for d in documents)
    assert fast.validate_ndjson(lines, "f") == reference.validate_ndjson(lines, "f")
    for document in documents:
        assert fast.validate_document(document) == reference.validate_document(document), document
    [when] = fast.validate_document({"when": "yesterday"})
    assert when.best_match == ("/when", "'yesterday' is not a 'date-time'", "format")
    [name] = fast.validate_document({"name": big})
    assert name.message == "[100 items] is not of type 'string'"
    # Every branch only wants another type: no branch ranks first, the message names the types.
    [typed] = fast.validate_document({"when": 3})
    assert typed.best_match is None and typed.message == "3 is not of type 'string' or 'null'"


CASES: list[tuple[dict[str, Any], Any]] = [
    (CONVERSATION, {"turns": [{"role": "user", "content": [{"text": "x"}]}]}),
    (CONVERSATION, {"turns": [{"role": "user", "content": [{"kind": "text"}, {"kind": "video"}]}]}),
    (CONVERSATION, {"turns": [{"role": "robot", "content": 5}]}),
    ({"anyOf": [{"type": "object", "properties": {"a": {"anyOf": [{"minimum": 3}, {"type": "string", "minLength": 2}]}}},
                {"type": "array"}]}, {"a": 1}),
    ({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}]}, 3),
    ({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, {}),
    ({"properties": {"x": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}, {"x": 1}),
]


@pytest.mark.parametrize(("schema", "document"), CASES)
def test_the_best_match_is_jsonschemas_on_every_path(schema: dict[str, Any], document: Any) -> None:
    fast = Validator(schema)
    reference = Validator(schema, fast_path=False)
    issues = fast.validate_document(document)
    assert issues == reference.validate_document(document)
    # The rule is jsonschema's best_match, followed from each error with alternatives.
    plain = jsonschema.validators.validator_for(schema)(schema)
    for issue, error in zip(issues, plain.iter_errors(document)):
        best = jsonschema.exceptions.best_match([error])
        if best is error or not error.context:
            assert issue.best_match is None
        else:
            assert issue.best_match is not None
            assert issue.best_match[0] == "".join(f"/{p}" for p in best.absolute_path)
            assert issue.best_match[2] == best.validator
