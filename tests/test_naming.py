"""Identifier policies: wire names in, target identifiers out, clashes refused."""

from __future__ import annotations

import pytest

from generator import naming
from generator.errors import SchemaSmithError


@pytest.mark.parametrize(
    ("wire", "python", "typescript"),
    [
        ("session_id", "session_id", "sessionId"),
        ("channelManagerSid", "channel_manager_sid", "channelManagerSid"),
        ("HTTPStatus", "http_status", "httpStatus"),
        ("is-test", "is_test", "isTest"),
        ("class", "class_", "class"),
        ("type", "type", "type"),
        ("match", "match", "match"),
        ("None", "none", "none"),
        ("True", "true", "true"),
        ("async", "async_", "async"),
        ("to_dict", "to_dict_", "toDict"),
        ("additional_properties", "additional_properties_", "additionalProperties_"),
        ("str", "str_", "str"),
        ("1st", "field_1st", "field1st"),
        ("", "field", "field"),
        ("dataclasses", "dataclasses_", "dataclasses"),
        ("$ref", "ref", "ref"),
        ("名前", "field", "field"),
    ],
)
def test_field_names(wire: str, python: str, typescript: str) -> None:
    assert naming.python_field_name(wire) == python
    assert naming.typescript_field_name(wire) == typescript
    assert python.isidentifier()


@pytest.mark.parametrize(
    ("name", "expected"), [("Session", "Session"), ("call_session", "CallSession"), ("2fa config", "Model2faConfig")]
)
def test_class_names(name: str, expected: str) -> None:
    assert naming.class_name(name) == expected


def test_clash_is_resolved_deterministically_from_the_wire_names() -> None:
    items = [("minTokens", "/properties/minTokens"), ("min-tokens", "/properties/min-tokens"),
             ("env", "/properties/env"), ("env_", "/properties/env_")]
    assert naming.assign_unique(items, "python") == ["min_tokens", "min_x2d_tokens", "env", "env_"]
    assert naming.assign_unique(items, "typescript") == ["minTokens", "min_x2d_tokens", "env", "env_"]


def test_unresolvable_clash_names_both_pointers() -> None:
    # "a_b" loses its plain and literal name to "a-b", and its spelled-out name to "a_x5f_b".
    items = [("a-b", "/p/a-b"), ("a_x5f_b", "/p/a_x5f_b"), ("a_b", "/p/a_b")]
    with pytest.raises(SchemaSmithError) as caught:
        naming.assign_unique(items, "python")
    assert "#/p/a-b and #/p/a_b both become the python name 'a_b'" in str(caught.value)
