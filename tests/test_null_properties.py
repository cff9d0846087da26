"""Null-typed properties (`const: null`, `type: "null"`, `enum: [null]`) in every position a real
schema puts them: the generated Python passes mypy --strict (a call of the None-returning `_null`
used as a value is what it refused), the TypeScript tsc --strict, and payloads load as the schema says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import REPO, assert_from_dict_paths_agree, import_module_from, run_tsc
from schemasmith import generate
from schemasmith.validate.validator import Validator

SCHEMAS = Path(__file__).parent / "schemas"
NULLS = SCHEMAS / "nulls.schema.json"
NULL_ROOT = SCHEMAS / "null_root.schema.json"

REQUIRED = {"constNull": None, "typeNull": None, "enumNull": None}
VALID = [
    REQUIRED,
    {**REQUIRED, "optionalNull": None, "nullOrString": None},
    {**REQUIRED, "nullOrString": "x", "listOfNulls": [None, None], "mapOfNulls": {"a": None}},
    {**REQUIRED, "tupleOfNull": [None, 3], "holder": {"inner": None, "extra": None}},
]
# (payload, pointer of the first problem)
INVALID = [
    ({**REQUIRED, "constNull": 0}, "/constNull"),
    ({**REQUIRED, "typeNull": "null"}, "/typeNull"),
    ({**REQUIRED, "enumNull": False}, "/enumNull"),
    ({**REQUIRED, "optionalNull": []}, "/optionalNull"),
    ({**REQUIRED, "listOfNulls": [None, 1]}, "/listOfNulls/1"),
    ({**REQUIRED, "mapOfNulls": {"a": {}}}, "/mapOfNulls/a"),
    ({**REQUIRED, "tupleOfNull": [1, 3]}, "/tupleOfNull/0"),
    ({**REQUIRED, "holder": {"inner": 1}}, "/holder/inner"),
    ({**REQUIRED, "holder": {"inner": None, "extra": "x"}}, "/holder/extra"),
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nulls")
    generate(NULLS, folder / "nulls")
    generate(NULL_ROOT, folder / "root")
    return folder


@pytest.fixture(scope="module")
def nulls(out: Path) -> ModuleType:
    return import_module_from(out / "nulls" / "python" / "nulls.py", "null_properties_nulls")


@pytest.fixture(scope="module")
def root(out: Path) -> ModuleType:
    return import_module_from(out / "root" / "python" / "nothing.py", "null_properties_root")


def test_mypy_strict(out: Path) -> None:
    files = [str(out / "nulls" / "python" / "nulls.py"), str(out / "root" / "python" / "nothing.py")]
    for file in files:
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", file],
            capture_output=True, text=True, cwd=REPO,
        )
        assert result.returncode == 0, result.stdout


def test_tsc_strict(out: Path, tmp_path: Path) -> None:
    files = []
    for name in ("nulls/typescript/nulls.ts", "root/typescript/nothing.ts"):
        target = tmp_path / Path(name).name
        target.write_text((out / name).read_text("utf-8"), "utf-8")
        files.append(target)
    compiled = run_tsc(tmp_path, files, emit=False)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.mark.parametrize("payload", VALID)
def test_valid_payloads_load_and_round_trip(nulls: ModuleType, payload: dict[str, Any]) -> None:
    assert Validator.from_path(NULLS).is_valid(payload)
    loaded = nulls.Nulls.from_dict(payload)
    assert loaded.const_null is None and loaded.type_null is None and loaded.enum_null is None
    assert loaded.to_dict() == payload
    assert_from_dict_paths_agree(nulls.Nulls.from_dict, payload)


@pytest.mark.parametrize("payload, pointer", INVALID)
def test_non_null_values_are_refused_where_they_are(nulls: ModuleType, payload: dict[str, Any], pointer: str) -> None:
    assert not Validator.from_path(NULLS).is_valid(payload)
    with pytest.raises(nulls.SchemaValidationError) as caught:
        nulls.Nulls.from_dict(payload)
    assert caught.value.pointer == pointer
    assert_from_dict_paths_agree(nulls.Nulls.from_dict, payload)


def test_absent_and_null_stay_apart(nulls: ModuleType) -> None:
    loaded = nulls.Nulls.from_dict(REQUIRED)
    assert loaded.optional_null is nulls.UNSET
    assert nulls.Nulls.from_dict({**REQUIRED, "optionalNull": None}).optional_null is None


def test_a_null_root_alias(root: ModuleType) -> None:
    assert root.nothing_from_dict(None) is None
    assert root.nothing_from_json("null") is None
    with pytest.raises(root.SchemaValidationError) as caught:
        root.nothing_from_dict(0)
    assert caught.value.pointer == "" and "expected null" in str(caught.value)
