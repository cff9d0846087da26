"""Python target: map IR to the names, annotations and codec calls the Python templates lay out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import naming
from .ir import AnyType, Field, Model, PrimitiveType, SchemaIR, TypeRef
from .escaping import py_string
from .pointer import escape_token
from .render_plan import OutputFile


@dataclass(frozen=True)
class PythonField:
    name: str
    wire_name: str
    annotation: str
    decoder: str
    decode_expr: str  # converts the local `value` (the wire value) to the Python value
    encode_expr: str  # converts `self.<name>` to the wire value
    required: bool
    nullable: bool
    field: Field


@dataclass(frozen=True)
class PythonModel:
    name: str
    fields: tuple[PythonField, ...]
    model: Model

    @property
    def required_fields(self) -> tuple[PythonField, ...]:
        return tuple(f for f in self.fields if f.required)


def _scalar(type_: TypeRef) -> tuple[str, str, str | None, str]:
    """(annotation, decoder helper, encoder helper or None for identity, expected JSON type)."""
    if isinstance(type_, PrimitiveType):
        if type_.kind == "string" and type_.format == "date-time":
            return "datetime", "_date_time", "_format_date_time", "string"
        return {
            "string": ("str", "_string", None, "string"),
            "integer": ("int", "_integer", None, "integer"),
            "number": ("float", "_number", None, "number"),
            "boolean": ("bool", "_boolean", None, "boolean"),
        }[type_.kind]
    if isinstance(type_, AnyType):
        return "Any", "_any", None, "any value"
    raise NotImplementedError(f"python target: {type(type_).__name__}")


def python_model(model: Model) -> PythonModel:
    names = naming.assign_unique([(f.wire_name, f.pointer) for f in model.fields], "python")
    fields = []
    for name, f in zip(names, model.fields):
        annotation, decoder, encoder, expected = _scalar(f.type)
        token = py_string(escape_token(f.wire_name))
        # Any already admits None; everything else names null explicitly, in type and in checks.
        null_checked = f.nullable and annotation != "Any"
        if null_checked:
            annotation += " | None"
            expected += " or null"
        decode_expr = f"{decoder}(value, pointer, {token}, {py_string(expected)})"
        encode_expr = f"self.{name}"
        if encoder:
            encode_expr = f'{encoder}(self.{name}, "", {token})'
        if null_checked:
            decode_expr = f"None if value is None else {decode_expr}"
            if encoder:
                encode_expr = f"None if self.{name} is None else {encode_expr}"
        if not f.required:
            annotation += " | Unset"
        fields.append(
            PythonField(
                name=name,
                wire_name=f.wire_name,
                annotation=annotation,
                decoder=decoder,
                decode_expr=decode_expr,
                encode_expr=encode_expr,
                required=f.required,
                nullable=f.nullable,
                field=f,
            )
        )
    return PythonModel(name=model.name, fields=tuple(fields), model=model)


def module_name(schema_ir: SchemaIR) -> str:
    return naming.snake_module_name(schema_ir.root.name)


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    models = [python_model(m) for m in schema_ir.models]
    uses_datetime = any(f.decoder == "_date_time" for m in models for f in m.fields)
    context = {"ir": schema_ir, "models": models, "uses_datetime": uses_datetime, **settings}
    return [OutputFile(f"python/{module_name(schema_ir)}.py", "python/module.py.jinja", context)]
