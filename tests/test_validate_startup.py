"""What `schemasmith validate` imports: start-up is most of a short run, so each module a run does
not need stays unimported (asserted on sys.modules in a fresh process, never by timing).

- the reference (``jsonschema``) only once a document is not accepted, and not even then where its
  errors are computed directly (a flat record; a nested 2020-12 schema of the common keywords);
- a flat record (the msgspec path) imports neither the jsonschema-rs accept stage nor the typed
  stage, nor ``referencing`` (--ref-dir's mappings live beside it);
- a schema whose ``$ref``s all point into itself builds no ``referencing`` registry: an all-valid
  file imports neither ``referencing`` nor the drafts' metaschemas (``jsonschema_specifications``);
- `validate` does not import the other commands' modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

FLAT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}},
}
NESTED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "items"],
    "properties": {
        "id": {"type": "string", "pattern": "^o_[0-9]{3}$"},
        "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        "pay": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    },
    "$defs": {"Item": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}},
}
VALID = {"flat": {"id": "a", "at": "2025-01-02T03:04:05Z"}, "nested": {"id": "o_123", "items": [{"sku": "x"}], "pay": 3}}
INVALID = {"flat": {"id": 1}, "nested": {"id": "o_123", "items": [{"sku": 1}]}}
REFERENCE = ("jsonschema", "schemasmith.validate.reference.engine")


def _imported_by_validate(tmp_path: Path, schema: object, documents: list[object]) -> tuple[set[str], str]:
    schema_path = tmp_path / "schema.json"
    schema_path.write_text(json.dumps(schema), "utf-8")
    data = tmp_path / "docs.ndjson"
    data.write_text("".join(json.dumps(document) + "\n" for document in documents), "utf-8")
    script = (
        "import sys\nfrom schemasmith.cli.main import main\n"
        f"try:\n    main(['validate', '--schema', {str(schema_path)!r}, {str(data)!r}])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    return set(result.stdout.splitlines()[-1].split()), result.stderr


@pytest.mark.parametrize("shape", ["flat", "nested"])
def test_an_all_valid_file_never_imports_the_reference(tmp_path: Path, shape: str) -> None:
    loaded, stderr = _imported_by_validate(tmp_path, FLAT if shape == "flat" else NESTED, [VALID[shape]] * 50)
    assert "all valid" in stderr  # the run happened
    assert not loaded & set(REFERENCE), sorted(loaded & set(REFERENCE))


@pytest.mark.parametrize("shape", ["flat", "nested"])
def test_an_invalid_document_is_explained_without_the_reference(tmp_path: Path, shape: str) -> None:
    # A flat record's messages come from fast/flat_errors.py, a nested 2020-12 schema's from
    # fast/nested_errors.py: neither imports jsonschema, nor (all $refs local) referencing.
    loaded, stderr = _imported_by_validate(tmp_path, FLAT if shape == "flat" else NESTED,
                                           [VALID[shape]] * 5 + [INVALID[shape]])
    assert "1 invalid" in stderr
    assert not loaded & {*REFERENCE, "referencing"}, sorted(loaded & {*REFERENCE, "referencing"})


def test_a_keyword_outside_the_direct_errors_is_explained_by_the_reference(tmp_path: Path) -> None:
    # The counterpart of the test above: the probe sees the import when it happens.
    schema = {**NESTED, "properties": {**NESTED["properties"], "tags": {"type": "array", "contains": {"type": "string"}}}}
    loaded, stderr = _imported_by_validate(tmp_path, schema, [VALID["nested"]] * 5 + [INVALID["nested"]])
    assert "1 invalid" in stderr
    assert set(REFERENCE) <= loaded


def test_a_flat_record_imports_no_other_engine(tmp_path: Path) -> None:
    loaded, stderr = _imported_by_validate(tmp_path, FLAT, [VALID["flat"]] * 50 + [INVALID["flat"]])
    assert "1 invalid" in stderr
    unexpected = {"referencing", "schemasmith.source.refs", "schemasmith.validate.fast.rust_accept",
                  "schemasmith.validate.fast.rust_lines", "schemasmith.validate.fast.typed_accept",
                  "schemasmith.validate.patterns", *REFERENCE} & loaded
    assert not unexpected, sorted(unexpected)


def test_validate_imports_no_other_command(tmp_path: Path) -> None:
    loaded, _ = _imported_by_validate(tmp_path, FLAT, [VALID["flat"]])
    assert "schemasmith.cli.validate_command" in loaded
    others = {"schemasmith.cli.conformance_command", "schemasmith.cli.diff_command", "schemasmith.cli.generate_command",
              "schemasmith.targets.registry"}
    assert not others & loaded, sorted(others & loaded)


REGISTRY = ("referencing", "jsonschema_specifications", "schemasmith.source.refs", "attrs")


def test_local_references_need_no_registry(tmp_path: Path) -> None:
    loaded, stderr = _imported_by_validate(tmp_path, NESTED, [VALID["nested"]] * 50)
    assert "all valid" in stderr
    assert "schemasmith.validate.fast.rust_accept" in loaded  # the nested accept path ran
    assert not loaded & set(REGISTRY), sorted(loaded & set(REGISTRY))


def test_a_reference_to_another_file_builds_the_registry(tmp_path: Path) -> None:
    # The counterpart of the test above: the probe sees the registry when one is needed.
    (tmp_path / "item.json").write_text(json.dumps(NESTED["$defs"]["Item"]), "utf-8")
    schema = {**NESTED, "properties": {**NESTED["properties"], "items": {"type": "array", "items": {"$ref": "item.json"}}}}
    loaded, stderr = _imported_by_validate(tmp_path, schema, [VALID["nested"]] * 50)
    assert "all valid" in stderr
    assert {"referencing", "schemasmith.source.refs"} <= loaded
