"""Python target: map IR to the names, annotations and codec calls the Python templates lay out.

Scalar properties decode with straight-line helper calls (the hot path for payloads like
Session); composite types use decoder combinators built once at import time (``_Order_items_array_of``: named by
the first property that uses them and their kind).

``from_dict`` has two paths (see ``FastPath``): a fast one that checks every scalar property with
a few C-level set operations, and the precise one (per-property code) that it falls back to for
anything unusual, which produces the exact first error.
"""

from __future__ import annotations

import functools
import io
import keyword
import tokenize
from dataclasses import dataclass
from typing import Any

from ..common import OncePerObject, discriminator_tags, module_name, root_is_model
from ..naming import FieldPolicy, field_names, snake_module_name
from ..registry import Codec, Runtime
from . import naming, package, runtime
from .typed_package import package_files
from ..rules_table import rules_context
from .checks import checked_decoder, fast_test, inline_check
from .fast_path import FastPath, date_time_shape, fast_path
from .aliases import PythonAlias, python_alias
from .formats import NATIVE_FORMATS
from .type_walks import needs_encoding
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
from ...codegen.output_file import PART, OutputFile

_SCALARS = {
    "string": ("str", "_string"),
    "integer": ("int", "_integer"),
    "number": ("float", "_number"),
    "boolean": ("bool", "_boolean"),
    "null": ("None", "_null"),
}
# The runtime's decoders of scalars and formats (a set made once, not once a field).
_HELPER_DECODERS = frozenset(decoder for _, decoder in (*_SCALARS.values(), *NATIVE_FORMATS.values()))
_LITERAL_SCALARS = (str, int, bool, type(None))
# The words the fast path's type sets are named with.
_TYPE_WORDS = {"str": "STR", "bool": "BOOL", "int": "INT", "float": "FLOAT", "type(None)": "NONE", "Unset": "UNSET"}
# The Python type json.loads gives each JSON type (an integer-valued number may arrive as float).
_PYTHON_JSON_TYPES = (
    ("type(None)", "null"), ("bool", "boolean"), ("int", "integer"), ("float", "number"), ("str", "string"),
    ("list", "array"), ("dict", "object"),
)
# Helpers whose whole job, for a value of exactly this type, is to return it unchanged.
_EXACT_TYPES = {"_string": "str", "_boolean": "bool", "_integer": "int", "_number": "int"}


@dataclass(frozen=True)
class PythonField:
    name: str
    wire_name: str
    annotation: str
    decode_expr: str  # converts the local `value` (the wire value) to the Python value
    fast_expr: str  # the same, for the fast path (whose target, the merged dict, holds Any)
    inline: str | None  # true of `value` when the fast path may take fast_expr without decoding
    encode_expr: str  # converts `self.<name>` to the wire value
    required: bool
    nullable: bool
    field: Field


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
        # Decoders by the identity of the IR type: types are shared, and a named type used twice per
        # level (`next | next[]`) would otherwise be walked once per path, exponentially.
        self._decoder_of = OncePerObject(self._new_decoder)
        self.type_sets: dict[str, str] = {}  # frozenset expression -> module-level name
        self.imports: set[str] = set()
        self.tags = tags  # for tagged unions: model name -> {wire name -> constant value}
        self.uses: set[str] = set()  # which checking helpers the module needs
        self.patterns: dict[str, str] = {}  # re.compile expression -> module-level name
        self.owner = ""  # the model and property (or the alias) whose decoders are being built
        self.taken: set[str] = set()  # the module-level names given so far

    def type_set(self, types: tuple[str, ...]) -> str:
        """The module-level frozenset of these exact types, named by them (``_TYPES_STR_NONE_UNSET``),
        so that adding a property renames nothing."""
        expression = "frozenset({" + ", ".join(types) + "})"
        if expression not in self.type_sets:
            self.type_sets[expression] = "_TYPES_" + "_".join(_TYPE_WORDS[t] for t in types)
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
                    # null as `| None`, not inside the Literal (ruff's PYI061)
                    literals = [py_literal(v) for v in t.values if v is not None]
                    if literals:
                        self.imports.add("literal")
                    text = f"Literal[{', '.join(literals)}]" if literals else ""
                    if len(literals) == len(t.values):
                        return text
                    return f"{text} | None" if text else "None"
                return "Any"
            case UnionType():
                parts: list[str] = []
                # The variants' union_literals as one Literal where the first was (ruff's PYI030), their
                # null as one `None` (PYI061).
                union_literals: list[str] = []
                for variant in t.variants:
                    if isinstance(variant, EnumType) and all(isinstance(v, _LITERAL_SCALARS) for v in variant.values):
                        if not union_literals and any(v is not None for v in variant.values):
                            parts.append("Literal[]")  # filled below
                        union_literals += [py_literal(v) for v in variant.values if v is not None and py_literal(v) not in union_literals]
                        text = "None" if None in variant.values else ""
                    else:
                        text = self.annotation(variant)
                    if text and text not in parts:
                        parts.append(text)
                if union_literals:
                    self.imports.add("literal")
                    parts[parts.index("Literal[]")] = f"Literal[{', '.join(union_literals)}]"
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
        """An expression for a callable ``(value, pointer, key)``, built once per IR type."""
        return self._decoder_of(t)

    def _new_decoder(self, t: TypeRef) -> str:
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
                checks = t.checks  # (a narrowing reference's rule)
                base = f"_decode_{t.name}"
            case AliasRef():
                checks = t.checks  # (a narrowing reference's rule)
                base = self.decoder(t.type)  # checked as the named type is: the same decoder
            case ArrayType():
                checks = t.checks
                if isinstance(t.items, ModelRef) and t.items.checks is None:
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
        """A module-level decoder, named by the first property that uses it and its kind
        (``_Order_items_array_of``): adding a property renames no other."""
        if expression not in self.combinators:
            kind = expression.split("(", 1)[0].strip("_")
            self.combinators[expression] = self.module_name(f"_{self.owner}_{kind}")
        return self.combinators[expression]

    def module_name(self, wanted: str) -> str:
        """``wanted``, or with a number after it if the module binds it already."""
        name, count = wanted, 1
        while name in self.taken:
            count += 1
            name = f"{wanted}_{count}"
        self.taken.add(name)
        return name


