"""jsonschema's keywords that match regular expressions, made to match with patterns.search.

jsonschema has no setting for its regex engine: ``pattern``, ``patternProperties``,
``additionalProperties`` and ``unevaluatedProperties`` (through helpers in ``jsonschema._utils``
and ``jsonschema._legacy_keywords``) call ``re.search`` on the ``re`` their modules imported.
Here that name is bound, in those three modules, to a stand-in that is ``re`` itself except
while one of our reference validators runs one of those keywords (a context variable says so,
per thread): then ``search`` is patterns.search, ECMA-262 in bounded time. Anyone else's
jsonschema validators in the process keep Python's ``re``, unchanged.

``with_ecma_patterns(cls)`` is ``cls`` extended with those four keywords wrapped that way
(``additionalProperties`` rewritten: see _additional_properties). A
string too costly to match becomes that keyword's error for the document (PatternTooCostly's
message), so a run goes on. tests/test_validate_patterns.py fails if jsonschema starts calling
``re`` anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import jsonschema._keywords
import jsonschema._legacy_keywords
import jsonschema._utils
import jsonschema.validators
from jsonschema._utils import extras_msg
from jsonschema.exceptions import ValidationError

from .patterns import PatternTooCostly, search

PATTERN_KEYWORDS = ("pattern", "patternProperties", "additionalProperties", "unevaluatedProperties")
PATCHED_MODULES = (jsonschema._keywords, jsonschema._utils, jsonschema._legacy_keywords)

_ECMA = ContextVar("schemasmith_ecma_patterns", default=False)


class _ReOrEcma:
    """``re``, but with ECMA-262 ``search`` while _ECMA is set."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def search(self, pattern: Any, string: Any, flags: int = 0) -> Any:
        if _ECMA.get() and isinstance(pattern, str) and isinstance(string, str) and not flags:
            return True if search(pattern, string) else None
        return re.search(pattern, string, flags)


def _install() -> None:
    for module in PATCHED_MODULES:
        if module.__dict__.get("re") is re:
            module.re = _ReOrEcma()  # type: ignore[attr-defined]


_install()
_EXTENDED: dict[type[Any], type[Any]] = {}


def with_ecma_patterns(validator_class: type[Any]) -> type[Any]:
    """``validator_class`` whose regular expressions are ECMA-262, matched in bounded time."""
    if validator_class not in _EXTENDED:
        overrides = {
            keyword: _ecma(_additional_properties if keyword == "additionalProperties" else validator_class.VALIDATORS[keyword])
            for keyword in PATTERN_KEYWORDS
            if keyword in validator_class.VALIDATORS
        }
        _EXTENDED[validator_class] = jsonschema.validators.extend(validator_class, overrides)
    return _EXTENDED[validator_class]


def _additional_properties(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's additionalProperties (same errors), but each patternProperties pattern matched
    on its own, and the properties taken in the document's order.

    jsonschema joins the patterns with ``|`` into one, which may not compile where each does
    (ECMA-262 lets two patterns name a group alike), and gathers the properties in a set: their
    errors came out in hash order, different with each PYTHONHASHSEED.
    """
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [name for name in instance if name not in declared and not any(search(p, name) for p in patterns)]
    if validator.is_type(value, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], value, path=extra)
    elif not value and extras:
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            listed = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")
        else:
            yield ValidationError(
                "Additional properties are not allowed (%s %s unexpected)" % extras_msg(sorted(extras, key=str))
            )


def _ecma(keyword: Callable[..., Iterator[ValidationError]]) -> Callable[..., Iterator[ValidationError]]:
    def run(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        token = _ECMA.set(True)
        try:
            # Consumed here, so every search happens while the context variable is set.
            errors = list(keyword(validator, value, instance, schema))
        except PatternTooCostly as exc:
            errors = [ValidationError(f"could not be checked: {exc}")]
        finally:
            _ECMA.reset(token)
        yield from errors

    run.__name__ = getattr(keyword, "__name__", "keyword")
    return run
