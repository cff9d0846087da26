"""What every target's identifier policy shares: the policy's shape, clash resolution, module names.

Each target states its own rules in ``targets/<name>/naming.py`` (a ``FieldPolicy``). Common rules
(documented in doc/naming.md):
- A name that would clash with a keyword, a name the generated module itself uses, or a member
  of the generated class gets a trailing underscore (``class`` -> ``class_``).
- A leading digit is prefixed (``field_1st`` / ``field1st``), an empty name becomes ``field``.
- Two wire names that land on the same identifier: a wire name that is the identifier keeps it,
  else the first in schema order; the other uses its wire name as it is, with sigils spelled as
  words (``@type`` -> ``at_type``) or spelled out (see ``assign_unique``) — never a counter such as ``foo1``.
  A names table (``--names``) gives any property its own name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import SchemaSmithError
from ..ir.nodes import Model
from ..ir.identifiers import WINDOWS_DEVICE_NAMES, class_name, words

__all__ = [
    "FieldPolicy", "WINDOWS_DEVICE_NAMES", "assign_unique", "class_name", "field_names", "snake_module_name", "words",
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
    # What is_literal demands, said in an error about a name the user gave (--names).
    literal_rule: str = "not a valid identifier"


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


# Characters that are not word breaks but carry meaning (JSON-LD's `@type`, `$id`): in a fallback
# name they are spelled as a word, so `@type` beside `type` is `at_type` / `atType`.
SIGIL_WORDS = {"@": "at", "$": "dollar", "#": "hash", "%": "percent", "+": "plus", "&": "and", "*": "star", "~": "tilde"}


def _sigil_identifier(wire_name: str, policy: FieldPolicy) -> str | None:
    """The plain name with sigils spelled as words; None when the wire name holds no sigil."""
    if not any(c in SIGIL_WORDS for c in wire_name):
        return None
    return policy.identifier("".join(f" {SIGIL_WORDS[c]} " if c in SIGIL_WORDS else c for c in wire_name))


def _policy(policy: FieldPolicy | str) -> FieldPolicy:
    if isinstance(policy, str):
        from . import registry

        found = registry.get(policy).field_naming
        if found is None:
            raise ValueError(f"the {policy} target names no fields")
        return found
    return policy


def assign_unique(
    items: Sequence[tuple[str, str]],
    policy: FieldPolicy | str,
    spelled_reserved: Iterable[str] | None = None,
    overrides: Mapping[str, str] | None = None,
    source: str | None = None,
) -> list[str]:
    """Identifiers for (wire name, pointer) pairs under ``policy``, in order.

    ``policy`` is a FieldPolicy or the name of a registered target whose policy to use;
    ``overrides`` maps a property's pointer to the name the user gave it (``--names``, read from
    ``source``). The rules (doc/naming.md), in passes, so no name depends on a fallback before it:
    1. an override is taken as given (it must be a usable identifier, and free);
    2. a wire name that already is the idiomatic identifier keeps it (``type``, ``schemaVersion``),
       then one whose plain name is the only spelling it has (Python's ``2fa``: ``field_2fa``);
    3. every other property takes its plain name; when two want one, a wire name that is not usable
       as it is first (the other has itself to fall back on), then the first by code points;
    4. a property whose plain name is taken takes the first free of: its wire name as it is, when
       that is a valid identifier (``SchemaVersion`` in TypeScript); its plain name with sigils
       spelled as words (``@type`` -> ``at_type``); its wire name spelled out (``min_x2d_tokens``).
    Only if all are taken is the schema refused, naming both pointers and the override to give.
    Never a counter such as ``foo1``; and the property order does not matter (names are returned
    in the order given).
    """
    policy = _policy(policy)
    fixed = overrides or {}
    taken: dict[str, str] = {}
    names: list[str | None] = [None] * len(items)
    for index, (_, pointer) in enumerate(items):
        if pointer in fixed:
            name = fixed[pointer]
            if not policy.is_literal(name):
                raise SchemaSmithError(
                    f"{name!r} is not a usable {policy.name} name: {policy.literal_rule}", file=source, pointer=pointer
                )
            if name in taken and taken[name] != pointer:
                raise SchemaSmithError(
                    f"the {policy.name} name {name!r} is given to #{taken[name]} too", file=source, pointer=pointer
                )
            taken[name] = pointer
            names[index] = name
    for index, (wire_name, pointer) in enumerate(items):
        if names[index] is None and policy.identifier(wire_name) == wire_name:
            if wire_name in taken and taken[wire_name] != pointer:
                raise SchemaSmithError(
                    f"the {policy.name} name {wire_name!r} is the property #{pointer}'s own name; give another",
                    file=source,
                    pointer=taken[wire_name],
                )
            taken[wire_name] = pointer
            names[index] = wire_name
    reserved: frozenset[str] | None = None if spelled_reserved is None else frozenset(spelled_reserved)
    for index, (wire_name, pointer) in enumerate(items):
        # Next, a wire name whose plain name is the only spelling it has (Python's `2fa` is
        # `field_2fa` whichever fallback is tried): it keeps it, so `2FA` beside it falls back.
        if names[index] is None and wire_name[:1].isdigit():
            if reserved is None:
                reserved = every_policys_reserved()
            plain = policy.identifier(wire_name)
            if plain not in taken and _spelled_identifier(wire_name, reserved) == plain:
                taken[plain] = pointer
                names[index] = plain
    # Not in schema order, so that reordering properties renames nothing: when two want one plain
    # name, a wire name that is no usable identifier as it is takes it (the other can fall back on
    # itself), then the one first by code points; fallbacks are chosen in code-point order too.
    by_wire_name = sorted(range(len(items)), key=lambda i: items[i][0])
    for index in sorted(by_wire_name, key=lambda i: policy.is_literal(items[i][0])):
        wire_name, pointer = items[index]
        plain = policy.identifier(wire_name)
        if names[index] is None and plain not in taken:
            taken[plain] = pointer
            names[index] = plain
    for index in by_wire_name:
        wire_name, pointer = items[index]
        if names[index] is not None:
            continue
        if reserved is None:  # rare: only now are the fallbacks worth computing
            reserved = every_policys_reserved()
        plain = policy.identifier(wire_name)
        literal = wire_name if policy.is_literal(wire_name) else None
        fallbacks = (literal, _sigil_identifier(wire_name, policy), _spelled_identifier(wire_name, reserved))
        fallback = next((c for c in fallbacks if c and c not in taken), None)
        if fallback is None:
            raise SchemaSmithError(
                f"properties #{taken[plain]} and #{pointer} both become the {policy.name} name {plain!r}, and no "
                f"fallback spelling is free; name one in a names table (--names), e.g. "
                + json.dumps({pointer: {policy.name: "..."}}, ensure_ascii=False),
                pointer=pointer,
            )
        taken[fallback] = pointer
        names[index] = fallback
    return [name for name in names if name is not None]


def field_names(model: Model, policy: FieldPolicy | str) -> list[str]:
    """The identifiers of ``model``'s fields under ``policy``: as the IR chose them (clash rules
    and --names overrides), or, for a model the IR builder did not name under this policy (a
    target registered later, a model built by hand), chosen now by the same rules."""
    policy = _policy(policy)
    chosen = [f.name_in(policy.name) for f in model.fields]
    if all(name is not None for name in chosen):
        return [name for name in chosen if name is not None]
    return assign_unique([(f.wire_name, f.pointer) for f in model.fields], policy)
