"""Every walker over the IR's TypeRef ends in assert_never: mypy --strict refuses a walker that
misses a node type, so a new node cannot fall through any of them silently."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from schemasmith.ir.nodes import assert_never

PACKAGE = REPO / "generator" / "schemasmith"


def matches_over_typeref() -> list[tuple[Path, str]]:
    """(file, function) of every `match` whose last case is `case _: assert_never(...)`."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Match) and _ends_in_assert_never(node):
                    found.append((path, function.name))
    return found


def _ends_in_assert_never(node: ast.Match) -> bool:
    last = node.cases[-1]
    return (
        isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None
        and any(isinstance(c, ast.Call) and getattr(c.func, "id", None) == "assert_never" for c in ast.walk(last))
    )


def test_the_walkers_dispatch_with_assert_never() -> None:
    walkers = {(path.relative_to(PACKAGE).as_posix(), name) for path, name in matches_over_typeref()}
    assert walkers >= {
        ("targets/python/target.py", "annotation"), ("targets/python/target.py", "_new_decoder"),
        ("targets/python/type_walks.py", "needs_encoding"), ("targets/python/type_walks.py", "names_an_alias"),
        ("targets/typescript/target.py", "type"), ("targets/typescript/target.py", "_new_decoder"),
        ("targets/typescript/target.py", "_new_encoder"),
        ("targets/docs/target.py", "doc_type"), ("targets/expected_text.py", "expected_text"),
        ("ir/type_size.py", "written_size"), ("targets/site/page.py", "model_refs"),
    }


def test_no_walker_falls_back_on_isinstance_chains() -> None:
    # The old shape: `if isinstance(t, A): ... if isinstance(t, B): ... raise TypeError`. A
    # function with three or more isinstance tests over IR node types should be a match.
    nodes = {"PrimitiveType", "AnyType", "ArrayType", "TupleType", "MapType", "ModelRef", "AliasRef", "EnumType",
             "UnionType"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(function, ast.FunctionDef):
                tested = {
                    n.id for call in ast.walk(function)
                    if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "isinstance" and len(call.args) == 2
                    for n in ast.walk(call.args[1]) if isinstance(n, ast.Name) and n.id in nodes
                }
                if len(tested) >= 3:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{function.name}")
    assert offenders == []


def test_assert_never_raises_if_reached_at_run_time() -> None:
    with pytest.raises(TypeError, match="unhandled IR node"):
        assert_never("not a node")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("walker", "missing"),
    [
        ("targets/expected_text.py", "        case MapType():\n            return \"object\"\n"),
        ("targets/docs/target.py", "        case AnyType():\n            return \"*any*\"\n"),
    ],
)
def test_mypy_refuses_a_walker_that_misses_a_node(tmp_path: Path, walker: str, missing: str) -> None:
    # A copy of the package with one case taken out of one walker: mypy --strict must name it.
    copy = tmp_path / "schemasmith"
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    source = (copy / walker).read_text("utf-8")
    assert missing in source
    (copy / walker).write_text(source.replace(missing, "", 1), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", str(REPO / "pyproject.toml"),
         str(copy / walker)],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert result.returncode == 1, result.stdout
    assert f"{walker}" in result.stdout and "assert_never" in result.stdout, result.stdout
