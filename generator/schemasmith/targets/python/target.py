"""Python target: map IR to the names, annotations and codec calls the Python templates lay out.

Scalar properties decode with straight-line helper calls (the hot path for payloads like
Session); composite types use decoder combinators built once at import time (``_decode_N``).

``from_dict`` has two paths (see ``FastPath``): a fast one that checks every scalar property with
a few C-level set operations, and the precise one (per-property code) that it falls back to for
anything unusual, which produces the exact first error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..common import discriminator_tags, module_name, root_is_model
from ..naming import FieldPolicy, field_names, snake_module_name
from ..registry import Codec, Runtime
from . import naming, package
from .typed_package import package_files
from ..rules_table import rules_context
from .checks import checked_decoder, constant, inline_check
from ..expected_text import expected_text
from ...escaping import py_literal, py_string
from ...ir.nodes import (
    AliasRef,
    AnyType,
    ArrayType,
    Checks,
    EnumType,
    Field,
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
    json_types,
    resolved,
)
from ...source.pointer import escape_token
from ...codegen.output_file import OutputFile

# Formats the Python target holds in a native type (and therefore checks while decoding).
NATIVE_FORMATS = {
    "date-time": ("_dt.datetime", "_date_time"),
    "date": ("_dt.date", "_date"),
    "uuid": ("_uuid.UUID", "_uuid_value"),
}
_SCALARS = {
    "string": ("str", "_string"),
    "integer": ("int", "_integer"),
    "number": ("float", "_number"),
    "boolean": ("bool", "_boolean"),
    "null": ("None", "_null"),
}
_LITERAL_SCALARS = (str, int, bool, type(None))
# The Python type json.loads gives each JSON type (an integer-valued number may arrive as float).
_PYTHON_JSON_TYPES = (
    ("type(None)", "null"), ("bool", "boolean"), ("int", "integer"), ("float", "number"), ("str", "string"),
    ("list", "array"), ("dict", "object"),
)
# Helpers whose whole job, for a value of exactly this type, is to return it unchanged.
_EXACT_TYPES = {"_string": "str", "_boolean": "bool", "_integer": "int", "_number": "int"}
# For the fast path: the exact Python types a scalar's wire value may have to be kept as it is
# (bool is no int there, and a float integer goes to the precise path, which converts it).
_IDENTITY_TYPES = {
    "string": ("str",),
    "boolean": ("bool",),
    "integer": ("int",),
    "number": ("int", "float"),
    "null": ("type(None)",),
}


@dataclass(frozen=True)
class PythonField:
    name: str
    wire_name: str
    annotation: str
    decode_expr: str  # converts the local `value` (the wire value) to the Python value
    fast_expr: str  # the same, for the fast path (whose target, the merged dict, holds Any)
    encode_expr: str  # converts `self.<name>` to the wire value
    required: bool
    nullable: bool
    field: Field


@dataclass(frozen=True)
class FastGroup:
    """Properties ``start:stop`` of the fast order, whose exact types must be in one frozenset."""

    start: int
    stop: int
    types: str  # the module-level frozenset's name


@dataclass(frozen=True)
class FastNumber:
    """A number property: a finite float, or another of ``types`` (int, and None/UNSET if allowed)."""

    position: int
    types: str


@dataclass(frozen=True)
class FastPath:
    """How ``from_dict`` checks and builds an instance with little bytecode per property.

    The payload is merged over a dict holding every declared wire name (UNSET) in ``order``: the
    scalars grouped by their exact types (so that a group is one slice of the merged values),
    numbers, then the rest in schema order. One set test per group checks the scalars; a required
    date-time's RFC 3339 shape is checked inline; the other properties decode one by one, in
    schema order, with the precise path's own expressions. Anything a test refuses goes to the
    precise path, which then reports the first error.
    """

    order: tuple[PythonField, ...]
    groups: tuple[FastGroup, ...]
    numbers: tuple[FastNumber, ...]
    stamps: tuple[int, ...]  # required date-times, shape-checked inline, parsed by fromisoformat
    present: tuple[int, ...]  # other required properties no type test checks (UNSET: missing)
    decoded: tuple[tuple[int, PythonField], ...]  # converted properties, in schema order
    names_are_wire_names: bool  # then the merged dict itself becomes the instance's __dict__


@dataclass(frozen=True)
class PythonModel:
    name: str
    fields: tuple[PythonField, ...]
    model: Model
    additional_annotation: str | None  # None for a closed model
    additional_decoder: str | None  # None when extra values need no check
    additional_call: str | None  # decodes one extra value `v` under key `k`
    additional_needs_encoding: bool
    fast: FastPath

    @property
    def required_fields(self) -> tuple[PythonField, ...]:
        return tuple(f for f in self.fields if f.required)


class PythonTypes:
    """Annotations and decoders for IR types; composite decoders are numbered in first-use order."""

    def __init__(self, tags: dict[str, dict[str, str]]) -> None:
        self.combinators: dict[str, str] = {}  # expression -> module-level name
        self.type_sets: dict[str, str] = {}  # frozenset expression -> module-level name
        self.imports: set[str] = set()
        self.tags = tags  # for tagged unions: model name -> {wire name -> constant value}
        self.uses: set[str] = set()  # which checking helpers the module needs
        self.patterns: dict[str, str] = {}  # re.compile expression -> module-level name

    def type_set(self, types: tuple[str, ...]) -> str:
        """The module-level frozenset of these exact types (named in first-use order)."""
        expression = "frozenset({" + ", ".join(types) + "})"
        if expression not in self.type_sets:
            self.type_sets[expression] = f"_FAST_TYPES_{len(self.type_sets)}"
        return self.type_sets[expression]

    def annotation(self, t: TypeRef) -> str:
        match t:
            case PrimitiveType():
                if t.kind == "string" and t.format in NATIVE_FORMATS:
                    self.imports.add(t.format)
                    return NATIVE_FORMATS[t.format][0]
                return _SCALARS[t.kind][0]
            case AnyType():
                return "Any"
            case ArrayType():
                return f"list[{self.annotation(t.items)}]"
            case TupleType():
                return "list[Any]"
            case MapType():
                return f"dict[str, {self.annotation(t.values)}]"
            case ModelRef() | AliasRef():
                return t.name
            case EnumType():
                if all(isinstance(v, _LITERAL_SCALARS) for v in t.values):
                    self.imports.add("literal")
                    return "Literal[" + ", ".join(py_literal(v) for v in t.values) + "]"
                return "Any"
            case UnionType():
                parts: list[str] = []
                for variant in t.variants:
                    text = self.annotation(variant)
                    if text not in parts:
                        parts.append(text)
                return "Any" if "Any" in parts else " | ".join(parts)
            case _:
                assert_never(t)

    def expected(self, t: TypeRef) -> str:
        return expected_text(t)

    def call(self, decoder: str, value: str, pointer: str, key: str) -> str:
        """An expression decoding ``value`` with ``decoder`` (a name from ``decoder()``)."""
        if decoder == "_null":
            # `_null` only ever returns None, and mypy --strict refuses such a call used as a
            # value (func-returns-value): a null-typed value is None, or an error.
            self.imports.add("not_null")
            return f'None if {value} is None else _not_null({value}, {pointer}, {key}, "null")'
        return f"{decoder}({value}, {pointer}, {key})"

    def decoder(self, t: TypeRef) -> str:
        """An expression for a callable ``(value, pointer, key) -> T``."""
        checks: Checks | None = None
        match t:
            case PrimitiveType():
                checks = t.checks
                if t.kind == "string" and t.format in NATIVE_FORMATS:
                    self.imports.add(t.format)
                    base = NATIVE_FORMATS[t.format][1]
                else:
                    base = _SCALARS[t.kind][1]
            case AnyType():
                return "_any"
            case ModelRef():
                return f"_decode_{t.name}"
            case AliasRef():
                return self.decoder(t.type)  # checked as the named type is: the same decoder
            case ArrayType():
                checks = t.checks
                if isinstance(t.items, ModelRef):
                    base = self.combinator(f"_array_of({self.decoder(t.items)}, {t.items.name}.from_dict)")
                else:
                    base = self.combinator(f"_array_of({self.decoder(t.items)})")
            case TupleType():
                checks = t.checks
                items = ", ".join(self.decoder(i) for i in t.items)
                rest = self.decoder(t.rest) if t.rest is not None else "None"
                base = self.combinator(f"_tuple_of(({items}{',' if len(t.items) == 1 else ''}), {rest})")
            case MapType():
                checks = t.checks
                base = self.combinator(f"_map_of({self.decoder(t.values)})")
            case EnumType():
                values = ", ".join(py_literal(v) for v in t.values)
                comma = "," if len(t.values) == 1 else ""
                return self.combinator(f"_enum_of(({values}{comma}), {py_string(self.expected(t))})")
            case UnionType():
                if t.discriminator is not None:
                    return self.combinator(self._tagged(t))
                decoders = [self.decoder(v) for v in t.variants]
                # Dispatch on the value's exact Python type first: most values have one candidate,
                # decoded without trying (and failing) the others.
                table = []
                for python_type, json_type in _PYTHON_JSON_TYPES:
                    candidates = [d for d, v in zip(decoders, t.variants) if json_type in json_types(v)]
                    table.append(f"{python_type}: ({', '.join(candidates)}{',' if len(candidates) == 1 else ''})")
                return self.combinator(f"_union_of({{{', '.join(table)}}}, {py_string(self.expected(t))})")
            case _:
                assert_never(t)
        return base if checks is None else checked_decoder(self, t, checks, base)

    def _tagged(self, t: UnionType) -> str:
        assert t.discriminator is not None
        entries = []
        for variant in t.variants:
            assert isinstance(variant, ModelRef)
            entries.append(f"{py_string(self.tags[variant.name][t.discriminator])}: {self.decoder(variant)}")
        tag = py_string(t.discriminator)
        models = ", ".join(f"{py_string(self.tags[v.name][t.discriminator])}: {v.name}.from_dict"
                           for v in t.variants if isinstance(v, ModelRef))
        return f"_tagged_union_of({tag}, {{{', '.join(entries)}}}, {py_string(self.expected(t))}, {{{models}}})"

    def combinator(self, expression: str) -> str:
        if expression not in self.combinators:
            self.combinators[expression] = f"_decode_{len(self.combinators)}"
        return self.combinators[expression]


def _needs_encoding(t: TypeRef) -> bool:
    """Whether the Python value differs from the wire value (and so needs ``_encode``)."""
    match t:
        case PrimitiveType():
            return t.kind == "string" and t.format in NATIVE_FORMATS
        case ModelRef() | TupleType():
            return True
        case ArrayType():
            return _needs_encoding(t.items)
        case MapType():
            return _needs_encoding(t.values)
        case AliasRef():
            return _needs_encoding(t.type)
        case UnionType():
            return any(_needs_encoding(v) for v in t.variants)
        case AnyType() | EnumType():
            return False
        case _:
            assert_never(t)


def python_model(model: Model, types: PythonTypes) -> PythonModel:
    names = field_names(model, naming.FIELDS)
    fields = []
    for name, f in zip(names, model.fields):
        annotation = types.annotation(f.type)
        expected = types.expected(f.type)
        token = py_string(escape_token(f.wire_name))
        # Any already admits None; everything else names null explicitly, in type and in checks.
        null_checked = f.nullable and annotation != "Any"
        if null_checked:
            annotation += " | None"
            expected += " or null"
        decoder = types.decoder(f.type)
        fast_expr: str | None = None
        if decoder in {d for _, d in _SCALARS.values()} | {d for _, d in NATIVE_FORMATS.values()}:
            decode_expr = f"{decoder}(value, pointer, {token}, {py_string(expected)})"
            exact = _EXACT_TYPES.get(decoder)
            if exact:
                # The common case inline; subclasses, errors and floats still go through the helper.
                decode_expr = f"value if type(value) is {exact} else {decode_expr}"
        else:
            decode_expr = f"{decoder}(value, pointer, {token})"
            passes = inline_check(types, resolved(f.type))
            if passes is not None:
                # The common case inline (a value that is kept as it is); anything else, and every
                # error, through the combinator.
                decode_expr = f"value if {passes} else {decode_expr}"
            elif isinstance(enum := resolved(f.type), EnumType) and enum.values and all(type(v) is str for v in enum.values):
                # A string enum: inline on the fast path only (in the precise path mypy would
                # narrow `value` to str, where the variable is a Literal).
                members = constant(types, "frozenset({" + ", ".join(py_string(v) for v in enum.values) + "})")
                fast_expr = f"value if (value.__class__ is str and value in {members}) else {decode_expr}"
        encode_expr = f"self.{name}"
        if _needs_encoding(f.type):
            encode_expr = f'_encode(self.{name}, "", {token})'
        fast_expr = fast_expr or decode_expr
        if decoder == "_null":
            # A null-typed field is None or an error (a nullable one too: null adds nothing).
            types.imports.add("not_null")
            decode_expr = f"None if value is None else _not_null(value, pointer, {token}, {py_string(expected)})"
            fast_expr = decode_expr
        elif null_checked:
            decode_expr = f"None if value is None else ({decode_expr})" if " if " in decode_expr else f"None if value is None else {decode_expr}"
            fast_expr = f"None if value is None else ({fast_expr})" if " if " in fast_expr else f"None if value is None else {fast_expr}"
        if not f.required:
            annotation += " | Unset"
        fields.append(
            PythonField(
                name=name,
                wire_name=f.wire_name,
                annotation=annotation,
                decode_expr=decode_expr,
                fast_expr=fast_expr,
                encode_expr=encode_expr,
                required=f.required,
                nullable=f.nullable,
                field=f,
            )
        )
    fast = fast_path(fields, types)
    additional_annotation = additional_decoder = None
    if model.additional is not None:
        additional_annotation = f"dict[str, {types.annotation(model.additional)}]"
        if not isinstance(model.additional, AnyType):
            additional_decoder = types.decoder(model.additional)
    return PythonModel(
        name=model.name,
        fields=tuple(fields),
        model=model,
        additional_annotation=additional_annotation,
        additional_decoder=additional_decoder,
        additional_call=types.call(additional_decoder, "v", "pointer", "_escape(k)") if additional_decoder else None,
        additional_needs_encoding=model.additional is not None and _needs_encoding(model.additional),
        fast=fast,
    )


def _identity_types(f: PythonField) -> tuple[str, ...] | None:
    """The exact types that make the field's wire value its Python value; None: it is converted."""
    t = resolved(f.field.type)
    if not isinstance(t, PrimitiveType) or (t.kind == "string" and t.format in NATIVE_FORMATS) or t.checks is not None:
        return None
    types = _IDENTITY_TYPES[t.kind]
    if f.nullable and "type(None)" not in types:
        types += ("type(None)",)
    return types if f.required else (*types, "Unset")


