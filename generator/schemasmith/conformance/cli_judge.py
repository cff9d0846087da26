"""The ``cli`` judge: ``schemasmith validate --format json`` as a user runs it, in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..validate.documents import BOM
from .verdicts import JudgeBroken, Payload, Verdict, last_line as _last_line, shorten

# The folder that holds the `schemasmith` package (for PYTHONPATH).
IMPORT_ROOT = Path(__file__).resolve().parents[2]
TOOL_TIMEOUT = 600


# When the CLI fails outright (exit 2: an internal error) on the batch, each payload gets a file of
# its own, so the failure names the payload; up to this many such payloads are singled out.
CLI_CRASH_LIMIT = 8
_CRASHED_FILE = re.compile(r"payload-(\d{6})\.(?:ndjson|json)\b")


def cli_judge(
    schema_path: Path | str, payloads: Sequence[Payload], directory: Path, ref_dirs: Sequence[str] = ()
) -> list[Verdict]:
    """``schemasmith validate --format json`` once over every payload (one NDJSON file, line by line).

    Should the CLI fail outright (exit 2) — which a payload never should make it do — the payloads
    are judged again one file each, in order, to single out those it fails on: each gets a crashed
    verdict naming the failure.
    """
    done, verdicts = _cli_batch(
        schema_path, payloads, range(len(payloads)), directory / "cli", one_file_each=False, ref_dirs=ref_dirs
    )
    if verdicts is not None:
        return [verdicts[index] for index in range(len(payloads))]
    failure = _last_line(done.stderr)
    found: dict[int, Verdict] = {}
    crashed: list[int] = []
    remaining = list(range(len(payloads)))
    while remaining:
        folder = directory / f"cli-single-{len(crashed)}"
        done, verdicts = _cli_batch(schema_path, payloads, remaining, folder, one_file_each=True, ref_dirs=ref_dirs)
        if verdicts is not None:
            found.update(verdicts)
            break
        match = _CRASHED_FILE.search(done.stderr.decode("utf-8", "replace"))
        if match is None or int(match.group(1)) not in remaining:
            raise JudgeBroken(f"`schemasmith validate` exited {done.returncode}: {_last_line(done.stderr)}")
        culprit = int(match.group(1))
        crashed.append(culprit)
        if len(crashed) > CLI_CRASH_LIMIT:
            names = "; ".join(payloads[i].name for i in crashed[:3])
            raise JudgeBroken(f"`schemasmith validate` fails outright (exit {done.returncode}) on more than "
                              f"{CLI_CRASH_LIMIT} payloads ({names}; ...): {failure}")
        reason = re.sub(r" while validating \S+", "", _last_line(done.stderr, limit=1000))
        found[culprit] = Verdict(False, ("",), f"`schemasmith validate` exited {done.returncode}: {reason}", crashed=True)
        # Files are validated in sorted order: those before the culprit were judged completely.
        for index, verdict in (_verdicts_before_crash(done, remaining, culprit) or {}).items():
            found[index] = verdict
        remaining = [i for i in remaining if i > culprit]
    return [found[index] for index in range(len(payloads))]


def _verdicts_before_crash(
    done: subprocess.CompletedProcess[bytes], remaining: list[int], culprit: int
) -> dict[int, Verdict]:
    """The verdicts on the one-payload files the CLI finished before failing on ``culprit``."""
    records = _records_by_index(done.stdout, lambda name, line: _file_index(name))
    return {i: _cli_verdict(records.get(i, [])) for i in remaining if i < culprit}


def _file_index(name: str) -> int:
    match = _CRASHED_FILE.fullmatch(name)
    if match is None:
        raise JudgeBroken(f"`schemasmith validate` reported an unexpected file: {name}")
    return int(match.group(1))


def _cli_batch(
    schema_path: Path | str,
    payloads: Sequence[Payload],
    indexes: Iterable[int],
    folder: Path,
    *,
    one_file_each: bool,
    ref_dirs: Sequence[str] = (),
) -> tuple[subprocess.CompletedProcess[bytes], dict[int, Verdict] | None]:
    """One run of the CLI over the payloads at ``indexes``; verdicts None when it exits 2 or worse."""
    folder.mkdir(parents=True, exist_ok=True)
    # Line 1 stays blank, so a payload's byte order mark is never "the start of the file" (which
    # the CLI tolerates); blank lines are skipped and line numbers kept.
    lines: list[bytes] = [b""]
    line_of: dict[int, int] = {}
    indexes = list(indexes)
    for index in indexes:
        data = payloads[index].data
        if b"\n" in data or b"\r" in data or not data.strip():
            # An NDJSON line cannot hold these (a blank line is skipped): a .json file each.
            (folder / f"payload-{index:06d}.json").write_bytes(b"\n" + data if data.startswith(BOM) else data)
        elif one_file_each:
            (folder / f"payload-{index:06d}.ndjson").write_bytes(b"\n" + data + b"\n")
        else:
            lines.append(data)
            line_of[len(lines)] = index
    if not one_file_each:
        (folder / "payloads.ndjson").write_bytes(b"\n".join(lines) + b"\n")
    command = [sys.executable, "-m", "schemasmith", "validate", "--format", "json",
               "--schema", absolute_schema_argument(schema_path), folder.name]
    for value in ref_dirs:
        command += ["--ref-dir", value]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(IMPORT_ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(command, capture_output=True, cwd=folder.parent, env=env, timeout=TOOL_TIMEOUT)
    if done.returncode not in (0, 1):
        return done, None

    def locate(name: str, line: int | None) -> int:
        if name == "payloads.ndjson":
            if line not in line_of:
                raise JudgeBroken(f"`schemasmith validate` reported an unexpected line: {name}:{line}")
            return line_of[line]
        return _file_index(name)

    records = _records_by_index(done.stdout, locate)
    if (done.returncode == 1) != bool(records):
        raise JudgeBroken(f"`schemasmith validate` exited {done.returncode} with {len(records)} invalid payload(s)")
    return done, {index: _cli_verdict(records.get(index, [])) for index in indexes}


def absolute_schema_argument(schema_path: Path | str) -> str:
    """``--schema`` for a process in another folder: the file made absolute, a ``#/pointer`` kept."""
    from ..source.pick import fragment_of, split_schema_argument

    file, pointer = split_schema_argument(str(schema_path))
    return str(file.resolve()) + ("" if pointer is None else "#" + fragment_of(pointer))


def _records_by_index(stdout: bytes, locate: Callable[[str, int | None], int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for raw in stdout.splitlines():
        record = json.loads(raw)
        found.setdefault(locate(Path(record["file"]).name, record["line"]), []).append(record)
    return found


def _cli_verdict(records: list[dict[str, Any]]) -> Verdict:
    return Verdict(
        not records,
        tuple(r["pointer"] for r in records),
        "; ".join(shorten(r["message"], 200) for r in records[:3]),
        tuple(r["keyword"] for r in records),
    )
