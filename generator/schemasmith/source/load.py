"""Read a schema (or an OpenAPI document) from disk and check it against its draft's metaschema."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .drafts import LATEST_URIS, LATEST_READ_AS, names_a_draft, with_canonical_dialect
from ..errors import SchemaSmithError
from .json_file import locate, read_json
from .pointer import pointer_from_parts

if TYPE_CHECKING:
    from referencing import Registry

    from .dialects import Dialect
    from .refs import RefDirs

DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DRAFT7_DIALECT = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class LoadedSchema:
    """A parsed, metaschema-valid document and what later stages need to know about it."""

    path: Path
    text: str
    document: Any
    is_openapi: bool
    ref_dirs: RefDirs | None = None  # --ref-dir mappings for remote $refs
    dialect: Dialect | None = None  # the custom dialect $schema names (dialects.py), if not a draft
    reading: str = ""  # which draft the document is read as, and why, in words (--verbose says it)
    # Whether loading already said the reading on stderr (a draft 7 reading the file does not
    # declare: no $schema, or the retired "latest" URI), so --verbose does not say it twice.
    reading_said: bool = False

    @functools.cached_property
    def content_hash(self) -> str:
        """The text's SHA-256, which generated headers quote; computed on first use (``validate``
        never asks, nor pays for importing hashlib, ~3 ms of its start-up)."""
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @functools.cached_property
    def registry(self) -> Registry:
        """How this document's ``$ref``s resolve (offline), built on first use: validating against
        a schema without references never needs it, nor the import of ``referencing``."""
        from .refs import RefDirs, build_registry

        ref_dirs = (self.ref_dirs or RefDirs()).with_siblings_of(self.path, self.document)
        specification = None
        if self.dialect is not None:
            from referencing.jsonschema import specification_with

            from .drafts import DRAFT_DIALECTS

            specification = specification_with(DRAFT_DIALECTS[self.dialect.draft])
        return build_registry(self.path.resolve().as_uri(), self.document, ref_dirs, specification)

    @property
    def display_name(self) -> str:
        # Only the file name reaches generated headers: an absolute path would differ per machine.
        return self.path.name


def load_schema(path: Path, ref_dirs: RefDirs | None = None, *, custom_dialects: bool = False) -> LoadedSchema:
    """Parse ``path`` and check it against the metaschema of the draft it declares.

    With ``custom_dialects`` (validation) a ``$schema`` naming no draft is looked up as a custom
    dialect's metaschema (dialects.py); without (code generation, which reads keywords by draft
    only) it is refused."""
    text, document = read_json(path)
    is_openapi = isinstance(document, dict) and "openapi" in document
    dialect = None
    original = document
    if is_openapi:
        _check_openapi(path, text, document)
    elif isinstance(document, dict):
        document = _read_dialect(path, document)
        dialect = _custom_dialect(path, document, ref_dirs) if custom_dialects else None
        if dialect is not None:
            from .dialects import check_against_metaschema

            check_against_metaschema(dialect, path, text, document, ref_dirs)
        else:
            _check_against_metaschema(path, text, document, "")
    elif not isinstance(document, bool):
        raise SchemaSmithError(
            f"a schema must be a JSON object or boolean, got {type(document).__name__}",
            file=str(path),
            pointer="",
        )
    return LoadedSchema(
        path=path,
        text=text,
        document=document,
        is_openapi=is_openapi,
        ref_dirs=ref_dirs,
        dialect=dialect,
        reading=_reading(original, document, dialect),
        reading_said=isinstance(original, dict) and not is_openapi and (
            original.get("$schema") in LATEST_URIS or ("$schema" not in original and "$schema" in document)
        ),
    )


def _draft_words(draft: str) -> str:
    return "draft " + draft.removeprefix("draft")  # "draft2020-12" -> "draft 2020-12"


def _reading(original: Any, document: Any, dialect: Dialect | None) -> str:
    """Which draft ``document`` (as read from ``original``) is read as, and why, in one phrase."""
    if not isinstance(document, dict):
        return "a boolean schema: read alike by every draft"
    if "openapi" in document:
        return f"an OpenAPI {document.get('openapi')} document: its schemas read as its version defines them"
    if dialect is not None:
        return (f"$schema {dialect.uri!r} is a custom dialect: read by its metaschema "
                f"({dialect.metaschema_path.name}), written in {_draft_words(dialect.draft)}")
    from .drafts import draft_of

    draft = _draft_words(draft_of(document))
    declared = original.get("$schema") if isinstance(original, dict) else None
    if declared is None:
        if "$schema" in document:
            return "no $schema, and not a valid 2020-12 schema but a valid draft 07 one: read as draft 07"
        return f"no $schema: read as {draft}, the default"
    if declared in LATEST_URIS:
        return f"$schema {declared!r} (the retired \"latest\" URI): read as {draft}"
    return f"$schema {declared!r}: read as {draft}"


def _read_dialect(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The document with ``$schema`` spelled as its draft spells it (http/https, with or without
    the empty fragment), so every later stage reads the same draft; the old "latest" URI is read
    as draft 7, which is said once on stderr because the file does not name that draft itself."""
    if "$schema" not in document:
        return _read_undeclared(path, document)
    dialect = document.get("$schema")
    if dialect in LATEST_URIS:
        print(
            f"{path}: warning: $schema {dialect!r} (the retired \"latest\" URI) is read as {LATEST_READ_AS!r}",
            file=sys.stderr,
        )
    canonical: dict[str, Any] = with_canonical_dialect(document)
    return canonical


