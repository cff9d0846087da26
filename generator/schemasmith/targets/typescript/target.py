"""TypeScript target: idiomatic camelCase types, the wire types, and the checking codec.

Scalars decode through direct helper calls; composite types through combinators built once at
module load (``decode0``...). Models map between wire names and camelCase names in both directions,
so values that contain models are encoded by typed encoders (``encode0``...), not generically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .. import naming
from ...escaping import ts_string
from ..expected_text import expected_text
from ...ir.nodes import (
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
    json_types,
)
from ...source.pointer import escape_token
# One module name for both targets: the Python module and the TypeScript file are named alike.
from ..python.target import discriminator_tags, module_name as module_name
from ...codegen.output_file import OutputFile

# Formats the TypeScript target checks; only date-time also changes the type (to Date).
FORMAT_DECODERS = {"date-time": "decodeDateTime", "date": "decodeDate", "uuid": "decodeUuid"}
_SCALARS = {
    "string": ("string", "decodeString"),
    "integer": ("number", "decodeInteger"),
    "number": ("number", "decodeNumber"),
    "boolean": ("boolean", "decodeBoolean"),
    "null": ("null", "decodeNull"),
}
_DIRECT_DECODERS = {d for _, d in _SCALARS.values()} | set(FORMAT_DECODERS.values())


@dataclass(frozen=True)
class TypeScriptField:
    name: str
    wire_name: str
    type: str  # idiomatic type, without null/undefined
    wire_type: str
    local: str  # the decoder's local holding the wire value (ABSENT until the key is seen)
    decode_expr: str  # converts that local to the idiomatic value
    encode_expr: str  # converts `value.<name>` to the wire value
    field: Field

    @property
    def full_type(self) -> str:
        return self.type + (" | null" if self.field.nullable and self.type != "unknown" else "")

    @property
    def full_wire_type(self) -> str:
        return self.wire_type + (" | null" if self.field.nullable and self.wire_type != "unknown" else "")


@dataclass(frozen=True)
class TypeScriptModel:
    name: str
    function_prefix: str
    fields: tuple[TypeScriptField, ...]
    model: Model
    additional_type: str | None  # None for a closed model
    additional_wire_type: str | None
    additional_decoder: str | None  # None when extra values need no check
    additional_encoder: str | None  # None when extra values are sent as they are


def _group(text: str) -> str:
    """Parenthesize a union before using it as an array element type."""
    return f"({text})" if " | " in text else text


class TypeScriptTypes:
    def __init__(self, tags: dict[str, dict[str, str]], prefixes: dict[str, str]) -> None:
        self.tags = tags
        self.prefixes = prefixes  # model name -> function prefix
        self.decoders: dict[str, tuple[str, str]] = {}  # expression -> (const name, decoded type)
        self.encoders: dict[str, str] = {}
        self.uses: set[str] = set()  # which checking helpers the module needs
        self.constants: dict[str, str] = {}  # expression -> module-level const name (patterns)

    def type(self, t: TypeRef, wire: bool = False) -> str:
        if isinstance(t, PrimitiveType):
            if t.kind == "string" and t.format == "date-time" and not wire:
                return "Date"
            return _SCALARS[t.kind][0]
        if isinstance(t, AnyType):
            return "unknown"
        if isinstance(t, ArrayType):
            return f"{_group(self.type(t.items, wire))}[]"
        if isinstance(t, TupleType):
            items = [f"{_group(self.type(i, wire))}?" for i in t.items]
            if t.rest is not None:
                items.append(f"...{_group(self.type(t.rest, wire))}[]")
            return "[" + ", ".join(items) + "]"
        if isinstance(t, MapType):
            return f"{{ [key: string]: {self.type(t.values, wire)} }}"
        if isinstance(t, ModelRef):
            return t.name + ("Wire" if wire else "")
        if isinstance(t, EnumType):
            if all(v is None or isinstance(v, (str, int, float, bool)) for v in t.values):
                return " | ".join(dict.fromkeys(_literal(v) for v in t.values))
            return "unknown"
        if isinstance(t, UnionType):
            parts = list(dict.fromkeys(self.type(v, wire) for v in t.variants))
            return "unknown" if "unknown" in parts else " | ".join(parts)
        raise TypeError(f"unknown IR type {t!r}")

    def expected(self, t: TypeRef) -> str:
        return expected_text(t)

    def decoder(self, t: TypeRef) -> str:
        """An expression for a function ``(value, pointer, key) => T``."""
        checks = getattr(t, "checks", None)
        if checks is not None:
            return self._checked(t, checks)
        return self._unchecked_decoder(t)

    def _checked(self, t: TypeRef, checks: Checks) -> str:
        """The type's decoder wrapped in its assertion keywords' checks."""
        base = self._unchecked_decoder(t)
        if isinstance(t, PrimitiveType) and t.kind in ("number", "integer") and checks.numeric:
            self.uses.add("number")
            bounds = (checks.minimum, checks.exclusive_minimum, checks.maximum, checks.exclusive_maximum, checks.multiple_of)
            floating = isinstance(checks.multiple_of, float)
            return self._decoder(f"checkedNumber({base}, {', '.join(_number(b) for b in bounds)}, {_bool(floating)})", t)
        if isinstance(t, PrimitiveType) and t.kind == "string" and checks.textual:
            self.uses.add("string")
            pattern = checks.runnable_pattern
            # The pattern is ECMA-262 already: JavaScript reads it as the schema means it.
            compiled = "null" if pattern is None else f"new RegExp({ts_string(pattern.source)}, \"u\")"
            source = ts_string(pattern.source) if pattern is not None else '""'
            longest = "null" if pattern is None or pattern.max_length is None else str(pattern.max_length)
            maximum = "null" if checks.max_length is None else str(checks.max_length)
            return self._decoder(
                f"checkedString({base}, {checks.min_length or 0}, {maximum}, {compiled}, {source}, {longest})", t
            )
        if isinstance(t, (ArrayType, TupleType)) and checks.sized:
            self.uses.add("array")
            maximum = "null" if checks.max_items is None else str(checks.max_items)
            return self._decoder(
                f"checkedArray({base}, {checks.min_items or 0}, {maximum}, {_bool(checks.unique_items)})", t
            )
        if isinstance(t, MapType) and checks.counted:
            self.uses.add("object")
            maximum = "null" if checks.max_properties is None else str(checks.max_properties)
            return self._decoder(f"checkedObject({base}, {checks.min_properties or 0}, {maximum})", t)
        return base

    def inline_check(self, t: TypeRef, local: str) -> str | None:
        """A condition on ``local`` true only when it passes ``t``'s type and checks unchanged (a
        scalar with checks); None when there is no such cheap test."""
        if not isinstance(t, PrimitiveType) or t.checks is None or t.format is not None:
            return None
        checks = t.checks
        if t.kind == "string" and not checks.numeric:
            parts = [f'typeof {local} === "string"']
            # UTF-16 units bound the code points: at most the units, at least half of them.
            if checks.min_length:
                parts.append(f"{local}.length >= {2 * checks.min_length}")
            if checks.max_length is not None:
                parts.append(f"{local}.length <= {checks.max_length}")
            pattern = checks.runnable_pattern
            if pattern is not None:
                if pattern.max_length is not None:
                    return None
                name = self.constants.setdefault(
                    f"new RegExp({ts_string(pattern.source)}, \"u\")", f"PATTERN{len(self.constants)}"
                )
                parts.append(f"{name}.test({local})")
            return " && ".join(parts)
        if t.kind in ("integer", "number") and checks.multiple_of is None:
            parts = [f"Number.isInteger({local})" if t.kind == "integer" else f'typeof {local} === "number" && {local} - {local} === 0']
            for bound, op in ((checks.minimum, ">="), (checks.exclusive_minimum, ">"), (checks.maximum, "<="),
                              (checks.exclusive_maximum, "<")):
                if bound is not None:
                    parts.append(f"({local} as number) {op} {_number(bound)}")
            return " && ".join(parts)
        return None

    def _unchecked_decoder(self, t: TypeRef) -> str:
        if isinstance(t, PrimitiveType):
            if t.kind == "string" and t.format in FORMAT_DECODERS:
                return FORMAT_DECODERS[t.format]
            return _SCALARS[t.kind][1]
        if isinstance(t, AnyType):
            return "decodeAny"
        if isinstance(t, ModelRef):
            return f"decodeModel{t.name}"
        if isinstance(t, ArrayType):
            if isinstance(t.items, ModelRef):
                model = f"{self.prefixes[t.items.name]}FromWire"
                return self._decoder(f"arrayOf({self.decoder(t.items)}, (value) => {model}(value))", t)
            return self._decoder(f"arrayOf({self.decoder(t.items)})", t)
        if isinstance(t, TupleType):
            items = ", ".join(self.decoder(i) for i in t.items)
            rest = self.decoder(t.rest) if t.rest is not None else "null"
            return self._decoder(f"tupleOf([{items}], {rest})", t)
        if isinstance(t, MapType):
            return self._decoder(f"mapOf({self.decoder(t.values)})", t)
        if isinstance(t, EnumType):
            # Parsed from JSON text: an object literal would treat a "__proto__" key specially.
            values = ts_string(json.dumps(list(t.values), ensure_ascii=False))
            return self._decoder(f"enumOf(JSON.parse({values}) as unknown[], {ts_string(self.expected(t))})", t)
        if isinstance(t, UnionType):
            if t.discriminator is not None:
                entries = []
                for variant in t.variants:
                    assert isinstance(variant, ModelRef)
                    tag = self.tags[variant.name][t.discriminator]
                    entries.append(f"[{ts_string(tag)}, {self.decoder(variant)}]")
                return self._decoder(
                    f"taggedUnionOf({ts_string(t.discriminator)}, new Map<string, Decoder<unknown>>([{', '.join(entries)}]), "
                    f"{ts_string(self.expected(t))})",
                    t,
                )
            decoders = ", ".join(self.decoder(v) for v in t.variants)
            # What JSON type each variant can take (integer is a number here): the decoder
            # dispatches on it, and decodes a value with one candidate without trying the others.
            kinds = ", ".join(
                "[" + ", ".join(f'"{k}"' for k in sorted({"number" if k == "integer" else k for k in json_types(v)})) + "]"
                for v in t.variants
            )
            return self._decoder(f"unionOf([{decoders}], [{kinds}], {ts_string(self.expected(t))})", t)
        raise TypeError(f"unknown IR type {t!r}")

    def encoder(self, t: TypeRef) -> str | None:
        """An expression for a function ``(value, pointer, key) => wire``, or None for identity."""
        if isinstance(t, PrimitiveType):
            return "encodeDateTime" if t.kind == "string" and t.format == "date-time" else None
        if isinstance(t, ModelRef):
            return f"encodeModel{t.name}"
        if isinstance(t, ArrayType):
            inner = self.encoder(t.items)
            return self._encoder(f"encodeArray({inner})") if inner else None
        if isinstance(t, TupleType):
            encoders = [self.encoder(i) for i in t.items]
            rest = self.encoder(t.rest) if t.rest is not None else None
            if not any(encoders) and rest is None:
                return None
            items = ", ".join(e or "encodeAsIs" for e in encoders)
            return self._encoder(f"encodeTuple([{items}], {rest or 'encodeAsIs'})")
        if isinstance(t, MapType):
            inner = self.encoder(t.values)
            return self._encoder(f"encodeMap({inner})") if inner else None
        if isinstance(t, UnionType):
            encoders = [self.encoder(v) for v in t.variants]
            if not any(encoders):
                return None
            # An idiomatic value does not say which variant it is: try each variant's encoder and
            # keep the first result that variant's decoder accepts back.
            pairs = ", ".join(f"[{e or 'encodeAsIs'}, {self.decoder(v)}]" for e, v in zip(encoders, t.variants))
            return self._encoder(f"encodeUnion([{pairs}])")
        return None

    def _decoder(self, expression: str, t: TypeRef) -> str:
        if expression not in self.decoders:
            self.decoders[expression] = (f"decode{len(self.decoders)}", self.type(t))
        return self.decoders[expression][0]

    def _encoder(self, expression: str) -> str:
        if expression not in self.encoders:
            self.encoders[expression] = f"encode{len(self.encoders)}"
        return self.encoders[expression]


def _number(value: int | float | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, int) and abs(value) > 2**53:
        # A double is what JavaScript compares with; beyond one, the bound is past every number.
        try:
            return repr(float(value))
        except OverflowError:
            return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return ts_string(value)
    return json.dumps(value)


def typescript_model(model: Model, types: TypeScriptTypes) -> TypeScriptModel:
    names = naming.assign_unique([(f.wire_name, f.pointer) for f in model.fields], "typescript")
    fields = []
    for name, f in zip(names, model.fields):
        type_ = types.type(f.type)
        expected = types.expected(f.type)
        null_checked = f.nullable and type_ != "unknown"
        if null_checked:
            expected += " or null"
        key = ts_string(escape_token(f.wire_name))
        # Every other local of the decoder lacks this suffix, and the names are unique: no clash.
        local = f"{name}Wire"
        decoder = types.decoder(f.type)
        if decoder in _DIRECT_DECODERS:
            decode_expr = f"{decoder}({local}, pointer, {key}, {ts_string(expected)})"
        else:
            decode_expr = f"{decoder}({local}, pointer, {key})"
        encoder = types.encoder(f.type)
        encode_expr = f"value.{name}"
        if encoder:
            encode_expr = f'{encoder}(value.{name}, "", {key})'
            if null_checked:
                encode_expr = f"value.{name} === null ? null : {encode_expr}"
        passes = types.inline_check(f.type, local)
        if passes is not None:
            # The common case inline; anything else, and every error, through the decoder.
            cast = " as number" if isinstance(f.type, PrimitiveType) and f.type.kind == "integer" else ""
            decode_expr = f"({passes} ? {local}{cast} : {decode_expr})"
        if null_checked:
            decode_expr = f"{local} === null ? null : {decode_expr}"
        fields.append(
            TypeScriptField(
                name=name,
                wire_name=f.wire_name,
                type=type_,
                wire_type=types.type(f.type, wire=True),
                local=local,
                decode_expr=decode_expr,
                encode_expr=encode_expr,
                field=f,
            )
        )
    additional = model.additional
    return TypeScriptModel(
        name=model.name,
        function_prefix=types.prefixes[model.name],
        fields=tuple(fields),
        model=model,
        additional_type=types.type(additional) if additional is not None else None,
        additional_wire_type=types.type(additional, wire=True) if additional is not None else None,
        additional_decoder=types.decoder(additional) if additional is not None and not isinstance(additional, AnyType) else None,
        additional_encoder=types.encoder(additional) if additional is not None else None,
    )


@dataclass(frozen=True)
class TypeScriptAlias:
    """A named type that is not an object model, with its codec functions' names."""

    name: str
    function_prefix: str
    type: str
    wire_type: str
    decoder: str
    encoder: str | None
    description: str | None


