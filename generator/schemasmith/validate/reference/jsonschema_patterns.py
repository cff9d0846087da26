"""jsonschema's keywords that match regular expressions, made to match with patterns.search.

jsonschema has no setting for its regex engine: its ``pattern``, ``patternProperties``,
``additionalProperties`` and ``unevaluatedProperties`` call ``re.search``. ``with_ecma_patterns(cls)``
is ``cls`` extended so that all four match with patterns.search, ECMA-262 in bounded time:

- ``pattern``, ``patternProperties`` and ``additionalProperties`` are written here (jsonschema's
  errors, word for word). additionalProperties also tests each ``patternProperties`` pattern on
  its own, where jsonschema joins them with ``|`` into one that may not compile (ECMA-262 lets
  two patterns name a group alike), and reports the properties in the document's order, where
  jsonschema's set gave a different order with each PYTHONHASHSEED;
- ``unevaluatedProperties`` is jsonschema's, whose helpers (in ``jsonschema._utils`` and
  ``jsonschema._legacy_keywords``) call ``re.search`` on the ``re`` their modules imported. That
  name is bound, in those two modules, to a stand-in that is ``re`` itself except while one of our
  validators runs unevaluatedProperties (a context variable says so, per thread). Anyone else's
  jsonschema validators in the process keep Python's ``re``, unchanged.

A string too costly to match becomes that keyword's error for the document (PatternTooCostly's
message), so a run goes on. tests/test_validate_patterns.py fails if jsonschema starts calling
``re`` anywhere else in those modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import jsonschema._legacy_keywords
import jsonschema._utils
import jsonschema.validators
from jsonschema._utils import extras_msg
from jsonschema.exceptions import ValidationError

from ..patterns import PatternTooCostly, search

PATCHED_MODULES = (jsonschema._utils, jsonschema._legacy_keywords)

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
            module.re = _ReOrEcma()


_install()
_EXTENDED: dict[type[Any], type[Any]] = {}


def with_ecma_patterns(validator_class: type[Any]) -> type[Any]:
    """``validator_class`` whose regular expressions are ECMA-262, matched in bounded time."""
    if validator_class not in _EXTENDED:
        overrides: dict[str, Callable[..., Iterator[ValidationError]]] = {
            "pattern": _pattern,
            "patternProperties": _pattern_properties,
            "additionalProperties": _additional_properties,
        }
        if "unevaluatedProperties" in validator_class.VALIDATORS:
            overrides["unevaluatedProperties"] = _ecma(validator_class.VALIDATORS["unevaluatedProperties"])
        _EXTENDED[validator_class] = jsonschema.validators.extend(validator_class, overrides)
    return _EXTENDED[validator_class]


def _too_costly(exc: PatternTooCostly) -> ValidationError:
    return ValidationError(f"could not be checked: {exc}")


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string"):
        try:
            matched = search(pattern, instance)
        except PatternTooCostly as exc:
            yield _too_costly(exc)
            return
        if not matched:
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in value.items():
        for name, item in instance.items():
            try:
                matched = search(pattern, name)
            except PatternTooCostly as exc:
                yield _too_costly(exc)
                continue
            if matched:
                yield from validator.descend(item, subschema, path=name, schema_path=pattern)


def _additional_properties(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    try:
        extras = [name for name in instance if name not in declared and not any(search(p, name) for p in patterns)]
    except PatternTooCostly as exc:
        yield _too_costly(exc)
        return
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
            errors = [_too_costly(exc)]
        finally:
            _ECMA.reset(token)
        yield from errors

    run.__name__ = getattr(keyword, "__name__", "keyword")
    return run
