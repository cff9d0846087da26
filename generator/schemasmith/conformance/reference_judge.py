"""The ``reference`` judge: jsonschema with every format of the schema's draft checked, on the
document as the project's one document policy (validate.documents) decodes it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import SchemaSmithError
from ..source.load import LoadedSchema, load_schema
from ..source.pointer import pointer_from_parts
from ..validate import DocumentError, parse_document, reference_validator
from ..validate.schema_check import check_schema
from .verdicts import Payload, Verdict, shorten


def load_json_schema(schema_path: Path) -> LoadedSchema:
    """The schema document and its registry; SchemaSmithError (exit 2) when it is broken."""
    loaded = load_schema(schema_path)
    if loaded.is_openapi:
        raise SchemaSmithError(
            "an OpenAPI document is not a schema to validate against; give one JSON Schema", file=str(schema_path)
        )
    check_schema(loaded.document, loaded.registry)  # every $ref resolves, every pattern compiles
    return loaded



def reference_judge(schema_path: Path, payloads: Sequence[Payload]) -> tuple[list[Verdict], list[Any]]:
    """Verdicts of jsonschema (full format checking) and the decoded documents (None if not JSON)."""
    loaded = load_json_schema(schema_path)
    validator = reference_validator(loaded.document, loaded.registry)
    verdicts: list[Verdict] = []
    documents: list[Any] = []
    for payload in payloads:
        try:
            document = parse_document(payload.data)
        except DocumentError as error:
            verdicts.append(Verdict(False, ("",), str(error), (None,)))
            documents.append(None)
            continue
        errors = list(validator.iter_errors(document))
        documents.append(document)
        verdicts.append(
            Verdict(
                not errors,
                tuple(pointer_from_parts(e.absolute_path) for e in errors),
                "; ".join(shorten(e.message, 200) for e in errors[:3]),
                tuple(e.validator if isinstance(e.validator, str) else None for e in errors),
            )
        )
    return verdicts, documents


