"""Which JSON Schema draft a schema is read as, by name, without importing jsonschema.

Validating against the canonical schema must not pay for importing jsonschema (most of the
start-up of a one-file run) when the fast path never needs it. The six drafts' own ``$schema``
URIs are answered from a table; any other spelling is left to jsonschema's ``validator_for``, so
the answer is always the reference validator's (tests/test_validate.py compares the two).
"""

from __future__ import annotations

from typing import Any

DEFAULT_DRAFT = "draft2020-12"

_DIALECTS = {
    "http://json-schema.org/draft-03/schema": "draft3",
    "http://json-schema.org/draft-04/schema": "draft4",
    "http://json-schema.org/draft-06/schema": "draft6",
    "http://json-schema.org/draft-07/schema": "draft7",
    "https://json-schema.org/draft/2019-09/schema": "draft2019-09",
    "https://json-schema.org/draft/2020-12/schema": "draft2020-12",
}
DRAFT_DIALECTS = {draft: uri for uri, draft in _DIALECTS.items()}
# Each URI as the drafts themselves write it (draft 7 and older end theirs with an empty fragment).
_KNOWN_SPELLINGS = {uri + suffix: draft for uri, draft in _DIALECTS.items() for suffix in ("", "#")}

# jsonschema's validator class names, by draft.
_VALIDATOR_NAMES = {
    "Draft3Validator": "draft3",
    "Draft4Validator": "draft4",
    "Draft6Validator": "draft6",
    "Draft7Validator": "draft7",
    "Draft201909Validator": "draft2019-09",
    "Draft202012Validator": "draft2020-12",
}


def draft_of(schema: Any) -> str:
    """The draft ``schema`` declares with ``$schema``; 2020-12 when it declares none (or no known one)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$schema"), str):
        return DEFAULT_DRAFT
    known = _KNOWN_SPELLINGS.get(schema["$schema"])
    if known is not None:
        return known
    from ..validate.reference.engine import validator_class_for

    return draft_of_validator(validator_class_for(schema))


def names_a_draft(dialect: str) -> bool:
    """Whether a ``$schema`` URI names one of the drafts (as ``referencing`` reads URIs)."""
    if dialect in _KNOWN_SPELLINGS:
        return True
    from referencing.jsonschema import UnknownDialect, specification_with

    try:
        specification_with(dialect)
    except UnknownDialect:
        return False
    return True


def draft_of_validator(validator_class: type[Any]) -> str:
    """The draft of one of jsonschema's validator classes (2020-12 for any other class)."""
    return _VALIDATOR_NAMES.get(validator_class.__name__, DEFAULT_DRAFT)
