"""An independent oracle for the generated Python: datamodel-code-generator.

datamodel-codegen (a dev dependency, so nothing here is skipped) turns the same canonical schema
into a model, and our ``Session`` dataclass must agree with it on the field names, on which fields
are required, and on each field's type once notation is normalised.

Options, and why:

* ``--output-model-type dataclasses.dataclass``: the same kind of class as ours, so
  ``dataclasses.fields`` (names, defaults, kw_only) compares like with like.
* ``--output-datetime-class datetime``: for plain dataclasses datamodel-codegen maps
  ``format: date-time`` to ``str`` unless told otherwise; ours parses to ``datetime``.
* ``--keyword-only``: ours is ``@dataclass(kw_only=True)``; with it the oracle also keeps the
  schema's property order instead of moving required fields first.
* ``--use-union-operator --target-python-version 3.10``: ``X | None`` rather than ``Optional[X]``
  (the comparison normalises either way; this only keeps the oracle's source readable).
* ``--disable-timestamp --formatters builtin``: reproducible output without black/isort, and no
  FutureWarning about the default formatters changing.

A second oracle run with the default ``pydantic_v2.BaseModel`` output cross-checks the types
(it maps date-time to ``AwareDatetime`` by itself) and shows that ``additionalProperties: true``
makes a model keep unknown properties (``extra='allow'``) - the reason for our extra field.

Deliberate differences between ours and the oracle, each asserted explicitly below:

1. Ours has one extra field, ``additional_properties: dict[str, Any]`` (default: a new empty dict),
   which keeps the properties the schema does not declare; the schema says
   ``additionalProperties: true``. The dataclass oracle has no place for them at all.
2. Ours defaults an optional field to the sentinel ``UNSET`` (absent from the payload), not
   ``None`` (present and JSON null), so the field's type carries an extra ``Unset`` member:
   ``str | None | Unset`` against the oracle's ``str | None``.
3. The pydantic oracle spells ``format: date-time`` as ``pydantic.AwareDatetime``; ours and the
   dataclass oracle use ``datetime.datetime``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types
import typing
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import AwareDatetime, BaseModel

from conftest import SCHEMA, import_module_from

MODEL = "Session"
# Our only extra field (deliberate difference 1).
EXTRA_FIELD = "additional_properties"

COMMON_OPTIONS = [
    "--input", str(SCHEMA),
    "--input-file-type", "jsonschema",
    "--use-union-operator",
    "--target-python-version", "3.10",
    "--disable-timestamp",
    "--formatters", "builtin",
]


def run_datamodel_codegen(output: Path, *options: str) -> ModuleType:
    """Run the datamodel-codegen CLI of this interpreter's environment and import what it wrote."""
    result = subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", *COMMON_OPTIONS, *options, "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"datamodel-codegen failed:\n{result.stdout}\n{result.stderr}"
    assert output.is_file(), result.stderr
    return import_module_from(output, f"_oracle_{output.stem}")


@pytest.fixture(scope="module")
def oracle_dataclass(tmp_path_factory: pytest.TempPathFactory) -> Any:
    directory = tmp_path_factory.mktemp("oracle_dataclass")
    module = run_datamodel_codegen(
        directory / "oracle_session_dataclass.py",
        "--output-model-type", "dataclasses.dataclass",
        "--output-datetime-class", "datetime",
        "--keyword-only",
    )
    cls = getattr(module, MODEL)
    assert dataclasses.is_dataclass(cls)
    return cls


@pytest.fixture(scope="module")
def oracle_pydantic(tmp_path_factory: pytest.TempPathFactory) -> type[BaseModel]:
    directory = tmp_path_factory.mktemp("oracle_pydantic")
    module = run_datamodel_codegen(
        directory / "oracle_session_pydantic.py",
        "--output-model-type", "pydantic_v2.BaseModel",
    )
    cls = getattr(module, MODEL)
    assert isinstance(cls, type) and issubclass(cls, BaseModel)
    return cls


@pytest.fixture(scope="module")
def ours(session_module: ModuleType) -> Any:
    cls = session_module.Session
    assert dataclasses.is_dataclass(cls)
    return cls


def field_map(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls)}


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def type_hints(cls: type) -> dict[str, Any]:
    # Both modules use `from __future__ import annotations`: resolve the strings in the globals of
    # the module that defines the class.
    return typing.get_type_hints(cls, globalns=vars(sys.modules[cls.__module__]))


