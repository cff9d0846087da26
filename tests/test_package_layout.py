"""``--layout package`` (issue 21): a Python package with a module per model (or per group of
models that refer to one another) and a lazy ``__init__``; a TypeScript file per model and an
``index.ts``; the runtime once per folder. Judged like the one-module layout (conformance), strict
type checks on both, imports that load only what a model needs, cycles, deterministic bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, judged_payloads, run_tsc
from schemasmith import Settings, generate, render_files
from schemasmith.cli.main import main
from schemasmith.conformance import check as conformance
from schemasmith.targets.package_layout import strongly_connected

SCHEMAS = REPO / "tests" / "schemas"
SESSIONS_API = SCHEMAS / "sessions-api.openapi.json"
CONSTRUCTS = SCHEMAS / "constructs.schema.json"
CYCLES = SCHEMAS / "cycles.schema.json"
PACKAGE = Settings(layout="package")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("package")
    for schema in (SESSIONS_API, CYCLES, CONSTRUCTS):
        generate(schema, folder / schema.name.split(".")[0], settings=PACKAGE)
    return folder


def python_run(out: Path, name: str, code: str) -> str:
    """Run ``code`` in a fresh interpreter with the generated Python package ``name`` importable."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=out / name / "python", env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_one_module_per_model_or_group_of_models_that_refer_to_one_another(out: Path) -> None:
    python = sorted(p.name for p in (out / "cycles" / "python" / "forest_models").iterdir())
    assert python == ["__init__.py", "_runtime.py", "forest.py", "ranger.py", "tree.py"]
    assert sorted(p.name for p in (out / "cycles" / "python" / "forest").iterdir()) == ["__init__.py"]
    typescript = sorted(p.name for p in (out / "cycles" / "typescript" / "forest").iterdir())
    assert typescript == ["_runtime.ts", "forest.ts", "index.ts", "ranger.ts", "tree.ts"]
    tree = (out / "cycles" / "python" / "forest_models" / "tree.py").read_text("utf-8")
    assert all(f"\nclass {name}:" in tree for name in ("Tree", "Branch", "Leaf"))


def test_importing_one_model_loads_only_it_and_what_it_refers_to(out: Path) -> None:
    loaded = python_run(out, "sessions-api", (
        "import sys\n"
        "from sessions_api import SessionList\n"
        "print(sorted(m for m in sys.modules if m.startswith('sessions_api')))\n"
    ))
    # SessionList's items are Sessions; nothing else of the 30-odd modules is imported.
    assert json.loads(loaded.replace("'", '"')) == [
        "sessions_api", "sessions_api_models", "sessions_api_models._runtime", "sessions_api_models.session",
        "sessions_api_models.session_list",
    ]
    loaded = python_run(out, "cycles", (
        "import sys\n"
        "import forest_models.ranger\n"
        "print(sorted(m for m in sys.modules if m.startswith('forest')))\n"
    ))
    assert json.loads(loaded.replace("'", '"')) == ["forest_models", "forest_models._runtime", "forest_models.ranger"]


def test_lazy_names_are_the_modules_own_and_dir_lists_them(out: Path) -> None:
    printed = python_run(out, "sessions-api", (
        "import sessions_api, sessions_api_models.session_list as m, sessions_api_models._runtime as r\n"
        "assert sessions_api.SessionList is m.SessionList\n"
        "assert sessions_api.Session is m.Session\n"
        "assert sessions_api.UNSET is r.UNSET\n"
        "assert sessions_api.tags_from_json('[\"a\"]') == ['a']\n"
        "assert set(sessions_api.__all__) <= set(dir(sessions_api))\n"
        "try:\n"
        "    sessions_api.Nothing\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
        "print(len(sessions_api.__all__))\n"
    ))
    error, count = printed.splitlines()
    assert error == "module 'sessions_api' has no attribute 'Nothing'"
    assert int(count) > 40


