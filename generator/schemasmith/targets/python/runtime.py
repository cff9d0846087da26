"""Which runtime helpers (and imports) a generated Python module carries: the ones its own code
calls, and the ones those call in turn.

The target knows, from the IR, which helpers the models' and aliases' code names (``roots``); what
each helper needs is read from the runtime's own code (its AST), so that a helper added to the
runtime template needs no table kept beside it. Each top-level statement of the runtime keeps the
comment lines just above it; an import keeps only the names something kept uses.
"""

from __future__ import annotations

import ast
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
    wanted = needed(statements, roots)
    kept: list[str] = []
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
    return "".join(kept)
