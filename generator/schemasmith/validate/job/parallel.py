"""Run tasks on worker processes, results in task order, with a bounded number in flight.

A small pool of its own rather than concurrent.futures, for what a validation run needs:

- The parent knows which task each worker holds. A worker that dies (killed, out of memory) loses
  exactly that task: ``died`` turns it into a result (the run reports that input as not validated),
  the rest of the worker's batch goes to another worker, and a new worker takes its place. A
  ProcessPoolExecutor marks the whole pool broken instead, every task in flight lost.
- Workers die with the parent: PR_SET_PDEATHSIG on Linux, and elsewhere a check of the parent's pid
  while a worker waits for work. An orphaned worker would otherwise wait on its pipe forever (its
  siblings, forked later, hold the pipe's other end open).
- Workers start only as there is work for them (``--jobs 64`` on one file starts one), and small
  tasks travel in batches (``cost``), so 10,000 small files are not 10,000 round trips.
- Workers ignore SIGINT: Ctrl-C reaches the whole process group, and the parent alone decides
  (it stops them when its generator is closed).

Only a few batches are handed out ahead of the result being consumed, so a multi-GB input never
piles up in memory as queued work; stopping early (``--max-errors``) stops the workers.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

# A batch ends at this many tasks or this much estimated work (bytes of input), whichever first:
# large enough that a round trip (pickling, a wake-up) is small beside the work, small enough
# that the workers share the end of a run evenly.
BATCH_TASKS = 64
BATCH_COST = 1024 * 1024
# Tasks handed out ahead of the one whose result is awaited, per worker.
AHEAD_PER_WORKER = 2 * BATCH_TASKS
# How often a waiting worker checks that its parent is still there (where PDEATHSIG is missing).
PARENT_CHECK_SECONDS = 1.0


def ordered_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    *,
    cost: Callable[[T], int] | None = None,
    died: Callable[[T, str], R] | None = None,
) -> Generator[R, None, None]:
    """``map(function, tasks)`` on up to ``jobs`` processes (in this process when ``jobs`` is 1).

    ``cost``: a task's estimated size, for batching (default: every task is a batch of its own).
    ``died``: the result for a task whose worker died while holding it (default: RuntimeError).
    """
    if jobs <= 1:
        initializer(*initargs)
        for task in tasks:
            yield function(task)
        return
    pool: _Pool[T, R] = _Pool(function, jobs, initializer, initargs, cost, died)
    try:
        yield from pool.run(iter(tasks))
    finally:
        pool.stop()


class _Worker(Generic[T]):
    # A plain class: a dataclass costs ~1 ms of every run's start-up.
    __slots__ = ("process", "connection", "position", "held")

    def __init__(self, process: BaseProcess, connection: Connection, position: Any) -> None:
        self.process = process
        self.connection = connection
        self.position = position  # shared memory: the index, in its batch, of the task the worker is on
        self.held: deque[tuple[int, T]] = deque()  # its batch, handed out, no result yet


class _Pool(Generic[T, R]):
    def __init__(
        self,
        function: Callable[[T], R],
        jobs: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        cost: Callable[[T], int] | None,
        died: Callable[[T, str], R] | None,
    ) -> None:
        import multiprocessing

        self._context = multiprocessing.get_context()
        self._function = function
        self._jobs = jobs
        self._initializer = initializer
        self._initargs = initargs
        self._cost = cost
        self._died = died
        self._workers: list[_Worker[T]] = []
        self._retry: deque[tuple[int, T]] = deque()  # tasks of a dead worker's batch, handed out again
        self._results: dict[int, R] = {}
        self._submitted = 0
        self._exhausted = False

    def run(self, tasks: Iterator[T]) -> Iterator[R]:
        from multiprocessing.connection import wait

        next_index = 0
        while True:
            self._hand_out(tasks, next_index)
            if next_index in self._results:
                yield self._results.pop(next_index)
                next_index += 1
                continue
            busy = [w for w in self._workers if w.held]
            if not busy:
                if self._exhausted and not self._retry:
                    return
                continue  # retried tasks are waiting for a worker: hand them out
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker)

    def _hand_out(self, tasks: Iterator[T], next_index: int) -> None:
        while self._retry or not self._exhausted:
            if self._submitted - next_index >= self._jobs * AHEAD_PER_WORKER and not self._retry:
                return
            idle = next((w for w in self._workers if not w.held), None)
            if idle is None:
                if len(self._workers) >= self._jobs:
                    return
            batch = self._batch(tasks)
            if not batch:
                return
            worker = idle or self._start_worker()
            worker.held.extend(batch)
            try:
                worker.connection.send([task for _, task in batch])
            except OSError:
                pass  # it died: its sentinel says so, and _collect hands the batch out again

    def _batch(self, tasks: Iterator[T]) -> list[tuple[int, T]]:
        batch: list[tuple[int, T]] = []
        total = 0
        while len(batch) < BATCH_TASKS and total < BATCH_COST:
            if self._retry:
                item = self._retry.popleft()
            else:
                if self._exhausted:
                    break
                try:
                    task = next(tasks)
                except StopIteration:
                    self._exhausted = True
                    break
                item = (self._submitted, task)
                self._submitted += 1
            batch.append(item)
            if self._cost is None:
                break
            total += self._cost(item[1])
        return batch

    def _start_worker(self) -> _Worker[T]:
        parent_end, child_end = self._context.Pipe(duplex=True)
        position = self._context.RawValue("q", 0)
        process = self._context.Process(
            target=_worker_main,
            args=(child_end, position, self._function, self._initializer, self._initargs, os.getpid()),
            name="schemasmith-validate-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        worker: _Worker[T] = _Worker(process, parent_end, position)
        self._workers.append(worker)
        return worker

    def _collect(self, worker: _Worker[T]) -> None:
        """Take what ``worker`` sent; if it died, turn the task it held into a ``died`` result."""
        try:
            if worker.held and worker.connection.poll():
                for result in worker.connection.recv():  # a batch's results, in one message
                    index, _ = worker.held.popleft()
                    self._results[index] = result
        except (EOFError, OSError):
            pass  # its end of the pipe closed: it is gone
        else:
            if worker.process.is_alive():
                return
        # The worker is gone. Its position says which task of its batch it was on: that one is
        # lost; the others (done before it, their results lost with the worker, or not started)
        # are handed out again.
        worker.process.join()
        self._workers.remove(worker)
        worker.connection.close()
        if not worker.held:
            return
        held = list(worker.held)
        worker.held.clear()
        on = min(max(int(worker.position.value), 0), len(held) - 1)
        index, task = held.pop(on)
        reason = _death(worker.process.exitcode)
        if self._died is None:
            raise RuntimeError(f"a worker process died ({reason})")
        self._results[index] = self._died(task, reason)
        self._retry.extendleft(reversed(held))

    def stop(self) -> None:
        """Stop every worker now (the run ended, was stopped early, or was interrupted)."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self._workers:
            worker.process.join()
            worker.connection.close()
        self._workers.clear()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


def _worker_main(
    connection: Connection,
    position: Any,
    function: Callable[[Any], Any],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    parent: int,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    initializer(*initargs)
    while True:
        try:
            if not connection.poll(PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return
                continue
            batch = connection.recv()
        except (EOFError, OSError):
            return
        results = []
        for number, task in enumerate(batch):
            position.value = number  # a plain store to shared memory: no system call per task
            results.append(function(task))
        try:
            connection.send(results)
        except OSError:
            return


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when the parent dies (then check it has not already)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the parent check while waiting for work still applies
    if os.getppid() != parent:
        os._exit(0)
