"""The reference validator: ``jsonschema`` with every format of the schema's draft enforced.

This is the definition of a correct verdict. The fast path must agree with it on every document
(tests/test_validate_fast_path.py proves it on generated payloads); it also produces every error
message the validator prints, so messages are the same whichever path found the document invalid.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jsonschema
import jsonschema.validators
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012, specification_with
from jsonschema_specifications import REGISTRY as METASCHEMAS

from ..formats import format_checker_for
from ..pointer import pointer_from_parts
from .in_place import check_in_place
from .jsonschema_patterns import with_ecma_patterns
from .patterns import PatternError, compile_pattern

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
    if isinstance(schema, dict) and "$schema" in schema:
        found: type[Any] | None = jsonschema.validators.validator_for(schema, default=None)
        if found is not None:
            return found
    return DEFAULT_VALIDATOR


def reference_validator(schema: Any, registry: Registry | None = None) -> Any:
    """``jsonschema``'s validator for ``schema``'s draft, with all of that draft's formats checked.

    The formats follow generator.formats (the JSON-Schema-Test-Suite's reading of the RFCs);
    regular expressions are ECMA-262, matched in bounded time (patterns.py).
    """
    validator_class = validator_class_for(schema)
    options: dict[str, Any] = {"format_checker": format_checker_for(validator_class)}
    if registry is not None:
        options["registry"] = registry
    return with_ecma_patterns(validator_class)(schema, **options)


# Keywords whose values are data, not schemas: a "$ref" inside them is not a reference.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})


def check_schema(schema: Any, registry: Registry | None = None) -> None:
    """Resolve every ``$ref`` and compile every ``pattern`` of ``schema`` now, so a dangling
    reference or a bad regular expression (or one that cannot be matched in bounded time) is a
    broken schema (exit 2) before any document is read, not a surprise halfway through a log."""
    from ..errors import SchemaSmithError

    subschemas: list[tuple[Any, Any, str]] = []

    def walk(node: Any, resolver: Any, pointer: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, resolver, f"{pointer}/{index}")
            return
        if not isinstance(node, dict):
            return
        subschemas.append((node, resolver, pointer))
        if isinstance(node.get("$id"), str):
            resolver = resolver.in_subresource(resolver_specification.create_resource(node))
        patterns = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        if isinstance(node.get("patternProperties"), dict):
            patterns += list(node["patternProperties"])
        for pattern in patterns:
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                raise SchemaSmithError(f"broken schema: {exc}", pointer=pointer) from None
        reference = node.get("$ref")
        if isinstance(reference, str):
            try:
                resolver.lookup(reference)
            except Unresolvable:
                raise SchemaSmithError(
                    f"broken schema: cannot resolve $ref {reference!r}", pointer=f"{pointer}/$ref"
                ) from None
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                walk(value, resolver, f"{pointer}/{key}")

    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    resolver_specification = specification_with(dialect, default=DRAFT202012) if dialect else DRAFT202012
    # As jsonschema resolves: the given registry plus the drafts' metaschemas, rooted at the schema.
    known = (registry or Registry()).combine(METASCHEMAS)
    walk(schema, known.resolver_with_root(resolver_specification.create_resource(schema)), "")
    check_in_place(subschemas, resolver_specification)


# jsonschema spends ~4 to 8 stack frames per level of a document and per in-place $ref: a
# document MAX_DEPTH (256) levels deep against a recursive schema, or a chain of
# MAX_IN_PLACE_CHAIN $refs, needs more than Python's default 1,000. 12,000 frames of jsonschema
# stay far inside the main thread's 8 MB C stack (it overflowed near 25,000, measured).
REFERENCE_RECURSION_LIMIT = 12_000


def schema_errors(validator: Any, document: Any) -> Iterator[tuple[str, str, str | None]]:
    """(pointer, message, keyword) for every error the reference validator finds in ``document``."""
    with _recursion_room():
        errors = list(validator.iter_errors(document))
    for error in errors:
        yield pointer_from_parts(error.absolute_path), _message(error), _keyword(error)


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


def type_list_message(instance: Any, expected: list[Any]) -> str:
    """``"x" is not of type 'number' or 'null'`` from the ``type`` values of failed branches."""
    types: list[str] = []
    for value in expected:
        for name in value if isinstance(value, list) else [value]:
            if str(name) not in types:
                types.append(str(name))
    return f"{_repr(instance)} is not of type {' or '.join(repr(t) for t in types)}"


def _repr(instance: Any) -> str:
    # JSON spelling (true, null), not Python's (True, None): the reader wrote JSON.
    try:
        text = json.dumps(instance, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(instance)
    return text if len(text) <= 100 else text[:99] + "…"
