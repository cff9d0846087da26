"""The reference validator: ``jsonschema`` with every format of the schema's draft enforced.

This is the definition of a correct verdict. The fast path must agree with it on every document
(tests/test_validate_fast_path.py proves it on generated payloads); it also produces every error
message the validator prints, so messages are the same whichever path found the document invalid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema.validators
from jsonschema.exceptions import ValidationError
from referencing import Registry

from ..drafts import draft_of_validator
from ..formats import format_checker_for
from ..pointer import pointer_from_parts
from .messages import type_list_message

DEFAULT_VALIDATOR: type[Any] = jsonschema.Draft202012Validator
SUPPORTED_VALIDATORS = (
    jsonschema.Draft4Validator,
    jsonschema.Draft6Validator,
    jsonschema.Draft7Validator,
    jsonschema.Draft201909Validator,
    jsonschema.Draft202012Validator,
)


def validator_class_for(schema: Any) -> type[Any]:
    """The draft a schema declares with ``$schema`` (2020-12 when it declares none)."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        found: type[Any] | None = jsonschema.validators.validator_for(schema, default=None)
        if found is not None:
            return found
    return DEFAULT_VALIDATOR


def reference_validator(schema: Any, registry: Registry | None = None) -> Any:
    """``jsonschema``'s validator for ``schema``'s draft, with all of that draft's formats checked.

    The formats follow generator.formats (the JSON-Schema-Test-Suite's reading of the RFCs).
    """
    validator_class = validator_class_for(schema)
    options: dict[str, Any] = {"format_checker": format_checker_for(draft_of_validator(validator_class))}
    if registry is not None:
        options["registry"] = registry
    return validator_class(schema, **options)


def schema_errors(validator: Any, document: Any) -> Iterator[tuple[str, str, str | None]]:
    """(pointer, message, keyword) for every error the reference validator finds in ``document``."""
    for error in validator.iter_errors(document):
        yield pointer_from_parts(error.absolute_path), _message(error), _keyword(error)


def _keyword(error: ValidationError) -> str | None:
    keyword = error.validator
    return keyword if isinstance(keyword, str) else None


def _message(error: ValidationError) -> str:
    # "x is not valid under any of the given schemas" hides the reason when every branch only
    # asks for a type (the nullable pattern `anyOf: [{type: string}, {type: null}]`): name the types.
    if error.validator in ("anyOf", "oneOf") and error.context:
        branch_errors = [e for e in error.context if not e.relative_path]
        if len(branch_errors) == len(error.context) and all(e.validator == "type" for e in branch_errors):
            return type_list_message(error.instance, [e.validator_value for e in branch_errors])
    return str(error.message)
