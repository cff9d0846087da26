"""SIGINT and SIGTERM as an exception the commands clean up after, and a way to hold both off while
a step that must not be cut in half runs (the writer's renames, its roll-back).

A signal Python does not handle kills the process on the spot: no roll-back, no one-line message,
and the shell sees 143, not the 130/143 a command that stopped cleanly returns. So the commands turn
both signals into ``Interrupted``, a KeyboardInterrupt (code that already cleans up after Ctrl-C
cleans up after SIGTERM too) that carries the exit code to use.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``exit_code`` is 128 + the signal's number (130, 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def exit_code(error: KeyboardInterrupt) -> int:
    """130 for a plain KeyboardInterrupt (Python's own SIGINT handler), else the signal's code."""
    return error.exit_code if isinstance(error, Interrupted) else 128 + signal.SIGINT


# Set once a run's output is committed (write.write_all): a signal from then on is too late to stop
# it, and would only turn a finished run into an "interrupted" exit over the new output.
_committed = [False]


def _raise(signum: int, frame: Any) -> None:
    if not _committed[0]:
        raise Interrupted(signum)


def committed() -> None:
    """The run's output is written: SIGINT and SIGTERM no longer interrupt it."""
    _committed[0] = True


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def install() -> None:
    """From now on SIGINT and SIGTERM raise Interrupted (signal handlers exist in the main thread only)."""
    if _in_main_thread():
        _committed[0] = False
        for signum in SIGNALS:
            signal.signal(signum, _raise)


@contextmanager
def handled() -> Iterator[None]:
    """Interrupted is raised for SIGINT and SIGTERM inside the block; the previous handlers after it."""
    if not _in_main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    install()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[Callable[[], bool]]:
    """Hold SIGINT and SIGTERM off (blocked: the kernel keeps them pending) until the block ends.

    Yields a function that says whether one is waiting, so a long step can stop at a point of its
    choosing (and undo what it did) instead of wherever the signal lands. When the block ends, a
    pending signal is delivered and raises as usual.
    """
    if not _in_main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield lambda: False
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield lambda: bool(signal.sigpending() & SIGNALS)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def hold_until_exit() -> None:
    """Block SIGINT and SIGTERM for the rest of the process: the work is done (or its failure
    reported), and Python restores the default handlers while it shuts down, so a signal landing
    then would kill the process with a signal status instead of the exit code already chosen."""
    if _in_main_thread() and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
