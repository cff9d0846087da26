"""Escaping for every output context schema text can reach. Registered as Jinja filters in one place.

Schema text is untrusted: descriptions, titles, examples and names may hold quotes, comment
terminators, backslashes, newlines, U+2028/U+2029, control characters or lone surrogates.
Each function here makes such text inert in exactly one context.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring
from typing import Any

from .lazy_re import lazy_pattern

# Characters that must never appear raw in generated source: C0/C1 controls (but tab and newline are
# handled per context), DEL, line/paragraph separators, BOM and lone surrogates (not encodable in UTF-8).
# (Compiled on first use: a class of these ranges takes ~1 ms to compile, a run may need none.)
_UNSAFE_CHAR = lazy_pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


_SURROGATE = lazy_pattern("[\ud800-\udfff]")


def _escape_unsafe(text: str) -> str:
    return _UNSAFE_CHAR().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _visible_unsafe(text: str) -> str:
    """Replace unsafe characters by U+FFFD where no escape syntax exists (Markdown, comments)."""
    return _UNSAFE_CHAR().sub("\ufffd", text)


# --- Python -----------------------------------------------------------------------------------


def py_string(value: str) -> str:
    """A Python string literal. JSON's escapes are all valid Python escapes, and ASCII-only output
    cannot carry a surrogate or a separator into the file."""
    # Not json.dumps(ensure_ascii=True): it writes a character outside the BMP as a UTF-16 pair
    # ("\\ud83d\\ude00"), which Python reads as two lone surrogates, not the one character. Every
    # non-ASCII character (and DEL) is escaped by code point instead, \\U for those above U+FFFF.
    text = _json_string(value)
    # Nearly every literal is ASCII without DEL, and so already done: isascii() reads a flag the
    # string carries (GitHub's API description writes 500,000 literals).
    return text if text.isascii() and "\x7f" not in text else _NON_ASCII().sub(_python_escape, text)


_NON_ASCII = lazy_pattern("[^\x00-\x7e]")


def _json_string(value: str) -> str:
    """``json.dumps(value, ensure_ascii=False)``: for a string, what it returns is the encoder's
    ``encode_basestring``, called here directly. json.dumps builds a JSONEncoder on every call
    with a non-default option, a third of the cost of the 500,000 literals GitHub's API needs."""
    if isinstance(value, str):
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


def _python_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def py_docstring(text: str) -> str:
    """Text safe between triple double quotes (the template supplies the quotes and indentation)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    # A lone surrogate is shown as U+FFFD, not escaped: a class docstring holding one fails at
    # import (type() encodes __doc__ as UTF-8).
    text = _escape_unsafe(_SURROGATE().sub("\ufffd", text).replace("\\", "\\\\"))
    # A quote only matters where it could start a run of three or touch the closing quotes.
    return re.sub(r'"(?="|$)', '\\\\"', text)


def py_comment(text: str) -> str:
    """One line safe after ``#``."""
    return " ".join(_visible_unsafe(text).split())


def py_literal(value: Any) -> str:
    """A JSON value as a Python expression (for defaults and examples)."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_string(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


# --- TypeScript -------------------------------------------------------------------------------

_TS_IDENTIFIER = lazy_pattern(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def ts_string(value: str) -> str:
    """A TypeScript string literal, readable (non-ASCII kept) but with every unsafe character escaped."""
    text = _json_string(value)
    # JSON escapes every character below U+0020: ASCII without DEL holds no unsafe one (see py_string).
    return text if text.isascii() and "\x7f" not in text else _escape_unsafe(text)


def ts_key(name: str) -> str:
    """A property key: bare when it is an identifier, quoted otherwise."""
    return name if _TS_IDENTIFIER().match(name) else ts_string(name)


def ts_comment(text: str) -> str:
    """One line safe after ``//``. (``ts_jsdoc`` keeps line breaks, which would end the comment.)
    JavaScript also ends a line at U+2028/U+2029; ``_visible_unsafe`` replaces those."""
    return " ".join(_visible_unsafe(text).split())


def ts_jsdoc(text: str) -> str:
    """Text safe inside ``/** ... */``: no terminator, one `` * `` prefix per line (template adds it)."""
    # Line endings first: "\r" is itself an unsafe character and would otherwise become U+FFFD.
    text = _visible_unsafe(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("*/", "*\\/")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# --- Markdown ---------------------------------------------------------------------------------


# A line that opens a fenced code block (up to three spaces, then ``` or ~~~): left as it is, a fence
# the text never closes runs to the end of the page and swallows every section after it.
_FENCE_OPENER = lazy_pattern(r"^( {0,3})(`{3,}|~{3,})", re.MULTILINE)


def _md_inert(text: str) -> str:
    """Raw HTML shown, not interpreted; unsafe characters visible; every line ending a plain LF."""
    # Line endings first: "\r" is itself an unsafe character and would otherwise become U+FFFD.
    import html  # here: generated docs need it, `validate` (whose errors import this module) never does

    text = _visible_unsafe(text.replace("\r\n", "\n").replace("\r", "\n"))
    return html.escape(text, quote=False)


def md_text(text: str) -> str:
    """Prose: raw HTML is shown, not interpreted, and no code fence opens (Markdown otherwise kept)."""
    return _FENCE_OPENER().sub(lambda m: m.group(1) + "".join("\\" + c for c in m.group(2)), _md_inert(text))


def md_cell(text: str) -> str:
    """One table cell: pipes escaped, line breaks as <br/>, no raw HTML."""
    text = _md_inert(text)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return "<br/>".join(part.strip() for part in text.split("\n")).strip()


def md_code(text: str) -> str:
    """An inline code span for ``text``, with a fence longer than any backtick run inside it."""
    # Inside a table a pipe still splits the cell, even in a code span.
    return _code_span(text).replace("|", "\\|")


def pymd_code(text: str) -> str:
    """``md_code`` for Python-Markdown (the site target's renderer): its tables never split a row
    at a pipe inside a code span, and would show a ``\\|`` there with its backslash."""
    return _code_span(text)


def _code_span(text: str) -> str:
    text = " ".join(_visible_unsafe(text).split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- Terminal ---------------------------------------------------------------------------------

# What must not reach a terminal raw in an error message: every C0 control (newline, CR and tab
# too), DEL, the C1 controls (0x9b opens an escape sequence on some terminals), line and paragraph
# separators, the bidirectional marks, embeddings, overrides and isolates (they reorder what is
# shown), the BOM and lone surrogates.
TERMINAL_UNSAFE = lazy_pattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Text for one terminal line: shown as it is, but a character that could end the line, move the
    cursor or reorder what is shown becomes a Python-style escape (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return TERMINAL_UNSAFE().sub(_terminal_escape, text)


def _terminal_escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that was not UTF-8 in a file name (os.fsdecode's surrogateescape): shown as the
        # byte it is, \xff, not as U+00FF (ÿ), which a reader could not tell from the letter.
        return f"\\x{code - 0xDC00:02x}"
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def md_fence(text: str) -> str:
    """A backtick fence for a code block holding ``text``: longer than any backtick run in it,
    so the text cannot close the block early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


FILTERS = {
    "py_string": py_string,
    "py_docstring": py_docstring,
    "py_comment": py_comment,
    "py_literal": py_literal,
    "ts_string": ts_string,
    "ts_key": ts_key,
    "ts_comment": ts_comment,
    "ts_jsdoc": ts_jsdoc,
    "md_text": md_text,
    "md_cell": md_cell,
    "md_code": md_code,
    "md_fence": md_fence,
}
