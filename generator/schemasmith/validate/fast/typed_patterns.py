"""The strings the typed stage (typed_accept.py) checks in msgspec: ``pattern``s Python's ``re``
reads as ECMA-262 does, and, per format, a pattern accepting only strings formats.py accepts.

Both are checked by tests/test_validate_typed_accept.py (hypothesis, against the reference's
ECMA-262 engine and against formats.py).
"""

from __future__ import annotations

import re
from typing import Any

# ``pattern``s read alike by ECMA-262 and Python's re (msgspec's engine): ASCII literals, classes of
# ASCII letters, digits and ranges of them, groups, alternatives, greedy quantifiers, "^" first and
# "$" last (made \Z: Python's "$" also matches before a final newline). No ".", no escapes (\d and
# \w read Unicode digits and letters in Python), no lookaround.
_CLASS_ITEM = r"(?:[A-Za-z0-9]-[A-Za-z0-9]|[A-Za-z0-9_])"
_SAFE_PATTERN = re.compile(
    # An atom (a literal, a class, a group's end) with at most one quantifier (Python reads "*+" as
    # possessive, ECMA-262 refuses it), or a group's start, or an alternative.
    rf"\^?(?:(?:[A-Za-z0-9_:@/,;#%&' -]|\[{_CLASS_ITEM}+\]|\))(?:[*+?]|\{{[0-9]{{1,4}}(?:,[0-9]{{0,4}})?\}})?"
    r"|\((?:\?:)?|\|)*\$?"
)
# A date whose day exists in every year (29 February goes on to the next engine).
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
_OFFSET = r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"
# Patterns (msgspec searches them: anchored with \A and \Z) for strings formats.py accepts; no leap
# second, no 29 February: those go on to the next engine.
FORMAT_SUBSETS = {
    "date-time": rf"\A[0-9]{{4}}-{_MONTH_DAY}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?{_OFFSET}\Z",
    "date": rf"\A[0-9]{{4}}-{_MONTH_DAY}\Z",
    "uuid": r"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z",
    "email": rf"\A[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@{_HOST}\Z",
    "uri": r"\A[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~/-]*)?\Z",
}


def python_pattern(source: Any) -> str | None:
    """``source``, an ECMA-262 pattern, as a Python pattern searching alike; None unless it is one
    of the simple ones (_SAFE_PATTERN) where the two read the same."""
    if not isinstance(source, str) or not _SAFE_PATTERN.fullmatch(source):
        return None
    try:
        re.compile(source)
    except re.error:
        return None
    return source[:-1] + "\\Z" if source.endswith("$") else source
