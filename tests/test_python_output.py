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

from conftest import CASES, GENERATED, REPO

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
