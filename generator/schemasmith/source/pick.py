"""One schema out of a larger document: ``file#/json/pointer`` and ``--model NAME``.

Users hold schemas inside other documents: an OpenAPI document's ``components/schemas/Session``,
a ``$defs`` entry of a schema file. ``validate`` and ``conformance`` take such a schema as
``--schema openapi.json#/components/schemas/Session`` (a URI fragment: percent-decoded, then an RFC
6901 pointer with ``~1`` for ``/`` and ``~0`` for ``~``) or ``--model Session``.

The schema validated is a *root* built around the picked one, so that its references to siblings
(``#/components/schemas/Agent``, ``#/$defs/Turn``) resolve against the whole document as written:

- a picked schema without references is itself the root (with the document's ``$schema``): the
  fastest engines see the plain schema;
- otherwise the root holds the document's definitions where they are and applies the picked schema
  with ``{"allOf": [{"$ref": "#/pointer"}]}`` (``allOf``, not a bare ``$ref``: up to draft 7 a
  ``$ref`` would hide the root's ``$id``). From an OpenAPI document only its schemas are kept (read
  as ``generate`` reads them: source/openapi.py); from a JSON Schema document everything but the
  root's own assertions, which would otherwise apply too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from ..errors import SchemaSmithError
from .pointer import escape_token

if TYPE_CHECKING:
    from .load import LoadedSchema
    from .refs import RefDirs

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
# Keywords of a schema document's root that assert nothing about an instance: kept in the root
# built around a picked schema (the rest of the root's keywords would apply to the instance).
_ROOT_NON_ASSERTIONS = frozenset({
    "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "$comment",
    "$defs", "definitions", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
})
# Where a root keyword the picked pointer passes through is kept (it must not apply to the instance).
_MOVED = "x-schemasmith-picked"
# How many names an unknown --model's error lists.
_NAMES_SHOWN = 8


def split_schema_argument(text: str) -> tuple[Path, str | None]:
    """``file#fragment`` -> (file, JSON Pointer); a name that exists as a file is a file, ``#`` and all."""
    if "#" not in text or Path(text).exists():
        return Path(text), None
    file, _, fragment = text.partition("#")
    return Path(file), pointer_from_fragment(fragment, file)


def pointer_from_fragment(fragment: str, file: str) -> str:
    """A URI fragment as the JSON Pointer it represents (RFC 6901 section 6)."""
    try:
        pointer = unquote(fragment, errors="strict")
    except UnicodeDecodeError:
        raise SchemaSmithError(f"#{fragment} is not a JSON Pointer: its percent-encoding is not UTF-8",
                               file=file) from None
    if pointer and not pointer.startswith("/") and ("/" in pointer or not pointer.strip()):
        raise SchemaSmithError(
            f"#{fragment} is neither a JSON Pointer (one starts with /, as #/components/schemas/Session or "
            "#/$defs/Turn) nor an anchor's name (#Turn)",
            file=file,
        )
    return pointer  # a plain name (no leading "/") is an anchor: anchor_pointer finds its schema


# Keywords whose values are data, never schemas: an "$anchor" inside them names nothing.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default", "example"})


def anchor_pointer(document: Any, name: str, file: str) -> str:
    """The JSON Pointer of the schema the plain-name fragment ``#name`` identifies in the document's
    own resource: ``$anchor``/``$dynamicAnchor: name``, or up to draft 7 ``$id``/``id: "#name"``
    (not looking inside embedded resources, whose anchors are theirs)."""
    found: list[str] = []
    anchors: list[str] = []

    def walk(node: Any, pointer: str) -> None:
        if found:
            return
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{pointer}/{index}")
            return
        if not isinstance(node, dict):
            return
        identifier = node.get("$id", node.get("id"))
        if pointer and isinstance(identifier, str) and not identifier.startswith("#"):
            return  # an embedded resource
        names = [node.get("$anchor"), node.get("$dynamicAnchor"),
                 identifier[1:] if isinstance(identifier, str) and identifier.startswith("#") else None]
        for candidate in names:
            if isinstance(candidate, str):
                anchors.append(candidate)
                if candidate == name:
                    found.append(pointer)
                    return
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                walk(value, f"{pointer}/{escape_token(key)}")

    walk(document, "")
    if not found:
        known = f"; anchors: {_some(anchors)}" if anchors else "; it has no anchors"
        raise SchemaSmithError(f"no schema with the anchor {name!r} (#{name} names an $anchor){known}", file=file)
    return found[0]


def as_pointer(document: Any, pick: str, file: str) -> str:
    """A pick (a JSON Pointer, or an anchor's plain name) as a JSON Pointer."""
    return pick if not pick or pick.startswith("/") else anchor_pointer(document, pick, file)


def fragment_of(pointer: str) -> str:
    """A JSON Pointer as a URI fragment (without the ``#``)."""
    return quote(pointer, safe="/~!$&'()*+,;=:@")


def tokens_of(pointer: str, file: str) -> list[str]:
    if not pointer:
        return []
    tokens = pointer[1:].split("/")
    for token in tokens:
        rest = token.replace("~0", "").replace("~1", "")
        if "~" in rest:
            raise SchemaSmithError("not a JSON Pointer: '~' must be followed by 0 or 1", file=file, pointer=pointer)
    return [token.replace("~1", "/").replace("~0", "~") for token in tokens]


