"""A schema's ``pattern`` for the generated loaders: ECMA-262 read as Python's ``re`` would need it,
and how long a string a backtracking engine may safely be given.

The loaders run patterns on the engines their language ships (Python's ``re``, JavaScript's
``RegExp`` with the ``u`` flag), and both backtrack. Measured on 100,000 characters: ``[a-z]+@``
(unanchored, so tried from every position) takes 16 s in ``re`` and 29 s in Node; ``^(a+)+$``
never ends. So each pattern is classified here, once, at generation time:

- **linear**: anchored at the start (one starting position) and every unbounded quantifier is
  *guarded* (the single character class it repeats cannot start what follows it, so giving a
  character back fails at once): any length is safe (``max_length`` None);
- **polynomial**: ``d`` unbounded quantifiers that can trade characters (plus one for an
  unanchored search, which tries every start): the worst case grows as ``n ** d``, so the loaders
  refuse strings longer than ``10_000 ** (2 / d)`` code points (10,000 for ``d = 2``; about 0.2 s
  of worst-case matching), saying why, as ``schemasmith validate`` refuses a string too long for
  its backtracking engine;
- **exponential**: a repeated group that holds a quantifier or an alternation (``(a+)+``,
  ``(a|aa)*``), unless each repetition starts with a character no quantifier inside can take
  (``(-[a-z]+)*``): no length is safe (``max_length`` 0); the loaders leave the pattern to
  ``schemasmith validate`` (whose engine is linear) and say so at generation time.

The classification is conservative (it may bound a pattern that would in fact run fast), never
the other way round for the shapes it knows; a pattern it cannot parse is refused to the loaders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import regress

from ..source.ecma_classes import _DOT, _OUTSIDE_CLASS, _explicit_class
from .nodes import Pattern

# Worst-case steps a polynomial pattern may take on the longest string allowed: 10,000 ** 2.
STEP_BUDGET_BASE = 10_000
# A bounded quantifier up to this many repetitions counts as a constant, not as "unbounded".
SMALL_REPEAT = 64


class Unexpressible(Exception):
    """The pattern has a construct Python's ``re`` cannot say (or this reader does not know)."""


@dataclass
class _Node:
    kind: str  # "char", "group", "assert", "quant"
    py: str = ""
    alternatives: list[list[_Node]] = field(default_factory=list)  # group
    inner: _Node | None = None  # quant
    low: int = 0
    high: int | None = None  # quant; None: unbounded
    look: bool = False  # a lookaround group (zero width)


def translate(source: str) -> Pattern:
    """The Pattern IR node for an ECMA-262 ``source``."""
    try:
        # What is a pattern is ECMA-262 in Unicode mode, as `schemasmith validate` reads it; one
        # that is not would stop the TypeScript module at load (new RegExp throws).
        regress.Regex(source, "u")
    except regress.RegressError:
        return Pattern(source, None, 0, "not a regular expression in ECMA-262's Unicode mode")
    except UnicodeEncodeError:
        # A lone surrogate (``\ud800``) is a JSON string but no UTF-8 text: the engine cannot read it.
        return Pattern(source, None, 0, "holds a lone surrogate, which no UTF-8 regular expression engine reads")
    try:
        nodes = _Parser(source).parse()
        python = _render(nodes)
        # Classified before it is compiled: a pattern that can backtrack exponentially is never
        # compiled (or run) at generation time; the loaders leave it to the validator.
        degree = _exponential_free_degree(nodes)
    except _Exponential as error:
        return Pattern(source, None, 0, str(error))
    except (Unexpressible, IndexError, ValueError) as error:
        why = str(error) if isinstance(error, Unexpressible) else "Python's re cannot say it"
        return Pattern(source, None, 0, why)
    try:
        re.compile(python)
    except re.error:
        return Pattern(source, None, 0, "Python's re cannot compile its translation")
    if degree <= 1:
        return Pattern(source, python, None, "")
    limit = int(STEP_BUDGET_BASE ** (2 / degree))
    return Pattern(
        source, python, limit,
        f"its backtracking worst case grows as n**{degree}: "
        f"strings over {limit:,} characters are refused",
    )


