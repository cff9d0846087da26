"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "schema" / "session.schema.json"
GENERATED = REPO / "generated"
# Third-party reference data lives beside the repository, never inside it.
SHARED = REPO.parent / "shared"
SEED_PAGE = SHARED / "seed" / "000_6f5de728c9f48725.txt"
CORPUS = SHARED / "corpus" / "schemastore"
NODE_BIN = REPO / "node_modules" / ".bin"
CASES = json.loads((Path(__file__).parent / "cases" / "session_payloads.json").read_text("utf-8"))["cases"]


def import_module_from(path: Path, name: str | None = None) -> ModuleType:
    """Import a generated Python file by path, under a unique module name."""
    module_name = name or f"_generated_{path.stem}_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses needs the module registered while it executes
    spec.loader.exec_module(module)
    return module


class PreciseDict(dict[str, Any]):
    """A dict that generated ``from_dict`` methods never take their fast path for (it checks
    ``type(data) is dict``): the precise path, which the fast one must always agree with."""


def from_dict_outcome(load: Any, data: Any) -> tuple[str, Any]:
    """A generated loader's result: every attribute in __dict__ order with its exact type (a
    datetime's offset, a dict's order too), or the error's pointer and text."""
    try:
        value = load(data)
    except ValueError as error:
        return "error", (getattr(error, "pointer", None), str(error))
    return "value", [
        (name, type(v).__name__, list(v.items()) if isinstance(v, dict) else v,
         v.utcoffset() if isinstance(v, datetime) else None)
        for name, v in vars(value).items()
    ]


def assert_from_dict_paths_agree(load: Any, data: dict[str, Any]) -> None:
    fast, precise = from_dict_outcome(load, data), from_dict_outcome(load, PreciseDict(data))
    assert fast == precise, (data, fast, precise)


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared reference data is only beside the project's own checkouts")
    return path


def tool(name: str) -> str:
    """A Node tool installed from the lockfile, or node itself; missing tools fail loudly, not skip."""
    if name == "node":
        found = shutil.which("node")
    else:
        candidate = NODE_BIN / name
        found = str(candidate) if candidate.exists() else None
    if found is None:
        pytest.fail(f"{name} not found: run `npm ci` in {REPO} (the README's test command does)")
    return found


TSCONFIG_OPTIONS: dict[str, Any] = {
    "strict": True,
    "target": "ES2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "skipLibCheck": True,
    "types": ["node"],
    "typeRoots": [str(REPO / "node_modules" / "@types")],
}


def judged_payloads(schema: Path) -> list[Any]:
    """The payloads the layout and emit tests judge generated code on (conformance.Payload): the
    constructs schema's cases, or for the cycles schema a few forests, valid and not."""
    from schemasmith.conformance.check import Payload

    if schema.name == "constructs.schema.json":
        cases = json.loads((REPO / "tests" / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"]
        return [Payload(c["name"], c["json"].encode("utf-8")) for c in cases]
    assert schema.name == "cycles.schema.json", schema
    return [Payload(str(i), text.encode("utf-8")) for i, text in enumerate([
        '{"trees": []}', '{"trees": [{"name": "a", "branches": [{"grafted": {"name": "b"}}]}]}',
        '{"trees": [{"name": "a", "branches": [{"leaves": [{"color": "green", "sprout": {}}]}]}]}',
        '{"trees": [{"branches": []}]}', '{"trees": [{"name": "a", "branches": [{"leaves": [{"color": "green", "x": 1}]}]}]}',
        '{"trees": [], "ranger": {"name": ""}}', '{"trees": [{"name": "a", "branches": [{"leaves": [{"color": "red", "seen": "2025-13-01T00:00:00Z"}]}]}]}',
    ])]


def run_tsc(directory: Path, files: list[Path], emit: bool) -> subprocess.CompletedProcess[str]:
    """``tsc --strict`` over ``files``; with ``emit`` the JavaScript lands in ``directory/out``."""
    options = dict(TSCONFIG_OPTIONS, noEmit=not emit, outDir=str(directory / "out"), rootDir=str(directory))
    config = directory / "tsconfig.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": [str(f) for f in files]}), "utf-8")
    (directory / "package.json").write_text('{"type": "module"}', "utf-8")
    return subprocess.run(
        [tool("tsc"), "-p", str(config)], capture_output=True, text=True, cwd=directory, timeout=300
    )


@pytest.fixture(scope="session")
def session_module() -> ModuleType:
    return import_module_from(GENERATED / "python" / "session.py", "generated_session")


@pytest.fixture(scope="session")
def schema_document() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text("utf-8"))


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = __import__("time").time()


_STARTED = pytest.StashKey[float]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the SchemaStore corpus table when this run produced one (it may come from a worker)."""
    table = REPO / ".pytest_cache" / "corpus-table.md"
    started = config.stash.get(_STARTED, None)
    if started is not None and table.exists() and table.stat().st_mtime >= started:
        terminalreporter.write_sep("-", "SchemaStore corpus")
        terminalreporter.write(table.read_text("utf-8"))