def resolve_pointer(document: Any, pointer: str, file: str) -> Any:
    """The value at ``pointer``; a SchemaSmithError naming the file and the first token not found."""
    node = document
    walked = ""
    for token in tokens_of(pointer, file):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and (token == "0" or not token.startswith("0")) and int(token) < len(node):
            node = node[int(token)]
        else:
            where = f"#{walked}" if walked else "the document's root"
            known = f" (it has: {_some(list(node))})" if isinstance(node, dict) and node else ""
            raise SchemaSmithError(f"no schema at this pointer: {where} has no {token!r}{known}",
                                   file=file, pointer=pointer)
        walked += "/" + escape_token(token)
    if not isinstance(node, (dict, bool)):
        raise SchemaSmithError(f"not a schema: the value at this pointer is a {type(node).__name__}",
                               file=file, pointer=pointer)
    return node


def model_pointer(document: Any, name: str, file: str) -> str:
    """The pointer of ``--model NAME``: an OpenAPI component, or a ``$defs``/``definitions`` entry."""
    places = [("components", "schemas")] if _is_openapi(document) else [("$defs",), ("definitions",)]
    known: list[str] = []
    for place in places:
        node: Any = document
        for token in place:
            node = node.get(token) if isinstance(node, dict) else None
        if isinstance(node, dict):
            if name in node:
                return "".join("/" + escape_token(t) for t in (*place, name))
            known += [str(key) for key in node]
    where = "components/schemas" if _is_openapi(document) else "$defs or definitions"
    listed = f"; known: {_some(known)}" if known else f"; it has no {where}"
    raise SchemaSmithError(f"no model {name!r} in {where}{listed}", file=file)


def picked_root(document: Any, pointer: str, file: str) -> Any:
    """The schema to validate with: the one at ``pointer`` (or anchor: ``as_pointer``; module
    docstring), references and all."""
    pointer = as_pointer(document, pointer, file)
    tokens = tokens_of(pointer, file)
    picked = resolve_pointer(document, pointer, file)
    if _is_openapi(document):
        return _openapi_root(document, tokens, picked)
    from ..validate.schema_check import mentions_references

    dialect = document.get("$schema") if isinstance(document, dict) else None
    if not tokens:
        return document
    if not mentions_references(picked):
        if isinstance(picked, dict) and isinstance(dialect, str) and "$schema" not in picked:
            return {"$schema": dialect, **picked}
        return picked
    root = {key: value for key, value in document.items() if key in _ROOT_NON_ASSERTIONS or key == tokens[0]}
    if tokens[0] not in _ROOT_NON_ASSERTIONS:
        # A pointer through one of the root's own assertions (#/properties/turns/items): that keyword
        # is kept under a name no draft reads, so it does not apply to the instance.
        root[_MOVED] = root.pop(tokens[0])
        tokens = [_MOVED, *tokens[1:]]
    return {**root, "allOf": [{"$ref": "#" + fragment_of("".join("/" + escape_token(t) for t in tokens))}]}


def load_picked(path: Path | str, ref_dirs: RefDirs | None = None, model: str | None = None) -> LoadedSchema:
    """The schema ``path`` names (``file#/pointer``), or ``model`` in it, as a loaded document whose
    root is that schema and whose registry resolves its references (module docstring). A whole
    OpenAPI document is refused with how to pick one of its schemas."""
    from dataclasses import replace

    from .load import load_schema

    file, pointer = split_schema_argument(str(path))
    loaded = load_schema(file, ref_dirs, custom_dialects=True)
    if model is not None:
        if pointer is not None:
            raise SchemaSmithError("give the schema by a #/pointer or by --model, not both", file=str(file))
        pointer = model_pointer(loaded.document, model, str(file))
    if pointer is None:
        if loaded.is_openapi:
            schemas = loaded.document.get("components", {}).get("schemas", {})
            names = ", ".join(list(schemas)[:5]) + (", …" if len(schemas) > 5 else "")
            example = next(iter(schemas), "NAME")
            raise SchemaSmithError(
                "an OpenAPI document is not one schema to validate against: pick one of its components "
                f"with --model {example} or --schema {file}#/components/schemas/{example}"
                + (f" (components: {names})" if schemas else ""),
                file=str(file),
            )
        return loaded
    if loaded.dialect is not None and pointer:
        raise SchemaSmithError("a #/pointer into a schema with a custom $schema dialect is not supported",
                               file=str(file), pointer=pointer)
    return replace(loaded, document=picked_root(loaded.document, pointer, str(file)), is_openapi=False)


def _openapi_root(document: dict[str, Any], tokens: list[str], picked: Any) -> Any:
    # Imported here: a validation against a plain JSON Schema never needs the OpenAPI reading.
    from .openapi import OpenAPI30, is_openapi30, without_annotations

    openapi30 = is_openapi30(document)
    reader = OpenAPI30(document) if openapi30 else None
    from ..validate.schema_check import mentions_references

    if not mentions_references(picked):
        schema = reader.schema(picked) if reader is not None else without_annotations(picked)
        if isinstance(schema, dict) and "$schema" not in schema:
            return {"$schema": DRAFT_2020_12, **schema}
        return schema
    schemas = document.get("components", {}).get("schemas", {})
    root: dict[str, Any] = {
        "$schema": DRAFT_2020_12,
        "components": {"schemas": reader.components() if reader is not None
                       else {name: without_annotations(schema) for name, schema in schemas.items()}},
    }
    if tokens[:2] != ["components", "schemas"]:
        # A schema elsewhere (a path's response): the containers down to it, and it.
        node: Any = root
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
        node[tokens[-1]] = reader.schema(picked) if reader is not None else without_annotations(picked)
        # Lists on the way (parameters) become objects keyed by index: the pointer reads alike.
    target = reader.translate(tokens) if reader is not None else tokens
    root["allOf"] = [{"$ref": "#" + fragment_of("".join("/" + escape_token(t) for t in target))}]
    return root


def _is_openapi(document: Any) -> bool:
    return isinstance(document, dict) and "openapi" in document


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    return shown + (f", … ({len(names)} in all)" if len(names) > _NAMES_SHOWN else "")
