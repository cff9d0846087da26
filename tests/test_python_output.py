"""The generated Python module: typed, stdlib-only, lossless, and strict about what it accepts."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CASES, GENERATED, REPO, assert_from_dict_paths_agree
from schemasmith.conformance.compare import instant
from schemasmith.validate.formats import is_date_time

SESSION_PY = GENERATED / "python" / "session.py"


def _instant(text: str) -> datetime:
    # Python 3.11's fromisoformat reads RFC 3339 (including "Z"); only used on valid cases here.
    return datetime.fromisoformat(text.upper().replace("Z", "+00:00"))


def test_mypy_strict_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", str(SESSION_PY)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_imports_are_stdlib_only() -> None:
    tree = ast.parse(SESSION_PY.read_text("utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported


@pytest.mark.parametrize("case", [c for c in CASES if c["valid"]], ids=lambda c: c["name"])
def test_valid_payload_round_trips_losslessly(session_module: ModuleType, case: dict[str, Any]) -> None:
    original = json.loads(case["json"])
    session = session_module.Session.from_json(case["json"])
    assert isinstance(session.timestamp, datetime) and session.timestamp.utcoffset() is not None
    again = json.loads(session.to_json())
    # The instant is kept (to the microsecond, Python's precision); the spelling may be normalised.
    assert _instant(again.pop("timestamp")) == _instant(original.pop("timestamp"))
    assert again == original
    # Absent stays absent, null stays null, unknown properties stay, with identical key sets.
    assert set(again) == set(original)


@pytest.mark.parametrize("case", [c for c in CASES if not c["valid"]], ids=lambda c: c["name"])
def test_invalid_payload_is_rejected_with_its_pointer(session_module: ModuleType, case: dict[str, Any]) -> None:
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_json(case["json"])
    assert caught.value.pointer == case["pointer"]
    assert caught.value.message
    assert isinstance(caught.value, ValueError)


def test_python_names_types_and_defaults(session_module: ModuleType) -> None:
    Session = session_module.Session
    names = [f.name for f in dataclasses.fields(Session)]
    assert names[:3] == ["timestamp", "session_id", "conversation_id"]
    assert names[-1] == "additional_properties"
    session = Session(timestamp=datetime(2025, 9, 25, 22, 48, 13, 771000, tzinfo=timezone.utc))
    assert session.session_id is session_module.UNSET
    assert session.to_dict() == {"timestamp": "2025-09-25T22:48:13.771Z"}


def test_absent_null_and_value_are_three_different_things(session_module: ModuleType) -> None:
    absent = session_module.Session.from_dict({"timestamp": "2025-01-01T00:00:00Z"})
    null = session_module.Session.from_dict({"timestamp": "2025-01-01T00:00:00Z", "agent_id": None})
    value = session_module.Session.from_dict({"timestamp": "2025-01-01T00:00:00Z", "agent_id": "a"})
    assert isinstance(absent.agent_id, session_module.Unset) and "agent_id" not in absent.to_dict()
    assert null.agent_id is None and null.to_dict()["agent_id"] is None
    assert value.agent_id == "a"


def test_offset_is_kept_and_instant_preserved(session_module: ModuleType) -> None:
    session = session_module.Session.from_dict({"timestamp": "2025-09-25T18:48:13.771-04:00"})
    assert session.timestamp.utcoffset() == timedelta(hours=-4)
    assert session.to_dict()["timestamp"] == "2025-09-25T18:48:13.771-04:00"
    utc = session_module.Session.from_dict({"timestamp": "2025-09-25T22:48:13.771Z"})
    assert utc.timestamp == session.timestamp


def test_number_keeps_integer_spelling(session_module: ModuleType) -> None:
    session = session_module.Session.from_json('{"timestamp": "2025-01-01T00:00:00Z", "duration": 42}')
    assert session.to_json() == '{"timestamp":"2025-01-01T00:00:00Z","duration":42}'


def test_declared_names_never_come_from_additional_properties(session_module: ModuleType) -> None:
    session = session_module.Session(
        timestamp=datetime(2025, 1, 1, tzinfo=timezone.utc), agent_id="declared",
        additional_properties={"agent_id": "extra", "duration": "not a number", "other": 1},
    )
    # Taking "duration" from here would write a payload the schema rejects.
    assert session.to_dict() == {"timestamp": "2025-01-01T00:00:00Z", "agent_id": "declared", "other": 1}


def test_naive_datetime_is_refused_on_output(session_module: ModuleType) -> None:
    session = session_module.Session(timestamp=datetime(2025, 1, 1))
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session.to_json()
    assert caught.value.pointer == "/timestamp"


def test_non_finite_numbers_from_python_are_refused(session_module: ModuleType) -> None:
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_dict({"timestamp": "2025-01-01T00:00:00Z", "duration": float("nan")})
    assert caught.value.pointer == "/duration"


def test_error_message_names_path_and_types(session_module: ModuleType) -> None:
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_dict({"timestamp": "2025-01-01T00:00:00Z", "duration": True})
    assert str(caught.value) == "/duration: expected number or null, got boolean"


def test_nested_pointer_prefix(session_module: ModuleType) -> None:
    # from_dict takes the pointer of the object it checks, so a caller embedding Session reports full paths.
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_dict({"timestamp": 5}, pointer="/sessions/3")
    assert caught.value.pointer == "/sessions/3/timestamp"


def test_leap_second_is_accepted_at_the_end_of_a_utc_day(session_module: ModuleType) -> None:
    session = session_module.Session.from_dict({"timestamp": "2016-12-31T23:59:60Z"})
    assert session.timestamp == datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    with pytest.raises(session_module.SchemaValidationError):
        session_module.Session.from_dict({"timestamp": "2016-12-31T22:59:60Z"})


@given(
    year=st.integers(1, 9999), month=st.integers(1, 12), day=st.integers(1, 28), hour=st.integers(0, 23),
    minute=st.integers(0, 59), second=st.integers(0, 59), fraction=st.text("0123456789", max_size=9),
    offset=st.one_of(st.sampled_from(["Z", "z", "+00:00", "-00:00"]), st.tuples(st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))),
    separator=st.sampled_from("Tt"),
)
@settings(max_examples=300, deadline=None)
def test_date_time_parsing_agrees_with_the_rfc_3339_arithmetic(
    session_module: ModuleType, year: int, month: int, day: int, hour: int, minute: int, second: int,
    fraction: str, offset: Any, separator: str,
) -> None:
    """The C fast path (datetime.fromisoformat) and the checked path must give the same instant and offset."""
    if isinstance(offset, tuple):
        sign, offset_hour, offset_minute = offset
        offset_text = f"{sign}{offset_hour:02d}:{offset_minute:02d}"
        delta = timedelta(hours=offset_hour, minutes=offset_minute) * (1 if sign == "+" else -1)
    else:
        offset_text, delta = offset, timedelta(0)
    text = f"{year:04d}-{month:02d}-{day:02d}{separator}{hour:02d}:{minute:02d}:{second:02d}"
    text += (f".{fraction}" if fraction else "") + offset_text
    microsecond = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        expected = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=timezone(delta))
    except (ValueError, OverflowError):
        return
    parsed = session_module.Session.from_dict({"timestamp": text}).timestamp
    assert parsed == expected and parsed.utcoffset() == delta


# ---------------------------------------------------------------------------------------------
# from_dict's two paths: the fast one (C-level set tests, fromisoformat) and the precise one it
# falls back to. A dict subclass always takes the precise path, so every payload is judged twice.
# ---------------------------------------------------------------------------------------------


DECLARED = list(json.loads((REPO / "schema" / "session.schema.json").read_text("utf-8"))["properties"])
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=3), children, max_size=2),
    max_leaves=4,
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.0, 2.5, -0.0, float("nan"), float("inf"), 10**30]),
    st.text(max_size=4), st.sampled_from(["2025-09-25T22:48:13.771Z", "1998-12-31T23:59:60Z", "2025-02-29T00:00:00Z"]),
    st.lists(st.integers(), max_size=1), st.dictionaries(st.just("k"), st.integers(), max_size=1),
)
TIMESTAMPS = st.one_of(
    st.sampled_from(["2025-09-25T22:48:13.771Z", "2025-09-25t22:48:13z", "2016-12-31T23:59:60Z", "2025-09-25T22:48:13+05:60",
                     "2025-09-25T24:00:00Z", "0000-12-31T23:30:00Z", "0000-01-01T00:00:00Z", "2025-09-25T22:48:13.Z",
                     "2025-09-25 22:48:13Z", "2025-09-25T22:48:13.1234567890+01:00", "\ud800", "2025-02-29T00:00:00Z"]),
    SCALARS,
)
SCHEMA_PROPERTIES = json.loads((REPO / "schema" / "session.schema.json").read_text("utf-8"))["properties"]


def _valid_values(name: str) -> st.SearchStrategy[Any]:
    if name == "timestamp":
        return st.sampled_from(["2025-09-25T22:48:13.771Z", "2025-09-25T18:48:13-04:00", "2025-09-25t22:48:13.5z",
                                "2016-12-31T23:59:60Z", "0000-12-31T23:30:00Z", "2025-09-25T22:48:13.1234567890Z"])
    kinds = str(SCHEMA_PROPERTIES[name])
    base = st.booleans() if "boolean" in kinds else (
        st.integers() | st.floats(allow_nan=False, allow_infinity=False) if "number" in kinds else st.text(max_size=4))
    return base | st.none()


EXTRAS = {"extra": ANY_JSON, "__class__": ANY_JSON, "to_dict": ANY_JSON, "additional_properties": ANY_JSON}
VALID_SESSIONS = st.fixed_dictionaries(
    {"timestamp": _valid_values("timestamp")},
    optional={**{name: _valid_values(name) for name in DECLARED if name != "timestamp"}, **EXTRAS},
)


def _corrupted(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The payload with one declared property given another value (maybe valid still), or dropped."""
    def put(name: str, value: Any) -> dict[str, Any]:
        changed = dict(data)
        if value is _DROP:
            changed.pop(name, None)
        else:
            changed[name] = value
        return changed

    return st.builds(put, st.sampled_from(DECLARED), TIMESTAMPS | st.just(_DROP))


