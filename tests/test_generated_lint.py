"""Generated code a reviewer reads and a linter accepts (issue 13): each module carries only the
runtime helpers its types use, the fast path names what it tests, UNSET narrows in mypy."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lint_support import MODEL_FILES, PYTHON_FILES, golden_id, unused_private_names

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.mark.parametrize("path", PYTHON_FILES, ids=golden_id)
def test_no_unused_private_helper_in_python_outputs(path: Path) -> None:
    assert unused_private_names(path.read_text("utf-8")) == []


def test_the_unused_helper_check_finds_one() -> None:
    """The check itself: a helper only it calls, and a pair calling each other, are unused."""
    source = (
        "def _used() -> None: ...\n"
        "def _alone() -> None:\n    _alone()\n"
        "def _ping() -> None:\n    _pong()\n"
        "def _pong() -> None:\n    _ping()\n"
        "import json as _json\n"
        "def public() -> None:\n    _used()\n"
    )
    assert unused_private_names(source) == ["_alone", "_json", "_ping", "_pong"]


@pytest.mark.parametrize("path", MODEL_FILES, ids=golden_id)
def test_fast_path_names_every_position_it_tests(path: Path) -> None:
    """Each ``values[i]`` / ``values[i:j]`` the fast path's condition reads is named by the comment
    line just above its test, with as many properties as positions; each ``merged["name"]`` it
    reads (a model with no slice to test reads the merged dict) by a comment starting with that
    name."""
    lines = path.read_text("utf-8").splitlines()
    tested = 0
    for index, line in enumerate(lines):
        test = re.search(r"values\[(\d+)(?::(\d+))?\]\)* (?:in|is)|map\(type, values\[(\d+):(\d+)\]\)", line)
        looked_up = re.search(r'merged\[("(?:[^"\\]|\\.)*")\]\)* (?:in|is)', line)
        if (test is None and looked_up is None) or line.lstrip().startswith("#") or "if (" in line:
            continue
        comment = []
        for above in reversed(lines[:index]):
            if not above.lstrip().startswith("#"):
                break
            comment.insert(0, above.strip()[2:])
        text = " ".join(comment)
        tested += 1
        if looked_up is not None:
            name = ast.literal_eval(looked_up.group(1)).encode("unicode_escape").decode("ascii")
            assert text == name or text.startswith(name + ","), (path.name, line, text)
            continue
        assert test is not None
        start = int(test.group(1) or test.group(3))
        stop = int(test.group(2) or test.group(4) or start + 1)
        where = f"values[{start}:{stop}]:" if stop - start > 1 else f"values[{start}]:"
        assert text.startswith(where), (path.name, line, text)
        names = text[len(where):].split(",")
        assert len(names) >= stop - start, (path.name, text)
    assert tested, f"no fast-path test found in {path.name}"


def test_fast_path_helper_names_do_not_renumber_when_a_property_is_added(tmp_path: Path) -> None:
    """Module-level decoders, constants and type sets are named by what uses them or holds them,
    so a property added at the front renames none of the existing ones."""
    import json

    from schemasmith.codegen.pipeline import generate

    schema = json.loads((SCHEMAS / "constructs.schema.json").read_text("utf-8"))
    names = []
    for variant in ("before", "after"):
        changed = json.loads(json.dumps(schema))
        if variant == "after":
            changed["properties"] = {"added": {"type": ["integer", "string"]},
                                     "more": {"type": "array", "items": {"enum": ["x", 1]}},
                                     **changed["properties"]}
        source = tmp_path / variant / "order.schema.json"
        source.parent.mkdir()
        source.write_text(json.dumps(changed), "utf-8")
        for sibling in SCHEMAS.glob("common*.json"):  # what its $refs name
            (source.parent / sibling.name).write_bytes(sibling.read_bytes())
        out = tmp_path / variant / "out"
        generate(source, out, targets=("python", "typescript"))
        python = (out / "python" / "order.py").read_text("utf-8")
        typescript = (out / "typescript" / "order.ts").read_text("utf-8")
        names.append((
            {m for m in re.findall(r"^(_\w+): Final", python, re.M)},
            {m for m in re.findall(r"^const (\w+)", typescript, re.M)},
        ))
    (python_before, ts_before), (python_after, ts_after) = names
    assert python_before <= python_after, python_before - python_after
    assert ts_before <= ts_after, ts_before - ts_after
    assert python_after - python_before and ts_after - ts_before  # the new property's own


UNSET_NARROWING = '''
from session import Session, UNSET, Unset
from typing import assert_type


def label(session: Session) -> str:
    agent = session.agent_name
    assert_type(agent, str | None | Unset)
    if agent is UNSET:
        return "absent"
    assert_type(agent, str | None)
    if agent is None:
        return "null"
    return agent.upper()


def truthy(session: Session) -> str:
    if session.agent_name:
        return session.agent_name.upper()
    return ""


def not_unset(session: Session) -> str | None:
    if session.agent_name is not UNSET:
        return session.agent_name
    return None
'''


def test_unset_narrows_by_identity_and_by_truth_in_mypy_strict(tmp_path: Path) -> None:
    from conftest import GENERATED

    (tmp_path / "session.py").write_text((GENERATED / "python" / "session.py").read_text("utf-8"), "utf-8")
    (tmp_path / "usage.py").write_text(UNSET_NARROWING, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "usage.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The narrowing is real: without the `is UNSET` branch mypy refuses the return.
    (tmp_path / "usage.py").write_text(
        "from session import Session, UNSET\n\n\ndef f(s: Session) -> str | None:\n    return s.agent_name\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "usage.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 1 and "Unset" in result.stdout, result.stdout


def test_unset_is_a_falsy_singleton(session_module) -> None:  # type: ignore[no-untyped-def]
    import copy
    import pickle

    unset = session_module.UNSET
    assert not unset and repr(unset) == "UNSET" and isinstance(unset, session_module.Unset)
    assert copy.deepcopy(unset) is unset and pickle.loads(pickle.dumps(unset)) is unset
    assert list(session_module.Unset) == [unset]


# What a Vite-style tsconfig adds to --strict (issue 13): the generated files must pass with them.
STRICTER_TSC_OPTIONS = {
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
}


def _tsc_stricter(directory: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    import json

    from conftest import TSCONFIG_OPTIONS, tool

    options = dict(TSCONFIG_OPTIONS, **STRICTER_TSC_OPTIONS, noEmit=True, types=[])
    config = directory / "tsconfig.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": [str(f) for f in files]}), "utf-8")
    (directory / "package.json").write_text('{"type": "module"}', "utf-8")
    return subprocess.run([tool("tsc"), "-p", str(config)], capture_output=True, text=True, cwd=directory, timeout=300)


def test_typescript_outputs_pass_tsc_with_the_stricter_flags(tmp_path: Path) -> None:
    from lint_support import TYPESCRIPT_FILES

    # One folder per output, as a user's project would hold each (module names may repeat).
    files = []
    for index, path in enumerate(TYPESCRIPT_FILES):
        (tmp_path / str(index)).mkdir()
        files.append(tmp_path / str(index) / path.name)
        files[-1].write_text(path.read_text("utf-8"), "utf-8")
    proc = _tsc_stricter(tmp_path, files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The flags are in force: an unused helper in a copy of one output is refused.
    files[0].write_text(files[0].read_text("utf-8") + "\nfunction unusedHelper(): void {}\n", "utf-8")
    proc = _tsc_stricter(tmp_path, files)
    assert proc.returncode != 0 and "TS6133" in proc.stdout and "unusedHelper" in proc.stdout, proc.stdout


def _ruff() -> str:
    import shutil

    found = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("ruff not found beside the interpreter: install the dev extra (pip install -e '.[dev]')")
    return found


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_python_outputs_pass_ruff_with_default_settings(command: list[str], tmp_path: Path) -> None:
    """--isolated: no configuration file is read, ruff's defaults apply (as in a new repository).
    The one-module outputs, the golden --layout package one, and a package of models in cycles
    (its modules import one another), generated here."""
    from lint_support import GOLDEN

    cycles = tmp_path / "cycles"
    made = subprocess.run([sys.executable, "-m", "schemasmith", "generate", str(SCHEMAS / "cycles.schema.json"),
                           "--layout", "package", "--target", "python", "--out", str(cycles)],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    packages = sorted(GOLDEN.glob("*/python/*/*.py")) + sorted((cycles / "python").rglob("*.py"))
    assert any(p.name == "_runtime.py" for p in packages) and any(p.name == "__init__.py" for p in packages)
    proc = subprocess.run([_ruff(), *command, "--isolated", "--no-cache", *map(str, PYTHON_FILES + packages)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Not vacuous: an unused import in a copy of one output is refused by the check, and a
    # copy without the header's `fmt: off` is one ruff would reformat.
    copy = tmp_path / "copy.py"
    text = MODEL_FILES[0].read_text("utf-8")
    copy.write_text(text.replace("# fmt: off\n", "") + ("import os\n" if command == ["check"] else ""), "utf-8")
    proc = subprocess.run([_ruff(), *command, "--isolated", "--no-cache", str(copy)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_typescript_outputs_pass_prettier_check(tmp_path: Path) -> None:
    from conftest import REPO, tool

    from lint_support import GOLDEN

    files = sorted({*GOLDEN.rglob("*.ts"), *(REPO / "generated").rglob("*.ts")})
    proc = subprocess.run([tool("prettier"), "--check", "--no-config", *map(str, files)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Not vacuous: the same file without its prettier-ignore comments is one prettier would change.
    copy = tmp_path / "copy.ts"
    copy.write_text(files[0].read_text("utf-8").replace("// prettier-ignore\n", ""), "utf-8")
    proc = subprocess.run([tool("prettier"), "--check", "--no-config", str(copy)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode != 0, proc.stdout + proc.stderr


def test_markdown_docs_pass_prettier_check(tmp_path: Path) -> None:
    """The docs target's pages (the committed Session docs and every golden schema's), with prettier's
    defaults; each table is deliberately unpadded (a grown cell changes only its row) and says so
    with the `<!-- prettier-ignore -->` prettier honours."""
    from conftest import REPO, tool

    from lint_support import GOLDEN

    files = sorted({*GOLDEN.glob("*/docs/**/*.md"), *(REPO / "generated" / "docs").rglob("*.md")})
    assert len(files) > 40 and any(path.name == "index.md" for path in files)
    proc = subprocess.run([tool("prettier"), "--check", "--no-config", *map(str, files)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Not vacuous: the Session page without its prettier-ignore comment is one prettier would change.
    copy = tmp_path / "copy.md"
    copy.write_text((REPO / "generated" / "docs" / "Session.md").read_text("utf-8").replace("<!-- prettier-ignore -->\n", ""),
                    "utf-8")
    proc = subprocess.run([tool("prettier"), "--check", "--no-config", str(copy)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode != 0, proc.stdout + proc.stderr


# A Vite project's tsconfig.app.json (create-vite's react-ts template, bar its JSX and vite/client
# types), with the two further flags: bundler resolution, verbatimModuleSyntax,
# erasableSyntaxOnly (no enums, namespaces or parameter properties) and the unused-code checks.
VITE_OPTIONS = {
    "target": "ES2022", "useDefineForClassFields": True, "lib": ["ES2022", "DOM", "DOM.Iterable"], "module": "ESNext",
    "types": [], "skipLibCheck": True, "moduleResolution": "bundler", "allowImportingTsExtensions": True,
    "verbatimModuleSyntax": True, "moduleDetection": "force", "noEmit": True, "strict": True, "noUnusedLocals": True,
    "noUnusedParameters": True, "erasableSyntaxOnly": True, "noFallthroughCasesInSwitch": True,
    "noUncheckedSideEffectImports": True, "noUncheckedIndexedAccess": True, "exactOptionalPropertyTypes": True,
}


def test_typescript_outputs_pass_a_vite_projects_tsconfig(tmp_path: Path) -> None:
    """Every committed TypeScript output (one module, the package folder) and a --runtime shared
    folder of two schemas, under src/ of a Vite-style project."""
    from conftest import REPO, tool

    from lint_support import GOLDEN, TYPESCRIPT_FILES

    src = tmp_path / "src"
    for index, path in enumerate(TYPESCRIPT_FILES):
        (src / str(index)).mkdir(parents=True)
        (src / str(index) / path.name).write_text(path.read_text("utf-8"), "utf-8")
    for package in GOLDEN.glob("*/typescript/*/index.ts"):
        for path in package.parent.iterdir():
            (src / "package" / package.parent.name).mkdir(parents=True, exist_ok=True)
            (src / "package" / package.parent.name / path.name).write_text(path.read_text("utf-8"), "utf-8")
    made = subprocess.run([sys.executable, "-m", "schemasmith", "generate", str(SCHEMAS / "constructs.schema.json"),
                           str(REPO / "schema" / "session.schema.json"), "--runtime", "shared", "--target", "typescript",
                           "--out", str(src / "shared")], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": VITE_OPTIONS, "include": ["src"]}), "utf-8")
    proc = subprocess.run([tool("tsc"), "-p", "tsconfig.json"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(list(src.rglob("*.ts"))) > 30
