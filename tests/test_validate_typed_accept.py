"""The typed accept stage (validate/fast/typed_accept.py): msgspec Structs compiled from a nested schema.

Its invariant: a line the Struct decoder accepts is one the reference accepts (the issue lists of
the whole pipeline are compared with the reference's in test_validate_constructs_differential.py,
"typed-*" constructs). Here: the format patterns accept only what formats.py accepts, which schemas
get the stage, lines on its edges (numbers, duplicate keys, surrogates, undeclared properties), and
that it is the stage that ran.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schemasmith.validate import Validator
from schemasmith.validate.fast.typed_accept import compile_typed_accept
from schemasmith.validate.fast.typed_patterns import FORMAT_SUBSETS, python_pattern
from schemasmith.validate.patterns import search
from schemasmith.validate.formats import formats_for
from schemasmith.validate.fast.typed_lines import typed_rejected

D2020 = "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", sorted(FORMAT_SUBSETS))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_format_patterns_accept_only_what_formats_py_accepts(name: str, data: st.DataObject) -> None:
    value = data.draw(st.from_regex(re.compile(FORMAT_SUBSETS[name]), fullmatch=True))
    assert re.search(FORMAT_SUBSETS[name], value)
    for draft in ("draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"):
        check = formats_for(draft).get(name)
        assert check is None or check(value), (name, value)


PATTERN_TOKENS = ["a", "Z", "0", "_", "-", ":", "/", " ", "[0-9]", "[a-fA-F]", "[a-z_]", "(", "(?:", ")", "|", "*", "+", "?",
                  "{2}", "{1,3}", "{2,}"]
TEXT = st.text(alphabet="aZ0_-:/ \n\r\u2028é١٢b9[]", max_size=8)


@settings(max_examples=400, deadline=None)
@given(tokens=st.lists(st.sampled_from(PATTERN_TOKENS), max_size=8), start=st.booleans(), end=st.booleans(),
       strings=st.lists(TEXT, min_size=1, max_size=8))
def test_simple_patterns_search_as_the_reference_engine_does(tokens: list[str], start: bool, end: bool,
                                                            strings: list[str]) -> None:
    source = ("^" if start else "") + "".join(tokens) + ("$" if end else "")
    python = python_pattern(source)
    if python is None:
        return  # not one of the simple ones (or not a pattern): no typed stage for it
    for string in strings + [string + "\n" for string in strings]:
        assert bool(re.search(python, string)) == search(source, string), (source, string)


@pytest.mark.parametrize("source", ["a.b", "\\d+", "\\w", "(?=a)", "(?!a)", "(?<=a)b", "a\\b", "[^a]", "a{,2}", "(?i)a", "\\p{L}", "^a$b"])
def test_patterns_the_two_engines_may_read_apart_are_not_simple(source: str) -> None:
    assert python_pattern(source) is None


NESTED = {
    "$schema": D2020, "type": "object", "required": ["id", "items"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "at": {"type": "string", "format": "date-time"},
        "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
        "where": {"type": "object", "properties": {"city": {"type": "string"}}},
        "pay": {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"n": {"type": "number"}}}]},
    },
}


def test_an_array_a_nested_object_and_a_oneof_take_the_typed_stage() -> None:
    validator = Validator(NESTED)
    assert validator.accept_path == "jsonschema-rs" and validator.typed_accept is not None
    lines = [json.dumps({"id": i, "at": "2025-03-01T10:00:00Z", "items": [{"sku": "a"}], "where": {"city": "x"},
                         "pay": "cash" if i % 2 else {"n": 1.5}}).encode() + b"\n" for i in range(1, 50)]
    assert typed_rejected(validator.typed_accept, lines) == []  # the typed decoder accepted every line
    assert validator.validate_ndjson(b"".join(lines)).invalid == 0


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"a": {"type": "string", "pattern": "^a.b"}}},
    {"type": "object", "properties": {"a": {}}},
    {"type": "object", "properties": {"a": {"type": "array"}}},
    {"type": "object", "properties": {"a": {"type": "number", "minimum": 2**53 + 1}}},
    {"type": "object", "properties": {"a": {"type": "string", "format": "hostname"}}},
    {"type": "object", "properties": {"a": {"oneOf": [{"type": "integer"}, {"type": "number"}]}}},
    {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True}}},
    {"$ref": "#/$defs/T", "$defs": {"T": {"type": "object", "properties": {"c": {"$ref": "#/$defs/T"}}}}},
    {"type": "object", "properties": {"a": {"$id": "http://x/", "type": "object", "properties": {}}}},
    {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
     "properties": {"a": {"type": "number", "minimum": 1, "exclusiveMinimum": True}}},
    {"type": "object", "properties": {"a": {"enum": ["a", 1]}}},
], ids=json.dumps)
def test_what_the_typed_stage_does_not_express(schema: dict[str, Any]) -> None:
    assert compile_typed_accept(schema, Validator(schema).draft) is None


EDGES = {
    "$schema": D2020, "type": "object",
    "properties": {
        "i": {"type": "integer", "minimum": -5, "exclusiveMaximum": 10},
        "big": {"type": "integer"},
        "x": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "s": {"type": "string", "maxLength": 2},
        "m": {"type": "string", "minLength": 2},
        "list": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "nested": {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "boolean"}}},
        "map": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}
EDGE_LINES = [
    b'{"i": 1.0}', b'{"i": 10}', b'{"i": 9}', b'{"i": -5}', b'{"i": -6}', b'{"i": 1e1}',
    b'{"big": 9223372036854775807}', b'{"big": 9223372036854775808}', b'{"big": -9223372036854775809}',
    b'{"big": ' + b"9" * 400 + b"}", b'{"x": 0}', b'{"x": -0.0}', b'{"x": 1}', b'{"x": 1.0000000000000001}',
    b'{"x": 5e-324}', b'{"x": 1e400}', b'{"s": "\\ud83d\\ude00\\ud83d\\ude00"}', b'{"s": "\\ud800"}',
    b'{"s": "\xf0\x9f\x98\x80\xf0\x9f\x98\x80x"}', b'{"s": "ab", "s": 1}', b'{"s": 1, "s": "ab"}',
    '{"m": "é"}'.encode(), '{"m": "😀"}'.encode(), b'{"m": "\\ud83d\\ude00"}', '{"m": "éé"}'.encode(),
    b'{"list": ["a", "b", "c"]}', b'{"list": []}', b'{"nested": {"a": true, "b": 1}}', b'{"nested": {"a": null}}',
    b'{"map": {"a": 1, "a": "x"}}', b'{"map": {"a": 1, "b": 2}}', b'{"extra": "x"}', b'{"extra": {"deep": [1]}}',
    b'{"extra": 1, "other": [' + b"[" * 300 + b"]" * 300 + b"]}", b'{"i": 1}  ', b"[]", b"null", b'{"s": "\xff"}',
]


def test_edge_lines_get_the_reference_issues() -> None:
    fast, reference = Validator(EDGES), Validator(EDGES, fast_path=False)
    assert fast.typed_accept is not None
    chunk = b"\n".join(EDGE_LINES) + b"\n"
    assert fast.validate_ndjson(chunk) == reference.validate_ndjson(chunk)
    for line in EDGE_LINES:
        assert fast.validate_json(line) == reference.validate_json(line), line
    assert "extra" in fast.typed_accept.learned  # an undeclared property with a scalar value was learned


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.integers(-20, 20), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                                 st.text(max_size=4), st.none()), min_size=1, max_size=6))
def test_numbers_strings_and_lengths_agree_with_the_reference(values: list[Any]) -> None:
    fast, reference = Validator(EDGES), Validator(EDGES, fast_path=False)
    documents = [{"i": values[0]}, {"x": values[0]}, {"s": values[0]}, {"list": values}, {"map": {"k": values[0]}}]
    chunk = b"".join(json.dumps(d).encode() + b"\n" for d in documents)
    assert fast.validate_ndjson(chunk) == reference.validate_ndjson(chunk)


# The root's plain date-time properties are decoded as strings and checked a chunk at a time
# (TypedAccept.read, datetime_batch); the same schema used deeper is checked while decoding.
STAMPED = {
    "$schema": D2020, "$ref": "#/$defs/Event",
    "$defs": {
        "Stamped": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}},
        "Event": {"allOf": [{"$ref": "#/$defs/Stamped"}, {
            "type": "object", "required": ["id"],
            "properties": {"id": {"type": "integer"}, "until": {"type": ["string", "null"], "format": "date-time"},
                           "child": {"$ref": "#/$defs/Stamped"}}}]},
    },
}
DATE_TIMES = ["2025-03-01T10:00:00Z", "1990-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00", "2024-02-29T00:00:00Z",
              "2023-02-29T00:00:00Z", "2025-03-01 10:00:00Z", "2025-03-01T10:00:00+0530", "2025-03-01t10:00:00.5z",
              "0000-01-01T00:00:00Z", "2025-13-01T10:00:00Z", "2025-03-01T10:00:00\\u002B05:30", "x", ""]


def test_root_date_times_are_read_after_decoding() -> None:
    fast = Validator(STAMPED)
    assert fast.typed_accept is not None and fast.typed_accept.dates == 2  # at, until (not child's at)
    assert compile_typed_accept(NESTED, "draft2020-12").dates == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("repeat", [1, 20], ids=["one by one", "a batch"])  # datetime_batch batches from 16
def test_root_and_nested_date_times_get_the_reference_issues(repeat: int) -> None:
    fast, reference = Validator(STAMPED), Validator(STAMPED, fast_path=False)
    lines = []
    for value in DATE_TIMES:
        text = json.dumps(value).replace("\\\\u", "\\u")
        lines += [b'{"id": 1, "at": %s}' % text.encode(), b'{"id": 1, "until": %s}' % text.encode(),
                  b'{"id": 1, "child": {"at": %s}}' % text.encode(), b'{"id": 1, "at": %s, "at": "x"}' % text.encode(),
                  b'{"id": 1, "at": "x", "at": %s}' % text.encode()]
    lines += [b'{"id": 1, "until": null}', b'{"id": 1, "at": null}', b'{"id": 1, "at": 12.5}', b'{"id": 1}']
    chunk = b"".join(line + b"\n" for line in lines * repeat)
    found = fast.validate_ndjson(chunk)
    assert found == reference.validate_ndjson(chunk)
    assert 0 < found.invalid < found.documents


@pytest.mark.parametrize("count", [1, 2, 3])
def test_failed_date_lines_is_each_lines_own_verdict(count: int) -> None:
    from schemasmith.validate.fast.format_checks import failed_date_lines
    from schemasmith.validate.formats import is_date_time

    rng = random.Random(count)
    values = ["2024-02-29T10:00:00Z", "2023-02-29T10:00:00Z", "2025-01-01T23:59:60Z", "2025-01-01 10:00:00Z", None, 5,
              "2025-01-01T10:00:00+0100", "2025-12-31T10:00:00.5-05:00"]

    def line() -> Any:
        if rng.random() < 0.05:
            return None  # a line refused already
        picked = [rng.choice(values) if rng.random() < 0.3 else "2025-06-01T10:00:00Z" for _ in range(count)]
        return picked[0] if count == 1 else tuple(picked)

    dates = [line() for _ in range(600)]
    expected = {
        index for index, value in enumerate(dates) if value is not None
        and any(item.__class__ is str and not is_date_time(item) for item in ((value,) if count == 1 else value))
    }
    assert expected and failed_date_lines(dates, count) == expected
