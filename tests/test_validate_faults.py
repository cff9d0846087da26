"""Faults in `validate` (issue 12, items 8 and 10-15): a worker killed mid-run, the parent killed,
stdout closed or full, FIFOs, too many jobs, small files by the thousand, and the messages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, SCHEMA
from schemasmith.validate.job.parallel import ordered_map
from schemasmith.validate.job.run import ValidationRun

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}
BAD_EVERY = 500


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemasmith", "validate", "--schema", str(SCHEMA), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=timeout)


def big_ndjson(path: Path, lines: int) -> set[int]:
    """NDJSON with a bad line every BAD_EVERY lines; the bad lines' numbers."""
    valid, bad = json.dumps(VALID), json.dumps({**VALID, "duration": "long"})
    path.write_text("".join((bad if i % BAD_EVERY == 0 else valid) + "\n" for i in range(1, lines + 1)), "utf-8")
    return {i for i in range(1, lines + 1) if i % BAD_EVERY == 0}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for_workers(process: subprocess.Popen[str], count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        workers = children(process.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.01)
    raise AssertionError("the workers never started")


needs_two_cores = pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2 if hasattr(os, "sched_getaffinity") else True,
    reason="--jobs is capped at the usable cores: a worker pool needs two",
)
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc")


# --- 10. a worker killed ------------------------------------------------------------------------


@needs_two_cores
@needs_proc
@pytest.mark.xdist_group("faults")
def test_a_killed_worker_loses_only_its_part_and_the_run_finishes(tmp_path: Path) -> None:
    data = tmp_path / "big.ndjson"
    bad_lines = big_ndjson(data, 160_000)  # about 13 MB: 4 parts of 4 MiB
    for attempt in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "schemasmith", "validate", "--schema", str(SCHEMA), "--jobs", "2", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        )
        # A worker starts only with a part to validate (4 MiB: far longer than this wait), so it
        # is killed while holding one.
        victim = wait_for_workers(process, 1)[0]
        time.sleep(0.01)
        os.kill(victim, signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=300)
        if process.returncode != 2:
            continue  # the worker was between two parts: nothing lost (and the run was right): retry
        assert "Traceback" not in stderr, stderr
        lines = stderr.splitlines()
        assert len(lines) == 2, stderr
        prefix = f"schemasmith: error: {data}: not validated (lines "
        assert lines[0].startswith(prefix) and lines[0].endswith("the worker process validating it was killed by SIGKILL")
        first, last = map(int, lines[0][len(prefix):].split(")")[0].split("-"))
        assert "1 input(s) or part(s) not validated (a worker process died)" in lines[1]
        # Every other part was validated, with its own line numbers: exactly the bad lines outside the lost range.
        reported = {int(line.split(":")[1].split()[0]) for line in stdout.splitlines()}
        assert reported == {n for n in bad_lines if not first <= n <= last}, (first, last)
        return
    pytest.fail("three kills all landed between two parts")


def test_a_task_whose_worker_dies_is_reported_and_the_rest_are_done() -> None:
    results = list(ordered_map(_die_on_three, range(8), 2, _no_setup, (), cost=lambda task: 1,
                               died=lambda task, reason: f"{task} lost: {reason}"))
    assert results == [0, 1, 4, "3 lost: killed by SIGKILL", 16, 25, 36, 49]


def _die_on_three(task: int) -> int:
    if task == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return task * task


def _no_setup() -> None:
    pass


# --- 11. the parent killed ----------------------------------------------------------------------


@needs_two_cores
@needs_proc
@pytest.mark.xdist_group("faults")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    data = tmp_path / "big.ndjson"
    big_ndjson(data, 160_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "schemasmith", "validate", "--schema", str(SCHEMA), "--jobs", "2", str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
    )
    workers = wait_for_workers(process, 1)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in workers):
        time.sleep(0.05)
    assert all(not Path(f"/proc/{pid}").exists() or _state(pid) == "Z" for pid in workers), workers


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


# --- 12. stdout closed or full ------------------------------------------------------------------


@pytest.mark.parametrize("stdout", ["closed", "/dev/full"])
def test_stdout_closed_or_full_is_one_line_and_exit_2(tmp_path: Path, stdout: str) -> None:
    data = tmp_path / "bad.ndjson"
    big_ndjson(data, 20_000)
    command = [sys.executable, "-m", "schemasmith", "validate", "--schema", str(SCHEMA), str(data)]
    if stdout == "closed":
        result = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *command], capture_output=False,
                                stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120)
    else:
        with open("/dev/full", "w") as full:
            result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("stdout is closed" if stdout == "closed" else "No space left on device") in result.stderr


# --- 13. jobs capped, small files batched -------------------------------------------------------


