"""Refactors that keep a schema's meaning give no finding: the diff compares what schemas accept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diff_cases import OPENAPI_30, OPENAPI_31, REFACTORS
from diff_support import describe, diff_values


@pytest.mark.parametrize(("name", "old", "new"), REFACTORS, ids=[r[0] for r in REFACTORS])
def test_refactor_has_no_finding(name: str, old: Any, new: Any, tmp_path: Path) -> None:
    assert describe(diff_values(tmp_path, old, new)) == []
    assert describe(diff_values(tmp_path, new, old)) == []


def test_openapi_30_nullable_reads_as_a_null_type(tmp_path: Path) -> None:
    assert describe(diff_values(tmp_path, OPENAPI_30, OPENAPI_31)) == []


def test_change_inside_a_shared_definition_is_reported_once_at_the_definition(tmp_path: Path) -> None:
    defs = {"Money": {"type": "object", "properties": {"amount": {"type": "number", "minimum": 0}}}}
    old = {"type": "object", "properties": {"price": {"$ref": "#/$defs/Money"}, "tax": {"$ref": "#/$defs/Money"}},
           "$defs": defs}
    new = {**old, "$defs": {"Money": {"type": "object", "properties": {"amount": {"type": "number", "minimum": 1}}}}}
    assert describe(diff_values(tmp_path, old, new)) == [
        ("MINIMUM_TIGHTENED", "/$defs/Money/properties/amount/minimum", "/$defs/Money/properties/amount/minimum",
         "breaking", "compatible")]


def test_change_deep_in_a_recursive_schema(tmp_path: Path) -> None:
    def tree(max_length: int) -> dict[str, Any]:
        return {"title": "Node", "type": "object", "properties": {
            "name": {"type": "string", "maxLength": max_length},
            "children": {"type": "array", "items": {"$ref": "#"}}}}

    assert describe(diff_values(tmp_path, tree(10), tree(5))) == [
        ("MAX_LENGTH_TIGHTENED", "/properties/name/maxLength", "/properties/name/maxLength", "breaking", "compatible")]
