"""The reference's errors for a nested schema, computed without ``jsonschema``.

Explaining an invalid line through the reference (``jsonschema``, pruned.py) cost 80-140 us a line
on nested payloads, and its first use imported ``jsonschema``, ``referencing``, ``attrs`` and the
drafts' metaschemas (~60 ms): with 1% invalid lines, a fifth of a run. For a schema that uses only
the keywords below, this module walks the document as ``jsonschema`` 4.26 does — keywords in the
schema's order, ``$ref`` in place, ``anyOf``/``oneOf`` branches with their errors kept as context —
and builds the same errors: pointer, message (our reference's wording: engine._message), keyword,
and best match (``jsonschema.exceptions.best_match`` and its relevance key, re-done on them).

Used only where that reading is certain (``nested_errors_for``): drafts 6 to 2020-12 (with ``$ref``
hiding its siblings up to draft 7, and the older ``items``), no custom dialect,
every reference local (local_refs.py), every keyword the reference's class for the draft knows among
SUPPORTED, ``type`` names the seven JSON types, ``format`` a name. Anything else stays with the
reference. The documents are exactly JSON values (Validator's ``exact_json``): dict, list, str,
int, float, bool, None. tests/test_validate_nested_errors.py compares every error with the
reference's, on the official suite's cases (drafts 6 to 2020-12), generated documents and
hand-written ones.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...source.pointer import pointer_from_parts
from ..formats import formats_for
from ..issues import BestMatch
from ..json_types import is_type
from ..local_refs import local_references_only, resolve_local
from ..messages import type_list_message, with_shape
from ..patterns import PatternTooCostly, search
from .nested_keywords import (
    UNSET, Error, const, dependent_required, enum, exclusive_maximum, exclusive_minimum, max_items,
    max_length, max_properties, maximum, min_items, min_length, min_properties, minimum, multiple_of, pattern,
    required, too_costly, type_, unique_items,
)

if TYPE_CHECKING:
    from .rust_accept import RustAccept

# (pointer, message, keyword, best match), as Validator's explained errors.
Explained = tuple[str, str, "str | None", "BestMatch | None"]

# The keywords of jsonschema's validator class for each draft with our reference's additions
# (reference/keywords.py): any other key is ignored by the reference, and here.
_COMMON = frozenset({
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "enum", "exclusiveMaximum",
    "exclusiveMinimum", "format", "items", "maxItems", "maxLength", "maxProperties", "maximum", "minItems",
    "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern", "patternProperties",
    "properties", "propertyNames", "required", "type", "uniqueItems",
})
REFERENCE_KEYWORDS: dict[str, frozenset[str]] = {
    "draft6": _COMMON | {"additionalItems", "dependencies"},
    "draft7": _COMMON | {"additionalItems", "dependencies", "if", "contentEncoding", "contentMediaType"},
    "draft2019-09": _COMMON | {"$recursiveRef", "additionalItems", "dependentRequired", "dependentSchemas", "if",
                               "unevaluatedItems", "unevaluatedProperties", "dependencies"},
    "draft2020-12": _COMMON | {"$dynamicRef", "dependentRequired", "dependentSchemas", "if", "prefixItems",
                               "unevaluatedItems", "unevaluatedProperties", "dependencies"},
}
SUPPORTED = frozenset({
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "enum", "exclusiveMaximum", "exclusiveMinimum",
    "format", "items", "maxItems", "maxLength", "maximum", "minItems", "minLength", "minimum", "oneOf", "pattern",
    "patternProperties", "prefixItems", "properties", "required", "type", "not", "multipleOf", "minProperties",
    "maxProperties", "dependentRequired", "dependentSchemas", "propertyNames", "if", "uniqueItems",
})
# Drafts whose ``items`` may be an array of schemas (jsonschema's items_draft6_draft7_draft201909).
_LEGACY_ITEMS = frozenset({"draft6", "draft7", "draft2019-09"})
# Drafts where ``$ref`` hides its siblings (jsonschema's ignore_ref_siblings).
_REF_HIDES_SIBLINGS = frozenset({"draft6", "draft7"})
_TYPES = frozenset({"string", "number", "integer", "boolean", "null", "object", "array"})
_WEAK = frozenset({"anyOf", "oneOf"})  # jsonschema's WEAK_MATCHES (STRONG_MATCHES is empty)
# Keywords holding one subschema, a list of them, or a map of them: how the schema is walked.
_ONE = ("additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_DATA = frozenset({"enum", "const", "examples", "default"})
# As engine.REFERENCE_RECURSION_LIMIT: room for a document MAX_DEPTH levels deep (main thread only).
_RECURSION_LIMIT = 12_000


def nested_errors_for(schema: Any, draft: str, annotate_formats: bool, rust: RustAccept | None = None) -> NestedErrors | None:
    """The direct errors for ``schema``, or None where the reading above is not certain.

    With ``rust``, the schema's accept engine, the walk skips a value jsonschema-rs finds valid
    under a subschema, whose "valid" is the reference's, as the pruned reference does (pruned.py;
    where it may: ``rust.prunable``)."""
    if draft not in REFERENCE_KEYWORDS or not isinstance(schema, dict):
        return None
    if not _supported(schema, draft) or not local_references_only(schema):
        return None
    valid_under = None
    # As Validator._pruned_reference: a subschema's validator reads an older draft only if $schema says it.
    said = draft == "draft2020-12" or isinstance(schema.get("$schema"), str)
    if rust is not None and rust.prunable and rust.compile_schema is not None and said:
        from .pruned import subschema_checks

        valid_under = subschema_checks(schema, rust.compile_schema, rust.rewritten)
    return NestedErrors(schema, draft, {} if annotate_formats else formats_for(draft), valid_under)


def _supported(node: Any, draft: str) -> bool:
    """Whether every object that may be read as a schema uses only SUPPORTED keywords, and those
    with values of the kinds the reference's keywords take without failing."""
    if isinstance(node, list):
        return all(_supported(item, draft) for item in node)
    if not isinstance(node, dict):
        return True
    if not (REFERENCE_KEYWORDS[draft] & node.keys()) <= SUPPORTED:
        return False
    if draft in _LEGACY_ITEMS and isinstance(node.get("items"), list):
        if not all(_schema(sub) for sub in node["items"]):
            return False
        # Walked below as a list of schemas under a key no draft reads.
        node = {key: value for key, value in node.items() if key != "items"} | {" items": node["items"]}
    kinds = node.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(names, list) or not all(isinstance(n, str) and n in _TYPES for n in names):
            return False
    if "format" in node and not isinstance(node["format"], str):
        return False
    if not all(isinstance(node.get(k, []), list) for k in ("required", "enum", "allOf", "anyOf", "oneOf", "prefixItems")):
        return False
    if not all(isinstance(node.get(k, {}), dict) for k in ("properties", "patternProperties")):
        return False
    # Where the reference descends, a schema (an object or a boolean), or it would fail itself.
    if not all(_schema(node[k]) for k in _ONE if k in node):
        return False
    if not all(_schema(sub) for k in _LIST for sub in node.get(k, [])):
        return False
    if not all(_schema(sub) for k in ("properties", "patternProperties") for sub in node.get(k, {}).values()):
        return False
    if not all(isinstance(name, str) for name in node.get("required", [])):
        return False
    if not all(_number(node[k]) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in node):
        return False
    if not all(_count(node[k]) for k in ("minItems", "maxItems", "minLength", "maxLength", "minProperties",
                                         "maxProperties") if k in node):
        return False
    if "multipleOf" in node and not (_number(node["multipleOf"]) and node["multipleOf"] > 0):
        return False
    required_by = node.get("dependentRequired", {})
    if not isinstance(required_by, dict) or not all(
            isinstance(names, list) and all(isinstance(n, str) for n in names) for names in required_by.values()):
        return False
    if not isinstance(node.get("dependentSchemas", {}), dict) or not all(
            _schema(sub) for sub in node.get("dependentSchemas", {}).values()):
        return False
    if not all(isinstance(p, str) for p in [node.get("pattern", ""), *node.get("patternProperties", {})]):
        return False
    for key, value in node.items():
        if key in _DATA:
            continue
        if key in _MAP and isinstance(value, dict):
            if not all(_supported(sub, draft) for sub in value.values()):
                return False
        elif not _supported(value, draft):  # _ONE, _LIST and unknown keys alike: a $ref may point in
            return False
    return True


