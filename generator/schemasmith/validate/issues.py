"""What a validation run reports: one Issue per problem, and the counts of a stretch of input."""

from __future__ import annotations

from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii
from typing import Any

# A message quoting a huge instance (a 1 MB string, a deep object) stays readable on one line.
MESSAGE_LIMIT = 300


def shorten(message: str, limit: int = MESSAGE_LIMIT) -> str:
    message = " ".join(message.splitlines())
    return message if len(message) <= limit else message[: limit - 1] + "…"


# The best-matching branch's deepest error under an anyOf/oneOf: (pointer, message, keyword).
BestMatch = tuple[str, str, str | None]


@dataclass(frozen=True)
class Issue:
    """One problem with one document.

    ``pointer`` is an RFC 6901 JSON Pointer into the document ("" is the whole document);
    ``line`` is 1-based (the NDJSON line, or the line of ``pointer`` in a ``.json`` file when it can be
    found); ``keyword`` is the schema keyword that failed, or None when the document is not JSON at all.
    """

    file: str
    line: int | None
    pointer: str
    message: str
    keyword: str | None
    # For an error with alternatives (anyOf, oneOf): the deepest error of the branch that came
    # closest, by jsonschema's best_match rule (check-jsonschema shows the same); None otherwise.
    best_match: BestMatch | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "file": self.file,
            "line": self.line,
            "pointer": self.pointer,
            "message": self.message,
            "keyword": self.keyword,
        }
        if self.best_match is not None:
            pointer, message, keyword = self.best_match
            record["best_match"] = {"pointer": pointer, "message": message, "keyword": keyword}
        return record

    def to_json(self) -> str:
        """``json.dumps(self.to_record())``, the same text, written out directly: an NDJSON log with
        many invalid lines gives as many records, and the dict and the encoder's set-up took 3/4 of
        the time."""
        line = "null" if self.line is None else self.line
        keyword = "null" if self.keyword is None else encode_basestring_ascii(self.keyword)
        text = (
            f'{{"file": {encode_basestring_ascii(self.file)}, "line": {line}, '
            f'"pointer": {encode_basestring_ascii(self.pointer)}, "message": {encode_basestring_ascii(self.message)}, '
            f'"keyword": {keyword}'
        )
        if self.best_match is None:
            return text + "}"
        pointer, message, best_keyword = self.best_match
        best = "null" if best_keyword is None else encode_basestring_ascii(best_keyword)
        return (text + f', "best_match": {{"pointer": {encode_basestring_ascii(pointer)}, '
                f'"message": {encode_basestring_ascii(message)}, "keyword": {best}}}}}')


@dataclass
class Tally:
    """Counts for a stretch of input (a file, an NDJSON chunk, a whole run)."""

    documents: int = 0
    invalid: int = 0
    blank_lines: int = 0
    issues: list[Issue] = field(default_factory=list)
    newlines: int = 0  # NDJSON: line breaks read, so the next stretch knows its first line number

    def add(self, other: Tally) -> None:
        self.documents += other.documents
        self.invalid += other.invalid
        self.blank_lines += other.blank_lines
        self.issues.extend(other.issues)
        self.newlines += other.newlines
