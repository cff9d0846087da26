"""How a schema's regular expressions match: ECMA-262, as JSON Schema asks, in bounded time.

``jsonschema`` matches ``pattern``, ``patternProperties`` (and so ``additionalProperties`` and
``unevaluatedProperties``) with Python's ``re``, a backtracking engine: ``^(a+)+$`` against forty
``a``s and a ``b`` runs for hours, and one such pattern in a schema stalls a whole run. ``re`` also
reads patterns as Python: ``\\d`` matches ``৪``, ``$`` matches before a final newline, and
ECMA-262's ``\\p{L}``, ``\\cC`` and named groups ``(?<n>…)`` do not compile. Here:

- **what is a pattern**: ECMA-262 in Unicode mode, by ``regress`` (the ``regex`` format's parser);
- **how it matches**: the pattern is first rewritten, keeping its ECMA-262 meaning, so that the
  classes whose meaning differs between engines say what they mean (``\\d`` -> ``[0-9]``, ``\\s`` ->
  ECMA-262's whitespace, ``.`` -> not a line terminator, ``\\b`` -> a lookaround on ``[A-Za-z0-9_]``).
  Then it runs on the Rust ``regex`` crate (through jsonschema-rs), whose time is linear in the
  string's length. A pattern with lookaround runs on fancy-regex, which backtracks, within
  BACKTRACK_LIMIT steps and on strings of at most BACKTRACKING_MAX_LENGTH characters: past either,
  PatternTooCostly says so for that document, instead of a verdict after hours.
- a pattern with a backreference (NP-hard to match) or that neither engine compiles (``[]``,
  ``[^]``, ``\\0``) is refused with the schema, like an invalid one.

tests/test_validate_patterns.py compares every route with ``regress`` (the ECMA-262 reference)
on generated patterns and strings, and runs the JSON-Schema-Test-Suite's ECMA-262 cases.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jsonschema_rs
import regress

# What ECMA-262 means by \d, \w, \s, \b and . (shared with the loaders' pattern translation).
from ..source.ecma_classes import _DOT, _OUTSIDE_CLASS, _explicit_class

# For patterns that backtrack (lookaround): fancy-regex counts steps from each starting position,
# so the work grows with the string's length too. Both limits together keep the worst patterns
# found (tests/test_validate_patterns.py) well under a second per string; past either, the
# document gets PatternTooCostly's message instead of a verdict.
BACKTRACK_LIMIT = 100_000
BACKTRACKING_MAX_LENGTH = 10_000

class PatternError(re.error):
    """The schema's pattern cannot be used; ``str()`` says why. An ``re.error``, as jsonschema's
    own refusal of a pattern is, so callers catching that catch this too."""


class PatternTooCostly(Exception):
    """Matching this string would take more than the backtracking budget."""


class Pattern:
    """One compiled pattern; ``search`` is JSON Schema's "the pattern matches somewhere".
    (A plain class: a frozen dataclass costs ~1 ms of every run's start-up.)"""

    __slots__ = ("source", "linear", "_validator")

    def __init__(self, source: str, linear: bool, validator: Any) -> None:
        self.source = source
        self.linear = linear  # runs on the regex crate (no backtracking at all)
        self._validator = validator

    def search(self, string: str) -> bool:
        if not self.linear and len(string) > BACKTRACKING_MAX_LENGTH:
            raise PatternTooCostly(
                f"a string of {len(string):,} characters is too long to match against {self.source!r} "
                f"(lookaround backtracks; the limit is {BACKTRACKING_MAX_LENGTH:,})"
            )
        try:
            if self._validator.is_valid(string):
                return True
        except UnicodeEncodeError:
            # A Python str may hold a lone surrogate (a document built in Python: the document
            # policy refuses them in parsed bytes); the Rust engines take Unicode scalar values only.
            return self.search(string.encode("utf-8", "replace").decode("utf-8"))
        if not self.linear and any(
            e.message.startswith("Error executing regex") for e in self._validator.iter_errors(string)
        ):
            raise PatternTooCostly(f"matching {self.source!r} needs more than {BACKTRACK_LIMIT:,} backtracking steps")
        return False


@lru_cache(maxsize=4096)
def compile_pattern(source: str) -> Pattern:
    """The Pattern for ``source``, or PatternError when it is not ECMA-262 or cannot run bounded."""
    try:
        regress.Regex(source, "u")
    except regress.RegressError as exc:
        raise PatternError(f"{source!r} is not a regular expression (ECMA-262): {exc}") from None
    if _has_backreference(source):
        # Matching with backreferences is NP-hard: no engine bounds its time.
        raise PatternError(f"{source!r} uses a backreference, which no engine can match in bounded time")
    rewritten = ecma_explicit(source)
    for linear, options in ((True, jsonschema_rs.RegexOptions()),
                            (False, jsonschema_rs.FancyRegexOptions(backtrack_limit=BACKTRACK_LIMIT))):
        try:
            validator = jsonschema_rs.validator_for({"pattern": rewritten}, pattern_options=options)
        except (jsonschema_rs.ValidationError, ValueError):
            continue
        return Pattern(source, linear, validator)
    raise PatternError(
        f"{source!r} uses a construct (such as [], [^] or \\0) that this validator cannot match in bounded time"
    )


def search(source: str, string: str) -> bool:
    """``re.search(source, string)`` as JSON Schema means it (ECMA-262), in bounded time."""
    return compile_pattern(source).search(string)


def ecma_explicit(source: str) -> str:
    """``source`` with ``\\d \\D \\w \\W \\s \\S \\b \\B .`` spelled out as ECMA-262 defines them.

    Same meaning under ECMA-262, but no room left for an engine's Unicode reading of them (inside
    a lookaround the Rust engines take ``\\d`` as any decimal digit, and ``\\b`` is a Unicode word
    boundary everywhere). Everything else is copied as it is; the source is valid ECMA-262.
    """
    out: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            escaped = source[index + 1]
            out.append(_OUTSIDE_CLASS.get(escaped, char + escaped))
            index += 2
        elif char == "[":
            end = _class_end(source, index)
            out.append(_explicit_class(source[index:end]))
            index = end
        else:
            out.append(_DOT if char == "." else char)
            index += 1
    return "".join(out)


def _has_backreference(source: str) -> bool:
    index = 0
    while index < len(source):
        if source[index] == "[":
            index = _class_end(source, index)
        elif source[index] == "\\":
            if source[index + 1 : index + 2] in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "k"):
                return True
            index += 2
        else:
            index += 1
    return False


def _class_end(source: str, start: int) -> int:
    """The index just past the class opening at ``start`` (``[]`` and ``[^]`` are whole classes)."""
    index = start + 1
    if source.startswith("^", index):
        index += 1
    if source.startswith("]", index):
        return index + 1
    while index < len(source) and source[index] != "]":
        index += 2 if source[index] == "\\" else 1
    return index + 1
