"""Validate JSON and NDJSON documents against a JSON Schema, exactly as ``jsonschema`` would, fast.

The library API the ``schemasmith validate`` command is a thin layer over::

    from schemasmith import Validator, validate_paths

    validator = Validator.from_path(Path("schema/session.schema.json"))
    validator.validate_document({"timestamp": "not-a-date"})   # -> [Issue(... pointer='/timestamp' ...)]
    Validator.from_path(Path("openapi.json"), model="Session")  # or Path("openapi.json#/components/schemas/Session")
    run = validate_paths([Path("logs/")], Path("schema/session.schema.json"), jobs=2)
    for issue in run: ...                                       # then run.summary.exit_code

Modules, one job each: documents (bytes -> JSON, one strict policy), json_types (a value's JSON
type), formats (the format checkers), validator (all of the below for one schema), strict
(--strict), schema_check / in_place (a schema refused before any document is read), local_refs
(a schema whose $refs stay within it, read without a registry); reference/ (jsonschema with our
formats and ECMA-262 patterns: the definition of a correct verdict); fast/ (compile: msgspec
Structs for flat record schemas, datetime_batch: date-times of a whole chunk at once, flat_errors:
the reference's errors for flat records, directly; rust_accept: jsonschema-rs accepting documents
for every other schema, typed_accept: msgspec Structs in front of it for nested schemas,
string_batch: their patterns and formats a chunk at a time; nested_errors: the reference's errors
for the common keywords, directly; pruned: the reference explaining a refused document, skipping
what jsonschema-rs finds valid); structured (YAML and TOML documents, with the line of each
pointer); job/ (sources, parallel, run: inputs, workers, a run; progress: the stderr progress line;
compressed, remote, streams, streamed_sources: .gz/.zst/.bz2/.xz and fsspec URLs read front to
back; quarantine and counts: --invalid-out and --summary; dask_engine: --engine dask; partition:
validate_lines/validate_range for other engines).
"""

from typing import TYPE_CHECKING, Any

from .documents import DocumentError, parse_document
from .issues import Issue, Tally
from .validator import Validator

if TYPE_CHECKING:
    from .reference.engine import reference_validator, validator_class_for


def __getattr__(name: str) -> Any:
    # jsonschema is imported only by whoever asks for the reference validator itself.
    if name in ("reference_validator", "validator_class_for"):
        from .reference import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DocumentError",
    "Issue",
    "Tally",
    "Validator",
    "parse_document",
    "reference_validator",
    "validator_class_for",
]
