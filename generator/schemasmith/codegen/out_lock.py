"""One run at a time per output folder: an advisory lock (flock) on the folder itself.

Two runs writing one --out would mix their outputs and trip over each other's journal. The lock is
taken on the folder's own descriptor, so no lock file is left behind, and the kernel drops it when
the process ends however it ends (SIGKILL included): a stale lock cannot block the next run.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; runs are not serialised there
    fcntl = None  # type: ignore[assignment]


@contextmanager
def locked(out_dir: Path, notify: Callable[[str], None], *, shared: bool = False) -> Iterator[None]:
    """Hold the lock on ``out_dir`` (which must exist); wait, saying so once, if another run holds it.

    ``shared``: a reader (``--check``) that only needs no writer to be halfway through.
    """
    if fcntl is None:
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            notify(f"another schemasmith run is writing {out_dir}; waiting for it to finish (Ctrl-C to stop)")
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
