"""``--runtime shared`` (issue 13): the runtime once per output folder (python/_runtime.py,
typescript/_runtime.ts), imported by every generated module, so that all of them raise one
SchemaValidationError class. Two schemas (the constructs schema, with rules, and Session) are
generated into one folder; the output passes mypy --strict, ruff, tsc --strict with a Vite-style
tsconfig's flags and prettier, and runs: one error class, models encoded through the shared _encode."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SCHEMA, tool

CONSTRUCTS = REPO / "tests" / "schemas" / "constructs.schema.json"
TS_OPTIONS = {
    "strict": True, "noUnusedLocals": True, "noUnusedParameters": True, "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True, "verbatimModuleSyntax": True, "target": "es2022", "module": "nodenext",
    "moduleResolution": "nodenext", "types": [],
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module", params=["module", "package"])
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both schemas generated with --runtime shared, in the layout the parameter names."""
    folder = tmp_path_factory.mktemp(f"shared-{request.param}") / "out"
    result = run("generate", str(CONSTRUCTS), str(SCHEMA), "--out", str(folder), "--runtime", "shared",
                 "--layout", request.param, cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    (folder / "layout").write_text(request.param, "utf-8")
    return folder


def layout_of(out: Path) -> str:
    return (out / "layout").read_text("utf-8")


def test_the_runtime_is_written_once_per_folder_and_imported_by_each_module(out: Path) -> None:
    if layout_of(out) == "package":
        # Each schema's package imports the folder's runtime; the one with rules keeps them (the
        # interpreter and its table) in its own _runtime, the other has none.
        assert (out / "python" / "_runtime.py").is_file() and (out / "typescript" / "_runtime.ts").is_file()
        own = (out / "python" / "order_models" / "_runtime.py").read_text("utf-8")
        assert "def _rule_problem(" in own and "from .._runtime import (" in own and "def _fail" not in own
        assert "function ruleProblem(" in (out / "typescript" / "order" / "_runtime.ts").read_text("utf-8")
        assert not (out / "python" / "session_models" / "_runtime.py").exists()
        assert not (out / "typescript" / "session" / "_runtime.ts").exists()
        session = (out / "python" / "session_models" / "session.py").read_text("utf-8")
        assert "from .._runtime import (" in session and "class SchemaValidationError" not in session
        assert 'from "../_runtime.js";' in (out / "typescript" / "session" / "session.ts").read_text("utf-8")
        assert 'export { SchemaValidationError } from "../_runtime.js";' in (
            out / "typescript" / "session" / "index.ts").read_text("utf-8")
        return
    assert sorted(p.name for p in (out / "python").iterdir()) == [
        "__init__.py", "_runtime.py", "order.py", "py.typed", "session.py"]
    assert sorted(p.name for p in (out / "typescript").iterdir()) == ["_runtime.ts", "order.ts", "session.ts"]
    for module in ("order", "session"):
        python = (out / "python" / f"{module}.py").read_text("utf-8")
        assert "from ._runtime import (" in python and "class SchemaValidationError" not in python
        typescript = (out / "typescript" / f"{module}.ts").read_text("utf-8")
        assert 'from "./_runtime.js";' in typescript and "class SchemaValidationError" not in typescript
        assert "export { SchemaValidationError };" in typescript
    # The rules interpreter reads each module's own table: it stays in the module that has rules.
    order = (out / "python" / "order.py").read_text("utf-8")
    assert "def _rule_problem(" in order and "_RULES: Final[Any]" in order
    assert "_rule_problem" not in (out / "python" / "_runtime.py").read_text("utf-8")
    assert "function ruleProblem(" in (out / "typescript" / "order.ts").read_text("utf-8")
    # Smaller than the inline modules (which carry the helpers they use).
    assert len(order.splitlines()) < len((REPO / "tests/golden/constructs/python/order.py").read_text("utf-8").splitlines())
    session = (out / "python" / "session.py").read_text("utf-8")
    assert len(session.splitlines()) < len((REPO / "generated/python/session.py").read_text("utf-8").splitlines()) * 0.6
    # Shared by both schemas: its header names no schema.
    assert "from every schema generated into this folder" in (out / "python" / "_runtime.py").read_text("utf-8")
    assert "from every schema generated into this folder" in (out / "typescript" / "_runtime.ts").read_text("utf-8")


def test_check_passes_and_one_schema_alone_keeps_the_shared_runtime(out: Path) -> None:
    layout = layout_of(out)
    assert run("generate", str(CONSTRUCTS), str(SCHEMA), "--out", str(out), "--runtime", "shared", "--check",
               "--layout", layout, cwd=out.parent).returncode == 0
    # Regenerating one schema of the two: the other's module and the runtime stay as they are.
    # (Docs are left out: one schema alone writes its pages to docs/, not docs/session/.)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("generate", str(SCHEMA), "--out", str(out), "--runtime", "shared", "--target", "python",
                 "--target", "typescript", "--layout", layout, cwd=out.parent)
    assert result.returncode == 0, result.stderr
    assert "0 file(s) updated" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_python_output_passes_mypy_strict_and_ruff(out: Path) -> None:
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "python"],
                           capture_output=True, text=True, cwd=out, timeout=300)
    assert typed.returncode == 0, typed.stdout + typed.stderr
    ruff = Path(sys.executable).parent / "ruff"
    for command in (["check"], ["format", "--check"]):
        linted = subprocess.run([str(ruff), *command, "--isolated", "--no-cache", "python"],
                                capture_output=True, text=True, cwd=out, timeout=300)
        assert linted.returncode == 0, (command, linted.stdout + linted.stderr)


