"""Named non-model types: which schemas have a name of their own, and references to them by name.

A ``$ref`` to a model is typed by the model's name (``ModelRef``); a ``$ref`` to a named enum,
union, array or scalar is typed by its name too (``AliasRef``), so that the targets write
``AgentSttProvider | None`` rather than the enum's values, and the docs link its page.
"""

from __future__ import annotations

import re
from typing import Any

from ..source.refs import Here
from .annotations import examples, text
from .model_names import ModelNames
from .nodes import NULL, AliasRef, AnyType, ModelRef, NamedType, TypeRef
from .ref_siblings import typed_part

# Where a schema has a name of its own: a `$defs`/`definitions` entry, an OpenAPI component, or a
# whole document (another file's root). A `$ref` to anywhere else (`#/properties/a`) is inlined.
_NAMED_POINTER = re.compile(r"(?:.*/(?:\$defs|definitions)|/components/schemas)/[^/]+|")
_COMPONENT = re.compile(r"/components/schemas/[^/]+")


def named_position(here: Here) -> bool:
    """Whether the schema at ``here`` is one a ``$ref`` names (see ``_NAMED_POINTER``)."""
    return _NAMED_POINTER.fullmatch(here.pointer) is not None


class NamedTypes:
    """The named non-model types of one document, in the order they were first met (a named type
    is registered once its own type is known, so one it refers to always comes before it)."""

    def __init__(self, names: ModelNames, is_openapi: bool) -> None:
        self.names = names
        self.is_openapi = is_openapi
        self.aliases: list[NamedType] = []
        self._by_identity: dict[int, str] = {}  # the schema object's id (kept alive by the builder)
        self._types: dict[str, TypeRef] = {}

    def refer(self, identity: int, type_: TypeRef, schema: dict[str, Any], here: Here, hints: list[str],
              title_is_name: bool) -> TypeRef:
        """``type_`` (of the named schema ``schema``) as a reference by name, registering the name
        the first time. A model is already named (unless the reference narrows it: then the named
        schema is more than the model); any value and null are not worth a name."""
        model = typed_part(type_)
        if isinstance(model, ModelRef) and model.checks is None or isinstance(type_, AnyType) or type_ == NULL:
            return type_  # (an untyped object's model is named already: the union with it is not)
        name = self._by_identity.get(identity)
        if name is None:
            title = schema.get("title")
            # An OpenAPI component is named by its key (as `build` names it when it comes to it),
            # whichever way it is reached first.
            if not title_is_name or not isinstance(title, str) or (self.is_openapi and _COMPONENT.fullmatch(here.pointer)):
                title = None
            name = self.names.claim(title, hints, here.pointer, here.file)
            self._by_identity[identity] = name
            self._types[name] = type_
            self.aliases.append(
                NamedType(
                    name=name,
                    type=type_,
                    pointer=here.pointer,
                    description=text(schema.get("description")),
                    title=text(schema.get("title")),
                    examples=examples(schema),
                )
            )
        return AliasRef(name, self._types[name])

    def document(self, model: str, type_: TypeRef, here: Here) -> str:
        """The named type of a document's root whose model takes every non-object value too (an
        untyped object): ``XDocument = X | bool | float | str | list[Any] | None``, the document's
        codec. Not the names table's entry for the root's pointer: that names the model."""
        name = self.names.claim(None, [f"{model} document"], here.pointer, here.file, given_name=False)
        self.aliases.append(NamedType(
            name=name, type=type_, pointer=here.pointer,
            description=f"A {model} object, or any JSON value that is not an object (the schema constrains objects only).",
        ))
        return name
