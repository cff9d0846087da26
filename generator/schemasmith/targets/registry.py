"""The targets: every place that lists them (pipeline, CLI choices, model and field naming in
the IR, conformance judges) asks this registry instead.

A target is any object with the ``Target`` protocol's members. Built-in ones are listed in
``BUILTIN`` by import path and imported on first use, so that ``schemasmith validate`` or
``--help`` never pays for a target's imports. Adding a target: its folder ``targets/<name>/``
with a module that defines the object, its templates under ``templates/<name>/``, and one line in
``BUILTIN`` (or ``register(obj)`` from outside the package, as the tests do).

Order matters: it is the order ``generate`` renders targets in, and ``--target`` lists them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..codegen.output_file import OutputFile
    from ..ir.nodes import SchemaIR
    from .naming import FieldPolicy

# name -> "module:attribute" of the target object, imported on first use.
BUILTIN: dict[str, str] = {
    "python": "schemasmith.targets.python.target:TARGET",
    "typescript": "schemasmith.targets.typescript.target:TARGET",
    "docs": "schemasmith.targets.docs.target:TARGET",
    "site": "schemasmith.targets.site.target:TARGET",
}


@dataclass(frozen=True)
class Codec:
    """Where a target's generated code for the document's root lives, and how it is called.

    ``load`` turns JSON text into a value ("Session.from_json", "tags_from_json",
    "sessionFromJSON"); ``dump`` turns such a value back into JSON text: a method of the value
    when ``dump_is_method`` ("to_json"), else a module-level function ("tags_to_json").
    """

    file: str  # relative to the output folder, with forward slashes
    load: str
    dump: str
    dump_is_method: bool = False


@dataclass(frozen=True)
class Runtime:
    """What a target's generated code can do at run time, for ``schemasmith conformance``.

    ``judge`` ("module:function") runs that code on payloads; conformance imports it only when it
    runs. The digits and doubles say how exactly an accepted payload may come back: a date-time
    keeps ``date_time_digits`` fraction digits, and numbers are doubles when
    ``numbers_are_doubles``.
    """

    root_codec: Callable[..., Codec]  # (schema_ir, layout="module"): see targets/package_layout.py
    judge: str
    date_time_digits: int
    numbers_are_doubles: bool


class Target(Protocol):
    """One output of ``generate``; see ARCHITECTURE.md ("Adding a target")."""

    @property
    def name(self) -> str:
        """What ``--target`` takes."""

    @property
    def folder(self) -> str:
        """The subfolder of --out it writes (and where --check looks for stale files)."""

    @property
    def field_naming(self) -> FieldPolicy | None:
        """How it spells properties, if it spells them itself: the IR refuses a schema whose
        properties collide under any registered policy, before any target renders."""

    @property
    def runtime(self) -> Runtime | None:
        """None for output that runs nothing (docs)."""

    def reserves(self, model_name: str) -> bool:
        """Whether its output cannot use ``model_name`` for a model (a global, a file name):
        such a model is named with a "Model" suffix."""

    def claims(self, model_name: str) -> tuple[str, ...]:
        """Other names its output binds for each model (TypeScript's ``<Name>Wire``): no other
        model may be named so."""

    def plan(self, schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
        """The files to render: path, template and context for each."""


_targets: dict[str, Target] = {}
_pending: dict[str, str] = dict(BUILTIN)
_order: list[str] = list(BUILTIN)


def names() -> tuple[str, ...]:
    """Every registered target's name, importing none of them."""
    return tuple(_order)


def get(name: str) -> Target:
    if name not in _targets:
        if name not in _pending:
            raise KeyError(f"no target named {name!r}; registered: {', '.join(_order)}")
        module, _, attribute = _pending[name].partition(":")
        target: Target = getattr(importlib.import_module(module), attribute)
        _targets[name] = target
        del _pending[name]
    return _targets[name]


def targets() -> tuple[Target, ...]:
    return tuple(get(name) for name in _order)


def field_policies() -> tuple[FieldPolicy, ...]:
    """Each distinct field policy, in target order (the docs reuse TypeScript's: listed once)."""
    found: dict[int, FieldPolicy] = {}
    for target in targets():
        policy = target.field_naming
        if policy is not None:
            found.setdefault(id(policy), policy)
    return tuple(found.values())


def register(target: Target) -> None:
    """Add a target after the others (a plugin, a test's toy target)."""
    if target.name in _order:
        raise ValueError(f"a target named {target.name!r} is already registered")
    _targets[target.name] = target
    _order.append(target.name)


def unregister(name: str) -> None:
    _order.remove(name)
    _targets.pop(name, None)
    _pending.pop(name, None)


@contextmanager
def registered(target: Target) -> Iterator[Target]:
    """``target`` registered for the length of a ``with`` block."""
    register(target)
    try:
        yield target
    finally:
        unregister(target.name)
