"""Which JSON Schema draft a schema is read as, by name, without importing jsonschema.

Validating against the canonical schema must not pay for importing jsonschema (most of the
start-up of a one-file run) when the fast path never needs it. The six drafts' own ``$schema``
URIs are answered from a table, with every spelling real files use for them (http or https, with
or without the empty fragment, and the old "latest" URI read as draft 7); schemas are rewritten to
the draft's own spelling when loaded (``with_canonical_dialect``), so jsonschema reads the same draft.
Any other spelling is left to jsonschema's ``validator_for``.
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
# Real files also write a draft's URI with the other scheme (http for 2019-09, https for draft 7):
# the same draft, so read as it, under the URI the draft itself uses (which jsonschema, referencing
# and jsonschema-rs all know).
_CANONICAL = {
    scheme + uri.split("://", 1)[1] + suffix: uri
    for uri in _DIALECTS
    for scheme in ("http://", "https://")
    for suffix in ("", "#")
}
# The old "latest" URI, retired with 2019-09: files that use it were written for draft 7 or older,
# so it is read as draft 7 (documented in README, "Dialects"), with a warning.
LATEST_URIS = frozenset(
    scheme + "json-schema.org/schema" + suffix for scheme in ("http://", "https://") for suffix in ("", "#")
)
LATEST_READ_AS = "http://json-schema.org/draft-07/schema#"


def canonical_dialect(dialect: str) -> str | None:
    """The URI the draft ``dialect`` names uses for itself, or None when it names no draft this way."""
    if dialect in _KNOWN_SPELLINGS:
        return dialect
    if dialect in LATEST_URIS:
        return LATEST_READ_AS
    return _CANONICAL.get(dialect)


def with_canonical_dialect(schema: Any) -> Any:
    """``schema`` with its ``$schema`` spelled as its draft spells it (a shallow copy when it differs),
    so every later reader (jsonschema, referencing, jsonschema-rs, the IR builder) reads the same draft."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$schema"), str):
        return schema
    canonical = canonical_dialect(schema["$schema"])
    if canonical is None or canonical == schema["$schema"]:
        return schema
    return {**schema, "$schema": canonical}

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
    canonical = canonical_dialect(schema["$schema"])
    if canonical is not None:
        return _KNOWN_SPELLINGS[canonical]
    from ..validate.reference.engine import validator_class_for

    return draft_of_validator(validator_class_for(schema))


def names_a_draft(dialect: str) -> bool:
    """Whether a ``$schema`` URI names one of the drafts (as ``referencing`` reads URIs)."""
    if canonical_dialect(dialect) is not None:
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
