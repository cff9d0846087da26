"""Run tasks on worker processes, results in task order, with a bounded number in flight.

Only a few tasks are ever submitted ahead of the one being consumed, so a multi-GB input never
piles up in memory as queued work; stopping early (``--max-errors``) cancels what is queued.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2


def ordered_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> Generator[R, None, None]:
    """``map(function, tasks)`` on ``jobs`` processes (in this process when ``jobs`` is 1)."""
    if jobs <= 1:
        initializer(*initargs)
        for task in tasks:
            yield function(task)
        return
    # Imported only for a run with workers: it pulls in multiprocessing, pickle, sockets...
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs)
    pending: deque[Future[R]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(function, task))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