def _read_undeclared(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """A file without ``$schema`` is read as 2020-12, unless 2020-12 refuses it and draft 07 does
    not: then it was written for draft 07 (``items`` as a tuple array, ``$id: "#name"`` as an
    anchor, ``additionalItems``), and it is read, generated and validated as draft 07, said on stderr."""
    try:
        if jsonschema_rs.meta.is_valid(document):
            return document
    except (ValueError, jsonschema_rs.ValidationError):
        return document  # let the metaschema check explain it
    as_draft7 = {**document, "$schema": DRAFT7_DIALECT}
    try:
        if not jsonschema_rs.meta.is_valid(as_draft7):
            return document
        # jsonschema has the last word on either verdict (see _check_against_metaschema).
        if _first_metaschema_error(document, DEFAULT_DIALECT) is None or _first_metaschema_error(as_draft7, DRAFT7_DIALECT) is not None:
            return document
    except (ValueError, jsonschema_rs.ValidationError, RecursionError):
        return document
    print(f"{path}: note: no $schema, and not a valid 2020-12 schema but a valid draft 07 one: read as draft 07",
          file=sys.stderr)
    return as_draft7


def _custom_dialect(path: Path, document: dict[str, Any], ref_dirs: RefDirs | None) -> Dialect | None:
    """The custom dialect the root's ``$schema`` names; None for a draft (or no ``$schema``)."""
    dialect = document.get("$schema")
    if not isinstance(dialect, str) or names_a_draft(dialect):
        return None
    from .dialects import find_dialect

    return find_dialect(dialect, path, document, ref_dirs)


def _check_openapi(path: Path, text: str, document: dict[str, Any]) -> None:
    components = document.get("components", {})
    schemas = components.get("schemas", {}) if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        raise SchemaSmithError(
            "components/schemas must be an object", file=str(path), pointer="/components/schemas"
        )
    version = str(document.get("openapi", ""))
    # OpenAPI 3.1 schemas are 2020-12; 3.0 uses its own subset, which the 2020-12 metaschema
    # would misjudge (e.g. `nullable`), so only 3.1 components are checked against it.
    if version.startswith("3.1"):
        for name, schema in schemas.items():
            if isinstance(schema, dict):
                _check_against_metaschema(
                    path, text, schema, pointer_from_parts(["components", "schemas", name])
                )


def _check_against_metaschema(path: Path, text: str, schema: dict[str, Any], base: str) -> None:
    dialect = schema.get("$schema", DEFAULT_DIALECT)
    if not isinstance(dialect, str):
        raise SchemaSmithError("$schema must be a string", file=str(path), pointer=f"{base}/$schema")
    # Without $schema the document is read as 2020-12; a $schema naming no known draft is refused.
    if not names_a_draft(dialect):
        raise SchemaSmithError(f"unknown $schema dialect {dialect!r}", file=str(path), pointer=f"{base}/$schema")
    try:
        # jsonschema-rs answers in milliseconds where jsonschema takes most of a second on a large
        # schema; jsonschema, imported only then, explains a rejection and has the last word on it.
        if jsonschema_rs.meta.is_valid(schema):
            return
    except (ValueError, jsonschema_rs.ValidationError):
        pass  # a dialect jsonschema-rs does not know: let jsonschema decide
    try:
        error = _first_metaschema_error(schema, dialect)
    except RecursionError:
        raise SchemaSmithError("schema nested too deeply", file=str(path), pointer=base) from None
    if error is None:
        return
    pointer = base + pointer_from_parts(error.absolute_path)
    line, column = locate(text, pointer)
    raise SchemaSmithError(
        f"not a valid schema: {_short(error.message)}",
        file=str(path),
        line=line,
        column=column,
        pointer=pointer,
    )


def _first_metaschema_error(schema: dict[str, Any], dialect: str) -> Any:
    import jsonschema
    import jsonschema.validators

    validator_class = jsonschema.validators.validator_for({"$schema": dialect}, default=jsonschema.Draft202012Validator)
    return jsonschema.exceptions.best_match(validator_class(validator_class.META_SCHEMA).iter_errors(schema))


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"

