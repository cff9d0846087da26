"""``--layout package`` for Python: two packages side by side. ``<module>_models/`` holds a module
per model (or per group of models that refer to one another, ``targets/package_layout.py``) and the
runtime written once (``_runtime.py``); its ``__init__.py`` imports nothing. ``<module>/`` is the
index: an ``__init__.py`` that imports each name on first use (module ``__getattr__``), listing them
all for type checkers under ``if TYPE_CHECKING:``. Importing one model loads only its module, the
runtime, and the modules of the models it refers to.

Why two packages: a type checker reads every ancestor package of a module it reads (mypy does), and
the index names every model for it. Were the models inside the index's package, a file importing
one model's own module would make mypy read all of them (76 s CPU for GitHub's API description);
beside it, ``from <module>_models.<model> import Model`` reads that model and what it refers to,
while ``from <module> import Model`` stays typed (and reads every model once).

Each module's imports are what its code names: the module is rendered with a marker line, and
``finish`` replaces the marker with the imports its code's names need, so that a template change
needs no table of who uses what kept beside it. The names are read with one regular expression
over the text (names outside comments and strings, and inside f-strings' braces), not from an AST:
parsing and walking 3,000 modules was half of generating GitHub's API description.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..common import discriminator_tags, module_name
from ..package_layout import Group, decoded_models, groups
from ..rules_table import rules_context
from . import runtime
from .runtime import IMPORT_LINE_LENGTH, isort_key, natural
from ...codegen.headers import SHARED_OWNER
from ...codegen.output_file import PART, OutputFile
from ...ir.nodes import SchemaIR

MARKER = "# schemasmith:imports\n"
RUNTIME = "_runtime"
SHARED_RUNTIME = RUNTIME  # --runtime shared: python/_runtime.py
# Names the models' code may use from the standard library, with the import that binds each.
_STDLIB_MODULES = {
    "dataclasses": "import dataclasses",
    "_dt": "import datetime as _dt",
    "json": "import json",
    "math": "import math",
    "re": "import re",
    "_uuid": "import uuid as _uuid",
}
_STDLIB_NAMES = {
    "Callable": ("collections.abc", "Callable"),
    "_Fraction": ("fractions", "Fraction as _Fraction"),
    "_accumulate": ("itertools", "accumulate as _accumulate"),
    **{name: ("typing", name) for name in ("Any", "Final", "Literal", "NoReturn", "TypeAlias", "TypeVar")},
}
# The runtime's flags, all on: it is written once for every model of the package.
_ALL_HELPERS = {
    flag: True
    for flag in (
        "uses_datetime", "uses_uuid", "uses_literal", "uses_checks", "uses_number_checks", "uses_string_checks",
        "uses_array_checks", "uses_object_checks", "uses_model_checks", "uses_fraction", "uses_not_null",
    )
}


MODELS_SUFFIX = "_models"


def folder(schema_ir: SchemaIR) -> str:
    """The models' package (``python/<module>_models``)."""
    return f"python/{models_package(schema_ir)}"


def models_package(schema_ir: SchemaIR) -> str:
    return f"{module_name(schema_ir)}{MODELS_SUFFIX}"


def index_folder(schema_ir: SchemaIR) -> str:
    """The index package (``python/<module>``), the models' package's sibling."""
    return f"python/{module_name(schema_ir)}"


def shared_runtime(schema_ir: SchemaIR, settings: dict[str, Any]) -> OutputFile:
    """``--runtime shared``: the runtime once for the whole folder (every helper; the rules
    interpreter stays in each module that has rules, with its table), the same whichever schemas are
    generated into it, so they share it as they share ``__init__.py``. Each module imports what it
    uses (``runtime.select_shared``) and registers its classes for ``_encode``."""
    from .fast_path import date_time_shape

    context = {"ir": schema_ir, **_ALL_HELPERS, **rules_context((), set(), set(), python=True), **settings,
               "date_time_shape": date_time_shape, "shared_owner": SHARED_OWNER}
    return OutputFile(f"python/{SHARED_RUNTIME}.py", "python/package_runtime.py.jinja", context)


def exported(group: Group) -> list[str]:
    from ..naming import snake_module_name

    names = [m.name for m in group.models]
    for alias in group.aliases:
        prefix = snake_module_name(alias.name)
        names += [alias.name, *(f"{prefix}_{suffix}" for suffix in ("from_dict", "from_json", "to_dict", "to_json"))]
    return names


# A big package renders in two processes (codegen/parallel.py): ``settings[PART]`` is "head" for
# every file but the last modules, "tail" for those modules alone (with the runtime, whose names
# their imports need), and ``merge_parts`` puts the two in the order one process gives.
# The tail renders in the worker beside TypeScript and the docs, which take about three quarters
# of the Python's work (GitHub's API description): one module in eight moved there evens them out.
TAIL_SHARE = 8


