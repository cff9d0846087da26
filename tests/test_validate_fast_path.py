"""The fast path never changes a verdict: generated documents get the same issues with and without it.

Three validators are compared on every generated NDJSON chunk:
- the Validator with its fast path (msgspec Structs, batched date-time checks, learned undeclared
  properties, flat-record errors computed without jsonschema),
- the Validator without it (every line parsed by the document policy, errors from the full
  reference validator),
- the bare reference: schemasmith.validate.parse_document + reference_validator(schema).
"""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SCHEMA
from schemasmith.validate.formats import is_date_time
from schemasmith.validate import DocumentError, Validator, parse_document, reference_validator
from schemasmith.validate.fast import datetime_batch
from schemasmith.validate.fast.datetime_batch import invalid_date_times, is_date_time_alone
from schemasmith.validate.fast.compile import compile_fast_path

SESSION = json.loads(SCHEMA.read_text("utf-8"))

FLAT_DRAFT4 = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "properties": {
        "count": {"type": "integer"},
        "ratio": {"type": ["number", "null"]},
        "flag": {"type": "boolean"},
        "tags": {"type": "array"},
        "meta": {"type": "object"},
        "anything": {},
        "level": {"oneOf": [{"type": "integer"}, {"type": "null"}]},  # 1.0 is no integer in draft 4
    },
    "required": ["count", "ratio"],
    "additionalProperties": False,
}

FLAT_2020 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "properties": {
        "when": {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "mail": {"type": "string", "format": "email"},
        "day": {"type": ["string", "integer"], "format": "date"},
        "n": {"type": "integer", "title": "N"},
        "size": {"anyOf": [{"type": "integer", "title": "whole"}, {"type": ["boolean", "null"]}]},
        "free": True,
    },
    "required": ["when"],
}

SCHEMAS = {"session": SESSION, "flat-draft4": FLAT_DRAFT4, "flat-2020-12": FLAT_2020}

DATE_TIME_SAMPLES = [
    "2025-09-25T22:48:13.771Z", "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00", "1998-12-31T23:58:60Z",
    "2024-02-29T00:00:00z", "2023-02-29T00:00:00Z", "2025-04-31T10:00:00Z", "2025-01-31t10:00:00+05:30",
    "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z",
    "2025-01-01T00:00:00+24:00", "1963-06-1৪T00:00:00Z", "2025-01-01T00:00:00Z\n", "not-a-date", "",
]


@st.composite
def date_times(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(DATE_TIME_SAMPLES))
    fields = [
        draw(st.integers(0, 9999)), draw(st.integers(0, 13)), draw(st.integers(0, 32)),
        draw(st.integers(0, 24)), draw(st.integers(0, 60)), draw(st.integers(0, 61)),
    ]
    text = "{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}".format(*fields[:3], draw(st.sampled_from("Tt ")), *fields[3:])
    text += draw(st.sampled_from(["", ".5", ".123", ".999999999"]))
    text += draw(st.sampled_from(["Z", "z", "+00:00", "-08:00", "+23:59", "+24:00", "-00:60", ""]))
    if draw(st.integers(0, 9)) == 0:  # a random one-character mutation
        position = draw(st.integers(0, len(text) - 1))
        text = text[:position] + draw(st.sampled_from("0T:-+৪ x")) + text[position + 1 :]
    return text


@st.composite
def valid_date_times(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}" + draw(st.sampled_from("Tt"))
    text += f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    text += draw(st.sampled_from(["", f".{moment.microsecond // 1000:03d}", f".{moment.microsecond:06d}"]))
    return text + draw(st.sampled_from(["Z", "z", "+00:00", "-08:00", "+05:30"]))


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8), date_times(),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
FIELD_NAMES = [
    *SESSION["properties"], *FLAT_DRAFT4["properties"], *FLAT_2020["properties"],
    "is_outbound", "prompt_version_number", "x-extra",
]
RAW_LINES = [
    b"", b"   ", b"{", b'{"timestamp": NaN}', b'{"duration": Infinity, "timestamp": "2025-01-01T00:00:00Z"}',
    b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\xff"}', b'{"timestamp": "2025-01-01T00:00:00Z", "x": 1e400}',
    b'{"timestamp": "2025-01-01T00:00:00Z", "x": ' + b"1" * 4400 + b"}",
    b'{"timestamp": "2025-01-01T00:00:00Z", "x": "\\udc00"}', b"\xef\xbb\xbf{}",
    b'{"timestamp": "2025-01-01T00:00:00Z", "x": ' + b"[" * 300 + b"]" * 300 + b"}",
    b'{"timestamp": "bad", "timestamp": "2025-01-01T00:00:00Z"}',
    b'{"timestamp": "2025-01-01T00:00:00Z", "timestamp": "bad"}',
    b'{"count": 1, "count": 1.5, "ratio": null}', b'{"count": 1.0, "ratio": 2}', b'{"count": 10000000000000000000000, "ratio": null}',
    b'{"when": null, "day": 20250101}', b'{"when": "2025-01-01T00:00:00Z", "mail": "a@b", "day": "2025-02-30"}',
    b'{"day": "2025-02-30", "mail": "no at sign", "n": 3, "when": "2025-01-01 00:00:00Z"}',  # every format fails
    b"[]", b"null", b'"2025-01-01T00:00:00Z"',
]


