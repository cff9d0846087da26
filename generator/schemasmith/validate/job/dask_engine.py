"""``--engine dask``: the run's tasks on a Dask cluster, outcomes back in task order.

The main process still lists the inputs, cuts plain files (local or URL) into byte ranges that end
on a newline, and merges the outcomes exactly as a local run does, so the records, their order, the
summary and the exit code are those of ``--jobs N``. What changes is where a task runs:

- a byte range of a plain file is read by the worker itself (a local path must be readable at the
  same path on the workers: a shared filesystem, or a local cluster; a URL anywhere);
- a compressed file or URL, which cannot be cut by offset, is one task: the worker decompresses it
  and validates it block by block (so files spread across workers);
- stdin's blocks travel as data.

Each worker compiles the schema once (from its path when the worker can read it, else from the
schema document the task carries). A task whose worker dies (the scheduler retries it on another
worker, then gives up) or that fails on the cluster is one error for its input; the run goes on.
dask is imported only here, and only for ``--engine dask``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...errors import SchemaSmithError
from ..issues import Tally
from .remote import RemoteError, read_range
from .sources import Source, Task
from .streamed_sources import streamed_tasks

IN_FLIGHT_PER_WORKER = 4
# Bigger ranges than the local run's: a task costs the scheduler a millisecond or two.
DASK_CHUNK_BYTES = 16 * 1024 * 1024


def DaskEngineError(reason: str) -> SchemaSmithError:  # noqa: N802 - reads as the exception it builds
    """The cluster could not be started or reached: exit 2, one line."""
    return SchemaSmithError(reason)


def run_on_dask(
    tasks: Iterable[Task],
    sources: list[Source],
    worker_args: tuple[Any, ...],
    scheduler: str | None,
    workers: int,
) -> Generator[Any, None, None]:
    """The outcomes of ``tasks`` (run.py's ``_Outcome``), in task order, computed on the cluster."""
    from .run import _Outcome

    client, cluster = _connect(scheduler, workers)
    pending: deque[tuple[Task, Any]] = deque()
    try:
        in_flight = max(1, _worker_count(client) * IN_FLIGHT_PER_WORKER)
        for task in tasks:
            pending.append((task, _submit(client, task, sources, worker_args)))
            if len(pending) >= in_flight:
                yield from _results(*pending.popleft(), _Outcome)
        while pending:
            yield from _results(*pending.popleft(), _Outcome)
    finally:
        for _, future in pending:  # stopped early (--max-errors): drop what is queued
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    try:
        import distributed
    except ImportError:
        raise DaskEngineError("--engine dask needs dask.distributed (pip install 'schemasmith[dask]')") from None
    Client: Any = distributed.Client  # untyped
    LocalCluster: Any = distributed.LocalCluster
    # The cluster's own chatter (worker start-up, connection closed at shutdown) is not the run's output.
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if scheduler is None:
        try:
            with _forked_workers():
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.CRITICAL,
                )
            return Client(cluster), cluster
        except Exception as exc:  # noqa: BLE001 - one line, not a traceback
            raise DaskEngineError(f"cannot start a local Dask cluster: {type(exc).__name__}: {exc}") from None
    try:
        return Client(scheduler, timeout="15s"), None
    except Exception as exc:  # noqa: BLE001
        raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler}: {_reason(exc)}") from None


# The local cluster's own housekeeping, made rare: an idle cluster of 2 workers took ~0.12 of a core
# with Dask's defaults (each worker's statistical profiler sampling its threads every 10 ms, every
# server's event-loop tick every 20 ms, the system and memory monitors), CPU the validation competes
# for on the same cores, and the profiler's samples take the GIL from the running task. With these,
# ~0.01 (measured idle over 3 s: 0.36-0.41 CPU s, then 0.03-0.07). Nothing here reads the profiles
# or the dashboard; a worker past its memory limit is still stopped by its nanny, within a second.
LOCAL_CLUSTER_QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextlib.contextmanager
def _forked_workers() -> Iterator[None]:
    """Start the local cluster's worker processes by fork, not Dask's default spawn, on Linux.

    A spawned worker starts a new interpreter that imports distributed and the validator, then
    compiles the schema: ~0.7 s each before its first task, and its shutdown ~0.6 s more (measured
    on 2 cores: cluster up 1.9 s by spawn, 0.2 s by fork; first task 0.65 s, 0.02 s). A forked one
    is a copy of this process, which holds all of that already (run.py's worker validator, whose
    arguments the tasks carry, so it is not compiled again). Only the start-up is forked: a worker
    the nanny restarts later is spawned as usual. stdout and stderr are flushed first, so a copy of
    their buffers, written out when a worker exits, cannot repeat a line already reported. The
    cluster's housekeeping is made rare too (LOCAL_CLUSTER_QUIET), forked or not.
    """
    import multiprocessing

    import dask

    # Linux only: on macOS a forked process that had threads may crash in system libraries (the
    # reason Python spawns there by default).
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        with dask.config.set(LOCAL_CLUSTER_QUIET):
            yield
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    global _forking_workers, _fork_hook_registered
    if not _fork_hook_registered:
        os.register_at_fork(after_in_child=_as_a_spawned_worker)
        _fork_hook_registered = True
    _forking_workers = True
    try:
        with dask.config.set({"distributed.worker.multiprocessing-method": "fork", **LOCAL_CLUSTER_QUIET}):
            yield
    finally:
        _forking_workers = False