def _schema(value: Any) -> bool:
    return value.__class__ is dict or value.__class__ is bool


def _number(value: Any) -> bool:
    return value.__class__ in (int, float)


def _count(value: Any) -> bool:
    return value.__class__ is int or (value.__class__ is float and value.is_integer())


class NestedErrors:
    """``errors(document)`` for one schema, equal to the reference validator's explained errors."""

    def __init__(self, schema: dict[str, Any], draft: str, formats: dict[str, Callable[[str], bool]],
                 valid_under: Callable[[Any], Callable[[Any], bool] | None] | None = None) -> None:
        self._root = schema
        self._ref_hides_siblings = draft in _REF_HIDES_SIBLINGS
        self._formats = formats
        self._valid_under = valid_under
        self._targets: dict[str, Any] = {}
        self._keywords: dict[str, Callable[[Any, Any, Any], list[Error]]] = {
            "$ref": self._ref, "additionalProperties": self._additional_properties, "allOf": self._all_of,
            "anyOf": self._any_of, "const": const, "enum": enum, "exclusiveMaximum": exclusive_maximum,
            "exclusiveMinimum": exclusive_minimum, "format": self._format, "items": self._items,
            "maxItems": max_items, "maxLength": max_length, "maximum": maximum, "minItems": min_items,
            "minLength": min_length, "minimum": minimum, "oneOf": self._one_of, "pattern": pattern,
            "patternProperties": self._pattern_properties, "prefixItems": self._prefix_items,
            "properties": self._properties, "required": required, "type": type_, "not": self._not,
            "multipleOf": multiple_of, "minProperties": min_properties, "maxProperties": max_properties,
            "dependentRequired": dependent_required, "dependentSchemas": self._dependent_schemas,
            "propertyNames": self._property_names, "if": self._if, "uniqueItems": unique_items,
        }
        if draft in _LEGACY_ITEMS:
            self._keywords["items"] = self._legacy_items
        # Only the draft's own keywords (no prefixItems before 2020-12, no "if" in draft 6…).
        self._keywords = {k: check for k, check in self._keywords.items() if k in REFERENCE_KEYWORDS[draft]}

    def errors(self, document: Any) -> list[Explained] | None:
        """The reference's (pointer, message, keyword, best match) for ``document``; None when this
        walk cannot say (a document nested past Python's recursion room: the reference decides)."""
        previous = sys.getrecursionlimit()
        raise_it = previous < _RECURSION_LIMIT and threading.current_thread() is threading.main_thread()
        if raise_it:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        try:
            found = self._descend(document, self._root)
        except RecursionError:
            return None
        finally:
            if raise_it:
                sys.setrecursionlimit(previous)
        return [(pointer_from_parts(e.path), _message(e), _keyword(e), _best_match(e)) for e in found]

    def is_valid(self, instance: Any, schema: Any) -> bool:
        return not self._descend(instance, schema)

    def _descend(self, instance: Any, schema: Any, path: Any = None) -> list[Error]:
        """jsonschema's ``descend`` (with reference/keywords.py's path for a ``false`` subschema)."""
        if schema is True:
            return []
        if schema is False:
            error = Error(f"False schema does not allow {instance!r}", None, None, instance, False)
            if path is not None:
                error.path = (path,)
            return [error]
        if self._valid_under is not None:
            valid = self._valid_under(schema)
            if valid is not None:
                try:
                    if valid(instance):
                        return []  # no error below: skipped, as the pruned reference skips it
                except Exception:  # noqa: BLE001 - whatever went wrong, the walk decides
                    pass
        found: list[Error] = []
        keywords = self._keywords
        applicable = schema.items()
        if self._ref_hides_siblings and schema.get("$ref") is not None:
            applicable = {"$ref": schema["$ref"]}.items()
        for keyword, value in applicable:
            check = keywords.get(keyword)
            if check is None:
                continue
            errors = check(value, instance, schema)
            if errors:
                for error in errors:
                    if error.keyword is UNSET:  # jsonschema's error._set: the innermost keyword stays
                        error.keyword, error.value, error.instance, error.schema = keyword, value, instance, schema
                    if path is not None:
                        error.path = (path, *error.path)
                found += errors
        return found

    # -- keywords that descend -------------------------------------------------------------------

    def _ref(self, reference: Any, instance: Any, schema: Any) -> list[Error]:
        target = self._targets.get(reference, UNSET)
        if target is UNSET:
            target = self._targets[reference] = resolve_local(self._root, reference)
        return self._descend(instance, target)

    def _properties(self, properties: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not dict:
            return []
        found: list[Error] = []
        for name, subschema in properties.items():
            if name in instance:
                found += self._descend(instance[name], subschema, name)
        return found

    def _pattern_properties(self, patterns: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not dict:
            return []
        found: list[Error] = []
        for pattern, subschema in patterns.items():
            for name, item in instance.items():
                try:
                    matched = search(pattern, name)
                except PatternTooCostly as exc:
                    found.append(too_costly(exc))
                    continue
                if matched:
                    found += self._descend(item, subschema, name)
        return found

    def _additional_properties(self, value: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not dict:
            return []
        declared = schema.get("properties", {})
        patterns = list(schema.get("patternProperties", {}))
        try:
            extras = [n for n in instance if n not in declared and not any(search(p, n) for p in patterns)]
        except PatternTooCostly as exc:
            return [too_costly(exc)]
        if value.__class__ is dict:
            found: list[Error] = []
            for extra in extras:
                found += self._descend(instance[extra], value, extra)
            return found
        if value or not extras:
            return []
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            listed = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            return [Error(f"{joined} {verb} not match any of the regexes: {listed}", UNSET, None, None, None)]
        ordered = sorted(extras, key=str)
        return [Error("Additional properties are not allowed (%s %s unexpected)" % (
            ", ".join(repr(extra) for extra in ordered), "was" if len(ordered) == 1 else "were"),
            UNSET, None, None, None)]

    def _items(self, items: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not list:
            return []
        prefix = len(schema.get("prefixItems", []))
        total = len(instance)
        extra = total - prefix
        if extra <= 0:
            return []
        if items is False:
            rest = instance[prefix:] if extra != 1 else instance[prefix]
            item = "items" if prefix != 1 else "item"
            return [Error(f"Expected at most {prefix} {item} but found {extra} extra: {rest!r}", UNSET,
                           None, None, None)]
        found: list[Error] = []
        for index in range(prefix, total):
            found += self._descend(instance[index], items, index)
        return found

    def _not(self, not_schema: Any, instance: Any, schema: Any) -> list[Error]:
        if self.is_valid(instance, not_schema):
            return [Error(f"{instance!r} should not be valid under {not_schema!r}", UNSET, None, None, None)]
        return []

    def _if(self, if_schema: Any, instance: Any, schema: Any) -> list[Error]:
        if self.is_valid(instance, if_schema):
            return self._descend(instance, schema["then"]) if "then" in schema else []
        return self._descend(instance, schema["else"]) if "else" in schema else []

    def _property_names(self, names: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not dict:
            return []
        found: list[Error] = []
        for name in instance:
            found += self._descend(name, names)
        return found

    def _dependent_schemas(self, dependencies: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not dict:
            return []
        found: list[Error] = []
        for name, dependency in dependencies.items():
            if name in instance:
                found += self._descend(instance, dependency)
        return found

    def _legacy_items(self, items: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not list:
            return []
        found: list[Error] = []
        if items.__class__ is list:
            for (index, item), subschema in zip(enumerate(instance), items):
                found += self._descend(item, subschema, index)
        else:
            for index, item in enumerate(instance):
                found += self._descend(item, items, index)
        return found

    def _prefix_items(self, prefix_items: Any, instance: Any, schema: Any) -> list[Error]:
        if instance.__class__ is not list:
            return []
        found: list[Error] = []
        for (index, item), subschema in zip(enumerate(instance), prefix_items):
            found += self._descend(item, subschema, index)
        return found

    def _all_of(self, branches: Any, instance: Any, schema: Any) -> list[Error]:
        found: list[Error] = []
        for subschema in branches:
            found += self._descend(instance, subschema)
        return found

    def _any_of(self, branches: Any, instance: Any, schema: Any) -> list[Error]:
        every: list[Error] = []
        for subschema in branches:
            errors = self._descend(instance, subschema)
            if not errors:
                return []
            every += errors
        return [Error(f"{instance!r} is not valid under any of the given schemas", UNSET, None, None, None, every)]

    def _one_of(self, branches: Any, instance: Any, schema: Any) -> list[Error]:
        every: list[Error] = []
        found: list[Error] = []
        remaining = iter(branches)
        first_valid = UNSET
        for subschema in remaining:
            errors = self._descend(instance, subschema)
            if not errors:
                first_valid = subschema
                break
            every += errors
        else:
            found.append(Error(f"{instance!r} is not valid under any of the given schemas", UNSET, None, None,
                                None, every))
        more_valid = [each for each in remaining if self.is_valid(instance, each)]
        if more_valid:
            more_valid.append(first_valid)
            reprs = ", ".join(repr(each) for each in more_valid)
            found.append(Error(f"{instance!r} is valid under each of {reprs}", UNSET, None, None, None))
        return found

    def _format(self, name: Any, instance: Any, schema: Any) -> list[Error]:
        check = self._formats.get(name)
        if check is None or instance.__class__ is not str or check(instance):
            return []
        return [Error(f"{instance!r} is not a {name!r}", UNSET, None, None, None)]


# -- how the reference words and ranks errors (reference/engine.py, jsonschema.exceptions) ------------


def _keyword(error: Error) -> str | None:
    if error.schema is False and error.keyword is None:
        return "false"
    return error.keyword if isinstance(error.keyword, str) else None


def _message(error: Error) -> str:
    if error.keyword in _WEAK and error.context:
        branch_errors = [e for e in error.context if not e.path]
        if len(branch_errors) == len(error.context) and all(e.keyword == "type" for e in branch_errors):
            return type_list_message(error.instance, [e.value for e in branch_errors])
    return with_shape(error.message, error.instance)


def _matches_type(error: Error) -> bool:
    schema = error.schema
    if schema.__class__ is not dict or "type" not in schema:
        return False
    expected = schema["type"]
    names = [expected] if isinstance(expected, str) else expected
    return any(is_type(error.instance, name) for name in names)


def _relevance(error: Error) -> tuple[Any, ...]:
    return (-len(error.path), error.path, error.keyword not in _WEAK, False, not _matches_type(error))


def _best_match(error: Error) -> BestMatch | None:
    """engine.best_match_of: jsonschema's best_match([error]), followed down the contexts."""
    if not error.context:
        return None
    best, path = error, error.path
    while best.context:
        smallest = sorted(best.context, key=_relevance)[:2]  # stable, as heapq.nsmallest is
        if len(smallest) == 2 and _relevance(smallest[0]) == _relevance(smallest[1]):
            break
        best = smallest[0]
        path = (*path, *best.path)
    if best is error:
        return None
    return pointer_from_parts(path), _message(best), _keyword(best)
