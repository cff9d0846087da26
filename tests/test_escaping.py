"""Escaping filters: hostile schema text stays inert in each output context."""

from __future__ import annotations

import ast
import unicodedata

import pytest
from markdown_it import MarkdownIt

from schemasmith import escaping

HOSTILE = [
    'plain',
    'quote " and \'single\'',
    '"""triple""" and \\ backslash \\',
    "ends with quote\"",
    "*/ comment end /* and // line",
    "line\nbreak\r\nand\rcarriage",
    "separators \u2028 \u2029 and NUL \x00 and bell \x07",
    "lone surrogate \ud800 here",
    "<script>alert(1)</script> | pipe | `tick`",
    "${template} `backtick`",
    "outside the BMP: \U0001f600 \U00010000 \U0010ffff",
    "```\nan unclosed fence\n~~~",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_python_string_literal_round_trips(text: str) -> None:
    assert ast.literal_eval(escaping.py_string(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_python_docstring_stays_one_string(text: str) -> None:
    source = f'def f() -> None:\n    """{escaping.py_docstring(text)}"""\n'
    tree = ast.parse(source)
    (function,) = tree.body
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 1
    source.encode("utf-8")  # no unencodable surrogate reaches the file


@pytest.mark.parametrize("text", HOSTILE)
def test_typescript_string_and_jsdoc(text: str) -> None:
    literal = escaping.ts_string(text)
    assert literal.startswith('"') and literal.endswith('"')
    assert "\n" not in literal and "\u2028" not in literal
    literal.encode("utf-8")
    doc = escaping.ts_jsdoc(text)
    assert "*/" not in doc
    doc.encode("utf-8")


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_cell_keeps_the_row_shape_and_has_no_html(text: str) -> None:
    row = f"| a | {escaping.md_cell(text)} | {escaping.md_code(text)} |"
    page = f"| x | y | z |\n| - | - | - |\n{row}\n"
    tokens = MarkdownIt("commonmark").enable("table").parse(page)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 3
    assert not [t for t in tokens if t.type == "html_block"]
    for child in (c for t in tokens if t.children for c in t.children):
        # The only HTML is the line break the escaper itself writes for a newline.
        assert child.type != "html_inline" or child.content == "<br/>", child.content


@pytest.mark.parametrize("text", HOSTILE)
def test_python_class_docstring_imports(text: str) -> None:
    """type() encodes a class's __doc__ as UTF-8: a lone surrogate there fails at import."""
    namespace: dict[str, object] = {}
    exec(f'class C:\n    """{escaping.py_docstring(text)}"""\n', namespace)


@pytest.mark.parametrize("text", HOSTILE)
def test_line_comments_stay_on_one_line(text: str) -> None:
    for comment in (escaping.py_comment(text), escaping.ts_comment(text)):
        assert len(comment.splitlines()) <= 1 and "\u2028" not in comment and "\u2029" not in comment
        comment.encode("utf-8")


def test_line_endings_are_normalized_before_unsafe_characters() -> None:
    assert escaping.ts_jsdoc("a\r\nb\rc") == "a\nb\nc"
    assert escaping.md_cell("a\r\nb") == "a<br/>b"
    assert escaping.md_text("a\r\nb") == "a\nb"


def test_prose_cannot_open_a_code_fence() -> None:
    page = escaping.md_text("Intro\n```js\nstill prose\n  ~~~\n") + "\n\n## Fields\n"
    tokens = MarkdownIt("commonmark").parse(page)
    assert not [t for t in tokens if t.type in ("fence", "code_block")]
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2"]


@pytest.mark.parametrize("text", [*HOSTILE, "esc \x1b[2K csi \x9b2K del \x7f", "bidi \u202e\u2066 \u200f \u061c bom \ufeff"])
def test_an_error_message_part_stays_one_printable_line(text: str) -> None:
    shown = escaping.one_line(text)
    reordering = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
    unsafe = [c for c in shown if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in reordering]
    assert not unsafe and len(shown.splitlines()) <= 1, repr(shown)
    shown.encode("utf-8")  # a lone surrogate would make the terminal write fail


def test_an_error_message_shows_what_was_escaped() -> None:
    assert escaping.one_line("x\ny\x1b[2K\rz\u2028 \\ é") == "x\\ny\\x1b[2K\\rz\\u2028 \\ é"