def test_mutually_recursive_models_round_trip_in_python(out: Path) -> None:
    document = {"trees": [{"name": "oak", "branches": [{"leaves": [{"color": "red", "sprout": {
        "grafted": {"name": "elm"}}, "seen": "2025-01-01T00:00:00Z"}], "grafted": None}]}], "ranger": {"name": "R"}}
    printed = python_run(out, "cycles", (
        "import json, sys\n"
        "from forest import Forest, SchemaValidationError\n"
        f"text = {json.dumps(json.dumps(document))}\n"
        "forest = Forest.from_json(text)\n"
        "print(json.dumps(json.loads(forest.to_json()), sort_keys=True))\n"
        "try:\n"
        "    Forest.from_dict({'trees': [{'name': 'x', 'branches': [{'leaves': [{'color': 'blue'}]}]}]})\n"
        "except SchemaValidationError as error:\n"
        "    print(error.pointer)\n"
    ))
    round_trip, pointer = printed.splitlines()
    assert json.loads(round_trip) == document
    assert pointer == "/trees/0/branches/0/leaves/0/color"


def test_python_packages_pass_mypy_strict(out: Path) -> None:
    packages = [str(out / name / "python" / f"{package}{suffix}") for name, package in
                (("sessions-api", "sessions_api"), ("cycles", "forest"), ("constructs", "order"))
                for suffix in ("", "_models")]
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
                            capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def mypy_reads(out: Path, import_line: str) -> list[str]:
    """The generated modules ``mypy --strict`` parses (its ``-v`` log) for a file with ``import_line``
    that uses SessionList's ``total`` as an ``int`` (so an untyped import fails: returning Any)."""
    user = out / "sessions-api" / "use_one.py"
    user.write_text(f"{import_line}\n\n\ndef total(value: SessionList) -> int:\n    return value.total\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-v", str(user)],
                            capture_output=True, text=True, cwd=out / "sessions-api", timeout=600)
    assert result.returncode == 0, result.stdout
    return sorted(re.findall(r"^LOG:  Parsing .* \((python\b.*)\)$", result.stderr, re.MULTILINE))


def test_mypy_reads_only_the_model_a_file_imports_from_its_module(out: Path) -> None:
    """mypy reads every ancestor package of a module it reads: the models' package imports nothing,
    so importing one model's module reads it and what it refers to; the index, which names every
    model for type checkers, is a sibling, not an ancestor, and its names stay typed."""
    one = mypy_reads(out, "from python.sessions_api_models.session_list import SessionList")
    assert one == ["python", "python.sessions_api_models", "python.sessions_api_models._runtime",
                   "python.sessions_api_models.session", "python.sessions_api_models.session_list"]
    every = mypy_reads(out, "from python.sessions_api import SessionList")
    assert "python.sessions_api" in every and len(every) > 30


def test_typescript_folders_pass_tsc_strict_with_explicit_type_imports(out: Path) -> None:
    indexes = [out / name / "typescript" / package / "index.ts" for name, package in
               (("sessions-api", "sessions_api"), ("cycles", "forest"), ("constructs", "order"))]
    result = run_tsc(out, indexes, emit=False)
    assert result.returncode == 0, result.stdout + result.stderr
    forest = (out / "cycles" / "typescript" / "forest" / "forest.ts").read_text("utf-8")
    assert 'import type { Tree, TreeWire } from "./tree.js";' in forest
    assert 'import { decodeModelTree, encodeModelTree, treeFromWire } from "./tree.js";' in forest


@pytest.mark.parametrize("schema", [CONSTRUCTS, CYCLES], ids=lambda p: p.name)
def test_conformance_judges_the_package_like_the_module(schema: Path) -> None:
    payloads = judged_payloads(schema)
    reports = {layout: conformance.run(schema, payloads, typescript=True, layout=layout) for layout in ("module", "package")}
    for layout, report in reports.items():
        assert report.exit_code == 0 and not report.broken and not report.skipped, (layout, report)
    for module, package in zip(reports["module"].outcomes, reports["package"].outcomes):
        assert module.verdicts == package.verdicts, module.payload.name


