"""Diff two loaded documents: JSON Schemas by their roots, OpenAPI documents component by component,
then the generated-code impact; findings in walk order, each change once."""

from __future__ import annotations

import sys
import threading
from typing import Any

from ..errors import SchemaSmithError
from ..ir.name_overrides import NameOverrides
from ..source.drafts import draft_of
from ..source.load import LoadedSchema
from ..source.pointer import join
from ..source.refs import root_here
from .compare import Differ
from .findings import Finding
from .rules import RULES
from .view import Flattener, Sub

# The walk recurses a few frames per schema level; a thread with a large stack gives it room for
# deeply nested schemas (the schema reader bounds nesting at 128 levels, $ref chains go further).
_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 60_000


def diff_documents(
    old: LoadedSchema,
    new: LoadedSchema,
    codegen: bool = True,
    names: NameOverrides | None = None,
    names_checked: bool = True,
) -> list[Finding]:
    result: list[Any] = []

    def work() -> None:
        try:
            result.append(_diff(old, new, codegen, names, names_checked))
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            result.append(error)

    previous_limit = sys.getrecursionlimit()
    previous_stack = threading.stack_size()
    try:
        sys.setrecursionlimit(max(previous_limit, _RECURSION_LIMIT))
        threading.stack_size(_STACK_BYTES)
        thread = threading.Thread(target=work, name="schemasmith-diff")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    outcome = result[0]
    if isinstance(outcome, RecursionError):
        raise SchemaSmithError("schema nested too deeply to compare", file=str(new.path), pointer="")
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome  # type: ignore[no-any-return]


def _format_check(document: Any, is_openapi: bool) -> Any:
    from ..validate.formats import format_checker_for

    checker = format_checker_for("draft2020-12" if is_openapi else draft_of(document))
    return checker.conforms


def _openapi30(loaded: LoadedSchema) -> bool:
    return loaded.is_openapi and str(loaded.document.get("openapi", "")).startswith("3.0")


def _diff(
    old: LoadedSchema, new: LoadedSchema, codegen: bool, names: NameOverrides | None = None, names_checked: bool = True
) -> list[Finding]:
    if old.is_openapi != new.is_openapi:
        which = old if old.is_openapi else new
        raise SchemaSmithError("cannot compare an OpenAPI document with a JSON Schema: give two of a kind",
                               file=str(which.path), pointer="")
    differ = Differ(Flattener(_openapi30(old)), Flattener(_openapi30(new)),
                    _format_check(old.document, old.is_openapi), _format_check(new.document, new.is_openapi))
    here_o = root_here(old.document, old.path, old.registry)
    here_n = root_here(new.document, new.path, new.registry)
    findings: list[Finding] = []
    if old.is_openapi:
        schemas_o = old.document.get("components", {}).get("schemas", {})
        schemas_n = new.document.get("components", {}).get("schemas", {})
        for name in list(schemas_o) + [n for n in schemas_n if n not in schemas_o]:
            pointer = join("", "components", "schemas", name)
            if name not in schemas_n:
                findings.append(_component("COMPONENT_REMOVED", pointer, "/components/schemas", name))
            elif name not in schemas_o:
                findings.append(_component("COMPONENT_ADDED", "/components/schemas", pointer, name))
            else:
                a = Sub(schemas_o[name], here_o.child(schemas_o[name], "components", "schemas", name))
                b = Sub(schemas_n[name], here_n.child(schemas_n[name], "components", "schemas", name))
                findings += [_in(f, name) for f in differ.compare([a], [b])]
    else:
        findings += differ.compare([Sub(old.document, here_o)], [Sub(new.document, here_n)])
    if codegen:
        from .codegen_impact import codegen_findings

        findings += codegen_findings(old, new, names, names_checked)
    return _unique(findings)


def _component(rule: str, old_pointer: str, new_pointer: str, name: str) -> Finding:
    entry = RULES[rule]
    verb = "removed" if rule == "COMPONENT_REMOVED" else "added"
    return Finding(rule, old_pointer, new_pointer, entry.backward, entry.forward, f"component {name!r} {verb}",
                   entry.kind, component=name)


def _in(finding: Finding, component: str) -> Finding:
    from dataclasses import replace

    return replace(finding, component=component)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for finding in findings:
        key = (finding.rule, finding.old_pointer, finding.new_pointer, finding.message, finding.backward, finding.forward)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
