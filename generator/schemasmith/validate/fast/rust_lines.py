"""The jsonschema-rs accept loop over a chunk's lines (see validator.Validator._rust_rejected).

The loop is decode and ``is_valid`` only: what the document policy may refuse after decoding
(nesting beyond MAX_DEPTH, integers beyond a double) and the guard's question are asked of the
whole chunk at once, and only a chunk where one may be true has its lines looked at one by one.
Per line, those checks cost as much as the ``is_valid`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from ..documents import may_hold_long_integer, may_nest_deeper
from .rust_accept import RustAccept

if TYPE_CHECKING:
    from ..strict import UndeclaredProperties

_DECODE = msgspec.json.Decoder().decode


def rust_rejected(rust: RustAccept, chunk: bytes, lines: list[bytes], undeclared: UndeclaredProperties | None) -> list[int]:
    """Indices of the lines jsonschema-rs did not accept (or may not judge); ``undeclared``: the
    names a closed schema refuses that the strict decoder learned to take, looked for in each line."""
    is_valid = rust.is_valid_for(chunk)  # guarded for a chunk that may hold a "[V"
    if (
        # One document (validate_json) may span several lines of text: the chunk's per-line
        # questions are not its own.
        len(lines) == 1
        or undeclared is not None
        or rust.max_line_bytes is not None
        or may_nest_deeper(chunk)
        or may_hold_long_integer(chunk)
    ):
        return _rust_rejected_checked(rust, is_valid, lines, undeclared)
    decode = _DECODE
    rejected: list[int] = []
    for index, line in enumerate(lines):
        try:
            if is_valid(decode(line)):
                continue
        except Exception:  # noqa: BLE001, S110 - whatever went wrong, the reference decides
            pass
        rejected.append(index)
    return rejected

def _rust_rejected_checked(
    rust: RustAccept, is_valid: Callable[[Any], bool], lines: list[bytes], undeclared: UndeclaredProperties | None
) -> list[int]:
    """rust_rejected, asking each line what the chunk could not rule out."""
    return [index for index, line in enumerate(lines) if not rust.accepts_one(line, undeclared, is_valid)]
