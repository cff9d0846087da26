"""Every rule of the diff catalogue, in both directions, and the catalogue's documentation.

Each rule's example (OLD, NEW) must give exactly that rule (and, for a rule about what is valid,
no other such finding) with the effects the catalogue states; NEW -> OLD must give the inverse
rule with the effects swapped. doc/diff-rules.md must be what the catalogue writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from diff_support import describe, diff_values, wire
from schemasmith.diff.findings import CODEGEN, WIRE
from schemasmith.diff.rules import RULES
from schemasmith.diff.rules_doc import render

ALL_RULES = sorted(RULES)


@pytest.mark.parametrize("name", ALL_RULES)
def test_rule_example_forwards(name: str, tmp_path: Path) -> None:
    rule = RULES[name]
    findings = diff_values(tmp_path, rule.old, rule.new)
    found = [f for f in findings if f.rule == name]
    assert found, (name, describe(findings))
    assert (found[0].backward, found[0].forward) == (rule.backward, rule.forward), describe(findings)
    assert found[0].kind == rule.kind
    if rule.kind == WIRE:
        assert [f.rule for f in wire(findings)] == [name], describe(findings)


@pytest.mark.parametrize("name", ALL_RULES)
def test_rule_example_backwards_gives_the_inverse(name: str, tmp_path: Path) -> None:
    rule = RULES[name]
    inverse = RULES[rule.inverse]
    findings = diff_values(tmp_path, rule.new, rule.old)
    found = [f for f in findings if f.rule == rule.inverse]
    assert found, (name, rule.inverse, describe(findings))
    assert (found[0].backward, found[0].forward) == (inverse.backward, inverse.forward)
    if rule.kind == WIRE and rule.inverse != name:
        # The same change read the other way: what broke backward now breaks forward.
        assert (found[0].backward, found[0].forward) == (rule.forward, rule.backward)


def test_inverses_are_mutual() -> None:
    for name, rule in RULES.items():
        assert rule.inverse in RULES, name
        assert RULES[rule.inverse].inverse == name, name


def test_catalogue_documented() -> None:
    committed = (REPO / "doc" / "diff-rules.md").read_text("utf-8")
    assert committed == render(), "doc/diff-rules.md is stale: run python -m schemasmith.diff.rules_doc"
    for name in RULES:
        assert f"### {name}\n" in committed


def test_same_schema_has_no_finding(tmp_path: Path) -> None:
    for rule in RULES.values():
        assert diff_values(tmp_path, rule.old, rule.old) == [], rule.name


def test_codegen_rules_are_marked() -> None:
    assert {r.name for r in RULES.values() if r.kind == CODEGEN} >= {
        "MODEL_RENAMED", "FIELD_RENAMED", "FIELD_BECAME_REQUIRED", "FIELD_TYPE_BECAME_UNION"}
