"""Turn a loaded, normalized schema into the IR: models, fields and type references."""

from __future__ import annotations

from typing import Any

from . import naming
from .errors import SchemaSmithError
from .ir import NO_DEFAULT, AnyType, Field, Model, PrimitiveType, SchemaIR, TypeRef
from .load import LoadedSchema
from .normalize import normalize, split_null
from .pointer import join

_PRIMITIVES = ("string", "integer", "number", "boolean")


class IRBuilder:
    def __init__(self, loaded: LoadedSchema) -> None:
        self.loaded = loaded
        self.models: list[Model] = []

    def error(self, reason: str, pointer: str) -> SchemaSmithError:
        return SchemaSmithError(reason, file=str(self.loaded.path), pointer=pointer)

    def build(self, root_name: str | None) -> SchemaIR:
        document = self.loaded.document
        if self.loaded.is_openapi:
            schemas = document.get("components", {}).get("schemas", {})
            for name in sorted(schemas):
                self.add_model(schemas[name], naming.class_name(name), join("", "components", "schemas", name))
        else:
            name = root_name or (document.get("title") if isinstance(document, dict) else None)
            name = name or self.loaded.path.name.split(".")[0]
            self.add_model(document, naming.class_name(str(name)), "")
        if not self.models:
            raise self.error("the document defines no object models", "")
        return SchemaIR(
            source_name=self.loaded.display_name,
            content_hash=self.loaded.content_hash,
            models=tuple(self.models),
        )

    def add_model(self, schema: Any, name: str, pointer: str) -> None:
        if not isinstance(schema, dict):
            raise self.error("a model schema must be a JSON object", pointer)
        schema = normalize(schema)
        if schema.get("type", "object") != "object":
            raise self.error(f"a model must be an object schema, found type {schema['type']!r}", pointer)
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            raise self.error("properties must be an object", join(pointer, "properties"))
        required = set(schema.get("required", []))
        fields = tuple(
            self.field(wire_name, sub, wire_name in required, join(pointer, "properties", wire_name))
            for wire_name, sub in properties.items()
        )
        unknown_required = sorted(required - set(properties))
        if unknown_required:
            raise self.error(
                f"required lists {unknown_required[0]!r}, which is not among the properties",
                join(pointer, "required"),
            )
        for policy in ("python", "typescript"):
            try:
                naming.assign_unique([(f.wire_name, f.pointer) for f in fields], policy)
            except SchemaSmithError as error:
                error.file = str(self.loaded.path)
                raise
        self.models.append(
            Model(
                name=name,
                pointer=pointer,
                fields=fields,
                description=_text(schema.get("description")),
                title=_text(schema.get("title")),
                open=schema.get("additionalProperties", True) is not False,
                examples=_examples(schema),
            )
        )

    def field(self, wire_name: str, schema: Any, required: bool, pointer: str) -> Field:
        if isinstance(schema, bool):
            schema = {} if schema else {"not": {}}
        if not isinstance(schema, dict):
            raise self.error("a property schema must be an object or boolean", pointer)
        schema = normalize(schema)
        rest, nullable = split_null(schema)
        return Field(
            wire_name=wire_name,
            required=required,
            nullable=nullable,
            type=self.type_of(rest),
            pointer=pointer,
            description=_text(schema.get("description")),
            title=_text(schema.get("title")),
            examples=_examples(schema),
            default=schema.get("default", NO_DEFAULT),
            deprecated=schema.get("deprecated") is True,
            read_only=schema.get("readOnly") is True,
            write_only=schema.get("writeOnly") is True,
        )

    def type_of(self, schema: dict[str, Any]) -> TypeRef:
        kind = schema.get("type")
        if kind in _PRIMITIVES and not _has_composition(schema):
            fmt = schema.get("format") if kind == "string" else None
            return PrimitiveType(kind=str(kind), format=fmt if isinstance(fmt, str) else None)
        # Anything richer is widened, never refused: the widest type accepts all the schema does.
        return AnyType(reason="not expressible as a single scalar type")


def _has_composition(schema: dict[str, Any]) -> bool:
    return any(k in schema for k in ("anyOf", "oneOf", "allOf", "not", "$ref", "enum", "if"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _examples(schema: dict[str, Any]) -> tuple[Any, ...]:
    examples = schema.get("examples")
    if isinstance(examples, list):
        return tuple(examples)
    if "example" in schema:  # OpenAPI 3.0 spelling
        return (schema["example"],)
    return ()


def build_ir(loaded: LoadedSchema, root_name: str | None = None) -> SchemaIR:
    return IRBuilder(loaded).build(root_name)
