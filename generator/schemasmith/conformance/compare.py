"""Comparing the judges' verdicts on one payload, and what an accepted payload came back as."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..source.pointer import escape_token
from ..validate.formats import date_time_parts
from .languages import language_runtimes
from .verdicts import Outcome, Payload, Problem, Verdict, shorten


_EPOCH = date(1970, 1, 1).toordinal()
# 400 Gregorian years are exactly 146,097 days: year 0 (valid RFC 3339, unknown to `date`) is read
# as year 400, moved back.
_FOUR_CENTURIES = 146_097


def instant(text: str, digits: int) -> int | None:
    """A valid RFC 3339 date-time as a count of 10**-digits seconds since 1970 (fraction truncated;
    a leap second as the last such unit of second 59, the closest instant the languages hold).
    Validity and fields are validate.formats' reading; the calendar is the standard library's."""
    parts = date_time_parts(text)
    if parts is None:
        return None
    units = 10**digits
    sub = int(parts.fraction[:digits].ljust(digits, "0")) if digits else 0
    second = parts.second
    if second == 60:
        second, sub = 59, units - 1
    if parts.year == 0:
        days = date(400, parts.month, parts.day).toordinal() - _FOUR_CENTURIES - _EPOCH
    else:
        days = date(parts.year, parts.month, parts.day).toordinal() - _EPOCH
    seconds = days * 86400 + parts.hour * 3600 + parts.minute * 60 + second - parts.offset_minutes * 60
    return int(seconds * units + sub)


def first_difference(original: Any, again: Any, *, digits: int, doubles: bool, pointer: str = "") -> str | None:
    """The JSON Pointer of the first place ``again`` differs from ``original`` as JSON, or None.

    Numbers compare by value (as doubles when ``doubles``); a date-time string may change spelling
    but not its instant at ``digits`` fraction digits; object keys are unordered.
    """
    if original is None or isinstance(original, bool):
        return None if type(again) is type(original) and again == original else pointer
    if isinstance(original, (int, float)):
        if isinstance(again, bool) or not isinstance(again, (int, float)):
            return pointer
        if doubles:
            try:
                return None if float(original) == float(again) else pointer
            except OverflowError:
                return pointer
        return None if original == again else pointer
    if isinstance(original, str):
        if not isinstance(again, str):
            return pointer
        if original == again:
            return None
        before = instant(original, digits)
        return None if before is not None and before == instant(again, digits) else pointer
    if isinstance(original, list):
        if not isinstance(again, list):
            return pointer
        for index, (a, b) in enumerate(zip(original, again)):
            found = first_difference(a, b, digits=digits, doubles=doubles, pointer=f"{pointer}/{index}")
            if found is not None:
                return found
        return None if len(original) == len(again) else f"{pointer}/{min(len(original), len(again))}"
    if isinstance(original, dict):
        if not isinstance(again, dict):
            return pointer
        for key, value in original.items():
            if key not in again:
                return f"{pointer}/{escape_token(key)}"
            found = first_difference(value, again[key], digits=digits, doubles=doubles,
                                     pointer=f"{pointer}/{escape_token(key)}")
            if found is not None:
                return found
        extra = next((key for key in again if key not in original), None)
        return None if extra is None else f"{pointer}/{escape_token(extra)}"
    return pointer




def compare(
    payload: Payload, verdicts: dict[str, Verdict], document: Any, unchecked: frozenset[str] = frozenset()
) -> Outcome:
    """``unchecked``: the keywords generation named as left to ``schemasmith validate``."""
    outcome = Outcome(payload, verdicts)
    problems = outcome.problems
    if len({v.valid for v in verdicts.values()}) > 1:
        kind = "unchecked" if _only_unchecked(verdicts, unchecked) else "verdicts"
        problems.append(Problem(kind, "verdicts differ: " + ", ".join(
            f"{judge} {verdict.describe()}" for judge, verdict in verdicts.items())))
    for judge, verdict in verdicts.items():
        if verdict.crashed:
            expected = "a verdict" if judge == "cli" else "its SchemaValidationError"
            problems.append(Problem("error type", f"{judge} failed with {shorten(verdict.message, 300)} "
                                                  f"instead of {expected}", judge))
    reference = verdicts.get("reference")
    if reference is None:
        return outcome
    languages = language_runtimes()
    if reference.valid:
        for judge, runtime in languages:
            language = verdicts.get(judge)
            if language is not None and language.valid:
                problem = _round_trip_problem(
                    judge, language, document, runtime.date_time_digits, runtime.numbers_are_doubles
                )
                if problem is not None:
                    problems.append(problem)
        return outcome
    located = set(reference.pointers)
    for judge in ("cli", *(name for name, _ in languages)):
        other = verdicts.get(judge)
        if other is None or other.valid or other.crashed:
            continue
        if (set(other.pointers) != located) if judge == "cli" else (other.pointers[0] not in located):
            problems.append(Problem("pointer", f"{judge} locates the problem at "
                                    f"{', '.join('#' + p for p in dict.fromkeys(other.pointers))}, the reference at "
                                    f"{', '.join('#' + p for p in dict.fromkeys(reference.pointers))}", judge))
    return outcome


def _only_unchecked(verdicts: dict[str, Verdict], unchecked: frozenset[str]) -> bool:
    """Whether the languages differ from the reference (and the CLI) only where they were told to:
    every reference error involves a keyword left to the validator, or a language refused a string
    too long for a backtracking pattern."""
    reference = verdicts.get("reference")
    if reference is None:
        return False
    for judge, _ in language_runtimes():
        language = verdicts.get(judge)
        if language is None or language.valid == reference.valid:
            continue
        if language.crashed:
            return False
        if reference.valid:
            if "in bounded time" not in language.message:
                return False
        elif not reference.schema_keywords or not all(k & unchecked for k in reference.schema_keywords):
            return False
    cli = verdicts.get("cli")
    return cli is None or cli.valid == reference.valid


def _round_trip_problem(judge: str, verdict: Verdict, document: Any, digits: int, doubles: bool) -> Problem | None:
    if verdict.round_trip is None:
        return Problem("round trip", f"{judge} accepted it but could not write it back: {verdict.round_trip_error}", judge)
    try:
        again = json.loads(verdict.round_trip)
    except (ValueError, RecursionError) as error:
        return Problem("round trip", f"{judge} wrote back text that is not JSON: {error}", judge)
    where = first_difference(document, again, digits=digits, doubles=doubles)
    if where is None:
        return None
    return Problem("round trip", f"{judge} round trip changed #{where}: {_show(_resolve(document, where))} -> "
                                 f"{_show(_resolve(again, where))}", judge)


_ABSENT = object()


def _resolve(document: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(document, dict):
            document = document.get(token, _ABSENT)
        elif isinstance(document, list) and token.isdigit() and int(token) < len(document):
            document = document[int(token)]
        else:
            return _ABSENT
    return document


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "(absent)"
    try:
        return shorten(json.dumps(value, ensure_ascii=False), 80)
    except (ValueError, RecursionError):
        return shorten(repr(value), 80)

