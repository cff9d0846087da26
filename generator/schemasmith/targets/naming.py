"""What every target's identifier policy shares: the policy's shape, clash resolution, module names.

Each target states its own rules in ``targets/<name>/naming.py`` (a ``FieldPolicy``). Common rules
(documented in doc/naming.md):
- A name that would clash with a keyword, a name the generated module itself uses, or a member
  of the generated class gets a trailing underscore (``class`` -> ``class_``).
- A leading digit is prefixed (``field_1st`` / ``field1st``), an empty name becomes ``field``.
- Two wire names that land on the same identifier: the first keeps it, later ones use their wire
  name as it is or spelled out (see ``assign_unique``) — never a counter such as ``foo1``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..errors import SchemaSmithError
from ..ir.identifiers import WINDOWS_DEVICE_NAMES, class_name, words

__all__ = [
    "FieldPolicy", "WINDOWS_DEVICE_NAMES", "assign_unique", "class_name", "snake_module_name", "words",
]


@dataclass(frozen=True)
class FieldPolicy:
    """How one target spells a property: ``identifier`` makes the plain name; ``is_literal``
    says whether a wire name is already a usable identifier as it is; ``reserved`` are the names
    its generated code binds (a spelled-out fallback must avoid them)."""

    name: str  # shown in messages: "both become the python name 'x'"
    identifier: Callable[[str], str]
    is_literal: Callable[[str], bool]
    reserved: frozenset[str]


# Modules the generated Python imports (directly, or through dataclasses and typing): a generated
# python/json.py would shadow the real one for any code that imports from that folder, itself included.
_SHADOWED_MODULES = frozenset(
    {"dataclasses", "datetime", "json", "math", "re", "uuid", "typing", "collections", "abc", "types",
     "functools", "copy", "inspect", "keyword", "operator", "itertools", "enum", "sys", "builtins"}
)


def snake_module_name(name: str) -> str:
    """The generated modules' file name (and a Python alias's function prefix)."""
    snake = "_".join(w.lower() for w in words(name)) or "models"
    # Not a device name (the file could not be created on Windows) nor a module the code imports.
    return snake + "_models" if snake in WINDOWS_DEVICE_NAMES | _SHADOWED_MODULES else snake


def _spelled_identifier(wire_name: str, reserved: frozenset[str]) -> str:
    """Every character but ASCII letters and digits written as ``_x<hex>_``: unique per wire name."""
    # The empty wire name has nothing to spell; "field" is what its plain name already took.
    name = "".join(c if c.isascii() and c.isalnum() else f"_x{ord(c):x}_" for c in wire_name) or "empty_name"
    # Prefixed unless it starts with a lower-case letter and is no reserved name (`class` spelled
    # is `class`; `Any` and `_x5f_dt` would shadow names the Python class body uses, see above).
    # Still unique: any other spelled name that starts with "field_" goes on "x5f_".
    return f"field_{name}" if name in reserved or not name[0].islower() else name


def every_policys_reserved() -> frozenset[str]:
    """The names any registered target's field policy reserves: a spelled-out fallback is the
    same identifier in every target, so it avoids them all."""
    from . import registry  # the registry lists the targets; imported late, it imports us

    return frozenset().union(*(p.reserved for p in registry.field_policies()))


def assign_unique(
    items: Sequence[tuple[str, str]], policy: FieldPolicy | str, spelled_reserved: Iterable[str] | None = None
) -> list[str]:
    """Identifiers for (wire name, pointer) pairs under ``policy``, in order.

    ``policy`` is a FieldPolicy or the name of a registered target whose policy to use.
    Two wire names can land on one identifier (``minTokens`` and ``min-tokens``). The first, in
    schema order, keeps it; a later one takes its wire name as it is if that is a valid identifier
    (``env_``), else the wire name spelled out (``min_x2d_tokens``). Only if that is taken too is
    the schema refused, naming both pointers.
    """
    if isinstance(policy, str):
        from . import registry

        found = registry.get(policy).field_naming
        if found is None:
            raise ValueError(f"the {policy} target names no fields")
        policy = found
    taken: dict[str, str] = {}
    names = []
    reserved: frozenset[str] | None = None if spelled_reserved is None else frozenset(spelled_reserved)
    for wire_name, pointer in items:
        name = plain = policy.identifier(wire_name)
        if name in taken:  # rare: only then are the fallbacks worth computing
            if reserved is None:
                reserved = every_policys_reserved()
            literal = wire_name if policy.is_literal(wire_name) else None
            fallbacks = (literal, _spelled_identifier(wire_name, reserved))
            fallback = next((c for c in fallbacks if c and c not in taken), None)
            if fallback is None:
                raise SchemaSmithError(
                    f"properties #{taken[plain]} and #{pointer} both become the {policy.name} name {plain!r}; "
                    "rename one of them in the schema",
                    pointer=pointer,
                )
            name = fallback
        taken[name] = pointer
        names.append(name)
    return names
