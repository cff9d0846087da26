"""ECMA-262's character classes spelled out, so that an engine with other defaults (Python's ``re``,
the Rust regex crates) reads them as JSON Schema means them: ``\\d`` is ``[0-9]``, ``\\s`` is
ECMA-262's whitespace, ``.`` is anything but a line terminator, ``\\b`` is a lookaround on
``[A-Za-z0-9_]``. Used by ``schemasmith validate`` (validate/patterns.py) and by the loaders'
pattern translation (ir/regex_safety.py).
"""

from __future__ import annotations

_WORD = "A-Za-z0-9_"
# ECMA-262 WhiteSpace and LineTerminator (the \s class); \x0b is \v.
_SPACE = "\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_OUTSIDE_CLASS = {
    "d": "[0-9]", "D": "[^0-9]", "w": f"[{_WORD}]", "W": f"[^{_WORD}]", "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]",
    "b": f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))",
    "B": f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))",
}
# \D, \W, \S in a class have no such spelling; \b in a class is a backspace.
_INSIDE_CLASS = {"d": "0-9", "w": _WORD, "s": _SPACE, "b": "\\x08"}
_DOT = "[^\\n\\r\\u2028\\u2029]"


# What \D, \W and \S leave out, as a class body: a class holding them is spelled with these.
_COMPLEMENTED = {"D": "0-9", "W": _WORD, "S": _SPACE}


def _explicit_class(text: str) -> str:
    negated = text.startswith("[^")
    body = text[2 if negated else 1 : -1]
    kept: list[str] = []
    complements: list[str] = []
    index = 0
    while index < len(body):
        if body[index] == "\\" and index + 1 < len(body):
            escaped = body[index + 1]
            if escaped in _COMPLEMENTED:
                complements.append(_COMPLEMENTED[escaped])
            else:
                kept.append(_INSIDE_CLASS.get(escaped, body[index : index + 2]))
            index += 2
        else:
            kept.append(body[index])
            index += 1
    if text in ("[]", "[^]") or not complements:
        return "[" + ("^" if negated else "") + "".join(kept) + "]"
    if not negated:  # [a\W] is a, or anything but a word character
        options = ["[" + "".join(kept) + "]"] if kept else []
        return "(?:" + "|".join(options + [f"[^{c}]" for c in complements]) + ")"
    # [^a\W] is a word character other than a: in every complemented set, and not kept.
    *ahead, last = complements
    lookaheads = "".join(f"(?=[{c}])" for c in ahead)
    # A group, so that a quantifier after the class repeats all of it.
    return "(?:" + lookaheads + (f"(?![{''.join(kept)}])" if kept else "") + f"[{last}]" + ")"
