"""What tests/test_generated_lint.py checks generated code with: the goldens' files, and a walk of
a Python module's AST for private names nothing uses."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import GENERATED, REPO

GOLDEN = REPO / "tests" / "golden"
# Every committed output: generated/ (Session) and each golden schema's folder.
OUTPUT_FOLDERS = [GENERATED, *sorted(p for p in GOLDEN.iterdir() if p.is_dir())]
PYTHON_FILES = sorted(p for folder in OUTPUT_FOLDERS for p in (folder / "python").glob("*.py"))
# The modules with models (not the package's __init__.py).
MODEL_FILES = [p for p in PYTHON_FILES if p.name != "__init__.py"]
TYPESCRIPT_FILES = sorted(p for folder in OUTPUT_FOLDERS for p in (folder / "typescript").glob("*.ts"))
MARKDOWN_FILES = sorted(p for folder in OUTPUT_FOLDERS for p in (folder / "docs").glob("*.md"))


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def unused_private_names(source: str) -> list[str]:
    """Module-level names starting with one underscore that nothing public reaches: the public
    classes and functions, ``__all__`` and every statement that defines no private name are the
    roots; a private definition is reached when a reached statement reads its name (a helper
    that only calls itself, or two that only call each other, are not)."""
    tree = ast.parse(source)
    private = {}
    roots: list[ast.stmt] = []
    for node in tree.body:
        names = {n for n in _defined(node) if n.startswith("_") and not n.startswith("__")}
        for name in names:
            private[name] = node
        if not names:
            roots.append(node)
    reached: set[str] = set()
    pending = roots
    while pending:
        node = pending.pop()
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and child.id in private and child.id not in reached:
                reached.add(child.id)
                pending.append(private[child.id])
    return sorted(set(private) - reached)


def golden_id(path: Path) -> str:
    return str(path.relative_to(REPO))
