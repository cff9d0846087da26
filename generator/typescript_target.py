"""TypeScript target: idiomatic camelCase types, the wire type, and the checking codec."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import naming
from .escaping import ts_string
from .ir import AnyType, Field, Model, PrimitiveType, SchemaIR, TypeRef
from .pointer import escape_token
from .render_plan import OutputFile


@dataclass(frozen=True)
class TypeScriptField:
    name: str
    wire_name: str
    type: str  # idiomatic type, without null/undefined
    wire_type: str
    decode_expr: str  # converts the local `value` to the idiomatic value
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


def _scalar(type_: TypeRef) -> tuple[str, str, str, str | None, str]:
    """(type, wire type, decoder, encoder or None for identity, expected JSON type)."""
    if isinstance(type_, PrimitiveType):
        if type_.kind == "string" and type_.format == "date-time":
            return "Date", "string", "decodeDateTime", "encodeDateTime", "string"
        return {
            "string": ("string", "string", "decodeString", None, "string"),
            "integer": ("number", "number", "decodeInteger", None, "integer"),
            "number": ("number", "number", "decodeNumber", None, "number"),
            "boolean": ("boolean", "boolean", "decodeBoolean", None, "boolean"),
        }[type_.kind]
    if isinstance(type_, AnyType):
        return "unknown", "unknown", "decodeAny", None, "any value"
    raise NotImplementedError(f"typescript target: {type(type_).__name__}")


def typescript_model(model: Model) -> TypeScriptModel:
    names = naming.assign_unique([(f.wire_name, f.pointer) for f in model.fields], "typescript")
    fields = []
    for name, f in zip(names, model.fields):
        type_, wire_type, decoder, encoder, expected = _scalar(f.type)
        null_checked = f.nullable and type_ != "unknown"
        if null_checked:
            expected += " or null"
        key = ts_string(escape_token(f.wire_name))
        decode_expr = f"{decoder}(value, pointer, {key}, {ts_string(expected)})"
        encode_expr = f"value.{name}"
        if encoder:
            encode_expr = f'{encoder}(value.{name}, "", {key})'
            if null_checked:
                encode_expr = f"value.{name} === null ? null : {encode_expr}"
        if null_checked:
            decode_expr = f"value === null ? null : {decode_expr}"
        fields.append(
            TypeScriptField(
                name=name,
                wire_name=f.wire_name,
                type=type_,
                wire_type=wire_type,
                decode_expr=decode_expr,
                encode_expr=encode_expr,
                field=f,
            )
        )
    return TypeScriptModel(
        name=model.name, function_prefix=naming.function_prefix(model.name), fields=tuple(fields), model=model
    )


def module_name(schema_ir: SchemaIR) -> str:
    return naming.snake_module_name(schema_ir.root.name)


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    models = [typescript_model(m) for m in schema_ir.models]
    uses_datetime = any(f.type == "Date" for m in models for f in m.fields)
    context = {"ir": schema_ir, "models": models, "uses_datetime": uses_datetime, **settings}
    return [OutputFile(f"typescript/{module_name(schema_ir)}.ts", "typescript/module.ts.jinja", context)]
