"""The package's shape (ARCHITECTURE.md): small modules, targets that do not import one another,
an IR that names no target."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator" / "schemasmith"
MAX_LINES = 500
TARGETS = sorted(p.name for p in (PACKAGE / "targets").iterdir() if (p / "__init__.py").is_file())


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the package modules ``path`` imports (relative imports resolved)."""
    package = ["schemasmith", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_of_the_package_is_over_500_lines() -> None:
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text("utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 50
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_no_target_imports_another() -> None:
    assert TARGETS == ["docs", "python", "site", "typescript"]
    for target in TARGETS:
        for path in (PACKAGE / "targets" / target).rglob("*.py"):
            others = {
                m for m in imported_modules(path)
                for other in TARGETS if other != target and m.startswith(f"schemasmith.targets.{other}")
                # The site extends the docs target's pages (its Type column) on purpose.
                and (target, other) != ("site", "docs")
            }
            assert not others, f"{path.relative_to(PACKAGE)} imports {sorted(others)}"


def test_the_ir_names_no_target() -> None:
    for path in (PACKAGE / "ir").rglob("*.py"):
        imports = imported_modules(path)
        assert not {m for m in imports for t in TARGETS if m.startswith(f"schemasmith.targets.{t}")}, path
        # No string in its code names a target or a name only one target needs (docstrings may).
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(n) is not None}
        strings = [n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
        assert not [s for s in strings if s in TARGETS or "Wire" in s], path


def test_every_target_folder_is_registered() -> None:
    from schemasmith.targets import registry

    assert set(TARGETS) <= set(registry.names())
    for name in TARGETS:
        target = registry.get(name)
        assert target.name == name and target.folder == name
        assert (REPO / "templates" / name).is_dir()