def fast_path(fields: list[PythonField], types: PythonTypes) -> FastPath:
    identity = {f.wire_name: _identity_types(f) for f in fields}
    grouped: dict[tuple[str, ...], list[PythonField]] = {}
    for f in fields:
        allowed = identity[f.wire_name]
        if allowed is not None and not _is_number(f):
            grouped.setdefault(allowed, []).append(f)
    numbers = [f for f in fields if _is_number(f)]
    converted = [f for f in fields if identity[f.wire_name] is None]
    order = [f for members in grouped.values() for f in members] + numbers + converted
    position = {f.wire_name: index for index, f in enumerate(order)}
    groups, start = [], 0
    for allowed, members in grouped.items():
        groups.append(FastGroup(start, start + len(members), types.type_set(allowed)))
        start += len(members)
    stamps = {f.wire_name for f in converted if _is_date_time(f) and f.required and not f.nullable}
    return FastPath(
        order=tuple(order),
        groups=tuple(groups),
        numbers=tuple(
            FastNumber(position[f.wire_name], types.type_set(tuple(t for t in identity[f.wire_name] or () if t != "float")))
            for f in numbers
        ),
        stamps=tuple(position[f.wire_name] for f in converted if f.wire_name in stamps),
        present=tuple(position[f.wire_name] for f in converted if f.required and f.wire_name not in stamps),
        # Any-typed properties need no decoding: the wire value is the value, UNSET when absent.
        decoded=tuple((position[f.wire_name], f) for f in converted if not isinstance(resolved(f.field.type), AnyType)),
        names_are_wire_names=all(f.name == f.wire_name for f in fields),
    )


