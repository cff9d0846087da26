"""The console script's end (cli/entry.py): the garbage collector's objects are frozen as the
process ends, so the interpreter's last collection does not trace everything a big run made
(issue 21); the exit handlers and the output are unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, SCHEMA

ENDING = """
import atexit, gc, sys
from schemasmith import interrupts
held = interrupts.hold_until_exit
def hold():
    print("frozen at the end:", gc.get_freeze_count() > 0, flush=True)
    held()
interrupts.hold_until_exit = hold
atexit.register(lambda: print("exit handlers ran", flush=True))
sys.argv = ["schemasmith", *sys.argv[1:]]
from schemasmith.cli.entry import run
run()
"""


def ending(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", ENDING, *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_the_collector_is_frozen_at_the_end_and_exit_handlers_still_run() -> None:
    result = ending("--version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "version" in lines[0]
    assert lines[1:] == ["frozen at the end: True", "exit handlers ran"]


def test_an_error_still_exits_with_its_code_and_one_line() -> None:
    result = ending("generate", str(SCHEMA.parent / "no-such.schema.json"), "--out", "unused")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == ["frozen at the end: True", "exit handlers ran"]


def test_a_generate_run_writes_everything_before_it_ends(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = ending("generate", str(SCHEMA), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "file(s) updated" in result.stderr
    assert (out / "python").is_dir() and (out / "typescript").is_dir() and (out / "docs").is_dir()
    assert not (out / ".schemasmith-journal").exists()