def test_same_bytes_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "12345"):
        folder = tmp_path / seed
        result = subprocess.run(
            [sys.executable, "-m", "schemasmith", "generate", str(SESSIONS_API), "--layout", "package", "--out", str(folder)],
            capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED=seed), timeout=120,
        )
        assert result.returncode == 0, result.stderr
        outputs.append({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]
    _, rendered = render_files(SESSIONS_API, ("python", "typescript"), PACKAGE)
    assert {k: v.encode("utf-8") for k, v in rendered.items() if isinstance(v, str)} == {
        k: v for k, v in outputs[0].items() if k.startswith(("python/", "typescript/"))}


def test_layout_from_the_configuration_and_a_bad_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.schemasmith]\nlayout = "package"\n', "utf-8")
    result = CliRunner().invoke(main, ["generate", str(CYCLES), "--out", "out", "--target", "python"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "python" / "forest" / "__init__.py").is_file()
    result = CliRunner().invoke(main, ["generate", str(CYCLES), "--out", "out2", "--target", "python", "--layout", "module"])
    assert result.exit_code == 0 and (tmp_path / "out2" / "python" / "forest.py").is_file()
    (tmp_path / "pyproject.toml").write_text('[tool.schemasmith]\nlayout = "packages"\n', "utf-8")
    result = CliRunner().invoke(main, ["generate", str(CYCLES), "--out", "out3"])
    assert result.exit_code == 2 and "layout must be" in result.output and "Traceback" not in result.output


def test_strongly_connected_groups_are_deterministic_and_need_no_recursion() -> None:
    edges = {"a": ["b"], "b": ["c", "a"], "c": [], "d": ["d"], "e": ["a"]}
    assert strongly_connected(["e", "d", "c", "b", "a"], edges) == [["e"], ["d"], ["c"], ["b", "a"]]
    chain = [f"m{i}" for i in range(20000)]  # deeper than Python's recursion limit
    cycle = {name: [chain[(i + 1) % len(chain)]] for i, name in enumerate(chain)}
    assert strongly_connected(chain, cycle) == [chain]
    line = {name: [chain[i + 1]] if i + 1 < len(chain) else [] for i, name in enumerate(chain)}
    assert strongly_connected(chain, line) == [[name] for name in chain]


def test_module_names_that_would_clash_with_the_package_or_the_language(tmp_path: Path) -> None:
    """A model named like a keyword, the index, the runtime or Python's module marker still gets a
    module of its own, which both type checkers and an import accept."""
    schema = tmp_path / "clashes.openapi.json"
    schema.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "Clashes", "version": "1"}, "paths": {},
                                  "components": {"schemas": {
                                      "Index": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Class"}}},
                                      "Class": {"type": "object", "properties": {"name": {"type": "string"}}},
                                      "Runtime": {"type": "object", "properties": {"index": {"$ref": "#/components/schemas/Index"}}},
                                      "Init": {"type": "array", "items": {"$ref": "#/components/schemas/Runtime"}},
                                  }}}), "utf-8")
    out = tmp_path / "out"
    generate(schema, out, settings=PACKAGE)
    python = sorted(p.stem for p in (out / "python" / "clashes_models").glob("*.py"))
    typescript = sorted(p.stem for p in (out / "typescript" / "clashes").glob("*.ts"))
    assert python == ["__init__", "_runtime", "class_models", "index_model", "init", "runtime"]
    assert [p.name for p in (out / "python" / "clashes").iterdir()] == ["__init__.py"]
    assert typescript == ["_runtime", "class_models", "index", "index_model", "init", "runtime"]
    printed = subprocess.run([sys.executable, "-c", (
        "from clashes import Class, init_from_json\n"
        "print(init_from_json('[{\"index\": {\"next\": {\"name\": \"n\"}}}]')[0].index.next.name)\n")],
        capture_output=True, text=True, cwd=out / "python", timeout=60)
    assert printed.stdout.strip() == "n", printed.stderr
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                              str(out / "python" / "clashes"), str(out / "python" / "clashes_models")],
                             capture_output=True, text=True, cwd=REPO, timeout=300)
    assert checked.returncode == 0, checked.stdout
    compiled = run_tsc(out, [out / "typescript" / "clashes" / "index.ts"], emit=False)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def test_names_with_numbers_are_in_ruffs_order(tmp_path: Path) -> None:
    """``__all__`` in RUF022's natural order (``Thing9``, ``Thing10``, ``Thing99``, ``Thing990``), in
    the index and in one module, and a module's imports of numbered modules in isort's: ``ruff
    check`` passes on a big API's numbered models."""
    schema = tmp_path / "numbered.openapi.json"
    names = ["Thing990", "Thing10", "Thing9", "Thing99", "Thing9a", "Thing9_b"]
    schema.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "Numbered", "version": "1"}, "paths": {},
                                  "components": {"schemas": {
                                      **{name: {"type": "object", "properties": {"n": {"type": "integer"}}} for name in names},
                                      # its module imports theirs: .thing9 before .thing10
                                      "Holder": {"type": "object", "properties": {
                                          name.lower(): {"$ref": f"#/components/schemas/{name}"} for name in names}},
                                  }}}), "utf-8")
    ruff = Path(sys.executable).parent / "ruff"
    for layout in ("package", "module"):
        out = tmp_path / layout
        generate(schema, out, ("python",), Settings(layout=layout))
        linted = subprocess.run([str(ruff), "check", "--isolated", "--no-cache", "python"],
                                capture_output=True, text=True, cwd=out, timeout=120)
        assert linted.returncode == 0, (layout, linted.stdout + linted.stderr)


