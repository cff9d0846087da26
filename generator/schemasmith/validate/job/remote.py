"""Inputs named by URL (``s3://bucket/2026-12-*/*.ndjson.zst``, ``gs://…``, ``https://…``,
``file://…``, ``memory://…``), read through fsspec.

fsspec is imported only when an argument is a URL. The cloud filesystems are optional extras
(``schemasmith[s3]``, ``schemasmith[gcs]``; ``schemasmith[http]`` for https); a URL whose
filesystem is not installed is one error naming the URL and the extra to install. Every failure
(unreachable host, missing credentials, no such object) becomes RemoteError, whose text names the
URL and says why in one line, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
GLOB_CHARACTERS = re.compile(r"[*?\[]")
READ_BYTES = 1 << 22
# Which extra brings the filesystem for a protocol.
EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs", "http": "http", "https": "http"}


class RemoteError(Exception):
    """A URL could not be listed or read; ``str()`` names the URL and the reason."""


def is_url(argument: str) -> bool:
    return bool(URL.match(argument))


def expand_url(argument: str, wanted: tuple[str, ...]) -> list[str]:
    """The URLs an argument names: itself, or its glob's matches, or the files of a "directory"
    whose name ends with one of ``wanted`` (sorted, so runs are reproducible)."""
    fs, path = _filesystem(argument)
    try:
        if GLOB_CHARACTERS.search(path):
            found = sorted(p for p in fs.glob(path) if not fs.isdir(p))
            if not found:
                raise RemoteError(f"{argument}: no files match this pattern")
            return [fs.unstrip_protocol(p) for p in found]
        if _is_directory(fs, path):
            found = sorted(p for p in fs.find(path) if p.lower().endswith(wanted))
            if not found:
                raise RemoteError(f"{argument}: no files to validate under this URL")
            return [fs.unstrip_protocol(p) for p in found]
    except RemoteError:
        raise
    except Exception as exc:  # noqa: BLE001 - any backend's failure is one line about the URL
        raise RemoteError(f"{argument}: {describe(exc)}") from None
    return [argument]


def _is_directory(fs: Any, path: str) -> bool:
    if fs.protocol in ("http", "https") or "http" in getattr(fs, "protocol", ()):
        return False  # an HTTP "directory" is an HTML page, not a listing to trust
    return bool(fs.isdir(path))


def open_url(url: str) -> BinaryIO:
    """An open binary stream for ``url`` (RemoteError when it cannot be opened)."""
    fs, path = _filesystem(url)
    try:
        return fs.open(path, "rb", block_size=READ_BYTES)  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001
        raise RemoteError(f"{url}: {describe(exc)}") from None


def read_range(url: str, start: int, end: int) -> bytes:
    """Bytes ``start``..``end`` of ``url`` (``end`` -1: to its end)."""
    fs, path = _filesystem(url)
    try:
        with fs.open(path, "rb", block_size=READ_BYTES) as handle:
            handle.seek(start)
            return handle.read() if end < 0 else handle.read(end - start)  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001
        raise RemoteError(f"{url}: {describe(exc)}") from None


def size(url: str) -> int:
    fs, path = _filesystem(url)
    try:
        return int(fs.size(path))
    except Exception as exc:  # noqa: BLE001
        raise RemoteError(f"{url}: {describe(exc)}") from None


def pieces(handle: BinaryIO, url: str) -> Iterator[bytes]:
    """The bytes of an open stream in pieces, failures (a dropped connection) as RemoteError."""
    try:
        while True:
            piece = handle.read(READ_BYTES)
            if not piece:
                return
            yield piece
    except Exception as exc:  # noqa: BLE001
        raise RemoteError(f"{url}: {describe(exc)}") from None


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise RemoteError(f"{url}: reading URLs needs fsspec (pip install fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]
    except ImportError:
        protocol = url.split("://", 1)[0].lower()
        extra = EXTRAS.get(protocol)
        hint = f" (pip install 'schemasmith[{extra}]')" if extra else ""
        raise RemoteError(f"{url}: no filesystem for {protocol}:// is installed{hint}") from None
    except ValueError as exc:  # an unknown protocol
        raise RemoteError(f"{url}: {describe(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - e.g. a backend refusing its options
        raise RemoteError(f"{url}: {describe(exc)}") from None


def describe(exc: BaseException) -> str:
    """One line for a backend's exception: its message, or its class when it has none."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, FileNotFoundError) and cause is not None and "Connect" in type(cause).__name__:
        # fsspec's HTTP filesystem reports a refused connection as a missing file; say what happened.
        exc = cause.__cause__ or cause.__context__ or cause
        if isinstance(exc, OSError) and exc.strerror:
            return f"cannot connect: {exc.strerror}"
        return f"cannot connect: {_first_line(exc)}"
    name = type(exc).__name__
    if name in ("NoCredentialsError", "PartialCredentialsError") or "credential" in str(exc).lower():
        return f"missing or incomplete credentials ({name}: {_first_line(exc)})"
    if isinstance(exc, FileNotFoundError):
        return "no such file or object"
    if isinstance(exc, PermissionError):
        return f"permission denied ({_first_line(exc)})"
    text = _first_line(exc)
    return f"{name}: {text}" if text else name


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"
