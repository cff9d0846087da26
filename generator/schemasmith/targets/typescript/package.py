"""``--layout package`` for TypeScript: a file per model (or per group of models that refer to one
another, ``targets/package_layout.py``, so the imports between files form no cycle), the runtime
written once (``_runtime.ts``, every helper exported), and ``index.ts`` re-exporting every model's
types and functions.

Each file's imports are what its code names: the file is rendered with a marker line, and
``finish`` replaces it with imports of the runtime's and other models' names the code uses
(``import type`` for names that are only types). Under ``--ts-emit js`` each model file is rendered
straight as its ``.js`` and ``.d.ts`` (``_renders_javascript``): the .js imports the values it
names, the .d.ts the types.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from . import naming, runtime
from ..common import discriminator_tags, module_name
from ..package_layout import Group, groups
from ..rules_table import rules_context
from ...codegen.headers import SHARED_OWNER
from ...codegen.output_file import OutputFile
from ...ir.nodes import SchemaIR

MARKER = "// schemasmith:imports\n"
RUNTIME = "_runtime"
_ALL_HELPERS = {
    flag: True
    for flag in ("uses_checks", "uses_number_checks", "uses_string_checks", "uses_array_checks",
                 "uses_object_checks", "uses_model_checks")
}
# A top-level declaration of the runtime (exported in the package's runtime file).
_DECLARATION = re.compile(r"^(export )?(function|const|type|class) ([A-Za-z_$][\w$]*)", re.MULTILINE)
# Comments and string literals (whose words are no names), or a name. Written for speed (GitHub's API
# description scans 37 MB of TypeScript; tests/test_import_scan.py holds it to the plain form
# ``//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_$][\w$]*)``): a comment's and a
# string's body is a run of ordinary characters between its escapes (or stars), not one character
# at a time through an alternation; a name takes the characters after it that cannot begin a token
# (spaces, digits, operators), which the engine then skips in one step instead of failing at each.
_TOKEN = re.compile(
    r'//[^\n]*|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\''
    r'|([A-Za-z_$][\w$]*)[^A-Za-z_$/"\']*',
    re.DOTALL,
)


def folder(schema_ir: SchemaIR) -> str:
    return f"typescript/{module_name(schema_ir)}"


def shared_runtime(schema_ir: SchemaIR, settings: dict[str, Any]) -> OutputFile:
    """``--runtime shared``: the runtime once for the whole folder (every helper, each exported; the
    rules interpreter stays in each module that has rules, with its table), the same whichever
    schemas are generated into it. Each module imports what it uses (``runtime.select_shared``)."""
    context = {"ir": schema_ir, **_ALL_HELPERS, **rules_context((), set(), set(), python=False), **settings,
               "shared_owner": SHARED_OWNER}
    return OutputFile(f"typescript/{RUNTIME}.ts", "typescript/package_runtime.ts.jinja", context)


def finish_shared_runtime(rendered: dict[str, str]) -> dict[str, str]:
    """The shared runtime's declarations exported."""
    path = f"typescript/{RUNTIME}.ts"
    export = _DECLARATION.sub(lambda m: f"export {m.group(2)} {m.group(3)}", rendered[path])
    return {**rendered, path: export}


def exported(group: Group) -> tuple[list[str], list[str]]:
    """The file's public types and its public functions (what ``index.ts`` re-exports)."""
    types: list[str] = []
    values: list[str] = []
    for name in [m.name for m in group.models] + [a.name for a in group.aliases]:
        prefix = naming.function_prefix(name)
        types += [name, f"{name}Wire"]
        values += [f"{prefix}{suffix}" for suffix in ("FromWire", "ToWire", "FromJSON", "ToJSON")]
    return types, values


def internal(group: Group) -> list[str]:
    """Functions other files' decoders and encoders call (exported, not re-exported by the index)."""
    return [f"{kind}{m.name}" for m in group.models for kind in ("decodeModel", "encodeModel")]


class _Everything:
    """A set holding every name (``name in roots`` is how _model.ts.jinja asks)."""

    def __contains__(self, name: object) -> bool:
        return True


# The templates a model file's .js and .d.ts are rendered from (besides its .ts's own).
_MODEL_TEMPLATES = ("package_module.ts.jinja", "package_module.d.ts.jinja", "_model.ts.jinja", "_model_types.ts.jinja",
                    "_alias.ts.jinja", "_alias_types.ts.jinja")