VALUES_OF_TYPE = {
    "string": st.text(max_size=6),
    "number": st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False)),
    "integer": st.one_of(st.integers(-(10**20), 10**20), st.integers(-5, 5).map(float)),
    "boolean": st.booleans(),
    "null": st.none(),
    "object": st.dictionaries(st.text(max_size=3), JSON_SCALARS, max_size=2),
    "array": st.lists(JSON_SCALARS, max_size=2),
}


def _types_and_format(schema: Any) -> tuple[list[str], str | None]:
    if schema is True or schema == {}:
        return list(VALUES_OF_TYPE), None
    types = schema.get("type", [])
    types = types if isinstance(types, list) else [types]
    found_format = schema.get("format")
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        types += branch["type"] if isinstance(branch["type"], list) else [branch["type"]]
        found_format = found_format or branch.get("format")
    return types, found_format


@st.composite
def nearly_valid_documents(draw: st.DrawFn, schema: dict[str, Any]) -> bytes:
    """Documents that follow ``schema`` but for at most one fault, so the fast path meets both
    the documents it must accept and those it must refuse by a hair."""
    rng = draw(st.randoms(use_true_random=False))
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    faulty = rng.choice([*properties, None, None]) if properties else None
    document: dict[str, Any] = {}
    for name, property_schema in properties.items():
        if name not in required and rng.random() < 0.4 and name != faulty:
            continue
        types, value_format = _types_and_format(property_schema)
        # integer values are numbers too, so "integer" is no wrong type for a number property
        wrong_types = [t for t in VALUES_OF_TYPE if t not in types and not (t == "integer" and "number" in types)]
        if name == faulty:
            fault = rng.choice(["missing", "wrong type", "bad format", "any value"])
            if fault == "missing":
                continue
            if fault == "wrong type" and wrong_types:
                document[name] = draw(VALUES_OF_TYPE[rng.choice(wrong_types)])
                continue
            if fault == "bad format" and value_format == "date-time":
                document[name] = draw(date_times())
                continue
            if fault == "any value":
                document[name] = draw(JSON_VALUES)
                continue
        kind = rng.choice(types)
        if kind == "string" and value_format == "date-time":
            document[name] = draw(valid_date_times())
        elif kind == "string" and value_format is not None:
            document[name] = rng.choice(["a@example.com", "a@@b", "2025-02-28", "2025-02-30", "x"])
        else:
            document[name] = draw(VALUES_OF_TYPE[kind])
    if rng.random() < 0.15:
        document[rng.choice(["is_outbound", "prompt_version_number", "x-extra"])] = draw(JSON_SCALARS)
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode("utf-8")


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 7)) == 0:
        return draw(st.sampled_from(RAW_LINES))
    names = draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=8, unique=True))
    document: dict[str, Any] = {}
    if draw(st.integers(0, 5)):
        document["timestamp"] = draw(date_times())
    if draw(st.booleans()):
        document["when"] = draw(st.one_of(date_times(), st.none()))
        document["count"] = draw(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
        document["ratio"] = draw(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
    for name in names:
        document[name] = draw(JSON_VALUES)
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8")


FAST = {name: Validator(schema) for name, schema in SCHEMAS.items()}
FAST_STRICT = {name: Validator(schema, strict=True) for name, schema in SCHEMAS.items()}
SLOW = {name: Validator(schema, fast_path=False) for name, schema in SCHEMAS.items()}
SLOW_STRICT = {name: Validator(schema, strict=True, fast_path=False) for name, schema in SCHEMAS.items()}
REFERENCE = {name: reference_validator(schema) for name, schema in SCHEMAS.items()}


def bare_reference(name: str, line: bytes) -> list[tuple[str, str | None]]:
    """(pointer, keyword) of every error: the document policy's parse, then plain jsonschema."""
    try:
        document = parse_document(line)
    except DocumentError:
        return [("", None)]
    return [("".join(f"/{p}" for p in e.absolute_path), e.validator) for e in REFERENCE[name].iter_errors(document)]


def test_every_schema_here_has_a_fast_path() -> None:
    for name, validator in FAST.items():
        assert validator.fast_path is not None, name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), schema_name=st.sampled_from(sorted(SCHEMAS)))
