"""The typed stage's pattern and format checks (typed_accept.py), made for a chunk's strings at once.

msgspec checks ``Meta(pattern=…)`` by calling ``re`` for each value, about 400 ns a call: on the
order schema (an id pattern, an email, URLs, a card's last four digits) that was two thirds of the
typed decode. Instead, such a string is typed in its Struct as a *slot*, a marker class: msgspec
hands the decoded value to the decoder's ``dec_hook`` (StringSlots.hook), which keeps it in its
slot's list with the number of its line, and returns the marker. Once a chunk's lines are decoded,
each slot's strings are checked by jsonschema-rs in one call, as an array whose ``items`` is the
string's own subschema (its ``pattern``, ``format`` and lengths): compiled by rust_accept.py, so it
reads them as the reference does (ECMA-262 patterns, the formats it may check in Rust, ours for the
rest) and accepts no string the reference refuses. A slot whose array fails has its strings checked
one by one; the line of each failed string is refused, and goes on to the next engine, as any
refusal of the typed stage does.

A string in a union with another type cannot be a slot (msgspec takes a custom type in a union with
``None`` only): there msgspec checks the Python form of the pattern (``Slot.fallback``), as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec

from .rust_accept import compile_rust_accept

# More slots than this in one schema: the rest are checked by msgspec, a value at a time.
MAX_SLOTS = 200


class Slot:
    """A string kept by the decoder's hook and checked with its chunk (a class per check)."""

    __slots__ = ()
    mark: Slot  # what the hook returns: msgspec wants an instance of the slot's class
    fallback: Any  # the same check as a msgspec type, for where a slot cannot go
    values: list[str]  # the chunk's strings so far
    lines: list[int]  # and the index of the line each is in
    subschema: dict[str, Any]  # what the slot checks
    check_all: Callable[[Any], bool]  # the subschema as ``items``, for a list of strings


class StringSlots:
    """The slots of one typed decoder, its hook, and their chunk's check."""

    def __init__(self, draft: str) -> None:
        self.draft = draft
        self._slots: dict[str, type[Slot]] = {}
        self._check_one: dict[type[Slot], Callable[[Any], bool]] = {}
        self.line = [0]  # the index of the line being decoded, for the hook
        line = self.line

        def hook(kind: type[Slot], value: Any) -> Slot:
            if value.__class__ is not str:
                raise TypeError("expected a string")  # msgspec makes it a refusal of the line
            kind.values.append(value)
            kind.lines.append(line[0])
            return kind.mark

        self.hook = hook

    @property
    def used(self) -> bool:
        return bool(self._slots)

    @property
    def kinds(self) -> int:
        """How many kinds of string (a pattern, a format…) are kept: a check each."""
        return len(self._slots)

    def slot(self, subschema: dict[str, Any], fallback: Any) -> Any:
        """The type of a string whose ``subschema`` asserts a pattern or a format: a slot, or
        ``fallback`` (a msgspec type checking the same) when jsonschema-rs cannot stand in."""
        key = repr(sorted(subschema.items()))
        if key in self._slots:
            return self._slots[key]
        if len(self._slots) >= MAX_SLOTS:
            return fallback
        every = compile_rust_accept({"type": "array", "items": subschema}, self.draft)
        if every is None or every.max_line_bytes is not None:
            return fallback  # no engine, or a backtracking pattern whose input must be bounded
        slot: type[Slot] = type(f"Slot{len(self._slots) + 1}", (Slot,), {"__slots__": ()})
        slot.mark, slot.fallback, slot.values, slot.lines = slot(), fallback, [], []
        # The guarded validator: a uri's "[V" the reference may accept, jsonschema-rs must not (rust_accept.py).
        slot.subschema, slot.check_all = subschema, every.is_valid_guarded
        self._slots[key] = slot
        return slot

    def failed_lines(self) -> set[int]:
        """The lines holding a kept string that fails its slot's check; forgets every kept string."""
        failed: set[int] = set()
        for slot in self._slots.values():
            values = slot.values
            try:
                if values and not slot.check_all(values):
                    # Which strings failed: each alone, against the subschema (compiled on a first failure).
                    check = self._one(slot)
                    failed.update(line for line, value in zip(slot.lines, values) if not check(value))
            except Exception:  # noqa: BLE001 - whatever went wrong, the next engine decides these lines
                failed.update(slot.lines)
        self.forget()
        return failed

    def _one(self, slot: type[Slot]) -> Callable[[Any], bool]:
        if slot not in self._check_one:
            one = compile_rust_accept(slot.subschema, self.draft)
            assert one is not None  # it compiled as the items of an array
            self._check_one[slot] = one.is_valid_guarded
        return self._check_one[slot]

    def forget(self) -> None:
        for slot in self._slots.values():
            slot.values.clear()
            slot.lines.clear()


def string_type(meta: dict[str, Any]) -> Any:
    """``str`` with msgspec's checks (pattern, lengths), or plain ``str``."""
    return Annotated[str, msgspec.Meta(**meta)] if meta else str
