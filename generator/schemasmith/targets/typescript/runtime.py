"""Which runtime helpers a generated TypeScript module carries: the ones its own code calls, and
the ones those call in turn (what ``tsc --noUnusedLocals`` asks of it).

The target knows, from the IR, which helpers the models' and aliases' code names (``roots``); what
each helper needs is read from the runtime's own code, so a helper added to the runtime template
needs no table kept beside it. The runtime template writes each declaration from column 0
(``function``, ``const``, ``type``, ``class``), its comment lines just above it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Bound for the module's users whatever the module uses itself.
PUBLIC = frozenset({"SchemaValidationError"})

_DECLARATION = re.compile(r"(?:export )?(?:class|function|const|let|type) ([A-Za-z_$][\w$]*)")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# Before one of these a "/" starts a regular expression literal, elsewhere it divides.
_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}


@dataclass(frozen=True)
class _Declaration:
    text: str  # with the comment and blank lines above it
    name: str | None  # None: a statement that declares nothing (kept)
    uses: frozenset[str]


def code_only(text: str) -> str:
    """``text`` without its comments, string literals and regular expression literals (of a
    template literal only its ``${...}`` parts stay: they are code)."""
    out: list[str] = []
    i, n = 0, len(text)
    last = ""  # the last character of code, for telling a regular expression from a division
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i == -1 else i
        elif c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif c == "`":
            # A template literal: its text is not code, its ${...} parts are.
            i += 1
            while i < n and text[i] != "`":
                if text[i] == "\\":
                    i += 2
                elif text.startswith("${", i):
                    depth, j = 1, i + 2
                    while j < n and depth:
                        depth += {"{": 1, "}": -1}.get(text[j], 0)
                        j += 1
                    out.append(" " + code_only(text[i + 2 : j - 1]) + " ")
                    i = j
                else:
                    i += 1
            i += 1
            out.append(" 0 ")
            last = "0"
        elif c in "\"'" or (c == "/" and last in _REGEX_BEFORE):
            # A string or a regular expression: skip to its unescaped end (a "/" inside [...]
            # does not end a regular expression).
            i += 1
            in_class = False
            while i < n and (text[i] != c or in_class):
                if text[i] == "\\":
                    i += 1
                elif c == "/" and text[i] == "[":
                    in_class = True
                elif c == "/" and text[i] == "]":
                    in_class = False
                elif text[i] == "\n":
                    break
                i += 1
            i += 1
            out.append(" 0 ")
            last = "0"
        else:
            out.append(c)
            if not c.isspace():
                last = c
            i += 1
    return "".join(out)


def names_in(code: str) -> set[str]:
    return set(_IDENTIFIER.findall(code_only(code)))


def _declarations(source: str) -> list[_Declaration]:
    lines = source.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _DECLARATION.match(line)]
    # Each declaration takes the comment and blank lines just above it.
    begins = []
    for start in starts:
        begin = start
        while begin > 0 and (lines[begin - 1].strip() == "" or lines[begin - 1].lstrip().startswith(("//", "/*", "*"))):
            begin -= 1
        begins.append(begin)
    declarations = []
    if begins and begins[0] > 0:
        declarations.append(_Declaration("".join(lines[: begins[0]]), None, frozenset()))
    for index, (begin, start) in enumerate(zip(begins, starts)):
        end = begins[index + 1] if index + 1 < len(begins) else len(lines)
        text = "".join(lines[begin:end])
        match = _DECLARATION.match(lines[start])
        assert match is not None
        declarations.append(_Declaration(text, match.group(1), frozenset(names_in(text) - {match.group(1)})))
    return declarations


# --runtime shared: the folder's runtime file, which every module imports from.
SHARED_MODULE = "_runtime"


@functools.cache
def rule_names() -> frozenset[str]:
    """The names the rules interpreter declares (templates/typescript/_rules.ts.jinja): with a
    shared runtime they stay in each module, since they read the module's own rules table."""
    from ...codegen.render import builtin_templates_dir

    source = (builtin_templates_dir() / "typescript" / "_rules.ts.jinja").read_text("utf-8")
    return frozenset(m.group(1) for m in re.finditer(r"^" + _DECLARATION.pattern, source, re.MULTILINE))


def select_shared(source: str, roots: Iterable[str], module: str = f"./{SHARED_MODULE}", public: bool = True) -> str:
    """``select`` for ``--runtime shared``: the runtime names ``roots`` need are imported from the
    folder's shared runtime (``SHARED_MODULE``) instead of declared here, but for the rules
    interpreter's (``rule_names``), which stay, with what they use imported in turn. The module
    re-exports ``SchemaValidationError``, as it exports its own class without a shared runtime
    (``public``). ``module``: the shared runtime's path (``../_runtime`` from a package's own runtime)."""
    declarations = _declarations(source)
    by_name = {d.name: d for d in declarations if d.name is not None}
    local = rule_names()
    wanted: set[str] = set()
    shared: set[str] = set()
    pending = [name for name in (*roots, *(PUBLIC if public else ())) if name in by_name]
    while pending:
        name = pending.pop()
        if name in wanted or name in shared:
            continue
        if name not in local:
            shared.add(name)
        else:
            wanted.add(name)
            pending.extend(n for n in by_name[name].uses if n in by_name)
    types = sorted(n for n in shared if _is_type(by_name[n]))
    values = sorted(shared - set(types))
    lines = []
    if types:
        lines.append(f'import type {{ {", ".join(types)} }} from "{module}.js";\n')
    if values:
        lines.append(f'import {{ {", ".join(values)} }} from "{module}.js";\n')
    if public:
        lines.append(f"export {{ {', '.join(sorted(PUBLIC))} }};\n")
    kept = [d.text for d in declarations if d.name is None or d.name in wanted]
    return "".join(lines + kept)


def _is_type(declaration: _Declaration) -> bool:
    """A ``type`` declaration (imported with ``import type``)."""
    for line in declaration.text.splitlines():
        found = _DECLARATION.match(line)
        if found is not None:
            return line.startswith(("type ", "export type "))
    return False


def select(source: str, roots: Iterable[str]) -> str:
    """``source`` (the rendered runtime) with only the declarations ``roots`` need."""
    declarations = _declarations(source)
    by_name = {d.name: d for d in declarations if d.name is not None}
    wanted: set[str] = set()
    pending = [name for name in (*roots, *PUBLIC) if name in by_name]
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(n for n in by_name[name].uses if n in by_name and n not in wanted)
    return "".join(d.text for d in declarations if d.name is None or d.name in wanted)