_forking_workers = False
_fork_hook_registered = False


def _as_a_spawned_worker() -> None:
    """In a forked worker: the signal handlers a spawned one starts with (SIGINT raises
    KeyboardInterrupt, SIGTERM ends it), not the CLI's, which turn both into an exception meant
    for the command (cli/entry.py) and would keep a worker its nanny terminates alive."""
    if _forking_workers:
        import signal

        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:  # not the main thread: nothing was inherited there to undo
            pass


def _worker_count(client: Any) -> int:
    try:
        return len(client.scheduler_info().get("workers", {})) or 1
    except Exception:  # noqa: BLE001 - only sizes the window of tasks in flight
        return 1


def _submit(client: Any, task: Task, sources: list[Source], worker_args: tuple[Any, ...]) -> Any:
    source = sources[task.source] if task.data is None and task.error is None else None
    # pure=False: two equal tasks (the same range of one file named twice) are still two tasks.
    return client.submit(validate_on_worker, task, source, worker_args, pure=False, retries=0,
                         key=f"schemasmith-{Path(task.name).name}-{task.start}-{_counter()}")


_submitted = 0


def _counter() -> int:
    global _submitted
    _submitted += 1
    return _submitted


def _results(task: Task, future: Any, outcome_class: Any) -> Iterator[Any]:
    try:
        outcomes = future.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection...: one error for the input
        where = "" if task.end < 0 else f" (bytes {task.start:,}-{task.end:,})"
        yield outcome_class(replace(task, data=None), Tally(), error=f"cannot validate on the Dask cluster{where}: "
                                                                    f"{_reason(exc)}")
        return
    yield from outcomes


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the worker running it died (KilledWorker)"
    return f"{name}: {text}" if text else name


# -- on the worker ----------------------------------------------------------------------------


def _schema_file_exists(schema_path: Any) -> bool:
    """Whether the worker can read the schema file (``--schema`` may end in a ``#/pointer``)."""
    from ...source.pick import split_schema_argument

    return split_schema_argument(str(schema_path))[0].exists()


def validate_on_worker(task: Task, source: Source | None, worker_args: tuple[Any, ...]) -> list[Any]:
    """One task's outcomes (several for a streamed source: one per block, lines relative to each)."""
    from . import run

    schema_path, schema, *options = worker_args  # options: strict, fast_path, ref_dirs, annotate_formats
    if schema_path is not None and _schema_file_exists(schema_path):
        run._start_worker(schema_path, None, *options)
    else:
        run._start_worker(None, schema, *options)
    if source is not None and source.url is not None and task.end < 0 or source is not None and source.compression:
        # A whole input the worker reads front to back (compressed, or a URL not cut into ranges).
        return [run._run_task(block) for block in _marked(streamed_tasks(task.source, source, DASK_CHUNK_BYTES), task)]
    if source is not None and source.url is not None:
        try:
            task = replace(task, data=read_range(source.url, task.start, task.end), path=None,
                           start=0 if task.start == 0 else -1)
        except RemoteError as exc:
            return [run._Outcome(task, Tally(), error=f"cannot read: {str(exc).removeprefix(source.url + ': ')}")]
    return [run._run_task(task)]


def _marked(tasks: Iterator[Task], like: Task) -> Iterator[Task]:
    return (replace(t, keep_invalid=like.keep_invalid) for t in tasks) if like.keep_invalid else tasks


# -- in the main process: a plain file at a URL, cut into byte ranges ---------------------------


def url_range_tasks(index: int, source: Source, chunk_bytes: int) -> Iterator[Task]:
    """Byte ranges of a plain NDJSON file at a URL, each ending on a newline (found by reading a
    little past each cut), so the workers read the ranges themselves. A server that cannot serve
    ranges (or a URL that cannot be sized) gives one task: the worker reads it front to back, and
    reports what went wrong, if anything."""
    assert source.url is not None
    whole = Task(index, source.name, None, ndjson=True)
    try:
        import fsspec

        from .remote import size

        total = size(source.url)
        cuts = [0]
        with fsspec.open(source.url, "rb", block_size=1 << 16) as handle:
            while cuts[-1] < total:
                cuts.append(_boundary(handle, cuts[-1] + chunk_bytes, total))
    except Exception:  # noqa: BLE001 - see the docstring
        yield whole
        return
    for start, end in zip(cuts, cuts[1:]):
        yield Task(index, source.name, None, ndjson=True, start=start, end=end)


def _boundary(handle: Any, position: int, total: int) -> int:
    if position >= total:
        return total
    handle.seek(position)
    while True:
        block = handle.read(1 << 16)
        if not block:
            return total
        newline = block.find(b"\n")
        if newline >= 0:
            return int(position + newline + 1)
        position += len(block)
