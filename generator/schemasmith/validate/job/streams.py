"""Inputs that can only be read front to back (a compressed file, a URL) cut into tasks.

The decompressed (or downloaded) bytes are cut into blocks of about CHUNK_BYTES at newlines, and
the blocks travel to the workers as data, like stdin's: memory holds a few blocks, however large
the input. A read that fails part-way (a truncated gzip, a connection dropped) gives the complete
lines read so far as a last block, then an error task: the run reports the documents before the
damage, then one error for the input, and goes on with the next input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .compressed import DecompressionError
from .remote import RemoteError
from .sources import Task, _is_one_multiline_document

# The kinds of content: one document per line, one document, or (no telling suffix) either, as stdin.
NDJSON, ONE_DOCUMENT, SNIFF = "ndjson", "json", "sniff"
READ_ERRORS = (DecompressionError, RemoteError, OSError, EOFError)


def stream_tasks(
    index: int,
    name: str,
    open_pieces: Callable[[], Iterator[bytes]],
    mode: str,
    chunk_bytes: int,
    syntax: str = "json",
) -> Iterator[Task]:
    """Tasks for one streamed input; its read errors become a final error task, never an exception."""
    parts: list[bytes | memoryview] = []
    size = 0
    first = True
    try:
        for piece in open_pieces():
            parts.append(piece)
            size += len(piece)
            if mode == ONE_DOCUMENT or size < chunk_bytes:
                continue
            # The block ends at the last newline. Found in the last piece (always, but for lines
            # longer than a piece), the block is copied once, the rest of that piece kept as the
            # next block's start: one 4 MiB copy a block rather than a join and then a slice.
            cut = piece.rfind(b"\n") + 1
            if cut:
                if len(parts) == 1 and cut == len(piece):
                    data = piece
                else:
                    parts[-1] = memoryview(piece)[:cut]
                    data = b"".join(parts)
                rest = piece[cut:]
            else:
                joined = b"".join(parts)
                cut = joined.rfind(b"\n") + 1
                if cut == 0:  # one very long line: keep reading until it ends
                    parts, size = [joined], len(joined)
                    continue
                data, rest = joined[:cut], joined[cut:]
            # start=0 marks the first block: a BOM is tolerated there, as at the start of a file.
            yield Task(index, name, None, ndjson=True, start=0 if first else -1, data=data)
            first = False
            parts = [rest] if rest else []
            size = len(rest)
    except READ_ERRORS as exc:
        data = b"".join(parts)
        cut = data.rfind(b"\n") + 1
        if mode != ONE_DOCUMENT and cut:
            yield Task(index, name, None, ndjson=True, start=0 if first else -1, data=data[:cut])
        yield Task(index, name, None, ndjson=mode != ONE_DOCUMENT, error=_message(exc, name))
        return
    data = b"".join(parts)
    if mode == ONE_DOCUMENT or (mode == SNIFF and first and _is_one_multiline_document(data)):
        yield Task(index, name, None, ndjson=False, data=data, syntax=syntax)
    elif data or first:
        yield Task(index, name, None, ndjson=True, start=0 if first else -1, data=data)


def _message(exc: BaseException, name: str) -> str:
    if isinstance(exc, (DecompressionError, RemoteError)):
        # The issue already names the input: "s3://b/x.gz: cannot read: ...", not the URL twice.
        return f"cannot read: {str(exc).removeprefix(name + ': ')}"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    return f"cannot read: {exc}"