def _part(layout: list[Group], settings: dict[str, Any]) -> list[Group]:
    part = settings.get(PART)
    if part is None:
        return layout
    cut = len(layout) - len(layout) // TAIL_SHARE
    return layout[:cut] if part == "head" else layout[cut:]


def merge_parts(schema_ir: SchemaIR, head: dict[str, Any], tail: dict[str, Any]) -> dict[str, Any]:
    """The files of both parts in the order of one process: the tail's modules after the head's,
    before the package's ``__init__.py`` (the tail's copy of the runtime is the head's)."""
    init = f"{folder(schema_ir)}/__init__.py"
    merged: dict[str, Any] = {}
    for path, content in head.items():
        if path == init:
            merged.update((p, c) for p, c in tail.items() if p not in head)
        merged[path] = content
    return merged


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    # Imported here: target.py imports this module for its plan.
    from .fast_path import date_time_shape
    from .aliases import python_alias
    from .target import PythonTypes, python_model

    base = folder(schema_ir)
    tags = discriminator_tags(schema_ir)
    layout = groups(schema_ir)
    # The rules table is the whole IR's (each model's checks refer to it by index): in the runtime.
    rules = rules_context(schema_ir.rules, set(), set(), python=True)
    runtime_context = {"ir": schema_ir, **_ALL_HELPERS, **rules, **settings, "date_time_shape": date_time_shape}
    files = []
    if not settings.get("shared_runtime"):
        files.append(OutputFile(f"{base}/{RUNTIME}.py", "python/package_runtime.py.jinja", runtime_context))
    elif schema_ir.rules:
        # --runtime shared: the package's own runtime holds only its rules (the interpreter reads the
        # package's table); the rest is imported from the folder's.
        roots = {*runtime.rule_names(), "Any", "Final", "json", "re"}
        select = functools.partial(runtime.select_shared, roots=roots, module=f"..{SHARED_RUNTIME}", public=False)
        files.append(OutputFile(f"{base}/{RUNTIME}.py", "python/package_rules.py.jinja",
                                {**runtime_context, "runtime": select}))
    for group in _part(layout, settings):
        types = PythonTypes(tags)  # each module numbers its own combinators
        models = [python_model(m, types) for m in group.models]
        aliases = [python_alias(a, types) for a in group.aliases]
        members = [m.name for m in group.models] + [a.name for a in group.aliases]
        context = {
            "ir": schema_ir,
            "module_doc": f"{', '.join(members)}: generated from {schema_ir.source_name}.",
            "all_names": _all_names([(name, group.module) for name in exported(group)], public=False),
            "models": models,
            "aliases": aliases,
            "decoded": decoded_models(group),
            "combinators": types.combinators,
            "patterns": types.patterns,
            "type_sets": types.type_sets,
            **settings,
        }
        files.append(OutputFile(f"{base}/{group.module}.py", "python/package_module.py.jinja", context))
    if settings.get(PART) == "tail":
        return files  # the package's other files are the head's
    files.append(OutputFile(f"{base}/__init__.py", "python/package_models_init.py.jinja",
                            {"ir": schema_ir, "index_package": module_name(schema_ir), **settings}))
    exports = [(name, group.module) for group in layout for name in exported(group)]
    package_name = models_package(schema_ir)
    public = SHARED_RUNTIME if settings.get("shared_runtime") else f"{package_name}.{RUNTIME}"
    # Each name and the module it is imported from, relative to the folder (the index's parent).
    sources = [*((name, public) for name in sorted(runtime.PUBLIC)), *((name, f"{package_name}.{module}") for name, module in exports)]
    files.append(OutputFile(f"{index_folder(schema_ir)}/__init__.py", "python/package_init.py.jinja",
                            {"ir": schema_ir, "sources": sources, "models_package": package_name,
                             "type_imports": _type_imports([(name, f"..{module}") for name, module in sources]),
                             "all_names": _all_names(exports), **settings}))
    return files


# A module-level definition: a class, a function, an assignment (annotated or not) at column 0.
# Matched with the newline before it (``_defined`` puts one before the text), the same matches as
# ``^`` in multi-line mode: a literal first character lets the engine go from line to line instead
# of trying the pattern at each character (a third of the time).
_DEFINITION = re.compile(r"\n(?:(?:class|def) ([A-Za-z_]\w*)|([A-Za-z_]\w*)(?=\s*(?::|=[^=])))")
# Comments, strings (an f-string's braces hold code), or a name that is not an attribute. The
# strings' bodies are written as "a run of ordinary characters, then (an escape or a lone quote, and
# another run) any number of times": the same matches as one character at a time through an
# alternation (``(?:[^\\]|\\.)*?``), which cost the regex engine a step a character.
_TOKEN = re.compile(
    r'#[^\n]*|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""|[fF]("[^"\\\n]*(?:\\.[^"\\\n]*)*")|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    # A name takes the characters after it that cannot begin a token (spaces, digits, operators)
    # into its match: the engine then skips them in one step instead of failing at each (a fifth of
    # the scan). No token can start at them, and the look-behind reads the text, so the tokens found
    # are the same.
    r"|(?<![.\w])([A-Za-z_]\w*)[^#\"'A-Za-z_]*",
    re.DOTALL,
)