_DROP = object()
SESSION_DICTS = VALID_SESSIONS.flatmap(lambda d: st.one_of(st.just(d), _corrupted(d))).flatmap(
    lambda d: st.one_of(st.just(d), st.permutations(list(d.items())).map(dict))
)


@given(SESSION_DICTS | st.dictionaries(st.sampled_from(list(DECLARED) + ["x"]), SCALARS))
@settings(max_examples=600, deadline=None)
def test_fast_and_precise_paths_agree(session_module: ModuleType, data: dict[str, Any]) -> None:
    """Same value (attributes, their order and types, UNSET vs None, extras) or the same first error."""
    assert_from_dict_paths_agree(session_module.Session.from_dict, data)


def test_fast_path_takes_the_usual_payload_and_keeps_extras_out_of_attributes(session_module: ModuleType) -> None:
    payload = {"timestamp": "2025-09-25T22:48:13.771Z", "to_dict": 1, "__class__": 2, "duration": 3, "agent_id": None}
    session = session_module.Session.from_dict(payload)
    assert session.additional_properties == {"to_dict": 1, "__class__": 2}
    assert set(vars(session)) == {f.name for f in dataclasses.fields(session)}
    assert session.to_dict() == payload | {"timestamp": "2025-09-25T22:48:13.771Z"}
    assert payload == {"timestamp": "2025-09-25T22:48:13.771Z", "to_dict": 1, "__class__": 2, "duration": 3, "agent_id": None}
    assert_from_dict_paths_agree(session_module.Session.from_dict, payload)


