"""The library functions other engines call (validate_lines, validate_range): the same issues as
`schemasmith validate` for the same lines."""

from __future__ import annotations

import json
import random
from pathlib import Path

from conftest import SCHEMA
from schemasmith.validate.job.partition import cached_validator, validate_lines, validate_range
from schemasmith.validate.job.run import ValidationRun

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}


def log(count: int) -> bytes:
    rng = random.Random(11)
    lines = []
    for i in range(1, count + 1):
        roll = rng.random()
        if roll < 0.05:
            lines.append("")
        elif roll < 0.1:
            lines.append('{"timestamp": ')
        elif roll < 0.2:
            lines.append(json.dumps(dict(VALID, duration="long", pad="x" * rng.randrange(200))))
        else:
            lines.append(json.dumps(dict(VALID, pad="y" * rng.randrange(200))))
    return ("\n".join(lines) + "\n").encode()


def expected(path: Path) -> list[tuple[object, ...]]:
    return [(i.line, i.pointer, i.message, i.keyword) for i in ValidationRun([str(path)], SCHEMA)]


def test_validate_lines_gives_the_runs_issues(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    path.write_bytes(log(3000))
    validator = cached_validator(str(SCHEMA))
    as_text = [line.decode() for line in path.read_bytes().splitlines()]
    found = [(i.line, i.pointer, i.message, i.keyword) for i in validate_lines(as_text, validator, str(path))]
    assert found == expected(path) != []
    # From bytes with their line endings, starting at a later line: numbers shift, nothing else.
    tail = path.read_bytes().splitlines(keepends=True)[1000:]
    shifted = [(i.line, i.pointer) for i in validate_lines(tail, validator, str(path), first_line=1001)]
    assert shifted == [(line, pointer) for line, pointer, *_ in expected(path) if line > 1000]


def test_ranges_cut_anywhere_cover_every_line_once(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    path.write_bytes(log(2000))
    size = path.stat().st_size
    validator = cached_validator(str(SCHEMA))
    rng = random.Random(5)
    cuts = sorted({0, size, *(rng.randrange(size) for _ in range(40))})
    found = []
    lines_before = 0
    for start, end in zip(cuts, cuts[1:]):
        issues, _, newlines = validate_range(str(path), start, end, validator)
        found += [(i.line + lines_before, i.pointer, i.message, i.keyword) for i in issues]
        lines_before += newlines
    assert found == expected(path) != []
    assert lines_before == 2000


def test_validate_range_reads_urls(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    path.write_bytes(log(300))
    validator = cached_validator(str(SCHEMA))
    issues, _, newlines = validate_range(f"file://{path}", 0, path.stat().st_size, validator)
    assert [(i.line, i.pointer) for i in issues] == [(line, pointer) for line, pointer, *_ in expected(path)]
    assert newlines == 300
