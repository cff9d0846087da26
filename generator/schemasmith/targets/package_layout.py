"""``--layout package``: which models share a module, and what each module is named.

A model's module must import the modules of the models and named types it refers to (a named
non-object type, an alias, refers to models and aliases too). Models and aliases that refer to one
another (directly or through others) form a strongly connected group, and share one module, so
that the imports between modules form no cycle; every other model and alias has a module of its own.

Everything here is linear in the IR (Tarjan's algorithm, iterative: a chain of thousands of
models must not reach Python's recursion limit) and deterministic: groups, their members and the
modules' names follow the IR's order, never a set's or a dict's hash order.
"""

from __future__ import annotations

import keyword
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from ..ir.nodes import (
    AliasRef,
    AnyType,
    ArrayType,
    EnumType,
    MapType,
    Model,
    ModelRef,
    NamedType,
    PrimitiveType,
    SchemaIR,
    TupleType,
    TypeRef,
    UnionType,
    assert_never,
)
from .naming import snake_module_name

LAYOUTS = ("module", "package")
# Module names the package itself takes (its runtime, its index, Python's package marker).
_TAKEN = frozenset({"_runtime", "__init__", "index"})


@dataclass(frozen=True)
class Group:
    """One module of the package: the models and aliases it defines, in IR order."""

    module: str  # file name without extension, the same in both languages
    models: tuple[Model, ...]
    aliases: tuple[NamedType, ...]
    # Models and aliases of other modules its code refers to, in IR order, with their modules.
    imports: tuple[tuple[str, str], ...]  # (model or alias name, module)


def references(t: TypeRef) -> Iterator[str]:
    """The model and alias names ``t`` refers to (directly, not through those)."""
    match t:
        case ModelRef() | AliasRef():
            yield t.name
        case ArrayType():
            yield from references(t.items)
        case TupleType():
            for item in t.items:
                yield from references(item)
            if t.rest is not None:
                yield from references(t.rest)
        case MapType():
            yield from references(t.values)
        case UnionType():
            for variant in t.variants:
                yield from references(variant)
        case PrimitiveType() | AnyType() | EnumType():
            return
        case _:
            assert_never(t)


def _models_held(t: TypeRef, seen: set[str], found: dict[str, None]) -> None:
    """The models ``t`` holds, reading through named types (each once)."""
    match t:
        case ModelRef():
            found[t.name] = None
        case AliasRef():
            if t.name not in seen:
                seen.add(t.name)
                _models_held(t.type, seen, found)
        case ArrayType():
            _models_held(t.items, seen, found)
        case TupleType():
            for item in (*t.items, *((t.rest,) if t.rest is not None else ())):
                _models_held(item, seen, found)
        case MapType():
            _models_held(t.values, seen, found)
        case UnionType():
            for variant in t.variants:
                _models_held(variant, seen, found)
        case PrimitiveType() | AnyType() | EnumType():
            return
        case _:
            assert_never(t)


def decoded_models(group: Group) -> list[str]:
    """The models whose decoders the group's code calls: its own, and those its types hold, named
    types read through (an alias's decoder is its type's: it decodes the models that type holds)."""
    found: dict[str, None] = dict.fromkeys(m.name for m in group.models)
    seen: set[str] = set()
    for model in group.models:
        for f in model.fields:
            _models_held(f.type, seen, found)
        if model.additional is not None:
            _models_held(model.additional, seen, found)
    for alias in group.aliases:
        _models_held(alias.type, seen, found)
    return list(found)


def model_references(model: Model) -> list[str]:
    found: dict[str, None] = {}
    for f in model.fields:
        found.update(dict.fromkeys(references(f.type)))
    if model.additional is not None:
        found.update(dict.fromkeys(references(model.additional)))
    return list(found)


def strongly_connected(names: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively; each component's members in the
    order of ``names``, the components ordered by their first member's position."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for start in names:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, next_edge = work[-1]
            if next_edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if next_edge < len(targets):
                work[-1] = (node, next_edge + 1)
                target = targets[next_edge]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    position = {name: i for i, name in enumerate(names)}
    ordered = [sorted(c, key=position.__getitem__) for c in components]
    return sorted(ordered, key=lambda c: position[c[0]])


def _unique(name: str, used: set[str]) -> str:
    base = name + "_models" if keyword.iskeyword(name) or name in _TAKEN else name
    chosen, n = base, 2
    while chosen in used:
        chosen, n = f"{base}_{n}", n + 1
    used.add(chosen)
    return chosen


# Each IR's groups, by the IR's id while it lives: every target's plan and finish, and each part's,
# asks for them (four times in one process for GitHub's API description, ~0.07 s each).
_GROUPS: dict[int, tuple[Group, ...]] = {}


def groups(schema_ir: SchemaIR) -> list[Group]:
    """The package's modules: one per group of mutually referring models and aliases, one per other
    model and alias; each named after its first member (snake case, made unique)."""
    key = id(schema_ir)
    found = _GROUPS.get(key)
    if found is None:
        found = _GROUPS[key] = tuple(_groups(schema_ir))
        # Forgotten as the IR is freed, before its id can be another object's.
        weakref.finalize(schema_ir, _GROUPS.pop, key, None)
    return list(found)


def _groups(schema_ir: SchemaIR) -> list[Group]:
    edges = {m.name: model_references(m) for m in schema_ir.models}
    edges.update((a.name, list(dict.fromkeys(references(a.type)))) for a in schema_ir.aliases)
    models = {m.name: m for m in schema_ir.models}
    aliases = {a.name: a for a in schema_ir.aliases}
    order = [m.name for m in schema_ir.models] + [a.name for a in schema_ir.aliases]
    components = strongly_connected(order, edges)
    used: set[str] = set()
    module_of: dict[str, str] = {}
    pending: list[tuple[str, tuple[Model, ...], tuple[NamedType, ...], list[str]]] = []
    for component in components:
        module = _unique(snake_module_name(component[0]), used)
        module_of.update(dict.fromkeys(component, module))
        refs: dict[str, None] = {}
        for name in component:
            refs.update(dict.fromkeys(edges[name]))
        # An alias's definition names what it holds at import time: the component's aliases keep
        # the IR's order, which puts each after the aliases it holds.
        pending.append((module, tuple(models[n] for n in component if n in models),
                        tuple(aliases[n] for n in component if n in aliases), list(refs)))
    result = []
    for module, members, named, wanted in pending:
        outside = [(name, module_of[name]) for name in wanted if module_of[name] != module]
        result.append(Group(module, members, named, tuple(outside)))
    return result
