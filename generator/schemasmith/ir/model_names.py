"""Class names for models: chosen deterministically, unique across every target's namespace.

A name the user gave for the model's pointer (``--names``: ir/name_overrides.py) comes first, and
is set aside from the start. Other candidates are tried in order (the schema's short ``title``, then the name its position suggests:
a ``$defs`` key, or parent + property name). A candidate another model already holds falls through
to the next; the last resort is a name spelled from the full JSON pointer. If even that is taken the
schema is refused with an error naming both pointers — never a silent ``Foo1``.

What a target cannot use is the target's to say (``Target.reserves`` and ``Target.claims``, in the
registry): this module knows no target by name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import SchemaSmithError
from .identifiers import class_name, words
from .name_overrides import MODEL_KEY, NameOverrides

if TYPE_CHECKING:
    from ..targets.registry import Target

MAX_TITLE_WORDS = 4  # longer titles are sentences, not names


class ModelNames:
    def __init__(
        self,
        targets: Sequence[Target] | None = None,
        overrides: NameOverrides | None = None,
        root_file: str | None = None,
    ) -> None:
        if targets is None:
            from ..targets import registry  # the targets say which names they need

            targets = registry.targets()
        self._targets = tuple(targets)
        # Keyed by the lower-cased name: docs pages must not differ only in case either.
        self._taken: dict[str, str] = {}
        # Names a target binds for a taken model (TypeScript's "XWire"), lower-cased as well: a
        # model is not named "xwire" beside X either.
        self._claimed: dict[str, str] = {}
        # Names the user gave (--names), by pointer in the root document (``root_file``): set
        # aside from the start, so no model named before its owner takes one.
        self._overrides = overrides
        self._root_file = root_file
        self._given: dict[str, str] = {}
        self.given_at: dict[str, str] = {}  # pointer -> the name given, for each override used
        if overrides is not None:
            for pointer, entry in overrides.entries.items():
                name = entry.get(MODEL_KEY)
                if name is not None:
                    self._set_aside(name, pointer, overrides.source)

    def _set_aside(self, name: str, pointer: str, source: str) -> None:
        for target in self._targets:
            if target.reserves(name):
                raise SchemaSmithError(
                    f"the model name {name!r} is one the {target.name} target cannot use (its generated code or "
                    "a file name needs it)",
                    file=source,
                    pointer=pointer,
                )
        for key in (name, *self._claims(name)):
            holder = self._given.get(key.lower())
            if holder is not None and holder != pointer:
                raise SchemaSmithError(
                    f"the model name {name!r} clashes with the one given to #{holder} (names are compared "
                    "case-insensitively, with the names the targets bind for a model: "
                    f"{', '.join(self._claims(name)) or 'none'})",
                    file=source,
                    pointer=pointer,
                )
            self._given[key.lower()] = pointer

    def _claims(self, name: str) -> tuple[str, ...]:
        return tuple(claim for target in self._targets for claim in target.claims(name))

    def _free(self, name: str) -> bool:
        return (
            all(key.lower() not in self._taken and key.lower() not in self._given for key in (name, *self._claims(name)))
            and name.lower() not in self._claimed
        )

    def _take(self, name: str, pointer: str) -> str:
        self._taken[name.lower()] = pointer
        for claim in self._claims(name):
            self._claimed[claim.lower()] = pointer
        return name

    def spell(self, candidate: str) -> str:
        name = class_name(candidate)
        reserved = any(target.reserves(name) for target in self._targets)
        return name + "Model" if reserved else name

    def claim(self, title: str | None, hints: list[str], pointer: str, file: str, given_name: bool = True) -> str:
        """A free name for the schema at ``pointer``; ``given_name``: the names table's entry for the
        pointer, if any, names it (not for a second name at one pointer: the root's document type)."""
        given = (self._overrides.model(pointer) if given_name and self._overrides is not None and file == self._root_file
                 else None)
        if given is not None:
            if given.lower() in self._taken:  # the one schema read as two models (rare): not one name
                raise SchemaSmithError(
                    f"two models are built at this pointer; the model name {given!r} can name only one",
                    file=self._overrides.source if self._overrides is not None else None,
                    pointer=pointer,
                )
            self.given_at[pointer] = given
            return self._take(given, pointer)
        short_title = [title] if title and len(title.split()) <= MAX_TITLE_WORDS else []
        for candidate in short_title + hints:
            name = self.spell(candidate)
            if self._free(name):
                return self._take(name, pointer)
        fallback = self.spell(" ".join(words(pointer.replace("/", " "))) or "Model")
        if self._free(fallback):
            return self._take(fallback, pointer)
        # Whoever holds the name itself, a name it would claim, or claims it for itself.
        holder = (
            self._taken.get(fallback.lower())
            or next((self._taken[c.lower()] for c in self._claims(fallback) if c.lower() in self._taken), None)
            or self._claimed.get(fallback.lower())
            or ""
        )
        raise SchemaSmithError(
            f"models at #{holder} and #{pointer} both end up named {fallback!r}; give one a distinct title, or "
            "a name in a names table (--names), e.g. " + json.dumps({pointer: {MODEL_KEY: "..."}}, ensure_ascii=False),
            file=file,
            pointer=pointer,
        )
