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
from ..format_names import IPV4_LITERAL, grammar_sources, mailbox_source, uri_template_source


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
        **grammars_context(formats, python),
        "rules_text": text,
        "rule_patterns": [(p.python if python else p.source, p.source, p.max_length) for p in patterns],
    }


def grammars_context(formats: set[str], python: bool) -> dict[str, Any]:
    """The grammars the rules' formats need, as validate reads them (format_names.py):
    ``rule_grammars`` (format name -> pattern text, matched whole; an IP literal captured in a
    group named ``literal...`` is checked after) and ``ipv4_literal`` for a mailbox's literal."""
    named = "?P" if python else "?"
    grammars: dict[str, str] = {}
    for international, names in ((False, ("uri", "uri-reference")), (True, ("iri", "iri-reference"))):
        if formats & set(names):
            grammars.update(zip(names, grammar_sources(international, named)))
    for name, international in (("email", False), ("idn-email", True)):
        if name in formats:
            grammars[name] = mailbox_source(international, named)
    if "uri-template" in formats:
        grammars["uri-template"] = uri_template_source()
    return {"rule_grammars": grammars, "ipv4_literal": IPV4_LITERAL}
