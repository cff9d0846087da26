"""The package layout's import scans (targets/python/package.py, targets/typescript/package.py) read
a module's names with one regular expression each. Their patterns are written for speed (issue 21:
GitHub's API description scans 43 MB of Python and 37 MB of TypeScript); these tests hold them to
the plain forms they replaced (strings and comments one character at a time through an alternation,
a name without the characters after it) on tricky text, random text, and every golden file."""

from __future__ import annotations

import random
import re

import pytest

from conftest import REPO
from schemasmith.targets.python import package
from schemasmith.targets.typescript import package as ts_package

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


# The definitions' plain form: at a line's start in multi-line mode.
DEFINITION_PLAIN = re.compile(r"^(?:(?:class|def) ([A-Za-z_]\w*)|([A-Za-z_]\w*)(?=\s*(?::|=[^=])))", re.MULTILINE)

# The TypeScript scan's plain form.
TS_PLAIN = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|([A-Za-z_$][\w$]*)', re.DOTALL)

TS_TRICKY = [
    "/* a * b ** c */ x /** doc */ y /* never closed\nz",
    "/*/ still a comment */ w /**/ v /***/ u",
    '"a\\"b" c \'d\\\'e\' f "line\\\ncontinued" g',
    '"unterminated\nnext 9lives $dollar _under a.b.c',
    "x // comment Name\nReal // again",
    "1e5 0xFF 12abc $ $$ a$b",
    "`template ${Model}` t",
    "a/b/c /d/ 'q' \"\"",
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


def golden_typescript() -> list[str]:
    return [path.read_text("utf-8") for path in sorted((REPO / "tests" / "golden").rglob("*.ts"))]


@pytest.mark.parametrize("text", TS_TRICKY)
def test_the_typescript_scans_tokens_are_the_plain_forms(text: str) -> None:
    assert ts_package._TOKEN.findall(text) == TS_PLAIN.findall(text)


def test_the_golden_typescript_files_scan_as_with_the_plain_form() -> None:
    texts = golden_typescript()
    assert len(texts) > 10
    for text in texts:
        assert ts_package._TOKEN.findall(text) == TS_PLAIN.findall(text)


# Random text over the characters the patterns treat specially, with some words among them.
PIECES = ['"', "'", '"""', "\\", "\n", "#", "/", "*", "/*", "*/", "//", "f", "F", "f\"", ".", " ", "$", "_",
          "0", "9", "a", "Name", "x1", "{", "}", "(", "=", ":", "\t", "é"]


def random_texts(count: int) -> list[str]:
    rng = random.Random(21)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_random_text_scans_as_with_the_plain_forms() -> None:
    for text in random_texts(3000):
        assert package._TOKEN.findall(text) == PLAIN.findall(text), text
        assert ts_package._TOKEN.findall(text) == TS_PLAIN.findall(text), text


def test_definitions_are_found_as_with_the_plain_form() -> None:
    texts = [*golden_python(), *random_texts(3000), *TRICKY, "x = 1", "\nclass A:\n", "y\n= 2\nz ==3\ndef f(): pass"]
    for text in texts:
        assert package._DEFINITION.findall("\n" + text) == DEFINITION_PLAIN.findall(text), text
    assert package._defined("a: int = 1\nclass B:\n    c = 2\ndef d(): ...\ne == f\n") == {"a", "B", "d"}
