"""Check the raw JSON tokens of a ``date-time`` property for a whole chunk at once.

The fast path decodes such a property as ``msgspec.Raw`` (the token's bytes, quotes included) and
asks this module which tokens are not a JSON string holding an RFC 3339 date-time as
``generator.formats.is_date_time`` reads it (or ``null``, where the property is nullable). Calling a
regex per timestamp costs about as much as decoding the whole document, so a chunk's tokens go
through a few C-level passes instead:

1. msgspec parses every token as a timezone-aware datetime, in C: the calendar, hours, minutes,
   seconds and offsets are checked there, and anything that is not a string is refused;
2. what msgspec accepts beyond RFC 3339 — a space instead of the ``T``, an offset without its colon
   (``+0530``) — shows in the tokens joined together as a space, or as four digits just before a
   closing quote;
3. a token holding an escape or a non-ASCII byte (msgspec does not check UTF-8 inside a raw token)
   gets no benefit of the doubt either.

Every token these passes cannot clear — a refusal in step 1, a hit in step 2 or 3 — goes to the
exact per-token check, so each verdict is exactly ``is_date_time``'s, and only the odd token pays
for a regex (a leap second, year 0000 and February 29 are among them: msgspec refuses the first
two, and the last is a valid date only in a leap year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Optional

import msgspec

from ..formats import is_date_time
from .documents import DIGITS_AS_ZERO

_AWARE = Annotated[dt.datetime, msgspec.Meta(tz=True)]
_PARSE_REQUIRED = msgspec.json.Decoder(_AWARE).decode
_PARSE_NULLABLE = msgspec.json.Decoder(Optional[_AWARE]).decode
_DECODE_TOKEN = msgspec.json.Decoder().decode
_PARSE_FAILURES = (msgspec.DecodeError, ValueError, RecursionError)

_NON_ASCII_AS_ONE = bytes(0 if value < 0x80 else 1 for value in range(256))


def invalid_date_time_tokens(tokens: Sequence[Any], nullable: bool) -> list[int]:
    """Indices, in order, of the tokens that are not a date-time string (nor null, if ``nullable``)."""
    suspects = _suspects(tokens, _PARSE_NULLABLE if nullable else _PARSE_REQUIRED)
    return [i for i in suspects if not token_is_date_time(tokens[i], nullable)]


def token_is_date_time(token: Any, nullable: bool) -> bool:
    """The exact check of one raw token."""
    try:
        value = _DECODE_TOKEN(token)
    except _PARSE_FAILURES:  # not UTF-8, or nested too deeply: the reference reports it
        return False
    if value is None:
        return nullable
    return value.__class__ is str and is_date_time(value)


def _suspects(tokens: Sequence[Any], parse: Callable[[Any], Any]) -> list[int]:
    """Indices of the tokens the C-level passes cannot clear, sorted."""
    joined = b"\n".join(tokens)
    positions = _positions(joined, b" ")
    shape = joined.translate(DIGITS_AS_ZERO)  # an offset without its colon reads `0000"`
    positions += _positions(shape, b'0000"')
    positions += _positions(joined, b"\\")
    if not joined.isascii():
        positions += _positions(joined.translate(_NON_ASCII_AS_ONE), b"\x01")
    suspects = set(_refused(tokens, parse))
    if positions:
        suspects.update(_items_at(joined, positions))
    return sorted(suspects)


def _refused(tokens: Sequence[Any], parse: Callable[[Any], Any]) -> list[int]:
    """Indices of the tokens ``parse`` refuses. ``list.extend`` over ``map`` runs the loop in C and
    keeps what it appended before a failure, so the failing token's index is the list's length."""
    parsed: list[Any] = []
    refused: list[int] = []
    remaining = iter(tokens)
    while True:
        try:
            parsed.extend(map(parse, remaining))
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
    """The index of the token each byte position is in, in the tokens joined by newlines: the
    newlines before it, counted a stretch at a time (a few positions in a chunk of thousands)."""
    items = []
    item = previous = 0
    for position in sorted(positions):
        item += joined.count(b"\n", previous, position)
        items.append(item)
        previous = position
    return items
