"""Validation of a stretch of lines, for engines other than ours (Spark, Ray, Beam, a queue consumer).

``validate_lines`` takes any iterable of NDJSON lines (bytes or str, with or without their line
ending) and yields the issues, with line numbers counted from ``first_line``; ``validate_range``
validates bytes ``start``..``end`` of a file or URL, the range first widened to line boundaries as
``--engine dask`` does (a range owns the lines that start inside it), so ranges cut anywhere cover
every line exactly once. Both give exactly the issues ``schemasmith validate`` gives for those
lines. Build the Validator once per worker (``cached_validator``) and reuse it: compiling a schema
costs far more than validating a chunk.

Spark (``mapPartitions``), one partition of text lines at a time::

    from schemasmith.validate.job.partition import cached_validator, validate_lines

    def check(rows):
        validator = cached_validator("/shared/session.schema.json")
        for issue in validate_lines((row.value for row in rows), validator, file="s3://logs/day.ndjson"):
            yield issue.to_record()

    spark.read.text("s3://logs/2026-12-01/*.ndjson").rdd.mapPartitions(check).toDF().write.json(...)

Spark does not tell a partition where in its file it starts: ``line`` there counts from the
partition's start (use ``validate_range`` over byte ranges you plan yourself for file line numbers).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..issues import Issue
from ..validator import Validator

BLOCK_BYTES = 4 * 1024 * 1024


@functools.lru_cache(maxsize=8)
def cached_validator(schema_path: str, strict: bool = False) -> Validator:
    """One compiled Validator per schema per process (a Spark executor, a Dask worker...)."""
    return Validator.from_path(Path(schema_path), strict=strict)


def validate_lines(
    lines: Iterable[bytes | str],
    validator: Validator,
    file: str = "<lines>",
    first_line: int = 1,
) -> Iterator[Issue]:
    """The issues of NDJSON ``lines``, blank lines skipped and counted as lines."""
    block: list[bytes] = []
    size = 0
    line = first_line
    for item in lines:
        data = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else item
        if not data.endswith(b"\n"):
            data += b"\n"
        block.append(data)
        size += len(data)
        if size >= BLOCK_BYTES:
            yield from validator.validate_ndjson(b"".join(block), file, first_line=line).issues
            line += len(block)
            block, size = [], 0
    if block:
        yield from validator.validate_ndjson(b"".join(block), file, first_line=line).issues


def validate_range(source: str, start: int, end: int, validator: Validator) -> tuple[list[Issue], int, int]:
    """(issues, first line's number within the range, newlines) for the lines that start within
    bytes ``start``..``end`` of ``source`` (a path or an fsspec URL). Line numbers in the issues
    count from 1 at the range's first line: add the newlines of the ranges before it (the third
    item of their results) for the file's line numbers, as run.py does."""
    data = _read_lines_starting_in(source, start, end)
    if start == 0:
        data = data.removeprefix(b"\xef\xbb\xbf")
    tally = validator.validate_ndjson(data, source, first_line=1)
    return tally.issues, 1, tally.newlines


def _read_lines_starting_in(source: str, start: int, end: int) -> bytes:
    from .remote import is_url

    if is_url(source):
        import fsspec

        opened: Any = fsspec.open(source, "rb")
    else:
        opened = open(source, "rb")
    with opened as handle:
        if start > 0:
            # The line that straddles ``start`` belongs to the range before.
            handle.seek(start - 1)
            if handle.read(1) != b"\n":
                start += len(handle.readline())
        handle.seek(start)
        data: bytes = handle.read(max(end - start, 0))
        if data and not data.endswith(b"\n"):
            data += handle.readline()  # the last line started inside the range: read it to its end
        return data