# -- reading ECMA-262 (Unicode mode) --------------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0

    def parse(self) -> list[list[_Node]]:
        alternatives = self.alternatives()
        if self.i != len(self.s):
            raise Unexpressible(f"unbalanced ')' at {self.i}")
        return alternatives

    def alternatives(self) -> list[list[_Node]]:
        result = [self.sequence()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            result.append(self.sequence())
        return result

    def sequence(self) -> list[_Node]:
        seq: list[_Node] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            atom = self.atom()
            quant = self.quantifier()
            if quant is not None:
                low, high, suffix = quant
                atom = _Node("quant", inner=atom, low=low, high=high, py=suffix)
            seq.append(atom)
        return seq

    def quantifier(self) -> tuple[int, int | None, str] | None:
        s, i = self.s, self.i
        if i >= len(s):
            return None
        if s[i] in "*+?":
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[s[i]]
            end = i + 1
        elif s[i] == "{":
            match = re.compile(r"\{(\d+)(,(\d*))?\}").match(s, i)
            if match is None:
                raise Unexpressible("a lone '{'")
            low = int(match.group(1))
            high = low if match.group(2) is None else (int(match.group(3)) if match.group(3) else None)
            end = match.end()
        else:
            return None
        if s.startswith("?", end):
            end += 1
        self.i = end
        return low, high, s[i:end]

    def atom(self) -> _Node:
        s = self.s
        c = s[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape()
        self.i += 1
        if c == ".":
            return _Node("char", py=_DOT)
        if c == "^":
            return _Node("assert", py="^")
        if c == "$":
            return _Node("assert", py=r"\Z")  # ECMA-262's $ (no m flag) is the very end; re's also matches before a final \n
        if c in "]}":
            raise Unexpressible(f"a lone {c!r}")
        return _Node("char", py=re.escape(c))

    def group(self) -> _Node:
        s = self.s
        look = False
        for opener, py in (("(?:", "(?:"), ("(?=", "(?="), ("(?!", "(?!"), ("(?<=", "(?<="), ("(?<!", "(?<!")):
            if s.startswith(opener, self.i):
                self.i += len(opener)
                look = opener not in ("(?:",)
                break
        else:
            if s.startswith("(?<", self.i):
                end = s.index(">", self.i)
                py = f"(?P<{s[self.i + 3:end]}>"
                self.i = end + 1
            elif s.startswith("(?", self.i):
                raise Unexpressible("a group modifier")
            else:
                py = "("
                self.i += 1
        alternatives = self.alternatives()
        if self.i >= len(s) or s[self.i] != ")":
            raise Unexpressible("an unclosed group")
        self.i += 1
        return _Node("group", py=py, alternatives=alternatives, look=look)

    def escape(self) -> _Node:
        s = self.s
        e = s[self.i + 1]
        if e in "bB":
            self.i += 2
            return _Node("assert", py=_OUTSIDE_CLASS[e])
        if e in "dDwWsS":
            self.i += 2
            return _Node("char", py=_OUTSIDE_CLASS[e])
        return _Node("char", py=self.char_escape())

    def char_escape(self) -> str:
        """One escaped character (at ``\\``), in Python's spelling; advances past it."""
        s = self.s
        e = s[self.i + 1]
        if e == "u":
            if s.startswith("{", self.i + 2):
                end = s.index("}", self.i)
                code = int(s[self.i + 3:end], 16)
                self.i = end + 1
            else:
                code = int(s[self.i + 2:self.i + 6], 16)
                self.i += 6
                low = re.compile(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})").match(s, self.i)
                if 0xD800 <= code <= 0xDBFF and low:
                    # A surrogate pair in Unicode mode is the one code point it encodes.
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                    self.i = low.end()
            return f"\\U{code:08x}"
        if e == "x":
            code = int(s[self.i + 2:self.i + 4], 16)
            self.i += 4
            return f"\\x{code:02x}"
        if e == "c":
            code = ord(s[self.i + 2]) % 32
            self.i += 3
            return f"\\x{code:02x}"
        if e == "0":
            self.i += 2
            return "\\x00"
        if e in "pP":
            raise Unexpressible(f"\\{e}{{…}} (Unicode properties): Python's re has no such classes")
        if e in "123456789k":
            raise Unexpressible("a backreference")
        self.i += 2
        if e in "nrtfv":
            return "\\" + e
        return re.escape(e)

    def char_class(self) -> _Node:
        s = self.s
        start = self.i
        self.i += 1
        negated = s.startswith("^", self.i)
        if negated:
            self.i += 1
        body: list[str] = []
        while s[self.i] != "]":
            c = s[self.i]
            if c == "\\":
                e = s[self.i + 1]
                if e in "dDwWsSb":
                    body.append(s[self.i:self.i + 2])  # _explicit_class spells these out
                    self.i += 2
                elif e == "-":
                    body.append("\\-")
                    self.i += 2
                else:
                    body.append(self.char_escape())
            else:
                # re warns about (and may one day read) [[, &&, ~~ and || as set operations.
                body.append("\\" + c if c in "[&~|" else c)
                self.i += 1
        self.i += 1
        text = s[start:self.i]
        if text == "[]":
            return _Node("char", py="(?!)")
        if text == "[^]":
            return _Node("char", py="[\\s\\S]")
        return _Node("char", py=_explicit_class("[" + ("^" if negated else "") + "".join(body) + "]"))


def _render_node(node: _Node) -> str:
    if node.kind == "group":
        return node.py + _render(node.alternatives) + ")"
    if node.kind == "quant":
        assert node.inner is not None
        return _render_node(node.inner) + node.py
    return node.py


def _render(alternatives: list[list[_Node]]) -> str:
    return "|".join("".join(_render_node(n) for n in seq) for seq in alternatives)


def _flat(alternatives: list[list[_Node]]) -> list[_Node]:
    return [n for seq in alternatives for n in seq]


# -- how badly it can backtrack --------------------------------------------------------------------


class _Exponential(Exception):
    pass


def _unbounded(node: _Node) -> bool:
    return node.kind == "quant" and (node.high is None or node.high > SMALL_REPEAT)


def _repeats(node: _Node) -> bool:
    return node.kind == "quant" and (node.high is None or node.high > 1)


def _as_char(node: _Node) -> str | None:
    """The single-character class a node matches, if it is one (a group of one-character
    alternatives, like ``(a|b)``, is one too)."""
    if node.kind == "char":
        return node.py
    if node.kind == "group" and not node.look and all(len(seq) == 1 and seq[0].kind == "char" for seq in node.alternatives):
        classes = [seq[0].py for seq in node.alternatives]
        # (a|a) is no class: the same character two ways is what makes (a|a)* exponential.
        if all(_disjoint(a, b) for i, a in enumerate(classes) for b in classes[i + 1:]):
            return "(?:" + "|".join(classes) + ")"
    return None


def _holds_choice(alternatives: list[list[_Node]]) -> bool:
    """A quantifier or an alternation somewhere inside: what makes repeating it ambiguous."""
    if len(alternatives) > 1:
        return True
    for node in _flat(alternatives):
        if node.kind == "quant" and (_repeats(node) or node.low != node.high):
            return True
        inner = node.inner if node.kind == "quant" else node
        if inner is not None and inner.kind == "group" and _as_char(inner) is None and _holds_choice(inner.alternatives):
            return True
    return False


def _delimited(group: _Node) -> bool:
    """``(-[a-z]+)``: one alternative starting with a plain character class that no quantifier
    inside can match, so each repetition's start is unambiguous."""
    if len(group.alternatives) != 1 or not group.alternatives[0]:
        return False
    first, *rest = group.alternatives[0]
    lead = _as_char(first)
    if lead is None:
        return False
    for node in rest:
        if node.kind == "quant":
            inner = _as_char(node.inner) if node.inner is not None else None
            if inner is None or not _disjoint(inner, lead):
                return False
        elif _as_char(node) is None and node.kind != "assert":
            return False
    return True


def _exponential_free_degree(alternatives: list[list[_Node]]) -> int:
    """The polynomial degree of the worst-case search (<= 1: linear); _Exponential if there is none.

    A quantifier costs the length of its run each time it is entered; it is entered once per
    way the earlier quantifiers can split the string. A *guarded* one (giving a character back
    fails at once) splits it one way only. So the degree is 1 for the runs, plus one per unguarded
    quantifier, plus one for the starting positions of an unanchored search; a quantifier that
    ends the whole pattern costs nothing (the search has succeeded when it stops).
    """
    anchored = all(seq and seq[0].kind == "assert" and seq[0].py == "^" for seq in alternatives)
    tally = _Tally()
    _walk(alternatives, [], True, tally)
    if not tally.runs:
        return 0
    return 1 + tally.unguarded + (0 if anchored else 1)


@dataclass
class _Tally:
    runs: int = 0
    unguarded: int = 0


def _walk(alternatives: list[list[_Node]], follow: list[_Node], top: bool, tally: _Tally) -> None:
    for seq in alternatives:
        for index, node in enumerate(seq):
            rest = seq[index + 1:] + follow
            at_end = top and not rest
            if node.kind == "group":
                _walk(node.alternatives, rest, top and not rest and not node.look, tally)
                continue
            if node.kind != "quant":
                continue
            assert node.inner is not None
            inner = node.inner
            char = _as_char(inner)
            if char is None:  # a quantified group
                if _repeats(node) and _holds_choice(inner.alternatives) and not _delimited(inner):
                    raise _Exponential(
                        "a repeated group holds a quantifier or an alternation, so it can backtrack "
                        "exponentially: Python's re and JavaScript's RegExp would hang on some strings"
                    )
                lead = inner.alternatives[0][0] if _delimited(inner) else None
                # Inside, what may follow is another repetition (starting with the lead) or the rest.
                _walk(inner.alternatives, ([lead] if lead is not None else [inner]) + rest, False, tally)
                if _unbounded(node) and not at_end:
                    tally.runs += 1
                    if lead is None or not _guarded(_as_char(lead) or "", rest, top):
                        tally.unguarded += 1
            elif _unbounded(node) and not at_end:
                tally.runs += 1
                if not _guarded(char, rest, top):
                    tally.unguarded += 1


def _first(node: _Node) -> str | None:
    """The class of characters ``node`` can start with, when it is simple enough to say."""
    if node.kind == "quant" and node.inner is not None:
        return _first(node.inner)
    char = _as_char(node)
    if char is not None:
        return char
    if node.kind == "group" and not node.look:
        firsts = []
        for seq in node.alternatives:
            if not seq or (seq[0].kind == "quant" and seq[0].low == 0):
                return None
            first = _first(seq[0])
            if first is None:
                return None
            firsts.append(first)
        return "(?:" + "|".join(firsts) + ")"
    return None


def _guarded(char: str, following: list[_Node], top: bool) -> bool:
    """Whether giving back a character taken by ``char*`` fails at once: each thing that may come
    next must start with a class disjoint from it, up to one that must come (or the end)."""
    for node in following:
        if node.kind == "assert":
            if node.py == r"\Z":
                return True
            if node.py == "^":
                return True  # cannot match after a character
            return False
        first = _first(node)
        if not char or first is None or not _disjoint(char, first):
            return False
        if not (node.kind == "quant" and node.low == 0):
            return True
    return top  # the pattern ends here: the search has succeeded, nothing is given back


# Every BMP code point but the surrogates, and a sample of the others: two classes are disjoint
# when no character of this sample matches both (classes in schemas name BMP characters).
_SAMPLE = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF) + "".join(
    chr(c) for c in range(0x10000, 0x110000, 0x3FF)
)


@lru_cache(maxsize=4096)
def _members(char: str) -> frozenset[str]:
    return frozenset(re.findall(char, _SAMPLE))


def _disjoint(a: str, b: str) -> bool:
    return not (_members(a) & _members(b))
