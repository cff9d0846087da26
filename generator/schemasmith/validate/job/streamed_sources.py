"""Tasks for the sources read front to back: compressed files and URLs (not stdin: sources.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from .compressed import MAGIC_LENGTH, compression_by_magic, decompressed_pieces
from .remote import open_url, pieces
from .sources import Source, Task
from .streams import NDJSON, ONE_DOCUMENT, SNIFF, stream_tasks


def streamed_tasks(index: int, source: Source, chunk_bytes: int) -> Iterator[Task]:
    mode = SNIFF if source.sniff else NDJSON if source.ndjson else ONE_DOCUMENT
    # The whole front-to-back read — decompressing, and cutting the bytes into blocks at newlines —
    # runs on a thread of its own: the caller only validates the blocks.
    return prefetched(stream_tasks(index, source.name, lambda: source_pieces(source), mode, chunk_bytes,
                                   source.syntax))


# Blocks made ahead of the one being validated: enough to keep the reading thread busy, few
# enough that memory stays flat (each is about CHUNK_BYTES).
PREFETCH_PIECES = 2
T = TypeVar("T")


def prefetched(pieces: Iterator[T]) -> Iterator[T]:
    """``pieces``, produced on a thread of their own a few ahead of the consumer: decompression
    (isal, zstandard, bz2, lzma) and reads release the GIL, so they run on the other core while
    this one validates, and --jobs 1 reads a .zst nearly as fast as the plain file. An exception
    in the producer reaches the consumer where the failed piece would have been."""
    import queue
    import threading

    ready: queue.Queue[tuple[T | None, BaseException | None]] = queue.Queue(PREFETCH_PIECES)
    stop = threading.Event()

    def produce() -> None:
        try:
            for piece in pieces:
                while not stop.is_set():
                    try:
                        ready.put((piece, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put((None, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            ready.put((None, exc))
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="schemasmith-read", daemon=True)
    thread.start()
    try:
        while True:
            piece, error = ready.get()
            if error is not None:
                raise error
            if piece is None:
                return
            yield piece
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                ready.get_nowait()
            except queue.Empty:
                pass
            thread.join(0.05)


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