def test_null_and_unions_of_enums_are_spelled_as_ruff_wants(tmp_path: Path) -> None:
    """An enum with null is ``Literal[...] | None`` (PYI061), enums in a union one ``Literal``
    (PYI030): GitHub's description has both; ruff check and mypy --strict pass on them."""
    schema = tmp_path / "enums.openapi.json"
    schema.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "Enums", "version": "1"}, "paths": {},
                                  "components": {"schemas": {"Thing": {"type": "object", "properties": {
                                      "state": {"enum": ["a", "b", None]},
                                      "kind": {"oneOf": [{"enum": ["x"]}, {"enum": ["y", "x"]}]},
                                      "mixed": {"anyOf": [{"enum": ["p", None]}, {"type": "integer"}, {"enum": ["q"]}]},
                                      "nothing": {"enum": [None]},
                                  }}}}}), "utf-8")
    out = tmp_path / "out"
    generate(schema, out, ("python",), Settings())
    module = (out / "python" / "enums.py").read_text("utf-8")
    assert 'state: Literal["a", "b"] | None' in module
    assert 'kind: Literal["x", "y"]' in module
    assert 'mixed: Literal["p", "q"] | None | int' in module
    assert "nothing: None" in module
    ruff = Path(sys.executable).parent / "ruff"
    linted = subprocess.run([str(ruff), "check", "--isolated", "--no-cache", "python"], capture_output=True, text=True,
                            cwd=out, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "python"],
                             capture_output=True, text=True, cwd=out, timeout=300)
    assert checked.returncode == 0, checked.stdout
    printed = python_run(out.parent, "out", "from enums import Thing\n"
                         "t = Thing.from_json('{\"state\": null, \"kind\": \"y\", \"mixed\": 3, \"nothing\": null}')\n"
                         "print(t.state, t.kind, t.mixed, t.nothing)\n")
    assert printed.split() == ["None", "y", "3", "None"]
