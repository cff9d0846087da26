"""Which runtime helpers (and imports) a generated Python module carries: the ones its own code
calls, and the ones those call in turn.

The target knows, from the IR, which helpers the models' and aliases' code names (``roots``); what
each helper needs is read from the runtime's own code (its AST), so that a helper added to the
runtime template needs no table kept beside it. Each top-level statement of the runtime keeps the
comment lines just above it; an import keeps only the names something kept uses.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Names every module binds for its users whatever it uses itself.
PUBLIC = frozenset({"SchemaValidationError", "UNSET", "Unset"})


@dataclass(frozen=True)
class _Statement:
    text: str  # with the comment and blank lines above it
    node: ast.stmt
    defines: frozenset[str]
    uses: frozenset[str]


def _names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _defines(node: ast.stmt) -> set[str]:
    match node:
        case ast.FunctionDef() | ast.ClassDef() | ast.AsyncFunctionDef():
            return {node.name}
        case ast.Assign():
            return {t.id for t in node.targets if isinstance(t, ast.Name)}
        case ast.AnnAssign() if isinstance(node.target, ast.Name):
            return {node.target.id}
        case ast.Import() | ast.ImportFrom():
            return {(a.asname or a.name).split(".")[0] for a in node.names}
        case _:
            return set()


def _statements(source: str) -> list[_Statement]:
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    statements: list[_Statement] = []
    start = 0  # the first line not yet given to a statement
    for node in tree.body:
        end = node.end_lineno or node.lineno
        text = "".join(lines[start:end])
        start = end
        # A function's decorators are part of it; its uses are every name in it.
        statements.append(_Statement(text, node, frozenset(_defines(node)), frozenset(_names_used(node))))
    if start < len(lines) and statements:  # trailing comments stay with the last statement
        last = statements[-1]
        statements[-1] = _Statement(last.text + "".join(lines[start:]), last.node, last.defines, last.uses)
    return statements


def needed(statements: list[_Statement], roots: Iterable[str]) -> set[str]:
    """The closure of ``roots`` over what each statement's code uses."""
    by_name = {name: s for s in statements for name in s.defines}
    wanted: set[str] = set()
    pending = [name for name in (*roots, *PUBLIC) if name in by_name]
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted.add(name)
        # An import's names are leaves: one statement may bind several unrelated names.
        statement = by_name[name]
        if not isinstance(statement.node, (ast.Import, ast.ImportFrom)):
            pending.extend(n for n in statement.uses if n in by_name and n not in wanted)
    return wanted


def select(source: str, roots: Iterable[str]) -> str:
    """``source`` (the rendered imports and runtime) with only what ``roots`` need."""
    statements = _statements(source)
    return "".join(_kept(statements, needed(statements, roots)))


def _kept(statements: list[_Statement], wanted: set[str], shared: Iterable[str] = (),
          module: str = "") -> list[str]:
    """The text of the statements ``wanted`` names (imports cut down to the names wanted), and after
    the last import, the import of the ``shared`` names from the folder's shared runtime."""
    kept: list[str] = []
    after_imports = 0
    for s in statements:
        node = s.node
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            kept.append(s.text)
        elif isinstance(node, ast.ImportFrom):
            names = [a for a in node.names if (a.asname or a.name) in wanted]
            if names:
                spelled = ", ".join(a.name if a.asname is None else f"{a.name} as {a.asname}" for a in names)
                head = s.text[: s.text.index("from ")]
                kept.append(f"{head}from {node.module} import {spelled}\n")
        elif s.defines & wanted:
            kept.append(s.text)
        else:
            continue
        if len(kept) == 2 and kept[0].rstrip().endswith("from __future__ import annotations") and kept[1][:1] != "\n":
            kept[1] = "\n" + kept[1]  # the blank line after it went with a statement left out
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            after_imports = len(kept)
    imported = sorted(shared, key=isort_key)
    if imported:
        line = f"from {module} import {', '.join(imported)}\n"
        if len(line) > IMPORT_LINE_LENGTH + 1:
            line = f"from {module} import (\n" + "".join(f"    {name},\n" for name in imported) + ")\n"
        kept.insert(after_imports, "\n" + line)
    return kept


# Cached (bounded): the import scan sorts the same few thousand names once a module that uses them.
@functools.lru_cache(maxsize=1 << 14)
def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Case-insensitive natural order (``v2`` before ``v10``), as isort compares names."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text.lower()) if part)


@functools.lru_cache(maxsize=1 << 14)
def isort_key(name: str) -> tuple[int, tuple[tuple[int, int | str], ...], str]:
    """The order isort (and ruff's I001) sorts imported names in: constants, classes, then the rest,
    each in natural order."""
    cased = [c for c in name if c.isalpha()]
    if len(name) > 1 and cased and all(c.isupper() for c in cased):
        return (0, natural(name), name)
    return (1 if name[0].isupper() else 2, natural(name), name)


# isort's (and ruff's) line length: a longer import is wrapped, one name a line.
IMPORT_LINE_LENGTH = 88


# --runtime shared: the folder's runtime module, and the names a module imports from it.
SHARED_MODULE = "_runtime"


@functools.cache
def rule_names() -> frozenset[str]:
    """The names the rules interpreter defines (templates/python/_rules.py.jinja): with a shared
    runtime they stay in each module, since they read the module's own rules table."""
    from ...codegen.render import builtin_templates_dir

    source = (builtin_templates_dir() / "python" / "_rules.py.jinja").read_text("utf-8")
    return frozenset(re.findall(r"^(?:def |class )?([A-Za-z_]\w*)\b(?=[(:]|\s*[:=])", source, re.MULTILINE))


def select_shared(source: str, roots: Iterable[str], extra: Iterable[str] = (), module: str = f".{SHARED_MODULE}",
                  public: bool = True) -> str:
    """``select`` for ``--runtime shared``: the runtime names ``roots`` need are imported from the
    folder's shared runtime (``SHARED_MODULE``) instead of written here, but for the rules
    interpreter's (``rule_names``), which stay, with what they use imported in turn. ``extra``:
    shared names the template calls beyond the inline runtime's (``_register``); ``module``: where
    the shared runtime is imported from (``.._runtime`` from a package's own runtime, under
    ``--layout package``); ``public``: whether the runtime's public names are imported too."""
    statements = _statements(source)
    by_name = {name: s for s in statements for name in s.defines}
    local = rule_names()
    wanted: set[str] = set()
    shared: set[str] = set(extra)
    pending = [name for name in (*roots, *(PUBLIC if public else ())) if name in by_name]
    while pending:
        name = pending.pop()
        if name in wanted or name in shared:
            continue
        statement = by_name[name]
        if isinstance(statement.node, (ast.Import, ast.ImportFrom)):
            wanted.add(name)
        elif name not in local:
            shared.add(name)
        else:
            wanted.add(name)
            pending.extend(n for n in statement.uses if n in by_name)
    kept = _kept(statements, wanted, shared, module)
    if kept and kept[-1].startswith(f"\nfrom {module} import"):
        # Nothing after the import block: one blank line before the template's next statement, as isort has it.
        kept[-1] = kept[-1][:-1]
    return "".join(kept)