def test_python_modules_raise_one_error_class_and_encode_through_the_shared_runtime(out: Path) -> None:
    every_construct = json.loads((REPO / "tests" / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"][0]
    assert every_construct["valid"] is True
    script = f"""
import json
from python import _runtime, order, session
assert order.SchemaValidationError is session.SchemaValidationError is _runtime.SchemaValidationError
assert order.UNSET is session.UNSET
for module, document in ((order.Order, {{}}), (session.Session, {{"timestamp": 5}})):
    try:
        module.from_dict(document)
    except _runtime.SchemaValidationError as error:
        print(type(error).__module__, error)
text = {every_construct["json"]!r}
print(json.dumps(json.loads(order.Order.from_json(text).to_json()) == json.loads(text)))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=out, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("python._runtime ") and lines[1].startswith("python._runtime /timestamp")
    assert lines[2] == "true"


def test_typescript_output_passes_strict_tsc_and_prettier_and_throws_one_class(out: Path, tmp_path: Path) -> None:
    project = tmp_path / "web"
    shutil.copytree(out / "typescript", project / "models")
    index = "/index" if layout_of(out) == "package" else ""
    (project / "main.ts").write_text(
        f'import {{ sessionFromJSON, SchemaValidationError as A }} from "./models/session{index}.js";\n'
        f'import {{ orderFromJSON, SchemaValidationError as B }} from "./models/order{index}.js";\n'
        "const caught: string[] = [];\n"
        "for (const read of [() => sessionFromJSON(\"{}\"), () => orderFromJSON(\"{}\")]) {\n"
        "  try { read(); } catch (error) { caught.push(String(error instanceof A && error instanceof B)); }\n"
        "}\n"
        "console.log(JSON.stringify([A === B, ...caught]));\n", "utf-8")
    (project / "package.json").write_text('{"type": "module"}', "utf-8")
    options = {**TS_OPTIONS, "outDir": "dist", "rootDir": "."}
    (project / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["**/*.ts"]}), "utf-8")
    compiled = subprocess.run([tool("tsc"), "-p", "tsconfig.json"], capture_output=True, text=True, cwd=project,
                              timeout=300)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run([tool("node"), "dist/main.js"], capture_output=True, text=True, cwd=project, timeout=120)
    assert ran.returncode == 0 and json.loads(ran.stdout) == [True, "true", "true"], ran.stdout + ran.stderr
    formatted = subprocess.run([tool("prettier"), "--check", "--no-config", str(out / "typescript")],
                               capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_runtime_from_the_configuration_and_refusals(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemasmith]\nschema = "{SCHEMA.as_posix()}"\nruntime = "shared"\ntargets = ["python"]\n', "utf-8")
    result = run("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "generated" / "python" / "_runtime.py").is_file()
    # Back to inline: the configuration's run speaks for the whole folder, so the runtime goes.
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.schemasmith]\nschema = "{SCHEMA.as_posix()}"\nruntime = "inline"\ntargets = ["python"]\n', "utf-8")
    result = run("generate", cwd=tmp_path)
    assert result.returncode == 0 and "removed: python/_runtime.py" in result.stderr, result.stderr
    assert sorted(p.name for p in (tmp_path / "generated" / "python").iterdir()) == [
        "__init__.py", "py.typed", "session.py"]
    (tmp_path / "pyproject.toml").write_text(f'[tool.schemasmith]\nschema = "{SCHEMA.as_posix()}"\nruntime = "one"\n',
                                             "utf-8")
    refused = run("generate", cwd=tmp_path)
    assert refused.returncode == 2 and 'runtime must be "inline" or "shared", not \'one\'' in refused.stderr


def _verdicts_script() -> str:
    """Python run in a fresh interpreter (the shared modules are the package ``python`` under the
    working folder): each constructs case through the inline golden module and the shared one."""
    golden = REPO / "tests" / "golden" / "constructs" / "python" / "order.py"
    return f"""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("inline_order", {str(golden)!r})
inline = importlib.util.module_from_spec(spec)
sys.modules["inline_order"] = inline
spec.loader.exec_module(inline)
from python import order as shared

def verdict(module, text):
    try:
        return ["ok", json.loads(module.Order.from_json(text).to_json())]
    except module.SchemaValidationError as error:
        return ["error", str(error)]

cases = json.load(open({str(REPO / "tests" / "cases" / "constructs_payloads.json")!r}))["cases"]
print(json.dumps([[case["name"], verdict(inline, case["json"]), verdict(shared, case["json"])] for case in cases]))
"""


def test_python_shared_modules_give_the_inline_modules_verdicts_and_messages(out: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _verdicts_script()], capture_output=True, text=True, cwd=out,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) > 100 and {inline[0] for _, inline, _ in rows} == {"ok", "error"}
    assert [name for name, inline, shared in rows if inline != shared] == []


def test_typescript_shared_modules_give_the_inline_modules_verdicts_and_messages(out: Path, tmp_path: Path) -> None:
    project = tmp_path / "web"
    shutil.copytree(out / "typescript", project / "shared")
    (project / "inline").mkdir()
    index = "/index" if layout_of(out) == "package" else ""
    golden = REPO / "tests" / "golden" / "constructs" / "typescript" / "order.ts"
    (project / "inline" / "order.ts").write_text(golden.read_text("utf-8"), "utf-8")
    cases = json.loads((REPO / "tests" / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"]
    (project / "cases.json").write_text(json.dumps(cases), "utf-8")
    (project / "main.ts").write_text(
        'import { readFileSync } from "node:fs";\n'
        'import * as inline from "./inline/order.js";\n'
        f'import * as shared from "./shared/order{index}.js";\n'
        "type Case = { name: string; json: string };\n"
        'const cases = JSON.parse(readFileSync("cases.json", "utf8")) as Case[];\n'
        "function verdict(read: (text: string) => unknown, write: (value: never) => string, text: string): string[] {\n"
        "  try { return [\"ok\", write(read(text) as never)]; } catch (error) { return [\"error\", String(error)]; }\n"
        "}\n"
        "console.log(JSON.stringify(cases.map((c) => [c.name,\n"
        "  verdict(inline.orderFromJSON, inline.orderToJSON, c.json), verdict(shared.orderFromJSON, shared.orderToJSON, c.json)])));\n",
        "utf-8")
    (project / "package.json").write_text('{"type": "module"}', "utf-8")
    options = {**TS_OPTIONS, "outDir": "dist", "rootDir": ".", "types": ["node"],
               "typeRoots": [str(REPO / "node_modules" / "@types")], "skipLibCheck": True}
    (project / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["**/*.ts"]}), "utf-8")
    compiled = subprocess.run([tool("tsc"), "-p", "tsconfig.json"], capture_output=True, text=True, cwd=project,
                              timeout=300)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run([tool("node"), "dist/main.js"], capture_output=True, text=True, cwd=project, timeout=120)
    assert ran.returncode == 0, ran.stderr
    rows = json.loads(ran.stdout)
    assert len(rows) > 100 and {inline[0] for _, inline, _ in rows} == {"ok", "error"}
    assert [name for name, inline, shared in rows if inline != shared] == []