def _defined(text: str) -> set[str]:
    return {defined or assigned for defined, assigned in _DEFINITION.findall("\n" + text)}


_F_STRING_CODE = re.compile(r"\{([^{}]*)\}")


def _names(text: str) -> set[str]:
    names: set[str] = set()
    # Each distinct token once (set() in C): a module repeats its names thousands of times, and
    # looking at each occurrence in Python was a third of the import scan on GitHub's API description.
    for f_string, name in set(_TOKEN.findall(text)):  # ("", "") for a comment or a plain string
        if name:
            names.add(name)
        elif f_string:
            for code in _F_STRING_CODE.findall(f_string):
                names |= _names(code)
    return names


def _imports(text: str, runtime_names: dict[str, str], model_modules: dict[str, str]) -> str:
    """The import lines ``text``'s code needs: standard library, runtime (each name from the module
    given, ``._runtime`` or the shared ``.._runtime``), other models' modules."""
    used = _names(text) - _defined(text)
    plain = sorted(line for name, line in _STDLIB_MODULES.items() if name in used)
    by_module: dict[str, list[str]] = {}
    for name in sorted(used & _STDLIB_NAMES.keys()):
        module, spelled = _STDLIB_NAMES[name]
        by_module.setdefault(module, []).append(spelled)
    lines = plain + [_from_import(module, names) for module, names in sorted(by_module.items())]
    local: dict[str, list[str]] = {}
    for name in sorted(used & runtime_names.keys()):
        local.setdefault(runtime_names[name], []).append(name)
    for name in sorted(used & model_modules.keys()):
        local.setdefault(f".{model_modules[name]}", []).append(name)
    if local:
        lines.append("")
    # Sorted as isort has them: ``..`` (the shared runtime) before ``.``, then in natural order
    # (``.option2`` before ``.option10``).
    lines += [_from_import(module, names) for module, names in sorted(local.items(), key=lambda item: _module_key(item[0]))]
    return "\n".join(lines) + "\n"


def _module_key(module: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """isort's order of relative modules: more dots first, then natural order."""
    return -(len(module) - len(module.lstrip("."))), natural(module.lstrip("."))


def _type_imports(sources: list[tuple[str, str]]) -> list[str]:
    """The ``__init__``'s imports for type checkers (``from .m import N as N``, the explicit
    re-export), one a name, in isort's order (``..`` before ``.``) and wrapping, indented under
    ``if TYPE_CHECKING:``."""
    def key(pair: tuple[str, str]) -> tuple[int, Any, Any]:
        name, module = pair
        return (-(len(module) - len(module.lstrip("."))), natural(module.lstrip(".")), isort_key(name))

    lines = []
    for name, module in sorted(sources, key=key):
        line = f"    from {module} import {name} as {name}"
        if len(line) > IMPORT_LINE_LENGTH:
            line = f"    from {module} import (\n        {name} as {name},\n    )"
        lines.append(line)
    return lines


def _all_names(exports: list[tuple[str, str]], public: bool = True) -> list[str]:
    """``__all__``, in the order ruff's RUF022 wants (isort-style: constants, classes, the rest);
    ``public``: with the runtime's public names (the package's ``__init__``)."""
    names = [*(runtime.PUBLIC if public else ()), *(name for name, _ in exports)]
    return sorted(names, key=dunder_all_key)


def dunder_all_key(name: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """RUF022's order: the casing class, then a natural, case-sensitive order (``Thing99`` before
    ``Thing990``; a run of digits before letters and ``_``, as its characters sort)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name) if part)


def _from_import(module: str, names: list[str]) -> str:
    names = sorted(names, key=isort_key)
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= IMPORT_LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")"


def finish(schema_ir: SchemaIR, rendered: dict[str, str], settings: dict[str, Any]) -> dict[str, str]:
    """Each module's marker replaced by the imports its code needs (the modules of ``settings``'s part)."""
    base = folder(schema_ir)
    # Each runtime name and where it is imported from: the package's runtime, or under --runtime
    # shared the folder's (and the package's own only for its rules).
    runtime_names = dict.fromkeys(_defined(rendered.get(f"python/{SHARED_RUNTIME}.py", "")), f"..{SHARED_RUNTIME}")
    runtime_names.update(dict.fromkeys(_defined(rendered.get(f"{base}/{RUNTIME}.py", "")), f".{RUNTIME}"))
    layout = groups(schema_ir)
    model_modules = {name: group.module for group in layout for name in exported(group)}
    finished = dict(rendered)
    for group in _part(layout, settings):
        path = f"{base}/{group.module}.py"
        text = rendered[path]
        # The module's own names are defined in it, so _defined removes them from what is imported.
        finished[path] = text.replace(MARKER, _imports(text, runtime_names, model_modules), 1)
    return finished
