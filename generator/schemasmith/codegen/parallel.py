"""Targets rendered in two processes for a big document (issue 21: GitHub's API description in
≤ 10 s): after the IR is built, a forked worker renders every target but the first while this
process renders the first (Python), and sends its files back through a pipe.

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
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Models and named types from which a worker pays off (GitHub's description has 3,000 and more; the
# Session schema 5): measured, forking and piping cost ~0.1 s, rendering 1,000 models ~1.5 s.
MIN_NAMED = 200

Files = dict[str, Any]  # path -> Content (str or bytes), as a target renders them


def render_targets(targets: Sequence[str], render_one: Callable[[str], Files], named: int) -> dict[str, Files]:
    """Each target's files, ``render_one(target)`` for each, in target order; the targets after
    the first in a forked worker when the document has ``named`` ≥ MIN_NAMED models and types."""
    if len(targets) < 2 or named < MIN_NAMED or not sys.platform.startswith("linux") or _cpus() < 2:
        return {target: render_one(target) for target in targets}
    here, there = list(targets[:1]), list(targets[1:])
    received: list[dict[str, Files]] = []
    read_fd, write_fd = os.pipe()
    gc.freeze()  # the worker's collections then leave the shared objects (and their pages) alone
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        return {target: render_one(target) for target in targets}
    if pid == 0:
        _worker(read_fd, write_fd, there, render_one)
    gc.unfreeze()
    os.close(write_fd)
    # A thread drains the pipe while this process renders: a worker blocked on a full pipe would
    # otherwise wait for us to finish first. pickle.load reads as the data comes (no second copy).
    reader = threading.Thread(target=_receive, args=(read_fd, received), daemon=True)
    reader.start()
    reaped = False
    try:
        results = {target: render_one(target) for target in here}
        reader.join()
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        if not reaped:  # interrupted, or an error here: the worker's work is not wanted
            _stop(pid)
    if os.waitstatus_to_exitcode(status) == 0 and received:
        results.update(received[0])
    else:
        results.update({target: render_one(target) for target in there})
    return {target: results[target] for target in targets}


def _worker(read_fd: int, write_fd: int, targets: list[str], render_one: Callable[[str], Files]) -> None:
    """The forked process: render, send, and leave without running the parent's exit handlers or
    flushing its buffered output (os._exit). Any failure is an exit code; the parent redoes it."""
    code = 1
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C reaches the whole group: just stop
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        files = {target: render_one(target) for target in targets}
        with os.fdopen(write_fd, "wb") as out:
            pickle.dump(files, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # noqa: BLE001 - reported by the exit code; the parent renders it again
        pass
    finally:
        os._exit(code)


def _receive(read_fd: int, received: list[dict[str, Files]]) -> None:
    with os.fdopen(read_fd, "rb") as pipe:
        try:
            received.append(pickle.load(pipe))
        except Exception:  # noqa: BLE001 - a worker that died mid-way: the parent renders its targets
            pass


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
