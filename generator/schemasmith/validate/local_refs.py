"""Schemas whose ``$ref``s all point into the same document: checked without ``referencing``.

Most schemas a user validates against refer only to their own ``$defs`` (``#/$defs/LineItem``).
Building a ``referencing`` registry for them cost ~35 ms of a run's start-up (``referencing``,
``attrs`` and the drafts' metaschemas imported, the file's siblings mapped) and bought nothing:
such references resolve within the document, the same whatever the base URI, and jsonschema-rs
and the reference resolve them on their own. ``local_references_only`` says when that holds, so
narrowly that the reading cannot differ from ``referencing``'s; anything else keeps the registry:

- every ``$ref`` is a fragment holding a JSON Pointer (``#`` or ``#/…``) that resolves here to a
  schema (an object or a boolean), with array indices written plainly (``0``, ``12``);
- no ``$dynamicRef`` or ``$recursiveRef`` (they resolve through the dynamic scope);
- no subschema below the root names a base URI (``$id``, or draft 4's ``id``), which would make
  ``#/…`` mean a pointer into that embedded resource instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote

# Values of these keywords are data, never schemas (schema_check.py reads them alike).
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})
_DYNAMIC = ("$dynamicRef", "$recursiveRef")
_BASE_URI_KEYWORDS = ("$id", "id")


def local_references_only(schema: Any) -> bool:
    """Whether every reference in ``schema`` is a local JSON Pointer that resolves here (see above)."""
    if not isinstance(schema, dict):
        return False
    for node, is_root in _objects(schema):
        if any(keyword in node for keyword in _DYNAMIC):
            return False
        if not is_root and any(isinstance(node.get(keyword), str) for keyword in _BASE_URI_KEYWORDS):
            return False
        reference = node.get("$ref")
        if reference is not None:
            try:
                resolve_local(schema, reference)
            except LookupError:
                return False
    return True


def resolve_local(root: Any, reference: Any) -> Any:
    """The subschema of ``root`` a ``#/…`` reference points at; LookupError if it is not one."""
    if not isinstance(reference, str) or not reference.startswith("#"):
        raise LookupError(reference)
    fragment = unquote(reference[1:])
    if fragment and not fragment.startswith("/"):
        raise LookupError(reference)  # an anchor ("#foo"): left to referencing
    node = root
    for segment in fragment.split("/")[1:] if fragment else []:
        if isinstance(node, dict):
            key = segment.replace("~1", "/").replace("~0", "~")
            if key not in node:
                raise LookupError(reference)
            node = node[key]
        elif isinstance(node, list) and _plain_index(segment) and int(segment) < len(node):
            node = node[int(segment)]
        else:
            raise LookupError(reference)
    if not isinstance(node, (dict, bool)):
        raise LookupError(reference)
    return node


def _plain_index(segment: str) -> bool:
    # referencing reads a segment with int() ("+1", " 1", "-1" too): only the plain form is ours.
    return segment.isascii() and segment.isdigit() and (segment == "0" or not segment.startswith("0"))


class LocalResolved(NamedTuple):
    """What ``referencing``'s Resolver.lookup gives, for in_place.py's walk."""

    contents: Any
    resolver: LocalResolver


class LocalResolver:
    """Looks up local references in one document, as in_place.py asks a ``referencing`` resolver."""

    def __init__(self, root: Any) -> None:
        self.root = root

    def lookup(self, reference: str) -> LocalResolved:
        return LocalResolved(resolve_local(self.root, reference), self)


def _objects(node: Any, is_root: bool = True) -> Iterator[tuple[dict[str, Any], bool]]:
    """(object, whether it is the root) for every object outside data keywords, parents first."""
    if isinstance(node, list):
        for item in node:
            yield from _objects(item, False)
    elif isinstance(node, dict):
        yield node, is_root
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from _objects(value, False)
