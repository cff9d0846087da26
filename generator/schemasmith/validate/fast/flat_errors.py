"""The reference's errors for a flat record schema, computed directly — same errors, a fraction of the cost.

For a schema the fast path models (fast/compile.py: an object of properties that are JSON types,
type lists or ``anyOf``/``oneOf`` of plain types, with formats, ``required`` and
``additionalProperties``), the errors ``jsonschema`` reports are few and fixed: ``type``,
``format``, ``required``, ``anyOf``/``oneOf``, ``additionalProperties: false``. This module
produces exactly those — same pointers, keywords, messages, order (the schema's keyword order, as
``jsonschema`` iterates it) — without building a ValidationError tree per document: ~0.3 ms of
``jsonschema`` per invalid Session becomes a few microseconds.

tests/test_validate_fast_path.py compares every issue with the full reference validator's, on
generated documents and on every property set to every kind of JSON value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..formats import formats_for
from ...source.pointer import pointer_from_parts
from ..issues import BestMatch
from ..json_types import is_type
from ..messages import type_list_message, value_repr

# (pointer, message, keyword, best match: the reference's engine.best_match_of)
Error = tuple[str, str, str | None, BestMatch | None]
_WEAK = ("anyOf", "oneOf")  # jsonschema's WEAK_MATCHES: ranked below other errors at the same place


_CLASSES = {
    "string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,),
    "null": (type(None),), "object": (dict,), "array": (list,),
}


_JSON_CLASSES = (str, int, float, bool, type(None), dict, list)
_TYPE_AND_ANNOTATIONS = frozenset(
    {"type", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment"}
)
_ABSENT = object()


class _Property:
    """One property's quick yes/no: values come from msgspec, so their classes are exactly
    dict, list, str, int, float, bool or NoneType (``type(True) is bool``, never int)."""

    def __init__(self, schema: Any, formats: dict[str, Callable[[str], bool]], integral_floats: bool) -> None:
        types: list[str] = []
        format_names: list[str] = []
        if isinstance(schema, dict):
            for part in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
                if "type" in part:
                    types += [part["type"]] if isinstance(part["type"], str) else list(part["type"])
                if "format" in part:
                    format_names.append(part["format"])
        self.classes = frozenset(c for name in types for c in _CLASSES[name]) if types else None
        self.integral_floats = integral_floats and "integer" in types
        checks = [formats[name] for name in format_names if name in formats]
        self.format_check = checks[0] if checks else None

    def accepts(self, value: Any) -> bool:
        kind = value.__class__
        if self.classes is not None and kind not in self.classes:
            if not (self.integral_floats and kind is float and value.is_integer()):
                return False
        return self.format_check is None or kind is not str or self.format_check(value)

    def accepts_by_class(self, kind: type[Any]) -> bool:
        """``accepts`` for any value of this class, when that needs no look at the value itself."""
        return (self.classes is None or kind in self.classes) and (self.format_check is None or kind is not str)


class FlatRecordErrors:
    """``errors(document)`` for one flat record schema, equal to the reference validator's."""

    def __init__(self, schema: dict[str, Any], draft: str) -> None:
        self._schema = schema
        self._formats: dict[str, Callable[[str], bool]] = formats_for(draft)
        # Draft 4 and older: 1.0 is not an integer.
        self._integral_floats = draft not in ("draft3", "draft4")
        self._declared = set(schema.get("properties", {}))
        # id() of an anyOf/oneOf list in the schema (which this object keeps alive) -> its branches' types.
        self._branch_types: dict[int, list[list[str]] | None] = {}
        # A quick yes/no per property first: messages are built only for the values that fail.
        self._properties = []
        for name, subschema in schema.get("properties", {}).items():
            quick = _Property(subschema, self._formats, self._integral_floats)
            # The classes whose every value passes: one set look-up instead of a call, for most values.
            clear = frozenset(kind for kind in _JSON_CLASSES if quick.accepts_by_class(kind))
            self._properties.append((name, pointer_from_parts([name]), subschema, quick, clear))
        self._by_name = {name: (pointer, subschema) for name, pointer, subschema, _, _ in self._properties}

    def errors(self, document: Any) -> list[Error]:
        found: list[Error] = []
        is_object = isinstance(document, dict)
        for keyword, value in self._schema.items():
            if keyword == "type":
                found += self._type_errors("", document, value)
            elif not is_object:
                continue
            elif keyword == "properties":
                for name, pointer, subschema, quick, clear in self._properties:
                    value = document.get(name, _ABSENT)
                    if value is _ABSENT or value.__class__ in clear or quick.accepts(value):
                        continue
                    found += self._errors_in(pointer, value, subschema)
            elif keyword == "required":
                found += [("", f"{name!r} is a required property", "required", None) for name in value if name not in document]
            elif keyword == "additionalProperties" and value is False:
                extras = sorted((key for key in document if key not in self._declared), key=str)
                if extras:
                    verb = "was" if len(extras) == 1 else "were"
                    listed = ", ".join(value_repr(extra) for extra in extras)
                    found.append(("", f"Additional properties are not allowed ({listed} {verb} unexpected)",
                                  "additionalProperties", None))
        return found

    def property_errors(self, name: str, value: Any) -> list[Error]:
        """The errors ``errors`` gives for property ``name`` holding ``value``, a value the caller
        already found failing, in a document whose every other property, the required ones and the
        undeclared ones pass."""
        pointer, subschema = self._by_name[name]
        return self._errors_in(pointer, value, subschema)

    def _errors_in(self, pointer: str, value: Any, schema: Any) -> list[Error]:
        if not isinstance(schema, dict):
            return []
        found: list[Error] = []
        for keyword, keyword_value in schema.items():
            if keyword == "type":
                found += self._type_errors(pointer, value, keyword_value)
            elif keyword == "format":
                check = self._formats.get(keyword_value)
                if check is not None and isinstance(value, str) and not check(value):
                    found.append((pointer, f"{value_repr(value)} is not a {keyword_value!r}", "format", None))
            elif keyword in ("anyOf", "oneOf"):
                branch_types = self._type_only_branches(keyword_value)
                if branch_types is not None:
                    # The nullable pattern: the message needs no branch's own errors.
                    if not any(self._is_type(value, name) for types in branch_types for name in types):
                        found.append((pointer, type_list_message(value, branch_types), keyword, None))
                    continue
                branch_errors = [self._errors_in(pointer, value, branch) for branch in keyword_value]
                # Branch types are disjoint (fast/compile.py refuses overlapping ones), so at most one
                # branch passes and oneOf's "valid under each of" cannot arise.
                if all(branch_errors):
                    found.append((pointer, self._no_branch_message(value, keyword_value, branch_errors), keyword,
                                  self._best_match(value, keyword_value, branch_errors)))
        return found

    def _best_match(self, value: Any, branches: list[Any], branch_errors: list[list[Error]]) -> BestMatch | None:
        """jsonschema's best_match over the branches' errors (engine.best_match_of), for a flat
        record's branches, whose errors all sit at the value itself: the first error (in branch
        order) of the best rank — not anyOf/oneOf first, then one whose branch's ``type`` the value
        has — unless the two best rank alike; an anyOf/oneOf chosen is followed into its own."""
        ranked = []
        for branch, errors in zip(branches, branch_errors):
            types = branch.get("type") if isinstance(branch, dict) else None
            names = [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []
            matches_type = any(self._is_type(value, name) for name in names)
            ranked += [((keyword not in _WEAK, not matches_type), error) for error in errors
                       for keyword in (error[2],)]
        ranked.sort(key=lambda item: item[0])  # stable, as heapq.nsmallest is
        if len(ranked) >= 2 and ranked[0][0] == ranked[1][0]:
            return None
        pointer, message, keyword, deeper = ranked[0][1]
        return deeper if deeper is not None else (pointer, message, keyword)

    def _type_only_branches(self, branches: list[Any]) -> list[list[str]] | None:
        """Each branch's list of types, when every branch is only a ``type`` (and annotations)."""
        key = id(branches)
        if key not in self._branch_types:
            only_types = all(isinstance(b, dict) and "type" in b and set(b) <= _TYPE_AND_ANNOTATIONS for b in branches)
            self._branch_types[key] = (
                [[b["type"]] if isinstance(b["type"], str) else list(b["type"]) for b in branches] if only_types else None
            )
        return self._branch_types[key]

    def _type_errors(self, pointer: str, value: Any, types: Any) -> list[Error]:
        names = [types] if isinstance(types, str) else list(types)
        if any(self._is_type(value, name) for name in names):
            return []
        return [(pointer, f"{value_repr(value)} is not of type {', '.join(repr(name) for name in names)}", "type", None)]

    def _is_type(self, value: Any, name: str) -> bool:
        return is_type(value, name, self._integral_floats)

    def _no_branch_message(self, value: Any, branches: list[Any], branch_errors: list[list[Error]]) -> str:
        every_error = [error for errors in branch_errors for error in errors]
        if all(keyword == "type" for _, _, keyword, _ in every_error):
            expected = [branch["type"] for branch, errors in zip(branches, branch_errors) for _ in errors]
            return type_list_message(value, expected)
        return f"{value_repr(value)} is not valid under any of the given schemas"
