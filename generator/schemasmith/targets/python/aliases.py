"""Named types that are not object models (enums, unions, arrays under ``$defs``) as the Python
module writes them: a ``TypeAlias`` and its codec functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...escaping import py_string
from ...ir.nodes import NamedType
from ..naming import snake_module_name
from .type_walks import names_an_alias, needs_encoding

if TYPE_CHECKING:
    from .target import PythonTypes


@dataclass(frozen=True)
class PythonAlias:
    """A named type that is not an object model, with its codec functions' names."""

    name: str
    function_prefix: str
    annotation: str
    value: str  # the annotation as the alias's right-hand side (quoted when it names other aliases)
    decoder: str
    decode_call: str  # decodes the local `data`
    needs_encoding: bool
    description: str | None


def python_alias(alias: NamedType, types: PythonTypes) -> PythonAlias:
    types.owner = alias.name
    return PythonAlias(
        name=alias.name,
        function_prefix=snake_module_name(alias.name),
        annotation=(annotation := types.annotation(alias.type)),
        # Evaluated, `D1 | list[D1]` hashes D1's whole expansion, and a chain of such aliases
        # doubles at each level: a quoted right-hand side is the same alias to a type checker.
        value=py_string(annotation) if names_an_alias(alias.type) else annotation,
        decoder=(decoder := types.decoder(alias.type)),
        decode_call=types.call(decoder, "data", '""', '""'),
        needs_encoding=needs_encoding(alias.type),
        description=alias.description,
    )

