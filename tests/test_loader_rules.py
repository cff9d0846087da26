"""The loaders' rule interpreter (ir/rules.py, templates/*/_rules.*.jinja): the applicator keywords
and formats no type carries, with `schemasmith validate`'s verdict in both languages.

- formats: every string of the official suite's format cases (and a few mutations of each) for the
  formats the rules check, judged by the reference, the CLI, Python and TypeScript (conformance);
- a draft-07 schema: `dependencies` in both forms, a property whose schema is `false`, `if`/`then`/`else`, a `$ref` whose siblings
  draft 7 ignores, array-form `items` and `contains` inside `not`, recursion through a property,
  `propertyNames`, `patternProperties`: conformance over hand-picked and hypothesis payloads;
- `unevaluatedProperties`/`unevaluatedItems` (2020-12) through every keyword that evaluates: conformance over
  hand-picked and hypothesis payloads; draft 2019-09's stay named;
- what the rules cannot run stays named at generation time (a format they do not check inside a
  `not`, an exponential pattern, a subschema applied to itself in place, an `unevaluatedProperties`
  whose schema holds one of those).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import SHARED, tool
from schemasmith.conformance import check as conformance
from schemasmith.conformance.check import NodeTools, Payload
from schemasmith.ir.builder import build_ir
from schemasmith.ir.rules import RULE_FORMATS, TYPED_FORMATS
from schemasmith.source.load import load_schema

SUITE_FORMATS = SHARED / "json-schema-test-suite" / "tests" / "draft2020-12" / "optional" / "format"


def _conformance(schema: dict[str, Any], payloads: list[Any], workdir: Path) -> conformance.Report:
    path = workdir / "rules.schema.json"
    path.write_text(json.dumps(schema), "utf-8")
    texts = [Payload.of_text(f"payload #{n}", json.dumps(p)) for n, p in enumerate(payloads)]
    return conformance.run(path, texts, typescript=True, tools=NodeTools(node=tool("node"), tsc=tool("tsc")),
                           workdir=workdir)


def _assert_agree(report: conformance.Report) -> int:
    assert report.judges == ("reference", "cli", "python", "typescript") and not report.broken
    failing = conformance.report_lines(report)
    assert not failing, "\n".join(failing[:30])
    return sum(1 for o in report.outcomes if o.verdicts["reference"].valid)


def _mutations(text: str) -> list[str]:
    return [text, text + "\n", " " + text, text.upper(), text[:-1], text.replace(":", "::", 1), text + "%"]


@pytest.mark.skipif(not SUITE_FORMATS.is_dir(), reason=f"{SUITE_FORMATS} is absent (the official test suite)")
def test_formats_agree_with_the_validator(tmp_path: Path) -> None:
    names = sorted(RULE_FORMATS)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Formats", "type": "object",
              # date-time, date and uuid through `not: {not: ...}`: a typed string holds them in its
              # type (Python's UUID, for one, writes them back in lower case), not in a rule.
              "properties": {name: {"type": "string", "format": name} if name not in TYPED_FORMATS else
                             {"type": "string", "not": {"not": {"format": name}}} for name in names}}
    payloads = []
    for name in names:
        cases = json.loads((SUITE_FORMATS / f"{name}.json").read_text("utf-8"))
        for group in cases:
            for test in group["tests"]:
                if isinstance(test["data"], str):
                    payloads += [{name: text} for text in _mutations(test["data"])]
    valid = _assert_agree(_conformance(schema, payloads, tmp_path))
    assert 100 <= valid <= len(payloads) - 100, (valid, len(payloads))


DRAFT7: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Node",
    "type": "object",
    "definitions": {
        "positive": {"type": "integer", "minimum": 1},
        "node": {"$ref": "#", "description": "draft 7: the $ref's siblings are ignored", "maxProperties": 0},
    },
    "properties": {
        "name": {"type": "string", "not": {"pattern": "^_"}},
        "child": {"$ref": "#/definitions/node"},
        "sizes": {"type": "array", "not": {"items": [{"const": 0}], "contains": {"const": 9}}},
        "card": {"type": "object", "dependencies": {"number": ["expiry"], "coupon": {"required": ["shop"]}}},
        "mode": {"type": "object", "if": {"properties": {"kind": {"const": "n"}}, "required": ["kind"]},
                 "then": {"properties": {"value": {"$ref": "#/definitions/positive"}}},
                 "else": {"properties": {"value": {"type": "string"}}}},
        "meta": {"type": "object", "propertyNames": {"maxLength": 3},
                 "patternProperties": {"^x": {"type": "boolean"}}, "additionalProperties": {"type": "integer"}},
        "gone": False,
    },
}
_VALUES = st.sampled_from([0, 1, 9, -1, 1.0, 2.5, "", "_a", "a", "n", "s", True, None, [0, 9], [9], [1], {}])
_DRAFT7_NEAR = st.fixed_dictionaries({}, optional={
    "name": st.sampled_from(["_x", "x", "", 1]),
    "child": st.sampled_from([{}, {"name": "_"}, {"child": {"name": "ok"}}, {"child": {"sizes": [0, 9]}}, 3]),
    "sizes": st.lists(st.sampled_from([0, 9, 1, "a"]), max_size=3),
    "card": st.dictionaries(st.sampled_from(["number", "expiry", "coupon", "shop"]), _VALUES, max_size=3),
    "mode": st.dictionaries(st.sampled_from(["kind", "value"]), _VALUES, max_size=2),
    "meta": st.dictionaries(st.sampled_from(["x", "xa", "xabc", "a", "abcd"]), _VALUES, max_size=3),
})


def _collect(count: int) -> list[Any]:
    found: list[Any] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(_DRAFT7_NEAR)
    def gather(value: Any) -> None:
        found.append(value)

    gather()
    return found


def test_draft7_applicators_agree_with_the_validator(tmp_path: Path) -> None:
    payloads = [
        {"name": "_hidden"}, {"name": "shown"},
        {"child": {"name": "_x"}}, {"child": {"child": {"name": "ok"}}},
        {"sizes": [0, 9]}, {"sizes": [0, 1]}, {"sizes": [1, 9]},
        {"card": {"number": 1}}, {"card": {"number": 1, "expiry": 2}}, {"card": {"coupon": 1}}, {"card": {"coupon": 1, "shop": 1}},
        {"mode": {"kind": "n", "value": 0}}, {"mode": {"kind": "n", "value": 2}}, {"mode": {"value": "s"}}, {"mode": {"value": 1}},
        {"meta": {"xa": True}}, {"meta": {"xa": 1}}, {"meta": {"a": 1}}, {"meta": {"a": "s"}}, {"meta": {"abcd": 1}},
        {"gone": None}, {"child": {"gone": 1}},
        *_collect(300),
    ]
    valid = _assert_agree(_conformance(DRAFT7, payloads, tmp_path))
    assert 30 <= valid <= len(payloads) - 30, valid


def _unchecked(schema: dict[str, Any], tmp_path: Path) -> dict[tuple[str, str], str]:
    path = tmp_path / "named.schema.json"
    path.write_text(json.dumps(schema), "utf-8")
    return {(u.pointer, u.keyword): u.why for u in build_ir(load_schema(path)).unchecked}


def test_what_the_rules_cannot_run_stays_named(tmp_path: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Named", "type": "object",
        "$defs": {"loop": {"allOf": [{"$ref": "#/$defs/loop"}], "type": "string"}},
        "properties": {
            "host": {"type": "string", "not": {"format": "hostname"}},
            "hostile": {"type": "object", "patternProperties": {"^(a+)+$": {"type": "string"}}},
            "looping": {"type": "string", "not": {"$ref": "#/$defs/loop"}},
            "fine": {"type": "string", "not": {"format": "uri"}},
            "number": {"type": "integer", "format": "int64"},
        },
        "unevaluatedProperties": False,
    }
    named = _unchecked(schema, tmp_path)
    assert "hostname" in named[("/properties/host", "not")] and "IDNA2008" in named[("/properties/host", "not")]
    assert "backtrack" in named[("/properties/hostile", "patternProperties")]
    assert "applies itself" in named[("/properties/looping", "not")]
    assert ("", "unevaluatedProperties") in named
    # Run by the rules, or not a format of the draft (the validator ignores it): not named.
    assert ("/properties/fine", "not") not in named and ("/properties/number", "format") not in named


def test_the_format_names_are_the_validators() -> None:
    # generate reads them from schemasmith.format_names (it must not import the validator).
    from schemasmith.format_names import FORMAT_NAMES_BY_DRAFT
    from schemasmith.validate.formats import FORMATS_BY_DRAFT

    assert {draft: set(names) for draft, names in FORMAT_NAMES_BY_DRAFT.items()} == {
        draft: set(checkers) for draft, checkers in FORMATS_BY_DRAFT.items()
    }


UNEVALUATED: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Uneval",
    "type": "object",
    "$defs": {
        "named": {"properties": {"name": {"type": "string"}}},
        "tail": {"prefixItems": [{"type": "string"}]},
    },
    "properties": {
        # through allOf, $ref, anyOf (only the valid branches count), if/then/else, dependentSchemas
        "closed": {
            "type": "object",
            "properties": {"id": {"type": "integer"}},
            "allOf": [{"$ref": "#/$defs/named"}],
            "anyOf": [{"properties": {"a": {"type": "integer"}}, "required": ["a"]},
                      {"properties": {"b": {"type": "string"}}, "required": ["b"]}],
            "if": {"properties": {"kind": {"const": "x"}}, "required": ["kind"]},
            "then": {"properties": {"x": True}},
            "else": {"properties": {"y": True}},
            "dependentSchemas": {"d": {"properties": {"e": True}}},
            "patternProperties": {"^p_": {"type": "boolean"}},
            "unevaluatedProperties": False,
        },
        # a schema: unevaluated properties must hold it; nested unevaluatedProperties evaluates all
        "typed_rest": {
            "type": "object",
            "properties": {"id": {"type": "integer"}},
            "oneOf": [{"required": ["id"]}, {"properties": {"alt": {"type": "string"}}, "required": ["alt"],
                                               "unevaluatedProperties": {"type": "integer"}}],
            "unevaluatedProperties": {"type": "string", "maxLength": 2},
        },
        # additionalProperties beside it evaluates everything
        "open_rest": {"type": "object", "additionalProperties": {"type": "integer"}, "unevaluatedProperties": False},
        # a lone if evaluates where it holds
        "lone_if": {"type": "object", "if": {"properties": {"k": {"type": "integer"}}}, "unevaluatedProperties": False},
        "tuple": {"type": "array", "allOf": [{"$ref": "#/$defs/tail"}], "prefixItems": [True, {"type": "integer"}],
                  "unevaluatedItems": False},
        "contained": {"type": "array", "contains": {"type": "string"}, "unevaluatedItems": {"type": "integer"}},
        "items_true": {"type": "array", "anyOf": [{"items": True}, {"prefixItems": [{"type": "string"}]}],
                       "unevaluatedItems": False},
        "either": {"type": "array",
                   "if": {"prefixItems": [{"const": 1}]}, "then": {"prefixItems": [True, True]},
                   "else": {"prefixItems": [True, True, True]},
                   "unevaluatedItems": {"type": "boolean"}},
    },
    "unevaluatedProperties": {"type": "integer"},
}
_SMALL = st.sampled_from([0, 1, 2, "", "s", "str", True, None, [1], {}])
_UNEVALUATED_NEAR = st.fixed_dictionaries({}, optional={
    "closed": st.dictionaries(st.sampled_from(["id", "name", "a", "b", "kind", "x", "y", "d", "e", "p_1", "q"]),
                              st.one_of(_SMALL, st.just("x")), max_size=5),
    "typed_rest": st.dictionaries(st.sampled_from(["id", "alt", "z", "w"]), _SMALL, max_size=3),
    "open_rest": st.dictionaries(st.sampled_from(["a", "b"]), _SMALL, max_size=2),
    "lone_if": st.dictionaries(st.sampled_from(["k", "j"]), _SMALL, max_size=2),
    "tuple": st.lists(_SMALL, max_size=4),
    "contained": st.lists(_SMALL, max_size=4),
    "items_true": st.lists(_SMALL, max_size=3),
    "either": st.lists(st.sampled_from([1, 2, True, "s"]), max_size=5),
    "extra": _SMALL,
})


def test_unevaluated_agree_with_the_validator(tmp_path: Path) -> None:
    assert ("/properties/closed", "unevaluatedProperties") not in _unchecked(UNEVALUATED, tmp_path)

    found: list[Any] = []

    @settings(max_examples=500, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(_UNEVALUATED_NEAR)
    def gather(value: Any) -> None:
        found.append(value)

    gather()
    payloads = [
        {"closed": {"id": 1, "name": "n", "a": 1}}, {"closed": {"a": 1, "b": 2}}, {"closed": {"a": "s", "b": "s"}},
        {"closed": {"a": 1, "kind": "x", "x": 1}}, {"closed": {"a": 1, "x": 1}}, {"closed": {"a": 1, "y": 1}},
        {"closed": {"a": 1, "d": 1, "e": 1}}, {"closed": {"a": 1, "e": 1}}, {"closed": {"a": 1, "p_1": True}},
        {"typed_rest": {"id": 1, "z": "ab"}}, {"typed_rest": {"id": 1, "z": "abc"}}, {"typed_rest": {"alt": "s", "z": 1}},
        {"open_rest": {"a": 1}}, {"lone_if": {"k": 1}}, {"lone_if": {"k": "s"}},
        {"tuple": ["s", 1]}, {"tuple": ["s", 1, 2]}, {"contained": ["s", 1]}, {"contained": ["s", True]},
        {"items_true": [1, 2]}, {"either": [1, 2]}, {"either": [1, 2, True]}, {"either": [2, 2, 2, 3]},
        {"extra": 1}, {"extra": "s"},
        *found,
    ]
    valid = _assert_agree(_conformance(UNEVALUATED, payloads, tmp_path))
    assert 50 <= valid <= len(payloads) - 50, valid


def test_draft_2019_unevaluated_stays_named(tmp_path: Path) -> None:
    schema = {"$schema": "https://json-schema.org/draft/2019-09/schema", "title": "Old", "type": "object",
              "properties": {"a": {"type": "integer"}}, "unevaluatedProperties": False}
    assert "2019-09" in _unchecked(schema, tmp_path)[("", "unevaluatedProperties")]
