"""Each construct a real schema uses, through all three targets: tests/schemas/constructs.schema.json
(nested and recursive objects, relative-file refs, arrays, tuples, maps, enums, const, unions,
tagged unions, allOf, open and closed objects, type arrays, integer vs number, formats, defaults,
deprecated, readOnly/writeOnly, names that clash with keywords and methods)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
import subprocess
import sys
import typing
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import REPO, assert_from_dict_paths_agree, import_module_from, run_tsc, tool
from schemasmith import Settings, generate

SCHEMA = Path(__file__).parent / "schemas" / "constructs.schema.json"
CASES = json.loads((Path(__file__).parent / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("constructs")
    generate(SCHEMA, folder, settings=Settings(docs_import_path="./order"))
    return folder


@pytest.fixture(scope="module")
def order(out: Path) -> ModuleType:
    return import_module_from(out / "python" / "order.py", "constructs_order")


@pytest.fixture(scope="module")
def ts_results(out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    build = tmp_path_factory.mktemp("constructs_ts")
    shutil.copy(out / "typescript" / "order.ts", build / "order.ts")
    shutil.copy(Path(__file__).parent / "ts" / "cases_harness.ts", build / "cases_harness.ts")
    compiled = run_tsc(build, [build / "order.ts", build / "cases_harness.ts"], emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    cases_file = Path(__file__).parent / "cases" / "constructs_payloads.json"
    ran = subprocess.run(
        [tool("node"), str(build / "out" / "cases_harness.js"), str(build / "out" / "order.js"), "order", str(cases_file)],
        capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return {r["name"]: r for r in json.loads(ran.stdout)}


def test_mypy_strict(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out / "python" / "order.py")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 0, result.stdout


def test_models_and_python_types(order: ModuleType) -> None:
    # The classes come in schema order; __all__ names them sorted, as ruff wants it.
    classes = [name for name, value in vars(order).items() if isinstance(value, type) and value.__module__ == order.__name__
               and name[0] != "_" and name not in ("Unset", "SchemaValidationError")]
    assert classes == [
        "Order", "Money", "OrderCustomer", "OrderCustomerAddress", "Line", "Card", "Transfer", "OrderAudit",
        "OrderShipping", "OrderContact", "OrderLinked",
        "Loose", "OrderStamped",  # an untyped object's model; a $ref with siblings that extend it (2020-12)
        "OrderSealed",  # unevaluatedProperties beside allOf and anyOf
        "Stamp",  # a model a $ref narrows (2020-12): typed by its name, the siblings its rule
        "OrderEitherKey",  # type: [object, null], properties and an anyOf of required lists
        "OrderLooseNot", "OrderLooseShort",  # no type, properties beside not / items and maxLength
    ]
    # Named types a $ref types properties by (issue 22): exported beside the classes.
    assert [m for m in order.__all__ if m[0].isupper() and m not in ("UNSET", "Unset", "SchemaValidationError")] == sorted(
        [*classes, "Shade", "Batch"])
    assert order.Order.__annotations__["loose"] == "Loose | bool | float | str | list[Any] | None | Unset"
    assert order.Order.__annotations__["busy_stamp"] == "Stamp | Unset"
    assert order.Order.__annotations__["loose_tags"] == "list[str] | bool | float | str | dict[str, Any] | None | Unset"
    assert order.Order.__annotations__["either_loose"] == "Loose | None | Unset"  # the type list narrows the union
    assert order.Order.__annotations__["either_key"] == "OrderEitherKey | None | Unset"
    # No type, other keywords beside properties: what `not` refuses whole is left out (str, None).
    assert order.Order.__annotations__["loose_not"] == "OrderLooseNot | bool | float | list[Any] | Unset"
    assert order.Order.__annotations__["loose_short"] == "OrderLooseShort | bool | float | str | list[Any] | None | Unset"
    assert order.Order.__annotations__["shade"] == "Shade | Unset"
    assert order.Order.__annotations__["fallback_shade"] == "Shade | None | Unset"
    assert order.Order.__annotations__["batch"] == "Batch | Unset"
    hints = typing.get_type_hints(order.Order, vars(order))
    assert hints["id"] == uuid.UUID
    assert hints["created"] == datetime.datetime
    assert hints["due"] == datetime.date | order.Unset
    assert hints["kind"] == typing.Literal["order"]
    assert hints["status"] == typing.Literal["new", "paid", "shipped"] | order.Unset
    assert hints["priority"] == int | order.Unset and hints["weight"] == float | None | order.Unset
    assert hints["lines"] == list[order.Line]
    assert hints["point"] == list[Any] | order.Unset
    assert hints["attributes"] == dict[str, str] | order.Unset
    assert hints["payment"] == order.Card | order.Transfer | order.Unset
    assert hints["note"] == str | int | None | order.Unset
    assert hints["parent"] == order.Order | order.Unset and hints["children"] == list[order.Order] | order.Unset
    assert hints["total"] == order.Money | order.Unset
    # The allOf parts merged into one model.
    assert [f.name for f in dataclasses.fields(order.OrderAudit)] == ["at", "by", "additional_properties"]
    # A closed object has no place for unknown properties.
    assert [f.name for f in dataclasses.fields(order.Money)] == ["amount", "currency"]


def test_identifiers_keep_their_wire_names(order: ModuleType) -> None:
    names = [f.name for f in dataclasses.fields(order.Order)]
    assert {"class_", "to_dict_", "field_2fa"} <= set(names)
    session = order.Order.from_dict({**json.loads(CASES[1]["json"]), "class": "c", "to_dict": True, "2fa": False})
    assert session.class_ == "c" and session.to_dict_ is True and session.field_2fa is False
    assert {"class", "to_dict", "2fa"} <= set(session.to_dict())


def test_clashing_wire_names_each_keep_a_name(order: ModuleType, out: Path) -> None:
    """`@type` beside `type`, `SchemaVersion` beside `schemaVersion` (doc/naming.md): a wire name
    that already is the idiomatic identifier keeps it, the other takes a spelling that keeps the
    difference; each is read from and written to its own wire name."""
    assert [f.name for f in dataclasses.fields(order.OrderLinked)] == [
        "at_type", "type", "at_id", "id", "schema_version", "schemaVersion",
    ]
    linked = order.OrderLinked.from_dict({"@type": "T", "type": "a", "SchemaVersion": 2, "schemaVersion": "2.0"})
    assert (linked.at_type, linked.type, linked.schema_version, linked.schemaVersion) == ("T", "a", 2, "2.0")
    assert linked.to_dict() == {"@type": "T", "type": "a", "SchemaVersion": 2, "schemaVersion": "2.0"}
    ts = (out / "typescript" / "order.ts").read_text("utf-8")
    interface = ts[ts.index("export type OrderLinked = {"):]
    interface = interface[: interface.index("\n}")]
    assert [line.strip().split(":")[0].rstrip("?") for line in interface.splitlines()[1:] if ":" in line
            and not line.strip().startswith(("*", "/"))] == ["atType", "type", "atId", "id", "SchemaVersion", "schemaVersion"]


def test_docstrings_document_annotations(out: Path) -> None:
    source = (out / "python" / "order.py").read_text("utf-8")
    assert "Deprecated. Old code." in source
    assert "Read-only: sent by the server" in source and "Write-only: accepted in requests" in source
    assert 'Default: "new".' in source
    ts = (out / "typescript" / "order.ts").read_text("utf-8")
    assert "@deprecated" in ts and "Read-only" in ts


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_python_loader(order: ModuleType, case: dict[str, Any]) -> None:
    if case["valid"]:
        value = order.Order.from_json(case["json"])
        assert _normal(json.loads(value.to_json())) == _normal(json.loads(case["json"]))
    else:
        with pytest.raises(order.SchemaValidationError) as caught:
            order.Order.from_json(case["json"])
        assert caught.value.pointer == case["pointer"], caught.value


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_python_fast_and_precise_paths_agree(order: ModuleType, case: dict[str, Any]) -> None:
    """from_dict's fast path (set tests, renamed attributes, nested models, typed extras) gives what
    the precise path gives, value or first error."""
    data = json.loads(case["json"])
    if isinstance(data, dict):
        assert_from_dict_paths_agree(order.Order.from_dict, data)


MUTATIONS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from([1.0, 2.5, float("nan"), "order", "new", "x"]),
    st.sampled_from(["2025-09-25T22:48:13Z", "2016-12-31T23:59:60Z", "2025-10-01", "9b2e6f1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b"]),
    st.lists(st.integers(0, 2), max_size=2), st.sampled_from([{}, {"amount": 1, "currency": "EUR"}, {"method": "card"}]),
)


@given(st.sampled_from([c for c in CASES if c["valid"]]), st.data())
@settings(max_examples=300, deadline=None)
def test_python_paths_agree_on_mutated_payloads(order: ModuleType, case: dict[str, Any], data: st.DataObject) -> None:
    payload = json.loads(case["json"])
    for _ in range(data.draw(st.integers(1, 2))):
        payload[data.draw(st.sampled_from(sorted(payload) + ["class", "2fa", "extra", "priority"]))] = data.draw(MUTATIONS)
    assert_from_dict_paths_agree(order.Order.from_dict, payload)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_typescript_loader(ts_results: dict[str, dict[str, Any]], case: dict[str, Any]) -> None:
    result = ts_results[case["name"]]
    assert result["accepted"] == case["valid"], result
    if case["valid"]:
        assert result["roundTrip"], result
    else:
        assert result["pointer"] == case["pointer"], result
        assert result["message"].startswith("SchemaValidationError")


def test_tagged_union_builds_the_right_variant(order: ModuleType) -> None:
    base = json.loads(CASES[1]["json"])
    assert isinstance(order.Order.from_dict({**base, "payment": {"method": "card", "last4": "1"}}).payment, order.Card)
    assert isinstance(order.Order.from_dict({**base, "payment": {"method": "transfer", "iban": "1"}}).payment, order.Transfer)


def test_docs_pages_for_every_model(out: Path) -> None:
    pages = sorted(p.name for p in (out / "docs").glob("*.md"))
    assert pages == sorted(["Order.md", "Money.md", "OrderCustomer.md", "OrderCustomerAddress.md", "Line.md",
                            "Card.md", "Transfer.md", "OrderAudit.md", "OrderShipping.md", "OrderContact.md", "OrderLinked.md",
                            "Loose.md", "OrderStamped.md", "Stamp.md", "OrderEitherKey.md", "OrderSealed.md", "Shade.md",
                            "Batch.md", "OrderLooseNot.md", "OrderLooseShort.md", "index.md"])
    tokens = MarkdownIt("commonmark").enable("table").parse((out / "docs" / "Order.md").read_text("utf-8"))
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "[Line](Line.md)[]" in cells
    assert "[Card](Card.md) | [Transfer](Transfer.md)" in cells
    assert '"new" | "paid" | "shipped"' in cells


def _normal(value: Any) -> Any:
    """Date-times as instants, so "...00Z" and "...00.000Z" compare equal."""
    if isinstance(value, str) and len(value) >= 20 and value[10:11] in "Tt" and value[4:5] == "-":
        try:
            return datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00")).timestamp()
        except ValueError:
            return value
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value