def test_the_fast_path_gives_the_reference_verdicts_and_issues(data: st.DataObject, schema_name: str) -> None:
    line = st.one_of(documents(), nearly_valid_documents(SCHEMAS[schema_name]), nearly_valid_documents(SCHEMAS[schema_name]))
    lines = data.draw(st.lists(line, min_size=1, max_size=40))
    chunk = b"\n".join(lines) + b"\n"
    fast = FAST[schema_name].validate_ndjson(chunk, "f")
    slow = SLOW[schema_name].validate_ndjson(chunk, "f")
    assert fast == slow
    by_line: dict[int | None, list[tuple[str, str | None]]] = {}
    for issue in slow.issues:
        by_line.setdefault(issue.line, []).append((issue.pointer, issue.keyword))
    for number, line in enumerate(lines, start=1):
        if line.strip(b" \t\r\n"):
            assert by_line.get(number, []) == bare_reference(schema_name, line), line


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), schema_name=st.sampled_from(sorted(SCHEMAS)))
def test_strict_mode_is_the_same_with_and_without_the_fast_path(data: st.DataObject, schema_name: str) -> None:
    line = st.one_of(documents(), nearly_valid_documents(SCHEMAS[schema_name]))
    lines = data.draw(st.lists(line, min_size=1, max_size=30))
    chunk = b"\n".join(lines)
    assert FAST_STRICT[schema_name].validate_ndjson(chunk, "f") == SLOW_STRICT[schema_name].validate_ndjson(chunk, "f")


@settings(max_examples=100, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(SCHEMAS)))
def test_single_json_documents_agree_too(data: st.DataObject, name: str) -> None:
    document = data.draw(st.one_of(documents(), nearly_valid_documents(SCHEMAS[name])))
    assert FAST[name].validate_json(document, "d") == SLOW[name].validate_json(document, "d")


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_every_raw_line_among_valid_ones_gives_the_reference_issues(schema_name: str) -> None:
    # Padded with valid lines so the date-time batch runs; a line that decodes and only fails its
    # formats takes the shortcut that skips the second parse (Validator._format_issues).
    valid = json.dumps(VALID_BASES[schema_name]).encode()
    chunk = b"\n".join([valid] * 20 + RAW_LINES + [valid] * 20)
    assert FAST[schema_name].validate_ndjson(chunk, "f") == SLOW[schema_name].validate_ndjson(chunk, "f")
    assert FAST_STRICT[schema_name].validate_ndjson(chunk, "f") == SLOW_STRICT[schema_name].validate_ndjson(chunk, "f")


VALID_BASES = {
    "session": {"timestamp": "2025-09-25T22:48:13.771Z"},
    "flat-draft4": {"count": 1, "ratio": None},
    "flat-2020-12": {"when": None},
}
EVERY_KIND_OF_VALUE = [
    "x", "", "2025-01-01T00:00:00Z", "1998-12-31T23:59:60Z", "2025-02-29T00:00:00Z", "not-a-date", "a@example.com",
    "2025-02-28", 0, 1, -1, 1.0, 1.5, -0.0, 10**30, 1e300, True, False, None, [], {}, [1], {"a": 1},
]


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
@pytest.mark.parametrize("strict", [False, True])
def test_every_property_with_every_kind_of_value(schema_name: str, strict: bool) -> None:
    """One property changed at a time, to every kind of JSON value: fast and reference agree."""
    base = VALID_BASES[schema_name]
    lines = [json.dumps(base).encode()]
    for name in [*SCHEMAS[schema_name]["properties"], "undeclared"]:
        for value in EVERY_KIND_OF_VALUE:
            lines.append(json.dumps(dict(base, **{name: value})).encode())
        lines.append(json.dumps({k: v for k, v in base.items() if k != name}).encode())
    chunk = b"\n".join(lines)
    fast = (FAST_STRICT if strict else FAST)[schema_name].validate_ndjson(chunk, "f")
    slow = (SLOW_STRICT if strict else SLOW)[schema_name].validate_ndjson(chunk, "f")
    assert fast == slow
    assert 0 < fast.invalid < len(lines)
    if not strict:
        by_line: dict[int | None, list[tuple[str, str | None]]] = {}
        for issue in fast.issues:
            by_line.setdefault(issue.line, []).append((issue.pointer, issue.keyword))
        for number, line in enumerate(lines, start=1):
            assert by_line.get(number, []) == bare_reference(schema_name, line), line