def _renders_javascript(settings: dict[str, Any]) -> bool:
    """Whether each model file is rendered straight as its .js and .d.ts (--ts-emit js; no .ts to
    parse: these are nearly all of a big description's bytes); the runtime and index.ts still go
    through the transforms (emit.split_sources), as does every file when --templates replaces a
    model file's template: a copy of it may not know the `javascript` flag, and the transforms
    read whatever TypeScript it writes."""
    if settings.get("ts_emit") != "js":
        return False
    user = settings.get("user_templates")
    return user is None or not any((Path(user) / "typescript" / name).exists() for name in _MODEL_TEMPLATES)


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    from .target import TypeScriptTypes, typescript_alias, typescript_model

    base = folder(schema_ir)
    prefixes = {m.name: naming.function_prefix(m.name) for m in schema_ir.models}
    tags = discriminator_tags(schema_ir)
    layout = groups(schema_ir)
    # The rules table is the whole IR's (each model's checks refer to it by index): in the runtime.
    rules = rules_context(schema_ir.rules, set(), set(), python=False)
    files = []
    if not settings.get("shared_runtime"):
        files.append(OutputFile(f"{base}/{RUNTIME}.ts", "typescript/package_runtime.ts.jinja",
                                {"ir": schema_ir, **_ALL_HELPERS, **rules, **settings}))
    elif schema_ir.rules:
        # --runtime shared: the folder's own runtime holds only its rules (the interpreter reads its
        # table); the rest is imported from the shared runtime above.
        select = functools.partial(runtime.select_shared, roots=runtime.rule_names(), module=f"../{RUNTIME}",
                                   public=False)
        files.append(OutputFile(f"{base}/{RUNTIME}.ts", "typescript/package_rules.ts.jinja",
                                {"ir": schema_ir, **_ALL_HELPERS, **rules, **settings, "runtime": select}))
    compiled = _renders_javascript(settings)
    for group in layout:
        types = TypeScriptTypes(tags, prefixes, javascript=compiled)  # each file numbers its own decoders
        context = {
            "ir": schema_ir,
            "models": [typescript_model(m, types) for m in group.models],
            "aliases": [typescript_alias(a, types) for a in group.aliases],
            "decoders": types.decoders,
            "constants": types.constants,
            "encoders": types.encoders,
            # Every model's codec functions are written: the other files of the folder import them.
            "roots": _Everything(),
            **settings,
            "javascript": compiled,
        }
        if compiled:
            files.append(OutputFile(f"{base}/{group.module}.js", "typescript/package_module.ts.jinja", context))
            files.append(OutputFile(f"{base}/{group.module}.d.ts", "typescript/package_module.d.ts.jinja", context))
        else:
            files.append(OutputFile(f"{base}/{group.module}.ts", "typescript/package_module.ts.jinja", context))
    exports = [(group.module, *exported(group)) for group in layout]
    runtime_path = f"../{RUNTIME}" if settings.get("shared_runtime") else f"./{RUNTIME}"
    files.append(OutputFile(f"{base}/index.ts", "typescript/package_index.ts.jinja",
                            {"ir": schema_ir, "exports": exports, "runtime_path": runtime_path, **settings}))
    return files


def _names(text: str) -> set[str]:
    names = set(_TOKEN.findall(text))  # "" for each comment or string
    names.discard("")
    return names


def _import_lines(module: str, names: list[str], types: set[str], suffix: str = ".ts") -> list[str]:
    """Imports of ``names`` from ``module`` (a path relative to the file, ``./x`` or ``../_runtime``):
    for a ``.js`` file its values only, for a ``.d.ts`` its types only (what the erased or declared
    code still names; a .d.ts names no value: no ``typeof`` in the templates)."""
    only_types = [n for n in names if n in types] if suffix != ".js" else []
    values = [n for n in names if n not in types] if suffix != ".d.ts" else []
    lines = []
    if only_types:
        lines.append(f"import type {{ {', '.join(only_types)} }} from \"{module}.js\";")
    if values:
        lines.append(f"import {{ {', '.join(values)} }} from \"{module}.js\";")
    return lines


def finish(schema_ir: SchemaIR, rendered: dict[str, str]) -> dict[str, str]:
    """The runtime's declarations exported; each file's marker replaced by the imports it needs."""
    base = folder(schema_ir)
    finished = dict(rendered)
    # Each runtime name and where it is imported from: the folder's runtime, or under --runtime shared
    # the shared one above (and the folder's own only for its rules, when it has any).
    declared: dict[str, tuple[str, str]] = {}  # name -> (kind, module path)
    shared_text = rendered.get(f"typescript/{RUNTIME}.ts", "")
    declared.update({m.group(3): (m.group(2), f"../{RUNTIME}") for m in _DECLARATION.finditer(shared_text)})
    runtime_path = f"{base}/{RUNTIME}.ts"
    if runtime_path in rendered:
        runtime_text = _DECLARATION.sub(lambda m: f"export {m.group(2)} {m.group(3)}", rendered[runtime_path])
        finished[runtime_path] = runtime_text
        declared.update({m.group(3): (m.group(2), f"./{RUNTIME}") for m in _DECLARATION.finditer(runtime_text)})
    type_names = {name for name, (kind, _) in declared.items() if kind == "type"}
    layout = groups(schema_ir)
    owner: dict[str, str] = {}
    for group in layout:
        public_types, values = exported(group)
        type_names.update(public_types)
        owner.update(dict.fromkeys([*public_types, *values, *internal(group)], group.module))
    for group in layout:
        for suffix in (".ts", ".js", ".d.ts"):  # the source, or (--ts-emit js) its .js and .d.ts
            path = f"{base}/{group.module}{suffix}"
            if path in rendered:
                finished[path] = _with_imports(rendered[path], group.module, suffix, declared, owner, type_names)
    return finished


def _with_imports(text: str, module: str, suffix: str, declared: dict[str, tuple[str, str]], owner: dict[str, str],
                  type_names: set[str]) -> str:
    used = _names(text.replace(MARKER, ""))
    lines = []
    from_runtime: dict[str, list[str]] = {}
    for name in sorted(used & declared.keys()):
        from_runtime.setdefault(declared[name][1], []).append(name)
    for path, names in sorted(from_runtime.items()):
        lines += _import_lines(path, names, type_names, suffix)
    by_module: dict[str, list[str]] = {}
    for name in sorted(used & owner.keys()):
        if owner[name] != module:
            by_module.setdefault(f"./{owner[name]}", []).append(name)
    for path, names in sorted(by_module.items()):
        lines += _import_lines(path, names, type_names, suffix)
    return text.replace(MARKER, "".join(line + "\n" for line in lines), 1)