# ---------------------------------------------------------------------------------------------
# Date-times: the C path (shape check + fromisoformat) against the schema's own definition
# ---------------------------------------------------------------------------------------------

DATE_TIME_CASES = [
    "2025-09-25T22:48:13Z", "2025-09-25T22:48:13.771Z", "2025-09-25T22:48:13.771234+05:30", "2025-09-25T22:48:13-00:00",
    "2025-09-25t22:48:13Z", "2025-09-25T22:48:13z", "2025-09-25t22:48:13.5z",  # lower-case t/z: valid
    "2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00", "2016-12-31T23:59:60.999Z",  # leap seconds
    "2016-12-31T22:59:60Z", "2016-12-31T23:59:60+01:00",  # not at 23:59 UTC
    "2025-09-25T22:48:13.1234567Z", "2025-09-25T22:48:13.123456789Z", "2025-09-25T22:48:13.1234567890123Z",
    "2025-09-25T22:48:13.9999999+01:00",  # 7+ fraction digits: truncated to microseconds
    "2025-09-25T22:48:13+05:60", "2025-09-25T22:48:13+24:00", "2025-09-25T22:48:13+23:59", "2025-09-25T22:48:13-23:59",
    "2025-09-25T24:00:00Z", "2025-09-25T23:60:00Z", "2025-09-25T22:48:61Z", "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
    "2025-09-25T22:48:13.Z", "2025-09-25T22:48:13,5Z", "2025-09-25 22:48:13Z", "2025-09-25T22:48:13+0530",
    "2025-09-25T22:48:13+05", "2025-09-25T22:48:13", "2025-09-25T22:48Z", "20250925T224813Z", "2025-W39-4T22:48:13Z",
    "2025-09-25T22:48:13+05:30:00", "2025-09-25T22:48:13.771Z\n", " 2025-09-25T22:48:13Z", "２025-09-25T22:48:13Z",
    "2025-09-25T22:48:1٣Z", "2025-09-25T22:48:13\ud800", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
]


