"""All-or-nothing output: a journal in ``OUT/.schemasmith-journal`` that a run commits, and that
the next run rolls back if a run died halfway (SIGKILL, power loss, a crash).

1. Stage: every new file is written in full under ``new/`` (then made durable all at once,
   ``_sync_filesystem``); every file about to be
   replaced gets a second name (a hard link, else a copy) under ``old/``. Then ``journal`` lists
   what is about to change and is renamed into place: the commit point. Until then nothing under
   OUT has changed, and an interrupted run leaves only this folder, which the next run removes.
2. Commit: each staged file is renamed over its target (atomic per file), each file to delete is
   renamed into ``old/``. SIGINT and SIGTERM are held off meanwhile; one that arrives stops the
   renames and undoes those made (see ``write.write_all``).
3. Finish: ``journal`` is removed, then the folder.

Undoing is idempotent and needs only the folder: a staged file still under ``new/`` was not
renamed; one that is gone was, so its target gets ``old/`` back (or is removed, if it was new).
A run killed while undoing is undone again by the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import SchemaSmithError

JOURNAL_DIR = ".schemasmith-journal"
_JOURNAL = "journal"


@dataclass(frozen=True)
class Entry:
    path: str  # relative to OUT, forward slashes
    action: str  # "write" or "delete"
    had_old: bool = False  # a write over an existing file (whose old bytes are kept as old/N)


@dataclass(frozen=True)
class Write:
    """One file to put in place: its bytes, and the mode to keep (None: a new file, umask applies)."""

    path: str
    data: str | bytes  # text is encoded as UTF-8 when staged: one file's bytes at a time, not all at once
    mode: int | None


class Journal:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.root = out_dir / JOURNAL_DIR
        self.entries: list[Entry] = []
        self.folders: list[str] = []  # folders the commit creates, parents first
        # Paths as strings, joined with os.path: a run stages, renames and checks each of its
        # files several times (9,500 for GitHub's API description), and building a Path for
        # each was most of the writer's own CPU.
        self._out = os.fspath(out_dir)
        self._new_dir = os.path.join(self._out, JOURNAL_DIR, "new")
        self._old_dir = os.path.join(self._out, JOURNAL_DIR, "old")

    def _new(self, index: int) -> str:
        return os.path.join(self._new_dir, str(index))

    def _old(self, index: int) -> str:
        return os.path.join(self._old_dir, str(index))

    def _target(self, entry: Entry) -> str:
        return os.path.join(self._out, entry.path)

    def stage(self, writes: list[Write], deletes: list[str], folders: list[str]) -> None:
        """Write everything new beside OUT's files and commit the journal; OUT itself is unchanged."""
        self.folders = folders
        os.mkdir(self.root)
        os.mkdir(self.root / "new")
        os.mkdir(self.root / "old")
        for write in writes:
            index = len(self.entries)
            _write_file(self._new(index), write.data, write.mode)
            if write.mode is not None:
                _second_name(os.path.join(self._out, write.path), self._old(index))
            self.entries.append(Entry(write.path, "write", had_old=write.mode is not None))
        self.entries.extend(Entry(path, "delete") for path in deletes)
        # Every staged file durable before the commit point, in one call: an fsync per file was
        # 14 s of the 49 s GitHub's API description took to generate (9,500 files).
        _sync_filesystem(self.root)
        record = {"entries": [[e.path, e.action, e.had_old] for e in self.entries], "folders": folders}
        _write_file(self.root / "journal.tmp", json.dumps(record).encode("utf-8"), None)
        _fsync_file(self.root / "journal.tmp")
        os.rename(self.root / "journal.tmp", self.root / _JOURNAL)
        _fsync_folder(self.root)

    def commit_one(self, index: int) -> None:
        """Make change ``index`` (renames only; the folders are made by ``make_folders``)."""
        entry = self.entries[index]
        target = self._target(entry)
        try:
            if entry.action == "write":
                os.replace(self._new(index), target)
            else:
                os.replace(target, self._old(index))
        except OSError as exc:
            # Named by the file the user knows, not by the journal's staged copy.
            raise SchemaSmithError(f"cannot write output: {exc.strerror or exc}", file=str(target)) from None

    def make_folders(self) -> None:
        for folder in self.folders:
            try:
                os.mkdir(self.out_dir / folder)
            except FileExistsError:
                pass
            except OSError as exc:
                raise SchemaSmithError(
                    f"cannot create folder: {exc.strerror or exc}", file=str(self.out_dir / folder)
                ) from None

    def finish(self) -> None:
        """The run is complete: drop the journal (the commit is now final), then the old copies."""
        for parent in {os.path.dirname(self._target(e)) for e in self.entries}:
            if os.path.isdir(parent):
                _fsync_folder(parent)
        (self.root / _JOURNAL).unlink(missing_ok=True)
        _fsync_folder(self.root)
        shutil.rmtree(self.root, ignore_errors=True)

    def discard(self) -> None:
        """Before the commit point: nothing under OUT changed; remove what was staged."""
        shutil.rmtree(self.root, ignore_errors=True)

    def roll_back(self) -> int:
        """Undo every change made (idempotent); returns how many were undone."""
        undone = 0
        for index in reversed(range(len(self.entries))):
            entry = self.entries[index]
            target, new, old = self._target(entry), self._new(index), self._old(index)
            if entry.action == "write":
                if os.path.lexists(new):
                    continue  # never renamed
                if entry.had_old:
                    if os.path.lexists(old):
                        os.replace(old, target)
                        undone += 1
                elif os.path.lexists(target):
                    os.unlink(target)
                    undone += 1
            elif os.path.lexists(old):
                os.replace(old, target)
                undone += 1
        for folder in reversed(self.folders):
            try:
                os.rmdir(self.out_dir / folder)
            except OSError:
                pass  # not made by this run after all, or something else is in it now
        (self.root / _JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)
        return undone

    @classmethod
    def load(cls, out_dir: Path) -> Journal | None:
        """The journal a run left behind, or None if it never reached its commit point."""
        journal = cls(out_dir)
        try:
            record = json.loads((journal.root / _JOURNAL).read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise SchemaSmithError(f"cannot read the journal of an interrupted run: {exc}",
                                   file=str(journal.root / _JOURNAL)) from None
        journal.entries = [Entry(path, action, had_old) for path, action, had_old in record["entries"]]
        journal.folders = list(record["folders"])
        return journal


def pending(out_dir: Path) -> bool:
    """Whether a run left a journal (or a half-staged one) in OUT."""
    return os.path.lexists(out_dir / JOURNAL_DIR)


def recover(out_dir: Path) -> str | None:
    """Undo what an interrupted run left (call with the lock held); a message when there was any."""
    root = out_dir / JOURNAL_DIR
    if not os.path.lexists(root):
        return None
    if not stat.S_ISDIR(os.lstat(root).st_mode):
        raise SchemaSmithError("expected the journal folder of an interrupted run, found something else; "
                               "move it away", file=str(root))
    journal = Journal.load(out_dir)
    if journal is None:
        shutil.rmtree(root, ignore_errors=True)
        return f"removed the staged files of an interrupted run from {out_dir} (it had changed nothing)"
    undone = journal.roll_back()
    return f"undid an interrupted run in {out_dir}: {undone} change(s) rolled back, the previous output is back"


def _write_file(path: str | Path, data: str | bytes, mode: int | None) -> None:
    # 0o666 through os.open: the kernel applies the umask, as for any new file (mkstemp's 0600 did not).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)  # the file it replaces keeps its mode
        view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_filesystem(root: Path) -> None:
    """Make every file staged under ``root`` durable (data and names): Linux's ``syncfs`` on the
    filesystem that holds it, in one call; elsewhere an fsync of each staged file and folder."""
    if _syncfs(root):
        return
    for folder in (root / "new", root / "old"):
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False):
                _fsync_file(Path(entry.path))
        _fsync_folder(folder)


def _syncfs(root: Path) -> bool:
    """``syncfs(2)`` on ``root``'s filesystem; False where there is none (or it failed: then the
    caller syncs file by file, which reports the error with its file)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        # Since Linux 5.8 syncfs reports a writeback error of the filesystem (before: always 0).
        return int(syncfs(fd)) == 0
    finally:
        os.close(fd)


def _second_name(target: str, backup: str) -> None:
    """Keep the current bytes of ``target`` under ``backup``: a hard link (free), else a copy."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, backup, follow_symlinks=False)


def _fsync_folder(folder: str | Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot sync a folder; the renames are still atomic
    finally:
        os.close(fd)
