"""The typed stage's accept loops over what typed_accept.py compiles: a chunk's lines, and one document.

A line the typed decoder accepts, whose kept strings (string_batch.py) and root date-times pass, is
valid; any other goes on to jsonschema-rs (rust_lines.py for a chunk, RustAccept.accepts_one for one
document), which may still accept it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .datetime_batch import is_date_time_alone
from .format_checks import failed_date_lines

if TYPE_CHECKING:
    from .typed_accept import TypedAccept

# suits_one_document: at most this many kinds of kept string.
ONE_DOCUMENT_KINDS = 2


def suits_one_document(typed: TypedAccept) -> bool:
    """Whether typed_accepts_one is worth trying first: a call into jsonschema-rs per kind of kept
    string costs ~0.3 us, and on a 476-byte order with four kinds they cost more than the typed
    decode saves over decoding to dicts for jsonschema-rs (4.7 against 4.1 us); with none
    (Session + array) or two (Conversation, 1.6 kB) it saves 20-30%."""
    return typed.slots.kinds <= ONE_DOCUMENT_KINDS


def typed_accepts_one(typed: TypedAccept, data: bytes) -> bool:
    """Whether the typed stage accepts one document (a request body, a .json file): its decode,
    learning undeclared names as for a file's lines, then its kept strings and the root's
    date-times. False sends it on to the next engine."""
    with typed.lock:
        try:
            if typed.slots.used:
                typed.slots.line[0] = 0
            try:
                value = typed.decode(data)
            except Exception as failure:  # noqa: BLE001 - whatever it refuses goes on to the next engine
                value = _decode_learning(typed, data, failure)
            if value is None or (typed.slots.used and typed.slots.failed_lines()):
                return False
            if typed.read is None:
                return True
            dates = typed.read(value)
            return all(date.__class__ is not str or is_date_time_alone(date)
                       for date in (dates if typed.dates > 1 else (dates,)))
        finally:
            typed.slots.forget()


def typed_rejected(typed: TypedAccept, lines: list[bytes]) -> list[int]:
    """Indices of the lines the typed decoder refuses (learning undeclared names as it goes), or
    whose kept strings (string_batch.py) or root date-times (TypedAccept.read) fail their checks."""
    with typed.lock:
        try:
            return _rejected(typed, lines)
        finally:
            typed.slots.forget()


def _decode_learning(typed: TypedAccept, line: bytes, failure: Exception) -> Any:
    """A line the decoder refused with ``failure``, decoded again as it learns the undeclared
    names it refuses (one per failure; a line may bring several); None when it may not."""
    while typed.learn(failure):
        try:
            return typed.decode(line)
        except Exception as next_failure:  # noqa: BLE001
            # Without its traceback: kept past the except block, it would hold this frame, which
            # holds it, a cycle keeping the chunk loop's frame and lines until the collector runs.
            failure = next_failure.with_traceback(None)
    return None


def _rejected(typed: TypedAccept, lines: list[bytes]) -> list[int]:
    decode = typed.decode
    read = typed.read
    # The hook files each kept string under this line number (a refused line's strings too: they
    # can only refuse it again).
    current = typed.slots.line if typed.slots.used else None
    rejected: list[int] = []
    dates: list[Any] = []  # per line, what ``read`` gets from its root (None for a refused line)
    for index, line in enumerate(lines):
        if current is not None:
            current[0] = index
        try:
            value = decode(line)
        except Exception as failure:  # noqa: BLE001 - whatever it refuses goes on to the next engine
            value = _decode_learning(typed, line, failure)
            decode = typed.decode
            if value is None:
                rejected.append(index)
        if read is not None:
            dates.append(None if value is None else read(value))
    failed = typed.slots.failed_lines() if current is not None else set()
    if read is not None:
        failed |= failed_date_lines(dates, typed.dates)
    return sorted(failed.union(rejected)) if failed else rejected
