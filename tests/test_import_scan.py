"""The package layout's import scan (targets/python/package.py) reads a module's names with one
regular expression. Its string patterns are written for speed (issue 21: GitHub's API description
scans 43 MB of Python); these tests hold them to the plain form they replaced, one character at a
time through an alternation, on tricky text and on every golden Python file."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from schemasmith.targets.python import package

# The form the scan had before: the same tokens, matched a character at a time.
PLAIN = re.compile(
    r'#[^\n]*|"""(?:[^\\]|\\.)*?"""|[fF]("(?:[^"\\\n]|\\.)*")|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|(?<![.\w])([A-Za-z_]\w*)",
    re.DOTALL,
)

TRICKY = [
    '"""a \\""" still inside""" after',
    '""""',
    '"""ends with a quote"""" tail',
    '"""never closed\nname',
    "'''single triple''' x",
    "'it\\'s' y",
    '"line\\\ncontinued" z',
    'f"{a.b}\\"{c}" d',
    'F"{Model}" rest',
    '"unterminated\nnext_line',
    "x = obj.attr  # Comment Name\nReal",
    "r\"raw\" b'bytes' u",
    '"" \'\' empty',
    "0x1F 1.5e3 _private",
]


def golden_python() -> list[str]:
    return [path.read_text("utf-8") for path in sorted((REPO / "tests" / "golden").rglob("*.py"))]


@pytest.mark.parametrize("text", TRICKY)
def test_the_scans_tokens_are_the_plain_forms(text: str) -> None:
    assert package._TOKEN.findall(text) == PLAIN.findall(text)


def test_the_golden_modules_scan_as_with_the_plain_form() -> None:
    texts = golden_python()
    assert len(texts) > 10
    for text in texts:
        assert package._TOKEN.findall(text) == PLAIN.findall(text)


def test_names_counts_each_token_once_and_reads_f_string_code() -> None:
    text = 'x = _check(a, "Model") + _check(b)  # Other\ny = f"{_fmt(Thing)}.{z.attr}"\n'
    assert package._names(text) == {"x", "_check", "a", "b", "y", "_fmt", "Thing", "z"}
