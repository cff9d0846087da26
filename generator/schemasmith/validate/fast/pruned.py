"""Explaining an invalid document at a fraction of the reference's cost, with the reference's words.

A document jsonschema-rs refused goes to the reference (``jsonschema``), which walks all of it: on a
nested schema that costs 40-100 times the accept, and with 1% invalid lines it was most of a run.
But in an invalid document most values are valid: a value valid under a subschema yields no errors
there, so the reference may skip it. ``pruned_reference`` is the reference validator whose
``descend`` (how jsonschema enters a property, an item, a branch of ``anyOf``/``oneOf``…) first asks
jsonschema-rs whether the value is valid under that subschema, and skips it if so. The errors that
remain, and their order, are exactly the reference's: only empty error lists are skipped, and the
subschema validators are the accept engine's (rust_accept.py), whose "valid" implies the reference's.

Used only where that holds: a value that is exactly JSON (decoded by the document policy, or a
parsed value that survives a JSON round trip), a schema without ``$dynamicRef``/``$recursiveRef``
(whose meaning depends on the path taken to a subschema, which a validator of the subschema alone
does not know), and no backtracking pattern (whose length limit only the reference applies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .rust_accept import ROOT_URI, subschemas_with_pointers

# Compiling a validator per subschema costs a compile of the whole schema; past this many, the
# reference walks the rest itself.
MAX_SUBSCHEMA_VALIDATORS = 256


def pruned_reference(reference_class: type[Any], schema: Any, options: dict[str, Any],
                     compile_subschema: Callable[[dict[str, Any]], Callable[[Any], bool]],
                     rewritten: Any) -> Any:
    """The reference validator for ``schema`` that skips values jsonschema-rs finds valid.

    ``rewritten`` is the accept engine's copy of the schema (same structure, patterns rewritten),
    which ``compile_subschema`` (compiling a schema as the accept engine does) finds at ROOT_URI.
    """
    import jsonschema.validators

    check_for = subschema_checks(schema, compile_subschema, rewritten)
    pruned = jsonschema.validators.extend(reference_class, {})
    descend = reference_class.descend

    def pruned_descend(self: Any, instance: Any, schema: Any, path: Any = None, schema_path: Any = None,
                       resolver: Any = None) -> Iterator[Any]:
        if isinstance(schema, dict):
            check = check_for(schema)
            if check is not None:
                try:
                    if check(instance):
                        return iter(())
                except Exception:  # noqa: BLE001 - whatever went wrong, the reference walks it
                    pass
        errors: Iterator[Any] = descend(self, instance, schema, path=path, schema_path=schema_path, resolver=resolver)
        return errors

    pruned.descend = pruned_descend
    return pruned(schema, **options)


def subschema_checks(schema: Any, compile_subschema: Callable[[dict[str, Any]], Callable[[Any], bool]],
                     rewritten: Any) -> Callable[[Any], Callable[[Any], bool] | None]:
    """For a subschema of ``schema`` (found by identity), jsonschema-rs's ``is_valid`` for it,
    compiled on first use; None for the root, or past MAX_SUBSCHEMA_VALIDATORS (also used by
    nested_errors.py, which skips valid values alike)."""
    pointers = {id(node): pointer for pointer, node in subschemas_with_pointers(schema)}
    checks: dict[str, Callable[[Any], bool] | None] = {}
    dialect = {"$schema": rewritten["$schema"]} if isinstance(rewritten, dict) and "$schema" in rewritten else {}

    def check_for(subschema: Any) -> Callable[[Any], bool] | None:
        pointer = pointers.get(id(subschema))
        if pointer is None or pointer == "":
            return None
        if pointer not in checks:
            if len(checks) >= MAX_SUBSCHEMA_VALIDATORS:
                return None
            try:
                checks[pointer] = compile_subschema({**dialect, "$ref": ROOT_URI + "#" + _escape(pointer)})
            except Exception:  # noqa: BLE001 - a subschema jsonschema-rs will not take is walked
                checks[pointer] = None
        return checks[pointer]

    return check_for


def _escape(pointer: str) -> str:
    # A JSON Pointer in a URI fragment: percent-encode what a fragment cannot hold as it is.
    from urllib.parse import quote

    return quote(pointer, safe="/~!$&'()*+,;=:@")
