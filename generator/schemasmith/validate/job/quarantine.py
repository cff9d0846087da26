"""``--invalid-out``: every invalid document, verbatim, one per line, so a pipeline can keep the good
data and replay the bad.

Workers pick the invalid documents out of the bytes they validated (``invalid_documents``); the
main process writes them in input order (``InvalidOut``), to a local path or a URL, compressed by
the name's suffix. A multi-line ``.json`` document goes on one line with its line breaks turned
into spaces: JSON allows no raw line break inside a string, so its value is unchanged.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from ..issues import Tally
from .compressed import compression_by_suffix
from .remote import RemoteError, is_url


def invalid_documents(data: bytes, tally: Tally, ndjson: bool) -> list[tuple[int | None, bytes]]:
    """(line within ``data``, document) for each invalid document of a validated stretch."""
    if not tally.invalid:
        return []
    if not ndjson:
        return [(None, data.replace(b"\r\n", b" ").replace(b"\n", b" ").replace(b"\r", b" "))]
    wanted = sorted({issue.line for issue in tally.issues if issue.line is not None})
    if not wanted:
        return []
    lines = io.BytesIO(data).readlines()
    return [(line, lines[line - 1].rstrip(b"\r\n")) for line in wanted if line <= len(lines)]


class InvalidOut:
    """A file (or URL) the invalid documents are written to; compressed when its name says so."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._raw: Any = None
        self._stream: BinaryIO
        try:
            self._raw = _open_raw(target)
            self._stream = _compressing(self._raw, compression_by_suffix(target))
        except (OSError, RemoteError, ValueError) as exc:
            if self._raw is not None:
                self._raw.close()
            raise InvalidOutError(f"cannot write --invalid-out {target}: {_reason(exc)}") from None
        self.documents = 0

    def write(self, document: bytes) -> None:
        try:
            self._stream.write(document)
            self._stream.write(b"\n")
        except (OSError, ValueError) as exc:
            raise InvalidOutError(f"cannot write --invalid-out {self.target}: {_reason(exc)}") from None
        self.documents += 1

    def close(self) -> None:
        try:
            self._stream.close()
            if self._raw is not None and self._raw is not self._stream:
                self._raw.close()
        except (OSError, ValueError) as exc:
            raise InvalidOutError(f"cannot write --invalid-out {self.target}: {_reason(exc)}") from None


class InvalidOutError(Exception):
    """The quarantine file could not be written; ``str()`` says which and why."""


def _open_raw(target: str) -> Any:
    if is_url(target):
        try:
            import fsspec

            return fsspec.open(target, "wb").open()
        except ImportError as exc:
            raise RemoteError(f"no filesystem for this URL is installed ({exc})") from None
        except Exception as exc:  # noqa: BLE001 - any backend's failure is one line
            from .remote import describe

            raise RemoteError(describe(exc)) from None
    return open(target, "wb")


def _compressing(raw: Any, compression: str | None) -> BinaryIO:
    # mtime=0 and no file name in the gzip header: the same invalid documents give the same bytes.
    if compression == "gzip":
        from isal import igzip

        gzip_file: Any = igzip.IGzipFile  # untyped
        return gzip_file(filename="", fileobj=raw, mode="wb", mtime=0)  # type: ignore[no-any-return]
    if compression == "zstd":
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)
    if compression == "bz2":
        import bz2

        return bz2.BZ2File(raw, "wb")  # type: ignore[return-value]
    if compression == "xz":
        import lzma

        return lzma.LZMAFile(raw, "wb")  # type: ignore[return-value]
    return raw  # type: ignore[no-any-return]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__