def python_model(model: Model, types: PythonTypes) -> PythonModel:
    names = field_names(model, naming.FIELDS)
    fields = []
    for name, f in zip(names, model.fields):
        types.owner = f"{model.name}_{name}"
        annotation = types.annotation(f.type)
        expected = types.expected(f.type)
        token = py_string(escape_token(f.wire_name))
        # Any already admits None; everything else names null explicitly, in type and in checks.
        null_checked = f.nullable and annotation != "Any"
        if null_checked:
            if annotation != "None" and not annotation.endswith(" | None"):
                annotation += " | None"
            expected += " or null"
        decoder = types.decoder(f.type)
        if decoder in _HELPER_DECODERS:
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
        encode_expr = f"self.{name}"
        if needs_encoding(f.type):
            encode_expr = f'_encode(self.{name}, "", {token})'
        # The fast path's own test of the value (see FastPath.checked), and what it keeps then.
        inline = fast_test(types, resolved(f.type)) if decoder != "_null" else None
        fast_expr = decode_expr
        if decoder == "_null":
            # A null-typed field is None or an error (a nullable one too: null adds nothing).
            types.imports.add("not_null")
            decode_expr = f"None if value is None else _not_null(value, pointer, {token}, {py_string(expected)})"
            fast_expr = decode_expr
        elif null_checked:
            decode_expr = f"None if value is None else ({decode_expr})" if " if " in decode_expr else f"None if value is None else {decode_expr}"
        if inline is not None:
            test, copies = inline
            fast_expr = "value" if not copies else "value.copy() if value.__class__ is list else value"
            inline = (f"(value is None or {test})" if null_checked else test, copies)
        elif null_checked:
            fast_expr = decode_expr
        if not f.required:
            annotation += " | Unset"
        fields.append(
            PythonField(
                name=name,
                wire_name=f.wire_name,
                annotation=annotation,
                decode_expr=decode_expr,
                fast_expr=fast_expr,
                inline=inline[0] if inline is not None else None,
                encode_expr=encode_expr,
                required=f.required,
                nullable=f.nullable,
                field=f,
            )
        )
    fast = fast_path(fields, types, closed=model.additional is None)
    additional_annotation = additional_decoder = None
    types.owner = f"{model.name}_additional"
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
        additional_needs_encoding=model.additional is not None and needs_encoding(model.additional),
        fast=fast,
    )


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    types = PythonTypes(discriminator_tags(schema_ir))
    types.taken.update(f"_decode_{m.name}" for m in schema_ir.models)
    models = [python_model(m, types) for m in schema_ir.models]
    aliases = [python_alias(a, types) for a in schema_ir.aliases]
    model_checks = any(m.checks is not None and m.checks.counted for m in schema_ir.models)
    # Before the roots: with rules, the rule interpreter's helpers are used.
    rules = rules_context(schema_ir.rules, types.uses, {"number", "array"}, python=True)
    roots = module_roots(models, aliases, types)
    context = {
        "ir": schema_ir,
        "roots": roots,
        "exports": exports(models, aliases),
        "runtime": (functools.partial(runtime.select_shared, roots=roots, extra=("_register",) if "_encode" in roots else ())
                    if settings.get("shared_runtime") else functools.partial(runtime.select, roots=roots)),
        "decoded_models": {m.name for m in models if f"_decode_{m.name}" in roots},
        "date_time_shape": date_time_shape,
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


# What the model and alias templates themselves call, beside the expressions the target builds.
_MODEL_USES = ("dataclasses", "Any", "Final", "SchemaValidationError", "Unset", "UNSET", "_json_type", "_load_json",
               "_dump_json")
_ALIAS_USES = ("TypeAlias", "Any", "SchemaValidationError", "_load_json", "_dump_json")
_DATE_TIME_SHAPE_USES = ("_from_isoformat", "_DATE_TIME_DIGITS", "_DATE_TIME_SHAPES")


def exports(models: list[PythonModel], aliases: list[PythonAlias]) -> list[str]:
    """``__all__``, in the order ruff's default check wants it (RUF022, isort-style): constants,
    then classes, then functions, each alphabetically."""
    names = [m.name for m in models] + ["SchemaValidationError", "UNSET", "Unset"]
    for alias in aliases:
        names += [alias.name, *(f"{alias.function_prefix}_{suffix}" for suffix in ("from_dict", "from_json", "to_dict", "to_json"))]
    return sorted(names, key=package.dunder_all_key)


def names_in(expression: str) -> set[str]:
    """The identifiers a Python expression reads (not the words inside its string literals)."""
    tokens = tokenize.generate_tokens(io.StringIO(expression).readline)
    return {t.string for t in tokens if t.type == tokenize.NAME and not keyword.iskeyword(t.string)}


def module_roots(models: list[PythonModel], aliases: list[PythonAlias], types: PythonTypes) -> frozenset[str]:
    """The runtime names the module's own code (models, aliases, module-level decoders) calls, read
    off the expressions built from the IR: ``runtime.select`` keeps these and what they call."""
    expressions: list[str] = [*types.combinators, *types.patterns, *types.type_sets]
    roots: set[str] = set()
    for model in models:
        roots.update(_MODEL_USES)
        for f in model.fields:
            expressions += [f.annotation, f.decode_expr, f.fast_expr, f.encode_expr, f.inline or ""]
        expressions += [model.additional_annotation or "", model.additional_call or ""]
        if model.additional_annotation is not None and model.additional_needs_encoding:
            roots.update(("_encode", "_escape"))
        if model.model.checks is not None and model.model.checks.counted:
            roots.add("_check_count")
        if model.model.checks is not None and model.model.checks.rule is not None:
            roots.add("_check_rule")
        if model.fast.stamps:
            roots.update(_DATE_TIME_SHAPE_USES)
    for alias in aliases:
        roots.update(_ALIAS_USES)
        expressions += [alias.annotation, alias.decode_call]
        if alias.needs_encoding:
            roots.add("_encode")
    for expression in expressions:
        roots |= names_in(expression)
    return frozenset(roots)


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
        if settings.get("shared_runtime"):
            files.append(package.shared_runtime(schema_ir, settings))
        if settings.get(PART) == "tail":  # the head part writes the package's own files
            return files
        return [*files, *package_files(schema_ir)]  # either layout: an importable, typed package

    def finish(self, schema_ir: SchemaIR, rendered: dict[str, str], _text: str, settings: dict[str, Any]) -> dict[str, str]:
        return package.finish(schema_ir, rendered, settings) if settings.get("layout") == "package" else rendered

    def merge_parts(self, schema_ir: SchemaIR, head: dict[str, Any], tail: dict[str, Any]) -> dict[str, Any]:
        """The package layout rendered in two parts (``package.PART``), merged."""
        return package.merge_parts(schema_ir, head, tail)


TARGET = PythonTarget()
