"""The canonical Session schema: valid against its metaschema, and saying what the seed says."""

from __future__ import annotations

from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

SEED_FIELD_ORDER = [
    "timestamp", "session_id", "conversation_id", "channel_manager_service", "channel_manager_type",
    "channel_manager_sid", "agent_id", "agent_name", "agent_type", "agent_timezone", "prompt_id",
    "prompt_name", "prompt_version", "duration", "session_label_id", "source", "target", "is_legacy",
    "is_test",
]


def test_schema_is_valid_against_the_2020_12_metaschema(schema_document: dict[str, Any]) -> None:
    assert schema_document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema_document)


def test_schema_identity(schema_document: dict[str, Any]) -> None:
    assert schema_document["$id"].endswith("session.schema.json")
    assert schema_document["title"] == "Session"
    assert schema_document["description"] == "A session is a building block of a conversation."


def test_seed_fields_in_seed_order_and_only_timestamp_required(schema_document: dict[str, Any]) -> None:
    assert list(schema_document["properties"]) == SEED_FIELD_ORDER
    assert schema_document["required"] == ["timestamp"]
    assert schema_document["properties"]["timestamp"]["format"] == "date-time"
    # Open to unknown properties: the API adds fields and old consumers must keep working.
    assert schema_document.get("additionalProperties", True) is not False


def test_every_optional_field_is_nullable(schema_document: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema_document)
    for name in SEED_FIELD_ORDER[1:]:
        assert validator.is_valid({"timestamp": "2025-09-25T22:48:13.771Z", name: None}), name
    assert not validator.is_valid({"timestamp": None})


def test_examples_validate_with_format_checking(schema_document: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema_document, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert schema_document["examples"], "the object-level example feeds the docs' Example Usage"
    for example in schema_document["examples"]:
        validator.validate(example)
    for name, prop in schema_document["properties"].items():
        for example in prop.get("examples", []):
            Draft202012Validator(prop, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(example)


def test_format_checker_really_checks_date_time(schema_document: dict[str, Any]) -> None:
    # Guards the dev dependencies: without an RFC 3339 package jsonschema silently skips date-time.
    validator = Draft202012Validator(schema_document, format_checker=Draft202012Validator.FORMAT_CHECKER)
    try:
        validator.validate({"timestamp": "not-a-date"})
    except jsonschema.ValidationError as error:
        assert error.validator == "format"
    else:  # pragma: no cover - only when the format extra is missing
        raise AssertionError("date-time format is not being checked")
