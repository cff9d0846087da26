"""The library API on parsed documents (Validator.is_valid / errors / validate_document).

A parsed document goes through one JSON round trip and, when it survives unchanged, to jsonschema-rs
(for a flat record too: the flat path is built for lines); only a document it does not accept, or
one that is not exactly a JSON value, reaches the reference. Here: the verdicts and issues equal the
reference's on the Session schema and on a nested one, Python values JSON cannot hold get the
reference's reading, and a valid document never reaches the reference (which path ran, not a
timing).
"""

from __future__ import annotations

import decimal
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from schemasmith.validate import Validator

REPO = Path(__file__).resolve().parent.parent
SESSION = json.loads((REPO / "schema" / "session.schema.json").read_text())
NESTED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["id", "items"],
    "properties": {
        "id": {"type": "string", "pattern": "^o_[0-9]+$"},
        "site": {"type": "string", "format": "uri"},
        "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Item"}},
        "pay": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["n"], "properties": {"n": {"type": "number", "minimum": 0}}}]},
    },
    "$defs": {"Item": {"type": "object", "required": ["sku"], "additionalProperties": False,
                       "properties": {"sku": {"type": "string", "minLength": 2}, "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True}}}},
}


def _session_documents() -> list[Any]:
    rng = random.Random(7)
    valid = {"timestamp": "2025-04-18T05:39:45.000Z", "session_id": "0ddb0a8ea488d7b1", "channel_manager_type": "voice_sip_v1",
             "agent_id": None, "prompt_version": "1", "duration": 12.5, "is_legacy": False, "is_test": False}
    documents: list[Any] = [valid]
    spoils = [("timestamp", "2025-02-30T00:00:00Z"), ("timestamp", 5), ("duration", "x"), ("is_test", None),
              ("extra", 1), ("session_id", None), ("duration", -1), ("agent_id", 3)]
    for _ in range(60):
        document = dict(valid)
        key, value = rng.choice(spoils)
        document[key] = value
        if rng.random() < 0.3:
            document.pop(rng.choice(sorted(valid)))
        documents.append(document)
    return documents + [[], None, "x", {}]


def _nested_documents() -> list[Any]:
    good = {"id": "o_1", "site": "https://a.example/x", "items": [{"sku": "ab", "tags": ["x", "y"]}], "pay": {"n": 1}}
    return [
        good, {**good, "pay": "cash"}, {**good, "id": "x"}, {**good, "site": "http://[V1.fe]/"}, {**good, "items": []},
        {**good, "items": [{"sku": "a"}]}, {**good, "items": [{"sku": "ab", "tags": ["x", "x"]}]}, {**good, "pay": {"n": -1}},
        {**good, "items": [{"sku": "ab", "more": 1}]}, {"id": "o_2"}, {**good, "pay": 3},
    ]


# Values JSON cannot hold exactly: each is left to the reference, whatever jsonschema-rs would say.
NOT_JSON = [
    {"id": "o_1", "items": ({"sku": "ab"},)},  # a tuple: the reference's "array" is a list
    {"id": "o_1", "items": [{"sku": "ab"}], "pay": {"n": math.nan}},
    {"id": "o_1", "items": [{"sku": "ab"}], "pay": {"n": decimal.Decimal("1.5")}},
    {"id": "o_1", "items": [{"sku": "ab"}], 3: "x"},
    {"id": "o_1", "items": [{"sku": "ab"}], "pay": {"n": math.inf}},
]


@pytest.mark.parametrize(("schema", "documents"), [(SESSION, _session_documents()), (NESTED, _nested_documents() + NOT_JSON)],
                         ids=["session", "nested"])
def test_parsed_documents_get_the_reference_issues(schema: Any, documents: list[Any]) -> None:
    fast, reference = Validator(schema), Validator(schema, fast_path=False)
    invalid = 0
    for document in documents:
        expected = reference.validate_document(document)
        assert fast.validate_document(document) == expected, document
        assert fast.is_valid(document) == (not expected)
        assert list(fast.iter_errors(document)) == expected
        invalid += bool(expected)
    assert 0 < invalid < len(documents)


@pytest.mark.parametrize("schema", [SESSION, NESTED], ids=["session", "nested"])
def test_a_valid_parsed_document_never_reaches_the_reference(schema: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = Validator(schema)
    document = _session_documents()[0] if schema is SESSION else _nested_documents()[0]

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the reference was asked")

    monkeypatch.setattr(fast, "_explain", refuse)
    assert fast.is_valid(document) and fast.errors(document) == []
    with pytest.raises(AssertionError, match="reference was asked"):
        fast.is_valid({**document, "timestamp": 5} if schema is SESSION else {**document, "id": 5})
