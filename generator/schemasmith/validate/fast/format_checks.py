"""The fast path's format checks over a batch of decoded lines: which lines hold a value that
fails its ``format`` (date-times in one batch, the others one by one)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable

from .compile import FastPath
from .datetime_batch import invalid_date_times, is_date_time_alone


def format_failures(fast: FastPath, values: list[Any], rejected: list[int]) -> list[int]:
    """Indices whose decoded format values fail their format (``rejected`` lines hold None)."""
    fields = fast.format_fields
    failed: list[int] = []
    for position, field in enumerate(fields):
        column = column_of(values, len(fields), position)
        check_all = invalid_date_times if field.format_name == "date-time" else _one_by_one(field.check)
        if field.always_string:
            # Every accepted line holds a str here: drop the rejected lines by slicing around them.
            strings, original = _without(column, rejected)
            failed.extend(original(i) for i in check_all(strings))
        else:
            failed.extend(string_failures(column, check_all))
    return failed


def failed_date_lines(dates: list[Any], count: int) -> set[int]:
    """The lines whose ``count`` date-time strings (per line: one, or a tuple of ``count``; None
    for a line refused already) are not all date-times; a value that is not a string (null, an
    absent property) is none."""
    failed: set[int] = set()
    for position in range(count):
        failed.update(string_failures(column_of(dates, count, position), invalid_date_times))
    return failed


def column_of(values: list[Any], count: int, position: int) -> list[Any]:
    """Each line's value at ``position`` of its ``count`` (one value, or a tuple; None: a line refused)."""
    # Comprehensions, not a loop of appends: this runs for every line of the file.
    return values if count == 1 else [None if value is None else value[position] for value in values]


def string_failures(column: list[Any], check_all: Callable[[list[str]], list[int]]) -> list[int]:
    """Indices of ``column`` whose value is a str that ``check_all`` (the indices of the failing
    ones among a list of strings) refuses; any other value is not checked here."""
    strings = [value for value in column if value.__class__ is str]
    bad = check_all(strings)
    if not bad or len(strings) == len(column):
        return bad
    owners = [index for index, value in enumerate(column) if value.__class__ is str]
    return [owners[i] for i in bad]


def _one_by_one(check: Callable[[str], bool]) -> Callable[[list[str]], list[int]]:
    return lambda strings: [i for i, value in enumerate(strings) if not check(value)]


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
    """Whether every format field of one decoded record holds (a non-string is not checked here);
    a date-time parsed by msgspec first, as a batch is (is_date_time_alone)."""
    for field in fast.format_fields:
        value = getattr(record, field.attribute)
        if value.__class__ is str and not (
            is_date_time_alone(value) if field.format_name == "date-time" else field.check(value)
        ):
            return False
    return True
