"""The fast path's comments (targets/python/fast_path.py) are wrapped as ``textwrap.wrap`` wraps
them; a text that fits skips textwrap's chunking (issue 21), which must not change a line."""

from __future__ import annotations

import random
import textwrap

import pytest

from schemasmith.targets.python.fast_path import comment_lines

PIECES = [" ", "  ", "a", "word", "-", "x-y", "\t", "\n", "\x0b", "\xa0", "é", "\\n", "values[3]: ", ",", "\u3000"]


def random_texts(count: int) -> list[str]:
    rng = random.Random(21)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("width", [1, 5, 20, 72])
def test_comment_lines_are_textwraps(width: int) -> None:
    for text in [*random_texts(2000), "", " ", "fits", " lead", "trail ", "x" * width, "x" * (width + 1)]:
        assert comment_lines(text, width) == textwrap.wrap(text, width, break_on_hyphens=False), (text, width)


def test_a_text_that_fits_is_its_own_line() -> None:
    assert comment_lines("values[0]: name, a finite float", 72) == ["values[0]: name, a finite float"]
