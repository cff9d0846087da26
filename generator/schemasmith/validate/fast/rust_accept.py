"""The accept engine for any schema: jsonschema-rs deciding, in Rust, that a document is valid.

The flat-record path (compile.py) covers records of scalars; every other schema used to send every
document to the pure-Python reference (~1,000 documents/s on a nested payload). Here the whole
schema is compiled by jsonschema-rs (already our dependency, used by patterns.py), made to read the
schema as the reference does, and it only ever *accepts*: a document it calls invalid goes to the
reference, which gives the verdict and every message. What keeps "jsonschema-rs accepts" implying
"the reference accepts":

- **the same document**: lines are decoded by msgspec, as the document policy (documents.py)
  decodes them, and the decoded value is what jsonschema-rs checks. Lines the policy might refuse
  after decoding (nesting near MAX_DEPTH, digit runs long enough to be integers beyond 64 bits)
  go to the reference, which applies the policy;
- **the same draft**: the jsonschema-rs class of the draft ``draft_of`` names (draft 3, which it
  lacks, gets no accept engine);
- **the same formats**: jsonschema-rs's own checker only for the formats where it never accepts
  what ours (formats.py) refuses (RUST_FORMATS: measured on the official suite's format cases and
  mutations of them; tests/test_validate_rust_accept.py keeps measuring); every other format of
  the draft is our Python checker, called from Rust;
- **the same regular expressions**: every ``pattern`` and ``patternProperties`` name is rewritten
  with patterns.ecma_explicit and runs on the engine patterns.py uses for it (the regex crate; or
  fancy-regex with the same backtrack limit when a pattern has lookaround, and then lines longer
  than BACKTRACKING_MAX_LENGTH bytes go to the reference, which reports such strings as too costly);
- **the same references**: ``$ref`` to other documents resolves through our registry only (a
  retriever that never reaches the network); one it does not hold makes the schema reference-only;
- **known disagreements** found by the differential tests over the official suite and the
  SchemaStore corpus (UNSUPPORTED_KEYWORDS) make the schema reference-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import jsonschema_rs
import msgspec

from ..documents import may_hold_long_integer, nests_too_deep
from ..formats import formats_for
from ..patterns import BACKTRACK_LIMIT, BACKTRACKING_MAX_LENGTH, PatternError, compile_pattern, ecma_explicit

if TYPE_CHECKING:
    from referencing import Registry

    from ..strict import UndeclaredProperties

_DECODE = msgspec.json.Decoder().decode
# Formats whose jsonschema-rs checker accepts nothing formats.py refuses (see the module docstring).
RUST_FORMATS = frozenset(
    {"date", "date-time", "time", "ipv4", "ipv6", "uuid", "duration", "json-pointer",
     "relative-json-pointer", "email", "uri", "uri-reference"}
)
# Keywords whose reading differs between jsonschema-rs and the reference in ways that could make
# jsonschema-rs accept more (found by the differential tests); a schema using one is reference-only.
# - draft 2019-09 unevaluatedProperties/Items: the reference (jsonschema's legacy 2019-09 code) does
#   not count properties an adjacent additionalProperties schema evaluated; jsonschema-rs does (as
#   the suite says), so it accepts documents the reference refuses.
UNSUPPORTED_KEYWORDS: dict[str, frozenset[str]] = {
    "draft2019-09": frozenset({"unevaluatedProperties", "unevaluatedItems"}),
}

_DRAFT_URIS = frozenset(
    uri + suffix
    for uri in ("http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema",
                "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft/2019-09/schema",
                "https://json-schema.org/draft/2020-12/schema")
    for suffix in ("", "#")
)
_RUST_CLASSES: dict[str, Any] = {
    "draft4": jsonschema_rs.Draft4Validator,
    "draft6": jsonschema_rs.Draft6Validator,
    "draft7": jsonschema_rs.Draft7Validator,
    "draft2019-09": jsonschema_rs.Draft201909Validator,
    "draft2020-12": jsonschema_rs.Draft202012Validator,
}
# Values of these keywords are data (compared with instances or annotations), never schemas.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})
# Keywords whose value maps names to subschemas (patternProperties' names are patterns too).
_NAMED_SUBSCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"})


# jsonschema-rs's uri and uri-reference checkers accept one thing formats.py refuses: an IPvFuture
# host with an upper-case "V" (``http://[V1.fe]``). A second validator guards such formats (a
# string holding "[V" fails it, so goes to the reference); it costs a quarter more, so it only
# judges the lines whose bytes may hold a "[V" (may_need_guard).
_URI_GUARD = {"not": {"type": "string", "pattern": "\\[V"}}
_GUARDED_FORMATS = frozenset({"uri", "uri-reference"})


class _NoEngine(Exception):
    """jsonschema-rs cannot be made to read this schema as the reference does."""


class RustAccept(NamedTuple):
    """A jsonschema-rs validator for one schema, and which lines it may judge. (A NamedTuple, not a
    frozen dataclass, whose creation costs ~1 ms of every run's start-up.)"""

    is_valid: Callable[[Any], bool]  # for lines where may_need_guard is False
    is_valid_guarded: Callable[[Any], bool]  # for any value
    # Lines longer than this go to the reference (a backtracking pattern's length limit), or None.
    max_line_bytes: int | None
    # For explaining (pruned.py): the guarded schema copy, and how to compile a schema like it.
    rewritten: Any = None
    compile_schema: Callable[[Any], Callable[[Any], bool]] | None = None
    # Whether a subschema's validator judges a value as the whole schema's would there (no
    # $dynamicRef/$recursiveRef, whose meaning depends on the path to the subschema).
    prunable: bool = False

    # Whether the schema has a guarded format, so is_valid_guarded is another validator.
    guards: bool = False

    def is_valid_for(self, text: bytes) -> Callable[[Any], bool]:
        """The validator for values decoded from ``text``: the guarded one where it may hold a "[V"."""
        return self.is_valid_guarded if self.guards and may_need_guard(text) else self.is_valid

    def accepts_one(self, data: bytes, undeclared: UndeclaredProperties | None,
                    is_valid: Callable[[Any], bool] | None = None) -> bool:
        """Whether one JSON text (a request body, a .json file, a line) is accepted: the document
        policy's questions asked of it alone, then ``is_valid``, by default the guarded validator,
        which judges any value (looking for the guard's bytes first would cost more than the guard)."""
        if (
            nests_too_deep(data)
            # Integers beyond 64 bits but within a double jsonschema-rs compares exactly, as the
            # reference does (tests/test_validate_rust_accept.py).
            or may_hold_long_integer(data)
            or (self.max_line_bytes is not None and len(data) > self.max_line_bytes)
        ):
            return False
        try:
            document = _DECODE(data)
            return (is_valid or self.is_valid_guarded)(document) and (
                undeclared is None or next(undeclared.find(document), None) is None
            )
        except Exception:  # noqa: BLE001 - whatever went wrong, the reference decides
            return False

def compile_rust_accept(
    schema: Any, draft: str, registry: Registry | None = None, base_uri: str = ""
) -> RustAccept | None:
    """The accept engine for ``schema``, or None when jsonschema-rs cannot stand in for the reference."""
    try:
        return _compile(schema, draft, registry, base_uri)
    except _NoEngine:
        return None


def _compile(schema: Any, draft: str, registry: Registry | None, base_uri: str) -> RustAccept:
    validator_class = _RUST_CLASSES.get(draft)
    if validator_class is None or not isinstance(schema, (dict, bool)):
        raise _NoEngine
    dialect = schema.get("$schema") if isinstance(schema, dict) else None
    if dialect is not None and dialect not in _DRAFT_URIS:
        # A metaschema of its own: jsonschema-rs honours its $vocabulary (a schema without the
        # validation vocabulary asserts no "minimum"), the reference does not.
        raise _NoEngine
    unsupported = UNSUPPORTED_KEYWORDS.get(draft, frozenset())
    if any(unsupported & node.keys() for node in subschemas(schema)):
        raise _NoEngine
    # With other documents in play (a registry, a reference to another document, a metaschema
    # included), any format may be reached: then all our checkers.
    named = None if registry is not None else _format_names(schema)
    linear = [True]
    guarded = _rewrite(schema, linear, guard=True)
    rewritten = _rewrite(schema, linear, guard=False)
    options: dict[str, Any] = {
        "validate_formats": True,
        # jsonschema-rs calls a custom format with strings only; our checkers never raise. Only the
        # formats the schema names: any Python checker registered costs every is_valid call ~0.5 us
        # (more on nested documents), whether or not the document reaches a format.
        "formats": {
            name: check for name, check in formats_for(draft).items()
            if name not in RUST_FORMATS and (named is None or name in named)
        },
        "pattern_options": (
            jsonschema_rs.RegexOptions() if linear[0] else jsonschema_rs.FancyRegexOptions(backtrack_limit=BACKTRACK_LIMIT)
        ),
        "retriever": _retriever(registry, guarded),
    }
    if base_uri:
        options["base_uri"] = base_uri
    try:
        validator = validator_class(rewritten, **options)
        safe = validator_class(guarded, **options) if guarded != rewritten else validator
    except Exception:  # noqa: BLE001 - any schema jsonschema-rs will not take stays with the reference
        raise _NoEngine from None
    dynamic = any(("$dynamicRef" in node or "$recursiveRef" in node) for node in subschemas(schema))

    def compile_schema(subschema: Any) -> Callable[[Any], bool]:
        return validator_class(subschema, **options).is_valid  # type: ignore[no-any-return]

    return RustAccept(
        validator.is_valid, safe.is_valid, None if linear[0] else BACKTRACKING_MAX_LENGTH,
        guarded, compile_schema, not dynamic and linear[0] and isinstance(schema, dict), safe is not validator,
    )


_REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")


def _format_names(node: Any) -> set[str] | None:
    """Every string a "format" key holds anywhere in the schema document, data keywords included
    (a ``$ref`` may point anywhere): more than the formats in use, never fewer. None when the
    schema refers to another document (whose formats are not in this one)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("format"), str):
                names.add(item["format"])
            for keyword in _REFERENCES:
                target = item.get(keyword)
                if isinstance(target, str) and not target.startswith("#"):
                    return None
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return names


def may_need_guard(data: bytes) -> bool:
    """Whether JSON text may hold a "[V" in a string: literally, or through a \\u escape of either
    character (\\u005B, \\u005b, \\u0056: all begin \\u005)."""
    # A one-byte search is a memchr, ~20 times cheaper than that of two bytes: it goes first.
    return (b"V" in data and b"[V" in data) or (b"\\" in data and b"\\u005" in data)


def _rewrite(node: Any, linear: list[bool], guard: bool) -> Any:
    """A copy of the schema ``node`` with its patterns in ECMA-262-explicit form (patterns.py).

    Every dict reachable outside data keywords is read as a possible schema (a ``$ref`` may point
    anywhere); rewriting a "pattern" string that turns out not to be a schema changes no verdict.
    """
    if isinstance(node, list):
        return [_rewrite(item, linear, guard) for item in node]
    if not isinstance(node, dict):
        return node
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DATA_KEYWORDS:
            copy[key] = value
        elif key == "pattern" and isinstance(value, str):
            copy[key] = _pattern(value, linear)
        elif key in _NAMED_SUBSCHEMAS and isinstance(value, dict):
            renamed = key == "patternProperties"
            copy[key] = {
                (_pattern(name, linear) if renamed else name): _rewrite(sub, linear, guard) for name, sub in value.items()
            }
        else:
            copy[key] = _rewrite(value, linear, guard)
    if guard and node.get("format") in _GUARDED_FORMATS:
        copy["allOf"] = [*copy.get("allOf", []), _URI_GUARD]
    return copy


def _pattern(source: str, linear: list[bool]) -> str:
    try:
        compiled = compile_pattern(source)
    except PatternError:
        raise _NoEngine from None
    linear[0] = linear[0] and compiled.linear
    return ecma_explicit(source)


# Where a validator of one subschema (pruned.py) finds the whole schema: {"$ref": ROOT_URI + "#/…"}.
ROOT_URI = "urn:schemasmith:root"


def _retriever(registry: Registry | None, root: Any) -> Callable[[str], Any]:
    def retrieve(uri: str) -> Any:
        if uri == ROOT_URI:
            return root
        if registry is None:
            raise LookupError(f"{uri} is not in the registry")
        return registry.get_or_retrieve(uri).value.contents

    return retrieve


def subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a schema outside data keywords (for tests and diagnostics)."""
    if isinstance(node, list):
        for item in node:
            yield from subschemas(item)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from subschemas(value)


def subschemas_with_pointers(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON Pointer, subschema) for every dict of a schema outside data keywords, not entering an
    embedded resource (a nested ``$id``/``id``, whose pointers another base would read)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from subschemas_with_pointers(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    if pointer and ("$id" in node or isinstance(node.get("id"), str)):
        return
    yield pointer, node
    for key, value in node.items():
        if key in _DATA_KEYWORDS:
            continue
        here = f"{pointer}/{_token(key)}"
        if key in _NAMED_SUBSCHEMAS and isinstance(value, dict):
            for name, sub in value.items():
                yield from subschemas_with_pointers(sub, f"{here}/{_token(name)}")
        else:
            yield from subschemas_with_pointers(value, here)


def _token(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
