"""The IR's rules (ir/rules.py) as the JSON text both loaders' rule interpreters read.

One serialisation for both targets, so they run the same table: a pattern becomes an index into
the patterns list (each target compiles its patterns as module constants), ``multipleOf`` a pair
(the divisor, whether the schema wrote it as a non-integer: the validator's arithmetic differs, and
JavaScript cannot tell 2.0 from 2), everything else stays as the IR holds it.
"""

from __future__ import annotations

import json
from typing import Any

from ..ir.nodes import Pattern, Rule
from ..format_names import grammar_sources


def rules_json(rules: tuple[Rule, ...]) -> tuple[str, list[Pattern]]:
    """The rules as compact JSON text (a list of rules, each a list of [keyword, argument]) and
    the patterns its indices refer to, in first-use order."""
    patterns: list[Pattern] = []

    def pattern(p: Any) -> int:
        if p not in patterns:
            patterns.append(p)
        return patterns.index(p)

    def argument(keyword: str, value: Any) -> Any:
        if keyword == "pattern":
            return pattern(value)
        if keyword == "patternProperties":
            return [[pattern(p), rule] for p, rule in value]
        if keyword == "multipleOf":
            return [value, isinstance(value, float)]
        return _plain(value)

    table = [[[keyword, argument(keyword, value)] for keyword, value in rule.keywords] for rule in rules]
    return json.dumps(table, ensure_ascii=False, separators=(",", ":"), allow_nan=False), patterns


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def rules_context(rules: tuple[Rule, ...], uses: set[str], helpers: set[str], python: bool) -> dict[str, Any]:
    """What a module template needs to hold the rules: their JSON text and patterns (Python's
    translation, or the ECMA-262 source itself, with the bound), and ``uses_rules``. The rule
    interpreter reuses the typed checks' helpers (multipleOf, lengths, uniqueItems): ``helpers``
    are added to ``uses`` when there are rules."""
    text, patterns = rules_json(rules)
    if rules:
        uses |= {"rules", *helpers}
    formats = {value for rule in rules for keyword, value in rule.keywords if keyword == "format"}
    return {
        "uses_rules": bool(rules),
        "rule_formats": formats,
        # RFC 3986's grammar, as validate reads it (validate/format_uris.py), when a rule needs it.
        "uri_grammar": grammar_sources(False, "?P" if python else "?") if formats & {"uri", "uri-reference"} else None,
        "rules_text": text,
        "rule_patterns": [(p.python if python else p.source, p.source, p.max_length) for p in patterns],
    }
