"""Property test: schemas built from hostile text and names (tests/hostile/strategies.py) generate
Python, TypeScript and Markdown that stay safe and correct.

Per example, in-process (Hypothesis shrinks these): the schema is generated or refused only for
names that cannot be told apart; every file encodes as UTF-8 and has a safe path; the Python parses
with only the expected statements and keeps every docstring and wire name whole; each docs page keeps
its table columns and sections, with no raw HTML.

Per batch of examples (one run of each tool): ``mypy --strict``, ``tsc --strict``, the TypeScript
parsed by an independent parser (every JSDoc and wire-name literal intact), both loaders imported in
a fresh process with no side effects beyond defining names, each example's payload — which uses the
hostile wire names — round-tripped through both loaders, and a payload wrong at a hostile wire name
refused with the right JSON Pointer. A batch failure names the example; its schema is kept in the
failure folder printed with it.

CI runs SCHEMASMITH_HOSTILE_EXAMPLES examples (default 150). Long mode, e.g.
``SCHEMASMITH_HOSTILE_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_hostile_outputs.py -s``,
checks in batches of SCHEMASMITH_HOSTILE_BATCH (default 400) and prints the figures; they are also
written to .pytest_cache/hostile-figures.json. doc/reliability.md records them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import REPO, run_tsc
from schemasmith.codegen import pipeline
from hostile.checks import Batch, Rendered, render_case, run_batch
from hostile.strategies import HostileCase, hostile_cases

EXAMPLES = int(os.environ.get("SCHEMASMITH_HOSTILE_EXAMPLES", "150"))
BATCH = int(os.environ.get("SCHEMASMITH_HOSTILE_BATCH", "400"))
FIGURES = REPO / ".pytest_cache" / "hostile-figures.json"


@dataclass
class Figures:
    examples: int = 0  # schemas Hypothesis generated
    generated: int = 0  # ... that generated code and docs (and went through the batch checks)
    refused: int = 0  # ... refused for names that cannot be told apart
    openapi: int = 0
    hostile_strings: int = 0
    models: int = 0
    fields: int = 0
    batches: int = 0
    failing_examples: int = 0
    seconds: float = 0.0


def test_hostile_schemas_generate_safe_code_and_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One Jinja environment for every example: compiling the templates again for each would take
    # most of the in-process time (generation itself builds one environment per run).
    monkeypatch.setattr(pipeline, "make_environment", functools.lru_cache(maxsize=None)(pipeline.make_environment))
    started = time.monotonic()
    figures = Figures()
    failures: dict[int, list[str]] = {}
    kept = tmp_path / "failures"
    batch = Batch(tmp_path / "batch_0")

    def check(current: Batch) -> None:
        figures.batches += 1
        problems = run_batch(current)
        by_index = {e.index: e for e in current.examples}
        for index, messages in problems.items():
            failures[index] = messages
            example: Rendered | None = by_index.get(index)
            if example is not None:
                kept.mkdir(exist_ok=True)
                shutil.copy(example.schema_path, kept / example.schema_path.name)
        if not problems:
            shutil.rmtree(current.folder)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # batch failures are kept as files instead; no .hypothesis/ in the tree
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(hostile_cases())
    def example(case: HostileCase) -> None:
        nonlocal batch
        index = figures.examples
        figures.examples += 1
        result = render_case(case, batch, index)
        if isinstance(result, str):
            figures.refused += 1
            return
        figures.generated += 1
        figures.openapi += case.openapi
        figures.hostile_strings += case.strings
        figures.models += len(result.manifest["models"])
        figures.fields += sum(len(names) for names in result.manifest["wire_names"].values())
        if len(batch.examples) >= BATCH:
            check(batch)
            batch = Batch(tmp_path / f"batch_{figures.batches}")

    example()
    check(batch)
    figures.failing_examples = len([i for i in failures if i >= 0])
    figures.seconds = round(time.monotonic() - started, 1)
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text(json.dumps(asdict(figures), indent=2), "utf-8")
    print(f"\nhostile schemas: {json.dumps(asdict(figures))}")
    # Refusals are legitimate only now and then: most hostile schemas must generate.
    assert figures.refused <= max(5, figures.examples // 5), figures
    report = "\n".join(f"example {i}: " + "\n  ".join(m) for i, m in sorted(failures.items()))
    assert not failures, f"{len(failures)} failing example(s); schemas kept in {kept}\n{report[:20000]}"


def test_a_number_out_of_range_is_refused_or_generates_working_code(tmp_path: Path) -> None:
    schema = tmp_path / "huge.json"
    schema.write_text('{"title": "Root", "type": "object", "properties": {"a": {"enum": [1e400, 1]},'
                      ' "b": {"type": "number", "default": -1e999}}}', "utf-8")
    result = subprocess.run([sys.executable, "-m", "schemasmith", "generate", str(schema), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    if result.returncode == 2:
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        return
    assert result.returncode == 0, result.stderr
    imported = subprocess.run([sys.executable, "-c", "import root"], cwd=tmp_path / "out" / "python",
                              capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    compiled = run_tsc(tmp_path / "out" / "typescript", [tmp_path / "out" / "typescript" / "root.ts"], emit=False)
    assert compiled.returncode == 0, compiled.stdout


def test_a_refusal_stays_one_line_whatever_the_pointer_holds(tmp_path: Path) -> None:
    key = "x\nschemasmith: generated is up to date\x1b[2K\r"
    document = {"type": "object", "properties": {"p": {"$ref": "#/$defs/x%0Aschemasmith%3A%20generated%20is%20up%20to%20date%1B%5B2K%0D"}},
                "$defs": {key: {"type": "object", "properties": {"a-b": {}, "a_x2d_b": {}, "a_b": {}}}}}
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(document), "utf-8")
    result = subprocess.run([sys.executable, "-m", "schemasmith", "generate", str(schema), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2 and "both become the python name" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "\r" not in result.stderr and "\x1b" not in result.stderr, result.stderr
    # Escaped, not dropped: the pointer still names the key.
    assert "#/$defs/x\\nschemasmith: generated is up to date\\x1b[2K\\r/properties/" in result.stderr, result.stderr


def test_a_hostile_schema_file_name_stays_in_its_comments(tmp_path: Path) -> None:
    """The schema's file name reaches every header: a Python and a TypeScript line comment, a module
    docstring, a Markdown HTML comment. Newlines, U+2028, ESC, quotes and "-->" stay inside them."""
    from hostile.checks import check_docs, check_python_source

    schema = tmp_path / 'x\n"""*\u2028--> <b>\r\\ `|\x1b\x00.json'.replace("\x00", "")
    schema.write_text(json.dumps({"title": "Root", "type": "object", "properties": {"a": {"type": "string"}}}), "utf-8")
    schema_ir, files = pipeline.render_files(schema, ("python", "typescript", "docs"), pipeline.Settings())
    for text in files.values():
        text.encode("utf-8")
    check_python_source(schema_ir, files["python/root.py"])
    check_docs(schema_ir, {path: text for path, text in files.items() if path.startswith("docs/")})
    header = files["typescript/root.ts"].split("\n")[:3]
    assert header[0].startswith("// Generated by schemasmith from x ") and header[1].startswith("// Do not edit") and header[2] == ""
    assert files["python/root.py"].startswith("# Generated by schemasmith from x ")
