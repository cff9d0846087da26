"""Each normalization rule on its own: tests/normalizer/<rule>.json holds {"rule", "in", "out"} cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from schemasmith.ir import normalize

CASE_FILES = sorted((Path(__file__).parent / "normalizer").glob("*.json"))


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in CASE_FILES:
        for index, case in enumerate(json.loads(path.read_text("utf-8"))):
            cases.append((f"{path.stem}-{index}", case))
    return cases


@pytest.mark.parametrize(("case_id", "case"), load_cases(), ids=[c[0] for c in load_cases()])
def test_rule(case_id: str, case: dict[str, Any]) -> None:
    rule = getattr(normalize, case["rule"])
    before = copy.deepcopy(case["in"])
    assert rule(case["in"]) == case["out"], case.get("why", "")
    assert case["in"] == before, "rules must not mutate their input"


def test_every_rule_has_cases() -> None:
    covered = {case["rule"] for _, case in load_cases()}
    assert covered == {rule.__name__ for rule in normalize.RULES}
