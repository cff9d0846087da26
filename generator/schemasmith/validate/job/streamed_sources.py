"""Tasks for the sources read front to back: compressed files and URLs (not stdin: sources.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .compressed import MAGIC_LENGTH, compression_by_magic, decompressed_pieces
from .remote import open_url, pieces
from .sources import Source, Task
from .streams import NDJSON, ONE_DOCUMENT, SNIFF, stream_tasks


def streamed_tasks(index: int, source: Source, chunk_bytes: int) -> Iterator[Task]:
    mode = SNIFF if source.sniff else NDJSON if source.ndjson else ONE_DOCUMENT
    return stream_tasks(index, source.name, lambda: source_pieces(source), mode, chunk_bytes, source.syntax)


def source_pieces(source: Source) -> Iterator[bytes]:
    """The decompressed bytes of a file or URL, in pieces (raises the errors streams.py reports)."""
    handle: Any = open_url(source.url) if source.url is not None else open(source.path, "rb")  # type: ignore[arg-type]
    with handle:
        compression = source.compression
        if source.url is not None:
            raw: Iterator[bytes] = pieces(handle, source.url)
            if compression is None:
                # A URL is sniffed on its first bytes, which are read anyway.
                first = next(raw, b"")
                compression = compression_by_magic(first[:MAGIC_LENGTH])
                if compression is None:
                    if first:
                        yield first
                    yield from raw
                    return
                yield from decompressed_pieces(_Chained(first, raw), compression)
                return
            yield from decompressed_pieces(_Chained(b"", raw), compression)
            return
        if compression is None:
            while piece := handle.read(1 << 22):
                yield piece
            return
        yield from decompressed_pieces(handle, compression)


class _Chained:
    """A read()-able view of bytes already read followed by an iterator of pieces."""

    def __init__(self, first: bytes, rest: Iterator[bytes]) -> None:  # a file-like object for the decompressors
        self._buffer = first
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            piece = next(self._rest, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readinto(self, target: bytearray) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return False
