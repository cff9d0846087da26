"""Validator: one compiled schema, validating parsed documents, single JSON texts and NDJSON chunks.

Every verdict is the reference validator's (reference/engine.py); the fast path (fast/compile.py) only
accepts early what the reference would accept, and hands everything else to it.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import msgspec

from ..source.drafts import draft_of, with_canonical_dialect
from ..errors import SchemaSmithError
from ..source.json_file import locate
from ..source.pick import load_picked
from .fast.format_checks import format_failures, formats_hold
from .documents import (
    BOM, JSON_WHITESPACE, DocumentError, parse_document,
)
from .fast.compile import FastPath, compile_fast_path, depth_guarded, fast_path_applies, no_fast_path
from .fast.flat_errors import FlatRecordErrors
from .issues import BestMatch, Issue, Tally, shorten
from .schema_check import check_schema, needs_registry

if TYPE_CHECKING:
    from referencing import Registry

    from .fast.rust_accept import RustAccept
    from .fast.typed_accept import TypedAccept

    from ..source.dialects import Dialect
    from ..source.refs import RefDirs

# (pointer, message, keyword, best match): an error and, for anyOf/oneOf, its best match.
Explained = tuple[str, str, "str | None", "BestMatch | None"]
_DECODE = msgspec.json.Decoder().decode
_ENCODE = msgspec.json.Encoder().encode
_DECODE_FAILURES = (msgspec.DecodeError, ValueError, RecursionError)
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(.*)`$", re.DOTALL)
# Undeclared property names the strict decoder learns to take (see _learn_undeclared).
MAX_LEARNED = 32
_JSON_WHITESPACE = JSON_WHITESPACE  # a local name: the hot loop reads it
# Finding the line of a pointer re-reads the file; beyond this size the line is left out.
_LOCATE_LIMIT = 8 * 1024 * 1024
STRICT_KEYWORD = "strict"


class Validator:
    """Validates documents against one schema; build it once, use it for any number of documents."""

    def __init__(
        self,
        schema: Any,
        *,
        registry: Registry | None = None,
        base_uri: str = "",
        strict: bool = False,
        fast_path: bool = True,
        annotate_formats: bool = False,
        dialect: Dialect | None = None,
    ) -> None:
        """``annotate_formats``: ``format`` is an annotation, never an error (2020-12's default; by
        default schemasmith asserts every format). ``dialect``: the custom metaschema ``$schema``
        names (load_schema finds it), whose draft and vocabularies say which keywords apply."""
        # Every spelling of a draft's URI read as that draft, by jsonschema too (drafts.py).
        schema = with_canonical_dialect(schema)
        self.schema = schema
        self.strict = strict
        self.draft = dialect.draft if dialect is not None else draft_of(schema)
        self.annotate_formats = annotate_formats and not (dialect is not None and dialect.asserts_formats)
        self.dialect = dialect
        self.reading = ""  # which draft the schema file is read as, in words (from_path; --verbose)
        self._registry = registry
        self._base_uri = base_uri
        check_schema(schema, registry, self.draft, base_uri)
        fast_path = fast_path and fast_path_applies(schema, self.draft, self.annotate_formats, dialect)
        self.fast_path: FastPath | None = compile_fast_path(schema, self.draft, strict) if fast_path else None
        # Any other schema: jsonschema-rs accepts (fast/rust_accept.py), the reference explains.
        # Imported only for such a schema: a flat record's run never needs them (~10 ms of start-up).
        self.rust_accept: RustAccept | None = None
        if fast_path and self.fast_path is None:
            from .fast.rust_accept import compile_rust_accept

            self.rust_accept = compile_rust_accept(schema, self.draft, registry, base_uri)
        # In front of it, for a schema msgspec Structs express: a typed decode (fast/typed_accept.py).
        self.typed_accept: TypedAccept | None = None
        if self.rust_accept is not None and not strict:
            from .fast.typed_accept import compile_typed_accept

            self.typed_accept = compile_typed_accept(schema, self.draft)
        # Which engine accepts documents before the reference is asked (tests assert it).
        self.accept_path = "msgspec" if self.fast_path else "jsonschema-rs" if self.rust_accept else "reference"
        self._undeclared = None
        if strict:
            from .strict import UndeclaredProperties

            self._undeclared = UndeclaredProperties(schema, registry, base_uri)
        self._learned: list[str] = []
        self._strict_decode: Callable[[bytes], Any] = no_fast_path
        if self.fast_path is not None:
            decode = self.fast_path.strict_decoder.decode
            self._strict_decode = depth_guarded(decode) if self.fast_path.deep_values else decode
        # For a schema the fast path models, the reference's errors are computed directly.
        self._flat_errors = FlatRecordErrors(schema, self.draft) if self.fast_path is not None else None
        self._reference_errors: Callable[[Any], list[Explained]] = (
            self._flat_errors.errors if self._flat_errors is not None else self._full_errors
        )

    @functools.cached_property
    def reference(self) -> Any:
        """jsonschema's validator for this schema (imported and built on first use: a schema the
        fast path models never needs it)."""
        from .reference.engine import reference_validator

        return reference_validator(
            self.schema,
            self._registry,
            draft=self.draft,
            annotate_formats=self.annotate_formats,
            ignored_keywords=self.dialect.ignored_keywords if self.dialect is not None else frozenset(),
            base_uri=self._base_uri,
        )

    @functools.cached_property
    def _pruned_reference(self) -> Any:
        """The reference validator skipping values jsonschema-rs finds valid (fast/pruned.py), for
        documents that are exactly JSON; None where that would not give the reference's errors."""
        rust = self.rust_accept
        if rust is None or not rust.prunable or rust.compile_schema is None:
            return None
        if self.draft != "draft2020-12" and not isinstance(self.schema.get("$schema"), str):
            # Read as an older draft without saying so: a validator of one subschema, which finds
            # the schema by URI, would read it as 2020-12.
            return None
        from .fast.pruned import pruned_reference
        from .reference.engine import reference_class_and_options

        reference_class, options = reference_class_and_options(
            self.schema,
            self._registry,
            draft=self.draft,
            annotate_formats=self.annotate_formats,
            ignored_keywords=self.dialect.ignored_keywords if self.dialect is not None else frozenset(),
            base_uri=self._base_uri,
        )
        return pruned_reference(reference_class, self.schema, options, rust.compile_schema, rust.rewritten)

    @functools.cached_property
    def _nested_errors(self) -> Any:
        """The reference's errors without ``jsonschema`` (fast/nested_errors.py), or None."""
        from .fast.nested_errors import nested_errors_for

        return None if self.dialect else nested_errors_for(self.schema, self.draft, self.annotate_formats, self.rust_accept)

    def _full_errors(self, document: Any, exact_json: bool = False) -> list[Explained]:
        from referencing.exceptions import Unresolvable

        from .reference.engine import explained_errors

        validator = self._pruned_reference if exact_json else None
        try:
            return list(explained_errors(validator if validator is not None else self.reference, document))
        except Unresolvable as exc:
            raise SchemaSmithError(f"broken schema: cannot resolve $ref: {exc}") from None

    @classmethod
    def from_path(
        cls,
        path: Path | str,
        *,
        strict: bool = False,
        fast_path: bool = True,
        ref_dirs: RefDirs | None = None,
        annotate_formats: bool = False,
        model: str | None = None,
    ) -> Validator:
        """Load ``path`` (checked against its draft's metaschema) and compile it; SchemaSmithError if broken.

        ``path`` may end in a URI fragment holding a JSON Pointer (``openapi.json#/components/schemas/Session``,
        ``schema.json#/$defs/Turn``), or ``model`` name an OpenAPI component (a ``$defs`` or
        ``definitions`` entry in a JSON Schema): that schema is validated against, its references
        resolving against the whole document (source/pick.py). References resolve offline as
        ``generate``'s do: relative files, the files beside the schema for its own ``$id``'s folder,
        and ``ref_dirs`` (``--ref-dir``)."""
        loaded = load_picked(path, ref_dirs, model)
        validator = cls(
            loaded.document,
            # Only references to other documents need the registry (and the import of
            # `referencing` it costs): local ones resolve alike without it (local_refs.py).
            registry=loaded.registry if needs_registry(loaded.document, custom_dialect=loaded.dialect is not None) else None,
            base_uri=loaded.path.resolve().as_uri(),
            strict=strict,
            fast_path=fast_path,
            annotate_formats=annotate_formats,
            dialect=loaded.dialect,
        )
        validator.reading = "" if loaded.reading_said else loaded.reading
        return validator

    # -- parsed documents ---------------------------------------------------------------------

    def errors(self, document: Any) -> list[tuple[str, str, str | None]]:
        """(pointer, message, keyword) for every problem in a parsed document; [] when valid."""
        return [(pointer, message, keyword) for pointer, message, keyword, _ in self.explained_errors(document)]

    def explained_errors(self, document: Any) -> list[Explained]:
        """``errors``, each with its best match: for an ``anyOf``/``oneOf`` error, the deepest error
        of the branch that came closest, (pointer, message, keyword), as jsonschema's best_match
        picks it; else None."""
        accepted, exact_json = self._accepts_value(document)
        if accepted:
            return []
        return self._explain(document, exact_json)

    def _explain(self, document: Any, exact_json: bool = False) -> list[Explained]:
        """The reference's (pointer, message, keyword) for a document no fast path accepted;
        ``exact_json``: the document is exactly a JSON value (decoded by the document policy)."""
        try:
            if exact_json and self.rust_accept is not None:
                direct = self._nested_errors.errors(document) if self._nested_errors is not None else None
                found = direct if direct is not None else self._full_errors(document, exact_json=True)
            else:
                found = list(self._reference_errors(document))
            if self._undeclared is not None:
                found += [
                    (pointer, f"{name!r} is not a property the schema declares", STRICT_KEYWORD, None)
                    for pointer, name in self._undeclared.find(document)
                ]
        except RecursionError:
            return [("", "document nested too deeply to validate", None, None)]
        except re.error as exc:
            raise SchemaSmithError(f"broken schema: invalid regular expression: {exc}") from None
        return [(pointer, shorten(message), keyword, _shortened(best)) for pointer, message, keyword, best in found]

    def validate_document(self, document: Any, file: str = "<document>", line: int | None = None) -> list[Issue]:
        """Issues for one parsed document (a dict from json.loads, say)."""
        return [
            Issue(file, line, pointer, message, keyword, best)
            for pointer, message, keyword, best in self.explained_errors(document)
        ]

    def iter_errors(self, document: Any) -> Iterator[Issue]:
        """``validate_document``'s issues one by one (the name jsonschema and jsonschema-rs give it)."""
        return iter(self.validate_document(document))

    def is_valid(self, document: Any) -> bool:
        accepted, exact_json = self._accepts_value(document)
        return accepted or not self._explain(document, exact_json)

    def is_valid_json(self, text: bytes | str) -> bool:
        """``is_valid`` for one JSON text, as a service receives a request body (a leading byte
        order mark tolerated, as in ``validate_json``). Faster than parsing it first: the text is
        decoded under the document policy straight into what the accept engine reads, with no
        check that a Python value is exactly JSON."""
        # A str holding a lone surrogate becomes bytes that are not UTF-8: refused, as in a file.
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        data = data.removeprefix(BOM)
        return self._fast_accepts(data) or not self._review(data, "<document>", None)

    # -- JSON texts ---------------------------------------------------------------------------

    def validate_json(self, data: bytes, file: str = "<document>") -> Tally:
        """One JSON document (a ``.json`` file's bytes; a leading BOM is tolerated)."""
        data = data.removeprefix(BOM)
        tally = Tally(documents=1)
        if self._fast_accepts(data):
            return tally
        issues = self._review(data, file, None)
        if issues:
            tally.invalid = 1
            tally.issues = self._with_lines(data, issues)
        return tally

    def validate_ndjson(self, chunk: bytes, file: str = "<stdin>", first_line: int = 1) -> Tally:
        """Newline-delimited JSON: one document per line; blank lines are skipped, not reported.

        ``first_line`` is the 1-based number of the chunk's first line within its file. The chunk
        must start at a line boundary; a final newline is optional.
        """
        # readlines finds newlines with memchr: twice as fast as chunk.split(b"\n"), which compares
        # byte by byte. Each line keeps its "\n", which JSON reads as whitespace.
        lines = io.BytesIO(chunk).readlines()
        tally = Tally(newlines=len(lines) - (1 if lines and not lines[-1].endswith(b"\n") else 0))
        to_review, formats_only = self._lines_to_review(chunk, lines)
        for index in to_review:
            issues = self._format_issues(formats_only[index], file, first_line + index) if index in formats_only else []
            if not issues:
                line = lines[index].removesuffix(b"\n")
                if not line.strip(_JSON_WHITESPACE):
                    tally.blank_lines += 1
                    continue
                issues = self._review(line, file, first_line + index)
            if issues:
                tally.invalid += 1
                tally.issues.extend(issues)
        tally.documents = len(lines) - tally.blank_lines
        return tally

    # -- the fast path ------------------------------------------------------------------------

    def _lines_to_review(self, chunk: bytes, lines: list[bytes]) -> tuple[list[int], dict[int, Any]]:
        """Indices of the lines the fast path could not accept (all of them without a fast path),
        and, for those of them that decoded and only failed a format, their decoded format values.
        """
        fast = self.fast_path
        if fast is None:
            if self.rust_accept is not None:
                return self._rust_rejected(self.rust_accept, chunk, lines), {}
            return list(range(len(lines))), {}
        values, rejected = self._decode_all(fast, lines)
        failed_formats = format_failures(fast, values, rejected)
        if not failed_formats:
            return rejected, {}
        # Without --strict a decoded line's only errors are its formats' (see _format_issues).
        formats_only = {} if self._undeclared is not None else {index: values[index] for index in failed_formats}
        return sorted(set(rejected).union(failed_formats)), formats_only

    def _format_issues(self, decoded: Any, file: str, line: int) -> list[Issue]:
        """The reference's issues for a line the fast path decoded whose only failures are formats.

        Decoding into the Struct checked the document policy, every property's type, ``required``
        and ``additionalProperties``, so the reference's errors are those of the format properties
        that fail, in schema order: no second parse of the line is needed.
        """
        assert self.fast_path is not None and self._flat_errors is not None
        fields = self.fast_path.format_fields
        found: list[Explained] = []
        if len(fields) == 1:  # the line is here because this one failed
            found = self._flat_errors.property_errors(fields[0].property_name, decoded)
        else:
            for field, value in zip(fields, decoded):
                if value.__class__ is str and not field.check(value):
                    found += self._flat_errors.property_errors(field.property_name, value)
        return [Issue(file, line, pointer, shorten(message), keyword, _shortened(best))
                for pointer, message, keyword, best in found]

    def _decode_all(self, fast: FastPath, lines: list[bytes]) -> tuple[list[Any], list[int]]:
        """Decode every line with the strict Struct decoder.

        Returns, per line, what ``read_formats`` gives (the Struct's class when there are no
        formats to read; None where decoding failed), and the indices of the lines that failed.
        ``list.extend`` over ``map`` runs the loop in C and keeps what it appended before a
        failure, so the failing line's index is the list's length; the loop then resumes after it.
        """
        read = fast.read_formats or type
        values: list[Any] = []
        rejected: list[int] = []
        remaining = iter(lines)
        while True:
            try:
                values.extend(map(read, map(self._strict_decode, remaining)))
            except _DECODE_FAILURES as failure:
                if (record := self._decode_learning(lines[len(values)], failure)) is None:
                    rejected.append(len(values))
                values.append(None if record is None else read(record))
                continue
            return values, rejected

    def _decode_learning(self, line: bytes, failure: Exception) -> Any:
        """A refused line's record, decoded again as the decoder learns each undeclared name it
        refused (a line may bring several); None when it may not learn them."""
        while self._learn_undeclared(failure):
            try:
                return self._strict_decode(line)
            except _DECODE_FAILURES as next_failure:
                failure = next_failure.with_traceback(None)  # its traceback would hold this frame: a cycle
        return None

    def _learn_undeclared(self, failure: Exception) -> bool:
        """Let the strict decoder take an undeclared property it just refused; False if it may not.

        Only where undeclared properties are allowed (not with ``--strict`` or
        ``additionalProperties: false``), and for at most MAX_LEARNED names per validator.
        """
        fast = self.fast_path
        if fast is None or not fast.takes_undeclared or len(self._learned) >= MAX_LEARNED:
            return False
        match = _UNKNOWN_FIELD.search(str(failure))
        if match is None or match.group(1) in self._learned:
            return False
        if any(c in '\\"' or c < " " for c in match.group(1)):
            # msgspec cannot rename a field to such a name; the full validator takes these lines.
            return False
        try:
            decode = fast.decoder_with((*self._learned, match.group(1))).decode
        except (TypeError, ValueError):  # any other name msgspec refuses: leave it to the full path
            return False
        self._learned.append(match.group(1))
        self._strict_decode = depth_guarded(decode) if fast.deep_values else decode
        return True

    def _rust_rejected(self, rust: RustAccept, chunk: bytes, lines: list[bytes]) -> list[int]:
        """Indices of the lines jsonschema-rs did not accept (or may not judge).

        The loop is decode and ``is_valid`` only: what the document policy may refuse after
        decoding (nesting beyond MAX_DEPTH, integers beyond a double) and the guard's question are
        asked of the whole chunk at once, and only a chunk where one may be true has its lines
        looked at one by one (fast/rust_lines.py). Per line, those checks cost as much as the
        ``is_valid`` itself.
        """
        from .fast.rust_lines import rust_rejected
        from .fast.typed_lines import typed_rejected

        if self.typed_accept is not None:
            # Only the lines the typed decode did not accept go on (fast/typed_lines.py).
            left = typed_rejected(self.typed_accept, lines)
            if not left:
                return left
            if len(left) == len(lines):
                return rust_rejected(rust, chunk, lines, self._undeclared)
            judged = rust_rejected(rust, b"".join([lines[i] for i in left]), [lines[i] for i in left], self._undeclared)
            return [left[i] for i in judged]
        return rust_rejected(rust, chunk, lines, self._undeclared)

    @functools.cached_property
    def _value_engine(self) -> RustAccept | None:
        """The accept engine for parsed documents: jsonschema-rs, for a flat record too (compiled
        on the first document): on a dict it takes ~0.6 us where the flat path, built for lines,
        decodes the text into its Struct and checks each format alone (~5 us on Session)."""
        if self.rust_accept is not None or self.fast_path is None:
            return self.rust_accept  # None: fast_path=False, or a schema only the reference reads
        from .fast.rust_accept import compile_rust_accept

        return compile_rust_accept(self.schema, self.draft, self._registry, self._base_uri)

    def _accepts_value(self, document: Any) -> tuple[bool, bool]:
        """Whether an accept engine takes a parsed document that is exactly a JSON value.

        A Python value may hold what JSON cannot (tuples, non-string keys, NaN, Decimal) and what
        the reference reads otherwise; such a value does not survive a JSON round trip unchanged,
        and goes to the reference. Returns (accepted, exactly a JSON value).
        """
        rust = self._value_engine
        if rust is None and self.fast_path is None:
            return False, False
        try:
            text = _ENCODE(document)
            same = _DECODE(text)
            if same != document:
                return False, False
            if rust is None:
                # The flat path reads the text as it reads a line: the record's Struct, its formats.
                return self._fast_accepts(text), True
            if rust.max_line_bytes is not None and len(text) > rust.max_line_bytes:
                return False, True
            if not rust.is_valid_for(text)(same):
                return False, True
        except Exception:  # noqa: BLE001 - whatever went wrong, the reference decides
            return False, False
        return self._undeclared is None or next(self._undeclared.find(document), None) is None, True

    def _fast_accepts(self, data: bytes) -> bool:
        """Whether an accept engine takes one JSON text: the typed stage where it pays on one
        document (TypedAccept.suits_one_document), then jsonschema-rs."""
        rust = self.rust_accept
        if rust is not None:
            if (typed := self.typed_accept) is not None and typed.suits_one_document and typed.accepts_one(data):
                return True
            return rust.accepts_one(data, self._undeclared)
        fast = self.fast_path
        if fast is None:
            return False
        try:
            record = self._strict_decode(data)
        except _DECODE_FAILURES as failure:
            record = self._decode_learning(data, failure)  # as for a file's lines
            if record is None:
                return False
        return formats_hold(fast, record)

    # -- the reference ------------------------------------------------------------------------

    def _review(self, data: bytes, file: str, line: int | None) -> list[Issue]:
        try:
            document = parse_document(data)
        except DocumentError as exc:
            return [Issue(file, line, "", str(exc), None)]
        return [
            Issue(file, line, pointer, message, keyword, best)
            for pointer, message, keyword, best in self._explain(document, exact_json=True)
        ]

    def _with_lines(self, data: bytes, issues: list[Issue]) -> list[Issue]:
        """Give issues in a ``.json`` file the line of their pointer, when it can be found cheaply."""
        if len(data) > _LOCATE_LIMIT or issues[0].keyword is None:
            return issues
        text = data.decode("utf-8")
        return [
            Issue(i.file, locate(text, i.pointer)[0] if i.pointer else 1, i.pointer, i.message, i.keyword, i.best_match)
            for i in issues
        ]


def _shortened(best: BestMatch | None) -> BestMatch | None:
    return None if best is None else (best[0], shorten(best[1]), best[2])
