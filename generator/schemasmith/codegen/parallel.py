"""Targets rendered in two processes for a big document (issue 21: GitHub's API description in
≤ 10 s): after the IR is built, a forked worker renders every target but the first while this
process renders the first (Python), and leaves its files in a temporary file read after it exits.

The output does not depend on it: each target renders from the same IR with the same code, and the
files are merged in target order, as the serial loop has them (tests/test_parallel_render.py).
Anything the worker cannot do (an error, a signal, running out of memory) makes this process
render those targets itself, so an error is raised here, as one line, exactly as without a worker.

Only where ``fork`` is the platform's own (Linux): the worker shares the IR's memory pages instead of
rebuilding them, and ``gc.freeze`` keeps its garbage collector from touching (and so copying) them.
A small document renders in this process: a fork costs more than its rendering.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import IO, Any

# Models and named types from which a worker pays off (GitHub's description has 3,000 and more; the
# Session schema 5): measured, forking and piping cost ~0.1 s, rendering 1,000 models ~1.5 s.
MIN_NAMED = 200

Files = dict[str, Any]  # path -> Content (str or bytes), as a target renders them


def forks(count: int, named: int) -> bool:
    """Whether ``render_targets`` renders ``count`` targets in two processes for a document with
    ``named`` models and types."""
    return count >= 2 and bool(named) and named >= MIN_NAMED and sys.platform.startswith("linux") and _cpus() >= 2


def render_targets(targets: Sequence[str], render_one: Callable[[str], Files], named: int) -> dict[str, Files]:
    """Each target's files, ``render_one(target)`` for each, in target order; the targets after
    the first in a forked worker when the document has ``named`` ≥ MIN_NAMED models and types
    (0: never)."""
    if not forks(len(targets), named):
        return {target: render_one(target) for target in targets}
    here, there = list(targets[:1]), list(targets[1:])
    # The worker's files go through an unlinked temporary file, read once the worker has exited:
    # the two processes never hold the same text at once (through a pipe, both held the
    # TypeScript while it was sent: 517 MB summed for GitHub's description against 488 MB).
    with tempfile.TemporaryFile(prefix="schemasmith-") as spool:
        gc.freeze()  # the worker's collections then leave the shared objects (and their pages) alone
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            return {target: render_one(target) for target in targets}
        if pid == 0:
            _worker(spool, there, render_one)
        reaped = False
        try:
            # Still frozen here: this process's full collections skip the shared objects too.
            results = {target: render_one(target) for target in here}
            _, status = os.waitpid(pid, 0)
            reaped = True
        finally:
            gc.unfreeze()
            if not reaped:  # interrupted, or an error here: the worker's work is not wanted
                _stop(pid)
        received: dict[str, Files] | None = None
        if os.waitstatus_to_exitcode(status) == 0:
            spool.seek(0)
            try:
                received = pickle.load(spool)
            except Exception:  # noqa: BLE001 - cut short: the parent renders the worker's targets
                received = None
    if received is not None:
        results.update(received)
    else:
        results.update({target: render_one(target) for target in there})
    return {target: results[target] for target in targets}


def _worker(spool: IO[bytes], targets: list[str], render_one: Callable[[str], Files]) -> None:
    """The forked process: render, write to the spool, and leave without running the parent's exit
    handlers or flushing its buffered output (os._exit). Any failure is an exit code; the parent
    renders those targets again, and so raises their error itself."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C reaches the whole group: just stop
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        files = {target: render_one(target) for target in targets}
        pickle.dump(files, spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - reported by the exit code; the parent renders it again
        pass
    finally:
        os._exit(code)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _cpus() -> int:
    """The CPUs this process may run on (a container's limit, taskset): with one, a worker only
    adds the fork and the pipe to the same work."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
