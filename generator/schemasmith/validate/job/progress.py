"""A one-line progress display on stderr for long runs, only when stderr is a terminal."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from .run import Progress

# Short runs finish before anything is drawn; after that the line is redrawn a few times a second.
START_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.25


class ProgressDisplay:
    """Redraws ``progress`` on a background thread until ``stop()``; a no-op unless ``stream`` is a TTY."""

    def __init__(self, progress: Progress, stream: TextIO | None = None) -> None:
        self._progress = progress
        self._stream = stream or sys.stderr
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> ProgressDisplay:
        if self._stream.isatty():
            self._thread = threading.Thread(target=self._loop, name="schemasmith-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()

    def _loop(self) -> None:
        if self._stop.wait(START_AFTER_SECONDS):
            return
        while not self._stop.is_set():
            self._stream.write("\r\033[K" + describe(self._progress))
            self._stream.flush()
            self._drawn = True
            self._stop.wait(REDRAW_SECONDS)


def describe(progress: Progress) -> str:
    elapsed = max(time.monotonic() - progress.started, 1e-9)
    parts = [f"validating: {progress.documents:,} documents, {progress.invalid:,} invalid"]
    if progress.bytes_total:
        share = min(progress.bytes_done / progress.bytes_total, 1.0)
        parts.append(f"{_size(progress.bytes_done)} of {_size(progress.bytes_total)} ({share:.0%})")
    parts.append(f"{progress.documents / elapsed:,.0f} docs/s")
    return ", ".join(parts)


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return f"{count} B"
