"""Generating a big document (issue 21): targets rendered in a forked worker give the bytes the
serial loop gives; a worker that fails leaves the work (and its error) to the parent; and the
work of generating grows linearly with the number of components (counted, never timed)."""

from __future__ import annotations

import json
import os
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from schemasmith import Settings, render_files
from schemasmith.codegen import parallel, pipeline
from schemasmith.errors import SchemaSmithError

SESSIONS_API = REPO / "tests" / "schemas" / "sessions-api.openapi.json"
CONSTRUCTS = REPO / "tests" / "schemas" / "constructs.schema.json"
TARGETS = ("python", "typescript", "docs")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked on Linux only")


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker is used on a runner with one CPU too (it would not be, by default)."""
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)


def synthetic(tmp_path: Path, components: int) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synthetic_api import document
    finally:
        sys.path.remove(str(REPO / "bench"))
    path = tmp_path / f"synthetic-{components}.json"
    path.write_text(json.dumps(document(components)), "utf-8")
    return path


def rendered(schema: Path, settings: Settings, min_named: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    monkeypatch.setattr(parallel, "MIN_NAMED", min_named)
    _, files = render_files(schema, TARGETS, settings)
    return list(files.items())  # the order too: it is the order files are written and listed in


@linux_only
def test_a_worker_renders_the_bytes_the_serial_loop_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = synthetic(tmp_path, 60)
    settings = Settings(layout="package")
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forks.append(1) or real_fork())
    serial = rendered(schema, settings, 10**9, monkeypatch)
    assert not forks
    forked = rendered(schema, settings, 0, monkeypatch)
    assert forks == [1]
    assert forked == serial
    assert {path.partition("/")[0] for path, _ in forked} == {"python", "typescript", "docs"}


@linux_only
@pytest.mark.parametrize("runtime", ["inline", "shared"])
def test_the_python_target_renders_in_two_parts_that_merge_to_the_serial_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runtime: str
) -> None:
    """The worker renders the last eighth of the Python modules too, after TypeScript and the docs."""
    from schemasmith.targets.package_layout import groups
    from schemasmith.targets.python import package

    schema = synthetic(tmp_path, 60)
    settings = Settings(layout="package", runtime=runtime)
    serial = rendered(schema, settings, 10**9, monkeypatch)
    units: list[str] = []
    real = parallel.render_targets

    def spy(targets: Any, render_one: Any, named: int) -> Any:
        units.extend(targets)
        return real(targets, render_one, named)

    monkeypatch.setattr(pipeline, "render_targets", spy)
    assert rendered(schema, settings, 0, monkeypatch) == serial
    assert units == ["python:head", "typescript", "docs", "python:tail"]
    layout = groups(render_files(schema, ("python",), settings)[0])
    head, tail = (package._part(layout, {package.PART: part}) for part in ("head", "tail"))
    assert head + tail == layout and len(tail) == len(layout) // package.TAIL_SHARE > 0


def test_the_one_module_layout_renders_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its Python is one text the size of the whole output: a worker beside it doubles the peak."""
    monkeypatch.setattr(parallel.os, "fork", lambda: pytest.fail("forked for the one-module layout"))
    rendered(synthetic(tmp_path, 20), Settings(layout="module"), 0, monkeypatch)


@linux_only
def test_the_golden_schemas_render_the_same_with_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    for schema in (SESSIONS_API, CONSTRUCTS):
        assert rendered(schema, Settings(layout="package"), 0, monkeypatch) == rendered(
            schema, Settings(layout="package"), 10**9, monkeypatch)


@linux_only
def test_a_worker_that_dies_leaves_its_targets_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed, out of memory, anything: the parent renders what the worker did not send."""
    schema = synthetic(tmp_path, 20)
    serial = rendered(schema, Settings(layout="package"), 10**9, monkeypatch)
    parent = os.getpid()
    real = parallel.render_targets

    def dying(targets: Any, render_one: Any, named: int) -> Any:
        def one(target: str) -> Any:
            if os.getpid() != parent:
                os._exit(9)
            return render_one(target)
        return real(targets, one, named)

    monkeypatch.setattr(pipeline, "render_targets", dying)
    assert rendered(schema, Settings(layout="package"), 0, monkeypatch) == serial


@linux_only
def test_an_error_in_a_workers_target_is_raised_by_the_parent_as_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template error in a target the worker renders: the same one-line error as without a worker."""
    schema = synthetic(tmp_path, 20)
    templates = tmp_path / "templates" / "docs"
    templates.mkdir(parents=True)
    (templates / "index.md.jinja").write_text("{{ 1 // 0 }}\n", "utf-8")
    settings = Settings(templates=tmp_path / "templates")
    errors = []
    for min_named in (10**9, 0):
        monkeypatch.setattr(parallel, "MIN_NAMED", min_named)
        with pytest.raises(SchemaSmithError) as caught:
            render_files(schema, TARGETS, settings)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert "ZeroDivisionError" in errors[0] and "\n" not in errors[0]


def work(schema: Path) -> tuple[int, int]:
    """Python function calls made, and the peak of memory allocated, generating ``schema`` in this
    process (no worker: its work would not be counted)."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    tracemalloc.start()
    sys.setprofile(count)
    try:
        render_files(schema, TARGETS, Settings(layout="package"))
    finally:
        sys.setprofile(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return calls, peak


def test_generation_work_and_memory_grow_linearly_with_the_components(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the components, about four times the calls and the memory: no quadratic pass."""
    monkeypatch.setattr(parallel, "MIN_NAMED", 10**9)
    work(synthetic(tmp_path, 10))  # templates compiled, modules imported: not counted below
    small_calls, small_memory = work(synthetic(tmp_path, 100))
    big_calls, big_memory = work(synthetic(tmp_path, 400))
    assert big_calls / small_calls < 4.4, (small_calls, big_calls)
    assert big_memory / small_memory < 4.4, (small_memory, big_memory)


@pytest.mark.parametrize("min_named", [10**9, 0])
def test_a_run_leaves_nothing_frozen_and_the_collector_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_named: int) -> None:
    """The document and the IR are frozen from the collector during a run (gc.freeze), and given
    back at its end, including after an error: a process that generates again collects them."""
    import gc

    schema = synthetic(tmp_path, 20)
    frozen: list[int] = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1) or real_freeze())
    thresholds = gc.get_threshold()
    rendered(schema, Settings(layout="package"), min_named, monkeypatch)
    assert frozen and gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds  # (raised during the run)
    templates = tmp_path / "templates" / "python"
    templates.mkdir(parents=True)
    (templates / "package_module.py.jinja").write_text("{{ 1 // 0 }}\n", "utf-8")
    with pytest.raises(SchemaSmithError):
        render_files(schema, TARGETS, Settings(layout="package", templates=tmp_path / "templates"))
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
