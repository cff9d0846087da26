"""Compressed inputs: which compression a file uses (by suffix, else by magic bytes), and its
decompressed bytes as a stream of pieces, so a multi-GB ``.ndjson.gz`` is never held whole.

gzip goes through isal's igzip (ISA-L: several times zlib's speed, so decompression is not what
limits documents per second), falling back to the standard library's gzip when isal is missing;
zstd through ``zstandard``; bz2 and xz through the standard library. Each is imported when a file
needs it, so a run over plain files pays for none of them.

A damaged stream (truncated gzip, a corrupt zstd frame...) raises DecompressionError, whose text
says what is wrong in a user's words; the caller turns it into one error for that input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# How a name ends -> the compression (checked case-insensitively).
SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2", ".xz": "xz"}
# The first bytes of each format's stream (RFC 1952, RFC 8878, bzip2's "BZh", the xz header).
MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
# "BZh" also begins plain text (a log line "BZh…"): a bzip2 stream goes on with its block size
# ('1'-'9') and the 48-bit magic of its first block (pi's digits) or of its end (an empty stream).
_BZIP2_NEXT = (b"1AY&SY", b"\x17rE8P\x90")
MAGIC_LENGTH = 10
# Compressed bytes read at a time: large enough that the per-call overhead vanishes, small enough
# that memory stays flat (the decompressed piece is about this times the compression ratio).
READ_BYTES = 1 << 20
# zstd's decompressed bytes handed on at a time: a validation block's worth (sources.CHUNK_BYTES),
# so that a block is most often one piece. (gzip, bz2 and xz stay at READ_BYTES: their read()
# drops what it decompressed when it meets the damage, and the lines before it are validated.)
PIECE_BYTES = 4 << 20


class DecompressionError(Exception):
    """The compressed stream is damaged; ``str()`` is a one-line reason."""


def compression_by_suffix(name: str) -> str | None:
    lowered = name.lower()
    for suffix, kind in SUFFIXES.items():
        if lowered.endswith(suffix):
            return kind
    return None


def compression_by_magic(head: bytes) -> str | None:
    for magic, kind in MAGIC:
        if head.startswith(magic) and (kind != "bz2" or (head[3:4].isdigit() and head[3:4] != b"0" and head[4:10] in _BZIP2_NEXT)):
            return kind
    return None


def without_compression_suffix(name: str) -> str:
    """``logs.ndjson.gz`` -> ``logs.ndjson``: the name that says what the decompressed bytes are."""
    lowered = name.lower()
    for suffix in SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def decompressed_pieces(raw: Any, kind: str) -> Iterator[bytes]:
    """The decompressed bytes of ``raw`` in pieces; DecompressionError when the stream is damaged."""
    if kind == "zstd":
        yield from _zstd_pieces(raw)
        return
    handle = _open(raw, kind)
    try:
        while True:
            try:
                piece = handle.read(READ_BYTES)
            except EOFError:
                raise DecompressionError(f"truncated {kind} stream (it ends before its end marker)") from None
            except (OSError, ValueError) as exc:  # BadGzipFile, zlib/isal errors, LZMAError...
                raise DecompressionError(f"corrupt {kind} stream: {_reason(exc)}") from None
            except Exception as exc:  # noqa: BLE001 - isal's own error class is not an OSError
                if type(exc).__name__ in ("error", "IsalError"):
                    raise DecompressionError(f"corrupt {kind} stream: {_reason(exc)}") from None
                raise
            if not piece:
                return
            yield piece
    finally:
        handle.close()


def _open(raw: Any, kind: str) -> Any:
    if kind == "gzip":
        try:
            from isal import igzip
        except ImportError:  # pragma: no cover - isal is a dependency; kept working without it
            import gzip

            return gzip.GzipFile(fileobj=raw, mode="rb")
        gzip_file: Any = igzip.IGzipFile  # untyped
        return gzip_file(fileobj=raw, mode="rb")
    if kind == "bz2":
        import bz2

        return bz2.BZ2File(raw, "rb")
    if kind == "xz":
        import lzma

        return lzma.LZMAFile(raw, "rb")
    raise ValueError(f"unknown compression {kind!r}")


def _zstd_pieces(raw: Any) -> Iterator[bytes]:
    # stream_reader bounds each output piece (a 1 MB frame of repeated bytes can hold gigabytes) and
    # reads frame after frame (zstd -c a b, parallel compressors), but ends quietly at a truncated
    # frame: the frame walker below, fed the same compressed bytes, says whether the stream ended
    # between frames.
    import zstandard

    walker: Any = _FrameWalker(raw)
    reader = zstandard.ZstdDecompressor().stream_reader(walker, read_size=READ_BYTES, read_across_frames=True)
    try:
        while piece := reader.read(PIECE_BYTES):
            yield piece
    except zstandard.ZstdError as exc:
        raise DecompressionError(f"corrupt zstd stream: {_reason(exc)}") from None
    if walker.problem:
        raise DecompressionError(f"corrupt zstd stream: {walker.problem}")
    if not walker.between_frames():
        raise DecompressionError("truncated zstd stream (its last frame is incomplete)")


_ZSTD_MAGIC = 0xFD2FB528
_SKIPPABLE = 0x184D2A50  # ...through 0x184D2A5F (RFC 8878 section 3.1.2)


class _FrameWalker:
    """Reads ``raw`` for the decompressor, following the zstd frame and block headers (RFC 8878
    section 3.1) as the bytes pass: a few header bytes per 128 KB block, no decompression."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._pending = b""  # header bytes not yet complete
        self._need = 4  # bytes of header wanted next
        self._state = "magic"
        self._skip = 0  # block content (or checksum) bytes to pass over
        self._checksum = False
        self.problem = ""

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._raw.read(size)
        if data and not self.problem:
            self._feed(data)
        return data

    def between_frames(self) -> bool:
        return self._state == "magic" and not self._pending and self._skip == 0

    def _feed(self, data: bytes) -> None:
        position = 0
        while position < len(data):
            if self._skip:
                taken = min(self._skip, len(data) - position)
                self._skip -= taken
                position += taken
                continue
            wanted = self._need - len(self._pending)
            self._pending += data[position : position + wanted]
            position += min(wanted, len(data) - position)
            if len(self._pending) < self._need:
                return
            header, self._pending = self._pending, b""
            self._step(header)
            if self.problem:
                return

    def _step(self, header: bytes) -> None:
        state = self._state
        if state == "magic":
            magic = int.from_bytes(header, "little")
            if magic == _ZSTD_MAGIC:
                self._state, self._need = "descriptor", 1
            elif magic & 0xFFFFFFF0 == _SKIPPABLE:
                self._state, self._need = "skippable", 4
            else:
                self.problem = "not a zstd frame"
        elif state == "skippable":
            self._skip = int.from_bytes(header, "little")
            self._state, self._need = "magic", 4
        elif state == "descriptor":
            descriptor = header[0]
            single_segment = bool(descriptor & 0x20)
            self._checksum = bool(descriptor & 0x04)
            content_size = (1 if single_segment else 0, 2, 4, 8)[descriptor >> 6]
            rest = (0 if single_segment else 1) + (0, 1, 2, 4)[descriptor & 0x03] + content_size
            self._state, self._need = "block", 3
            self._skip = rest
        elif state == "block":
            value = int.from_bytes(header, "little")
            last, kind, size = value & 1, (value >> 1) & 3, value >> 3
            if kind == 3:
                self.problem = "reserved block type"
                return
            self._skip = 1 if kind == 1 else size
            if last:
                self._skip += 4 if self._checksum else 0
                self._state, self._need = "magic", 4


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text.removeprefix("zstd decompress error: ")
