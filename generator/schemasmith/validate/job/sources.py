"""What to validate: paths and stdin turned into sources, and sources cut into units of work.

- ``.ndjson`` / ``.jsonl`` files hold one document per line; every other file given by name holds
  one JSON document; directories are searched recursively for ``.json``, ``.ndjson`` and ``.jsonl``
  files (in sorted order, so runs are reproducible).
- NDJSON files are cut into byte ranges of about CHUNK_BYTES that end on a newline; a worker reads
  its own range, so memory stays flat however big the file is.
- a compressed file (``.gz``, ``.zst``, ``.bz2``, ``.xz`` by suffix, or by its magic bytes) is what
  the name without that suffix says, decompressed as it is read (compressed.py, streams.py); a
  URL (``s3://…``, globs expanded) is read through fsspec (remote.py). Neither can be cut by
  offset, so both are read front to back and cut into blocks like stdin.
- stdin is NDJSON, read in blocks; a whole stdin of at most one block that is one multi-line JSON
  document (``cat payload.json | schemasmith validate -``) is validated as that document.
"""

from __future__ import annotations

import glob
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ...errors import SchemaSmithError
from ..documents import BOM, JSON_WHITESPACE, DocumentError, parse_document
from .compressed import MAGIC_LENGTH, compression_by_magic, compression_by_suffix, without_compression_suffix
from .remote import RemoteError, expand_url, is_url

CHUNK_BYTES = 4 * 1024 * 1024
# A stream's line is held whole before it is validated: an endless one (/dev/zero) must stop.
MAX_STREAM_LINE_BYTES = 1024 * 1024 * 1024
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
SEARCHED_SUFFIXES = (".json", *NDJSON_SUFFIXES)
# A directory (or a URL "directory") is searched for these, compressed or not.
SEARCHED_NAMES = tuple(s + c for s in SEARCHED_SUFFIXES for c in ("", ".gz", ".zst", ".bz2", ".xz"))
LOCAL_GLOB = ("*", "?", "[")
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """One input: a file (path), a URL (url), or stdin (neither); ``ndjson`` says how it is read.

    ``compression`` is the file's compression (None: plain); ``sniff``: the name does not say
    whether it holds NDJSON or one document, so it is read as stdin is.
    """

    name: str
    path: Path | None
    ndjson: bool
    stream: bool = False  # a FIFO or character device: read as a stream, like stdin
    compression: str | None = None
    url: str | None = None
    sniff: bool = False
    syntax: str = "json"  # or "yaml", "toml": one file, one or more documents (structured.py)

    @property
    def streamed(self) -> bool:
        """Read front to back (not by byte ranges) and decompressed: compressed, remote, or stdin."""
        return (self.path is None and not self.stream) or self.compression is not None


@dataclass(frozen=True)
class Task:
    """A unit of work: a whole JSON file, a byte range of an NDJSON file, or a block of stdin."""

    source: int  # index into the run's sources
    name: str
    path: Path | None
    ndjson: bool
    start: int = 0
    end: int = -1  # -1: to the end of the file
    data: bytes | None = None  # stdin blocks travel as bytes
    error: str | None = None  # the input could not be read (from here on): one error, no documents
    keep_invalid: bool = False  # send the invalid documents' bytes back (--invalid-out)
    syntax: str = "json"


