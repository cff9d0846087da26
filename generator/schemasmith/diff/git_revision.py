"""``--against REV``: the schema as it was at a git revision, read with git itself.

The schema's whole folder at REV is extracted to a temporary folder, so that ``$ref``s to sibling
files resolve to those files as they were at REV too, not to the working tree's.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ..errors import SchemaSmithError


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise SchemaSmithError("--against needs git, which was not found on PATH") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SchemaSmithError(f"git {' '.join(args[:2])} failed: {reason[-1] if reason else 'exit ' + str(done.returncode)}")
    return done.stdout


def schema_at_revision(path: Path, revision: str, scratch: Path) -> Path:
    """Write ``path`` as it was at ``revision`` (with its folder) under ``scratch``; return its copy."""
    if revision.startswith("-"):
        raise SchemaSmithError(f"--against {revision!r}: not a revision")
    folder = path.resolve().parent
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    relative = path.resolve().relative_to(top)
    listed = _git(["ls-tree", "--name-only", revision, "--", relative.as_posix()], top)
    if not listed.strip():
        raise SchemaSmithError(f"{relative.as_posix()} does not exist at revision {revision}", file=str(path))
    archive = _git(["archive", "--format=tar", revision, "--", relative.parent.as_posix() or "."], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]  # no links out of scratch
        tar.extractall(scratch, members=members, filter="data")
    return scratch / relative
