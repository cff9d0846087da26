"""What a schema change does to the generated code: models and fields as the Python and TypeScript
targets name and type them, before and after. A wire-compatible change can still break code that
uses the output (a class renamed because a title changed, a field that became a union or required)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SchemaSmithError
from ..ir.name_overrides import NameOverrides, check_used_in_either
from ..ir.nodes import SchemaIR
from ..source.load import LoadedSchema
from .findings import CODEGEN, COMPATIBLE, Finding


@dataclass(frozen=True)
class _Field:
    wire_name: str
    python_name: str
    python_type: str
    typescript_name: str
    typescript_type: str
    required: bool
    pointer: str
    union: bool


@dataclass(frozen=True)
class _Model:
    name: str
    pointer: str
    fields: dict[str, _Field]


def _root_name(old: LoadedSchema, new: LoadedSchema) -> str | None:
    """Without a title the root model is named after the file: two files compared (``v1.json``,
    ``v2.json``) must not read as a rename, so both are named after NEW's file then."""
    titled = [isinstance(d.document, dict) and isinstance(d.document.get("title"), str) for d in (old, new)]
    stems = [d.path.name.split(".")[0] for d in (old, new)]
    if old.is_openapi or all(titled) or stems[0] == stems[1]:
        return None
    return stems[1]


def _api(
    loaded: LoadedSchema, root_name: str | None = None, names: NameOverrides | None = None, names_checked: bool = True
) -> tuple[list[_Model], SchemaIR] | None:
    from ..ir.builder import build_ir
    from ..ir.nodes import UnionType
    from ..targets.common import discriminator_tags
    from ..targets.python.target import PythonTypes, python_model
    from ..targets.typescript.target import typescript_models

    try:
        schema_ir = build_ir(loaded, root_name, names=names, names_checked=False)
        python = PythonTypes(discriminator_tags(schema_ir))
        typescript, _ = typescript_models(schema_ir)
    except SchemaSmithError as error:
        if names is not None and names_checked and error.file == names.source:
            raise  # the names table is the user's to fix, not a schema the generator refuses
        return None  # a schema the generator refuses has no generated API to compare
    models = []
    for model, ts_model in zip(schema_ir.models, typescript):
        py_model = python_model(model, python)
        fields = {}
        for py_field, ts_field in zip(py_model.fields, ts_model.fields):
            fields[py_field.wire_name] = _Field(
                py_field.wire_name, py_field.name, py_field.annotation, ts_field.name, ts_field.full_type,
                py_field.required, py_field.field.pointer, isinstance(py_field.field.type, UnionType))
        models.append(_Model(model.name, model.pointer, fields))
    return models, schema_ir


def codegen_findings(
    old: LoadedSchema, new: LoadedSchema, names: NameOverrides | None = None, names_checked: bool = True
) -> list[Finding]:
    """``names``: the names table the code is generated with (``--names``), for both versions; an
    entry must name a model or property in one of them, and be usable there, unless not
    ``names_checked`` (the site's changelog, comparing old versions the table was not written for)."""
    root_name = _root_name(old, new)
    built_before = _api(old, root_name, names, names_checked)
    built_after = _api(new, root_name, names, names_checked)
    if names is not None and names_checked:
        check_used_in_either(names, [built[1] for built in (built_before, built_after) if built is not None])
    if built_before is None or built_after is None:
        return []
    before, after = built_before[0], built_after[0]
    out: list[Finding] = []
    by_pointer = {m.pointer: m for m in after}
    by_name = {m.name: m for m in after}
    for model in before:
        twin = by_pointer.get(model.pointer) or by_name.get(model.name)
        if twin is None:
            continue  # the model went away: the wire findings say why
        if twin.name != model.name:
            out.append(_finding("MODEL_RENAMED", model.pointer, twin.pointer,
                                f"generated model {model.name} is now named {twin.name}"))
        for wire_name, field in model.fields.items():
            other = twin.fields.get(wire_name)
            if other is None:
                continue
            if (field.python_name, field.typescript_name) != (other.python_name, other.typescript_name):
                out.append(_finding("FIELD_RENAMED", field.pointer, other.pointer,
                                    f"{twin.name}.{field.python_name} (TS {field.typescript_name}) is now "
                                    f"{other.python_name} (TS {other.typescript_name})"))
            if other.required and not field.required:
                out.append(_finding("FIELD_BECAME_REQUIRED", field.pointer, other.pointer,
                                    f"{twin.name}.{other.python_name} is now required"))
            elif field.required and not other.required:
                out.append(_finding("FIELD_BECAME_OPTIONAL", field.pointer, other.pointer,
                                    f"{twin.name}.{other.python_name} is now optional"))
            if other.union and not field.union:
                out.append(_finding("FIELD_TYPE_BECAME_UNION", field.pointer, other.pointer,
                                    f"{twin.name}.{other.python_name}: {_types(field)} -> {_types(other)}"))
            elif field.union and not other.union:
                out.append(_finding("FIELD_TYPE_NO_LONGER_UNION", field.pointer, other.pointer,
                                    f"{twin.name}.{other.python_name}: {_types(field)} -> {_types(other)}"))
            elif _core(field) != _core(other):
                out.append(_finding("FIELD_TYPE_CHANGED", field.pointer, other.pointer,
                                    f"{twin.name}.{other.python_name}: {_types(field)} -> {_types(other)}"))
    return out


def _core(field: _Field) -> tuple[str, str]:
    # Whether the field is required shows in the annotation too (`| Unset`): compared on its own above.
    return field.python_type.replace(" | Unset", ""), field.typescript_type


def _types(field: _Field) -> str:
    return f"Python {field.python_type.replace(' | Unset', '')} / TS {field.typescript_type}"


def _finding(rule: str, old_pointer: str, new_pointer: str, message: str) -> Finding:
    return Finding(rule, old_pointer, new_pointer, COMPATIBLE, COMPATIBLE, message, CODEGEN)
