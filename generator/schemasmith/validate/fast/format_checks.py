"""The fast path's format checks over a batch of decoded lines: which lines hold a value that
fails its ``format`` (date-times in one batch, the others one by one)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable

from .compile import FastPath
from .datetime_batch import invalid_date_times


def format_failures(fast: FastPath, values: list[Any], rejected: list[int]) -> list[int]:
    """Indices whose decoded format values fail their format (``rejected`` lines hold None)."""
    fields = fast.format_fields
    failed: list[int] = []
    for position, field in enumerate(fields):
        column = values if len(fields) == 1 else [v[position] if v is not None else None for v in values]
        if field.always_string:
            # Every accepted line holds a str here: drop the rejected lines by slicing around them.
            strings, original = _without(column, rejected)
        else:
            indices = [i for i, v in enumerate(column) if v.__class__ is str]
            strings, original = [column[i] for i in indices], indices.__getitem__
        if field.format_name == "date-time":
            bad = invalid_date_times(strings)
        else:
            check = field.check
            bad = [i for i, value in enumerate(strings) if not check(value)]
        failed.extend(original(i) for i in bad)
    return failed


def _without(column: list[Any], removed: list[int]) -> tuple[list[Any], Callable[[int], int]]:
    """``column`` without the (sorted) ``removed`` indices, and the map back to original indices."""
    if not removed:
        return column, int
    kept: list[Any] = []
    start = 0
    for index in removed:
        kept += column[start:index]
        start = index + 1
    kept += column[start:]
    # Before removed[m] lie removed[m] - m kept items: a kept item j sits after every removed
    # index whose count of kept items before it is <= j.
    kept_before = [index - m for m, index in enumerate(removed)]
    return kept, lambda j: j + bisect_right(kept_before, j)


def formats_hold(fast: FastPath, record: Any) -> bool:
    """Whether every format field of one decoded record holds (a non-string is not checked here)."""
    for field in fast.format_fields:
        value = getattr(record, field.attribute)
        if value.__class__ is str and not field.check(value):
            return False
    return True