def typescript_alias(alias: NamedType, types: TypeScriptTypes) -> TypeScriptAlias:
    return TypeScriptAlias(
        name=alias.name,
        function_prefix=naming.function_prefix(alias.name),
        type=types.type(alias.type),
        wire_type=types.type(alias.type, wire=True),
        decoder=types.decoder(alias.type),
        encoder=types.encoder(alias.type),
        description=alias.description,
    )


def typescript_models(schema_ir: SchemaIR) -> tuple[list[TypeScriptModel], TypeScriptTypes]:
    prefixes = {m.name: naming.function_prefix(m.name) for m in schema_ir.models}
    types = TypeScriptTypes(discriminator_tags(schema_ir), prefixes)
    return [typescript_model(m, types) for m in schema_ir.models], types


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    models, types = typescript_models(schema_ir)
    aliases = [typescript_alias(a, types) for a in schema_ir.aliases]
    model_checks = any(m.checks is not None and m.checks.counted for m in schema_ir.models)
    context = {
        "ir": schema_ir,
        "models": models,
        "aliases": aliases,
        "decoders": types.decoders,
        "constants": types.constants,
        "encoders": types.encoders,
        "uses_checks": bool(types.uses & {"number", "string", "array"}),
        "uses_number_checks": "number" in types.uses,
        "uses_string_checks": "string" in types.uses,
        "uses_array_checks": "array" in types.uses,
        "uses_object_checks": "object" in types.uses,
        "uses_model_checks": model_checks,
        **settings,
    }
    return [OutputFile(f"typescript/{module_name(schema_ir)}.ts", "typescript/module.ts.jinja", context)]
