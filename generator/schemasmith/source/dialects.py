"""A custom ``$schema`` dialect: a metaschema found offline, the draft it is written in, its vocabularies.

A schema whose ``$schema`` names no draft is read in the dialect of the metaschema at that URI,
when the metaschema is found the way references are (a relative file, a file beside the schema
for its own ``$id``'s folder, ``--ref-dir``), and that metaschema's own ``$schema`` names a draft.
The schema is checked against that metaschema, and validated by the draft's rules, less the
keywords of the vocabularies (2019-09 and later) the metaschema's ``$vocabulary`` leaves out. A
vocabulary schemasmith does not know is refused when the metaschema requires it (``true``) and
ignored when optional (``false``), as the specification says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from ..errors import SchemaSmithError
from .drafts import DRAFT_DIALECTS, draft_of, names_a_draft
from .file_uris import url2pathname
from .json_file import locate, read_json
from .pointer import pointer_from_parts

if TYPE_CHECKING:
    from .refs import RefDirs

_CORE_2019 = {"$id", "$schema", "$anchor", "$ref", "$recursiveRef", "$recursiveAnchor", "$vocabulary", "$comment", "$defs"}
_CORE_2020 = {"$id", "$schema", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs"}
_APPLICATOR = {
    "items", "contains", "additionalProperties", "properties", "patternProperties", "dependentSchemas",
    "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
    "dependencies",  # the compatibility keyword (reference/keywords.py) goes with the applicators
}
_VALIDATION = {
    "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
    "maxProperties", "minProperties", "required", "dependentRequired",
}
_META_DATA = {"title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples"}
_CONTENT = {"contentEncoding", "contentMediaType", "contentSchema"}
_2019 = "https://json-schema.org/draft/2019-09/vocab/"
_2020 = "https://json-schema.org/draft/2020-12/vocab/"
VOCABULARIES: dict[str, dict[str, frozenset[str]]] = {
    "draft2019-09": {
        _2019 + "core": frozenset(_CORE_2019),
        _2019 + "applicator": frozenset(_APPLICATOR | {"additionalItems", "unevaluatedItems", "unevaluatedProperties"}),
        _2019 + "validation": frozenset(_VALIDATION),
        _2019 + "meta-data": frozenset(_META_DATA),
        _2019 + "format": frozenset({"format"}),
        _2019 + "content": frozenset(_CONTENT),
    },
    "draft2020-12": {
        _2020 + "core": frozenset(_CORE_2020),
        _2020 + "applicator": frozenset(_APPLICATOR | {"prefixItems"}),
        _2020 + "unevaluated": frozenset({"unevaluatedItems", "unevaluatedProperties"}),
        _2020 + "validation": frozenset(_VALIDATION),
        _2020 + "meta-data": frozenset(_META_DATA),
        _2020 + "format-annotation": frozenset({"format"}),
        _2020 + "format-assertion": frozenset({"format"}),
        _2020 + "content": frozenset(_CONTENT),
    },
}


@dataclass(frozen=True)
class Dialect:
    uri: str
    draft: str  # the draft the metaschema is written in (a schemasmith.source.drafts name)
    metaschema: Any
    metaschema_path: Path
    ignored_keywords: frozenset[str]  # those of the draft's vocabularies the metaschema leaves out
    asserts_formats: bool  # the 2020-12 format-assertion vocabulary: formats assert even with --annotate-formats


def find_dialect(uri: str, path: Path, document: dict[str, Any], ref_dirs: RefDirs | None) -> Dialect:
    """The custom dialect ``uri`` (the ``$schema`` of ``document``, read from ``path``)."""
    from .refs import RefDirs

    dirs = (ref_dirs or RefDirs()).with_siblings_of(path, document)
    target = urldefrag(urljoin(path.resolve().as_uri(), uri))[0]
    local = Path(url2pathname(urlsplit(target).path)) if target.startswith("file:") else dirs.local_path(target)
    if local is None or not local.is_file():
        raise SchemaSmithError(
            f"unknown $schema dialect {uri!r}: not a JSON Schema draft, and no metaschema for it is found "
            "offline (serve it with --ref-dir URI_PREFIX=DIR)",
            file=str(path),
            pointer="/$schema",
        )
    _, metaschema = read_json(local)
    base = metaschema.get("$schema") if isinstance(metaschema, dict) else None
    if not isinstance(base, str) or not names_a_draft(base):
        raise SchemaSmithError(
            f"the metaschema of $schema dialect {uri!r} ({local}) must name a JSON Schema draft with its own $schema",
            file=str(path),
            pointer="/$schema",
        )
    draft = draft_of(metaschema)
    declared = metaschema.get("$vocabulary")
    asserts_formats = isinstance(declared, dict) and _2020 + "format-assertion" in declared
    return Dialect(uri, draft, metaschema, local, _ignored_keywords(uri, draft, declared, path), asserts_formats)


def _ignored_keywords(uri: str, draft: str, declared: Any, path: Path) -> frozenset[str]:
    known = VOCABULARIES.get(draft)
    if known is None or not isinstance(declared, dict):
        return frozenset()  # before 2019-09, or no $vocabulary: every keyword of the draft
    for vocabulary, required in declared.items():
        if vocabulary not in known and required is True:
            raise SchemaSmithError(
                f"$schema dialect {uri!r} requires the vocabulary {vocabulary!r}, which schemasmith does not know",
                file=str(path),
                pointer="/$schema",
            )
    every = frozenset().union(*known.values())
    used = frozenset().union(*(known[v] for v in declared if v in known))
    return every - used


def check_against_metaschema(
    dialect: Dialect, path: Path, text: str, schema: dict[str, Any], ref_dirs: RefDirs | None
) -> None:
    """SchemaSmithError (file, line, pointer) unless ``schema`` is valid against the dialect's
    metaschema, whose own references (the draft's vocabulary metaschemas) resolve offline."""
    import jsonschema.exceptions
    import jsonschema.validators
    from referencing.exceptions import Unresolvable

    from .refs import RefDirs, build_registry

    dirs = (ref_dirs or RefDirs()).with_siblings_of(dialect.metaschema_path, dialect.metaschema)
    registry = build_registry(dialect.metaschema_path.resolve().as_uri(), dialect.metaschema, dirs)
    validator_class = jsonschema.validators.validator_for({"$schema": DRAFT_DIALECTS[dialect.draft]})
    try:
        error = jsonschema.exceptions.best_match(
            validator_class(dialect.metaschema, registry=registry).iter_errors(schema)
        )
    except Unresolvable as exc:
        raise SchemaSmithError(
            f"the metaschema of $schema dialect {dialect.uri!r} has a $ref that does not resolve offline: {exc}",
            file=str(path),
            pointer="/$schema",
        ) from None
    except RecursionError:
        raise SchemaSmithError("schema nested too deeply", file=str(path), pointer="") from None
    if error is not None:
        pointer = pointer_from_parts(error.absolute_path)
        line, column = locate(text, pointer)
        message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
        raise SchemaSmithError(
            f"not a valid schema of dialect {dialect.uri!r}: {message}",
            file=str(path), line=line, column=column, pointer=pointer,
        )