def test_workers_start_only_as_there_is_work() -> None:
    pids = set(ordered_map(_pid, range(3), 1000, _no_setup, (), cost=lambda task: 10))
    assert len(pids) == 1  # three small tasks are one batch, for one worker


def test_ten_thousand_small_tasks_keep_their_order() -> None:
    results = list(ordered_map(_square, range(10_000), 2, _no_setup, (), cost=lambda task: 100))
    assert results == [n * n for n in range(10_000)]


def _pid(task: int) -> int:
    return os.getpid()


def _square(task: int) -> int:
    return task * task


def test_jobs_beyond_the_cores_are_capped(tmp_path: Path) -> None:
    files = [tmp_path / f"{i}.json" for i in range(3)]
    for path in files:
        path.write_text(json.dumps(VALID), "utf-8")
    script = (
        "import os, sys, multiprocessing\n"
        "from schemasmith.cli.entry import run\n"
        "started = []\n"
        "real = multiprocessing.process.BaseProcess.start\n"
        "def start(self):\n"
        "    started.append(1)\n"
        "    real(self)\n"
        "multiprocessing.process.BaseProcess.start = start\n"
        "import atexit\n"
        "atexit.register(lambda: os.write(2, f'workers: {len(started)}\\n'.encode()))\n"
        "sys.argv = ['schemasmith', 'validate', '--schema', sys.argv[1], '--jobs', '1000', *sys.argv[2:]]\n"
        "run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(SCHEMA), *map(str, files)],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "workers: 1\n" in result.stderr or "workers: 0\n" in result.stderr, result.stderr


# --- 8. FIFOs and devices -----------------------------------------------------------------------


def test_a_fifo_given_by_name_is_read_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "data.ndjson"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "schemasmith", "validate", "--schema", str(SCHEMA), str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    with open(fifo, "w") as writer:  # waits for the reader, as a pipe does
        writer.write(json.dumps(VALID) + "\n" + json.dumps({**VALID, "duration": "x"}) + "\n")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert stdout.startswith(f"{fifo}:2 at #/duration") and "2 document(s) in 1 file: 1 invalid" in stderr


def test_a_fifo_inside_a_folder_is_named_not_opened(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(VALID), "utf-8")
    os.mkfifo(tmp_path / "pipe.ndjson")
    result = cli(str(tmp_path), timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{tmp_path / 'pipe.ndjson'}: not a regular file" in result.stderr
    assert "1 document(s) in 1 file: all valid" in result.stderr


# --- 15. messages -------------------------------------------------------------------------------


def test_symlinked_subfolders_are_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.json").write_text(json.dumps({**VALID, "duration": "x"}), "utf-8")
    top = tmp_path / "top"
    top.mkdir()
    (top / "linked").symlink_to(real)
    (real / "loop").symlink_to(top)  # top/linked/loop -> top: a loop
    result = cli(str(top), timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{top / 'linked' / 'a.json'}:1 at #/duration")
    assert "1 document(s) in 1 file" in result.stderr


def test_a_file_deleted_mid_run_is_reported_once(tmp_path: Path) -> None:
    data = tmp_path / "big.ndjson"
    big_ndjson(data, 3000)
    run = ValidationRun([data], SCHEMA, chunk_bytes=4096)
    issues = iter(run)
    next(issues)  # the first part read, the rest still to come
    data.unlink()
    rest = list(issues)
    unreadable = [issue for issue in rest if issue.message.startswith("cannot read file")]
    assert len(unreadable) == 1 and run.summary.unreadable == 1, unreadable


def test_the_summary_after_max_errors_adds_up(tmp_path: Path) -> None:
    data = tmp_path / "bad.ndjson"
    big_ndjson(data, 20_000)
    result = cli("--max-errors", "1", str(data))
    assert result.returncode == 1
    assert "invalid (1 error(s))" not in result.stderr and "stopped after 1 error(s) (--max-errors)" in result.stderr


def test_a_non_utf8_file_name_shows_the_byte(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.ndjson")
    (tmp_path / name).write_text(json.dumps({**VALID, "duration": "x"}) + "\n", "utf-8")
    result = cli(str(tmp_path))
    assert "bad\\xff.ndjson:1 at #/duration" in result.stdout, result.stdout


def test_an_endless_stream_line_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from schemasmith.errors import SchemaSmithError
    from schemasmith.validate.job import sources

    monkeypatch.setattr(sources, "MAX_STREAM_LINE_BYTES", 1 << 20)
    with open("/dev/zero", "rb") as zero:
        run = ValidationRun(["-"], SCHEMA, stdin=zero, chunk_bytes=1 << 16)
        with pytest.raises(SchemaSmithError, match="a line longer than 1 MiB"):
            list(run)
