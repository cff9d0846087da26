"""The ``reference`` judge: jsonschema with every format of the schema's draft checked, on the
document as the project's one document policy (validate.documents) decodes it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..source.load import LoadedSchema
from ..source.pointer import pointer_from_parts
from ..source.refs import RefDirs
from ..validate import DocumentError, parse_document, reference_validator
from ..validate.schema_check import check_schema
from .verdicts import Payload, Verdict, shorten


def load_json_schema(schema_path: Path | str, ref_dirs: Sequence[str] = ()) -> LoadedSchema:
    """The schema document and its registry; SchemaSmithError (exit 2) when it is broken.
    ``schema_path`` may end in ``#/pointer`` (source/pick.py).

    ``ref_dirs`` are ``--ref-dir`` values (``[URI_PREFIX=]DIR``), as for generate and validate."""
    from ..source.pick import load_picked

    # FILE#/pointer: one schema of a larger document (an OpenAPI component), as validate reads it.
    loaded = load_picked(schema_path, RefDirs.parse(list(ref_dirs)) if ref_dirs else None)
    # every $ref resolves, every pattern compiles
    check_schema(loaded.document, loaded.registry, loaded.dialect.draft if loaded.dialect else None)
    return loaded



def reference_judge(
    schema_path: Path | str, payloads: Sequence[Payload], ref_dirs: Sequence[str] = ()
) -> tuple[list[Verdict], list[Any]]:
    """Verdicts of jsonschema (full format checking) and the decoded documents (None if not JSON)."""
    from ..validate.reference.engine import error_keyword

    loaded = load_json_schema(schema_path, ref_dirs)
    dialect = loaded.dialect
    validator = reference_validator(
        loaded.document,
        loaded.registry,
        draft=dialect.draft if dialect else None,
        ignored_keywords=dialect.ignored_keywords if dialect else frozenset(),
    )
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
                tuple(error_keyword(e) for e in errors),
                tuple(frozenset(str(part) for part in (*e.schema_path, e.validator)) for e in errors),
            )
        )
    return verdicts, documents