@settings(max_examples=300, deadline=None)
@given(values=st.lists(date_times(), min_size=0, max_size=120), uniform=st.booleans())
def test_the_batched_date_time_check_equals_the_exact_one(values: list[str], uniform: bool) -> None:
    if uniform:  # mostly one shape, as real logs are, with the odd stray value
        values = [f"2025-{(i % 12) + 1:02d}-{(i % 31) + 1:02d}T{i % 24:02d}:59:{i % 61:02d}.000Z" for i in range(90)] + values
    assert invalid_date_times(values) == [i for i, value in enumerate(values) if not is_date_time(value)]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.text(alphabet="0123456789-:T.Zz+ t\"\\\n\x00é১", max_size=40), max_size=60))
def test_the_batched_check_equals_the_exact_one_on_any_string(values: list[str]) -> None:
    values = ["2025-09-25T22:48:13Z"] * 20 + values
    assert invalid_date_times(values) == [i for i, value in enumerate(values) if not is_date_time(value)]


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(date_times(), st.text(alphabet="0123456789-:T.Zz+ t\"\\\n\x00\x7fé১", max_size=40)))
def test_one_date_time_alone_gets_the_exact_verdict(value: str) -> None:
    # One record's date-time (formats_hold) is parsed by msgspec unless it looks odd, as a batch is.
    assert is_date_time_alone(value) == is_date_time(value)


def test_one_date_time_alone_sends_what_msgspec_reads_beyond_rfc_3339_to_the_exact_check() -> None:
    for value in ("2025-09-25 22:48:13Z", "2025-09-25T22:48:13+0200", "2025-09-25T22:48:13\x7fZ",
                  "2016-12-31T23:59:60Z", "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2025-09-25T22:48:13.123456789Z",
                  "2025-09-25t22:48:13z", "0000-01-01T00:00:00Z", "2025-09-25T22:48:13-00:00", "\ud800"):
        assert is_date_time_alone(value) == is_date_time(value), value


@settings(max_examples=100, deadline=None)
@given(values=st.lists(date_times(), min_size=16, max_size=80), block=st.integers(1, 7))
def test_the_batched_check_is_exact_across_blocks(values: list[str], block: int) -> None:
    # A refusal re-parses the rest of its block, and hits are mapped back to strings by counting
    # separators: small blocks put refusals and hits at every block edge.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(datetime_batch, "BLOCK", block)
        assert invalid_date_times(values) == [i for i, value in enumerate(values) if not is_date_time(value)]


def test_a_string_json_cannot_hold_is_judged_too() -> None:
    values = ["2025-09-25T22:48:13Z"] * 20 + ["\ud800", "2025-09-25T22:48:13\udc00"]
    assert invalid_date_times(values) == [20, 21]


def test_refusals_at_the_edges_of_full_size_blocks() -> None:
    good = "2025-09-25T22:48:13.5+02:00"
    odd = ["not-a-date", "2025-02-29T00:00:00Z", "2025-09-25 22:48:13Z", "2016-12-31T23:59:60Z", 'a"b', "é"]
    values = [good] * (3 * datetime_batch.BLOCK + 5)
    for n, index in enumerate([0, 1, datetime_batch.BLOCK - 1, datetime_batch.BLOCK, 2 * datetime_batch.BLOCK + 1, len(values) - 1]):
        values[index] = odd[n % len(odd)]
    expected = [0, 1, datetime_batch.BLOCK - 1, 2 * datetime_batch.BLOCK + 1, len(values) - 1]  # the leap second is valid
    assert [i for i, value in enumerate(values) if not is_date_time(value)] == expected
    assert invalid_date_times(values) == expected


def test_what_msgspec_alone_would_accept_is_still_refused() -> None:
    # msgspec's datetime parser takes a space for the T and an offset without its colon; the
    # strings written back as JSON tokens give them away.
    values = ["2025-09-25 22:48:13Z", "2025-09-25T22:48:13+0530", "2025-09-25T22:48:13.123-0800",
              "2025-09-25T22:48:13", "2025-09-25\t22:48:13Z"] + ["2025-09-25T22:48:13Z"] * 20
    assert invalid_date_times(values) == [0, 1, 2, 3, 4]