@pytest.mark.parametrize("text", DATE_TIME_CASES)
def test_date_time_verdicts_are_rfc_3339s(session_module: ModuleType, text: str) -> None:
    _check_date_time(session_module, text)


def _check_date_time(module: ModuleType, text: str) -> None:
    """The fast helper accepts exactly RFC 3339 (bar instants datetime cannot hold) and gives the
    value the checked parser gives, which is the text's own instant and offset."""
    fast, checked = (_date_time_outcome(module, parse, text) for parse in (module._date_time, module._checked_date_time))
    assert fast == checked and (not isinstance(fast, datetime) or fast.utcoffset() == checked.utcoffset())
    if not is_date_time(text):
        assert isinstance(fast, str), fast
    elif isinstance(fast, datetime):
        assert (fast - EPOCH) // timedelta(microseconds=1) == instant(text, 6)
        if text[:4] != "0000":
            assert fast.utcoffset() == _offset(text)
    else:
        assert text[:4] == "0000" and fast.startswith("date-time before 0000-12-31T00:01:00Z"), fast


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _date_time_outcome(module: ModuleType, parse: Any, text: str) -> datetime | str:
    try:
        parsed: datetime = parse(text, "", "t", "string (date-time)")
    except module.SchemaValidationError as error:
        return str(error.message)
    return parsed


def _offset(text: str) -> timedelta:
    if text[-1] in "Zz":
        return timedelta(0)
    sign = 1 if text[-6] == "+" else -1
    return sign * timedelta(hours=int(text[-5:-3]), minutes=int(text[-2:]))


DIGITS_AND_SEPARATORS = st.sampled_from(list("0123456789-:T.Z+tz 9"))


@given(st.sampled_from(DATE_TIME_CASES[:16]), st.lists(st.tuples(st.integers(0, 40), DIGITS_AND_SEPARATORS), max_size=3))
@settings(max_examples=800, deadline=None)
def test_date_time_mutations_are_judged_as_rfc_3339_judges_them(
    session_module: ModuleType, text: str, edits: list[tuple[int, str]]
) -> None:
    for position, character in edits:
        text = text[:position] + character + text[position + 1:]
    _check_date_time(session_module, text)


# ---------------------------------------------------------------------------------------------
# Year 0000: datetime has none, but an instant on its last day has an offset that puts it in 0001
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "held_as"),
    [
        ("0000-12-31T23:30:00Z", "0001-01-01T00:00:00+00:30"),
        ("0000-12-31T23:30:00.25Z", "0001-01-01T00:00:00.250+00:30"),
        ("0000-12-31T23:29:30Z", "0001-01-01T00:00:30+00:31"),
        ("0000-12-31T00:01:00Z", "0001-01-01T00:00:00+23:59"),
        ("0000-12-31T23:30:00-01:00", "0001-01-01T00:00:00-00:30"),  # local year 0, UTC year 1
        ("0000-12-31T22:00:00-02:00", "0001-01-01T00:00:00Z"),
        ("0000-12-31T23:59:60Z", "0001-01-01T00:00:59.999999+00:01"),  # a leap second
        ("0001-01-01T00:30:00+01:00", "0001-01-01T00:30:00+01:00"),  # year 1 local, year 0 UTC: as it is
    ],
)
def test_year_zero_instants_datetime_can_hold_keep_their_instant(session_module: ModuleType, text: str, held_as: str) -> None:
    session = session_module.Session.from_json(json.dumps({"timestamp": text}))
    assert json.loads(session.to_json())["timestamp"] == held_as
    again = session_module.Session.from_json(session.to_json())
    assert again.timestamp == session.timestamp and again.timestamp.utcoffset() == session.timestamp.utcoffset()


@pytest.mark.parametrize(
    "text", ["0000-12-31T00:00:59.999999Z", "0000-12-31T00:00:00Z", "0000-01-01T00:00:00Z", "0000-06-15T12:00:00-12:00"]
)
def test_year_zero_instants_before_what_datetime_can_hold_are_refused(session_module: ModuleType, text: str) -> None:
    assert is_date_time(text)
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_dict({"timestamp": text})
    assert caught.value.pointer == "/timestamp"
    assert caught.value.message == (
        f"date-time before 0000-12-31T00:01:00Z, the first instant Python's datetime can hold: {text!r}"
    )
