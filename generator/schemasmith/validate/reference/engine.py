"""The reference validator: ``jsonschema`` with every format of the schema's draft enforced.

This is the definition of a correct verdict. The fast path must agree with it on every document
(tests/test_validate_fast_path.py proves it on generated payloads); it also produces every error
message the validator prints, so messages are the same whichever path found the document invalid.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jsonschema
import jsonschema.validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry

from ...source.drafts import draft_of_validator
from ..formats import format_checker_for
from ...source.pointer import pointer_from_parts
from .jsonschema_patterns import with_ecma_patterns
from .keywords import FALSE_SCHEMA_KEYWORD, keep_false_schema_paths, with_suite_keywords
from ..issues import BestMatch
from ..messages import type_list_message, with_shape

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


_CLASS_BY_DRAFT = {
    "draft3": jsonschema.Draft3Validator,
    "draft4": jsonschema.Draft4Validator,
    "draft6": jsonschema.Draft6Validator,
    "draft7": jsonschema.Draft7Validator,
    "draft2019-09": jsonschema.Draft201909Validator,
    "draft2020-12": jsonschema.Draft202012Validator,
}


def reference_validator(
    schema: Any,
    registry: Registry | None = None,
    *,
    draft: str | None = None,
    annotate_formats: bool = False,
    ignored_keywords: frozenset[str] = frozenset(),
    base_uri: str = "",
) -> Any:
    """``jsonschema``'s validator for ``schema``'s draft, with all of that draft's formats checked.

    The formats follow schemasmith.validate.formats (the JSON-Schema-Test-Suite's reading of the RFCs);
    regular expressions are ECMA-262, matched in bounded time (patterns.py); the keywords jsonschema
    gets wrong are keywords.py's. ``draft`` overrides the one ``$schema`` names (a custom dialect's
    metaschema names its draft); ``annotate_formats`` makes ``format`` an annotation, as 2020-12
    says by default; ``ignored_keywords`` are those the dialect's vocabularies leave out;
    ``base_uri`` is the schema file's URI, where ``registry`` holds it (source.refs.build_registry),
    so that a relative ``$ref`` resolves beside the file.
    """
    validator_class, options = reference_class_and_options(
        schema, registry, draft=draft, annotate_formats=annotate_formats, ignored_keywords=ignored_keywords,
        base_uri=base_uri,
    )
    return validator_class(schema, **options)


def reference_class_and_options(
    schema: Any,
    registry: Registry | None = None,
    *,
    draft: str | None = None,
    annotate_formats: bool = False,
    ignored_keywords: frozenset[str] = frozenset(),
    base_uri: str = "",
) -> tuple[type[Any], dict[str, Any]]:
    """The class and keyword arguments ``reference_validator`` builds its validator with."""
    validator_class: type[Any] = validator_class_for(schema) if draft is None else _CLASS_BY_DRAFT[draft]
    draft = draft or draft_of_validator(validator_class)
    options: dict[str, Any] = {"format_checker": None if annotate_formats else format_checker_for(draft)}
    if registry is not None:
        options["registry"] = registry
        if base_uri:
            options["_resolver"] = _resolver_at(registry, base_uri, schema, draft)
    return _reference_class(validator_class, draft, ignored_keywords), options


def _resolver_at(registry: Registry, base_uri: str, schema: Any, draft: str) -> Any:
    """What jsonschema would build from ``registry`` (plus the drafts' metaschemas), rooted at the
    schema's file rather than at an anonymous document."""
    from jsonschema_specifications import REGISTRY as METASCHEMAS
    from referencing.jsonschema import specification_with

    from ...source.drafts import DRAFT_DIALECTS
    from ...source.refs import registry_with_root

    root = specification_with(DRAFT_DIALECTS[draft]).create_resource(schema)
    known, uri = registry_with_root(METASCHEMAS.combine(registry), base_uri, root)
    return known.resolver(uri)


_REFERENCE_CLASSES: dict[tuple[type[Any], str, frozenset[str]], type[Any]] = {}


def _reference_class(validator_class: type[Any], draft: str, ignored_keywords: frozenset[str]) -> type[Any]:
    """jsonschema's class for the draft with our keywords (made once per draft and vocabularies)."""
    key = (validator_class, draft, ignored_keywords)
    if key not in _REFERENCE_CLASSES:
        extended: type[Any] = jsonschema.validators.extend(
            with_ecma_patterns(with_suite_keywords(validator_class, draft)), {}
        )
        for keyword in ignored_keywords:
            extended.VALIDATORS.pop(keyword, None)  # extend gave this class its own dict
        keep_false_schema_paths(extended)
        _REFERENCE_CLASSES[key] = extended
    return _REFERENCE_CLASSES[key]


# jsonschema spends ~4 to 8 stack frames per level of a document and per in-place $ref: a
# document MAX_DEPTH (256) levels deep against a recursive schema, or a chain of
# MAX_IN_PLACE_CHAIN $refs, needs more than Python's default 1,000. 12,000 frames of jsonschema
# stay far inside the main thread's 8 MB C stack (it overflowed near 25,000, measured).
REFERENCE_RECURSION_LIMIT = 12_000


def schema_errors(validator: Any, document: Any) -> Iterator[tuple[str, str, str | None]]:
    """(pointer, message, keyword) for every error the reference validator finds in ``document``."""
    for pointer, message, keyword, _ in explained_errors(validator, document):
        yield pointer, message, keyword


def explained_errors(validator: Any, document: Any) -> Iterator[tuple[str, str, str | None, BestMatch | None]]:
    """``schema_errors``, each with its best match (``best_match_of``)."""
    with _recursion_room():
        errors = list(validator.iter_errors(document))
    for error in errors:
        yield pointer_from_parts(error.absolute_path), _message(error), error_keyword(error), best_match_of(error)


def best_match_of(error: ValidationError) -> BestMatch | None:
    """For an error with alternatives (``anyOf``, ``oneOf``: its ``context`` holds each branch's
    errors), the deepest error of the branch that came closest, by jsonschema's ``best_match`` rule
    (deeper first, then not ``anyOf``/``oneOf``, then one whose schema's ``type`` the value has),
    which check-jsonschema shows too. None when the error has no context, or when no branch error
    ranks above the others (every branch only wants another type: the message names them)."""
    if not error.context:
        return None
    best = best_match([error])
    if best is None or best is error:
        return None
    return pointer_from_parts(best.absolute_path), _message(best), error_keyword(best)


@contextmanager
def _recursion_room() -> Iterator[None]:
    # Only on the main thread, whose stack size is known (another thread's may be far smaller);
    # elsewhere a deep document ends in the validator's "nested too deeply to validate".
    previous = sys.getrecursionlimit()
    raise_it = previous < REFERENCE_RECURSION_LIMIT and threading.current_thread() is threading.main_thread()
    if raise_it:
        sys.setrecursionlimit(REFERENCE_RECURSION_LIMIT)
    try:
        yield
    finally:
        if raise_it:
            sys.setrecursionlimit(previous)


def error_keyword(error: ValidationError) -> str | None:
    """The keyword an error is reported under ("false" for a ``false`` subschema)."""
    keyword = error.validator
    if error.schema is False and keyword is None:
        return FALSE_SCHEMA_KEYWORD  # None is kept for "not JSON at all"
    return keyword if isinstance(keyword, str) else None


def _message(error: ValidationError) -> str:
    # "x is not valid under any of the given schemas" hides the reason when every branch only
    # asks for a type (the nullable pattern `anyOf: [{type: string}, {type: null}]`): name the types.
    if error.validator in ("anyOf", "oneOf") and error.context:
        branch_errors = [e for e in error.context if not e.relative_path]
        if len(branch_errors) == len(error.context) and all(e.validator == "type" for e in branch_errors):
            return type_list_message(error.instance, [e.validator_value for e in branch_errors])
    return with_shape(str(error.message), error.instance)
