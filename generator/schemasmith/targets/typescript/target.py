"""TypeScript target: idiomatic camelCase types, the wire types, and the checking codec.

Scalars decode through direct helper calls; composite types through combinators built once at
module load (``orderItemsArrayOf``: named by the first property that uses them and their kind). Models map between wire names and camelCase names in both directions,
so values that contain models are encoded by typed encoders (``orderItemsEncodeArray``), not generically.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from . import emit, naming, package, runtime
from ..rules_table import rules_context
from .checks import checked_decoder, inline_check
from .prettier import ignore_each_statement
from ..common import OncePerObject, discriminator_tags, module_name
from ..naming import FieldPolicy, field_names
from ..registry import Codec, Runtime
from ...escaping import ts_string
from ..expected_text import expected_text
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
    def __init__(self, tags: dict[str, dict[str, str]], prefixes: dict[str, str], javascript: bool = False) -> None:
        self.tags = tags
        # The expressions for the package layout's .js (--ts-emit js): without their type syntax, as
        # erase_types.javascript_of would leave them (``ts`` below).
        self.javascript = javascript
        self.prefixes = prefixes  # model name -> function prefix
        self.decoders: dict[str, tuple[str, str]] = {}  # expression -> (const name, decoded type)
        # Decoders by the identity of the IR type: types are shared, and a named type used twice per
        # level (`next | next[]`) would otherwise be walked once per path, exponentially.
        self._decoder_of = OncePerObject(self._new_decoder)
        self._encoder_of = OncePerObject(self._new_encoder)
        self.encoders: dict[str, str] = {}
        self.uses: set[str] = set()  # which checking helpers the module needs
        self.constants: dict[str, str] = {}  # expression -> module-level const name (patterns)
        self.owner = ""  # the model and property (or the alias) whose decoders are being built
        self.taken: set[str] = set()  # the module-level names given so far

    def type(self, t: TypeRef, wire: bool = False) -> str:
        match t:
            case PrimitiveType():
                if t.kind == "string" and t.format == "date-time" and not wire:
                    return "Date"
                return _SCALARS[t.kind][0]
            case AnyType():
                return "unknown"
            case ArrayType():
                return f"{_group(self.type(t.items, wire))}[]"
            case TupleType():
                items = [f"{_group(self.type(i, wire))}?" for i in t.items]
                if t.rest is not None:
                    items.append(f"...{_group(self.type(t.rest, wire))}[]")
                return "[" + ", ".join(items) + "]"
            case MapType():
                return f"{{ [key: string]: {self.type(t.values, wire)} }}"
            case ModelRef() | AliasRef():
                return naming.wire_type_name(t.name) if wire else t.name
            case EnumType():
                if all(v is None or isinstance(v, (str, int, float, bool)) for v in t.values):
                    return " | ".join(dict.fromkeys(_literal(v) for v in t.values))
                return "unknown"
            case UnionType():
                parts = list(dict.fromkeys(self.type(v, wire) for v in t.variants))
                return "unknown" if "unknown" in parts else " | ".join(parts)
            case _:
                assert_never(t)

    def ts(self, type_syntax: str) -> str:
        """``type_syntax`` (an annotation, a cast, type arguments) in a .ts expression; none in a .js one."""
        return "" if self.javascript else type_syntax

    def expected(self, t: TypeRef) -> str:
        return expected_text(t)

    def decoder(self, t: TypeRef) -> str:
        """An expression for a callable ``(value, pointer, key)``, built once per IR type."""
        return self._decoder_of(t)

    def _new_decoder(self, t: TypeRef) -> str:
        """An expression for a function ``(value, pointer, key) => T``."""
        checks: Checks | None = None
        match t:
            case PrimitiveType():
                checks = t.checks
                if t.kind == "string" and t.format in FORMAT_DECODERS:
                    base = FORMAT_DECODERS[t.format]
                else:
                    base = _SCALARS[t.kind][1]
            case AnyType():
                return "decodeAny"
            case ModelRef():
                checks = t.checks  # (a narrowing reference's rule)
                base = f"decodeModel{t.name}"
            case AliasRef():
                checks = t.checks  # (a narrowing reference's rule)
                base = self.decoder(t.type)  # checked as the named type is: the same decoder
            case ArrayType():
                checks = t.checks
                if isinstance(t.items, ModelRef) and t.items.checks is None:
                    model = f"{self.prefixes[t.items.name]}FromWire"
                    base = self.named_decoder(f"arrayOf({self.decoder(t.items)}, (value) => {model}(value))", t)
                else:
                    base = self.named_decoder(f"arrayOf({self.decoder(t.items)})", t)
            case TupleType():
                checks = t.checks
                items = ", ".join(self.decoder(i) for i in t.items)
                rest = self.decoder(t.rest) if t.rest is not None else "null"
                base = self.named_decoder(f"tupleOf([{items}], {rest})", t)
            case MapType():
                checks = t.checks
                base = self.named_decoder(f"mapOf({self.decoder(t.values)})", t)
            case EnumType():
                # Parsed from JSON text: an object literal would treat a "__proto__" key specially.
                values = ts_string(json.dumps(list(t.values), ensure_ascii=False))
                return self.named_decoder(f"enumOf(JSON.parse({values}){self.ts(' as unknown[]')}, {ts_string(self.expected(t))})", t)
            case UnionType():
                if t.discriminator is not None:
                    entries = []
                    for variant in t.variants:
                        assert isinstance(variant, ModelRef)
                        tag = self.tags[variant.name][t.discriminator]
                        entries.append(f"[{ts_string(tag)}, {self.decoder(variant)}]")
                    return self.named_decoder(
                        f"taggedUnionOf({ts_string(t.discriminator)}, new Map{self.ts('<string, Decoder<unknown>>')}([{', '.join(entries)}]), "
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
                return self.named_decoder(f"unionOf([{decoders}], [{kinds}], {ts_string(self.expected(t))})", t)
            case _:
                assert_never(t)
        return base if checks is None else checked_decoder(self, t, checks, base)

    def encoder(self, t: TypeRef) -> str | None:
        """An expression for a function ``(value, pointer, key) => wire``, or None for identity;
        built once per IR type, as decoders are."""
        return self._encoder_of(t)

    def _new_encoder(self, t: TypeRef) -> str | None:
        match t:
            case PrimitiveType():
                return "encodeDateTime" if t.kind == "string" and t.format == "date-time" else None
            case ModelRef():
                return f"encodeModel{t.name}"
            case AliasRef():
                return self.encoder(t.type)
            case ArrayType():
                inner = self.encoder(t.items)
                return self._encoder(f"encodeArray({inner})") if inner else None
            case TupleType():
                encoders = [self.encoder(i) for i in t.items]
                rest = self.encoder(t.rest) if t.rest is not None else None
                if not any(encoders) and rest is None:
                    return None
                items = ", ".join(e or "encodeAsIs" for e in encoders)
                return self._encoder(f"encodeTuple([{items}], {rest or 'encodeAsIs'})")
            case MapType():
                inner = self.encoder(t.values)
                return self._encoder(f"encodeMap({inner})") if inner else None
            case UnionType():
                encoders = [self.encoder(v) for v in t.variants]
                if not any(encoders):
                    return None
                # An idiomatic value does not say which variant it is: try each variant's encoder and
                # keep the first result that variant's decoder accepts back.
                pairs = ", ".join(f"[{e or 'encodeAsIs'}, {self.decoder(v)}]" for e, v in zip(encoders, t.variants))
                return self._encoder(f"encodeUnion([{pairs}])")
            case AnyType() | EnumType():
                return None  # sent as they are
            case _:
                assert_never(t)

    def named_decoder(self, expression: str, t: TypeRef) -> str:
        """A module-level const for the decoder ``expression``."""
        if expression not in self.decoders:
            self.decoders[expression] = (self.module_name(expression), self.type(t))
        return self.decoders[expression][0]

    def _encoder(self, expression: str) -> str:
        if expression not in self.encoders:
            self.encoders[expression] = self.module_name(expression)
        return self.encoders[expression]

    def constant(self, expression: str, kind: str) -> str:
        """A module-level const for ``expression`` (a pattern), named like the decoders."""
        if expression not in self.constants:
            self.constants[expression] = self.module_name(kind)
        return self.constants[expression]

    def module_name(self, expression: str) -> str:
        """A module-level name: the first property that uses it and its kind (``orderItemsArrayOf``),
        so that adding a property renames no other; a number after it if the module binds it."""
        kind = expression.split("(", 1)[0]
        wanted = self.owner + kind[:1].upper() + kind[1:]
        name, count = wanted, 1
        while name in self.taken:
            count += 1
            name = f"{wanted}{count}"
        self.taken.add(name)
        return name


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return ts_string(value)
    return json.dumps(value)


def typescript_model(model: Model, types: TypeScriptTypes) -> TypeScriptModel:
    names = field_names(model, naming.FIELDS)
    fields = []
    for name, f in zip(names, model.fields):
        types.owner = types.prefixes[model.name] + name[:1].upper() + name[1:]
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
        passes = inline_check(types, resolved(f.type), local)
        if passes is not None:
            # The common case inline; anything else, and every error, through the decoder.
            plain = resolved(f.type)
            cast = types.ts(" as number") if isinstance(plain, PrimitiveType) and plain.kind == "integer" else ""
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
    types.owner = types.prefixes[model.name] + "Additional"
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
    types.owner = naming.function_prefix(alias.name)
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
    types.taken.update(f"{p}{suffix}" for p in prefixes.values() for suffix in ("FromWire", "ToWire", "FromJSON", "ToJSON"))
    return [typescript_model(m, types) for m in schema_ir.models], types


# What the model and alias templates themselves call, beside the expressions the target builds.
_MODEL_USES = ("SchemaValidationError", "isJsonObject", "jsonType", "ABSENT", "hasOwn", "JsonObject", "parseDocument")
_ALIAS_USES = ("SchemaValidationError", "parseDocument")


def module_roots(models: list[TypeScriptModel], aliases: list[TypeScriptAlias], types: TypeScriptTypes) -> frozenset[str]:
    """The runtime names the module's own code (models, aliases, module-level decoders) calls, read
    off the expressions built from the IR: ``runtime.select`` keeps these and what they call."""
    code: list[str] = [*types.decoders, *types.encoders, *types.constants]
    roots: set[str] = set()
    if types.decoders:
        roots.add("Decoder")
    if types.encoders:
        roots.add("Encoder")
    for model in models:
        roots.update(_MODEL_USES)
        code += [e for f in model.fields for e in (f.decode_expr, f.encode_expr)]
        code += [model.additional_decoder or "", model.additional_encoder or ""]
        if model.additional_type is not None:
            roots.update(("putOwn", "setOwn"))
            roots.add("escapeToken" if model.additional_decoder or model.additional_encoder else "checkExtra")
        if any(f.wire_name == "__proto__" for f in model.fields):
            roots.add("setOwn")
        if model.model.checks is not None and model.model.checks.counted:
            roots.add("checkCount")
        if model.model.checks is not None and model.model.checks.rule is not None:
            roots.add("checkRule")
    for alias in aliases:
        roots.update(_ALIAS_USES)
        code += [alias.decoder, alias.encoder or ""]
    if "rules" in types.uses:
        roots.add("RuleKeyword")  # the type of the module's RULES table
    for text in code:
        roots |= runtime.names_in(text)
    return frozenset(roots)


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    models, types = typescript_models(schema_ir)
    aliases = [typescript_alias(a, types) for a in schema_ir.aliases]
    model_checks = any(m.checks is not None and m.checks.counted for m in schema_ir.models)
    # Before the roots: with rules, the rule interpreter's helpers are used.
    rules = rules_context(schema_ir.rules, types.uses, {"number", "string", "array"}, python=False)
    roots = module_roots(models, aliases, types)
    context = {
        "ir": schema_ir,
        "roots": roots,
        "runtime": functools.partial(runtime.select_shared if settings.get("shared_runtime") else runtime.select,
                                     roots=roots),
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
        **rules,
        **settings,
    }
    return [OutputFile(f"typescript/{module_name(schema_ir)}.ts", "typescript/module.ts.jinja", context)]


def root_codec(schema_ir: SchemaIR, layout: str = "module") -> Codec:
    prefix = naming.function_prefix(schema_ir.root_name)
    file = f"typescript/{module_name(schema_ir)}" + ("/index.ts" if layout == "package" else ".ts")
    return Codec(file, f"{prefix}FromJSON", f"{prefix}ToJSON")


@dataclass(frozen=True)
class TypeScriptTarget:
    name: str = "typescript"
    folder: str = "typescript"
    field_naming: FieldPolicy | None = naming.FIELDS
    # Date keeps milliseconds; every number is a double.
    runtime: Runtime | None = Runtime(root_codec, "schemasmith.conformance.typescript_judge:JUDGE", 3, True)

    def reserves(self, model_name: str) -> bool:
        return model_name in naming.RESERVED_MODEL_NAMES

    def claims(self, model_name: str) -> tuple[str, ...]:
        return (naming.wire_type_name(model_name),)

    def plan(self, schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
        files = (package.plan if settings.get("layout") == "package" else plan)(schema_ir, settings)
        return [*files, package.shared_runtime(schema_ir, settings)] if settings.get("shared_runtime") else files

    def finish(self, schema_ir: SchemaIR, rendered: dict[str, str], _text: str, settings: dict[str, Any]) -> dict[str, str]:
        finished = package.finish(schema_ir, rendered) if settings.get("layout") == "package" else rendered
        if settings.get("shared_runtime"):
            finished = package.finish_shared_runtime(finished)
        # (.js: a package's model files, rendered as JavaScript under --ts-emit js, as package.plan says.)
        finished = {path: ignore_each_statement(text) if path.endswith((".ts", ".js")) else text
                    for path, text in finished.items()}
        return emit.split_sources(finished) if settings.get("ts_emit") == "js" else finished


TARGET = TypeScriptTarget()
