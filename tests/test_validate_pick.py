"""`validate --schema FILE#/pointer` and `--model NAME`: one schema inside a larger document (issue 23).

The picked schema's references to its siblings resolve against the whole document; OpenAPI 3.0's
``nullable``, boolean ``exclusiveMinimum``/``exclusiveMaximum``, ``discriminator`` and ``x-``
extensions are read as ``generate`` reads them; a bad pointer or an unknown model is one line, exit 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import REPO
from schemasmith import Validator
from schemasmith.cli.main import main
from schemasmith.errors import SchemaSmithError

SESSIONS_API = REPO / "tests" / "schemas" / "sessions-api.openapi.json"
LEGACY_30 = REPO / "tests" / "schemas" / "legacy.openapi30.json"

ORDER_API_30: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "orders", "version": "1"},
    "paths": {},
    "components": {"schemas": {
        "Order": {
            "type": "object", "required": ["id", "lines", "payment"],
            # Free-form annotations no validator may read as schemas (a "pattern" that is no regex).
            "x-internal": {"pattern": "(("},
            "properties": {
                "id": {"type": "integer", "minimum": 0, "exclusiveMinimum": True, "example": {"pattern": "[["}},
                "note": {"type": "string", "nullable": True, "maxLength": 5},
                "customer": {"nullable": True, "type": "object",
                             "properties": {"address": {"$ref": "#/components/schemas/Address"}}},
                "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}, "minItems": 1},
                "payment": {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Cash"}],
                            "discriminator": {"propertyName": "kind"}},
                # A reference through a nullable schema: nullable moves its content one level down.
                "zip": {"$ref": "#/components/schemas/Address/properties/zip"},
            },
        },
        "Address": {"type": "object", "nullable": True, "properties": {"zip": {"type": "string", "pattern": "^\\d{5}$"}}},
        "Line": {"type": "object", "required": ["sku"],
                 "properties": {"sku": {"type": "string"},
                                "qty": {"type": "integer", "maximum": 10, "exclusiveMaximum": True}}},
        "Card": {"type": "object", "required": ["kind", "number"],
                 "properties": {"kind": {"type": "string", "enum": ["card"]}, "number": {"type": "string"}}},
        "Cash": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["cash"]}}},
    }},
}

# The same Order written as a 2020-12 JSON Schema document, by hand: what 3.0 means.
ORDER_2020: dict[str, Any] = {
    "$defs": {
        "Address": {"anyOf": [{"type": "object", "properties": {"zip": {"type": "string", "pattern": "^\\d{5}$"}}},
                              {"type": "null"}]},
        "Line": {"type": "object", "required": ["sku"],
                 "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "exclusiveMaximum": 10}}},
        "Card": ORDER_API_30["components"]["schemas"]["Card"],
        "Cash": ORDER_API_30["components"]["schemas"]["Cash"],
    },
    "type": "object", "required": ["id", "lines", "payment"],
    "properties": {
        "id": {"type": "integer", "exclusiveMinimum": 0},
        "note": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}]},
        "customer": {"anyOf": [{"type": "object", "properties": {"address": {"$ref": "#/$defs/Address"}}},
                               {"type": "null"}]},
        "lines": {"type": "array", "items": {"$ref": "#/$defs/Line"}, "minItems": 1},
        "payment": {"oneOf": [{"$ref": "#/$defs/Card"}, {"$ref": "#/$defs/Cash"}]},
        "zip": {"type": "string", "pattern": "^\\d{5}$"},
    },
}

ORDERS = [
    {"id": 1, "lines": [{"sku": "a", "qty": 9}], "payment": {"kind": "cash"}, "note": None, "customer": None},
    {"id": 0, "lines": [{"sku": "a", "qty": 10}], "payment": {"kind": "card"}, "note": "toolong",
     "customer": {"address": None}},
    {"id": 2, "lines": [], "payment": {"kind": "cash"}, "customer": {"address": {"zip": "1234"}}, "zip": "١٢٣٤٥"},
    {"id": 3, "lines": [{"sku": "b"}], "payment": {"kind": "card", "number": "4"}, "customer": {"address": {"zip": "12345"}},
     "zip": "12345", "note": "ok"},
    {"id": 1.5, "lines": [{}], "payment": {"kind": "cheque"}, "customer": 3, "zip": None},
]


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_an_openapi_component_by_model_and_by_pointer(tmp_path: Path) -> None:
    documents = [
        {"timestamp": "2025-09-25T22:48:13.771Z"},
        {"timestamp": "yesterday", "duration": "long"},
        {},
    ]
    data = tmp_path / "sessions.ndjson"
    data.write_text("".join(json.dumps(d) + "\n" for d in documents))
    # The component written out as a schema file of its own: the same issues, line for line.
    alone = write_json(tmp_path / "session.json", json.loads(SESSIONS_API.read_text())["components"]["schemas"]["Session"])
    expected = cli("--schema", str(alone), str(data))
    assert expected.exit_code == 1
    by_model = cli("--schema", str(SESSIONS_API), "--model", "Session", str(data))
    by_pointer = cli("--schema", f"{SESSIONS_API}#/components/schemas/Session", str(data))
    assert by_model.exit_code == by_pointer.exit_code == 1
    assert by_model.stdout == by_pointer.stdout == expected.stdout
    # A component without references is validated as itself: the flat record keeps its fast path.
    assert Validator.from_path(SESSIONS_API, model="Session").accept_path == "msgspec"


def test_references_to_sibling_components_resolve_against_the_whole_document(tmp_path: Path) -> None:
    validator = Validator.from_path(Path(f"{SESSIONS_API}#/components/schemas/Conversation"))
    assert validator.accept_path == "jsonschema-rs"
    # The explanation skips what jsonschema-rs finds valid, as for any schema file (fast/pruned.py).
    assert validator._pruned_reference is not None
    reference = Validator.from_path(SESSIONS_API, model="Conversation", fast_path=False)
    good = {"id": "0b7f2c1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f", "created_at": "2025-01-01T00:00:00Z",
            "sessions": [{"timestamp": "2025-09-25T22:48:13.771Z"}]}
    bad = {**good, "sessions": [{"timestamp": "not a date"}], "id": 7}
    assert validator.errors(good) == reference.errors(good)
    assert validator.errors(bad) == reference.errors(bad)
    assert ("/sessions/0/timestamp", "'not a date' is not a 'date-time'", "format") in validator.errors(bad)


def test_openapi_30_is_read_as_generate_reads_it(tmp_path: Path) -> None:
    api = write_json(tmp_path / "orders.openapi.json", ORDER_API_30)
    plain = write_json(tmp_path / "order.schema.json", ORDER_2020)
    picked = Validator.from_path(api, model="Order")
    assert picked.accept_path == "jsonschema-rs"
    by_hand = Validator.from_path(plain, fast_path=False)
    for document in ORDERS:
        assert picked.errors(document) == by_hand.errors(document), document
    assert picked.errors(ORDERS[0]) == [] and picked.errors(ORDERS[3]) == []
    assert {keyword for _, _, keyword in picked.errors(ORDERS[1])} >= {"exclusiveMinimum", "exclusiveMaximum", "anyOf"}
    data = tmp_path / "orders.ndjson"
    data.write_text("".join(json.dumps(d) + "\n" for d in ORDERS))
    fast = cli("--schema", str(api), "--model", "Order", "--format", "json", str(data))
    slow = cli("--schema", f"{api}#/components/schemas/Order", "--no-fast-path", "--format", "json", str(data))
    assert fast.exit_code == slow.exit_code == 1
    assert fast.stdout == slow.stdout
    assert {record["line"] for record in map(json.loads, fast.stdout.splitlines())} == {2, 3, 5}


def test_the_legacy_30_document_nullable_ref(tmp_path: Path) -> None:
    validator = Validator.from_path(LEGACY_30, model="Call")
    assert validator.errors({"id": "a", "duration": None, "agent": None, "direction": None}) == []
    assert validator.errors({"id": "a", "duration": 1, "agent": {"name": "x"}}) == []
    assert [k for _, _, k in validator.errors({"id": "a", "duration": 1, "agent": {}})] == ["anyOf"]
    assert [k for _, _, k in validator.errors({"id": "a"})] == ["required"]


def test_json_schema_defs_by_pointer_and_model(tmp_path: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        # The root's own assertions must not apply to a picked definition.
        "type": "object", "required": ["turns"],
        "properties": {"turns": {"type": "array", "items": {"$ref": "#/$defs/Turn"}}},
        "$defs": {
            "Turn": {"type": "object", "required": ["role"], "properties": {
                "role": {"enum": ["user", "assistant"]},
                "content": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/$defs/Part"}}]}}},
            "Part": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "text"}}},
            "a/b~c d": {"type": "integer"},
            "ünï": {"type": "string"},
        },
    }
    path = write_json(tmp_path / "chat.schema.json", schema)
    turn = Validator.from_path(Path(f"{path}#/$defs/Turn"))
    assert turn.errors({"role": "user", "content": [{"kind": "text"}]}) == []
    assert [k for _, _, k in turn.errors({"role": "user", "content": [{}]})] == ["oneOf"]
    assert Validator.from_path(path, model="Turn").errors({"role": "x"}) == [("/role", "'x' is not one of ['user', 'assistant']", "enum")]
    # Percent-decoding, then ~1 for "/" and ~0 for "~" (RFC 6901 section 6).
    odd = Validator.from_path(Path(f"{path}#/$defs/a~1b~0c%20d"))
    assert odd.errors(3) == [] and [k for _, _, k in odd.errors("3")] == ["type"]
    assert Validator.from_path(Path(f"{path}#/$defs/%C3%BCn%C3%AF")).errors(3) != []
    # A pointer through one of the root's own keywords: the keyword does not apply to the instance.
    items = Validator.from_path(Path(f"{path}#/properties/turns/items"))
    assert items.errors({"role": "user"}) == []
    assert [k for _, _, k in items.errors({"role": 1})] == ["enum"]
    # The whole document by the empty pointer.
    assert [k for _, _, k in Validator.from_path(Path(f"{path}#")).errors({})] == ["required"]


@pytest.mark.parametrize(
    ("schema_arguments", "expected"),
    [
        (["--model", "Sesion"], "no model 'Sesion' in components/schemas; known: Session, SessionList, "),
        (["#/components/schemas/Sesion"], "at #/components/schemas/Sesion: no schema at this pointer: "
                                          "#/components/schemas has no 'Sesion' (it has: Session, "),
        (["#/components/schemas"], None),  # a map of schemas is an object: judged by the metaschema below
        (["#/info/title"], "at #/info/title: not a schema: the value at this pointer is a str"),
        (["#components"], "no schema with the anchor 'components' (#components names an $anchor); it has no anchors"),
        (["#components/schemas"], "#components/schemas is neither a JSON Pointer (one starts with /"),
        (["#/components/schemas/Session", "--model", "Session"], "give the schema by a #/pointer or by --model, not both"),
        ([], "an OpenAPI document is not one schema to validate against: pick one of its components with "
             "--model Session or --schema "),
        (["#/components/schemas/%FF"], "is not a JSON Pointer: its percent-encoding is not UTF-8"),
        (["#/components/schemas/a~2"], "not a JSON Pointer: '~' must be followed by 0 or 1"),
    ],
)
def test_bad_picks_are_one_line_exit_2(tmp_path: Path, schema_arguments: list[str], expected: str | None) -> None:
    data = write_json(tmp_path / "one.json", {})
    schema = str(SESSIONS_API)
    options: list[str] = []
    for argument in schema_arguments:
        if argument.startswith("#"):
            schema += argument
        else:
            options.append(argument)
    completed = subprocess.run(
        [sys.executable, "-m", "schemasmith", "validate", "--schema", schema, *options, str(data)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    if expected is None:
        assert completed.returncode in (0, 1), completed.stderr
        return
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"schemasmith: error: {SESSIONS_API}")
    assert expected in lines[0]


def test_an_unknown_defs_model_lists_the_known_names(tmp_path: Path) -> None:
    path = write_json(tmp_path / "s.json", {"definitions": {"A": {}, "B": {}}, "$defs": {"C": {}}})
    with pytest.raises(SchemaSmithError, match=r"no model 'D' in \$defs or definitions; known: C, A, B"):
        Validator.from_path(path, model="D")
    with pytest.raises(SchemaSmithError, match="it has no \\$defs or definitions"):
        Validator.from_path(write_json(tmp_path / "t.json", {"type": "object"}), model="D")


def test_jobs_rebuild_the_picked_schema_in_each_worker(tmp_path: Path) -> None:
    api = write_json(tmp_path / "orders.openapi.json", ORDER_API_30)
    data = tmp_path / "orders.ndjson"
    data.write_text("".join(json.dumps(d) + "\n" for d in ORDERS * 200))
    one = cli("--schema", str(api), "--model", "Order", "--jobs", "1", str(data))
    two = cli("--schema", str(api), "--model", "Order", "--jobs", "2", str(data))
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stdout.count("\n") > 600


def test_conformance_judges_a_picked_component(tmp_path: Path) -> None:
    from schemasmith.conformance.check import run
    from schemasmith.conformance.verdicts import Payload

    api = write_json(tmp_path / "orders.openapi.json", ORDER_API_30)
    payloads = [Payload(f"order {i}", json.dumps(d).encode()) for i, d in enumerate(ORDERS)]
    for schema_path in (Path(f"{api}#/components/schemas/Order"), Path(f"{api}#/components/schemas/Line")):
        report = run(schema_path, payloads, typescript=False)
        assert report.judges[:3] == ("reference", "cli", "python"), report
        assert not report.broken and not any(o.failing for o in report.outcomes), report
        valid = [o.verdicts["reference"].valid for o in report.outcomes]
        if schema_path.name.endswith("Order"):
            assert valid == [True, False, False, True, False]
        else:  # every order lacks a sku at the top: a Line is judged, not an Order
            assert valid == [False] * len(ORDERS)
        # The CLI judge validated against the same component (its verdicts agree with the reference's).
        assert [o.verdicts["cli"].valid for o in report.outcomes] == valid


def test_conformance_model_and_bad_picks_from_the_command_line(tmp_path: Path) -> None:
    api = write_json(tmp_path / "orders.openapi.json", ORDER_API_30)
    data = tmp_path / "orders.ndjson"
    data.write_text("".join(json.dumps(d) + "\n" for d in ORDERS))
    runner = CliRunner()
    unknown = runner.invoke(main, ["conformance", "--schema", str(api), "--model", "Ordr", str(data)])
    assert unknown.exit_code == 2 and "no model 'Ordr' in components/schemas; known: Order, Address" in unknown.stderr
    inner = runner.invoke(main, ["conformance", "--schema", f"{api}#/components/schemas/Order/properties/note", str(data)])
    assert inner.exit_code == 2 and "no generated model or named type for the schema at this pointer" in inner.stderr
    whole = runner.invoke(main, ["conformance", "--schema", str(api), str(data)])
    assert whole.exit_code == 2 and "pick one of its components with --model Order" in whole.stderr


def test_validate_and_the_generated_loaders_read_openapi_30_alike(tmp_path: Path) -> None:
    """`nullable`, boolean exclusive bounds and `discriminator` as `generate` reads them: on orders
    one or two steps from valid, the reference, `validate` and the generated Python agree."""
    import random

    from schemasmith.conformance.check import run
    from schemasmith.conformance.verdicts import Payload

    api = write_json(tmp_path / "orders.openapi.json", ORDER_API_30)
    rng = random.Random(23)
    edits: list[tuple[str, Any]] = [
        ("note", None), ("note", "123456"), ("note", 5), ("customer", None), ("customer", {"address": None}),
        ("customer", {"address": {"zip": None}}), ("customer", {"address": {"zip": "1234"}}), ("id", 0), ("id", 1),
        ("id", None), ("lines", [{"sku": "a", "qty": 10}]), ("lines", [{"sku": "a", "qty": 9}]), ("lines", []),
        ("payment", {"kind": "card"}), ("payment", {"kind": "cash", "number": "4"}), ("payment", None), ("zip", None),
    ]
    documents = []
    for _ in range(40):
        document = json.loads(json.dumps(rng.choice([ORDERS[0], ORDERS[3]])))
        for name, value in rng.sample(edits, rng.randint(0, 2)):
            document[name] = value
        documents.append(document)
    payloads = [Payload(f"order {i}", json.dumps(d).encode()) for i, d in enumerate(documents)]
    report = run(Path(f"{api}#/components/schemas/Order"), payloads, typescript=False)
    assert not report.broken and not [o.payload.name for o in report.outcomes if o.failing], report
    verdicts = [o.verdicts["reference"].valid for o in report.outcomes]
    assert any(verdicts) and not all(verdicts)


def test_empty_pointer_tokens_survive_the_command_line(tmp_path: Path) -> None:
    """`#/$defs/` names the definition called "" and `#/$defs/a//b`… keeps its empty token: the
    argument is not read as a file path, which would fold "//" and drop a trailing "/"."""
    path = write_json(tmp_path / "s.json", {"$defs": {"": {"type": "integer"}, "a": {"": {"": {"type": "string"}}}},
                                            "type": "object"})
    data = tmp_path / "d.ndjson"
    data.write_text('"x"\n3\n')
    empty = cli("--schema", f"{path}#/$defs/", str(data))
    assert empty.exit_code == 1 and empty.stdout == f"{data}:1 at #: 'x' is not of type 'integer' [type]\n"
    nested = cli("--schema", f"{path}#/$defs/a//", "--jobs", "2", str(data))
    assert nested.exit_code == 1 and nested.stdout == f"{data}:2 at #: 3 is not of type 'string' [type]\n"


def test_openapi_31_annotations_are_not_read_as_schemas(tmp_path: Path) -> None:
    """`example`, `x-` extensions and `discriminator` hold free-form values (here a `$ref` that leads
    nowhere and patterns that are no regular expressions): they assert nothing, so the document is
    not broken; properties and components *named* like them are kept."""
    api = write_json(tmp_path / "api.json", {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "Thing": {"type": "object", "required": ["x-id", "example"],
                      "x-meta": {"$ref": "#/nowhere", "pattern": "(("}, "example": {"pattern": "[["},
                      "properties": {"x-id": {"type": "integer"}, "example": {"$ref": "#/components/schemas/x-Part"}},
                      "dependentRequired": {"x-id": ["example"]}},
            "x-Part": {"type": "string", "x-note": {"$ref": "#/also/nowhere"}},
        }},
    })
    thing = Validator.from_path(api, model="Thing")
    assert thing.accept_path == "jsonschema-rs"
    assert thing.errors({"x-id": 1, "example": "s"}) == []
    assert thing.errors({"x-id": "1", "example": 2}) == [
        ("/x-id", "'1' is not of type 'integer'", "type"), ("/example", "2 is not of type 'string'", "type")]
    assert [k for _, _, k in thing.errors({"x-id": 1})] == ["required", "dependentRequired"]
    assert Validator.from_path(api, model="x-Part").errors(3) == [("", "3 is not of type 'string'", "type")]


_PICKED: dict[str, Validator] = {}


def _picked(tmp_path_factory: Any, fast: bool) -> Validator:
    key = "fast" if fast else "reference"
    if key not in _PICKED:
        api = write_json(tmp_path_factory.mktemp("picked") / "orders.openapi.json", ORDER_API_30)
        _PICKED[key] = Validator.from_path(api, model="Order", fast_path=fast)
    return _PICKED[key]


def test_a_picked_openapi_30_component_fast_and_reference_agree(tmp_path_factory: Any) -> None:
    """Hypothesis mutations of valid orders (as per construct in test_validate_constructs_differential):
    the jsonschema-rs path through the picked root and the reference give equal issues, best
    matches included."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from test_validate_constructs_differential import near

    fast, reference = _picked(tmp_path_factory, True), _picked(tmp_path_factory, False)
    assert fast.accept_path == "jsonschema-rs"

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(near([ORDERS[0], ORDERS[3]]), min_size=1, max_size=6))
    def agree(documents: list[Any]) -> None:
        chunk = b"\n".join(json.dumps(d, ensure_ascii=False).encode() for d in documents) + b"\n"
        assert fast.validate_ndjson(chunk, "f") == reference.validate_ndjson(chunk, "f")
        for document in documents:
            assert fast.validate_document(document) == reference.validate_document(document)

    agree()


