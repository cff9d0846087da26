"""codegen/write.relative_parts, the writer's fast check of an output path (each of GitHub's
9,500 paths is checked several times): it must refuse and split exactly as safe_relative_path does."""

from __future__ import annotations

import pytest

from schemasmith.codegen.write import relative_parts, safe_relative_path
from schemasmith.errors import SchemaSmithError


PATHS = ["python/a.py", "a//b", "./a", "a/./b", "../a", "a/..", "/abs", "", ".", "a:b", "a\\b", "a\x00b",
         "docs/Model.md", "a/b/c/d.ts", "a/", "é/ü.py"]


@pytest.mark.parametrize("path", PATHS)
def test_relative_parts_checks_as_safe_relative_path(path: str) -> None:
    try:
        expected: list[str] | None = list(safe_relative_path(path).parts)
    except SchemaSmithError:
        expected = None
    try:
        got: list[str] | None = relative_parts(path)
    except SchemaSmithError:
        got = None
    assert got == expected
