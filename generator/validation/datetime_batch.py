"""Check many ``date-time`` strings at once, with the verdicts of generator.formats.is_date_time.

Calling a regex per timestamp costs about as much as decoding the whole document, so a chunk's
strings go through a few C-level passes instead:

1. msgspec writes each string back as a JSON token and parses it as a timezone-aware datetime, in
   C: the calendar, hours, minutes, seconds and offsets are checked there;
2. what msgspec accepts beyond RFC 3339 — a space instead of the ``T``, an offset without its colon
   (``+0530``) — shows in the tokens joined together as a space, or as four digits just before a
   closing quote;
3. a token holding an escape (a quote, a backslash or a control character in the string) or a
   non-ASCII character gets no benefit of the doubt either.

Every string these passes cannot clear — a refusal in step 1, a hit in step 2 or 3 — goes to the
exact checker, so each verdict is exactly ``is_date_time``'s, and only the odd string pays for a
regex (a leap second, year 0000 and February 29 are among them: msgspec refuses the first two, and
the last is a valid date only in a leap year).

The strings are the ones msgspec decoded (typed ``str`` in the fast path's Struct), so every
occurrence of the property in a document, a duplicate key's earlier value included, has already
been checked as JSON text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import msgspec

from ..formats import is_date_time
from .documents import DIGITS_AS_ZERO

# Below this a batch is not worth the setup: check each string.
MIN_BATCH = 16

_ENCODE = msgspec.json.Encoder().encode
_PARSE: Callable[[bytes], Any] = msgspec.json.Decoder(Annotated[dt.datetime, msgspec.Meta(tz=True)]).decode
_PARSE_FAILURES = (msgspec.DecodeError, ValueError)
_NON_ASCII_AS_ONE = bytes(0 if value < 0x80 else 1 for value in range(256))


def invalid_date_times(values: Sequence[str]) -> list[int]:
    """Indices of the strings in ``values`` that are not RFC 3339 date-times, in order."""
    suspects = range(len(values)) if len(values) < MIN_BATCH else _suspects(values)
    return [i for i in suspects if not is_date_time(values[i])]


def _suspects(values: Sequence[str]) -> list[int]:
    """Indices of the strings the C-level passes cannot clear, sorted."""
    tokens = list(map(_ENCODE, values))
    joined = b"\n".join(tokens)
    positions = _positions(joined, b" ")
    positions += _positions(joined.translate(DIGITS_AS_ZERO), b'0000"')  # an offset without its colon
    positions += _positions(joined, b"\\")
    if not joined.isascii():
        positions += _positions(joined.translate(_NON_ASCII_AS_ONE), b"\x01")
    suspects = set(_refused(tokens))
    if positions:
        suspects.update(_items_at(joined, positions))
    return sorted(suspects)


def _refused(tokens: list[bytes]) -> list[int]:
    """Indices of the tokens msgspec does not parse as an aware datetime. ``list.extend`` over
    ``map`` runs the loop in C and keeps what it appended before a failure, so the failing token's
    index is the list's length."""
    parsed: list[Any] = []
    refused: list[int] = []
    remaining = iter(tokens)
    while True:
        try:
            parsed.extend(map(_PARSE, remaining))
        except _PARSE_FAILURES:
            refused.append(len(parsed))
            parsed.append(None)
            continue
        return refused


def _positions(data: bytes, needle: bytes) -> list[int]:
    found = []
    position = data.find(needle)
    while position >= 0:
        found.append(position)
        position = data.find(needle, position + 1)
    return found


def _items_at(joined: bytes, positions: list[int]) -> list[int]:
    """The index of the token each byte position is in, in the tokens joined by newlines (a JSON
    token holds no raw newline): the newlines before it, counted a stretch at a time."""
    items = []
    item = previous = 0
    for position in sorted(positions):
        item += joined.count(b"\n", previous, position)
        items.append(item)
        previous = position
    return items
