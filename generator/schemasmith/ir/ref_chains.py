"""Following a chain of bare ``$ref``s to the schema it names, refusing cycles and endless chains."""

from __future__ import annotations

from typing import Any

from ..errors import SchemaSmithError
from ..source.pointer import join
from ..source.refs import Here
from .annotations import constrains, ref_only

# Bare $refs followed in a row (each leading only to another $ref) before the chain is refused.
MAX_REF_CHAIN = 64


def follow_refs(schema: Any, here: Here) -> tuple[Any, Here]:
    """Replace a schema that is only a ``$ref`` (plus annotations) by its target, repeatedly."""
    seen: list[str] = []  # where each ref of the chain sits, as a URI
    shown: list[str] = []  # ... and as a message shows it
    start_file = here.file
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and ref_only(schema, here):
        where = f"{here.base_uri}#{here.pointer}"
        if where in seen:
            cycle = [*shown[seen.index(where):], _shown(here, start_file)]
            raise SchemaSmithError(
                f"$ref cycle {_chain_text(cycle)} never reaches a schema (a cycle with no base case)",
                file=here.file,
                pointer=join(here.pointer, "$ref"),
            )
        if len(seen) >= MAX_REF_CHAIN:
            raise SchemaSmithError(
                f"$ref chain longer than {MAX_REF_CHAIN} refs ({_chain_text([*shown, _shown(here, start_file)])}): "
                "each leads only to another $ref; refused rather than followed further",
                file=here.file,
                pointer=join(here.pointer, "$ref"),
            )
        seen.append(where)
        shown.append(_shown(here, start_file))
        schema, here = here.resolve(schema["$ref"])
    return schema, here


def field_annotations(schema: Any, here: Here) -> dict[str, Any]:
    """What documents a property: the keywords beside a bare ``$ref`` describe this use of it,
    over the target's own (a ``$ref`` beside constraints is described by its own keywords)."""
    annotations = schema if isinstance(schema, dict) else {}
    if isinstance(schema, dict) and "$ref" in schema and not constrains({k: v for k, v in schema.items() if k != "$ref"}):
        target, _ = follow_refs(schema, here)
        if isinstance(target, dict):
            annotations = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return annotations


def name_from_pointer(here: Here) -> str:
    """``#/$defs/Card`` -> ``Card``; a whole document -> its file name without extensions."""
    if here.pointer.startswith("/"):
        return here.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return here.file.rsplit("/", 1)[-1].split(".")[0]


def _shown(here: Here, start_file: str) -> str:
    """A position in a $ref chain as a message shows it: the pointer alone within the file the
    chain starts in (the error names that file), else prefixed by its own file."""
    pointer = here.pointer if here.pointer.startswith("#") else f"#{here.pointer}"
    return pointer if here.file == start_file else f"{here.file}{pointer}"


def _chain_text(chain: list[str]) -> str:
    """``a -> b -> c``, with the middle of a long chain left out."""
    if len(chain) > 6:
        chain = [*chain[:3], f"… ({len(chain) - 5} more)", *chain[-2:]]
    return " -> ".join(chain)