def test_a_draft_07_definition_keeps_the_roots_id(tmp_path: Path) -> None:
    """Up to draft 7 a `$ref` hides the `$id` beside it: the picked definition is applied through
    `allOf`, so references by the root's own `$id` still resolve, and the root's `type` does not apply."""
    path = write_json(tmp_path / "d7.json", {
        "$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://example.com/schemas/d7.json",
        "type": "string",
        "definitions": {"A": {"type": "object", "properties": {
            "b": {"$ref": "#/definitions/B"}, "c": {"$ref": "https://example.com/schemas/d7.json#/definitions/B"}}},
                        "B": {"type": "integer"}},
    })
    for fast in (True, False):
        validator = Validator.from_path(Path(f"{path}#/definitions/A"), fast_path=fast)
        assert validator.errors({"b": 1, "c": 2}) == []
        assert validator.errors({"b": "x", "c": "y"}) == [
            ("/b", "'x' is not of type 'integer'", "type"), ("/c", "'y' is not of type 'integer'", "type")]


def test_an_anchor_names_a_schema_too(tmp_path: Path) -> None:
    """`schema.json#Turn`: a plain-name fragment is the schema with `$anchor: Turn` (or, up to draft 7,
    `$id: "#Turn"`), in the document's own resource."""
    path = write_json(tmp_path / "chat.json", {
        "type": "string",
        "$defs": {"Turn": {"$anchor": "Turn", "type": "object", "required": ["role"],
                           "properties": {"role": {"$ref": "#Role"}}},
                  "Role": {"$anchor": "Role", "enum": ["user", "assistant"]},
                  "Other": {"$id": "https://example.com/other.json", "$defs": {"X": {"$anchor": "Hidden"}}}},
    })
    turn = Validator.from_path(Path(f"{path}#Turn"))
    assert turn.errors({"role": "user"}) == []
    assert turn.errors({"role": "x"}) == [("/role", "'x' is not one of ['user', 'assistant']", "enum")]
    with pytest.raises(SchemaSmithError, match="no schema with the anchor 'Hidden'.*anchors: Turn, Role"):
        Validator.from_path(Path(f"{path}#Hidden"))
    draft7 = write_json(tmp_path / "d7.json", {"$schema": "http://json-schema.org/draft-07/schema#",
                                               "definitions": {"A": {"$id": "#A", "type": "integer"}}})
    assert [k for _, _, k in Validator.from_path(Path(f"{draft7}#A")).errors("1")] == ["type"]
