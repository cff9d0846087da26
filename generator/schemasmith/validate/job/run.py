"""A validation run over paths and stdin: tasks out to workers, issues back in input order.

``validate_paths`` is what the CLI calls; iterate the returned run for issues (line numbers already
absolute), then read ``run.summary``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ...defaults import DEFAULT_SCHEMA
from ...errors import SchemaSmithError
from ..issues import Issue, Tally
from .parallel import ordered_map
from .sources import CHUNK_BYTES, Source, Task, expand, file_tasks, read_task, stdin_tasks
from .quarantine import invalid_documents
from .streamed_sources import streamed_tasks
from ..validator import Validator

if TYPE_CHECKING:
    from ...source.refs import RefDirs



@dataclass
class Summary:
    """What a run found; ``exit_code`` follows the CLI contract (0 valid, 1 invalid, 2 I/O error)."""

    files: int = 0
    documents: int = 0
    invalid: int = 0
    blank_lines: int = 0
    issues: int = 0
    unreadable: int = 0
    not_validated: int = 0  # inputs (or parts) whose worker process died while validating them
    stopped_early: bool = False
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.unreadable or self.not_validated:
            return 2
        return 1 if self.invalid or self.stopped_early else 0


@dataclass(frozen=True)
class _Outcome:
    """What a worker sends back for one task (lines in ``tally`` count from the task's start)."""

    task: Task
    tally: Tally
    newlines: int = 0
    bytes_read: int = 0
    error: str | None = None  # this input could not be read
    fatal: str | None = None  # the run cannot go on (a schema problem found by a worker)
    invalid: list[tuple[int | None, bytes]] = field(default_factory=list)  # (line, document) for --invalid-out
    lost: str | None = None  # the worker validating this task died: why (not validated)


@dataclass
class Progress:
    """Counters the progress display reads while a run is going."""

    bytes_done: int = 0
    bytes_total: int = 0
    documents: int = 0
    invalid: int = 0
    started: float = field(default_factory=time.monotonic)


# Each worker process (or the calling process, with one job) holds one compiled validator, and
# the arguments it was built from: a worker forked from the process that built it already has it.
_worker_validator: Validator | None = None
_worker_arguments: tuple[Any, ...] | None = None


def _start_worker(
    schema_path: Path | str | None,
    schema: Any,
    strict: bool,
    fast_path: bool,
    ref_dirs: RefDirs | None = None,
    annotate_formats: bool = False,
) -> None:
    global _worker_validator, _worker_arguments
    arguments = (schema_path, schema, strict, fast_path, ref_dirs, annotate_formats)
    if _worker_validator is not None and _worker_arguments == arguments:
        return
    _worker_arguments = arguments
    _worker_validator = _build_validator(*arguments)


def _build_validator(
    schema_path: Path | str | None,
    schema: Any,
    strict: bool,
    fast_path: bool,
    ref_dirs: RefDirs | None,
    annotate_formats: bool,
) -> Validator:
    if schema is None and schema_path is not None:
        return Validator.from_path(
            schema_path, strict=strict, fast_path=fast_path, ref_dirs=ref_dirs, annotate_formats=annotate_formats
        )
    return Validator(schema, strict=strict, fast_path=fast_path, annotate_formats=annotate_formats)


def _run_task(task: Task, validator: Validator | None = None) -> _Outcome:
    """Validate one task with ``validator`` (in this process) or the worker's own validator."""
    # Nothing may escape a worker as an exception: it would reach the user as a traceback from the
    # pool. Problems travel back as data and are raised, or reported, by the main process.
    try:
        return _validate_task(task, validator or _worker_validator)
    except SchemaSmithError as exc:
        return _Outcome(task, Tally(), fatal=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        return _Outcome(task, Tally(), fatal=f"internal error while validating {task.name}: "
                                             f"{type(exc).__name__}: {exc}")


def _validate_task(task: Task, validator: Validator | None) -> _Outcome:
    assert validator is not None
    if task.error is not None:
        return _Outcome(task, Tally(), error=task.error)
    try:
        data = read_task(task)
    except OSError as exc:
        return _Outcome(task, Tally(), error=f"cannot read file: {exc.strerror or exc}")
    if task.syntax != "json":
        from ..structured import validate_structured

        tally, invalid = validate_structured(validator, data, task.name, task.syntax, task.keep_invalid)
        return _Outcome(_light(task), tally, bytes_read=_file_bytes(task, data), invalid=invalid)
    if not task.ndjson:
        tally = validator.validate_json(data, task.name)
        invalid = invalid_documents(data.removeprefix(b"\xef\xbb\xbf"), tally, False) if task.keep_invalid else []
        return _Outcome(_light(task), tally, bytes_read=_file_bytes(task, data), invalid=invalid)
    if task.start == 0:
        data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM is tolerated at the start of an input only
    tally = validator.validate_ndjson(data, task.name, first_line=1)
    invalid = invalid_documents(data, tally, True) if task.keep_invalid else []
    return _Outcome(_light(task), tally, newlines=tally.newlines, bytes_read=_file_bytes(task, data), invalid=invalid)


def _light(task: Task) -> Task:
    # The outcome goes back to the main process: without the block's bytes, which it does not need.
    return task if task.data is None else replace(task, data=b"")


def _file_bytes(task: Task, data: bytes) -> int:
    # Progress counts the bytes of plain files only: their sizes are the total it is a share of.
    return len(data) if task.data is None else 0


def _lost(task: Task, reason: str) -> _Outcome:
    """The outcome of a task whose worker process died: nothing validated, but its lines counted
    (read again here), so the lines of the rest of the file keep their numbers."""
    newlines = 0
    if task.ndjson:
        try:
            newlines = read_task(task).count(b"\n")
        except OSError:
            pass
    return _Outcome(task, Tally(), newlines=newlines, lost=f"the worker process validating it was {reason}")


def _task_cost(task: Task) -> int:
    """A task's size in bytes, for batching small files together."""
    if task.data is not None:
        return len(task.data)
    if task.end >= 0:
        return task.end - task.start
    try:
        return os.stat(task.path).st_size if task.path is not None else 0
    except OSError:
        return 0


class ValidationRun:
    """An iterable of issues over the given inputs; ``summary`` is complete once it is exhausted."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        schema_path: Path | str | None = DEFAULT_SCHEMA,
        *,
        schema: Any = None,
        jobs: int = 1,
        strict: bool = False,
        max_errors: int | None = None,
        fast_path: bool = True,
        stdin: BinaryIO | None = None,
        chunk_bytes: int = CHUNK_BYTES,
        invalid_sink: Callable[[bytes], None] | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        ref_dirs: RefDirs | None = None,
        annotate_formats: bool = False,
    ) -> None:
        """Compile the schema now (SchemaSmithError, exit code 2, when it is broken).

        ``ref_dirs`` serve remote ``$ref``s (and custom ``$schema`` metaschemas) from local files, as
        ``generate --ref-dir`` does; ``annotate_formats`` makes ``format`` an annotation.
        ``engine`` "dask" runs the tasks on a Dask cluster: the one at ``scheduler`` (``tcp://…``),
        or a local cluster of ``jobs`` worker processes (dask_engine.py).
        """
        if schema is None and schema_path is None:
            raise ValueError("give schema_path or schema")
        self._worker_args = (
            schema_path if schema is None else None, schema, strict, fast_path, ref_dirs, annotate_formats
        )
        self._validator = _build_validator(*self._worker_args)
        self.reading = self._validator.reading  # which draft the schema is read as (validate --verbose)
        global _worker_validator, _worker_arguments
        _worker_validator, _worker_arguments = self._validator, self._worker_args
        self.sources, self._missing = expand([str(p) for p in paths])
        self._jobs = max(1, jobs)
        self._max_errors = max_errors
        self._stdin = stdin
        self._chunk_bytes = chunk_bytes
        self._invalid_sink = invalid_sink
        if engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {engine!r}")
        self._engine = engine
        self._scheduler = scheduler
        if engine == "dask" and chunk_bytes == CHUNK_BYTES:
            from .dask_engine import DASK_CHUNK_BYTES

            self._chunk_bytes = DASK_CHUNK_BYTES
        self.summary = Summary(files=len(self.sources))
        self.progress = Progress(bytes_total=sum(_size(s) for s in self.sources))

    def __iter__(self) -> Iterator[Issue]:
        started = time.monotonic()
        try:
            yield from self._issues()
        finally:
            self.summary.seconds = time.monotonic() - started

    def _issues(self) -> Iterator[Issue]:
        summary = self.summary
        for name, reason in self._missing:
            summary.unreadable += 1
            yield Issue(name, None, "", reason, None)
        lines_before = [0] * len(self.sources)
        read_errors: list[Issue] = []
        tasks = self._tasks(read_errors)
        # In this process the run's own validator is used directly (another run may have set the
        # workers' one since); worker processes use theirs.
        function = partial(_run_task, validator=self._validator) if self._jobs == 1 else _run_task
        outcomes: Generator[_Outcome, None, None]
        if self._engine == "dask":
            from .dask_engine import run_on_dask

            schema_path, _, *options = self._worker_args
            outcomes = run_on_dask(tasks, self.sources, (schema_path, self._validator.schema, *options),
                                   self._scheduler, self._jobs)
        else:
            outcomes = ordered_map(
                function, tasks, self._jobs, _start_worker, self._worker_args, cost=_task_cost, died=_lost
            )
        unreadable_sources: set[int] = set()
        try:
            for outcome in outcomes:
                yield from read_errors
                read_errors.clear()
                if outcome.fatal is not None:
                    raise SchemaSmithError(outcome.fatal)
                if outcome.error is not None:
                    # One line per input: a file deleted mid-run fails every one of its chunks.
                    if outcome.task.source not in unreadable_sources:
                        unreadable_sources.add(outcome.task.source)
                        summary.unreadable += 1
                        yield Issue(outcome.task.name, None, "", outcome.error, None)
                    continue
                if outcome.lost is not None:
                    summary.not_validated += 1
                    first = lines_before[outcome.task.source] + 1
                    lines_before[outcome.task.source] += outcome.newlines
                    where = f" (lines {first}-{first + outcome.newlines - 1})" if outcome.newlines > 1 else (
                        f" (line {first})" if outcome.newlines == 1 else "")
                    yield Issue(outcome.task.name, None, "", f"not validated{where}: {outcome.lost}", None)
                    continue
                tally = outcome.tally
                offset = lines_before[outcome.task.source]
                lines_before[outcome.task.source] += outcome.newlines
                summary.documents += tally.documents
                summary.invalid += tally.invalid
                summary.blank_lines += tally.blank_lines
                self.progress.bytes_done += outcome.bytes_read
                self.progress.documents = summary.documents
                self.progress.invalid = summary.invalid
                written = 0  # outcome.invalid[:written] are in the sink
                for issue in tally.issues:
                    if self._max_errors is not None and summary.issues >= self._max_errors:
                        summary.stopped_early = True
                        return
                    if self._invalid_sink is not None:
                        written = self._quarantine(outcome.invalid, written, issue.line)
                    summary.issues += 1
                    if outcome.task.ndjson and issue.line is not None:
                        # Built directly: dataclasses.replace costs ~5 us an issue (field introspection).
                        issue = Issue(issue.file, issue.line + offset, issue.pointer, issue.message, issue.keyword,
                                      issue.best_match)
                    yield issue
                if self._invalid_sink is not None:
                    self._quarantine(outcome.invalid, written, None)
            yield from read_errors
        finally:
            outcomes.close()

    def set_invalid_sink(self, sink: Callable[[bytes], None] | None) -> None:
        """Send every invalid document's bytes to ``sink`` (before iterating)."""
        self._invalid_sink = sink

    def _quarantine(self, invalid: list[tuple[int | None, bytes]], written: int, up_to: int | None) -> int:
        """Write the invalid documents up to the line of the issue about to be reported (all of
        them when ``up_to`` is None), so --max-errors stops the quarantine where it stops the report."""
        assert self._invalid_sink is not None
        while written < len(invalid):
            line = invalid[written][0]
            if up_to is not None and line is not None and line > up_to:
                break
            self._invalid_sink(invalid[written][1])
            written += 1
        return written

    def _tasks(self, read_errors: list[Issue]) -> Iterator[Task]:
        for index, source in enumerate(self.sources):
            if source.path is None and source.url is None:
                yield from self._marked(stdin_tasks(index, self._stdin or sys.stdin.buffer, self._chunk_bytes))
                continue
            if self._engine == "dask" and source.url is not None and source.compression is None and not source.sniff \
                    and source.ndjson:
                from .dask_engine import url_range_tasks

                yield from self._marked(url_range_tasks(index, source, self._chunk_bytes))
                continue
            if self._engine == "dask" and (source.streamed or source.url is not None):
                # One task: the worker opens (and decompresses) the input itself.
                yield from self._marked(iter([Task(index, source.name, None, ndjson=source.ndjson)]))
                continue
            if source.streamed or source.url is not None:
                yield from self._marked(streamed_tasks(index, source, self._chunk_bytes))
                continue
            if source.stream:
                # A FIFO or character device given by name (`<(zcat x.gz)`): read like stdin.
                assert source.path is not None
                try:
                    with open(source.path, "rb") as stream:
                        yield from self._marked(stdin_tasks(index, stream, self._chunk_bytes, name=source.name))
                except OSError as exc:
                    self.summary.unreadable += 1
                    read_errors.append(Issue(source.name, None, "", f"cannot read file: {exc.strerror or exc}", None))
                continue
            try:
                yield from self._marked(file_tasks(index, source, self._chunk_bytes))
            except OSError as exc:
                self.summary.unreadable += 1
                read_errors.append(Issue(source.name, None, "", f"cannot read file: {exc.strerror or exc}", None))


    def _marked(self, tasks: Iterator[Task]) -> Iterator[Task]:
        if self._invalid_sink is None:
            return tasks
        return (replace(task, keep_invalid=True) for task in tasks)


def _size(source: Source) -> int:
    try:
        return source.path.stat().st_size if source.path is not None and not source.streamed else 0
    except OSError:
        return 0


def validate_paths(
    paths: Sequence[str | Path],
    schema_path: Path | str | None = DEFAULT_SCHEMA,
    **options: Any,
) -> ValidationRun:
    """Validate files, directories and ``-`` (stdin) against a schema; see ValidationRun."""
    return ValidationRun(paths, schema_path, **options)


def validate_document(document: Any, schema_path: Path = DEFAULT_SCHEMA, *, strict: bool = False) -> list[Issue]:
    """Issues for one parsed document (compiles the schema each call: keep a Validator to reuse it)."""
    return Validator.from_path(schema_path, strict=strict).validate_document(document)


__all__ = ["SchemaSmithError", "Summary", "ValidationRun", "validate_document", "validate_paths"]
