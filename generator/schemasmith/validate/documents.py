"""How bytes become a JSON document — one strict policy shared by every path of the validator.

RFC 8259 JSON, decoded by msgspec (exact integers, correctly rounded floats), with limits a
validator must have and every refusal turned into one readable reason:

- not UTF-8, or a ``\\ud800``-style escape that is not half of a surrogate pair: refused;
- ``NaN``, ``Infinity`` (Python's ``json`` extension): refused;
- a number a 64-bit float reads as infinity, integer or not (``1e400``, a 400-digit integer):
  refused, since no JavaScript consumer can hold it and it cannot be compared exactly with
  ``maximum``, ``enum``… (RFC 8259 §6 lets a parser set limits; RFC 7493 §2.2);
- nesting deeper than ``MAX_DEPTH``: refused before decoding, so a 100k-deep document costs a scan,
  not a crash;
- a byte order mark: the caller strips one at the very start of a file (RFC 8259 §8.1 allows a
  parser to ignore it); anywhere else it is reported.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from ..source.json_file import LONGEST_DOUBLE_DIGITS, OUT_OF_RANGE_NUMBER, first_number_out_of_range, first_too_deep

# Deep enough for any real payload, shallow enough that decoding and the reference validator's
# recursion stay far from Python's recursion limit.
MAX_DEPTH = 256

_DECODE = msgspec.json.Decoder().decode
_LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<![0-9a-fA-F]{4})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_BYTE_OFFSET = re.compile(r"\(byte (\d+)\)")
# msgspec keeps integers exact (up to 4300 digits); one of LONGEST_DOUBLE_DIGITS may be beyond a
# double. Digits read as "0" make a run of them one substring search (a regex costs 30x more).
DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGIT_RUN = b"0" * LONGEST_DOUBLE_DIGITS
BOM = b"\xef\xbb\xbf"
# What JSON reads as whitespace (RFC 8259 §2): an NDJSON line of only these is blank, and skipped.
JSON_WHITESPACE = b" \t\r\n"


class DocumentError(ValueError):
    """The bytes are not a JSON document under the policy above; ``str()`` is the reason."""


def parse_document(data: bytes) -> Any:
    """Decode one JSON document or raise DocumentError with a one-line reason."""
    if nests_too_deep(data):
        raise DocumentError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        document = _DECODE(data)
    except UnicodeDecodeError:
        raise DocumentError(f"not valid UTF-8 {_position(data, _first_bad_utf8_byte(data))}") from None
    except RecursionError:
        raise DocumentError(f"nested more than {MAX_DEPTH} levels deep") from None
    except msgspec.DecodeError as exc:
        raise DocumentError(_explain(data, str(exc))) from None
    # In the text, not the decoded value: a duplicate key's earlier value counts too, as it does for
    # the floats msgspec itself refuses.
    if may_hold_long_integer(data) and first_number_out_of_range(data.decode("utf-8")) is not None:
        raise DocumentError(OUT_OF_RANGE_NUMBER)
    return document


def nests_too_deep(data: bytes) -> bool:
    """Whether ``data`` nests deeper than MAX_DEPTH: its brackets counted (as many opening ones are
    needed), and only then scanned."""
    return data.count(b"[") + data.count(b"{") > MAX_DEPTH and first_too_deep(data, MAX_DEPTH) is not None


# Past this size a document is searched a window at a time: translate copies what it reads, and a
# hostile 1 GB line needs no second gigabyte for it.
_DIGIT_WINDOW = 1 << 20
_DIGITS = b"0123456789"


def may_hold_long_integer(data: bytes) -> bool:
    """Whether ``data`` has a run of digits as long as an integer beyond a double needs."""
    # Such a run covers one byte in every LONGEST_DOUBLE_DIGITS: where none of those bytes is a
    # digit (most single documents), there is none, and the text is not copied (0.2 against 0.6 us
    # on a 450-byte document).
    probes = data[LONGEST_DOUBLE_DIGITS - 1 :: LONGEST_DOUBLE_DIGITS]
    if len(probes.translate(None, _DIGITS)) == len(probes):
        return False
    if len(data) <= _DIGIT_WINDOW:
        return _LONG_DIGIT_RUN in data.translate(DIGITS_AS_ZERO)
    # Windows overlap by a run's length, so a run that crosses a window's end is whole in the next.
    return any(
        _LONG_DIGIT_RUN in data[start : start + _DIGIT_WINDOW + LONGEST_DOUBLE_DIGITS].translate(DIGITS_AS_ZERO)
        for start in range(0, len(data), _DIGIT_WINDOW)
    )


# Every byte but the opening brackets and the newline: deleted, the rest of a line is its brackets.
_NOT_OPENING = bytes(sorted(set(range(256)) - set(b"[{\n")))
_MORE_THAN_MAX_DEPTH = re.compile(rb"[^\n]{%d}" % (MAX_DEPTH + 1))


def may_nest_deeper(data: bytes, window: int = _DIGIT_WINDOW) -> bool:
    """Whether some line of ``data`` has more than MAX_DEPTH opening brackets (nesting beyond it
    needs as many). One pass for a whole chunk, where counting line by line costs a chunk of NDJSON
    ~0.6 us a line; a chunk where it is true is searched line by line. Windows keep the copy small."""
    carried = b""  # the brackets of the line crossing into the next window
    for start in range(0, len(data), window):
        brackets = carried + data[start : start + window].translate(None, _NOT_OPENING)
        if _MORE_THAN_MAX_DEPTH.search(brackets):
            return True
        carried = brackets[brackets.rfind(b"\n") + 1 :]
    return False


def _first_bad_utf8_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _explain(data: bytes, message: str) -> str:
    """Turn msgspec's reason into one that names the actual problem where it is a common one."""
    stripped = data.strip(b" \t\r\n")
    if not stripped:
        return "empty document"
    if data.startswith(BOM):
        return "byte order mark (U+FEFF) before the document"
    if message.startswith("Invalid UTF-8"):  # msgspec 0.23+ (older versions raise UnicodeDecodeError)
        return f"not valid UTF-8 {_position(data, _first_bad_utf8_byte(data))}"
    if "out of range" in message:
        return OUT_OF_RANGE_NUMBER
    offset_match = _BYTE_OFFSET.search(message)
    if offset_match:
        offset = int(offset_match.group(1))
        rest = data[max(offset - 1, 0) : offset + 9]
        for word in (b"NaN", b"-Infinity", b"Infinity"):
            if word in rest:
                return f"{word.decode()} is not valid JSON {_position(data, offset)}"
    # Either kind of lone surrogate escape starts with \ud or \uD: two byte searches spare most
    # texts the regex, which costs ~20 ns a byte (a truncated 1.5 kB line: 30 us).
    if (b"\\ud" in data or b"\\uD" in data) and _LONE_SURROGATE.search(data):
        return "a \\u escape is a lone UTF-16 surrogate, which is not a Unicode character"
    reason = message.removeprefix("JSON is malformed: ")
    if reason == "Input data was truncated":
        reason = "unexpected end of document"
    if offset_match:
        reason = reason.replace(offset_match.group(0), _position(data, int(offset_match.group(1))))
    return f"invalid JSON: {reason}"


def _position(data: bytes, offset: int) -> str:
    """msgspec counts bytes from 0; people count lines and columns from 1."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = offset - line_start + 1
    if line_start == 0:
        return f"(column {column})"
    line = data.count(b"\n", 0, offset) + 1
    return f"(line {line}, column {column})"