def expand(arguments: list[str]) -> tuple[list[Source], list[tuple[str, str]]]:
    """Sources for the command-line PATHs, and (PATH, reason) for each PATH that gives none."""
    sources: list[Source] = []
    problems: list[tuple[str, str]] = []
    for argument in arguments:
        if argument == "-":
            sources.append(Source(STDIN_NAME, None, ndjson=True))
            continue
        if is_url(argument):
            try:
                sources.extend(url_source(url) for url in expand_url(argument, SEARCHED_NAMES))
            except RemoteError as exc:
                problems.append((argument, f"cannot read: {str(exc).removeprefix(argument + ': ')}"))
            continue
        path = Path(argument)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and any(c in argument for c in LOCAL_GLOB) \
                    and (matches := sorted(glob.glob(argument, recursive=True))):
                # A pattern the shell did not expand (quoted, or too many files for a command line).
                sources.extend(file_source(m, Path(m)) for m in matches if Path(m).is_file())
                continue
            problems.append((argument, "no such file or directory" if isinstance(exc, FileNotFoundError)
                             else f"cannot read file: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(mode):
            found, skipped = _search(path)
            problems.extend(skipped)
            if not found and not skipped:
                problems.append((argument, "no .json, .ndjson or .jsonl files in this directory"))
            sources.extend(file_source(str(p), p) for p in found)
        elif stat.S_ISREG(mode):
            sources.append(file_source(argument, path))
        elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            # Given by name, a FIFO (`<(zcat data.gz)`) or a device is a stream: NDJSON, or one
            # multi-line document, as stdin is read. Its size says nothing; it is never seeked.
            sources.append(Source(argument, path, ndjson=True, stream=True))
        else:
            problems.append((argument, "cannot read file: not a regular file, FIFO or folder"))
    return sources, problems


def file_source(name: str, path: Path) -> Source:
    compression = compression_by_suffix(path.name)
    if compression is None:
        compression = _sniff_compression(path)
        inner = path.name
    else:
        inner = without_compression_suffix(path.name)
    ndjson, sniff = _kind(inner, compression is not None)
    syntax = syntax_of(inner)
    if syntax != "json":
        ndjson = sniff = False
    return Source(name, path, ndjson, compression=compression, sniff=sniff, syntax=syntax)


def url_source(url: str) -> Source:
    compression = compression_by_suffix(url)
    inner = without_compression_suffix(url.rsplit("/", 1)[-1])
    ndjson, sniff = _kind(inner, compressed=True)  # read front to back, as a compressed file is
    syntax = syntax_of(inner)
    if syntax != "json":
        ndjson = sniff = False
    return Source(url, None, ndjson, compression=compression, url=url, sniff=sniff, syntax=syntax)


def syntax_of(name: str) -> str:
    """json, or yaml/toml for the config-file syntaxes (validate/structured.py, imported only for those)."""
    lowered = name.lower()
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    if lowered.endswith(".toml"):
        return "toml"
    return "json"


def _kind(inner_name: str, compressed: bool) -> tuple[bool, bool]:
    """(ndjson, sniff) for a decompressed name: a plain file that is not NDJSON holds one document,
    as always; a compressed one with no telling suffix (``logs.gz``) is read as stdin is."""
    lowered = inner_name.lower()
    if lowered.endswith(NDJSON_SUFFIXES):
        return True, False
    if lowered.endswith(".json") or not compressed:
        return False, False
    return True, True


def _sniff_compression(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return compression_by_magic(handle.read(MAGIC_LENGTH))
    except OSError:
        return None  # reported when the file is read


def _search(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to validate under ``folder``, sorted as paths (part by part); symbolic links to
    folders are followed, each folder once (a link back up would loop). A FIFO or device found
    there is not opened (it could block forever) but named: give it by name to read it as a stream."""
    found: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    stack = [str(folder)]
    while stack:
        directory = stack.pop()
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(directory))
        except OSError:
            continue  # a folder that vanished or cannot be listed: nothing found in it
        for entry in entries:
            try:
                if entry.is_dir():  # follows links; each folder is entered once (seen)
                    stack.append(entry.path)
                    continue
                if not entry.name.lower().endswith(SEARCHED_NAMES):
                    continue
                if entry.is_file():  # a regular file, or a link to one (d_type: no stat for most)
                    found.append(entry.path)
                elif os.path.exists(entry.path):
                    skipped.append((entry.path, "not a regular file: not read from a folder "
                                                "(give it by name to read it as a stream)"))
            except OSError:
                continue
    found.sort(key=lambda path: path.split(os.sep))  # the order sorted(Path) gives, without Path objects
    return [Path(path) for path in found], sorted(skipped)


def _is_ndjson(path: Path) -> bool:
    return path.suffix.lower() in NDJSON_SUFFIXES


def file_tasks(index: int, source: Source, chunk_bytes: int = CHUNK_BYTES) -> Iterator[Task]:
    """Tasks for a file source; raises OSError when the file cannot be read."""
    assert source.path is not None
    if not source.ndjson:
        yield Task(index, source.name, source.path, ndjson=False, syntax=source.syntax)
        return
    size = os.path.getsize(source.path)
    with open(source.path, "rb") as handle:
        start = 0
        while start < size:
            end = _next_line_boundary(handle, start + chunk_bytes, size)
            yield Task(index, source.name, source.path, ndjson=True, start=start, end=end)
            start = end


def _next_line_boundary(handle: BinaryIO, position: int, size: int) -> int:
    """The offset just after the first newline at or after ``position`` (or the file's end)."""
    if position >= size:
        return size
    handle.seek(position)
    while True:
        block = handle.read(64 * 1024)
        if not block:
            return size
        newline = block.find(b"\n")
        if newline >= 0:
            return position + newline + 1
        position += len(block)


def read_file(source: Source) -> bytes:
    """A whole file source's bytes (decompressed, or downloaded for a URL), a byte order mark at
    its very start dropped, as a job reads them (raises what streams.READ_ERRORS lists). For
    callers that want documents, not a validation run."""
    if source.url is not None or source.compression is not None:
        from .streamed_sources import source_pieces  # it imports this module

        return b"".join(source_pieces(source)).removeprefix(BOM)
    assert source.path is not None
    return source.path.read_bytes().removeprefix(BOM)


def ndjson_lines(data: bytes, first_line: int = 1) -> Iterator[tuple[int, bytes]]:
    """(line number, line without its "\\n") of each line of NDJSON ``data`` that is not blank,
    blank meaning what ``Validator.validate_ndjson`` skips: JSON whitespace only."""
    for number, line in enumerate(io.BytesIO(data).readlines(), start=first_line):
        line = line.removesuffix(b"\n")
        if line.strip(JSON_WHITESPACE):
            yield number, line


def read_task(task: Task) -> bytes:
    """The bytes of a task (raises OSError)."""
    if task.data is not None:
        return task.data
    assert task.path is not None
    with open(task.path, "rb") as handle:
        if task.end < 0:
            return handle.read()
        handle.seek(task.start)
        return handle.read(task.end - task.start)


def stdin_tasks(
    index: int, stream: BinaryIO, chunk_bytes: int = CHUNK_BYTES, name: str = STDIN_NAME
) -> Iterator[Task]:
    """Tasks for stdin (or another stream): blocks cut at newlines, or the one document it holds."""
    pending = stream.read(chunk_bytes)
    more = stream.read(chunk_bytes) if pending else b""
    if pending and not more and _is_one_multiline_document(pending):
        yield Task(index, name, None, ndjson=False, data=pending)
        return
    first_block = True
    # Read ahead one block: only the end of the stream (no more to read, not an empty
    # remainder after a cut, which a read ending on a newline gives) ends the last line.
    while pending or more:
        pending += more
        if more:
            cut = pending.rfind(b"\n") + 1
            more = stream.read(chunk_bytes)
            if cut == 0:  # one very long line: keep reading until it ends
                if len(pending) > MAX_STREAM_LINE_BYTES:
                    raise SchemaSmithError(
                        f"a line longer than {MAX_STREAM_LINE_BYTES // 2**20} MiB: not read further", file=name)
                continue
            block, pending = pending[:cut], pending[cut:]
        else:
            block, pending = pending, b""
        # start=0 marks the first block: a BOM is tolerated there, as at the start of a file.
        yield Task(index, name, None, ndjson=True, start=0 if first_block else -1, data=block)
        first_block = False


def _is_one_multiline_document(data: bytes) -> bool:
    lines = [line for line in data.split(b"\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        parse_document(lines[0])
        return False  # the first line is a document of its own: NDJSON
    except DocumentError:
        pass
    try:
        parse_document(data.removeprefix(b"\xef\xbb\xbf"))
    except DocumentError:
        return False
    return True
