"""from_dict's fast path checks some properties whole in its condition (a scalar's keywords, a
string enum, an array of strings/integers/booleans with its items' keywords, a union of such
variants that share no JSON type): those tests must pass exactly the values the precise path
keeps, and a list that passes is the instance's own copy.

- hypothesis payloads near every keyword's boundary: the fast path's outcome (value, or pointer
  and message) equals the precise path's, and the verdict equals the reference validator's;
- a passing array is copied, never the payload's own list.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_from_dict_paths_agree, import_module_from
from schemasmith import Settings, generate
from schemasmith.validate import reference_validator

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Box",
    "type": "object",
    "required": ["codes", "mode"],
    "properties": {
        "codes": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": True,
                  "items": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[a-c]+$"}},
        "counts": {"type": "array", "items": {"type": "integer", "minimum": 1, "exclusiveMaximum": 5}, "uniqueItems": True},
        "flags": {"type": ["array", "null"], "items": {"type": "boolean"}, "uniqueItems": True},
        "either": {"oneOf": [{"type": "string", "maxLength": 2}, {"type": "array", "items": {"type": "string", "maxLength": 1}, "maxItems": 2}]},
        "level": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 1}]},
        "mode": {"enum": ["a", "b"]},
        'odd "key"\n': {"type": "array", "items": {"type": "string", "$comment": "a name the fast path looks up"}},
        "named": {"type": "array", "items": {"$ref": "#/$defs/Short"}},
        "size": {"type": "number", "minimum": 0, "maximum": 10},
    },
    "additionalProperties": False,
    "$defs": {"Short": {"type": "string", "maxLength": 2}},
}

_ITEMS = st.one_of(st.sampled_from(["", "a", "ab", "abc", "abcd", "ad", "b", 0, 1, 4, 5, 1.0, True, False, None]),
                   st.integers(-1, 6))
_VALUES = st.one_of(_ITEMS, st.lists(_ITEMS, max_size=4), st.just({}))
_NAMES = ["codes", "counts", "flags", "either", "level", "mode", 'odd "key"\n', "named", "size", "extra"]
_VALID = {"codes": ["ab", "abc"], "mode": "a"}
_REFERENCE = reference_validator(SCHEMA)


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("box")
    (out / "box.schema.json").write_text(json.dumps(SCHEMA), "utf-8")
    generate(out / "box.schema.json", out / "generated", ("python",), Settings())
    return import_module_from(out / "generated" / "python" / "box.py")


@given(st.dictionaries(st.sampled_from(_NAMES), _VALUES, max_size=5))
@settings(max_examples=600, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_fast_and_precise_paths_agree_with_the_reference(box: ModuleType, changes: dict[str, Any]) -> None:
    payload = {**_VALID, **changes}
    assert_from_dict_paths_agree(box.Box.from_dict, payload)
    try:
        box.Box.from_dict(payload)
        accepted = True
    except box.SchemaValidationError:
        accepted = False
    assert accepted == _REFERENCE.is_valid(payload), payload


def test_the_fast_path_tests_those_properties_whole(box: ModuleType) -> None:
    source = Path(box.__file__).read_text("utf-8")
    fast = source[source.index("class Box:"):source.index("# The precise path.")]
    for name in ("codes", "counts", "flags", "either", "level", "mode", "named", "size"):
        assert f"{name}, " in fast and "checked whole" in fast, name
    assert "_TYPES_STR.issuperset(map(type, value))" in fast


def test_a_list_that_passes_is_copied(box: ModuleType) -> None:
    payload = {"codes": ["ab"], "mode": "b", "counts": [1, 2], "flags": [True], "either": ["a"], 'odd "key"\n': ["x"]}
    value = box.Box.from_dict(payload)
    for wire, attribute in (("codes", "codes"), ("counts", "counts"), ("flags", "flags"), ("either", "either")):
        assert getattr(value, attribute) == payload[wire] and getattr(value, attribute) is not payload[wire]
