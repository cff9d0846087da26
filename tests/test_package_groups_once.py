"""The package layout's groups (targets/package_layout.py) are worked out once per IR: each target's
plan and finish, and each part's, ask for them (issue 21: four times in one process for GitHub's API
description). The cache must never outlive its IR (an id is reused once its object is freed) and
must hand each caller a list of its own."""

from __future__ import annotations

import gc

import pytest

from conftest import REPO
from schemasmith import Settings, render_files
from schemasmith.targets import package_layout

SCHEMA = REPO / "tests" / "schemas" / "sessions-api.openapi.json"


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    work = package_layout._groups

    def counting(schema_ir: object) -> list[package_layout.Group]:
        calls.append(id(schema_ir))
        return work(schema_ir)  # type: ignore[arg-type]

    monkeypatch.setattr(package_layout, "_groups", counting)
    return calls


def test_a_package_run_works_the_groups_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted(monkeypatch)
    _, files = render_files(SCHEMA, ["python", "typescript", "docs"], Settings(layout="package"))
    assert len(calls) == 1
    assert any(path.endswith(".ts") for path in files) and any(path.endswith(".py") for path in files)


def test_the_cache_holds_an_ir_only_while_it_lives(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted(monkeypatch)
    schema_ir, _ = render_files(SCHEMA, ["python"], Settings(layout="package"))
    first = package_layout.groups(schema_ir)
    second = package_layout.groups(schema_ir)
    assert first == second and first is not second  # a list of its own for each caller
    assert len(calls) == 1 and id(schema_ir) in package_layout._GROUPS
    key = id(schema_ir)
    del schema_ir
    gc.collect()
    assert key not in package_layout._GROUPS