def test_valid_date_times_msgspec_refuses_are_accepted() -> None:
    values = ["1998-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "2024-02-29T12:00:00z", "2025-02-29T00:00:00Z"]
    assert invalid_date_times(values * 5) == [3, 7, 11, 15, 19]


@pytest.mark.parametrize(
    "earlier",
    [b'"\xff"', b"1e400", b"2" + b"0" * 308, b"[" * 300 + b"]" * 300, b'"\\ud800"', b'"not-a-date"', b"12"],
    ids=["not UTF-8", "1e400", "integer beyond a double", "300 levels deep", "lone surrogate", "no date", "number"],
)
def test_a_duplicate_keys_earlier_value_is_judged_as_the_reference_judges_it(earlier: bytes) -> None:
    # The key's last value is the one validated, but the document policy reads the whole text: the
    # fast path must not accept what the earlier value makes invalid, nor refuse more than it.
    line = b'{"timestamp": ' + earlier + b', "timestamp": "2025-09-25T22:48:13Z"}'
    chunk = b"\n".join([line] + [json.dumps(VALID_BASES["session"]).encode()] * 40)
    assert FAST["session"].validate_ndjson(chunk, "f") == SLOW["session"].validate_ndjson(chunk, "f")


def test_property_names_msgspec_refuses_change_nothing() -> None:
    lines = [json.dumps({"timestamp": "2025-01-01T00:00:00Z", name: 1}) for name in ("a\u0000", 'q"', "b\\", "ok")]
    chunk = "\n".join(lines).encode()
    assert FAST["session"].validate_ndjson(chunk, "f") == SLOW["session"].validate_ndjson(chunk, "f")
    schema = {"type": "object", "properties": {"a\u0000": {"type": "string"}}}
    assert compile_fast_path(schema, "draft2020-12", strict=False) is None
    assert Validator(schema).validate_ndjson(b'{"a\\u0000": 1}', "f").invalid == 1


def test_many_undeclared_properties_keep_verdicts() -> None:
    lines = [json.dumps({"timestamp": "2025-01-01T00:00:00Z", f"extra_{i}": i, "nested": {"a": [i]}}) for i in range(80)]
    lines += [json.dumps({"timestamp": "2025-01-01T00:00:00Z", "extra_3": "\ud800"})]
    chunk = "\n".join(lines).encode("utf-8", "surrogatepass")
    validator = Validator(SESSION)
    assert validator.validate_ndjson(chunk, "f") == SLOW["session"].validate_ndjson(chunk, "f")
    assert validator.validate_ndjson(chunk, "f").invalid == 1


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "string", "pattern": "^a"}}},
        {"type": "object", "properties": {"a": {"enum": [1]}}},
        {"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}}, "$defs": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"oneOf": [{"type": "integer"}, {"type": "number"}]}}},
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}},
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]},
        {"type": "array"},
        {"type": "object", "minProperties": 1},
        True,
    ],
)
def test_schemas_beyond_flat_records_get_no_fast_path(schema: Any) -> None:
    assert compile_fast_path(schema, "draft2020-12", strict=False) is None


def test_draft4_integers_exclude_1_0_and_later_drafts_include_it() -> None:
    draft4 = Validator(FLAT_DRAFT4)
    assert draft4.validate_ndjson(b'{"count": 1.0, "ratio": null}', "f").invalid == 1
    later = Validator(dict(FLAT_DRAFT4, **{"$schema": "http://json-schema.org/draft-06/schema#"}))
    assert later.validate_ndjson(b'{"count": 1.0, "ratio": null}', "f").invalid == 0


def test_unknown_formats_are_annotations() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string", "format": "made-up"}}}
    assert Validator(schema).validate_ndjson(b'{"a": "anything"}', "f").invalid == 0


ASCII_NOISE = st.text(alphabet=string.printable, max_size=60).map(lambda s: s.encode())


@settings(max_examples=200, deadline=None)
@given(noise=st.lists(st.one_of(ASCII_NOISE, st.binary(max_size=40), documents()), max_size=20))
def test_arbitrary_bytes_never_raise_and_agree(noise: list[bytes]) -> None:
    chunk = b"\n".join(noise)
    assert FAST["session"].validate_ndjson(chunk, "f") == SLOW["session"].validate_ndjson(chunk, "f")
