"""The language-neutral intermediate representation. Targets read only this, never raw schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(frozen=True)
class PrimitiveType:
    """A JSON scalar: ``string``, ``integer``, ``number`` or ``boolean``, with an optional format."""

    kind: str
    format: str | None = None


@dataclass(frozen=True)
class AnyType:
    """Any JSON value: what a target uses where the schema says nothing it can express."""

    reason: str = ""


@dataclass(frozen=True)
class ArrayType:
    items: TypeRef


@dataclass(frozen=True)
class MapType:
    values: TypeRef


@dataclass(frozen=True)
class ModelRef:
    name: str


@dataclass(frozen=True)
class EnumType:
    """A closed set of JSON values (``enum``, or ``const`` as a one-value enum)."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class UnionType:
    variants: tuple[TypeRef, ...]


TypeRef = Union[PrimitiveType, AnyType, ArrayType, MapType, ModelRef, EnumType, UnionType]

NO_DEFAULT: Any = object()


@dataclass(frozen=True)
class Field:
    wire_name: str
    required: bool
    nullable: bool
    type: TypeRef
    pointer: str
    description: str | None = None
    title: str | None = None
    examples: tuple[Any, ...] = ()
    default: Any = NO_DEFAULT
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class Model:
    """An object schema with named properties."""

    name: str
    pointer: str
    fields: tuple[Field, ...]
    description: str | None = None
    title: str | None = None
    # Open models keep properties the schema does not declare (additionalProperties not false).
    open: bool = True
    examples: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SchemaIR:
    """Everything one input document generates: its models, root first."""

    source_name: str
    content_hash: str
    models: tuple[Model, ...] = field(default_factory=tuple)

    @property
    def root(self) -> Model:
        return self.models[0]
