"""The language-neutral intermediate representation. Targets read only this, never raw schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(frozen=True)
class PrimitiveType:
    """A JSON scalar: ``string``, ``integer``, ``number``, ``boolean`` or ``null``, with an optional format."""

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
class TupleType:
    """``prefixItems`` (or draft-04..07 array-form ``items``): typed leading positions.

    ``rest`` types the items after them; ``None`` means none are allowed.
    """

    items: tuple[TypeRef, ...]
    rest: TypeRef | None


@dataclass(frozen=True)
class MapType:
    """An object used as a dictionary: every value has the type ``values``."""

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
    """One of several types (``anyOf``/``oneOf``/type lists); tried in order when decoding.

    ``discriminator`` names a property whose single-value enum tells the (model) variants apart.
    """

    variants: tuple[TypeRef, ...]
    discriminator: str | None = None


TypeRef = Union[PrimitiveType, AnyType, ArrayType, TupleType, MapType, ModelRef, EnumType, UnionType]

NULL = PrimitiveType("null")
NO_DEFAULT: Any = object()


def is_nullable(type_: TypeRef) -> bool:
    return type_ == NULL or (isinstance(type_, UnionType) and NULL in type_.variants)


def without_null(type_: TypeRef) -> TypeRef:
    if isinstance(type_, UnionType) and NULL in type_.variants:
        rest = tuple(v for v in type_.variants if v != NULL)
        return rest[0] if len(rest) == 1 else UnionType(rest, type_.discriminator)
    return type_


@dataclass(frozen=True)
class Field:
    wire_name: str
    required: bool
    nullable: bool
    type: TypeRef  # never itself nullable: nullability is the flag above
    pointer: str
    description: str | None = None
    title: str | None = None
    examples: tuple[Any, ...] = ()
    default: Any = NO_DEFAULT
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    # Validation keywords no type carries, as (keyword, value) in a fixed order (ir/constraints.py).
    constraints: tuple[tuple[str, Any], ...] = ()

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
    # What undeclared properties may hold: AnyType for an open model, a narrower type when
    # additionalProperties gives one, None for a closed model (additionalProperties: false).
    additional: TypeRef | None = AnyType()
    examples: tuple[Any, ...] = ()
    deprecated: bool = False

    @property
    def open(self) -> bool:
        return self.additional is not None


@dataclass(frozen=True)
class NamedType:
    """A named schema that is not an object model (an array, a map, a union...): a type alias.

    The root of a JSON Schema document, or an OpenAPI component, when it is not an object.
    """

    name: str
    type: TypeRef
    pointer: str
    description: str | None = None
    title: str | None = None
    examples: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SchemaIR:
    """Everything one input document generates: its models and named non-object types."""

    source_name: str
    content_hash: str
    module: str  # what the generated modules are named after (the root model, or the document)
    root_name: str  # the model or named type of the document's root (the first component for OpenAPI)
    models: tuple[Model, ...] = field(default_factory=tuple)
    aliases: tuple[NamedType, ...] = ()

    def model(self, name: str) -> Model:
        return next(m for m in self.models if m.name == name)
