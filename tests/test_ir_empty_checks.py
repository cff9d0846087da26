"""``read_checks`` and ``constraints_of`` (ir/checks.py, ir/constraints.py) skip the work for a
schema with none of their keywords (issue 21: 36,000 fields for GitHub's API description); on
random schemas both give what their plain forms give."""

from __future__ import annotations

import random
from typing import Any

from schemasmith.ir import checks as checks_module
from schemasmith.ir.checks import read_checks
from schemasmith.ir.constraints import KEYWORDS, constraints_of
from schemasmith.ir.nodes import Checks

VALUES: list[Any] = [None, True, False, 0, 1, -1, 2.0, 2.5, -0.5, float("nan"), "x", "^a+$", [], {}]
NAMES = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
         "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "type",
         "description", "contentEncoding", "contentMediaType", "anyOf", "oneOf"]
KINDS = ["number", "integer", "string", "array", "object", "boolean", "null"]


def schemas(count: int) -> list[dict[str, Any]]:
    rng = random.Random(21)
    found: list[dict[str, Any]] = [{}]
    for _ in range(count):
        schema = {name: rng.choice(VALUES) for name in rng.sample(NAMES, rng.randint(0, 4))}
        if rng.random() < 0.2:
            schema["anyOf"] = [{"type": "null"}, {name: rng.choice(VALUES) for name in rng.sample(NAMES[:13], 2)}]
        found.append(schema)
    return found


def plain_read_checks(schema: dict[str, Any], kind: str) -> Checks | None:
    """read_checks as it was: every schema's values built into a Checks, compared with an empty one."""
    values: dict[str, Any] = {}
    number, count = checks_module._number, checks_module._count
    if kind in ("number", "integer"):
        minimum, maximum = number(schema.get("minimum")), number(schema.get("maximum"))
        low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if low is True and minimum is not None:
            values["exclusive_minimum"], minimum = minimum, None
        elif number(low) is not None:
            values["exclusive_minimum"] = low
        if high is True and maximum is not None:
            values["exclusive_maximum"], maximum = maximum, None
        elif number(high) is not None:
            values["exclusive_maximum"] = high
        values["minimum"], values["maximum"] = minimum, maximum
        multiple = number(schema.get("multipleOf"))
        if multiple is not None and multiple > 0:
            values["multiple_of"] = multiple
    elif kind == "string":
        values["min_length"], values["max_length"] = count(schema.get("minLength")), count(schema.get("maxLength"))
        if isinstance(schema.get("pattern"), str):
            values["pattern"] = checks_module.pattern_of(schema["pattern"])
    elif kind == "array":
        values["min_items"], values["max_items"] = count(schema.get("minItems")), count(schema.get("maxItems"))
        values["unique_items"] = schema.get("uniqueItems") is True
    elif kind == "object":
        values["min_properties"] = count(schema.get("minProperties"))
        values["max_properties"] = count(schema.get("maxProperties"))
    checks = Checks(**values)
    return None if checks == Checks() else checks


def plain_constraints_of(schema: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(schema, dict):
        return ()
    sources = [schema]
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list):
            rest = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(rest) == 1 and isinstance(rest[0], dict):
                sources.append(rest[0])
    found: dict[str, Any] = {}
    for source in sources:
        for keyword, accepts in KEYWORDS:
            if keyword in source and keyword not in found and accepts(source[keyword]):
                found[keyword] = source[keyword]
    return tuple((keyword, found[keyword]) for keyword, _ in KEYWORDS if keyword in found)


def test_read_checks_is_its_plain_form() -> None:
    for schema in schemas(3000):
        for kind in KINDS:
            assert read_checks(schema, kind) == plain_read_checks(schema, kind), (schema, kind)


def test_constraints_of_is_its_plain_form() -> None:
    for schema in schemas(3000):
        assert constraints_of(schema, lambda s: s) == plain_constraints_of(schema), schema