def _is_date_time(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "string" and t.format == "date-time" and t.checks is None


def _is_number(f: PythonField) -> bool:
    t = resolved(f.field.type)
    return isinstance(t, PrimitiveType) and t.kind == "number" and t.checks is None


@dataclass(frozen=True)
class PythonAlias:
    """A named type that is not an object model, with its codec functions' names."""

    name: str
    function_prefix: str
    annotation: str
    decoder: str
    decode_call: str  # decodes the local `data`
    needs_encoding: bool
    description: str | None


def python_alias(alias: NamedType, types: PythonTypes) -> PythonAlias:
    return PythonAlias(
        name=alias.name,
        function_prefix=snake_module_name(alias.name),
        annotation=types.annotation(alias.type),
        decoder=(decoder := types.decoder(alias.type)),
        decode_call=types.call(decoder, "data", '""', '""'),
        needs_encoding=_needs_encoding(alias.type),
        description=alias.description,
    )


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    types = PythonTypes(discriminator_tags(schema_ir))
    models = [python_model(m, types) for m in schema_ir.models]
    aliases = [python_alias(a, types) for a in schema_ir.aliases]
    model_checks = any(m.checks is not None and m.checks.counted for m in schema_ir.models)
    rules = rules_context(schema_ir.rules, types.uses, {"number", "array"}, python=True)
    context = {
        "ir": schema_ir,
        "models": models,
        "aliases": aliases,
        "combinators": types.combinators,
        "patterns": types.patterns,
        "type_sets": types.type_sets,
        "uses_datetime": bool(types.imports & {"date-time", "date"}),
        "uses_uuid": "uuid" in types.imports,
        "uses_literal": "literal" in types.imports,
        "uses_checks": bool(types.uses & {"number", "string", "array"}),
        "uses_number_checks": "number" in types.uses,
        "uses_string_checks": "string" in types.uses,
        "uses_array_checks": "array" in types.uses,
        "uses_object_checks": "object" in types.uses,
        "uses_model_checks": model_checks,
        "uses_fraction": "fraction" in types.uses,
        "uses_not_null": "not_null" in types.imports,
        **rules,
        **settings,
    }
    return [OutputFile(f"python/{module_name(schema_ir)}.py", "python/module.py.jinja", context)]


def root_codec(schema_ir: SchemaIR, layout: str = "module") -> Codec:
    """The root model's ``from_json``/``to_json`` methods, or a named type's module functions."""
    file = f"python/{module_name(schema_ir)}{'/__init__.py' if layout == 'package' else '.py'}"
    if root_is_model(schema_ir):
        return Codec(file, f"{schema_ir.root_name}.from_json", "to_json", dump_is_method=True)
    prefix = snake_module_name(schema_ir.root_name)
    return Codec(file, f"{prefix}_from_json", f"{prefix}_to_json")


@dataclass(frozen=True)
class PythonTarget:
    name: str = "python"
    folder: str = "python"
    field_naming: FieldPolicy | None = naming.FIELDS
    # Microseconds; numbers are Python ints and floats, compared by value.
    runtime: Runtime | None = Runtime(root_codec, "schemasmith.conformance.python_judge:JUDGE", 6, False)

    def reserves(self, model_name: str) -> bool:
        return model_name in naming.RESERVED_MODEL_NAMES

    def claims(self, model_name: str) -> tuple[str, ...]:
        return ()

    def plan(self, schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
        files = (package.plan if settings.get("layout") == "package" else plan)(schema_ir, settings)
        return [*files, *package_files(schema_ir)]  # either layout: an importable, typed package

    def finish(self, schema_ir: SchemaIR, rendered: dict[str, str], _text: str, settings: dict[str, Any]) -> dict[str, str]:
        return package.finish(schema_ir, rendered) if settings.get("layout") == "package" else rendered


TARGET = PythonTarget()
