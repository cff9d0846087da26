"""The language-neutral intermediate representation. Targets read only this, never raw schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar, Union

_Node = TypeVar("_Node")


def evolved(node: _Node, **changes: Any) -> _Node:
    """``dataclasses.replace`` for the IR's nodes, at a fifth of its cost: the builder makes tens
    of thousands of such copies for a big document (GitHub's API description: 39,000 fields named,
    29,000 types given a rule). Only for these frozen dataclasses, which have no ``__post_init__``,
    no slots and nothing cached in their ``__dict__`` (tests/test_ir_evolved.py)."""
    unknown = changes.keys() - node.__dataclass_fields__.keys()  # type: ignore[attr-defined]
    if unknown:
        raise TypeError(f"{type(node).__name__} has no field(s) {', '.join(sorted(unknown))}")
    copy = object.__new__(type(node))
    copy.__dict__.update(node.__dict__)
    copy.__dict__.update(changes)
    return copy


@dataclass(frozen=True)
class Pattern:
    """A ``pattern`` (ECMA-262, as the schema wrote it) and how a backtracking engine may run it.

    ``python``: the same meaning in Python's ``re`` syntax; None when ``re`` cannot say it.
    ``max_length``: the longest string (in code points) a backtracking engine may be given for a
    bounded worst case: None when the pattern is linear there; 0 when no length is safe (it can
    backtrack exponentially), so the loaders do not run it at all. See ir/regex_safety.py.
    """

    source: str
    python: str | None
    max_length: int | None
    why: str = ""  # why it is bounded or refused, for warnings and docs


@dataclass(frozen=True)
class Checks:
    """The assertion keywords of one schema that a loader checks beside the type (None: absent).

    Language-neutral: numbers as the schema wrote them (an int stays an int, 2.0 stays a float:
    ``multipleOf`` follows the reference validator's integer or float arithmetic accordingly);
    the exclusive forms of every draft normalised to the 2019+ spelling.
    """

    minimum: int | float | None = None
    exclusive_minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None
    # The schema's applicator keywords (not, if/then/else, contains, propertyNames,
    # patternProperties, dependencies...), as an index into SchemaIR.rules: run on the raw value.
    rule: int | None = None

    @property
    def numeric(self) -> bool:
        return any(v is not None for v in (self.minimum, self.exclusive_minimum, self.maximum,
                                            self.exclusive_maximum, self.multiple_of))

    @property
    def textual(self) -> bool:
        return self.min_length is not None or self.max_length is not None or self.runnable_pattern is not None

    @property
    def runnable_pattern(self) -> Pattern | None:
        """The pattern when a loader runs it (not one that can backtrack exponentially)."""
        return self.pattern if self.pattern is not None and self.pattern.max_length != 0 else None

    @property
    def sized(self) -> bool:
        return self.min_items is not None or self.max_items is not None or self.unique_items

    @property
    def counted(self) -> bool:
        return self.min_properties is not None or self.max_properties is not None


@dataclass(frozen=True)
class Rule:
    """One subschema as the loaders' rule interpreter reads it (ir/rules.py): (keyword, argument)
    pairs in the order they are checked. Arguments are JSON values, ints (other rules' indices),
    ``Pattern``s, or tuples of these; the keywords and their arguments:

    ``false`` (None: nothing matches), ``type`` (names), ``enum`` (values), ``const`` (a value),
    ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum``/``multipleOf`` (numbers),
    ``minLength``/``maxLength`` (code points), ``pattern``, ``prefixItems`` (rules), ``items`` (the
    rule of the items after them), ``minItems``/``maxItems``, ``uniqueItems``, ``contains`` ((rule,
    min, max or None)), ``properties`` ((name, rule) pairs), ``patternProperties`` ((Pattern, rule)
    pairs), ``additionalProperties`` ((names declared beside it, rule): names matching no
    patternProperties pattern either), ``required``, ``minProperties``/``maxProperties``,
    ``propertyNames`` (rule), ``dependentRequired`` ((name, names) pairs), ``dependentSchemas``
    ((name, rule) pairs), ``allOf``/``anyOf``/``oneOf`` (rules), ``not`` (rule), ``if``/``then``/
    ``else`` (rules; then and else follow their if).
    """

    pointer: str
    keywords: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Unchecked:
    """A keyword the generated loaders leave to ``schemasmith validate``, where and why."""

    pointer: str
    keyword: str
    why: str


@dataclass(frozen=True)
class PrimitiveType:
    """A JSON scalar: ``string``, ``integer``, ``number``, ``boolean`` or ``null``, with an optional format."""

    kind: str
    format: str | None = None
    checks: Checks | None = None


@dataclass(frozen=True)
class AnyType:
    """Any JSON value: what a target uses where the schema says nothing it can express."""

    reason: str = ""


@dataclass(frozen=True)
class ArrayType:
    items: TypeRef
    checks: Checks | None = None


@dataclass(frozen=True)
class TupleType:
    """``prefixItems`` (or draft-04..07 array-form ``items``): typed leading positions.

    ``rest`` types the items after them; ``None`` means none are allowed.
    """

    items: tuple[TypeRef, ...]
    rest: TypeRef | None
    checks: Checks | None = None


@dataclass(frozen=True)
class MapType:
    """An object used as a dictionary: every value has the type ``values``."""

    values: TypeRef
    checks: Checks | None = None


@dataclass(frozen=True)
class ModelRef:
    name: str
    # A reference that narrows the model (2019-09+ keywords beside a `$ref`, ir/ref_siblings.py):
    # only ``rule``, run on the raw value after the model's own decoding.
    checks: Checks | None = None


@dataclass(frozen=True)
class AliasRef:
    """A named non-model type (one of ``SchemaIR.aliases``), referred to by its name.

    A ``$ref`` to a named enum, union or scalar is typed by the name, as a ``$ref`` to a model is
    (``ModelRef``): the targets write the name, the docs link its page. ``type`` is the named
    type itself, for what reads through the name (decoders, JSON types, error texts): the loaders
    check the value exactly as the named type does. Two references are equal when their names
    (and checks) are. ``checks``: as ``ModelRef``'s, a reference that narrows the named type.
    """

    name: str
    type: TypeRef = field(compare=False, repr=False)
    checks: Checks | None = None


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


TypeRef = Union[PrimitiveType, AnyType, ArrayType, TupleType, MapType, ModelRef, AliasRef, EnumType, UnionType]

NULL = PrimitiveType("null")


def assert_never(node: NoReturn) -> NoReturn:
    """The default of every ``match`` over a ``TypeRef``: mypy --strict rejects the call unless
    every node type was handled above it, so a new node cannot fall through silently.
    (``typing.assert_never`` is Python 3.11+; the package supports 3.10.)"""
    raise TypeError(f"unhandled IR node {node!r}")
NO_DEFAULT: Any = object()


def resolved(type_: TypeRef) -> TypeRef:
    """The type a name stands for (through ``AliasRef``s); any other type as it is. A reference
    that narrows its named type (``checks``) stands for more than the type: it is kept, so that
    what reads through names (inline checks, fast paths, nullability) leaves it to its decoder."""
    while isinstance(type_, AliasRef) and type_.checks is None:
        type_ = type_.type
    return type_


def is_nullable(type_: TypeRef) -> bool:
    """Whether null is one of the type's values (a named type's too: ``AliasRef`` keeps its name
    beside the field's nullable flag, which then only repeats what the name already says)."""
    type_ = resolved(type_)
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
    # The identifier under each registered field policy, as (policy name, identifier), chosen when
    # the IR is built (clash rules and --names overrides: targets/naming.py: assign_unique).
    names: tuple[tuple[str, str], ...] = ()

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    def name_in(self, policy_name: str) -> str | None:
        return next((name for policy, name in self.names if policy == policy_name), None)


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
    checks: Checks | None = None  # minProperties/maxProperties

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
    # What the loaders leave to `schemasmith validate`: warned about at generation, listed in docs.
    unchecked: tuple[Unchecked, ...] = ()
    # The subschemas the loaders' rule interpreter runs, referred to by Checks.rule.
    rules: tuple[Rule, ...] = ()

    def model(self, name: str) -> Model:
        return next(m for m in self.models if m.name == name)


JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


def json_types(type_: TypeRef) -> frozenset[str]:
    """The JSON types a value of ``type_`` may have ("integer": a number with no fraction, which
    "number" includes; a union decoder dispatches on these before trying any variant)."""
    match type_:
        case PrimitiveType():
            return frozenset({"integer", "number"}) if type_.kind in ("integer", "number") else frozenset({type_.kind})
        case ArrayType() | TupleType():
            return frozenset({"array"})
        case MapType() | ModelRef():
            return frozenset({"object"})
        case EnumType():
            found = {value_type(value) for value in type_.values}
            return frozenset(found | {"integer"} if "number" in found else found)
        case UnionType():
            return frozenset().union(*(json_types(v) for v in type_.variants))
        case AliasRef():
            return json_types(type_.type)
        case AnyType():
            return frozenset(JSON_TYPES)
        case _:
            assert_never(type_)


def value_type(value: Any) -> str:
    """The JSON type of one JSON value (a number: "number", whole or not)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def disjoint_kinds(variants: tuple[TypeRef, ...]) -> bool:
    """Whether no JSON value can match two variants: each takes JSON types no other takes."""
    seen: set[str] = set()
    for variant in variants:
        kinds = {"number" if k == "integer" else k for k in json_types(variant)}
        if kinds & seen:
            return False
        seen |= kinds
    return True


def json_kind(type_: TypeRef) -> str | None:
    """The one JSON type every value of ``type_`` has (``integer`` for integers), or None."""
    match type_:
        case PrimitiveType():
            return type_.kind
        case ArrayType() | TupleType():
            return "array"
        case MapType() | ModelRef():
            return "object"
        case AnyType() | EnumType() | UnionType() | AliasRef():
            return None
        case _:
            assert_never(type_)


def reads_checks(type_: TypeRef) -> bool:
    """Whether the schema that made ``type_`` has its assertion keywords read into it (a scalar,
    array, map or model); a union, an enum or any value carries none of them."""
    match type_:
        case PrimitiveType() | ArrayType() | TupleType() | MapType() | ModelRef():
            return True
        case AnyType() | EnumType() | UnionType() | AliasRef():
            return False
        case _:
            assert_never(type_)
