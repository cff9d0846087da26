"""The keywords that judge a value itself, for nested_errors.py: jsonschema 4.26's, word for word.

Each takes (keyword value, instance, schema) and returns the errors a ``jsonschema`` keyword function
yields, as ``Error``s whose keyword the walk (nested_errors.NestedErrors._descend) sets, as
jsonschema's ``descend`` does. Instances are exactly JSON values, so a class test stands for
jsonschema's type checker (``True`` is no integer; ``1.0`` is one, from draft 6 on).
"""

from __future__ import annotations

from typing import Any

from ..json_types import is_type
from ..patterns import PatternTooCostly, search

# A keyword not yet set on an error (the walk sets it), or an absent value.
UNSET: Any = object()


class Error:
    """One error as jsonschema builds it: ``path`` relative to the instance its frame started at
    (the document, or an anyOf/oneOf's instance for its branches' errors), the keyword that
    failed, its value, the instance and the schema it sat in, and for anyOf/oneOf the branches'
    errors (``context``)."""

    __slots__ = ("path", "message", "keyword", "value", "instance", "schema", "context")

    def __init__(self, message: str, keyword: str | None, value: Any, instance: Any, schema: Any,
                 context: list[Error] | None = None) -> None:
        self.path: tuple[Any, ...] = ()
        self.message = message
        self.keyword = keyword
        self.value = value
        self.instance = instance
        self.schema = schema
        self.context = context or []


def error(message: str) -> list[Error]:
    return [Error(message, UNSET, None, None, None)]


def too_costly(exc: PatternTooCostly) -> Error:
    return Error(f"could not be checked: {exc}", UNSET, None, None, None)




def type_(types: Any, instance: Any, schema: Any) -> list[Error]:
    names = [types] if isinstance(types, str) else types
    if any(is_type(instance, name) for name in names):
        return []
    return error(f"{instance!r} is not of type {', '.join(repr(name) for name in names)}")


def required(required: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is not dict:
        return []
    return [Error(f"{name!r} is a required property", UNSET, None, None, None) for name in required
            if name not in instance]


def enum(enums: Any, instance: Any, schema: Any) -> list[Error]:
    if any(_equal(each, instance) for each in enums):
        return []
    return error(f"{instance!r} is not one of {enums!r}")


def const(const: Any, instance: Any, schema: Any) -> list[Error]:
    return [] if _equal(instance, const) else error(f"{const!r} was expected")


def _is_number(instance: Any) -> bool:
    return instance.__class__ is int or instance.__class__ is float


def minimum(minimum: Any, instance: Any, schema: Any) -> list[Error]:
    if _is_number(instance) and instance < minimum:
        return error(f"{instance!r} is less than the minimum of {minimum!r}")
    return []


def maximum(maximum: Any, instance: Any, schema: Any) -> list[Error]:
    if _is_number(instance) and instance > maximum:
        return error(f"{instance!r} is greater than the maximum of {maximum!r}")
    return []


def exclusive_minimum(minimum: Any, instance: Any, schema: Any) -> list[Error]:
    if _is_number(instance) and instance <= minimum:
        return error(f"{instance!r} is less than or equal to the minimum of {minimum!r}")
    return []


def exclusive_maximum(maximum: Any, instance: Any, schema: Any) -> list[Error]:
    if _is_number(instance) and instance >= maximum:
        return error(f"{instance!r} is greater than or equal to the maximum of {maximum!r}")
    return []


def min_items(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is list and len(instance) < limit:
        return error(f"{instance!r} {'should be non-empty' if limit == 1 else 'is too short'}")
    return []


def max_items(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is list and len(instance) > limit:
        return error(f"{instance!r} {'is expected to be empty' if limit == 0 else 'is too long'}")
    return []


def min_length(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is str and len(instance) < limit:
        return error(f"{instance!r} {'should be non-empty' if limit == 1 else 'is too short'}")
    return []


def max_length(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is str and len(instance) > limit:
        return error(f"{instance!r} {'is expected to be empty' if limit == 0 else 'is too long'}")
    return []


def pattern(pattern: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is not str:
        return []
    try:
        matched = search(pattern, instance)
    except PatternTooCostly as exc:
        return [too_costly(exc)]
    return [] if matched else error(f"{instance!r} does not match {pattern!r}")


_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    return _TRUE if value is True else _FALSE if value is False else value


def _equal(one: Any, two: Any) -> bool:
    """jsonschema._utils.equal on JSON values: True is not 1, and lists and objects compare so."""
    if one is two:
        return True
    if one.__class__ is str or two.__class__ is str:
        return bool(one == two)
    if one.__class__ is list and two.__class__ is list:
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two))
    if one.__class__ is dict and two.__class__ is dict:
        return len(one) == len(two) and all(key in two and _equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))




def multiple_of(divisor: Any, instance: Any, schema: Any) -> list[Error]:
    if not _is_number(instance):
        return []
    if isinstance(divisor, float):
        quotient = instance / divisor
        try:
            failed = int(quotient) != quotient
        except OverflowError:
            from fractions import Fraction

            failed = (Fraction(instance) / Fraction(divisor)).denominator != 1
    else:
        failed = instance % divisor
    return error(f"{instance!r} is not a multiple of {divisor}") if failed else []


def min_properties(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is dict and len(instance) < limit:
        return error(f"{instance!r} {'should be non-empty' if limit == 1 else 'does not have enough properties'}")
    return []


def max_properties(limit: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is dict and len(instance) > limit:
        return error(f"{instance!r} {'is expected to be empty' if limit == 0 else 'has too many properties'}")
    return []


def dependent_required(dependencies: Any, instance: Any, schema: Any) -> list[Error]:
    if instance.__class__ is not dict:
        return []
    return [Error(f"{each!r} is a dependency of {name!r}", UNSET, None, None, None)
            for name, dependency in dependencies.items() if name in instance
            for each in dependency if each not in instance]


def unique_items(unique: Any, instance: Any, schema: Any) -> list[Error]:
    if unique and instance.__class__ is list and not _uniq(instance):
        return error(f"{instance!r} has non-unique elements")
    return []


def _uniq(container: list[Any]) -> bool:
    """jsonschema._utils.uniq, step for step (sorted neighbours, or every pair when unsortable)."""
    try:
        ordered = sorted(_unbool(item) for item in container)
        for one, two in zip(ordered, ordered[1:]):
            if _equal(one, two):
                return False
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for item in container:
            item = _unbool(item)
            if any(_equal(other, item) for other in seen):
                return False
            seen.append(item)
    return True
