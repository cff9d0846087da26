"""Check many ``date-time`` strings at once, with the verdicts of generator.formats.is_date_time.

Calling a regex per timestamp costs about as much as decoding the whole document, so a batch is
checked with a handful of C-level operations over all of its strings together:

1. strings of one length (usually all of them) are joined; mapping every ASCII digit to ``0``
   (and ``t``→``T``, ``z``→``Z``, ``+``→``-``) gives each one's *shape*, which must be an RFC 3339
   shape shared by most of the group — this alone checks the syntax, and that every digit is an
   ASCII digit; the few of another shape are suspects;
2. each two-digit field (month, day, hour, minute, second, offset) is read as a column across the
   batch and turned into one byte per string holding its value, by arithmetic on the column as one
   big integer (every byte is an ASCII digit, so ``10 * tens + ones`` never carries into the next
   byte); ``bytes.translate`` then marks each value 1 (suspect) or 0, and the marks of all fields
   are OR-ed together, again as big integers.

February 29, second 60, or anything outside the valid ranges makes that string a *suspect*, which
the exact per-string checker then decides; so does any string of an unusual shape. The batch path
therefore only ever says "valid" for strings whose every field is valid whatever the year — the
exact checker has the last word on everything else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress

from ..formats import is_date_time

# Below this a batch is not worth the setup: check each string.
MIN_BATCH = 16

_SHAPE = bytes.maketrans(b"0123456789tz+", b"0000000000TZ-")
_KNOWN_SHAPE = re.compile(rb"0000-00-00T00:00:00(?:\.0+)?(?:Z|-00:00)")


def _marks(valid: set[int]) -> bytes:
    """A translate table: a field value in ``valid`` becomes 0, any other byte 1."""
    return bytes(0 if value in valid else 1 for value in range(256))


def _flags(values: set[int]) -> bytes:
    """A translate table: a field value in ``values`` becomes 1, any other byte 0."""
    return bytes(1 if value in values else 0 for value in range(256))


# _LENGTH_IS[n]: 1 where a length is n (spelled out with bytes arithmetic: 256 _flags calls cost
# milliseconds of every run's start-up).
_LENGTH_IS = [bytes(length) + b"\x01" + bytes(255 - length) for length in range(256)]


_NONZERO = _marks({0})
_BAD_MONTH = _marks(set(range(1, 13)))
_BAD_DAY = _marks(set(range(1, 32)))
_BAD_HOUR = _marks(set(range(0, 24)))
_BAD_MINUTE = _marks(set(range(0, 60)))
_BAD_SECOND = _BAD_MINUTE  # second 60 (a leap second) goes to the exact checker
_DAY_31 = _flags({31})
_DAY_29_30 = _flags({29, 30})  # February 29 needs the year: the exact checker decides it
_THIRTY_DAY_MONTH = _flags({2, 4, 6, 9, 11})
_FEBRUARY = _flags({2})


def invalid_date_times(values: list[str]) -> list[int]:
    """Indices of the strings in ``values`` that are not RFC 3339 date-times, in order."""
    return [i for i in _suspects(values) if not is_date_time(values[i])]


def _suspects(values: list[str]) -> list[int]:
    """Indices the batch checks cannot clear; everything else is certainly a valid date-time."""
    count = len(values)
    if count < MIN_BATCH:
        return list(range(count))
    try:
        lengths = bytes(map(len, values))
    except ValueError:  # a string longer than 255: not a date-time anyone writes
        return list(range(count))
    distinct = set(lengths)
    suspects: list[int] = []
    # Usually one length (one producer, one style); otherwise each length is checked on its own.
    for length in distinct:
        indices: Sequence[int]
        if len(distinct) == 1:
            indices, group = range(count), values
        else:
            member = lengths.translate(_LENGTH_IS[length])
            indices, group = list(compress(range(count), member)), list(compress(values, member))
        found = _length_group_suspects(group, length)
        suspects.extend(indices if found is None else [indices[j] for j in found])
    if len(distinct) > 1:
        suspects.sort()
    return suspects


def _length_group_suspects(group: list[str], length: int) -> list[int] | None:
    """Suspects among strings that all have ``length`` characters; None: all of them."""
    if len(group) < MIN_BATCH:
        return None
    try:
        joined = "\n".join(group).encode("ascii")
    except UnicodeEncodeError:  # non-ASCII digits and the like: the exact checker decides
        return None
    if len(joined) != len(group) * (length + 1) - 1:  # a string held a newline
        return None
    return _group_suspects(joined, length, len(group))


def _group_suspects(joined: bytes, length: int, count: int) -> list[int] | None:
    """Suspects among ``count`` strings of one length joined by newlines; None when most of them
    share no RFC 3339 shape."""
    stride = length + 1
    shape = joined.translate(_SHAPE)
    # The shape most of the group has: the first string's, or failing that the middle one's.
    for sample in (0, count // 2):
        template = shape[sample * stride : sample * stride + length]
        if _KNOWN_SHAPE.fullmatch(template) is None:
            continue
        expected = ((template + b"\n") * count)[:-1]
        odd = [] if shape == expected else _differing_items(shape, expected, stride)
        if len(odd) * 2 > count:
            continue
        if odd:
            # The odd strings are suspects, and are overwritten with the template itself — all
            # digits where digits are read — so reading fields across the group stays aligned.
            patched = bytearray(joined)
            for index in odd:
                patched[index * stride : index * stride + length] = template
            joined = bytes(patched)
        found = _field_suspects(joined, template, count)
        return sorted(set(found).union(odd)) if odd else found
    return None


def _differing_items(shape: bytes, expected: bytes, stride: int) -> list[int]:
    """Indices of the strings whose bytes differ between ``shape`` and ``expected``."""
    difference = int.from_bytes(shape, "big") ^ int.from_bytes(expected, "big")
    flags = difference.to_bytes(len(shape), "big").translate(_NONZERO)
    items: list[int] = []
    position = flags.find(1)
    while position >= 0:
        item = position // stride
        items.append(item)
        position = flags.find(1, (item + 1) * stride)
    return items


def _field_suspects(joined: bytes, template: bytes, count: int) -> list[int]:
    """Suspects among ``count`` strings of one known shape ``template``, joined by newlines."""
    length = len(template)
    stride = length + 1
    zeros = int.from_bytes(b"0" * count, "big")

    def field(offset: int) -> bytes:
        # One byte per string: the value (0-99) of its two-digit field at ``offset``.
        tens = int.from_bytes(joined[offset::stride], "big") - zeros
        ones = int.from_bytes(joined[offset + 1 :: stride], "big") - zeros
        return (tens * 10 + ones).to_bytes(count, "big")

    def marked(values: bytes, table: bytes) -> int:
        return int.from_bytes(values.translate(table), "big")

    month, day = field(5), field(8)
    suspect = marked(month, _BAD_MONTH) | marked(day, _BAD_DAY)
    suspect |= marked(day, _DAY_31) & marked(month, _THIRTY_DAY_MONTH)
    suspect |= marked(day, _DAY_29_30) & marked(month, _FEBRUARY)
    suspect |= marked(field(11), _BAD_HOUR) | marked(field(14), _BAD_MINUTE) | marked(field(17), _BAD_SECOND)
    if template.endswith(b"0"):  # a numeric offset: +hh:mm / -hh:mm
        suspect |= marked(field(length - 5), _BAD_HOUR) | marked(field(length - 2), _BAD_MINUTE)
    if not suspect:
        return []
    flags = suspect.to_bytes(count, "big")
    found: list[int] = []
    position = flags.find(1)
    while position >= 0:
        found.append(position)
        position = flags.find(1, position + 1)
    return found