def union_members(hint: Any) -> frozenset[Any]:
    """The members of a union (typing.Union, Optional or X | Y alike), or {hint} for a non-union."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return frozenset(typing.get_args(hint))
    return frozenset({hint})


# Deliberate difference 3: notation only, the same Python value type.
SAME_TYPE = {AwareDatetime: datetime}


def normalise(hint: Any) -> frozenset[Any]:
    return frozenset(SAME_TYPE.get(member, member) for member in union_members(hint))


def our_normalised_types(ours: type, unset_type: type) -> dict[str, frozenset[Any]]:
    """Our field types without the extra field, with the Unset member of optional fields removed.

    Deliberate difference 2: an optional field's union carries ``Unset``; a required one must not.
    """
    fields = field_map(ours)
    hints = type_hints(ours)
    result = {}
    for name, hint in hints.items():
        if name == EXTRA_FIELD:
            continue
        members = normalise(hint)
        if is_required(fields[name]):
            assert unset_type not in members, f"required field {name} admits Unset: {hint}"
        else:
            assert unset_type in members, f"optional field {name} lacks the Unset member: {hint}"
            members = members - {unset_type}
        result[name] = members
    return result


# --------------------------------------------------------------------------------------------
# Against the dataclass oracle
# --------------------------------------------------------------------------------------------


def test_same_field_names(ours: type, oracle_dataclass: type) -> None:
    our_names = [f.name for f in dataclasses.fields(ours)]
    oracle_names = [f.name for f in dataclasses.fields(oracle_dataclass)]
    # Deliberate difference 1: additional_properties is our only extra field, and the oracle has
    # nothing we lack.
    assert set(our_names) - set(oracle_names) == {EXTRA_FIELD}
    assert set(oracle_names) - set(our_names) == set()
    # Both keep the schema's property order (ours puts the extra field last).
    assert our_names == [*oracle_names, EXTRA_FIELD]


def test_same_required_optional_split(
    ours: type, oracle_dataclass: type, schema_document: dict[str, Any]
) -> None:
    our_fields = field_map(ours)
    oracle_fields = field_map(oracle_dataclass)
    our_required = {name for name, f in our_fields.items() if is_required(f)}
    oracle_required = {name for name, f in oracle_fields.items() if is_required(f)}
    assert our_required == oracle_required
    # The oracle reads `required` as we should; the schema's wire names are valid Python names here.
    assert oracle_required == set(schema_document["required"])
    assert EXTRA_FIELD not in our_required


def test_optional_defaults(ours: type, oracle_dataclass: type, session_module: ModuleType) -> None:
    our_fields = field_map(ours)
    for name, oracle_field in field_map(oracle_dataclass).items():
        if is_required(oracle_field):
            continue
        # Deliberate difference 2: the oracle defaults to None, ours to the UNSET sentinel.
        assert oracle_field.default is None, name
        assert our_fields[name].default is session_module.UNSET, name
        assert our_fields[name].default_factory is dataclasses.MISSING, name


def test_same_types_after_normalising(ours: type, oracle_dataclass: type, session_module: ModuleType) -> None:
    oracle_types = {name: normalise(hint) for name, hint in type_hints(oracle_dataclass).items()}
    assert our_normalised_types(ours, session_module.Unset) == oracle_types


def test_both_keyword_only(ours: type, oracle_dataclass: type) -> None:
    # Not a difference, but the reason for --keyword-only: make it visible if ours stops being so.
    assert all(f.kw_only for f in dataclasses.fields(ours))
    assert all(f.kw_only for f in dataclasses.fields(oracle_dataclass))


def test_extra_field_is_the_documented_catch_all(
    ours: type, session_module: ModuleType, schema_document: dict[str, Any]
) -> None:
    # Deliberate difference 1, pinned down: what it is and why it exists.
    extra = field_map(ours)[EXTRA_FIELD]
    assert type_hints(ours)[EXTRA_FIELD] == dict[str, Any]
    assert extra.default is dataclasses.MISSING
    assert extra.default_factory is dict
    assert EXTRA_FIELD not in schema_document["properties"]
    assert schema_document.get("additionalProperties", True) is not False


# --------------------------------------------------------------------------------------------
# Against the pydantic oracle
# --------------------------------------------------------------------------------------------


def test_pydantic_oracle_agrees(
    ours: type, oracle_pydantic: type[BaseModel], session_module: ModuleType
) -> None:
    model_fields = oracle_pydantic.model_fields
    our_fields = field_map(ours)
    assert set(our_fields) - set(model_fields) == {EXTRA_FIELD}
    assert set(model_fields) - set(our_fields) == set()
    assert {name for name, info in model_fields.items() if info.is_required()} == {
        name for name, f in our_fields.items() if is_required(f)
    }
    # Deliberate difference 3: the pydantic oracle says AwareDatetime where we say datetime.
    assert any(AwareDatetime in union_members(info.annotation) for info in model_fields.values())
    oracle_types = {name: normalise(info.annotation) for name, info in model_fields.items()}
    assert our_normalised_types(ours, session_module.Unset) == oracle_types


def test_pydantic_oracle_keeps_unknown_properties(oracle_pydantic: type[BaseModel]) -> None:
    # additionalProperties: true makes the oracle keep unknown keys too (extra='allow'); ours keeps
    # them in additional_properties (deliberate difference 1).
    assert oracle_pydantic.model_config.get("extra") == "allow"
    instance = oracle_pydantic.model_validate({"timestamp": "2025-09-25T22:48:13.771Z", "custom": 1})
    assert instance.model_extra == {"custom": 1}
